// Package deepzoom writes a picture of any size as a Deep Zoom image
// pyramid (DZI): an XML descriptor NAME.dzi beside a folder NAME_files/
// holding one folder per level, level L being the picture scaled by
// 2^(L−Max) (rounded up), Max = ⌈log2(max(W, H))⌉, so level 0 is one pixel
// and level Max is full size; each level is cut into square tiles named
// COL_ROW.png. OpenSeadragon, QuPath, most slide and map viewers and many
// other tools open it.
//
// The pyramid is made without ever holding the picture: the full-size
// rows come in bands from top to bottom (Writer), or tile by tile from a
// Region function (Write), and every coarser level is the 2×2 box average
// of the level below, made as its rows complete, so memory stays at about
// two full-width rows of tiles whatever the height of the picture.
// Tiles have no overlap (the format allows 0), which keeps every
// tile the exact average of its children.
package deepzoom
