package field

import (
	"bytes"
	"testing"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/grid"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// TestSDFBudgetIsTrainable pins the one meaning of Config.Params: a count
// of trainable values, for SDFs as for images. The default SDF model (the
// paper's "400K" setting, a budget of 448,000) must have within one RBF's
// trainable values (its 16 features) of 448,000 trainable parameters; the
// frozen tent centres and widths are not charged to it.
func TestSDFBudgetIsTrainable(t *testing.T) {
	bunny, err := mesh.Decode(bytes.NewReader(assets.Bunny), "bunny.obj")
	if err != nil {
		t.Fatal(err)
	}
	for _, params := range []int{0, 120000} {
		m, err := NewSDFModel(Config{Params: params}, bunny)
		if err != nil {
			t.Fatal(err)
		}
		budget, got, f := m.Config.Params, m.TrainableParams(), m.Config.RBF.Features
		if params == 0 && budget != sdfDefaultBudget {
			t.Errorf("default SDF budget %d, want %d", budget, sdfDefaultBudget)
		}
		if got > budget || got <= budget-f {
			t.Errorf("SDF budget %d: %d trainable parameters (%d RBFs), want within %d below the budget", budget, got, m.Config.RBFs, f)
		}
	}
}

// TestGridWeightsByTask pins which grids take smooth weights: the SDF
// hybrid's by default (docs/DECISIONS.md, "SDF grid: smooth weights"), a
// config's explicit choice over that default, and images and the
// grid-only ablation the paper's linear ones.
func TestGridWeightsByTask(t *testing.T) {
	cases := []struct {
		name string
		in   Config
		want string
	}{
		{"sdf", Config{Task: TaskSDF, Channels: 1}, grid.InterpSmooth},
		{"sdf linear", Config{Task: TaskSDF, Channels: 1, Grid: grid.Config{Interp: grid.InterpLinear}}, grid.InterpLinear},
		{"sdf grid only", Config{Task: TaskSDF, Channels: 1, Encoder: EncoderGrid}, grid.InterpLinear},
		{"image", Config{Task: TaskImage, Width: 64, Height: 48, Channels: 3}, grid.InterpLinear},
	}
	for _, c := range cases {
		cfg, err := c.in.Resolve()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := cfg.Grid.Interp; got != c.want {
			t.Errorf("%s: grid interp %q, want %q", c.name, got, c.want)
		}
	}
	if _, err := (Config{Task: TaskSDF, Channels: 1, Grid: grid.Config{Interp: "cubic"}}).Resolve(); err == nil {
		t.Error(`interp "cubic" was accepted`)
	}
}
