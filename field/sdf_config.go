package field

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/grid"
	"github.com/neurbf/neurbf/rbf"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// Defaults of the SDF task (docs/METHOD.md §3, sized for a CPU).
const (
	// sdfDefaultBudget is the paper's "400K setting" (about 448K trainable
	// parameters; its headline 856K setting is twice that). On two CPU
	// cores the per-sample cost hardly depends on the budget, so the
	// paper's smaller setting is the default.
	sdfDefaultBudget = 448_000
	// sdfGridShare is the largest fraction of the budget the hashed grid
	// may take when its table size is chosen from the budget: in the
	// paper's 856K setting the 2^15-row grid takes about 61 %. A smaller
	// table, leaving more of the budget to RBFs, fitted worse (see
	// docs/DECISIONS.md, "SDF grid share of the budget, and the decay to a
	// tenth").
	sdfGridShare = 0.6
	// sdfDefaultBatch is the samples per step. The paper's 2^18 suits a
	// GPU; on two cores what limits quality is the number of Adam steps at
	// the paper's small learning rate, so the batch is small, and larger
	// learning rates did not make up for fewer steps (docs/METHOD.md §6;
	// see docs/DECISIONS.md, "SDF batch of 2^12 at the paper's learning
	// rate").
	sdfDefaultBatch = 1 << 12
	// sdfDefaultSteps is the paper's step count; the CLI usually trains
	// against a clock instead, the learning rates decaying with it.
	sdfDefaultSteps = 20_000
)

// Frame is the normalisation of an SDF task's mesh (docs/METHOD.md §3): a point p
// in the mesh's units is (p − Center)·Scale in the model's [−1, 1]³, and
// a distance d of the model is d/Scale in the mesh's units.
type Frame struct {
	Center [3]float64 `json:"center"`
	Scale  float64    `json:"scale"`
}

// Transform returns the frame as a mesh.Transform.
func (f Frame) Transform() mesh.Transform { return mesh.Transform{Center: f.Center, Scale: f.Scale} }

// resolveSDF fills the defaults of the SDF task (docs/METHOD.md §1–§3): the nlin_s
// RBFs (K = 8, F = 16, m in [1, 8]), 16 hashed grid levels of one feature
// from 16 to 512 (sdfGrid; the paper's 2048 fitted worse on a CPU
// budget), decoder sine frequencies in [30, 300], one output, and
// lr 1e-4 for every group with cosine decay to a tenth.
//
// Deviation: when the grid's table size is not set it is the largest
// 2^t ≤ 2^15 for which the grid takes at most sdfGridShare of the budget,
// so that a budget below the paper's 856K still leaves room for RBFs
// (the paper shrinks its grid for smaller settings too).
func (c *Config) resolveSDF() error {
	if c.Channels == 0 {
		c.Channels = 1
	}
	if c.Channels != 1 {
		return fmt.Errorf("signed distance fields have 1 channel, not %d", c.Channels)
	}
	if c.Params == 0 {
		c.Params = sdfDefaultBudget
	}
	c.RBF = c.RBF.WithDefaults(rbf.SDFDefaults())
	c.MLP = c.MLP.withDefaults(MLPConfig{Hidden: 64, FreqMin: 30, FreqMax: 300})
	if c.Encoder == EncoderGrid {
		c.Grid = c.Grid.WithDefaults(c.ngpGrid(grid.SDFDefaults().MaxRes))
	} else {
		if c.Grid.Log2Table == 0 && c.Encoder == EncoderHybrid {
			c.Grid.Log2Table = c.sdfTable()
		}
		c.Grid = c.Grid.WithDefaults(sdfGrid())
	}
	c.Train = c.Train.withDefaults(TrainConfig{Steps: sdfDefaultSteps, LR: 1e-4, FeatureLR: 1e-4, ShapeLR: 1e-4, Decay: 0.1})
	if c.Train.Batch == 0 {
		c.Train.Batch = sdfDefaultBatch
	}
	if f := c.Frame; f != nil {
		for _, v := range append(f.Center[:], f.Scale) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("mesh frame %+v is not finite", *f)
			}
		}
		if !(f.Scale > 0) {
			return fmt.Errorf("mesh frame scale %v is not positive", f.Scale)
		}
	}
	return nil
}

// sdfGrid is the hybrid's grid for SDFs: METHOD's 16 hashed levels of one
// feature from resolution 16, but up to sdfMaxRes rather than 2048, and
// with smooth rather than linear weights.
//
// Deviation (docs/METHOD.md §6): the finest levels of a 2048 grid share each
// entry of a 2^14–2^15 table among hundreds of surface cells, and the
// collisions are resolved only by far more samples than two cores see in
// minutes; until then they show as roughness and as floaters away from the
// surface. The RBFs, placed on the surface, carry the fine detail. Fewer
// steps at 512 fitted better than more at 2048 (see docs/DECISIONS.md, "SDF
// grid finest level 512").
//
// Deviation (docs/METHOD.md §6): with linear weights the gradient of every
// level jumps at its cell faces, and the surface marching cubes takes from
// the field shows the creases as errors in its normals; smooth weights
// (grid.InterpSmooth) fitted the Armadillo better (see docs/DECISIONS.md,
// "SDF grid: smooth weights").
func sdfGrid() grid.Config {
	g := grid.SDFDefaults()
	g.MaxRes = sdfMaxRes
	g.Interp = grid.InterpSmooth
	return g
}

// sdfMaxRes is sdfGrid's finest resolution.
const sdfMaxRes = 512

// sdfTable is the grid's log2 table size for the budget (see resolveSDF).
func (c Config) sdfTable() int {
	g := c.Grid.WithDefaults(sdfGrid())
	for g.Log2Table = sdfGrid().Log2Table; g.Log2Table > 1; g.Log2Table-- {
		if float64(g.ParamCount(3)) <= sdfGridShare*float64(c.Params) {
			break
		}
	}
	return g.Log2Table
}
