package field

import (
	"testing"

	"github.com/neurbf/neurbf/pixels"
)

// benchModel is the paper's small-image setting: a 256×256 crop of a real
// photo, ~128K parameters, every pixel every step.
func benchModel(b *testing.B) (*Model, *Trainer) {
	b.Helper()
	return benchTrainer(b, testImage(b, 256), Config{Params: 128000}, 0)
}

// benchTrainer builds the model of cfg for img, fixes its pixels and
// returns a 2-thread trainer over batches of batch pixels (0: every pixel;
// −1: the model's resolved default), warmed up by one step so that its
// scratch buffers reach their size.
func benchTrainer(b *testing.B, img *pixels.Image, cfg Config, batch int) (*Model, *Trainer) {
	b.Helper()
	m, err := NewImageModel(cfg, img)
	if err != nil {
		b.Fatal(err)
	}
	if batch < 0 {
		batch = m.Config.Train.Batch
	}
	task := NewImageTask(img, batch)
	if _, err := m.Encoder.Fix(task.Points()); err != nil {
		b.Fatal(err)
	}
	tr, err := NewTrainer(m, task, 2)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(tr.Close)
	tr.Step()
	return m, tr
}

// BenchmarkTrainStep256 times whole training steps (2 threads, 65,536
// pixels a step) and reports training samples per second.
func BenchmarkTrainStep256(b *testing.B) {
	_, tr := benchModel(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tr.Step()
	}
	b.ReportMetric(float64(65536*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkStepPhases256 splits a step (on one thread, the whole image in
// chunks, as a worker does) into its encoder, decoder and optimiser parts,
// reporting each as ms per step.
func BenchmarkStepPhases256(b *testing.B) {
	m, tr := benchModel(b)
	w, grads := tr.hands[0], tr.shards[0].grads
	batch := tr.Task.Sample(0, tr.rng)
	width := m.Encoder.OutDim()
	n := len(batch.X) / 2
	z := make([]float32, chunk*width)
	dz := make([]float32, chunk*width)
	out := make([]float32, chunk*3)
	for _, phase := range []string{"encoder", "decoder", "adam"} {
		b.Run(phase, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				switch phase {
				case "adam":
					tr.opt.Step()
					continue
				}
				for c := 0; c < n; c += chunk {
					e := min(c+chunk, n)
					switch phase {
					case "encoder":
						w.enc.Forward(z[:(e-c)*width], width, 0, batch.X[2*c:2*e], batch.Idx[c:e])
						w.enc.Backward(grads[:tr.nEnc], nil, dz[:(e-c)*width], width, 0)
					case "decoder":
						w.dec.Forward(out[:(e-c)*3], z[:(e-c)*width], e-c)
						w.dec.Backward(grads[tr.nEnc:], dz[:(e-c)*width], out[:(e-c)*3])
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/step")
		})
	}
}
