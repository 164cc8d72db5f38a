package deepzoom

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math/bits"
	"os"
	"path/filepath"
	"strings"

	"github.com/neurbf/neurbf/internal/atomicfile"
	"github.com/neurbf/neurbf/internal/parallel"
	"github.com/neurbf/neurbf/pixels"
)

// Region returns the full-size picture's pixels in columns [x, x+w) and
// rows [y, y+h), as a w×h image with the pyramid's channel count. It is
// called once for every full-size tile.
type Region func(x, y, w, h int) (*pixels.Image, error)

// Options shape a pyramid; zero fields take the defaults.
type Options struct {
	// TileSize is the side of a tile in pixels (default 256).
	TileSize int
	// PreviewMax, when positive, asks Write to also return the level
	// whose larger side is at most PreviewMax, assembled whole, as a
	// bounded-size preview of the picture.
	PreviewMax int
	// Progress, when set, is called after each tile is written with the
	// number written and the total.
	Progress func(done, total int)
}

// Levels returns Max, the index of a w×h picture's full-size level.
func Levels(w, h int) int {
	n := max(w, h)
	if n <= 1 {
		return 0
	}
	return bits.Len(uint(n - 1))
}

// LevelSize returns the size of level l of a w×h picture's pyramid.
func LevelSize(w, h, l int) (int, int) {
	s := uint(Levels(w, h) - l)
	return ceilShift(w, s), ceilShift(h, s)
}

func ceilShift(v int, s uint) int { return (v + (1 << s) - 1) >> s }

