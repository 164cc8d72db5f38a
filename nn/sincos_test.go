package nn

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestSincos(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var xs []float32
	for _, scale := range []float64{1, 10, 1e3, 1e4, 1e6, 1e8} {
		for range 20000 {
			xs = append(xs, float32((2*rng.Float64()-1)*scale))
		}
	}
	for k := -8; k <= 8; k++ { // multiples of π/4: quadrant edges
		xs = append(xs, float32(float64(k)*math.Pi/4))
	}
	for _, x := range xs {
		s, c := Sincos(x)
		ws, wc := math.Sincos(float64(x))
		if math.Abs(float64(s)-ws) > 1.2e-7 || math.Abs(float64(c)-wc) > 1.2e-7 {
			t.Fatalf("Sincos(%g) = %g, %g; want %g, %g", x, s, c, ws, wc)
		}
	}
	for _, x := range []float32{float32(math.NaN()), float32(math.Inf(1))} {
		if s, c := Sincos(x); !math.IsNaN(float64(s)) || !math.IsNaN(float64(c)) {
			t.Errorf("Sincos(%g) = %g, %g; want NaN", x, s, c)
		}
	}
}

// TestSincosSliceMatches checks SincosSlice, in whichever implementation the
// build uses, against math.Sincos on random arguments in and out of the vector
// range, with a length that leaves a tail, and its panic on short outputs.
func TestSincosSliceMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	x := uniform32(rng, 1003, 2e3)
	x[5], x[500] = 3e6, float32(math.Inf(-1))
	s, c := make([]float32, len(x)), make([]float32, len(x))
	SincosSlice(s, c, x)
	for i, v := range x {
		ws, wc := math.Sincos(float64(v))
		if math.IsNaN(ws) {
			if !math.IsNaN(float64(s[i])) || !math.IsNaN(float64(c[i])) {
				t.Errorf("SincosSlice(%g) = %g, %g; want NaN", v, s[i], c[i])
			}
			continue
		}
		if math.Abs(float64(s[i])-ws) > 1.5e-7 || math.Abs(float64(c[i])-wc) > 1.5e-7 {
			t.Fatalf("SincosSlice(%g) = %g, %g; want %g, %g", v, s[i], c[i], ws, wc)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("SincosSlice with a short output did not panic")
		}
	}()
	SincosSlice(s[:10], c, x)
}

var sinkF32 float32

func BenchmarkSincos(b *testing.B) {
	x := make([]float32, 4096)
	for i := range x {
		x[i] = float32(i)*0.37 - 700
	}
	var acc float32
	b.ReportAllocs()
	for b.Loop() {
		for _, v := range x {
			s, c := Sincos(v)
			acc += s + c
		}
	}
	sinkF32 = acc
	b.ReportMetric(float64(len(x)*b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkSincosSlice(b *testing.B) {
	x := make([]float32, 4096)
	for i := range x {
		x[i] = float32(i)*0.37 - 700
	}
	s, c := make([]float32, len(x)), make([]float32, len(x))
	b.ReportAllocs()
	for b.Loop() {
		SincosSlice(s, c, x)
	}
	b.ReportMetric(float64(len(x)*b.N)/b.Elapsed().Seconds(), "samples/s")
}
