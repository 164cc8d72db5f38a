package field

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/neurbf/neurbf/rbf"
)

// wallSeconds returns the wall clock in seconds.
func wallSeconds() float64 { return float64(time.Now().UnixNano()) * 1e-9 }

// BenchmarkEncoderBig times the RBF part of the encoder alone on the
// models of BenchmarkTrainStepBig (the 5120×2880 photo, 128K to 30M
// trainable parameters): one worker's Forward and Backward over
// stratified batches of 2^14 pixels, neighbours found on the fly, as a
// trainer's thread runs them. It reports the median forward and backward
// milliseconds of CPU time of the benchmark's thread per batch (robust to
// other processes' load) and samples/s of wall time; the
// gradient buffer is never cleared (the values do not matter). It skips
// when the photo is absent.
func BenchmarkEncoderBig(b *testing.B) {
	img := bigRaster(b)
	for _, params := range []int{128_000, 1_000_000, 8_000_000, 30_000_000} {
		b.Run(fmt.Sprintf("params=%s", millions(params)), func(b *testing.B) {
			m, err := NewRasterModel(Config{Params: params, Train: TrainConfig{Batch: 1 << 14}}, img)
			if err != nil {
				b.Fatal(err)
			}
			task, err := NewRasterTask(img, m.Config.Train.Batch, false)
			if err != nil {
				b.Fatal(err)
			}
			var e *rbf.Encoder
			for _, p := range m.Encoder.Parts() {
				if r, ok := p.(*rbf.Encoder); ok {
					e = r
				}
			}
			if e == nil {
				b.Skip("the model has no RBF part")
			}
			nf := e.OutDim()
			w := e.NewWorker()
			var grads [][]float32
			for _, p := range e.Params() {
				grads = append(grads, make([]float32, len(p.Data)))
			}
			rng := rand.New(rand.NewPCG(1, 2))
			batch := m.Config.Train.Batch
			out := make([]float32, batch*nf)
			dout := make([]float32, batch*nf)
			for i := range dout {
				dout[i] = float32(rng.Float64()*2-1) * 1e-3
			}
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			pass := func(step int) (fwd, bwd float64) {
				x := task.Sample(step, rng).X
				t0 := threadSeconds()
				w.Forward(out, nf, 0, x, nil)
				t1 := threadSeconds()
				w.Backward(grads, nil, dout, nf, 0)
				return (t1 - t0) * 1e3, (threadSeconds() - t1) * 1e3
			}
			pass(0)
			var tf, tb []float64
			step := 1
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				f, g := pass(step)
				tf, tb = append(tf, f), append(tb, g)
				step++
			}
			b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "samples/s")
			b.ReportMetric(median(tf), "fwd-ms")
			b.ReportMetric(median(tb), "bwd-ms")
			b.ReportMetric(float64(e.Len()), "rbfs")
		})
	}
}
