package render

import (
	"errors"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestWriteAtomicErrorQuotesPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "missing", "a.png")
	err := writeAtomic(path, func(io.Writer) error { return nil })
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v does not name %s", err, path)
	}
	// A failing writer leaves nothing behind either.
	path = filepath.Join(dir, "b.png")
	if err := writeAtomic(path, func(w io.Writer) error { return errors.New("boom") }); err == nil {
		t.Fatal("a failing writer gave no error")
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
