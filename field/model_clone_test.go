package field

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCloneIsDeepAndIdentical: a clone evaluates bit for bit like the
// original, and changing the clone (parameters, frozen state, config)
// leaves the original alone.
func TestCloneIsDeepAndIdentical(t *testing.T) {
	img, tr := fit(t, Config{}, testImage(t, 24), 3, 1)
	tr.Close()
	for _, m := range []*Model{smallSDFModel(t), img} {
		name := m.Config.Task
		c := m.Clone()
		dim := m.Encoder.InDim()
		rng := rand.New(rand.NewPCG(1, 2))
		x := make([]float32, dim*500)
		for i := range x {
			x[i] = float32(2*rng.Float64() - 1)
		}
		if dim == 2 {
			for i := range x {
				x[i] = (x[i] + 1) * float32(m.Config.Width) / 2
			}
		}
		n := len(x) / dim * m.Config.Channels
		want, got := make([]float32, n), make([]float32, n)
		m.Eval(want, x)
		c.Eval(got, x)
		if !slices.Equal(want, got) {
			t.Fatalf("%s: the clone evaluates differently", name)
		}

		for _, p := range append(c.Params(), c.Encoder.State()...) {
			for i := range p.Data {
				p.Data[i] += 0.25
			}
		}
		if f := c.Config.Frame; f != nil {
			f.Scale *= 2
		}
		if s := c.Config.RBF.InputScale; len(s) > 0 {
			s[0] *= 2
		}
		after := make([]float32, n)
		m.Eval(after, x)
		if !slices.Equal(want, after) {
			t.Errorf("%s: changing the clone changed the original's values", name)
		}
		c.Eval(got, x)
		if slices.Equal(want, got) {
			t.Errorf("%s: the changed clone still evaluates like the original: the test cannot tell", name)
		}
		if f := m.Config.Frame; f != nil && f == c.Config.Frame {
			t.Errorf("%s: the clone shares the original's frame", name)
		}
		if s := m.Config.RBF.InputScale; len(s) > 0 && &s[0] == &c.Config.RBF.InputScale[0] {
			t.Errorf("%s: the clone shares the original's input scale", name)
		}
	}
}
