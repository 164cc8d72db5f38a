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
// the full-size pixels. The folder is written under a temporary name and
// renamed into place at the end, replacing an older one, so a failed or
// interrupted run leaves no half pyramid under the final name. It returns
// the preview level (nil unless Options.PreviewMax is set).
func Write(path string, w, h, c int, region Region, o Options) (*pixels.Image, error) {
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
	defer os.RemoveAll(tmp) // a no-op once renamed
	p := &pyramid{w: w, h: h, c: c, ts: o.TileSize, max: Levels(w, h), dir: tmp, region: region, opt: o,
		total: Tiles(w, h, o.TileSize), preview: -1}
	if o.PreviewMax > 0 {
		for l := p.max; l >= 0; l-- {
			if lw, lh := LevelSize(w, h, l); max(lw, lh) <= o.PreviewMax {
				p.preview = l
				p.previewImg = pixels.New(lw, lh, c)
				break
			}
		}
	}
	if _, err := p.tile(0, 0, 0); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(final); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, final); err != nil {
		return nil, err
	}
	if err := atomicfile.Write(path, func(wr io.Writer) error {
		_, err := fmt.Fprintf(wr, descriptor, p.ts, w, h)
		return err
	}); err != nil {
		return nil, err
	}
	return p.previewImg, nil
}

// descriptor is the DZI XML: tile size, width, height.
const descriptor = `<?xml version="1.0" encoding="UTF-8"?>
<Image xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="png" Overlap="0" TileSize="%d">
  <Size Width="%d" Height="%d"/>
</Image>
`

type pyramid struct {
	w, h, c, ts, max int
	dir              string
	region           Region
	opt              Options
	done, total      int
	preview          int // level assembled into previewImg, or -1
	previewImg       *pixels.Image
}

// tile builds, writes and returns tile (col, row) of level l.
func (p *pyramid) tile(l, col, row int) (*pixels.Image, error) {
	lw, lh := LevelSize(p.w, p.h, l)
	x0, y0 := col*p.ts, row*p.ts
	tw, th := min(p.ts, lw-x0), min(p.ts, lh-y0)
	var img *pixels.Image
	if l == p.max {
		var err error
		if img, err = p.region(x0, y0, tw, th); err != nil {
			return nil, err
		}
		if img == nil || img.W != tw || img.H != th || img.C != p.c || len(img.Pix) != tw*th*p.c {
			return nil, errors.New("deepzoom: a region came back with the wrong size or channel count")
		}
	} else {
		img = pixels.New(tw, th, p.c)
		cw, ch := LevelSize(p.w, p.h, l+1)
		for dy := range 2 {
			for dx := range 2 {
				cc, cr := 2*col+dx, 2*row+dy
				if cc*p.ts >= cw || cr*p.ts >= ch {
					continue
				}
				child, err := p.tile(l+1, cc, cr)
				if err != nil {
					return nil, err
				}
				p.reduce(img, child, dx*p.ts/2, dy*p.ts/2)
			}
		}
	}
	if err := p.save(l, col, row, img); err != nil {
		return nil, err
	}
	if l == p.preview {
		pw := p.previewImg.W
		for y := range th {
			copy(p.previewImg.Pix[((y0+y)*pw+x0)*p.c:], img.Pix[y*tw*p.c:(y+1)*tw*p.c])
		}
	}
	p.done++
	if p.opt.Progress != nil {
		p.opt.Progress(p.done, p.total)
	}
	return img, nil
}

// reduce writes into dst, from pixel (ox, oy) on, the 2×2 box averages of
// child; a pixel whose box runs past child's edge averages the pixels that
// exist.
func (p *pyramid) reduce(dst, child *pixels.Image, ox, oy int) {
	c := p.c
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
func (p *pyramid) save(l, col, row int, img *pixels.Image) error {
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
