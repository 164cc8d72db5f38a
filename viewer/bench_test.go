//go:build viewer

package viewer

import (
	"os"
	"testing"
	"time"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/render"
)

// BenchmarkSDFFrame800x600 measures one ray-marched 800×600 frame of the
// analytic torus baked at 256³ (draw plus glFinish), shade mode.
func BenchmarkSDFFrame800x600(b *testing.B) {
	const n, w, h = 256, 800, 600
	vol := make([]float32, n*n*n)
	var bk Baker
	if err := bk.Bake(vol, n, render.SolidSDF(testShape)); err != nil {
		b.Fatal(err)
	}
	var v *SDFView
	var tg *Target
	var err error
	onMain(func() {
		if v, err = NewSDFView(); err != nil {
			return
		}
		v.Upload(vol, n)
		v.Camera = render.Camera{Azimuth: 30, Elevation: 20}
		tg, err = NewTarget(w, h)
	})
	if err != nil {
		b.Fatal(err)
	}
	defer onMain(func() { v.Delete(); tg.Delete() })
	var total time.Duration
	onMain(func() {
		tg.Bind()
		v.Draw(testWindow, w, h) // warm up: shader and texture upload
		gl.Finish()
		b.ResetTimer()
		t0 := time.Now()
		for range b.N {
			v.Draw(testWindow, w, h)
			gl.Finish()
		}
		total = time.Since(t0)
	})
	b.ReportMetric(float64(b.N)/total.Seconds(), "frames/s")
}

// BenchmarkBakeModel measures baking the snapshot named by
// NEURBF_VIEW_MODEL (an SDF) at 64³, reporting points per second; the
// time of a 256³ re-bake is 64 times that of one iteration.
func BenchmarkBakeModel(b *testing.B) {
	path := os.Getenv("NEURBF_VIEW_MODEL")
	if path == "" {
		b.Skip("set NEURBF_VIEW_MODEL to an SDF snapshot")
	}
	m, _, err := field.Load(path)
	if err != nil {
		b.Fatal(err)
	}
	const n = 64
	vol := make([]float32, n*n*n)
	var bk Baker
	f := func(p, d, _ []float32) { m.Eval(p, d) }
	b.ResetTimer()
	for range b.N {
		if err := bk.Bake(vol, n, f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*n*n*n)/b.Elapsed().Seconds(), "points/s")
}
