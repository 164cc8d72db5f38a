package field

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

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
	img := bigRaster(b)
	for _, params := range []int{128_000, 1_000_000, 8_000_000, 30_000_000} {
		b.Run(fmt.Sprintf("params=%s", millions(params)), func(b *testing.B) {
			m, tr := bigTrainer(b, img, params, sparseAuto)
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

// BenchmarkSparseStepBig compares, on the models of BenchmarkTrainStepBig,
// steps with every parameter dense (the trainer before sparse updates)
// against steps as the crossover chooses (lazyReach), alternating one step
// of each so that a loaded machine slows both alike, and reports the
// median milliseconds of each and their ratio.
func BenchmarkSparseStepBig(b *testing.B) {
	img := bigRaster(b)
	for _, params := range []int{128_000, 1_000_000, 8_000_000, 30_000_000} {
		b.Run(fmt.Sprintf("params=%s", millions(params)), func(b *testing.B) {
			_, dense := bigTrainer(b, img, params, sparseNone)
			_, sparse := bigTrainer(b, img, params, sparseAuto)
			var td, ts []float64
			for b.Loop() {
				for i, tr := range []*Trainer{dense, sparse} {
					t0 := time.Now()
					tr.Step()
					d := time.Since(t0).Seconds() * 1e3
					if i == 0 {
						td = append(td, d)
					} else {
						ts = append(ts, d)
					}
				}
			}
			md, ms := median(td), median(ts)
			b.ReportMetric(md, "dense-ms")
			b.ReportMetric(ms, "sparse-ms")
			b.ReportMetric(md/ms, "speedup")
		})
	}
}

// median returns the median of xs (which it sorts).
func median(xs []float64) float64 {
	slices.Sort(xs)
	return xs[len(xs)/2]
}

// bigRaster loads the big photo, skipping when it is absent.
func bigRaster(b testing.TB) *pixels.Raster {
	b.Helper()
	path := filepath.Join(testfiles.Root(b), "testdata", "big", bigPhoto)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		b.Skipf("testdata/big/%s is absent: run scripts/fetch-testdata.sh to fetch it", bigPhoto)
	}
	img, _, err := pixels.LoadRaster(path, 0)
	if err != nil {
		b.Fatal(err)
	}
	return img
}

// bigTrainer returns a model of params parameters for img and a 2-thread
// trainer of it on batches of 2^14 pixels without a neighbour cache,
// sparse as choice says, warmed up by one step; b's cleanup closes it.
func bigTrainer(b *testing.B, img *pixels.Raster, params int, choice sparseChoice) (*Model, *Trainer) {
	b.Helper()
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
	tr.crew.sparse = choice
	b.Cleanup(tr.Close)
	tr.Step()
	return m, tr
}

// millions names a parameter count for a sub-benchmark: 128K, 1M, 30M.
func millions(n int) string {
	if n < 1_000_000 {
		return fmt.Sprintf("%dK", n/1000)
	}
	return fmt.Sprintf("%dM", n/1_000_000)
}
