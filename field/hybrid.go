package field

import (
	"fmt"

	"github.com/neurbf/neurbf/nn"
)

// Hybrid concatenates the features of several encoders and adds a learnable
// bias vector: z = [g_1(x), …, g_n(x)] + b (docs/METHOD.md §1.6). With a grid and an
// RBF encoder it is NeuRBF's hybrid; with one member it is that encoder alone
// plus the bias.
type Hybrid struct {
	parts []Encoder
	offs  []int
	width int
	bias  *nn.Param
	// np[k] is the number of parameters of part k; the bias comes last.
	np []int
}

// newHybrid returns the concatenation of parts followed by the given bias
// (as wide as all parts' features together). It returns an error when the parts disagree on the
// input dimension or there are none.
func newHybrid(parts []Encoder, bias *nn.Param) (*Hybrid, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("hybrid encoder: no parts")
	}
	h := &Hybrid{parts: parts}
	for _, p := range parts {
		if p.InDim() != parts[0].InDim() {
			return nil, fmt.Errorf("hybrid encoder: input dimensions differ (%d and %d)", parts[0].InDim(), p.InDim())
		}
		h.offs = append(h.offs, h.width)
		h.width += p.OutDim()
		h.np = append(h.np, len(p.Params()))
	}
	if len(bias.Data) != h.width {
		return nil, fmt.Errorf("hybrid encoder: bias has %d values, features %d", len(bias.Data), h.width)
	}
	h.bias = bias
	return h, nil
}

// Parts returns the member encoders in concatenation order.
func (h *Hybrid) Parts() []Encoder { return h.parts }

// InDim is the dimension of the input points.
func (h *Hybrid) InDim() int { return h.parts[0].InDim() }

// OutDim is the total feature width.
func (h *Hybrid) OutDim() int { return h.width }

// Params lists the parts' parameters in order, then the bias.
func (h *Hybrid) Params() []*nn.Param {
	var ps []*nn.Param
	for _, p := range h.parts {
		ps = append(ps, p.Params()...)
	}
	return append(ps, h.bias)
}

// State lists the frozen tensors of the parts that have any.
func (h *Hybrid) State() []*nn.Param {
	var ps []*nn.Param
	for _, p := range h.parts {
		if s, ok := p.(Stater); ok {
			ps = append(ps, s.State()...)
		}
	}
	return ps
}

// Fix prepares every part that can precompute data for a fixed point set.
func (h *Hybrid) Fix(x []float32) (int64, error) {
	var total int64
	for _, p := range h.parts {
		if f, ok := p.(Fixer); ok {
			b, err := f.Fix(x)
			if err != nil {
				return total, err
			}
			total += b
		}
	}
	return total, nil
}

// NewWorker returns per-goroutine state for all parts.
func (h *Hybrid) NewWorker() nn.EncoderWorker {
	w := &hybridWorker{h: h}
	for _, p := range h.parts {
		w.ws = append(w.ws, p.NewWorker())
	}
	return w
}

type hybridWorker struct {
	h  *Hybrid
	ws []nn.EncoderWorker
	n  int
	dx []float32
}

func (w *hybridWorker) Forward(out []float32, stride, off int, x []float32, idx []int32) {
	h := w.h
	w.n = len(x) / h.InDim()
	for k, pw := range w.ws {
		pw.Forward(out, stride, off+h.offs[k], x, idx)
	}
	b := h.bias.Data
	for i := 0; i < w.n; i++ {
		row := out[i*stride+off : i*stride+off+h.width]
		for j, v := range b {
			row[j] += v
		}
	}
}

func (w *hybridWorker) Backward(grads [][]float32, dx []float32, dout []float32, stride, off int) {
	h := w.h
	g := grads
	for k, pw := range w.ws {
		d := dx
		if k > 0 && dx != nil {
			d = w.dxScratch(len(dx))
		}
		pw.Backward(g[:h.np[k]], d, dout, stride, off+h.offs[k])
		if k > 0 && dx != nil {
			for i, v := range d {
				dx[i] += v
			}
		}
		g = g[h.np[k]:]
	}
	gb := g[0]
	for i := 0; i < w.n; i++ {
		row := dout[i*stride+off : i*stride+off+h.width]
		for j, v := range row {
			gb[j] += v
		}
	}
}

// dxScratch is per-worker memory for the input gradient of parts after the first.
func (w *hybridWorker) dxScratch(n int) []float32 {
	if cap(w.dx) < n {
		w.dx = make([]float32, n)
	}
	return w.dx[:n]
}
