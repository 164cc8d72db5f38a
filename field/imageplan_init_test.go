package field

import (
	"image"
	"image/color"
	"math/rand/v2"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/neurbf/neurbf/pixels"
)

// TestMemoryPlanCoversInit checks the plan's initialisation phase against
// the peak heap of NewRasterModel, on a square image and on one whose
// K-means points are scaled to its aspect, both subsampled.
func TestMemoryPlanCoversInit(t *testing.T) {
	for _, size := range [][2]int{{1024, 1024}, {1536, 640}} {
		w, h := size[0], size[1]
		p, err := PlanImage(timed(400_000), header(w, h), 0, 2, 64<<30, 1)
		if err != nil {
			t.Fatal(err)
		}
		c := p.Config
		if imageKMeansPerRBF*c.RBFs >= w*h {
			t.Fatalf("%d×%d: %d RBFs do not subsample the pixels", w, h, c.RBFs)
		}
		planned := map[string]int64{}
		for _, part := range p.Parts {
			planned[part.Name] = part.Bytes
		}
		want := int64(c.paramCount())*4 + int64(c.RBFs)*planPerRBFInit + planned["K-means"]
		r := noiseRaster(w, h)
		var m *Model
		peak := peakHeap(func() {
			if m, err = NewRasterModel(c, r); err != nil {
				t.Fatal(err)
			}
		})
		runtime.KeepAlive(m)
		t.Logf("%d×%d, %d RBFs: initialisation's peak heap %s, planned %s", w, h, c.RBFs, pixels.FormatBytes(peak), pixels.FormatBytes(want))
		if peak > want {
			t.Errorf("%d×%d: initialisation's heap peaked at %s, more than the plan's %s", w, h, pixels.FormatBytes(peak), pixels.FormatBytes(want))
		}
		if peak < want/2 {
			t.Errorf("%d×%d: the plan's %s is more than twice initialisation's peak heap, %s", w, h, pixels.FormatBytes(want), pixels.FormatBytes(peak))
		}
	}
}

// peakHeap runs f and returns the most its heap objects grew over what
// was there before: sampled every 50 µs while the collector runs at a 5 %
// growth target, so the samples hold at most about 5 % of garbage.
func peakHeap(f func()) int64 {
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() int64 {
		metrics.Read(sample)
		return int64(sample[0].Value.Uint64())
	}
	base := read()
	var peak atomic.Int64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		for {
			if v := read() - base; v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Microsecond):
			}
		}
	}()
	f()
	close(stop)
	<-done
	return max(peak.Load(), read()-base)
}

// noiseRaster is a w×h RGB raster of random colours, so that every pixel
// has a positive Sobel weight.
func noiseRaster(w, h int) *pixels.Raster {
	rng := rand.New(rand.NewPCG(1, 2))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255})
		}
	}
	r, _ := pixels.RasterFromImage(img, false, 1)
	return r
}
