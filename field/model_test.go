package field

import (
	"context"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// testImage is the centre size×size crop of the built-in coffee photo.
func testImage(t testing.TB, size int) *pixels.Image {
	t.Helper()
	return testImageRect(t, size, size)
}

// fit trains a model on img for steps full-image steps.
func fit(t testing.TB, cfg Config, img *pixels.Image, steps, threads int) (*Model, *Trainer) {
	t.Helper()
	cfg.Train.Steps = steps
	m, err := NewImageModel(cfg, img)
	if err != nil {
		t.Fatal(err)
	}
	task := NewImageTask(img, cfg.Train.Batch)
	if _, err := m.Encoder.Fix(task.Points()); err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(m, task, threads)
	if err != nil {
		t.Fatal(err)
	}
	if err := tr.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m, tr
}

func psnrOf(t testing.TB, m *Model, img *pixels.Image) float64 {
	t.Helper()
	p, err := pixels.PSNR(render.ReconstructImage(m.Eval, img.W, img.H, img.C, 2), img)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFitImageLearns fits a 64×64 crop briefly and requires a PSNR no
// model that failed to learn reaches, and that the training loss the
// trainer reports agrees with the PSNR of the reconstruction.
func TestFitImageLearns(t *testing.T) {
	img := testImage(t, 64)
	var h History
	cfg := Config{}
	cfg.Train.Steps = 300
	m, err := NewImageModel(cfg, img)
	if err != nil {
		t.Fatal(err)
	}
	task := NewImageTask(img, 0)
	if _, err := m.Encoder.Fix(task.Points()); err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(m, task, 2)
	if err != nil {
		t.Fatal(err)
	}
	tr.Recorders = []Recorder{&h}
	if err := tr.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	p := psnrOf(t, m, img)
	t.Logf("64×64 coffee, %d params, %d RBFs, 300 steps: %.2f dB", m.TrainableParams(), m.Config.RBFs, p)
	if p < 30 {
		t.Errorf("PSNR %.2f dB after 300 steps, want ≥ 30", p)
	}
	last := h.Points[len(h.Points)-1]
	if len(h.Points) != 300 || last.Step != 300 || math.Abs(last.PSNR-p) > 1.5 {
		t.Errorf("%d reports, last %+v; reconstruction PSNR %.2f", len(h.Points), last, p)
	}
	if h.Points[0].PSNR > 20 {
		t.Errorf("first step already at %.1f dB: the test cannot tell learning from not", h.Points[0].PSNR)
	}
}

// TestSnapshotReproducesModel saves a trained model, loads it and requires
// the reconstruction to be identical bit for bit.
func TestSnapshotReproducesModel(t *testing.T) {
	img := testImage(t, 32)
	m, tr := fit(t, Config{}, img, 20, 2)
	path := filepath.Join(t.TempDir(), "m.nrbf")
	if err := m.Save(path, tr.StepsDone(), tr.Elapsed().Seconds()); err != nil {
		t.Fatal(err)
	}
	m2, h, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if h.Steps != 20 || m2.TrainableParams() != m.TrainableParams() || m2.Config.RBFs != m.Config.RBFs {
		t.Fatalf("header %+v, params %d vs %d", h, m2.TrainableParams(), m.TrainableParams())
	}
	a := render.ReconstructImage(m.Eval, 48, 40, 3, 2)
	b := render.ReconstructImage(m2.Eval, 48, 40, 3, 1)
	if !slices.Equal(a.Pix, b.Pix) {
		t.Error("reconstruction from the loaded snapshot differs")
	}
}

// TestTrainingIsDeterministic: the same seed gives the same parameters
// whatever the thread count; another seed does not.
func TestTrainingIsDeterministic(t *testing.T) {
	img := testImage(t, 160)
	cfg := Config{Params: 40000, Train: TrainConfig{Batch: 3 * minShard}} // three shards
	a, _ := fit(t, cfg, img, 3, 2)
	for _, threads := range []int{1, 2, 3, 16} {
		b, _ := fit(t, cfg, img, 3, threads)
		if !same(a, b) {
			t.Errorf("same seed, %d threads: parameters differ from 2 threads'", threads)
		}
	}
	cfg.Train.Seed = 7
	c, _ := fit(t, cfg, img, 3, 2)
	if same(a, c) {
		t.Error("different seeds, same parameters")
	}
}

// TestStepAllocatesNothing: after the first, a training step allocates
// nothing, on one thread or several.
func TestStepAllocatesNothing(t *testing.T) {
	img := testImage(t, 32)
	for _, threads := range []int{1, 2} {
		_, tr := fit(t, Config{Train: TrainConfig{Batch: 512}}, img, 1, threads)
		// A collection first: the process's first one starts the runtime's
		// mark workers, goroutines whose allocation is not the step's.
		runtime.GC()
		if a := testing.AllocsPerRun(5, func() { tr.Step() }); a != 0 {
			t.Errorf("%d threads: %v allocations per step", threads, a)
		}
		tr.Close()
	}
}

// same reports whether x and y have identical parameters.
func same(x, y *Model) bool {
	px, py := x.Params(), y.Params()
	for i := range px {
		if !slices.Equal(px[i].Data, py[i].Data) {
			return false
		}
	}
	return true
}

// TestAblationEncoders builds the paper's ablations and checks that they
// spend the budget as intended.
func TestAblationEncoders(t *testing.T) {
	img := testImage(t, 64)
	for _, enc := range []string{EncoderHybrid, EncoderGrid, EncoderRBF} {
		cfg := Config{Encoder: enc, Params: 20000}
		m, err := NewImageModel(cfg, img)
		if err != nil {
			t.Fatalf("%s: %v", enc, err)
		}
		// The budget counts trainable values (Config.imageRBFs).
		n := m.TrainableParams()
		if n > 20000 || n < 20000*6/10 {
			t.Errorf("%s: %d trainable parameters for a 20,000 budget", enc, n)
		}
	}
	if _, err := NewImageModel(Config{Params: 100}, img); err == nil {
		t.Error("a budget below the grid and decoder's size was accepted")
	}
}