// Tiles returns how many tiles a w×h picture's pyramid has in all.
func Tiles(w, h, tileSize int) int {
	n := 0
	for l := 0; l <= Levels(w, h); l++ {
		lw, lh := LevelSize(w, h, l)
		n += ceilDiv(lw, tileSize) * ceilDiv(lh, tileSize)
	}
	return n
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// Write writes the pyramid of a w×h picture with c channels (1 or 3) as
// path (which must end in .dzi) and the folder beside it, asking region for
// the full-size pixels one tile at a time, a row of tiles after another.
// The folder is written under a temporary name and renamed into place at
// the end, replacing an older one, so a failed or interrupted run leaves no
// half pyramid under the final name. It returns the preview level (nil
// unless Options.PreviewMax is set).
func Write(path string, w, h, c int, region Region, o Options) (*pixels.Image, error) {
	pw, err := Create(path, w, h, c, o)
	if err != nil {
		return nil, err
	}
	defer pw.Abort() // a no-op after Close
	ts := pw.ts
	band := pixels.New(w, min(ts, h), c)
	for y0 := 0; y0 < h; y0 += ts {
		th := min(ts, h-y0)
		band.H, band.Pix = th, band.Pix[:w*th*c]
		for x0 := 0; x0 < w; x0 += ts {
			tw := min(ts, w-x0)
			img, err := region(x0, y0, tw, th)
			if err != nil {
				return nil, err
			}
			if img == nil || img.W != tw || img.H != th || img.C != c || len(img.Pix) != tw*th*c {
				return nil, errors.New("deepzoom: a region came back with the wrong size or channel count")
			}
			for y := range th {
				copy(band.Pix[(y*w+x0)*c:(y*w+x0+tw)*c], img.Pix[y*tw*c:(y+1)*tw*c])
			}
		}
		if err := pw.Rows(band); err != nil {
			return nil, err
		}
	}
	return pw.Close()
}

// Writer writes a pyramid from the full-size picture's rows, given from
// top to bottom in bands of any height: a caller that renders the picture
// in bands for another purpose (scoring it, say) writes the pyramid in the
// same pass. It holds, per level, at most one row of tiles of that
// level's width: about two full-width rows of tiles of the full-size
// level in all.
type Writer struct {
	w, h, c, ts, max int
	path, final, dir string
	opt              Options
	done, total      int
	threads          int
	levels           []*pixels.Image // per level, its rows not yet written
	rows             []int           // per level, rows written so far
	preview          int             // level assembled into previewImg, or -1
	previewImg       *pixels.Image
	closed           bool
}

// Create starts the pyramid of a w×h picture with c channels (1 or 3) as
// path (which must end in .dzi), under a temporary folder beside it.
// Close finishes it; Abort, or any error, removes what was written.
func Create(path string, w, h, c int, o Options) (*Writer, error) {
	if !strings.HasSuffix(path, ".dzi") {
		return nil, fmt.Errorf("%s: a Deep Zoom descriptor's name must end in .dzi", path)
	}
	if w <= 0 || h <= 0 || (c != 1 && c != 3) {
		return nil, fmt.Errorf("%s: cannot make a pyramid of %d×%d pixels with %d channels", path, w, h, c)
	}
	if o.TileSize == 0 {
		o.TileSize = 256
	}
	if o.TileSize < 2 || o.TileSize%2 != 0 {
		return nil, fmt.Errorf("%s: tile size %d is not a positive even number", path, o.TileSize)
	}
	final := strings.TrimSuffix(path, ".dzi") + "_files"
	tmp, err := os.MkdirTemp(filepath.Dir(path), "."+filepath.Base(final)+".tmp-")
	if err != nil {
		return nil, err
	}
	p := &Writer{w: w, h: h, c: c, ts: o.TileSize, max: Levels(w, h), path: path, final: final, dir: tmp, opt: o,
		total: Tiles(w, h, o.TileSize), preview: -1, threads: parallel.Count(0)}
	p.levels = make([]*pixels.Image, p.max+1)
	p.rows = make([]int, p.max+1)
	for l := range p.levels {
		lw, lh := LevelSize(w, h, l)
		p.levels[l] = &pixels.Image{W: lw, C: c, Pix: make([]float32, 0, lw*min(p.ts, lh)*c)}
	}
	if o.PreviewMax > 0 {
		for l := p.max; l >= 0; l-- {
			if lw, lh := LevelSize(w, h, l); max(lw, lh) <= o.PreviewMax {
				p.preview = l
				p.previewImg = pixels.New(lw, lh, c)
				break
			}
		}
	}
	return p, nil
}

// Rows adds the next band.H rows of the full-size picture (band.W must be
// its width, band.C its channels), writing every row of tiles they
// complete, at every level.
func (p *Writer) Rows(band *pixels.Image) error {
	if p.closed {
		return errors.New("deepzoom: rows added to a closed pyramid")
	}
	if band.W != p.w || band.C != p.c || len(band.Pix) != band.W*band.H*band.C {
		return errors.New("deepzoom: a band came with the wrong width or channel count")
	}
	if p.rows[p.max]+len(p.levels[p.max].Pix)/(p.w*p.c)+band.H > p.h {
		return errors.New("deepzoom: more rows than the picture has")
	}
	return p.add(p.max, band.Pix)
}

// add appends rows (whole rows of level l) to level l's pending rows and
// flushes every complete row of tiles.
func (p *Writer) add(l int, pix []float32) error {
	lv := p.levels[l]
	rowLen := lv.W * p.c
	_, lh := LevelSize(p.w, p.h, l)
	for len(pix) > 0 {
		want := min(p.ts, lh-p.rows[l]) * rowLen // the pending tile row's size
		n := min(want-len(lv.Pix), len(pix))
		lv.Pix = append(lv.Pix, pix[:n]...)
		pix = pix[n:]
		if len(lv.Pix) == want {
			if err := p.flush(l); err != nil {
				return err
			}
		}
	}
	return nil
}

// flush writes level l's pending row of tiles, passes its 2×2 reduction
// to level l−1, and empties it.
func (p *Writer) flush(l int) error {
	lv := p.levels[l]
	lv.H = len(lv.Pix) / (lv.W * p.c)
	row := p.rows[l] / p.ts
	cols := ceilDiv(lv.W, p.ts)
	errs := make([]error, cols)
	parallel.For(cols, min(p.threads, cols), func(_, lo, hi int) {
		for col := lo; col < hi; col++ {
			errs[col] = p.save(l, col, row, columns(lv, col*p.ts, min(p.ts, lv.W-col*p.ts)))
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if l == p.preview {
		copy(p.previewImg.Pix[p.rows[l]*lv.W*p.c:], lv.Pix)
	}
	p.rows[l] += lv.H
	p.done += cols
	if p.opt.Progress != nil {
		p.opt.Progress(p.done, p.total)
	}
	if l > 0 {
		half := halveLevel(lv)
		if err := p.add(l-1, half.Pix); err != nil {
			return err
		}
	}
	lv.Pix = lv.Pix[:0]
	return nil
}

// Close checks that every row was given, moves the folder into place and
// writes the descriptor. It returns the preview level (nil unless
// Options.PreviewMax is set).
func (p *Writer) Close() (*pixels.Image, error) {
	if p.closed {
		return nil, errors.New("deepzoom: pyramid closed twice")
	}
	if p.rows[0] != 1 {
		p.Abort()
		return nil, fmt.Errorf("%s: the pyramid got %d of %d rows", p.path, p.rows[p.max]+len(p.levels[p.max].Pix)/(p.w*p.c), p.h)
	}
	p.closed = true
	defer os.RemoveAll(p.dir) // a no-op once renamed
	if err := os.RemoveAll(p.final); err != nil {
		return nil, err
	}
	if err := os.Rename(p.dir, p.final); err != nil {
		return nil, err
	}
	if err := atomicfile.Write(p.path, func(wr io.Writer) error {
		_, err := fmt.Fprintf(wr, descriptor, p.ts, p.w, p.h)
		return err
	}); err != nil {
		return nil, err
	}
	return p.previewImg, nil
}

// Abort removes what was written; it does nothing after Close.
func (p *Writer) Abort() {
	if !p.closed {
		p.closed = true
		os.RemoveAll(p.dir)
	}
}

// descriptor is the DZI XML: tile size, width, height.
const descriptor = `<?xml version="1.0" encoding="UTF-8"?>
<Image xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="png" Overlap="0" TileSize="%d">
  <Size Width="%d" Height="%d"/>
</Image>
`

// columns returns columns [x0, x0+w) of img.
func columns(img *pixels.Image, x0, w int) *pixels.Image {
	c := img.C
	out := pixels.New(w, img.H, c)
	for y := range img.H {
		copy(out.Pix[y*w*c:(y+1)*w*c], img.Pix[(y*img.W+x0)*c:])
	}
	return out
}

// halveLevel returns the 2×2 box averages of img; a box that runs past its
// edge averages the pixels that exist.
func halveLevel(img *pixels.Image) *pixels.Image {
	out := pixels.New((img.W+1)/2, (img.H+1)/2, img.C)
	reduce(out, img, 0, 0)
	return out
}

// reduce writes into dst, from pixel (ox, oy) on, the 2×2 box averages of
// child; a pixel whose box runs past child's edge averages the pixels that
// exist.
func reduce(dst, child *pixels.Image, ox, oy int) {
	c := child.C
	for y := 0; 2*y < child.H; y++ {
		for x := 0; 2*x < child.W; x++ {
			var sum [3]float32
			n := float32(0)
			for yy := 2 * y; yy < min(2*y+2, child.H); yy++ {
				for xx := 2 * x; xx < min(2*x+2, child.W); xx++ {
					s := child.Pix[(yy*child.W+xx)*c:]
					for k := range c {
						sum[k] += s[k]
					}
					n++
				}
			}
			d := dst.Pix[((oy+y)*dst.W+ox+x)*c:]
			for k := range c {
				d[k] = sum[k] / n
			}
		}
	}
}

// save writes one tile as LEVEL/COL_ROW.png.
func (p *Writer) save(l, col, row int, img *pixels.Image) error {
	dir := filepath.Join(p.dir, fmt.Sprint(l))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, pixels.ToNRGBA(img)); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, fmt.Sprintf("%d_%d.png", col, row)), buf.Bytes(), 0o644)
}
