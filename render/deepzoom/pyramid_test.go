package deepzoom

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/neurbf/neurbf/pixels"
)

func TestLevels(t *testing.T) {
	for _, c := range []struct{ w, h, max int }{
		{1, 1, 0}, {2, 1, 1}, {3, 3, 2}, {4, 4, 2}, {5, 2, 3}, {5184, 3456, 13}, {56718, 21450, 16},
	} {
		if got := Levels(c.w, c.h); got != c.max {
			t.Errorf("Levels(%d, %d) = %d, want %d", c.w, c.h, got, c.max)
		}
		if w, h := LevelSize(c.w, c.h, 0); w != 1 || h != 1 {
			t.Errorf("level 0 of %d×%d is %d×%d, want 1×1", c.w, c.h, w, h)
		}
		if w, h := LevelSize(c.w, c.h, c.max); w != c.w || h != c.h {
			t.Errorf("level Max of %d×%d is %d×%d", c.w, c.h, w, h)
		}
	}
	if w, h := LevelSize(5184, 3456, 12); w != 2592 || h != 1728 {
		t.Errorf("level 12 of 5184×3456 is %d×%d", w, h)
	}
	if w, h := LevelSize(301, 171, 8); w != 151 || h != 86 {
		t.Errorf("level 8 of 301×171 is %d×%d, want 151×86", w, h)
	}
}

// picture is a test image with detail everywhere and no symmetry.
func picture(w, h, c int) *pixels.Image {
	img := pixels.New(w, h, c)
	for y := range h {
		for x := range w {
			for k := range c {
				img.Pix[(y*w+x)*c+k] = float32(0.5 + 0.5*math.Sin(float64(x*(k+1))*0.37+float64(y)*0.11*float64(k+2)))
			}
		}
	}
	return img
}

// halve is the reference 2×2 box reduction of a whole level.
func halve(img *pixels.Image) *pixels.Image {
	w, h, c := (img.W+1)/2, (img.H+1)/2, img.C
	out := pixels.New(w, h, c)
	for y := range h {
		for x := range w {
			for k := range c {
				var s, n float64
				for yy := 2 * y; yy < min(2*y+2, img.H); yy++ {
					for xx := 2 * x; xx < min(2*x+2, img.W); xx++ {
						s += float64(img.Pix[(yy*img.W+xx)*c+k])
						n++
					}
				}
				out.Pix[(y*w+x)*c+k] = float32(s / n)
			}
		}
	}
	return out
}

