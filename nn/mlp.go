package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// DefaultHidden is the decoder's hidden width when MLPConfig.Hidden is zero.
const DefaultHidden = 64

// MLPConfig is the shape of the NeuRBF decoder (docs/METHOD.md §1.7).
type MLPConfig struct {
	In     int       // input width: the encoder's feature count
	Hidden int       // hidden width; 0 means DefaultHidden
	Out    int       // output channels
	Freqs  []float32 // the Hidden frequencies m0 of the residual sine (see LogSpace); not trained
}

// MLP is the NeuRBF decoder:
//
//	h0  = z·W0 + b0                (In → Hidden)
//	h1  = h0 + sin(h0 ⊙ m0)
//	h2  = ReLU(h1·W1 + b1)         (Hidden → Hidden)
//	out = h2·W2 + b2               (Hidden → Out, no activation)
//
// Weights are stored row-major as in×out, so a layer is X·W. The MLP holds
// only parameters; evaluation goes through per-goroutine MLPWorkers.
type MLP struct {
	in, hidden, out        int
	freqs                  []float32
	w0, b0, w1, b1, w2, b2 *Param
}

// NewMLP returns a decoder of the given shape, its weights and biases drawn
// uniformly from ±1/√fan_in (the usual linear-layer initialisation) using
// rng. The parameters are named "mlp.w0" … "mlp.b2", in group "mlp".
func NewMLP(cfg MLPConfig, rng *rand.Rand) (*MLP, error) {
	if cfg.Hidden == 0 {
		cfg.Hidden = DefaultHidden
	}
	if cfg.In <= 0 || cfg.Hidden <= 0 || cfg.Out <= 0 {
		return nil, fmt.Errorf("nn: MLP widths must be positive (in %d, hidden %d, out %d)", cfg.In, cfg.Hidden, cfg.Out)
	}
	if len(cfg.Freqs) != cfg.Hidden {
		return nil, fmt.Errorf("nn: MLP needs %d sine frequencies (one per hidden unit), got %d", cfg.Hidden, len(cfg.Freqs))
	}
	m := &MLP{
		in: cfg.In, hidden: cfg.Hidden, out: cfg.Out,
		freqs: append([]float32(nil), cfg.Freqs...),
		w0:    NewParam("mlp.w0", "mlp", cfg.In*cfg.Hidden),
		b0:    NewParam("mlp.b0", "mlp", cfg.Hidden),
		w1:    NewParam("mlp.w1", "mlp", cfg.Hidden*cfg.Hidden),
		b1:    NewParam("mlp.b1", "mlp", cfg.Hidden),
		w2:    NewParam("mlp.w2", "mlp", cfg.Hidden*cfg.Out),
		b2:    NewParam("mlp.b2", "mlp", cfg.Out),
	}
	for _, l := range []struct {
		fanIn int
		ps    []*Param
	}{{cfg.In, []*Param{m.w0, m.b0}}, {cfg.Hidden, []*Param{m.w1, m.b1}}, {cfg.Hidden, []*Param{m.w2, m.b2}}} {
		bound := 1 / math.Sqrt(float64(l.fanIn))
		for _, p := range l.ps {
			for i := range p.Data {
				p.Data[i] = float32((2*rng.Float64() - 1) * bound)
			}
		}
	}
	return m, nil
}

// In is the input width.
func (m *MLP) In() int { return m.in }

// Hidden is the hidden width.
func (m *MLP) Hidden() int { return m.hidden }

// Out is the number of outputs.
func (m *MLP) Out() int { return m.out }

// Freqs returns the sine frequencies m0 (shared; do not modify).
func (m *MLP) Freqs() []float32 { return m.freqs }

// Params returns the parameters in the order w0, b0, w1, b1, w2, b2; the
// gradient buffers given to MLPWorker.Backward follow the same order.
func (m *MLP) Params() []*Param { return []*Param{m.w0, m.b0, m.w1, m.b1, m.w2, m.b2} }
