package render

import (
	"image"
	"image/color"
	"image/draw"
	"testing"
)

// filled returns a w×h picture of one colour whose bounds start at (ox, oy).
func filled(ox, oy, w, h int, c color.NRGBA) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(ox, oy, ox+w, oy+h))
	draw.Draw(m, m.Bounds(), &image.Uniform{C: c}, image.Point{}, draw.Src)
	return m
}

func TestSide(t *testing.T) {
	red := color.NRGBA{R: 255, A: 255}
	green := color.NRGBA{G: 255, A: 255}
	blue := color.NRGBA{B: 255, A: 255}
	white := color.NRGBA{R: 255, G: 255, B: 255, A: 255}
	// The middle picture is a sub-image whose bounds do not start at 0.
	big := filled(0, 0, 20, 20, green)
	mid := big.SubImage(image.Rect(5, 7, 15, 19))
	s := Side(filled(0, 0, 6, 4, red), mid, filled(0, 0, 3, 9, blue))
	if got, want := s.Bounds(), image.Rect(0, 0, 6+10+3+2*sideGap, 12); got != want {
		t.Fatalf("bounds %v, want %v", got, want)
	}
	for _, tc := range []struct {
		x, y int
		want color.NRGBA
	}{
		{0, 0, red}, {5, 3, red}, {5, 4, white}, {6, 0, white},
		{6 + sideGap, 0, green}, {6 + sideGap + 9, 11, green}, {6 + sideGap + 10, 0, white},
		{6 + 10 + 2*sideGap, 0, blue}, {6 + 10 + 2*sideGap + 2, 8, blue}, {6 + 10 + 2*sideGap + 2, 9, white},
	} {
		if got := s.NRGBAAt(tc.x, tc.y); got != tc.want {
			t.Errorf("pixel (%d,%d) = %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
	if e := Side(); !e.Bounds().Empty() {
		t.Errorf("Side() is %v, want empty", e.Bounds())
	}
}
