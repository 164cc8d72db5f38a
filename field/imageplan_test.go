package field

import (
	"runtime"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/pixels"
)

func header(w, h int) pixels.Header {
	return pixels.Header{W: w, H: h, C: 3, Depth: 8, Format: "png", Streams: true}
}

func timed(params int) Config {
	var c Config
	c.Params = params
	c.Train.Batch = 1 << 14
	return c
}

// TestPlanImageChoosesFastestThatFits walks the limit down on one image
// and checks that the plan goes from cached with sines to cached to on the
// fly, and that each plan fits its limit.
func TestPlanImageChoosesFastestThatFits(t *testing.T) {
	h := header(2000, 1500)
	p, err := PlanImage(timed(0), h, 0, 2, 64<<30, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Neighbours != NeighboursCacheSines || p.Reduced {
		t.Fatalf("ample memory: %s", p)
	}
	withSines := p.Peak
	p, err = PlanImage(timed(0), h, 0, 2, withSines-1, 0)
	if err != nil || p.Neighbours != NeighboursCache || p.Peak >= withSines {
		t.Fatalf("just below the sines: %v, %v", p, err)
	}
	cached := p.Peak
	p, err = PlanImage(timed(0), h, 0, 2, cached-1, 0)
	if err != nil || p.Neighbours != NeighboursOnTheFly || p.Cached() || p.Reduced {
		t.Fatalf("just below the cache: %v, %v", p, err)
	}
	if p.Config.Params != imageDefaultParams(2000, 1500) {
		t.Errorf("default budget %d, want %d", p.Config.Params, imageDefaultParams(2000, 1500))
	}
	// A run that visits each pixel less than cacheVisits times is not worth a cache.
	short, err := PlanImage(timed(0), h, 0, 2, 64<<30, (cacheVisits-1)*2000*1500)
	if err != nil || short.Neighbours != NeighboursOnTheFly {
		t.Errorf("a short run with ample memory: %v, %v", short, err)
	}
	if long, err := PlanImage(timed(0), h, 0, 2, 64<<30, cacheVisits*2000*1500); err != nil || long.Neighbours != NeighboursCacheSines {
		t.Errorf("a long run with ample memory: %v, %v", long, err)
	}
	g := timed(0)
	g.Encoder = EncoderGrid
	if gp, err := PlanImage(g, h, 0, 2, 64<<30, 0); err != nil || gp.Neighbours != NeighboursNone || gp.Cached() {
		t.Errorf("grid-only model: %v, %v", gp, err)
	}
	if !strings.Contains(p.String(), "found on the fly") {
		t.Errorf("plan line: %s", p)
	}
}

// TestPlanImageLowersTheDefault: a gigapixel image under 16 GB gets a
// smaller default model that fits; an explicit budget that cannot fit is
// refused with the largest that would; a limit below the pixels alone is
// refused with both sizes named.
func TestPlanImageLowersTheDefault(t *testing.T) {
	h := header(56718, 21450)
	p, err := PlanImage(timed(0), h, 0, 2, 16<<30, 0)
	if err != nil {
		t.Fatal(err)
	}
	if p.Peak > 16<<30 || p.Neighbours != NeighboursOnTheFly {
		t.Errorf("gigapixel under 16 GB: %s", p)
	}
	if p.Reduced != (p.Config.Params < imageDefaultParams(h.W, h.H)) {
		t.Errorf("Reduced %v with %d of a default %d", p.Reduced, p.Config.Params, imageDefaultParams(h.W, h.H))
	}
	small, err := PlanImage(timed(0), h, 0, 2, 6<<30, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !small.Reduced || small.Config.Params >= p.Config.Params || small.Peak > 6<<30 {
		t.Errorf("under 6 GB: %s", small)
	}
	_, err = PlanImage(timed(500_000_000), h, 0, 2, 16<<30, 0)
	if err == nil || !strings.Contains(err.Error(), "at most about") {
		t.Errorf("explicit 500M under 16 GB: %v", err)
	}
	_, err = PlanImage(timed(0), h, 0, 2, 3<<30, 0)
	if err == nil || !strings.Contains(err.Error(), "56718×21450") || !strings.Contains(err.Error(), "pixels alone") {
		t.Errorf("below the pixels: %v", err)
	}
}

// TestMemoryPlanMatchesHeap builds what a plan says it will hold (pixels,
// model, Adam, shards, cache, scratch) for a 512×384 image and one training
// step, with and without the cache, measures the live heap, and checks
// that the plan is an upper estimate that is not wildly high.
func TestMemoryPlanMatchesHeap(t *testing.T) {
	const w, h = 512, 384
	full, err := PlanImage(timed(0), header(w, h), 0, 2, 64<<30, 0)
	if err != nil || full.Neighbours != NeighboursCacheSines {
		t.Fatalf("%v, %v", full, err)
	}
	rc, err := Config{Task: TaskImage, Width: w, Height: h, Channels: 3, Train: TrainConfig{Batch: 1 << 14}}.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	lean := planFor(rc, header(w, h), 0, 2, NeighboursOnTheFly, 0).Peak
	for i, limit := range []int64{full.Limit, lean} {
		p, err := PlanImage(timed(0), header(w, h), 0, 2, limit, 0)
		if err != nil {
			t.Fatal(err)
		}
		planned := map[string]int64{}
		for _, part := range p.Parts {
			planned[part.Name] = part.Bytes
		}
		var before, after runtime.MemStats
		runtime.GC() // twice: the last round's trainer is freed by a cleanup
		runtime.GC()
		runtime.ReadMemStats(&before)
		r := pixels.NewRaster(w, h, 3, 8)
		m, err := NewRasterModel(p.Config, r)
		if err != nil {
			t.Fatal(err)
		}
		task, err := NewRasterTask(r, p.Config.Train.Batch, p.Cached())
		if err != nil {
			t.Fatal(err)
		}
		if p.Cached() {
			if _, err := m.Encoder.Fix(task.Points()); err != nil {
				t.Fatal(err)
			}
		}
		tr, err := NewTrainer(m, task, 2)
		if err != nil {
			t.Fatal(err)
		}
		tr.Step()
		runtime.GC()
		runtime.ReadMemStats(&after)
		live := int64(after.HeapAlloc) - int64(before.HeapAlloc)
		want := planned["pixels"] + planned["model and Adam"] + planned["gradient shards"] + planned["neighbour cache"] + planned["scratch"]
		t.Logf("live heap %s, planned %s (%s)", pixels.FormatBytes(live), pixels.FormatBytes(want), p)
		if live > want {
			t.Errorf("%s: the live heap, %s, is more than the plan's %s", p.Neighbours, pixels.FormatBytes(live), pixels.FormatBytes(want))
		}
		if p.Reduced || p.Neighbours != []string{NeighboursCacheSines, NeighboursOnTheFly}[min(i, 1)] {
			t.Errorf("limit %d: plan %s", limit, p)
		}
		if live < want/3 {
			t.Errorf("%s: the plan's %s is more than three times the live heap, %s", p.Neighbours, pixels.FormatBytes(want), pixels.FormatBytes(live))
		}
		tr.Close()
		runtime.KeepAlive(m)
		runtime.KeepAlive(task)
	}
}

// TestPlanKMeansSample: K-means runs on every pixel when that raises no
// part of the peak and training visits each pixel at least once on
// average; otherwise on imageKMeansPerRBF pixels an RBF, as at a
// gigapixel, and on none for the grid-only model.
func TestPlanKMeansSample(t *testing.T) {
	h := header(5120, 2880)
	n := int64(h.W) * int64(h.H)
	long, err := PlanImage(timed(7_800_000), h, 0, 2, 64<<30, n)
	if err != nil {
		t.Fatal(err)
	}
	short, err := PlanImage(timed(7_800_000), h, 0, 2, 64<<30, n-1)
	if err != nil {
		t.Fatal(err)
	}
	sub := int64(imageKMeansPerRBF) * int64(short.Config.RBFs)
	if sub >= n {
		t.Fatalf("%d RBFs: the subsample is every pixel", short.Config.RBFs)
	}
	if long.KMeansSample != n || short.KMeansSample != sub {
		t.Errorf("K-means sample %d (long run) and %d (short run), want %d and %d", long.KMeansSample, short.KMeansSample, n, sub)
	}
	if long.Peak != short.Peak || long.Neighbours != short.Neighbours {
		t.Errorf("every pixel raised the plan: %s against %s", long, short)
	}
	g := header(32768, 32768)
	giga, err := PlanImage(timed(0), g, 0, 2, 19<<30, 1<<40)
	if err != nil {
		t.Fatal(err)
	}
	if want := int64(imageKMeansPerRBF) * int64(giga.Config.RBFs); giga.KMeansSample != want {
		t.Errorf("gigapixel: K-means sample %d, want %d", giga.KMeansSample, want)
	}
	gc := timed(0)
	gc.Encoder = EncoderGrid
	if gp, err := PlanImage(gc, h, 0, 2, 64<<30, n); err != nil || gp.KMeansSample != 0 {
		t.Errorf("grid-only: %v, K-means sample %d", err, gp.KMeansSample)
	}
	// The model a plan builds runs K-means on the planned sample: on every
	// pixel it is NewImageModel's model.
	r, img := rasterAndImage(t, testImage(t, 48))
	p, err := PlanImage(Config{Params: 12000}, pixels.Header{W: 48, H: 48, C: 3, Depth: 8, Streams: true}, 0, 2, 64<<30, 48*48)
	if err != nil {
		t.Fatal(err)
	}
	m, err := p.NewModel(r)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := NewImageModel(p.Config, img)
	if err != nil {
		t.Fatal(err)
	}
	sameParams(t, "plan's model", ref, m, 0)
	if _, err := p.NewModel(noiseRaster(40, 48)); err == nil {
		t.Error("a plan's model built on an image of another size")
	}
}
