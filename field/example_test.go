package field_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

// ExampleNewImageModel fits a small crop of a photo, reconstructs it and
// saves the model: the library usage the README shows (section "As a
// library"), small enough to run as a test. The printed lines are
// conditions rather than measured values, so that they hold in every
// build (the SIMD kernels round differently) and on any thread count.
func ExampleNewImageModel() {
	img, err := pixels.Decode(bytes.NewReader(assets.Coffee), "coffee.png") // or pixels.Load(path)
	if err != nil {
		log.Fatal(err)
	}
	if img, err = pixels.CenterCrop(img, 32, 32); err != nil {
		log.Fatal(err)
	}

	cfg := field.Config{Params: 20000} // zero fields: the paper's defaults
	cfg.Train.Steps = 150
	m, err := field.NewImageModel(cfg, img)
	if err != nil {
		log.Fatal(err)
	}
	task := field.NewImageTask(img, 0)                      // every pixel every step
	if _, err := m.Encoder.Fix(task.Points()); err != nil { // precompute the RBF neighbourhoods
		log.Fatal(err)
	}
	tr, err := field.NewTrainer(m, task, 0) // 0 threads: all CPUs
	if err != nil {
		log.Fatal(err)
	}
	defer tr.Close()
	if err := tr.Run(context.Background()); err != nil {
		log.Fatal(err)
	}
	rec := render.ReconstructImage(m.Eval, img.W, img.H, img.C, 0)
	psnr, err := pixels.PSNR(rec, img)
	if err != nil {
		log.Fatal(err)
	}

	dir, err := os.MkdirTemp("", "neurbf-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.nrbf")
	if err := m.Save(path, tr.StepsDone(), tr.Elapsed().Seconds()); err != nil {
		log.Fatal(err)
	}
	loaded, h, err := field.Load(path)
	if err != nil {
		log.Fatal(err)
	}
	again := render.ReconstructImage(loaded.Eval, img.W, img.H, img.C, 0)

	fmt.Println("trainable parameters within the budget:", m.TrainableParams() <= cfg.Params)
	fmt.Println("steps:", tr.StepsDone(), "saved:", h.Steps)
	fmt.Println("PSNR above 30 dB:", psnr > 30)
	fmt.Println("the loaded model draws the same picture:", slices.Equal(again.Pix, rec.Pix))
	// Output:
	// trainable parameters within the budget: true
	// steps: 150 saved: 150
	// PSNR above 30 dB: true
	// the loaded model draws the same picture: true
}

// ExampleNewSDFModel fits the signed distance field of a torus mesh (an
// analytic shape of sdf/sdftest; mesh.Read loads a file) for a few
// steps. So short a run does not reach a usable surface (the README's
// fit sdf command trains for thousands of steps), so the example checks
// what it does reach in every build: the loss falls tenfold, and the
// saved model evaluates like the trained one.
func ExampleNewSDFModel() {
	src := sdftest.Torus{Major: 0.6, Minor: 0.3}.Mesh(32)

	cfg := field.Config{Params: 12000}
	cfg.Train.Steps, cfg.Train.Batch = 200, 1<<10
	m, err := field.NewSDFModel(cfg, src) // fits a normalised copy of src
	if err != nil {
		log.Fatal(err)
	}
	task, err := field.NewSDFTask(m.Config, src, field.SDFTaskOptions{Pool: 1 << 13})
	if err != nil {
		log.Fatal(err)
	}
	defer task.Close()
	tr, err := field.NewTrainer(m, task, 0)
	if err != nil {
		log.Fatal(err)
	}
	defer tr.Close()
	var h field.History
	tr.Recorders = append(tr.Recorders, &h)
	if err := tr.Run(context.Background()); err != nil {
		log.Fatal(err)
	}

	dir, err := os.MkdirTemp("", "neurbf-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "torus.nrbf")
	if err := m.Save(path, tr.StepsDone(), tr.Elapsed().Seconds()); err != nil {
		log.Fatal(err)
	}
	loaded, _, err := field.Load(path)
	if err != nil {
		log.Fatal(err)
	}
	points := []float32{0, 0, 0, 0.5, 0.25, -0.1, 0.95, 0.95, 0.95}
	d, again := make([]float32, 3), make([]float32, 3)
	m.Eval(d, points)
	loaded.Eval(again, points)

	// Every value was written (a trained field is exactly zero at a given
	// point only by a fluke), so the two models were compared for real.
	written := !slices.Contains(d, 0) && !slices.Contains(again, 0)

	first, last := h.Points[0].Loss, h.Points[len(h.Points)-1].Loss
	fmt.Println("steps:", tr.StepsDone())
	fmt.Println("the loss fell tenfold:", last < first/10)
	fmt.Println("the loaded model evaluates the same:", written && slices.Equal(d, again))
	// Output:
	// steps: 200
	// the loss fell tenfold: true
	// the loaded model evaluates the same: true
}
