package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
)

// FitResult is what fit prints: the quality after Steps steps from the
// exported initial model, and the training time.
type FitResult struct {
	Impl    string  `json:"impl"`
	Steps   int     `json:"steps"`
	PSNR    float64 `json:"psnr,omitempty"`
	Seconds float64 `json:"seconds"`
}

// fit trains the exported model in DIR for -steps steps. An image model
// trains on every pixel every step (unless the config sets a batch), and
// fit prints the PSNR of the whole image (docs/METHOD.md §4) as JSON; with -pred it
// writes the predictions too, which with -steps 0 checks the Python port's
// forward pass against Go's. An SDF model trains on the recorded batches
// (fitSDF) and is saved to -save.
func fit(fs *flag.FlagSet, args []string) error {
	dir := fs.String("d", "", "directory written by `pytorch image` or `pytorch sdf`")
	steps := fs.Int("steps", 0, "training steps")
	threads := fs.Int("threads", 2, "worker goroutines")
	predPath := fs.String("pred", "", "image: also write the predictions at every pixel (float32) to this file")
	save := fs.String("save", "", "SDF: write the trained model here")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dir == "" || *steps < 0 || *threads <= 0 {
		return fmt.Errorf("%w: fit needs -d DIR, -steps ≥ 0 and a positive -threads", errUsage)
	}
	meta, err := readMeta(*dir)
	if err != nil {
		return err
	}
	if meta.Task == field.TaskSDF {
		if *predPath != "" {
			return fmt.Errorf("%w: -pred is for image cases; %s holds an SDF case", errUsage, *dir)
		}
		return fitSDF(*dir, meta, *steps, *threads, *save)
	}
	if *save != "" {
		return fmt.Errorf("%w: -save is for SDF cases; %s holds an image case", errUsage, *dir)
	}
	m, _, err := field.Load(filepath.Join(*dir, modelFile))
	if err != nil {
		return err
	}
	img := pixels.New(meta.Width, meta.Height, meta.Channels)
	img.Pix, err = readFloats(filepath.Join(*dir, meta.Target), len(img.Pix))
	if err != nil {
		return err
	}
	task := field.NewImageTask(img, m.Config.Train.Batch)
	if _, err := m.Encoder.Fix(task.Points()); err != nil {
		return err
	}
	tr, err := field.NewTrainer(m, task, *threads)
	if err != nil {
		return err
	}
	start := time.Now()
	for range *steps {
		tr.Step()
	}
	sec := time.Since(start).Seconds()
	pred := pixels.New(img.W, img.H, img.C)
	m.Eval(pred.Pix, task.Points())
	psnr, err := pixels.PSNR(pred, img)
	if err != nil {
		return err
	}
	if *predPath != "" {
		if err := writeFloats(*predPath, pred.Pix); err != nil {
			return err
		}
	}
	return json.NewEncoder(os.Stdout).Encode(FitResult{Impl: "go", Steps: *steps, PSNR: psnr, Seconds: sec})
}
