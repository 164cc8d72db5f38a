package pixelstest

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/neurbf/neurbf/pixels"
)

// RealPath returns the path of testdata/real/<name> under the repository
// root, found by walking up from the working directory to the folder
// holding go.mod. It skips the test when the file is absent and fails it
// when no go.mod is found.
func RealPath(t testing.TB, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("pixelstest: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("pixelstest: no go.mod above the working directory; cannot find testdata/real/%s", name)
		}
		dir = parent
	}
	path := filepath.Join(dir, "testdata", "real", name)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("testdata/real/%s is absent: run scripts/fetch-testdata.sh to fetch the real test data", name)
	}
	return path
}

// RealImage loads the image testdata/real/<name> (see RealPath), skipping
// the test when the file is absent and failing it when it cannot be
// decoded.
func RealImage(t testing.TB, name string) *pixels.Image {
	t.Helper()
	img, err := pixels.Load(RealPath(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return img
}
