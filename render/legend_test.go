package render

import (
	"image"
	"image/color"
	"slices"
	"testing"

	"github.com/neurbf/neurbf/pixels"
)

func TestLabelled(t *testing.T) {
	red := color.NRGBA{R: 255, A: 255}
	img := filled(5, 7, 60, 30, red) // bounds not at the origin
	m := Labelled("photo", img)
	strip := lineHeight + 4
	if b := m.Bounds(); b.Dx() != 60 || b.Dy() != strip+30 {
		t.Fatalf("labelled panel is %v, want 60×%d", b, strip+30)
	}
	for y := range 30 {
		for x := range 60 {
			if m.NRGBAAt(x, strip+y) != red {
				t.Fatalf("panel pixel (%d,%d) is not the picture's", x, y)
			}
		}
	}
	// The title is dark ink on white, centred: ink in the strip's middle
	// third, none at its left and right ends.
	ink := func(x0, x1 int) bool {
		for y := range strip {
			for x := x0; x < x1; x++ {
				if m.NRGBAAt(x, y).R < 128 {
					return true
				}
			}
		}
		return false
	}
	if !ink(20, 40) || ink(0, 10) || ink(50, 60) {
		t.Error("the title is not drawn centred in the strip")
	}
	// A title wider than the picture widens the panel.
	wide := "NeuRBF reconstruction"
	if b := Labelled(wide, img).Bounds(); b.Dx() != textWidth(wide)+4 {
		t.Errorf("panel with a wide title is %v, want %d wide", b, textWidth(wide)+4)
	}
	// Labelled panels line up under Side.
	s := Side(Labelled("a", img), Labelled("b", filled(0, 0, 20, 10, red)))
	if s.NRGBAAt(60+sideGap, strip) != red || s.NRGBAAt(60+sideGap, strip-1) == red {
		t.Error("labelled panels placed side by side do not line up")
	}
}

func TestDepthRangeAndBar(t *testing.T) {
	cam := Camera{Azimuth: 30, Elevation: 20, Distance: 3}
	nr, far := cam.DepthRange()
	if nr != 2 || far != 4 {
		t.Errorf("depth range (%v, %v), want (2, 4)", nr, far)
	}
	f := cam.frame(7, 5)
	if n, fa := f.depthRange(); n != nr || fa != far {
		t.Errorf("DepthRange (%v, %v) differs from the renderer's (%v, %v)", nr, far, n, fa)
	}
	spec := depthBarSpec(2, 4)
	if got, want := spec.labels(100), []string{"2 near", "2.5", "3", "3.5", "4 far"}; !slices.Equal(got, want) {
		t.Errorf("depth ticks %q, want %q", got, want)
	}
	// Near is yellow at the top of the bar, as Depth colours near hits.
	m := DepthBar(2, 4, 150)
	top := barPad + 2*lineHeight + blockGap
	x := barPad + barWidth/2
	n := 150 - lineHeight/2 - barPad - top
	if got, want := m.NRGBAAt(x, top), Viridis(1-0.5/float64(n)); got != want {
		t.Errorf("top of the depth bar is %v, want near yellow %v", got, want)
	}
	if m.Bounds().Dy() != 150 {
		t.Errorf("depth bar is %v, want 150 tall", m.Bounds())
	}
	if m := DepthBar(2, 4, 10); m.Bounds().Dy() < top+minBar {
		t.Errorf("a short depth bar is %v: no room for the bar", m.Bounds())
	}
}

func TestSliceBar(t *testing.T) {
	spec := sliceBarSpec(0.12)
	if got, want := spec.labels(100), []string{"+0.12 outside", "+0.06 outside", "0 surface", "-0.06 inside", "-0.12 inside"}; !slices.Equal(got, want) {
		t.Errorf("slice ticks %q, want %q", got, want)
	}
	// Bars too short for four intervals keep a tick at the surface.
	if got, want := spec.labels(60), []string{"+0.12 outside", "0 surface", "-0.12 inside"}; !slices.Equal(got, want) {
		t.Errorf("short slice ticks %q, want %q", got, want)
	}
	m := SliceBar(0.12, 200)
	top := barPad + lineHeight + blockGap
	n := 200 - lineHeight/2 - barPad - top
	x := barPad + barWidth/2
	// The middle of the bar is the surface: Viridis(0.5), as the
	// viewer's slice shader colours sdf = 0.
	if got := m.NRGBAAt(x, top+n/2); !near(got, Viridis(0.5)) {
		t.Errorf("middle of the slice bar is %v, want %v", got, Viridis(0.5))
	}
}

