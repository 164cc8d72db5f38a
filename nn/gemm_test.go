package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// testKernels lists every implementation this CPU can run; the SIMD test file
// appends the SIMD ones when they are built.
var testKernels = []kernels{portable}

// useKernels makes k the implementation behind MatMul and friends until the
// returned function restores the previous one.
func useKernels(k kernels) (restore func()) {
	old := kern
	kern = k
	return func() { kern = old }
}

// gemmProduct names one of the three products and gives its shapes: the lengths
// of a, b and c for the dimensions (m, k, n) in the order the function takes
// them, and a float64 reference.
type gemmProduct struct {
	name  string
	call  func(c, a, b []float32, m, k, n int, acc bool)
	sizes func(m, k, n int) (na, nb, nc int)
	ref   func(c, a, b []float64, m, k, n int) // c = the exact product
}

var gemmProducts = []gemmProduct{
	{
		name:  "MatMul",
		call:  MatMul,
		sizes: func(m, k, n int) (int, int, int) { return m * k, k * n, m * n },
		ref: func(c, a, b []float64, m, k, n int) {
			for i := range m {
				for j := range n {
					s := 0.0
					for p := range k {
						s += a[i*k+p] * b[p*n+j]
					}
					c[i*n+j] = s
				}
			}
		},
	},
	{
		// Arguments (m, n, k): c m×k = a (m×n) · bᵀ (b k×n).
		name:  "MatMulTransB",
		call:  MatMulTransB,
		sizes: func(m, n, k int) (int, int, int) { return m * n, k * n, m * k },
		ref: func(c, a, b []float64, m, n, k int) {
			for i := range m {
				for j := range k {
					s := 0.0
					for p := range n {
						s += a[i*n+p] * b[j*n+p]
					}
					c[i*k+j] = s
				}
			}
		},
	},
	{
		// c k×n = aᵀ (a m×k) · b (m×n).
		name:  "MatMulTransA",
		call:  MatMulTransA,
		sizes: func(m, k, n int) (int, int, int) { return m * k, m * n, k * n },
		ref: func(c, a, b []float64, m, k, n int) {
			for r := range k {
				for j := range n {
					s := 0.0
					for i := range m {
						s += a[i*k+r] * b[i*n+j]
					}
					c[r*n+j] = s
				}
			}
		},
	},
}

// inner returns the length of the sums of a product with dimensions (m, k, n).
func (p gemmProduct) inner(m, k, n int) int {
	switch p.name {
	case "MatMul":
		return k
	case "MatMulTransB":
		return k // the second argument, n in the signature
	}
	return m
}

func gemmRand(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = float32(rng.NormFloat64())
	}
	return s
}

func gemmWiden(s []float32) []float64 {
	d := make([]float64, len(s))
	for i, v := range s {
		d[i] = float64(v)
	}
	return d
}

func gemmAbs(s []float64) []float64 {
	d := make([]float64, len(s))
	for i, v := range s {
		d[i] = math.Abs(v)
	}
	return d
}

// checkGemm runs p with the current kernels on random operands and
// compares against the float64 reference, with a float32 rounding bound
// proportional to the length of the sums; it also checks that c is not
// written past its end.
func checkGemm(t *testing.T, rng *rand.Rand, p gemmProduct, m, k, n int, acc bool) {
	t.Helper()
	na, nb, nc := p.sizes(m, k, n)
	a, b := gemmRand(rng, na), gemmRand(rng, nb)
	const guard = 19
	c := gemmRand(rng, nc+guard)
	c0 := append([]float32(nil), c...)
	p.call(c[:nc], a, b, m, k, n, acc)

	want := make([]float64, nc)
	mag := make([]float64, nc)
	p.ref(want, gemmWiden(a), gemmWiden(b), m, k, n)
	p.ref(mag, gemmAbs(gemmWiden(a)), gemmAbs(gemmWiden(b)), m, k, n)
	if acc {
		for i := range want {
			want[i] += float64(c0[i])
			mag[i] += math.Abs(float64(c0[i]))
		}
	}
	// Each float32 sum of L products is within about L·2⁻²⁴·Σ|terms| of the
	// exact one; allow four times that.
	tol := 4 * float64(p.inner(m, k, n)+2) * 0x1p-24
	for i := range want {
		if d := math.Abs(float64(c[i]) - want[i]); d > tol*mag[i]+1e-30 {
			t.Fatalf("%s %s m,k,n=%d,%d,%d acc=%v: c[%d] = %g, want %g (|err| %.3g > %.3g)",
				Kernels(), p.name, m, k, n, acc, i, c[i], want[i], d, tol*mag[i])
		}
	}
	for i := nc; i < len(c); i++ {
		if c[i] != c0[i] {
			t.Fatalf("%s %s m,k,n=%d,%d,%d: wrote c[%d] past the end", Kernels(), p.name, m, k, n, i)
		}
	}
}

// checkGrid runs checkGemm on every product, accumulating and
// overwriting, for every m in rows and every k and n in dims.
func checkGrid(t *testing.T, rng *rand.Rand, rows, dims []int) {
	t.Helper()
	for _, p := range gemmProducts {
		for _, acc := range []bool{false, true} {
			for _, m := range rows {
				for _, k := range dims {
					for _, n := range dims {
						checkGemm(t, rng, p, m, k, n, acc)
					}
				}
			}
		}
	}
}

