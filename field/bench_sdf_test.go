package field

import (
	"testing"

	"github.com/neurbf/neurbf/internal/testfiles"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// BenchmarkSDFStep448K times training steps of the SDF model at the
// paper's 400K setting (the default 448K budget, batch 2^14, 2 threads)
// on the Armadillo, as `neurbf fit sdf` builds it, and reports training
// samples per second. The pool of off-surface samples is built before the
// timer starts and never refreshed (Refresh −1), so the timing is the step
// alone (sampling from the pool included) without the background
// exact-distance queries competing for the two cores. It skips when the
// real data is absent.
func BenchmarkSDFStep448K(b *testing.B) {
	src, err := mesh.Read(testfiles.RealPath(b, "armadillo.off"))
	if err != nil {
		b.Fatal(err)
	}
	m, err := NewSDFModel(Config{}, src)
	if err != nil {
		b.Fatal(err)
	}
	task, err := NewSDFTask(m.Config, src, SDFTaskOptions{Refresh: -1})
	if err != nil {
		b.Fatal(err)
	}
	defer task.Close()
	tr, err := NewTrainer(m, task, 2)
	if err != nil {
		b.Fatal(err)
	}
	tr.Step() // warm-up: scratch buffers reach their size
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tr.Step()
	}
	b.ReportMetric(float64(m.Config.Train.Batch*b.N)/b.Elapsed().Seconds(), "samples/s")
}
