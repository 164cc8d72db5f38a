package pixels

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSavePNGRoundTrip(t *testing.T) {
	dir := t.TempDir()
	nan := float32(math.NaN())
	for _, c := range []int{1, 3} {
		img := New(4, 3, c)
		for i := range img.Pix {
			img.Pix[i] = float32(i)/float32(len(img.Pix)-1)*1.4 - 0.2 // spans beyond [0,1]
		}
		img.Pix[1] = nan
		path := filepath.Join(dir, "out.png")
		if err := SavePNG(path, img); err != nil {
			t.Fatal(err)
		}
		got, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.W != img.W || got.H != img.H || got.C != c {
			t.Fatalf("C=%d: reloaded %d×%d×%d", c, got.W, got.H, got.C)
		}
		for i, v := range img.Pix {
			want := float32(math.Round(float64(min(max(v, 0), 1))*255)) / 255
			if v != v {
				want = 0
			}
			if got.Pix[i] != want {
				t.Fatalf("C=%d: sample %d = %v after saving %v, want %v", c, i, got.Pix[i], v, want)
			}
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o644 {
			t.Errorf("mode %v, want 0644", st.Mode().Perm())
		}
	}
	checkNoTemp(t, dir)
}

func TestSavePNGFailuresLeaveNoTemp(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "taken"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "taken", "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	img := New(2, 2, 3)
	for _, path := range []string{
		filepath.Join(dir, "taken"),            // a non-empty directory: rename fails
		filepath.Join(dir, "missing", "a.png"), // no such directory: create fails
	} {
		err := SavePNG(path, img)
		if err == nil || !strings.HasPrefix(err.Error(), path+": ") || strings.Count(err.Error(), ".tmp") > 0 {
			t.Errorf("SavePNG(%s) = %v, want \"<path>: <problem>\" without the temporary file", path, err)
		}
	}
	checkNoTemp(t, dir)
}

// checkNoTemp fails when dir holds a temporary file left by SavePNG.
func checkNoTemp(t *testing.T, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestToImageTypes(t *testing.T) {
	gray := New(2, 1, 1)
	gray.Pix[0], gray.Pix[1] = 0.5, 1
	if m, ok := ToImage(gray).(*image.Gray); !ok || m.Pix[0] != 128 || m.Pix[1] != 255 {
		t.Errorf("ToImage(gray) = %#v", ToImage(gray))
	}
	if m := ToNRGBA(gray); m.Pix[0] != 128 || m.Pix[1] != 128 || m.Pix[2] != 128 || m.Pix[3] != 255 {
		t.Errorf("ToNRGBA(gray) first pixel = %v", m.Pix[:4])
	}
	rgb := New(1, 1, 3)
	rgb.Pix[0], rgb.Pix[1], rgb.Pix[2] = 0.2, 0.4, 0.6
	if m, ok := ToImage(rgb).(*image.NRGBA); !ok || m.Pix[0] != 51 || m.Pix[1] != 102 || m.Pix[2] != 153 || m.Pix[3] != 255 {
		t.Errorf("ToImage(rgb) = %#v", ToImage(rgb))
	}
}

func TestMalformedImagePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a Pix slice of the wrong length")
		}
	}()
	ToImage(&Image{W: 2, H: 2, C: 3, Pix: make([]float32, 11)})
}

func TestSavePNGMissingDirIsNotExist(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "a.png")
	err := SavePNG(path, New(1, 1, 1))
	if !errors.Is(err, fs.ErrNotExist) || err.Error() != path+": no such file or directory" {
		t.Errorf("error %q, want %q (and fs.ErrNotExist)", err, path+": no such file or directory")
	}
}

