package render

import (
	"math"
	"runtime"
	"testing"

	"github.com/neurbf/neurbf/pixels"
)

// ramp is the analytic field ((x+1)/2, (y+1)/2, 0.5): each pixel's value
// reveals the coordinates it was evaluated at.
func ramp(out, x []float32) {
	for i := range len(x) / 2 {
		out[3*i] = (x[2*i] + 1) / 2
		out[3*i+1] = (x[2*i+1] + 1) / 2
		out[3*i+2] = 0.5
	}
}

// wavy is a field with detail everywhere, for comparing renders bit for bit.
func wavy(out, x []float32) {
	for i := range len(x) / 2 {
		u, v := float64(x[2*i]), float64(x[2*i+1])
		out[2*i] = float32(0.5 + 0.5*math.Sin(13*u+7*v*v))
		out[2*i+1] = float32(0.5 + 0.5*math.Cos(5*u*v-3*v))
	}
}

func TestReconstructImageAnalytic(t *testing.T) {
	// Hand-computed pixel centres of a 4×5 raster mapped to [0,1].
	cols := []float64{0.125, 0.375, 0.625, 0.875}
	rows := []float64{0.1, 0.3, 0.5, 0.7, 0.9}
	img := ReconstructImage(ramp, 4, 5, 3, 2)
	if img.W != 4 || img.H != 5 || img.C != 3 {
		t.Fatalf("got a %dx%dx%d image", img.W, img.H, img.C)
	}
	checkRamp(t, img, cols, rows)

	// 64×48: pixel (i, j) must hold ((i+½)/w, (j+½)/h, ½).
	w, h := 64, 48
	cols, rows = make([]float64, w), make([]float64, h)
	for i := range cols {
		cols[i] = (float64(i) + 0.5) / float64(w)
	}
	for j := range rows {
		rows[j] = (float64(j) + 0.5) / float64(h)
	}
	checkRamp(t, ReconstructImage(ramp, w, h, 3, 3), cols, rows)
}

// checkRamp checks that img is the ramp field at the given column and row
// values, to float32 rounding.
func checkRamp(t *testing.T, img *pixels.Image, cols, rows []float64) {
	t.Helper()
	const tol = 2.5e-7
	for j, y := range rows {
		for i, x := range cols {
			p := img.Pix[(j*img.W+i)*3:]
			if math.Abs(float64(p[0])-x) > tol || math.Abs(float64(p[1])-y) > tol || p[2] != 0.5 {
				t.Fatalf("%dx%d pixel (%d,%d) = %v, want (%v, %v, 0.5)", img.W, img.H, i, j, p[:3], x, y)
			}
		}
	}
}

func TestReconstructClips(t *testing.T) {
	wild := func(out, x []float32) {
		for i := range len(x) / 2 {
			out[3*i], out[3*i+1], out[3*i+2] = -0.5, 1.5, float32(math.NaN())
		}
	}
	img := ReconstructImage(wild, 3, 2, 3, 1)
	for p := range 6 {
		if got := img.Pix[3*p : 3*p+3]; got[0] != 0 || got[1] != 1 || got[2] != 0 {
			t.Fatalf("pixel %d = %v, want [0 1 0]", p, got)
		}
	}
}

func TestReconstructThreadsIdentical(t *testing.T) {
	// 150×100 pixels is four chunks, the last one partial.
	var batches []int
	counting := func(out, x []float32) {
		batches = append(batches, len(x)/2)
		wavy(out, x)
	}
	one := ReconstructImage(counting, 150, 100, 2, 1)
	if want := []int{4096, 4096, 4096, 15000 - 3*4096}; len(batches) != len(want) {
		t.Fatalf("batches %v, want %v", batches, want)
	} else {
		for k := range want {
			if batches[k] != want[k] {
				t.Fatalf("batches %v, want %v", batches, want)
			}
		}
	}
	three := ReconstructImage(wavy, 150, 100, 2, 3)
	for k := range one.Pix {
		if one.Pix[k] != three.Pix[k] {
			t.Fatalf("sample %d: %v with 1 thread, %v with 3", k, one.Pix[k], three.Pix[k])
		}
	}
}

func TestReconstructRegion(t *testing.T) {
	// The quarter [0,1]² drawn at 2×2: centres 0.25 and 0.75.
	img, err := ReconstructRegion(ramp, Region{X0: 0, Y0: 0, X1: 1, Y1: 1}, 2, 2, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	checkRamp(t, img, []float64{0.625, 0.875}, []float64{0.625, 0.875})

	// A non-square zoom: x in [-1,-0.5] over 4 columns, y in [0.5,1] over 2 rows.
	img, err = ReconstructRegion(ramp, Region{X0: -1, Y0: 0.5, X1: -0.5, Y1: 1}, 4, 2, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	checkRamp(t, img, []float64{0.03125, 0.09375, 0.15625, 0.21875}, []float64{0.8125, 0.9375})

	// The full plane reproduces ReconstructImage bit for bit.
	full, err := ReconstructRegion(wavy, Region{X0: -1, Y0: -1, X1: 1, Y1: 1}, 37, 29, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	ref := ReconstructImage(wavy, 37, 29, 2, 1)
	for k := range ref.Pix {
		if ref.Pix[k] != full.Pix[k] {
			t.Fatalf("sample %d: region %v, image %v", k, full.Pix[k], ref.Pix[k])
		}
	}
}

func TestReconstructRegionErrors(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		r       Region
		w, h, c int
	}{
		{Region{0, 0, 0, 1}, 4, 4, 3},
		{Region{0, 1, 1, 0}, 4, 4, 3},
		{Region{nan, 0, 1, 1}, 4, 4, 3},
		{Region{0, 0, math.Inf(1), 1}, 4, 4, 3},
		{Region{-1, -1, 1, 1}, 0, 4, 3},
		{Region{-1, -1, 1, 1}, 4, -1, 3},
		{Region{-1, -1, 1, 1}, 4, 4, 0},
	} {
		if _, err := ReconstructRegion(ramp, tc.r, tc.w, tc.h, tc.c, 1); err == nil {
			t.Errorf("ReconstructRegion(%v, %d, %d, %d) gave no error", tc.r, tc.w, tc.h, tc.c)
		}
	}
}

func TestRendererReuseAllocatesNothing(t *testing.T) {
	rd := Renderer{Threads: 1}
	dst := pixels.New(100, 90, 2)
	r := Region{X0: -1, Y0: -1, X1: 1, Y1: 1}
	if err := rd.Render(dst, wavy, r); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(5, func() {
		if err := rd.Render(dst, wavy, r); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("a repeated render allocates %v times", allocs)
	}
	ref := ReconstructImage(wavy, 100, 90, 2, 1)
	for k := range ref.Pix {
		if ref.Pix[k] != dst.Pix[k] {
			t.Fatalf("sample %d: reused renderer %v, fresh %v", k, dst.Pix[k], ref.Pix[k])
		}
	}
}

func BenchmarkRender256(b *testing.B) {
	const w, h = 256, 256
	rd := Renderer{Threads: runtime.GOMAXPROCS(0)}
	dst := pixels.New(w, h, 3)
	r := Region{X0: -1, Y0: -1, X1: 1, Y1: 1}
	b.ReportAllocs()
	for b.Loop() {
		if err := rd.Render(dst, ramp, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(w*h*b.N)/b.Elapsed().Seconds(), "samples/s")
}
