package render

import (
	"flag"
	"image"
	"image/color"
	"math"
	"slices"
	"testing"

	"github.com/neurbf/neurbf/internal/testfiles"
	"github.com/neurbf/neurbf/pixels"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// synthPair returns a smooth ground truth and a prediction of it with a
// disc of large error, a band of small error and a faint ripple.
func synthPair(w, h int) (pred, gt *pixels.Image) {
	gt, pred = pixels.New(w, h, 3), pixels.New(w, h, 3)
	for j := range h {
		for i := range w {
			x, y := float64(pixels.PixelCenter(i, w)), float64(pixels.PixelCenter(j, h))
			g := [3]float64{(x + 1) / 2, (y + 1) / 2, 0.5 + 0.4*math.Sin(3*x*y)}
			e := 0.002 * math.Sin(20*x+11*y)
			if d := math.Hypot(x-0.35, y+0.3); d < 0.3 {
				e += 0.08 * (1 - d/0.3)
			}
			if math.Abs(y-0.55) < 0.08 {
				e += 0.02
			}
			for c := range 3 {
				gt.Pix[(j*w+i)*3+c] = float32(g[c])
				pred.Pix[(j*w+i)*3+c] = float32(g[c] + e)
			}
		}
	}
	return pred, gt
}

func TestErrorMapIdentical(t *testing.T) {
	_, gt := synthPair(40, 120)
	m, err := ErrorMap(gt, gt, 0)
	if err != nil {
		t.Fatal(err)
	}
	if b := m.Bounds(); b.Dx() <= 40+barGap+barWidth || b.Dy() != 120 {
		t.Fatalf("error map is %v, want 120 rows and room for a scale bar right of 40 columns", b)
	}
	zero := Viridis(0)
	for y := range 120 {
		for x := range 40 {
			if got := m.NRGBAAt(x, y); got != zero {
				t.Fatalf("pixel (%d,%d) = %v, want the colour map's zero %v", x, y, got, zero)
			}
		}
	}
	// The bar, right of the map, runs from the top colour down to the
	// bottom one; the swatch above it shows the clip colour.
	x := 40 + barGap + barPad + barWidth/2
	swatch := barPad + 3*lineHeight + blockGap
	top := swatch + lineHeight + blockGap
	n := barLenFor(120)
	if got := m.NRGBAAt(x, swatch+lineHeight/2); got != ClipColour {
		t.Errorf("clip swatch is %v, want %v", got, ClipColour)
	}
	if got, want := m.NRGBAAt(x, top), Viridis(1-0.5/float64(n)); got != want {
		t.Errorf("top of the bar is %v, want %v", got, want)
	}
	if got, want := m.NRGBAAt(x, top+n-1), Viridis(0.5/float64(n)); got != want {
		t.Errorf("bottom of the bar is %v, want %v", got, want)
	}
	if got := m.NRGBAAt(x, top+n); got != (color.NRGBA{255, 255, 255, 255}) {
		t.Errorf("below the bar is %v, want white", got)
	}
}

// barLenFor returns the length of an error colour bar in a panel h
// pixels tall (the panel's layout, restated).
func barLenFor(h int) int {
	top := barPad + 3*lineHeight + blockGap + lineHeight + blockGap
	return h - lineHeight/2 - barPad - top
}

func TestErrorMapScale(t *testing.T) {
	// One-channel pair whose errors are 0, 0.05, 0.1 (the top), 0.2
	// (above it: clip colour) and, for a prediction below 0 (clipped
	// first), 0.05.
	gt := &pixels.Image{W: 5, H: 1, C: 1, Pix: []float32{0.5, 0.5, 0.5, 0.5, 0.05}}
	pred := &pixels.Image{W: 5, H: 1, C: 1, Pix: []float32{0.5, 0.55, 0.4, 0.7, -0.3}}
	m, err := ErrorMap(pred, gt, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	for x, want := range []color.NRGBA{Viridis(0), Viridis(0.5), Viridis(1), ClipColour, Viridis(0.5)} {
		if got := m.NRGBAAt(x, 0); !near(got, want) {
			t.Errorf("pixel %d = %v, want %v", x, got, want)
		}
	}
	s, err := ErrorScale(pred, gt, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if s.Clipped != 1 || s.Pixels != 5 || math.Abs(s.Max-0.2) > 1e-6 || s.Rule != "given" || s.Reduction != "|error|" {
		t.Errorf("stats %+v, want 1 of 5 clipped, max 0.2, rule given, |error|", s)
	}
	// The channel mean: errors (0.1, 0, 0.05) give 0.05.
	gt3 := &pixels.Image{W: 1, H: 1, C: 3, Pix: []float32{0.2, 0.2, 0.2}}
	pred3 := &pixels.Image{W: 1, H: 1, C: 3, Pix: []float32{0.3, 0.2, 0.15}}
	if m, err = ErrorMap(pred3, gt3, 0.1); err != nil {
		t.Fatal(err)
	}
	if got := m.NRGBAAt(0, 0); !near(got, Viridis(0.5)) {
		t.Errorf("mean-error pixel = %v, want %v", got, Viridis(0.5))
	}
}

func TestErrorScaleAuto(t *testing.T) {
	// 1000 pixels with errors 0.001, 0.002, …, 1 in a scrambled order:
	// the 99.5th percentile is 0.995 and 5 pixels lie above it.
	const n = 1000
	gt, pred := pixels.New(n, 1, 3), pixels.New(n, 1, 3)
	for i := range n {
		e := float32((i*389)%n+1) / n
		for k := range 3 {
			pred.Pix[3*i+k] = e
		}
	}
	s, err := ErrorScale(pred, gt, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := ErrorStats{Reduction: "|error|, mean over RGB", Top: float64(float32(0.995)), Rule: "99.5th percentile", Max: 1, Clipped: 5, Pixels: n}
	if s != want {
		t.Errorf("stats %+v, want %+v", s, want)
	}
	if got := s.ClippedFraction(); got != 0.005 {
		t.Errorf("clipped fraction %v, want 0.005", got)
	}
	if s.Colour(1) != ClipColour || s.Colour(s.Top) != Viridis(1) || s.Colour(0) != Viridis(0) {
		t.Error("Colour does not clip above the top only")
	}
	spec := errorBarSpec(s)
	wantHeader := []string{"|error|, mean over RGB", "top: 99.5th percentile", "max 1"}
	if !slices.Equal(spec.header, wantHeader) || spec.clipLabel != "0.50 % above 0.995" {
		t.Errorf("bar text %q / %q, want %q / %q", spec.header, spec.clipLabel, wantHeader, "0.50 % above 0.995")
	}
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		f     float64
		count int
		want  string
	}{
		{0, 0, "0 %"}, {0.00001, 1, "<0.01 %"}, {0.0038, 38, "0.38 %"},
		{0.047, 470, "4.7 %"}, {0.123, 123, "12 %"}, {1, 9, "100 %"},
	} {
		if got := percent(tc.f, tc.count); got != tc.want {
			t.Errorf("percent(%v) = %q, want %q", tc.f, got, tc.want)
		}
	}
}

// near reports whether two colours differ by at most one level per sample
// (float32 inputs can land an exact half-way value on either side).
func near(a, b color.NRGBA) bool {
	d := func(u, v uint8) bool { return max(u, v)-min(u, v) <= 1 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && a.A == b.A
}

func TestAutoScale(t *testing.T) {
	errs := make([]float64, 1000)
	for i := range errs {
		errs[i] = float64(1000-i) / 1000 // 0.001 … 1, shuffled order
	}
	if got, rule := autoScale(errs); got != 0.995 || rule != "99.5th percentile" {
		t.Errorf("auto scale of 0.001…1 = %v, want the 99.5th percentile 0.995", got)
	}
	few := make([]float64, 1000)
	few[17] = 0.25
	if got, rule := autoScale(few); got != 0.25 || rule != "maximum" {
		t.Errorf("auto scale with 99.9%% zeros = %v, want the maximum 0.25", got)
	}
	if got, rule := autoScale(make([]float64, 10)); got != 1.0/255 || rule != "1/255: no error" {
		t.Errorf("auto scale of no error = %v, want 1/255", got)
	}
}

func TestErrorMapErrors(t *testing.T) {
	a, b := pixels.New(4, 3, 3), pixels.New(3, 4, 3)
	for name, args := range map[string][2]*pixels.Image{
		"size":     {a, b},
		"channels": {a, pixels.New(4, 3, 1)},
		"nil":      {a, nil},
		"empty":    {pixels.New(0, 3, 3), pixels.New(0, 3, 3)},
	} {
		if _, err := ErrorMap(args[0], args[1], 0); err == nil {
			t.Errorf("%s mismatch gave no error", name)
		}
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1)} {
		if _, err := ErrorMap(a, a, bad); err == nil {
			t.Errorf("scale %v gave no error", bad)
		}
	}
}

// TestErrorMapGolden compares the error map of a synthetic pair with the
// stored picture: equal up to a tolerance (PSNR ≥ 40 dB), never bytes.
// Run with -update to rewrite testdata/errormap.png.
func TestErrorMapGolden(t *testing.T) {
	pred, gt := synthPair(96, 72)
	m, err := ErrorMap(pred, gt, 0)
	if err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "errormap.png", m)
}

func BenchmarkErrorMap256(b *testing.B) {
	const w, h = 256, 256
	pred, gt := synthPair(w, h)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ErrorMap(pred, gt, 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(w*h*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// checkGolden compares img with testdata/name (rewriting it under
// -update) and fails below 40 dB PSNR: goldens are compared with a
// tolerance, never byte for byte. A failed picture is kept where the
// failure message says (testfiles.Golden).
func checkGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	testfiles.Golden(t, name, img, 40, *update)
}
