package field

import (
	"fmt"
	"slices"
)

// Clone returns a deep copy of m: its config, its encoder's parameters and
// frozen state (RBF centres and shapes) and its decoder, sharing no memory
// with m, so one can train while the other is evaluated. The copy evaluates
// bit for bit like m. Caches derived from training points (Hybrid.Fix) are
// not copied.
func (m *Model) Clone() *Model {
	cfg := m.Config
	if cfg.Frame != nil {
		f := *cfg.Frame
		cfg.Frame = &f
	}
	cfg.RBF.InputScale = slices.Clone(cfg.RBF.InputScale)
	if m.tiles != nil {
		return m.tiles.clone(cfg)
	}
	src := append(m.Params(), m.Encoder.State()...)
	ts := make([]tensor, len(src))
	for i, p := range src {
		ts[i] = tensor{name: p.Name, data: p.Data} // fromTensors copies
	}
	c, err := fromTensors(cfg, ts)
	if err != nil {
		// m was built by this package, so its own tensors always fit.
		panic(fmt.Sprintf("field: cloning a model: %v", err))
	}
	return c
}
