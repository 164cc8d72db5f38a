package field

import (
	"testing"
)

// benchModel is the paper's small-image setting: a 256×256 crop of a real
// photo, ~128K parameters, every pixel every step.
func benchModel(b *testing.B) (*Model, *Trainer) {
	b.Helper()
	img := testImage(b, 256)
	m, err := NewImageModel(Config{Params: 128000}, img)
	if err != nil {
		b.Fatal(err)
	}
	task := NewImageTask(img, 0)
	if _, err := m.Encoder.Fix(task.Points()); err != nil {
		b.Fatal(err)
	}
	tr, err := NewTrainer(m, task, 2)
	if err != nil {
		b.Fatal(err)
	}
	tr.Step() // warm-up: scratch buffers reach their size
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
					tr.Opt.Step()
					continue
				}
				for c := 0; c < n; c += chunk {
					e := min(c+chunk, n)
					switch phase {
					case "encoder":
						w.enc.Forward(batch.X[2*c:2*e], batch.Idx[c:e], z[:(e-c)*width], width, 0)
						w.enc.Backward(dz[:(e-c)*width], width, 0, grads[:tr.nEnc], nil)
					case "decoder":
						w.dec.Forward(z[:(e-c)*width], e-c, out[:(e-c)*3])
						w.dec.Backward(out[:(e-c)*3], grads[tr.nEnc:], dz[:(e-c)*width])
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/step")
		})
	}
}
