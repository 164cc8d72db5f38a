package rbf

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/nn"
)

// TestRowOps checks combine and scatter, on both the assembly and the Go
// path where the CPU has the former, against float64 sums: widths that
// are and are not multiples of 8, neighbour counts 0 to 8, repeated ids.
func TestRowOps(t *testing.T) {
	paths := []bool{false}
	if rowAsm {
		paths = append(paths, true)
	}
	defer func(v bool) { rowAsm = v }(rowAsm)
	rng := rand.New(rand.NewPCG(5, 5))
	for _, asm := range paths {
		for _, nf := range []int{8, 16, 32, 40, 12} {
			for _, k := range []int{0, 1, 4, 8} {
				t.Run(fmt.Sprintf("asm=%v/F=%d/K=%d", asm, nf, k), func(t *testing.T) {
					rowAsm = asm
					checkRowOps(t, nf, k, rng)
				})
			}
		}
	}
}

func checkRowOps(t *testing.T, nf, k int, rng *rand.Rand) {
	const n = 50
	e := &Encoder{n: n, w: nn.NewParam(FeaturesName, "rbf", n*nf)}
	for i := range e.w.Data {
		e.w.Data[i] = float32(2*rng.Float64() - 1)
	}
	nb := make([]int32, k)
	for i := range nb {
		nb[i] = int32(rng.IntN(n))
	}
	if k > 1 {
		nb[k-1] = nb[0] // a repeated id
	}
	basis := make([]float32, k*nf)
	for i := range basis {
		basis[i] = float32(2*rng.Float64() - 1)
	}
	dst := make([]float32, nf)
	for i := range dst {
		dst[i] = 99 // combine overwrites
	}
	e.combine(dst, nb, nil, basis)
	for j := range nf {
		want := 0.0
		for i, c := range nb {
			want += float64(e.w.Data[int(c)*nf+j]) * float64(basis[i*nf+j])
		}
		if d := math.Abs(float64(dst[j]) - want); d > 1e-5 {
			t.Fatalf("combine column %d: %v, float64 %v", j, dst[j], want)
		}
	}

	dw := make([]float32, n*nf)
	want := make([]float64, n*nf)
	for i := range dw {
		dw[i] = float32(2*rng.Float64() - 1)
		want[i] = float64(dw[i])
	}
	dout := make([]float32, nf)
	for i := range dout {
		dout[i] = float32(2*rng.Float64() - 1)
	}
	e.scatter(dw, dout, nb, nil, basis)
	for i, c := range nb {
		for j := range nf {
			want[int(c)*nf+j] += float64(dout[j]) * float64(basis[i*nf+j])
		}
	}
	for i := range dw {
		if d := math.Abs(float64(dw[i]) - want[i]); d > 1e-5 {
			t.Fatalf("scatter entry %d: %v, float64 %v", i, dw[i], want[i])
		}
	}
}

// TestRowOpsCheckIDs checks that the assembly path refuses an id outside
// the RBFs instead of reading beyond the table.
func TestRowOpsCheckIDs(t *testing.T) {
	const n, nf = 4, 8
	e := &Encoder{n: n, w: nn.NewParam(FeaturesName, "rbf", n*nf)}
	defer func() {
		if recover() == nil {
			t.Error("combine with id 4 of 4 RBFs did not panic")
		}
	}()
	e.combine(make([]float32, nf), []int32{0, n}, nil, make([]float32, 2*nf))
}
