package field

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/nn"
)

// affineEncoder is a test encoder with a known gradient:
// out_j = Σ_d A[j][d]·x_d² + p_j, with p its parameter.
type affineEncoder struct {
	dim, width int
	a          []float32
	p          *nn.Param
}

func newAffine(dim, width int, rng *rand.Rand, name string) *affineEncoder {
	e := &affineEncoder{dim: dim, width: width, a: make([]float32, dim*width), p: nn.NewParam(name, "grid", width)}
	for i := range e.a {
		e.a[i] = float32(rng.NormFloat64())
	}
	for i := range e.p.Data {
		e.p.Data[i] = float32(rng.NormFloat64())
	}
	return e
}

func (e *affineEncoder) InDim() int                  { return e.dim }
func (e *affineEncoder) OutDim() int                 { return e.width }
func (e *affineEncoder) Params() []*nn.Param         { return []*nn.Param{e.p} }
func (e *affineEncoder) NewWorker() nn.EncoderWorker { return &affineWorker{e: e} }

type affineWorker struct {
	e *affineEncoder
	x []float32
}

func (w *affineWorker) Forward(out []float32, stride, off int, x []float32, idx []int32) {
	e := w.e
	w.x = x
	for i := 0; i < len(x)/e.dim; i++ {
		for j := 0; j < e.width; j++ {
			v := e.p.Data[j]
			for d := 0; d < e.dim; d++ {
				v += e.a[j*e.dim+d] * x[i*e.dim+d] * x[i*e.dim+d]
			}
			out[i*stride+off+j] = v
		}
	}
}

func (w *affineWorker) Backward(grads [][]float32, dx []float32, dout []float32, stride, off int) {
	e := w.e
	if dx != nil {
		clear(dx)
	}
	for i := 0; i < len(w.x)/e.dim; i++ {
		for j := 0; j < e.width; j++ {
			g := dout[i*stride+off+j]
			grads[0][j] += g
			if dx != nil {
				for d := 0; d < e.dim; d++ {
					dx[i*e.dim+d] += g * 2 * e.a[j*e.dim+d] * w.x[i*e.dim+d]
				}
			}
		}
	}
}

// TestHybridConcatenates checks the hybrid's layout (parts side by side at
// an offset inside a wider row, then the bias) and its backward pass: the
// parts' gradients land in their own slots, the bias gradient is the sum of
// dout, and the input gradients of the parts add up.
func TestHybridConcatenates(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	a, b := newAffine(2, 3, rng, "a"), newAffine(2, 2, rng, "b")
	bias := nn.NewParam("bias", "bias", 5)
	for i := range bias.Data {
		bias.Data[i] = float32(i) / 10
	}
	h, err := newHybrid([]Encoder{a, b}, bias)
	if err != nil {
		t.Fatal(err)
	}
	if h.OutDim() != 5 || h.InDim() != 2 || len(h.Params()) != 3 {
		t.Fatalf("OutDim %d InDim %d params %d", h.OutDim(), h.InDim(), len(h.Params()))
	}
	const n, stride, off = 4, 8, 2
	x := make([]float32, n*2)
	for i := range x {
		x[i] = float32(rng.Float64()*2 - 1)
	}
	out := make([]float32, n*stride)
	w := h.NewWorker()
	w.Forward(out, stride, off, x, nil)
	for i := range n {
		xi := x[2*i : 2*i+2]
		for j := range 5 {
			e, jj := a, j
			if j >= 3 {
				e, jj = b, j-3
			}
			want := float64(e.p.Data[jj]) + float64(bias.Data[j])
			for d := range 2 {
				want += float64(e.a[jj*2+d]) * float64(xi[d]) * float64(xi[d])
			}
			if got := out[i*stride+off+j]; math.Abs(float64(got)-want) > 1e-5 {
				t.Fatalf("point %d feature %d: %v, want %v", i, j, got, want)
			}
		}
	}
	dout := make([]float32, n*stride)
	for i := range dout {
		dout[i] = float32(rng.NormFloat64())
	}
	grads := [][]float32{make([]float32, 3), make([]float32, 2), make([]float32, 5)}
	dx := make([]float32, n*2)
	w.Backward(grads, dx, dout, stride, off)
	for j := range 5 {
		var s float64
		for i := range n {
			s += float64(dout[i*stride+off+j])
		}
		if math.Abs(float64(grads[2][j])-s) > 1e-5 {
			t.Errorf("bias grad %d = %v, want %v", j, grads[2][j], s)
		}
		g := grads[0]
		jj := j
		if j >= 3 {
			g, jj = grads[1], j-3
		}
		if math.Abs(float64(g[jj])-s) > 1e-5 {
			t.Errorf("part grad of feature %d = %v, want %v", j, g[jj], s)
		}
	}
	for i := range n {
		for d := range 2 {
			var want float64
			for j := range 5 {
				e, jj := a, j
				if j >= 3 {
					e, jj = b, j-3
				}
				want += float64(dout[i*stride+off+j]) * 2 * float64(e.a[jj*2+d]) * float64(x[2*i+d])
			}
			if got := dx[2*i+d]; math.Abs(float64(got)-want) > 1e-4 {
				t.Errorf("dx[%d,%d] = %v, want %v", i, d, got, want)
			}
		}
	}
}

func TestHybridRejectsMismatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	if _, err := newHybrid(nil, nn.NewParam("bias", "bias", 0)); err == nil {
		t.Error("no parts accepted")
	}
	if _, err := newHybrid([]Encoder{newAffine(2, 3, rng, "a"), newAffine(3, 2, rng, "b")}, nn.NewParam("bias", "bias", 5)); err == nil {
		t.Error("parts of different dimension accepted")
	}
	if _, err := newHybrid([]Encoder{newAffine(2, 3, rng, "a")}, nn.NewParam("bias", "bias", 4)); err == nil {
		t.Error("bias of the wrong width accepted")
	}
}
