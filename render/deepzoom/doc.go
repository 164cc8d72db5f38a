// Package deepzoom writes a picture of any size as a Deep Zoom image
// pyramid (DZI): an XML descriptor NAME.dzi beside a folder NAME_files/
// holding one folder per level, level L being the picture scaled by
// 2^(L−Max) (rounded up), Max = ⌈log2(max(W, H))⌉, so level 0 is one pixel
// and level Max is full size; each level is cut into square tiles named
// COL_ROW.png. OpenSeadragon, QuPath, most slide and map viewers and many
// other tools open it.
//
// The pyramid is made without ever holding the picture: the full-size
// tiles are asked of a Region function one at a time, and every coarser
// tile is the 2×2 box average of the (up to) four finer tiles below it,
// built depth first, so memory stays at a few tiles per level whatever the
// size. Tiles have no overlap (the format allows 0), which keeps every
// tile the exact average of its children.
package deepzoom
