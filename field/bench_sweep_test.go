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

// BenchmarkSizeRatio measures issue 15's ratio on a machine whose speed
// drifts: the 1M and 30M models of BenchmarkStepSweep in one process,
// one step of each in turn, so that a slow spell slows both alike. It
// reports the median wall and CPU milliseconds of each model's steps and
// the 30M model's samples/s as a share of the 1M model's (by wall time).
func BenchmarkSizeRatio(b *testing.B) {
	img := bigRaster(b)
	_, small := bigTrainer(b, img, 1_000_000, sparseAuto)
	_, big := bigTrainer(b, img, 30_000_000, sparseAuto)
	var wall, cpu [2][]float64
	for b.Loop() {
		for i, tr := range []*Trainer{small, big} {
			w0, c0 := wallSeconds(), processSeconds()
			tr.Step()
			wall[i] = append(wall[i], (wallSeconds()-w0)*1e3)
			cpu[i] = append(cpu[i], (processSeconds()-c0)*1e3)
		}
	}
	w1, w30 := median(wall[0]), median(wall[1])
	b.ReportMetric(w1, "1M-wall-ms")
	b.ReportMetric(w30, "30M-wall-ms")
	b.ReportMetric(median(cpu[0]), "1M-cpu-ms")
	b.ReportMetric(median(cpu[1]), "30M-cpu-ms")
	b.ReportMetric(w1/w30, "30M/1M-rate")
}
