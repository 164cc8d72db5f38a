package main

// neurbf merge: the tiles of a tiled fit made into one multi-tile
// snapshot, after checking they are all there and all of one image and
// grid.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/cli"
)

func cmdMerge(args []string, stdout, stderr io.Writer) error {
	c := newCommand("merge", "neurbf merge DIR -o MODEL.nrbf\n\n"+
		"Merges the tiles of a tiled fit (fit image --tiles RxC -o DIR) into one snapshot that\n"+
		"render, eval, info and the viewer treat as one field, blending neighbouring tiles across\n"+
		"their overlap. Every tile of the grid must be in DIR, each fitted to the same image (its\n"+
		"SHA-256) with the same grid and overlap; otherwise merge names what is wrong and writes\n"+
		"nothing.", stdout)
	out := c.String("o", "", "output snapshot `file` (default: DIR/model.nrbf)")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return cli.Usagef("merge needs one DIR, the -o of fit image --tiles")
	}
	path := *out
	if path == "" {
		path = filepath.Join(pos[0], "model.nrbf")
	}
	_, _, err = mergeDir(pos[0], path, args, stdout)
	return err
}

// tileName matches a tile's snapshot file name, capturing its index.
var tileName = regexp.MustCompile(`^tile-(0|[1-9][0-9]*)\.nrbf$`)

// mergeDir merges the tiles in dir into the snapshot out, refusing with
// one line (starting "merge: ") a set that is incomplete, damaged or of
// more than one image or grid. args is the merge's command line for its
// provenance.
func mergeDir(dir, out string, args []string, stdout io.Writer) (*field.Model, field.SnapshotHeader, error) {
	var hdr field.SnapshotHeader
	fail := func(format string, a ...any) (*field.Model, field.SnapshotHeader, error) {
		return nil, hdr, fmt.Errorf("merge: "+format, a...)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fail("%w", err)
	}
	// The tiles present, by index; the first sets the grid the others
	// must share.
	found := map[int]field.SnapshotHeader{}
	var idx []int
	for _, e := range entries {
		m := tileName.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		i, err := strconv.Atoi(m[1])
		if err != nil {
			continue
		}
		h, err := field.LoadHeader(filepath.Join(dir, e.Name()))
		if err != nil {
			return fail("%v; delete it and fit tile %d again", err, i)
		}
		if h.Tile == nil {
			return fail("%s is not a tile's snapshot (its header has no tile)", filepath.Join(dir, e.Name()))
		}
		found[i] = h
		idx = append(idx, i)
	}
	if len(idx) == 0 {
		return fail("%s: no tile-I.nrbf files; fit the tiles first (fit image --tiles RxC -o %s)", dir, dir)
	}
	slices.Sort(idx)
	ref := found[idx[0]].Tile
	g := ref.Grid
	for _, i := range idx {
		if why := tileMismatch(found[i], i, g, ref.ImageSHA256); why != "" {
			return fail("%s: %s %s (%s is the first tile)", dir, tileFile(i), why, tileFile(idx[0]))
		}
		if i >= g.Count() {
			return fail("%s: %s is outside its %s grid (tiles 0 to %d)", dir, tileFile(i), g, g.Count()-1)
		}
	}
	var missing []string
	for i := range g.Count() {
		if _, ok := found[i]; !ok {
			missing = append(missing, tileFile(i))
		}
	}
	if len(missing) > 0 {
		list := missing
		if len(list) > 8 {
			list = append(list[:8:8], "…")
		}
		return fail("%s: %d of %d tiles missing (%s); rerun the tiles first", dir, len(missing), g.Count(), strings.Join(list, ", "))
	}
	info := field.Tiling{Grid: g, ImageSHA256: ref.ImageSHA256}
	tiles := make([]*field.Model, g.Count())
	for i := range tiles {
		m, h, err := field.Load(filepath.Join(dir, tileFile(i)))
		if err != nil {
			return fail("%v", err)
		}
		tiles[i] = m
		info.Tiles = append(info.Tiles, field.TileRecord{Index: i, Steps: h.Steps, Seconds: h.Seconds, Provenance: h.Provenance})
		hdr.Steps += h.Steps
		hdr.Seconds += h.Seconds
	}
	m, err := field.Merge(info, tiles)
	if err != nil {
		return fail("%s: %v", dir, err)
	}
	input := ""
	if p := found[0].Provenance; p != nil {
		input = p.Input
	}
	hdr.Provenance = newProvenance(input, nil, []string{"merge"}, args)
	hdr.Provenance.InputSHA256 = info.ImageSHA256
	hdr.Provenance.Seed = m.Config.Train.Seed
	if err := m.SaveWithHeader(out, hdr); err != nil {
		return fail("%v", err)
	}
	fmt.Fprintf(stdout, "merged %d tiles (%s, overlap %d) of a %d×%d image into %s: %d trainable parameters, %d RBFs\n",
		g.Count(), g, g.Overlap, g.Width, g.Height, out, m.TrainableParams(), m.Config.RBFs)
	return m, hdr, nil
}
