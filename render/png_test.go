package render

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestSavePNG(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.png")
	m := filled(0, 0, 7, 5, color.NRGBA{R: 10, G: 200, B: 30, A: 255})
	m.SetNRGBA(3, 2, color.NRGBA{R: 1, G: 2, B: 3, A: 255})
	// Write twice: the second replaces the first.
	for range 2 {
		if err := SavePNG(path, m); err != nil {
			t.Fatal(err)
		}
	}
	got := decodePNG(t, path)
	if got.Bounds() != m.Bounds() {
		t.Fatalf("decoded %v, want %v", got.Bounds(), m.Bounds())
	}
	if psnr := imagePSNR(t, got, m); psnr < 1000 {
		t.Errorf("round trip changed the picture: PSNR %v", psnr)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("file mode %v (%v), want 0644", fi.Mode(), err)
	}
	onlyFiles(t, dir, "a.png")
}

func TestSavePNGErrorQuotesPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "missing", "a.png")
	err := SavePNG(path, image.NewNRGBA(image.Rect(0, 0, 1, 1)))
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v does not name %s", err, path)
	}
	// A failing encoder leaves nothing behind either.
	path = filepath.Join(dir, "b.png")
	if err := SavePNG(path, image.NewNRGBA(image.Rect(0, 0, 0, 3))); err == nil {
		t.Fatal("encoding an empty picture gave no error")
	}
	onlyFiles(t, dir)
}

// decodePNG reads the PNG file at path.
func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return m
}

// onlyFiles fails unless dir holds exactly the entries names, in order:
// no temporary file may be left over.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range es {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}
