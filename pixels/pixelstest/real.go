package pixelstest

import (
	"testing"

	"github.com/neurbf/neurbf/internal/testfiles"
	"github.com/neurbf/neurbf/pixels"
)

// RealImage loads the image testdata/real/<name> (see
// testfiles.RealPath), skipping the test when the file is absent and
// failing it when it cannot be decoded.
func RealImage(t testing.TB, name string) *pixels.Image {
	t.Helper()
	img, err := pixels.Load(testfiles.RealPath(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return img
}
