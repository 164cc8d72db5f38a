package assets

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

func TestAssetsArePNGsOfTheDocumentedSize(t *testing.T) {
	for _, tc := range []struct {
		name  string
		data  []byte
		w, h  int
		model string
	}{
		{"Camera", Camera, 512, 512, "gray"},
		{"Coffee", Coffee, 600, 400, "rgb"},
	} {
		m, err := png.Decode(bytes.NewReader(tc.data))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := m.Bounds(); got != image.Rect(0, 0, tc.w, tc.h) {
			t.Errorf("%s: bounds %v, want %d×%d", tc.name, got, tc.w, tc.h)
		}
		_, gray := m.(*image.Gray)
		if gray != (tc.model == "gray") {
			t.Errorf("%s: decoded as %T, want %s", tc.name, m, tc.model)
		}
	}
}
