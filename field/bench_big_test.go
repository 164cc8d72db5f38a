package field

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/neurbf/neurbf/internal/testfiles"
	"github.com/neurbf/neurbf/pixels"
)

// bigPhoto is the 5120×2880 photo of the issue-15 measurements, fetched
// into testdata/big by scripts/fetch-testdata.sh.
const bigPhoto = "altai-5120x2880.png"

// BenchmarkTrainStepBig times whole training steps on the 5120×2880 photo
// at budgets from 128K to 30M trainable parameters, as `neurbf fit image`
// trains it: stratified batches of 2^14 pixels, neighbours found on the fly
// (no per-pixel cache), 2 threads. Its samples/s against the model size is
// the measure of a step whose cost should not grow with the model. It
// skips when the photo is absent.
func BenchmarkTrainStepBig(b *testing.B) {
	path := filepath.Join(testfiles.Root(b), "testdata", "big", bigPhoto)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		b.Skipf("testdata/big/%s is absent: run scripts/fetch-testdata.sh to fetch it", bigPhoto)
	}
	img, _, err := pixels.LoadRaster(path, 0)
	if err != nil {
		b.Fatal(err)
	}
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
			tr, err := NewTrainer(m, task, 2)
			if err != nil {
				b.Fatal(err)
			}
			defer tr.Close()
			tr.Step()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				tr.Step()
			}
			b.ReportMetric(float64(m.Config.Train.Batch*b.N)/b.Elapsed().Seconds(), "samples/s")
			b.ReportMetric(float64(m.TrainableParams()), "params")
		})
	}
}

// millions names a parameter count for a sub-benchmark: 128K, 1M, 30M.
func millions(n int) string {
	if n < 1_000_000 {
		return fmt.Sprintf("%dK", n/1000)
	}
	return fmt.Sprintf("%dM", n/1_000_000)
}