// TestProducts compares every available implementation with a float64
// reference on the decoder's shapes and on awkward ones, both accumulating
// and overwriting.
func TestProducts(t *testing.T) {
	dims := []int{1, 3, 8, 17, 32, 36, 64, 65}
	rows := []int{1, 3, 4, 5, 17, 66, 130}
	big := [][3]int{
		{1000, 36, 64}, {1000, 64, 64}, {1000, 64, 3}, {999, 64, 1}, {1001, 3, 64},
		{37, 1100, 3},  // inner dimension longer than one packed tile
		{50, 130, 150}, // several row and column tiles
		{9, 5, 2},
	}
	for _, kk := range testKernels {
		t.Run(kk.name, func(t *testing.T) {
			defer useKernels(kk)()
			rng := rand.New(rand.NewPCG(1, 2))
			checkGrid(t, rng, rows, dims)
			for _, p := range gemmProducts {
				for _, acc := range []bool{false, true} {
					for _, s := range big {
						checkGemm(t, rng, p, s[0], s[1], s[2], acc)
					}
				}
			}
		})
	}
}

// TestProductsPanic checks that every implementation rejects a too-short
// destination.
func TestProductsPanic(t *testing.T) {
	for _, kk := range testKernels {
		for _, p := range gemmProducts {
			t.Run(kk.name+"/"+p.name, func(t *testing.T) {
				defer useKernels(kk)()
				defer func() {
					if recover() == nil {
						t.Error("no panic for a short c")
					}
				}()
				na, nb, nc := p.sizes(5, 7, 9)
				p.call(make([]float32, nc-1), make([]float32, na), make([]float32, nb), 5, 7, 9, false)
			})
		}
	}
}

// machinePeak returns one core's measured FMA peak in GFLOP/s at the
// widest vector width the CPU runs, or 0 where no peak loop exists; the
// amd64 tests set it.
var machinePeak = func() float64 { return 0 }

// reportRate reports GFLOP/s for flops per iteration and, when peak > 0,
// the percentage of peak.
func reportRate(b *testing.B, flops, peak float64) {
	g := flops * float64(b.N) / b.Elapsed().Seconds() / 1e9
	b.ReportMetric(g, "GFLOP/s")
	if peak > 0 {
		b.ReportMetric(100*g/peak, "%peak")
	}
}

// gemmShapes are the (k, n) pairs of the decoder layers: 36→64→64→3 for
// images and 32→64→64→1 for SDFs.
var gemmShapes = [][2]int{{36, 64}, {64, 64}, {64, 3}, {32, 64}, {64, 1}}

const gemmRows = 65536

// BenchmarkProducts times each product at the decoder's layer shapes with a
// batch of 65536 rows, for every available implementation. For the layer
// k→n, MatMul is the forward pass, MatMulTransB the input gradient and
// MatMulTransA the weight gradient. %peak is against one core's FMA peak at
// the CPU's widest vectors (BenchmarkFMAPeak).
func BenchmarkProducts(b *testing.B) {
	peak := machinePeak()
	for _, kk := range testKernels {
		for _, p := range gemmProducts {
			for _, s := range gemmShapes {
				k, n := s[0], s[1]
				args := [3]int{gemmRows, k, n}
				if p.name == "MatMulTransB" {
					args = [3]int{gemmRows, n, k}
				}
				b.Run(fmt.Sprintf("%s/%s/%dx%d", kk.name, p.name, k, n), func(b *testing.B) {
					// Operands only for the sub-benchmarks -bench selects.
					rng := rand.New(rand.NewPCG(3, 4))
					na, nb, nc := p.sizes(args[0], args[1], args[2])
					x, y, z := gemmRand(rng, na), gemmRand(rng, nb), make([]float32, nc)
					defer useKernels(kk)()
					b.ReportAllocs()
					for b.Loop() {
						p.call(z, x, y, args[0], args[1], args[2], true)
					}
					reportRate(b, 2*float64(gemmRows*k*n), peak)
					b.ReportMetric(float64(gemmRows*b.N)/b.Elapsed().Seconds(), "samples/s")
				})
			}
		}
	}
}

// BenchmarkMLPStep times every product of one forward and backward pass of
// the 36→64→64→3 decoder at a batch of 65536 (activations excluded); %peak
// as in BenchmarkProducts.
func BenchmarkMLPStep(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	peak := machinePeak()
	widths := []int{36, 64, 64, 3}
	acts := make([][]float32, len(widths))
	grads := make([][]float32, len(widths))
	for l, w := range widths {
		acts[l], grads[l] = gemmRand(rng, gemmRows*w), gemmRand(rng, gemmRows*w)
	}
	ws := make([][]float32, len(widths)-1)
	dws := make([][]float32, len(widths)-1)
	flops := 0
	for l := range ws {
		ws[l], dws[l] = gemmRand(rng, widths[l]*widths[l+1]), make([]float32, widths[l]*widths[l+1])
		flops += 3 * 2 * gemmRows * widths[l] * widths[l+1]
	}
	for _, kk := range testKernels {
		b.Run(kk.name, func(b *testing.B) {
			defer useKernels(kk)()
			b.ReportAllocs()
			for b.Loop() {
				for l := range ws {
					MatMul(acts[l+1], acts[l], ws[l], gemmRows, widths[l], widths[l+1], false)
				}
				for l := len(ws) - 1; l >= 0; l-- {
					MatMulTransA(dws[l], acts[l], grads[l+1], gemmRows, widths[l], widths[l+1], true)
					MatMulTransB(grads[l], grads[l+1], ws[l], gemmRows, widths[l+1], widths[l], false)
				}
			}
			reportRate(b, float64(flops), peak)
			b.ReportMetric(float64(gemmRows*b.N)/b.Elapsed().Seconds(), "samples/s")
		})
	}
}
