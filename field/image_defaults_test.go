package field

import (
	"testing"

	"github.com/neurbf/neurbf/grid"
)

// TestImageDefaultParams pins the default budget: the paper's 128K per
// 256² pixels up to 2^20 pixels, about the paper's 178M at its Tokyo
// image, growing with size but ever less per pixel in between.
func TestImageDefaultParams(t *testing.T) {
	if got := imageDefaultParams(256, 256); got != 128000 {
		t.Errorf("256²: %d, want 128000", got)
	}
	if got := imageDefaultParams(1024, 1024); got != 2048000 {
		t.Errorf("1024²: %d, want 2048000", got)
	}
	if got := imageDefaultParams(56718, 21450); got < 177e6 || got > 179e6 {
		t.Errorf("Tokyo: %d, want about 178M", got)
	}
	prev, prevPer := 0, 3.0
	for _, side := range []int{1100, 2000, 4000, 8000, 16000, 32000, 64000} {
		p := imageDefaultParams(side, side)
		per := float64(p) / float64(side*side)
		if p <= prev || per >= prevPer {
			t.Errorf("%d²: %d parameters (%.3f a pixel) after %d (%.3f)", side, p, per, prev, prevPer)
		}
		prev, prevPer = p, per
	}
}

// TestImageGridShare checks that the default grid of a small image is the
// paper's dense one (unchanged by the share rule), and that a big image's
// is hashed down to at most imageGridShare of the budget.
func TestImageGridShare(t *testing.T) {
	for _, c := range []struct{ w, h int }{{256, 256}, {600, 400}, {1000, 872}, {1411, 1411}} {
		cfg, err := Config{Task: TaskImage, Width: c.w, Height: c.h, Channels: 3}.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		if dense := grid.ImageDefaults(c.w, c.h); cfg.Grid.Log2Table != dense.Log2Table {
			t.Errorf("%d×%d: table 2^%d, want the dense 2^%d", c.w, c.h, cfg.Grid.Log2Table, dense.Log2Table)
		}
	}
	for _, c := range []struct{ w, h, params int }{{5120, 2880, 0}, {8000, 8000, 0}, {56718, 21450, 0}, {5120, 2880, 1000000}} {
		cfg, err := Config{Task: TaskImage, Width: c.w, Height: c.h, Channels: 3, Params: c.params}.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		g := cfg.Grid.ParamCount(2)
		if float64(g) > imageGridShare*float64(cfg.Params) || cfg.RBFs <= 0 {
			t.Errorf("%d×%d, budget %d: grid %d, %d RBFs", c.w, c.h, cfg.Params, g, cfg.RBFs)
		}
		if next := cfg.Grid; next.Log2Table < grid.ImageDefaults(c.w, c.h).Log2Table {
			next.Log2Table++
			if float64(next.ParamCount(2)) <= imageGridShare*float64(cfg.Params) {
				t.Errorf("%d×%d: table 2^%d is smaller than the share allows", c.w, c.h, cfg.Grid.Log2Table)
			}
		}
	}
}

// TestImageBigLayout checks which images take the hybrid's big-image
// layout (16 hashed grid levels, RBFs of 16 features): those of more than
// 2^20 pixels whose paper grid would have its fine level hashed, and no
// other; that what is set explicitly is kept; and that resolving twice
// (as a snapshot's stored config is) changes nothing.
func TestImageBigLayout(t *testing.T) {
	for _, c := range []struct {
		w, h, params int
		grid         grid.Config
		features     int
		levels, f    int
	}{
		{w: 256, h: 256, levels: 2, f: 32},
		{w: 256, h: 256, params: 16384, levels: 2, f: 32},
		{w: 1024, h: 1024, params: 100000, levels: 2, f: 32},
		{w: 2048, h: 2048, levels: 2, f: 32}, // the paper's fine level fits the share
		{w: 2048, h: 1536, levels: 16, f: 16},
		{w: 5120, h: 2880, levels: 16, f: 16},
		{w: 5120, h: 2880, params: 7800000, levels: 16, f: 16},
		{w: 32768, h: 32768, levels: 16, f: 16}, // the table's cap hashes the paper's fine level
		{w: 5120, h: 2880, grid: grid.Config{Levels: 2}, levels: 2, f: 32},
		{w: 5120, h: 2880, grid: grid.Config{Log2Table: 20}, levels: 2, f: 32},
		{w: 5120, h: 2880, features: 32, levels: 16, f: 32},
	} {
		in := Config{Task: TaskImage, Width: c.w, Height: c.h, Channels: 3, Params: c.params, Grid: c.grid}
		in.RBF.Features = c.features
		cfg, err := in.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Grid.Levels != c.levels || cfg.RBF.Features != c.f {
			t.Errorf("%d×%d, budget %d, grid %+v, F %d: %d levels, F %d; want %d, %d",
				c.w, c.h, c.params, c.grid, c.features, cfg.Grid.Levels, cfg.RBF.Features, c.levels, c.f)
		}
		if c.levels == bigImageLevels && c.grid == (grid.Config{}) {
			if g := cfg.Grid.ParamCount(2); float64(g) > imageGridShare*float64(cfg.Params) || cfg.RBFs <= 0 {
				t.Errorf("%d×%d: grid %d of %d, %d RBFs", c.w, c.h, g, cfg.Params, cfg.RBFs)
			}
		}
		again, err := cfg.Resolve()
		if err != nil {
			t.Fatal(err)
		}
		if again.Grid != cfg.Grid || again.RBF.Features != cfg.RBF.Features || again.RBFs != cfg.RBFs || again.Params != cfg.Params {
			t.Errorf("%d×%d: resolving again changed %+v/%d/%d to %+v/%d/%d", c.w, c.h, cfg.Grid, cfg.RBF.Features, cfg.RBFs, again.Grid, again.RBF.Features, again.RBFs)
		}
	}
}
