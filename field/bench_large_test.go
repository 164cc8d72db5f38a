package field

import (
	"testing"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/pixels/pixelstest"
)

// benchLargeModel is the large-image setting: a 1024×1024 centre
// crop of retina.jpg (1411×1411, the largest real photo in testdata/real),
// a 1M-parameter budget and the default stratified batch of 2^18 pixels a
// step, with the per-pixel RBF cache built (Fix) as `neurbf fit image`
// builds it. It skips when the real data is absent.
func benchLargeModel(b *testing.B) (*Model, *Trainer) {
	b.Helper()
	img, err := pixels.CenterCrop(pixelstest.RealImage(b, "retina.jpg"), 1024, 1024)
	if err != nil {
		b.Fatal(err)
	}
	return benchTrainer(b, img, Config{Params: 1_000_000}, -1)
}

// BenchmarkTrainStep1024 times whole training steps of the 1024-px / 1M
// model (2 threads, 2^18 pixels a step) and reports training samples per
// second.
func BenchmarkTrainStep1024(b *testing.B) {
	m, tr := benchLargeModel(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tr.Step()
	}
	b.ReportMetric(float64(m.Config.Train.Batch*b.N)/b.Elapsed().Seconds(), "samples/s")
}