// TestSave16BitRoundTrip loads 16-bit PNGs and saves them back at the
// depth Info reports: every 16-bit value survives exactly.
func TestSave16BitRoundTrip(t *testing.T) {
	dir := t.TempDir()
	const w, h = 7, 5
	levels := func(i int) uint16 { return uint16((i*40503 + 12345) % 65536) } // every low byte differs
	gray := image.NewGray16(image.Rect(0, 0, w, h))
	rgb := image.NewNRGBA64(image.Rect(0, 0, w, h))
	for i := range w * h {
		gray.SetGray16(i%w, i/w, color.Gray16{Y: levels(i)})
		rgb.SetNRGBA64(i%w, i/w, color.NRGBA64{R: levels(3 * i), G: levels(3*i + 1), B: levels(3*i + 2), A: 0xffff})
	}
	gray.SetGray16(0, 0, color.Gray16{Y: 0xffff}) // the extreme levels too
	gray.SetGray16(1, 0, color.Gray16{Y: 1})
	for name, src := range map[string]image.Image{"gray16.png": gray, "rgb16.png": rgb} {
		in, out := filepath.Join(dir, "in-"+name), filepath.Join(dir, "out-"+name)
		var b bytes.Buffer
		if err := png.Encode(&b, src); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(in, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		img, info, err := LoadWithInfo(in)
		if err != nil {
			t.Fatal(err)
		}
		if info.BitDepth != 16 {
			t.Fatalf("%s: bit depth %d, want 16", name, info.BitDepth)
		}
		if err := SavePNG(out, ToImageDepth(img, info.BitDepth)); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for y := range h {
			for x := range w {
				a := color.NRGBA64Model.Convert(src.At(x, y)).(color.NRGBA64)
				g := color.NRGBA64Model.Convert(got.At(x, y)).(color.NRGBA64)
				if a != g {
					t.Fatalf("%s: pixel (%d,%d) is %v after the round trip, was %v", name, x, y, g, a)
				}
			}
		}
		switch got.(type) {
		case *image.Gray16, *image.RGBA64, *image.NRGBA64:
		default:
			t.Errorf("%s: saved as %T, want a 16-bit PNG", name, got)
		}
	}
	// An 8-bit file reports 8 and is saved at 8 bits.
	eight := filepath.Join(dir, "eight.png")
	if err := SavePNG(eight, New(2, 2, 3)); err != nil {
		t.Fatal(err)
	}
	if _, info, err := LoadWithInfo(eight); err != nil || info.BitDepth != 8 {
		t.Errorf("8-bit file: depth %d, %v", info.BitDepth, err)
	}
}

// TestImageIsAnImage checks the image.Image view of an Image against
// the 16-bit conversion, and that SavePNG takes figures and Images alike.
func TestImageIsAnImage(t *testing.T) {
	img := New(3, 2, 3)
	for i := range img.Pix {
		img.Pix[i] = float32(i)/5 - 0.3 // some below 0 and above 1
	}
	m := ToImage16(img).(*image.NRGBA64)
	var _ image.Image = img
	if img.Bounds() != m.Bounds() || img.ColorModel() != color.NRGBA64Model {
		t.Fatalf("bounds %v, model %v", img.Bounds(), img.ColorModel())
	}
	for y := range 2 {
		for x := range 3 {
			if a, b := img.At(x, y), m.NRGBA64At(x, y); a != b {
				t.Errorf("At(%d,%d) = %v, want %v", x, y, a, b)
			}
		}
	}
	if img.At(3, 0) != (color.NRGBA64{}) {
		t.Error("At outside the image is not transparent")
	}
	g := New(1, 1, 1)
	g.Pix[0] = 0.5
	if g.At(0, 0) != (color.Gray16{Y: 32768}) || g.ColorModel() != color.Gray16Model {
		t.Errorf("gray At = %v", g.At(0, 0))
	}
	path := filepath.Join(t.TempDir(), "fig.png")
	if err := SavePNG(path, image.NewNRGBA(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	if _, info, err := LoadWithInfo(path); err != nil || info.BitDepth != 8 {
		t.Errorf("figure: depth %d, %v", info.BitDepth, err)
	}
}

func TestFromImageCopiesAnImage(t *testing.T) {
	img := New(2, 1, 3)
	copy(img.Pix, []float32{0.1, 0.2, 0.3, 1.5, -0.25, 0.123456789})
	got := FromImage(img)
	if got == img || got.W != 2 || got.H != 1 || got.C != 3 {
		t.Fatalf("FromImage(*Image) = %+v", got)
	}
	for i, v := range img.Pix {
		if got.Pix[i] != v {
			t.Errorf("sample %d = %v, want %v (unrounded)", i, got.Pix[i], v)
		}
	}
}
