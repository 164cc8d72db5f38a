//go:build viewer

package viewer

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// TestSDFAgreesWithCPUOnModel is TestSDFAgreesWithCPU for the trained SDF
// snapshot named by NEURBF_VIEW_MODEL (opt-in: a 256³ narrow-band bake and
// a CPU sphere trace of the network take minutes): the GL ray-march of the
// banded bake against render's tracer of the model itself.
func TestSDFAgreesWithCPUOnModel(t *testing.T) {
	path := os.Getenv("NEURBF_VIEW_MODEL")
	if path == "" {
		t.Skip("set NEURBF_VIEW_MODEL to a trained SDF snapshot")
	}
	m, _, err := field.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	const n, w, h = 256, 200, 150
	vol := make([]float32, n*n*n)
	var bk Baker
	evals, err := bakeModel(&bk, vol, n, m)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("bake: %.3f model evaluations per texel", float64(evals)/float64(n*n*n))
	// The model itself (EvalGrad: its exact gradient where the tracer
	// wants normals).
	cam := render.Camera{Azimuth: 30, Elevation: 20}
	for _, mode := range []SDFMode{SDFShade, SDFNormals, SDFDepth} {
		gl := shootSDF(t, vol, n, cam, mode, w, h)
		cpu, err := render.RenderSDF(m.EvalGrad, cam, w, h, render.Mode(mode), nil)
		if err != nil {
			t.Fatal(err)
		}
		p := psnr(t, gl, pixels.ToNRGBA(cpu))
		t.Logf("%s: GL vs CPU PSNR %.2f dB", mode, p)
		if p < 25 {
			t.Errorf("%s: GL vs CPU PSNR %.2f dB, want ≥ 25", mode, p)
		}
	}
}

// TestSaveKeepsSnapshotHeader: S on a loaded snapshot writes back the
// steps and seconds of its header.
func TestSaveKeepsSnapshotHeader(t *testing.T) {
	img, err := pixels.Load("testdata/coffee-recon.png")
	if err != nil {
		t.Fatal(err)
	}
	img, err = pixels.CenterCrop(img, 16, 16)
	if err != nil {
		t.Fatal(err)
	}
	m, err := field.NewImageModel(field.Config{}, img)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.nrbf")
	a := &app{sc: Scene{Model: m, Steps: 123, Seconds: 4.5}, o: Options{SavePath: path, Log: io.Discard}}
	a.save()
	_, hd, err := field.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if hd.Steps != 123 || hd.Seconds != 4.5 {
		t.Errorf("saved header: %d steps, %g s; want 123 and 4.5", hd.Steps, hd.Seconds)
	}
}

func TestSliceRange(t *testing.T) {
	vol := make([]float32, 1000)
	for i := range vol {
		vol[i] = float32(i%100)/1000 - 0.02 // within [−0.02, 0.079]
	}
	r := sliceRange(vol)
	if r < 0.07 || r > 0.079 {
		t.Errorf("slice range %g, want the 99th percentile of |values| in [0.07, 0.079]", r)
	}
	for _, c := range []struct{ r, want float64 }{{1, 0.1}, {0.05, 0.005}, {0.2, 0.02}, {3, 0.5}} {
		if got := contourStep(c.r); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("contour step for ±%g: %g, want %g", c.r, got, c.want)
		}
	}
}