// readLevel stitches a written level back together from its tiles.
func readLevel(t *testing.T, dir string, l, w, h, c, ts int) *pixels.Image {
	t.Helper()
	out := pixels.New(w, h, c)
	for row := 0; row*ts < h; row++ {
		for col := 0; col*ts < w; col++ {
			f, err := os.Open(filepath.Join(dir, fmt.Sprint(l), fmt.Sprintf("%d_%d.png", col, row)))
			if err != nil {
				t.Fatal(err)
			}
			m, err := png.Decode(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			tile := pixels.FromImage(m)
			if tw, th := min(ts, w-col*ts), min(ts, h-row*ts); tile.W != tw || tile.H != th {
				t.Fatalf("level %d tile %d_%d is %d×%d, want %d×%d", l, col, row, tile.W, tile.H, tw, th)
			}
			for y := range tile.H {
				for x := range tile.W {
					for k := range c {
						out.Pix[((row*ts+y)*w+col*ts+x)*c+k] = tile.Pix[(y*tile.W+x)*tile.C+min(k, tile.C-1)]
					}
				}
			}
		}
	}
	return out
}

func maxDiff(a, b *pixels.Image) float64 {
	d := 0.0
	for i := range a.Pix {
		d = max(d, math.Abs(float64(a.Pix[i]-b.Pix[i])))
	}
	return d
}

// TestWrite writes pyramids of odd-sized pictures and checks every level
// against the reference reduction of the whole picture, the descriptor,
// the preview, and that each full-size tile was asked for exactly once.
func TestWrite(t *testing.T) {
	for _, c := range []struct{ w, h, ch, ts int }{{301, 171, 3, 64}, {97, 200, 1, 32}, {1, 1, 3, 256}} {
		t.Run(fmt.Sprintf("%dx%dx%d", c.w, c.h, c.ch), func(t *testing.T) {
			src := picture(c.w, c.h, c.ch)
			dir := t.TempDir()
			calls := map[[2]int]int{}
			region := func(x, y, w, h int) (*pixels.Image, error) {
				calls[[2]int{x, y}]++
				out := pixels.New(w, h, c.ch)
				for r := range h {
					copy(out.Pix[r*w*c.ch:(r+1)*w*c.ch], src.Pix[((y+r)*c.w+x)*c.ch:])
				}
				return out, nil
			}
			var last, total int
			prev, err := Write(filepath.Join(dir, "p.dzi"), c.w, c.h, c.ch, region, Options{
				TileSize: c.ts, PreviewMax: 50,
				Progress: func(d, n int) { last, total = d, n },
			})
			if err != nil {
				t.Fatal(err)
			}
			if last != total || total != Tiles(c.w, c.h, c.ts) {
				t.Errorf("progress ended at %d of %d, want %d tiles", last, total, Tiles(c.w, c.h, c.ts))
			}
			want := ceilDiv(c.w, c.ts) * ceilDiv(c.h, c.ts)
			if len(calls) != want {
				t.Errorf("%d full-size tiles asked for, want %d", len(calls), want)
			}
			for k, n := range calls {
				if n != 1 {
					t.Errorf("tile at %v asked for %d times", k, n)
				}
			}
			level := src
			for l := Levels(c.w, c.h); l >= 0; l-- {
				got := readLevel(t, filepath.Join(dir, "p_files"), l, level.W, level.H, c.ch, c.ts)
				if d := maxDiff(got, level); d > 0.6/255 {
					t.Errorf("level %d differs from the reference reduction by %.4f", l, d)
				}
				if prev != nil && prev.W == level.W && prev.H == level.H {
					if d := maxDiff(prev, level); d > 1e-5 {
						t.Errorf("preview (level %d) differs by %g", l, d)
					}
				}
				level = halve(level)
			}
			if prev == nil || max(prev.W, prev.H) > 50 || (max(c.w, c.h) > 50 && max(prev.W, prev.H) <= 25) {
				t.Errorf("preview %v is not the largest level within 50 pixels", prev)
			}
			data, err := os.ReadFile(filepath.Join(dir, "p.dzi"))
			if err != nil {
				t.Fatal(err)
			}
			var d struct {
				TileSize, Overlap int    `xml:",attr"`
				Format            string `xml:",attr"`
				Size              struct {
					Width, Height int `xml:",attr"`
				}
			}
			if err := xml.Unmarshal(data, &d); err != nil {
				t.Fatal(err)
			}
			if d.TileSize != c.ts || d.Overlap != 0 || d.Format != "png" || d.Size.Width != c.w || d.Size.Height != c.h {
				t.Errorf("descriptor %+v", d)
			}
		})
	}
}

// TestWriteFails checks that a failing region or a bad request leaves
// nothing under the final names.
func TestWriteFails(t *testing.T) {
	dir := t.TempDir()
	boom := errors.New("boom")
	n := 0
	region := func(x, y, w, h int) (*pixels.Image, error) {
		if n++; n == 3 {
			return nil, boom
		}
		return pixels.New(w, h, 3), nil
	}
	if _, err := Write(filepath.Join(dir, "p.dzi"), 300, 300, 3, region, Options{TileSize: 64}); !errors.Is(err, boom) {
		t.Errorf("failing region: %v", err)
	}
	wrong := func(x, y, w, h int) (*pixels.Image, error) { return pixels.New(w+1, h, 3), nil }
	if _, err := Write(filepath.Join(dir, "p.dzi"), 300, 300, 3, wrong, Options{}); err == nil {
		t.Error("a region of the wrong size: no error")
	}
	for _, bad := range []struct {
		path    string
		w, h, c int
		ts      int
	}{{"p.png", 10, 10, 3, 0}, {"p.dzi", 0, 10, 3, 0}, {"p.dzi", 10, 10, 2, 0}, {"p.dzi", 10, 10, 3, 7}} {
		if _, err := Write(filepath.Join(dir, bad.path), bad.w, bad.h, bad.c, region, Options{TileSize: bad.ts}); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("left behind: %s", e.Name())
	}
}

// TestWriterBands writes the same picture through Writer in bands of
// uneven heights and through Write, and checks that every tile file is
// byte for byte the same.
func TestWriterBands(t *testing.T) {
	const w, h, c, ts = 301, 171, 3, 64
	src := picture(w, h, c)
	dir := t.TempDir()
	region := func(x, y, rw, rh int) (*pixels.Image, error) {
		out := pixels.New(rw, rh, c)
		for r := range rh {
			copy(out.Pix[r*rw*c:(r+1)*rw*c], src.Pix[((y+r)*w+x)*c:])
		}
		return out, nil
	}
	if _, err := Write(filepath.Join(dir, "a.dzi"), w, h, c, region, Options{TileSize: ts}); err != nil {
		t.Fatal(err)
	}
	pw, err := Create(filepath.Join(dir, "b.dzi"), w, h, c, Options{TileSize: ts})
	if err != nil {
		t.Fatal(err)
	}
	for y, step := 0, 1; y < h; y, step = y+step, step%13+4 {
		n := min(step, h-y)
		if err := pw.Rows(&pixels.Image{W: w, H: n, C: c, Pix: src.Pix[y*w*c : (y+n)*w*c]}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	files := 0
	err = filepath.WalkDir(filepath.Join(dir, "a_files"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(dir, "a_files"), path)
		a, _ := os.ReadFile(path)
		b, err := os.ReadFile(filepath.Join(dir, "b_files", rel))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between Write and Writer (%v)", rel, err)
		}
		files++
		return nil
	})
	if err != nil || files != Tiles(w, h, ts) {
		t.Errorf("%d tiles compared, want %d (%v)", files, Tiles(w, h, ts), err)
	}
	// Too few rows: Close refuses and leaves nothing.
	pw, err = Create(filepath.Join(dir, "c.dzi"), w, h, c, Options{TileSize: ts})
	if err != nil {
		t.Fatal(err)
	}
	if err := pw.Rows(&pixels.Image{W: w, H: 10, C: c, Pix: src.Pix[:10*w*c]}); err != nil {
		t.Fatal(err)
	}
	if _, err := pw.Close(); err == nil {
		t.Error("a pyramid of 10 of 171 rows closed without error")
	}
	if err := pw.Rows(&pixels.Image{W: w, H: 1, C: c, Pix: src.Pix[:w*c]}); err == nil {
		t.Error("rows added after Close")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 { // a.dzi, a_files, b.dzi, b_files
		for _, e := range entries {
			t.Log(e.Name())
		}
		t.Errorf("%d entries left in the folder, want 4", len(entries))
	}
}
