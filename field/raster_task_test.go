package field

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/rbf"
)

// rasterAndImage writes img as an 8-bit PNG and reads it back both ways.
func rasterAndImage(t *testing.T, img *pixels.Image) (*pixels.Raster, *pixels.Image) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "img.png")
	if err := pixels.SavePNG(p, pixels.ToNRGBA(img)); err != nil {
		t.Fatal(err)
	}
	r, _, err := pixels.LoadRaster(p, 0)
	if err != nil {
		t.Fatal(err)
	}
	back, err := pixels.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	return r, back
}

func trainSteps(t *testing.T, m *Model, task Task, steps int) {
	t.Helper()
	tr, err := NewTrainer(m, task, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	for range steps {
		tr.Step()
	}
}

func sameParams(t *testing.T, what string, a, b *Model, tol float64) {
	t.Helper()
	pa, pb := a.Params(), b.Params()
	if len(pa) != len(pb) {
		t.Fatalf("%s: %d vs %d parameter groups", what, len(pa), len(pb))
	}
	for i := range pa {
		for j := range pa[i].Data {
			if d := math.Abs(float64(pa[i].Data[j] - pb[i].Data[j])); d > tol {
				t.Fatalf("%s: %s[%d] = %g vs %g", what, pa[i].Name, j, pa[i].Data[j], pb[i].Data[j])
			}
		}
	}
}

// TestRasterTaskMatchesImageTask: on an image small enough for K-means on
// every pixel, the raster path builds NewImageModel's model exactly, and a
// cached RasterTask trains it exactly as ImageTask does; found on the fly,
// the neighbours give the same training to float rounding.
func TestRasterTaskMatchesImageTask(t *testing.T) {
	r, img := rasterAndImage(t, testImage(t, 48))
	cfg := Config{Params: 12000}
	cfg.Train.Seed, cfg.Train.Steps, cfg.Train.Batch = 3, 6, 512
	for _, cached := range []bool{true, false} {
		ref, err := NewImageModel(cfg, img)
		if err != nil {
			t.Fatal(err)
		}
		m, err := NewRasterModel(cfg, r)
		if err != nil {
			t.Fatal(err)
		}
		sameParams(t, "initial model", ref, m, 0)
		task, err := NewRasterTask(r, cfg.Train.Batch, cached)
		if err != nil {
			t.Fatal(err)
		}
		if cached {
			if _, err := m.Encoder.Fix(task.Points()); err != nil {
				t.Fatal(err)
			}
		}
		trainSteps(t, m, task, 6)
		itask := NewImageTask(img, cfg.Train.Batch)
		if _, err := ref.Encoder.Fix(itask.Points()); err != nil {
			t.Fatal(err)
		}
		trainSteps(t, ref, itask, 6)
		if cached {
			sameParams(t, "after 6 cached steps", ref, m, 0)
		} else {
			sameParams(t, "after 6 steps on the fly", ref, m, 1e-5)
		}
	}
}

// TestRasterModelSubsample: with far more pixels than the K-means sample,
// the RBFs still go where the detail is. The picture is flat on its right
// half and busy on its left, so nearly every centre must land on the left.
func TestRasterModelSubsample(t *testing.T) {
	img := pixels.New(400, 300, 1)
	for y := range img.H {
		for x := range img.W / 2 {
			img.Pix[y*img.W+x] = float32((x*7+y*13)%17) / 16
		}
		for x := img.W / 2; x < img.W; x++ {
			img.Pix[y*img.W+x] = 0.5
		}
	}
	r, _ := rasterAndImage(t, img)
	m, err := NewRasterModel(Config{Params: 60000}, r)
	if err != nil {
		t.Fatal(err)
	}
	n := m.Config.RBFs
	if imageKMeansPerRBF*n >= img.W*img.H {
		t.Fatalf("%d RBFs: the sample would be every pixel; the test needs a smaller budget", n)
	}
	parts := m.Encoder.Parts()
	enc := parts[len(parts)-1].(*rbf.Encoder)
	left := 0
	cs := enc.Centers()
	for i := 0; i < len(cs); i += 2 {
		if cs[i] < 0.02 { // the left half's x is below 0 in [-1, 1]
			left++
		}
	}
	if frac := float64(left) / float64(n); frac < 0.95 {
		t.Errorf("%.1f %% of %d centres on the busy half, want ≥ 95 %%", 100*frac, n)
	}
}

// TestRasterTaskFullBatch: batch 0 gives every pixel, with targets that
// match the image and indices only when cached.
func TestRasterTaskFullBatch(t *testing.T) {
	r, img := rasterAndImage(t, testImage(t, 16))
	for _, cached := range []bool{true, false} {
		task, err := NewRasterTask(r, 0, cached)
		if err != nil {
			t.Fatal(err)
		}
		b := task.Sample(0, nil)
		if len(b.X) != 2*16*16 || (b.Idx != nil) != cached {
			t.Fatalf("cached=%v: %d coordinates, idx %v", cached, len(b.X), b.Idx != nil)
		}
		for i, v := range b.Target {
			if v != img.Pix[i] {
				t.Fatalf("target %d = %g, want %g", i, v, img.Pix[i])
			}
		}
	}
}
