// Command fit-image fits a NeuRBF model to a photo with the library
// directly, without the CLI: load an image, build the model, train it for
// a few hundred steps, then save a snapshot and a reconstruction at twice
// the resolution.
//
//	go run ./examples/fit-image [PATH]
package main

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"os"
	"runtime"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

func main() {
	// 1. The image: a file, or the built-in photo, cropped to 128×128.
	var img *pixels.Image
	var err error
	if len(os.Args) > 1 {
		img, err = pixels.Load(os.Args[1])
	} else {
		img, err = pixels.Decode(bytes.NewReader(assets.Coffee), "coffee.png")
	}
	if err != nil {
		log.Fatal(err)
	}
	if img, err = pixels.CenterCrop(img, min(img.W, 128), min(img.H, 128)); err != nil {
		log.Fatal(err)
	}

	// 2. The model: every zero field of the config is the paper's default;
	// here only the budget and the number of steps are set.
	cfg := field.Config{Params: 32000}
	cfg.Train.Steps = 500
	m, err := field.NewImageModel(cfg, img)
	if err != nil {
		log.Fatal(err)
	}

	// 3. Training: every pixel every step. Fix lets the RBF encoder
	// precompute its per-pixel kernel values once.
	task := field.NewImageTask(img, 0)
	if _, err := m.Encoder.Fix(task.Points()); err != nil {
		log.Fatal(err)
	}
	tr, err := field.NewTrainer(m, task, runtime.NumCPU())
	if err != nil {
		log.Fatal(err)
	}
	defer tr.Close()
	tr.Recorders = append(tr.Recorders, field.RecorderFunc(func(p field.Progress) {
		if p.Step%100 == 0 {
			fmt.Printf("step %d: %.2f dB\n", p.Step, p.PSNR)
		}
	}))
	if err := tr.Run(context.Background()); err != nil {
		log.Fatal(err)
	}

	// 4. Results: PSNR at the training resolution, a 2× reconstruction
	// (the field is continuous) and a snapshot `neurbf info` can read.
	rec := render.ReconstructImage(m.Eval, img.W, img.H, img.C, runtime.NumCPU())
	psnr, err := pixels.PSNR(rec, img)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d parameters, %d RBFs: %.2f dB after %d steps (%.1fs)\n",
		m.TrainableParams(), m.Config.RBFs, psnr, tr.StepsDone(), tr.Elapsed().Seconds())
	big := render.ReconstructImage(m.Eval, 2*img.W, 2*img.H, img.C, runtime.NumCPU())
	if err := pixels.SavePNG("fit-image-2x.png", big); err != nil {
		log.Fatal(err)
	}
	if err := m.Save("fit-image.nrbf", tr.StepsDone(), tr.Elapsed().Seconds()); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote fit-image-2x.png and fit-image.nrbf")
}
