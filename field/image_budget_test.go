package field

import (
	"testing"

	"github.com/neurbf/neurbf/pixels"
)

// TestImageBudgetIsTrainable checks that an image model's parameter budget
// counts its trainable values (Config.imageRBFs): the paper's 256² / 128K
// setting has 2,748 RBFs and within one RBF's features of 128,000
// trainable parameters.
func TestImageBudgetIsTrainable(t *testing.T) {
	cfg, err := Config{Task: TaskImage, Width: 256, Height: 256, Channels: 3, Params: 128000}.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RBFs != 2748 {
		t.Errorf("256² / 128K: %d RBFs, want 2748", cfg.RBFs)
	}
	img := pixels.New(64, 64, 3)
	for i := range img.Pix {
		img.Pix[i] = float32(i%7) / 7
	}
	for _, c := range []struct {
		enc    string
		params int
	}{{EncoderHybrid, 40000}, {EncoderRBF, 20000}, {EncoderHybrid, 0}} {
		m, err := NewImageModel(Config{Encoder: c.enc, Params: c.params}, img)
		if err != nil {
			t.Fatal(err)
		}
		budget, got, f := m.Config.Params, m.TrainableParams(), m.Config.RBF.Features
		if got > budget || got <= budget-f {
			t.Errorf("%s, budget %d: %d trainable parameters (%d RBFs), want within %d below", c.enc, budget, got, m.Config.RBFs, f)
		}
	}
	// A budget that leaves nothing for RBFs is an error, as before.
	if _, err := NewImageModel(Config{Params: 1000}, img); err == nil {
		t.Error("a 1,000-parameter budget gave a model")
	}
}
