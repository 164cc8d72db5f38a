package field

import (
	"fmt"

	"github.com/neurbf/neurbf/nn"
)

// gradWorker is EvalGrad's scratch for one goroutine. The parameter
// gradients the backward passes accumulate into grads are discarded.
type gradWorker struct {
	enc   nn.EncoderWorker
	dec   *nn.MLPWorker
	grads [][]float32
	nEnc  int
	z     []float32
	dz    []float32
	ones  []float32
}

// EvalGrad evaluates a one-channel field (an SDF) at the n = len(x)/Dim
// points of x into out (n values) and writes its exact gradient with
// respect to the point into grad (n×Dim), destinations first, by back-propagating dout = 1
// through the decoder and the encoder. Like Eval it is safe for concurrent
// use and a point's results do not depend on the other points. With grad
// nil it is Eval, so m.EvalGrad is a render.SDF: the sphere tracer asks for
// gradients only where it needs normals. It panics for a model with more
// than one channel or buffers of the wrong length.
func (m *Model) EvalGrad(out, grad, x []float32) {
	if grad == nil {
		m.Eval(out, x)
		return
	}
	if m.tiles != nil {
		if n := len(x) / 2; m.Config.Channels != 1 || len(x) != 2*n || len(out) < n || len(grad) < 2*n {
			panic(fmt.Sprintf("field: EvalGrad on %d channels with %d coordinates, %d outputs, %d gradient values", m.Config.Channels, len(x), len(out), len(grad)))
		}
		m.tiles.evalGrad(out, grad, x)
		return
	}
	dim, width := m.Encoder.InDim(), m.Encoder.OutDim()
	n := len(x) / dim
	if m.Config.Channels != 1 || len(x) != n*dim || len(out) < n || len(grad) < n*dim {
		panic(fmt.Sprintf("field: EvalGrad on %d channels with %d coordinates, %d outputs, %d gradient values", m.Config.Channels, len(x), len(out), len(grad)))
	}
	w, _ := m.gradPool.Get().(*gradWorker)
	if w == nil {
		w = &gradWorker{enc: m.Encoder.NewWorker(), dec: m.decoder.NewWorker(), nEnc: len(m.Encoder.Params())}
		for _, p := range m.Params() {
			w.grads = append(w.grads, make([]float32, len(p.Data)))
		}
	}
	for lo := 0; lo < n; lo += evalChunk {
		hi := min(lo+evalChunk, n)
		c := hi - lo
		w.z = grow(w.z, c*width)
		w.dz = grow(w.dz, c*width)
		if len(w.ones) < c {
			w.ones = make([]float32, evalChunk)
			for i := range w.ones {
				w.ones[i] = 1
			}
		}
		w.enc.Forward(w.z, width, 0, x[lo*dim:hi*dim], nil)
		w.dec.Forward(out[lo:hi], w.z, c)
		w.dec.Backward(w.grads[w.nEnc:], w.dz, w.ones[:c])
		w.enc.Backward(w.grads[:w.nEnc], grad[lo*dim:hi*dim], w.dz, width, 0)
	}
	m.gradPool.Put(w)
}