// TestLegendsGolden compares the three legends with a stored picture, so
// a change of their text or layout is seen (and looked at) before it is
// accepted with -update.
func TestLegendsGolden(t *testing.T) {
	s := ErrorStats{Reduction: "|error|, mean over RGB", Top: 0.0141, Rule: "99.5th percentile", Max: 0.325, Clipped: 47, Pixels: 1000}
	checkGolden(t, "legends.png", Side(ColourBar(s, 160), DepthBar(1.5, 3.5, 160), SliceBar(0.25, 160)))
}

func TestStampClipsAtTheEdge(t *testing.T) {
	img := pixels.New(10, 8, 3)
	for i := range img.Pix {
		img.Pix[i] = 1
	}
	stamp(img, "az 300 deg") // wider and taller than the image
	dark := 0
	for _, v := range img.Pix {
		if v < 0.5 {
			dark++
		}
	}
	if dark == 0 {
		t.Error("no ink stamped")
	}
}

func TestFigures(t *testing.T) {
	red := color.NRGBA{R: 255, A: 255}
	a, b, c := filled(0, 0, 200, 50, red), filled(0, 0, 200, 50, red), filled(0, 0, 260, 60, red)
	f := CompareFigure(a, b, c)
	want := Side(Labelled("photo", a), Labelled("NeuRBF reconstruction", b), Labelled("|error|", c))
	if f.Bounds() != want.Bounds() || !slices.Equal(f.Pix, want.Pix) {
		t.Error("CompareFigure is not the three labelled panels side by side")
	}
	if f.Bounds().Dy() != lineHeight+4+60 {
		t.Errorf("compare figure is %v, want the label strip above the tallest panel", f.Bounds())
	}
	s := SDFFigure(a, b)
	if w := Side(Labelled("fitted field", a), Labelled("input mesh", b)); !slices.Equal(s.Pix, w.Pix) {
		t.Error("SDFFigure is not the two labelled panels side by side")
	}
}

// TestTextScale checks that legends and labels of tall pictures are the
// small ones enlarged by pixel replication.
func TestTextScale(t *testing.T) {
	for h, want := range map[int]int{1: 1, 400: 1, 1023: 1, 1024: 2, 1600: 3, 4096: 8} {
		if got := textScale(h); got != want {
			t.Errorf("textScale(%d) = %d, want %d", h, got, want)
		}
	}
	s := ErrorStats{Reduction: "|error|", Top: 0.5, Rule: "given", Max: 1, Clipped: 3, Pixels: 10}
	small, big := ColourBar(s, 600), ColourBar(s, 1200)
	if big.Bounds() != image.Rect(0, 0, 2*small.Rect.Dx(), 2*small.Rect.Dy()) {
		t.Fatalf("bar for 1200 rows is %v, want twice the one for 600 (%v)", big.Bounds(), small.Bounds())
	}
	for y := range big.Rect.Dy() {
		for x := range big.Rect.Dx() {
			if big.NRGBAAt(x, y) != small.NRGBAAt(x/2, y/2) {
				t.Fatalf("pixel (%d,%d) of the enlarged bar is not its small pixel's", x, y)
			}
		}
	}
	red := color.NRGBA{R: 255, A: 255}
	l := Labelled("photo", filled(0, 0, 100, 1100, red))
	if strip := 2 * (lineHeight + 4); l.Bounds().Dy() != strip+1100 || l.NRGBAAt(50, strip) != red || l.NRGBAAt(50, strip-1) == red {
		t.Errorf("label of a 1100-row picture: %v, want a strip of %d rows", l.Bounds(), 2*(lineHeight+4))
	}
}

func TestLabelledPixelsImage(t *testing.T) {
	img := pixels.New(40, 3, 3)
	for i := range img.Pix {
		img.Pix[i] = float32(i) / float32(len(img.Pix)) // levels that 16-bit truncation would shift
	}
	a, b := Labelled("x", img), Labelled("x", pixels.ToNRGBA(img))
	if !slices.Equal(a.Pix, b.Pix) {
		t.Error("a labelled *pixels.Image differs from its pixels.ToNRGBA picture")
	}
}
