package field

import (
	"fmt"
	"testing"

	"github.com/neurbf/neurbf/internal/testfiles"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// BenchmarkSDFPoolBlock times the computation of one default pool block
// (2^14 samples, 3/4 near-surface, exact signed distances on one thread)
// of the Armadillo at near-surface noise σ = 0.01 (the default) and at
// the narrower σ a schedule may reach (SDFTaskOptions.SigmaEnd): points
// nearer the surface can cost more to sign, and one background goroutine
// must keep up with the training threads. It skips when the real data is
// absent.
func BenchmarkSDFPoolBlock(b *testing.B) {
	src, err := mesh.Read(testfiles.RealPath(b, "armadillo.off"))
	if err != nil {
		b.Fatal(err)
	}
	_, frame := NormalizedCopy(src)
	cfg := Config{Task: TaskSDF, Frame: &frame}
	cfg.Train.Batch, cfg.Train.Seed = 1<<12, 1
	for _, sigma := range []float64{nearSigma, 0.0033} {
		b.Run(fmt.Sprintf("sigma=%g", sigma), func(b *testing.B) {
			task, err := NewSDFTask(cfg, src, SDFTaskOptions{Pool: 1 << 12, Blocks: 1, Refresh: -1, Shift: 1, SigmaEnd: sigma})
			if err != nil {
				b.Fatal(err)
			}
			defer task.Close()
			blk := poolBlock{xyz: make([]float32, 3<<14), gt: make([]float32, 1<<14)}
			// Blocks of generation g ≥ 1 count as installed at step g,
			// past the one-step shift, so they have σ = SigmaEnd.
			task.opt.Refresh = 1
			task.nearPer, task.uniPer = 3<<12, 1<<12
			g := 1
			for b.Loop() {
				task.generate(g, &blk, 1)
				g++
			}
		})
	}
}
