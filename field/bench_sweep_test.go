package field

import (
	"fmt"
	"testing"
)

// BenchmarkStepSweep times the training steps of BenchmarkTrainStepBig
// (the 5120×2880 photo, batch 2^14, 2 threads, 128K to 30M trainable
// parameters) step by step and reports medians: wall milliseconds a step
// and the samples/s they give, and CPU milliseconds a step (all threads),
// which other processes' load disturbs less. The samples/s of the 30M
// model against the 1M one is issue 15's measure of a step whose cost
// does not grow with the model; compare builds by running their test
// binaries alternately. It skips when the photo is absent.
func BenchmarkStepSweep(b *testing.B) {
	img := bigRaster(b)
	for _, params := range []int{128_000, 1_000_000, 8_000_000, 30_000_000} {
		b.Run(fmt.Sprintf("params=%s", millions(params)), func(b *testing.B) {
			m, tr := bigTrainer(b, img, params, sparseAuto)
			var wall, cpu []float64
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				w0, c0 := wallSeconds(), processSeconds()
				tr.Step()
				wall = append(wall, (wallSeconds()-w0)*1e3)
				cpu = append(cpu, (processSeconds()-c0)*1e3)
			}
			mw := median(wall)
			b.ReportMetric(mw, "wall-ms")
			b.ReportMetric(median(cpu), "cpu-ms")
			b.ReportMetric(float64(m.Config.Train.Batch)/mw*1e3, "samples/s")
		})
	}
}
