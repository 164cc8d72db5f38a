package render

import (
	"image/color"
	"math"
	"testing"
)

func TestViridisEndpoints(t *testing.T) {
	// Published first, middle (entry 128 of 256) and last viridis colours.
	for _, tc := range []struct {
		t    float64
		want [3]float64
	}{
		{0, [3]float64{0.267004, 0.004874, 0.329415}},
		{128.0 / 255, [3]float64{0.127568, 0.566949, 0.550556}},
		{1, [3]float64{0.993248, 0.906157, 0.143936}},
	} {
		r, g, b := viridisRGB(tc.t)
		if math.Abs(r-tc.want[0]) > 1e-12 || math.Abs(g-tc.want[1]) > 1e-12 || math.Abs(b-tc.want[2]) > 1e-12 {
			t.Errorf("viridis(%v) = (%v, %v, %v), want %v", tc.t, r, g, b, tc.want)
		}
	}
	if got, want := Viridis(0), (color.NRGBA{R: 68, G: 1, B: 84, A: 255}); got != want {
		t.Errorf("Viridis(0) = %v, want %v", got, want)
	}
	if got, want := Viridis(1), (color.NRGBA{R: 253, G: 231, B: 37, A: 255}); got != want {
		t.Errorf("Viridis(1) = %v, want %v", got, want)
	}
}

func TestViridisClampsAndInterpolates(t *testing.T) {
	if Viridis(-3) != Viridis(0) || Viridis(math.NaN()) != Viridis(0) || Viridis(7) != Viridis(1) {
		t.Error("Viridis does not clamp its argument to [0,1]")
	}
	// Half-way between entries 10 and 11.
	r, g, b := viridisRGB(10.5 / 255)
	lo, hi := viridisTable[10], viridisTable[11]
	if math.Abs(r-(lo[0]+hi[0])/2) > 1e-12 || math.Abs(g-(lo[1]+hi[1])/2) > 1e-12 || math.Abs(b-(lo[2]+hi[2])/2) > 1e-12 {
		t.Errorf("viridis(10.5/255) = (%v, %v, %v), want the mean of %v and %v", r, g, b, lo, hi)
	}
}

// TestViridisTableShape guards the transcribed table against typos: the
// published map is smooth and its luminance rises strictly.
func TestViridisTableShape(t *testing.T) {
	lin := func(v float64) float64 { // sRGB to linear light
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	lum := func(c [3]float64) float64 { return 0.2126*lin(c[0]) + 0.7152*lin(c[1]) + 0.0722*lin(c[2]) }
	for i := 1; i < len(viridisTable); i++ {
		a, b := viridisTable[i-1], viridisTable[i]
		for k := range 3 {
			if math.Abs(a[k]-b[k]) > 0.011 {
				t.Errorf("entries %d and %d differ by %v in channel %d", i-1, i, math.Abs(a[k]-b[k]), k)
			}
		}
		if !(lum(b) > lum(a)) {
			t.Errorf("luminance does not rise from entry %d to %d", i-1, i)
		}
	}
}
