package main

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// exportImage builds the initial image model the way `neurbf fit image`
// and the field benchmarks do (NewImageModel: K-means centres, shapes from
// the clusters, random grid, decoder and features) on a centre crop and
// saves it with its target image.
func exportImage(fs *flag.FlagSet, args []string) error {
	out := fs.String("o", "", "output directory")
	src := fs.String("src", "coffee", "image file, or \"coffee\" for the embedded coffee.png (the BenchmarkTrainStep256 image)")
	crop := fs.Int("crop", 256, "side of the centre crop")
	params := fs.Int("params", 128000, "parameter budget")
	steps := fs.Int("steps", 0, "length of the cosine learning-rate schedule (0: the default, 5000)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || *crop <= 0 || *params <= 0 || *steps < 0 {
		return fmt.Errorf("%w: image needs -o DIR, a positive -crop and -params and -steps ≥ 0", errUsage)
	}
	img, err := loadImage(*src)
	if err != nil {
		return err
	}
	img, err = pixels.CenterCrop(img, *crop, *crop)
	if err != nil {
		return fmt.Errorf("%s: %w", *src, err)
	}
	cfg := field.Config{Params: *params}
	cfg.Train.Steps = *steps
	m, err := field.NewImageModel(cfg, img)
	if err != nil {
		return fmt.Errorf("%s: %w", *src, err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if err := m.Save(filepath.Join(*out, modelFile), 0, 0); err != nil {
		return err
	}
	if err := writeFloats(filepath.Join(*out, targetFile), img.Pix); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "image %s %d×%d: %d trainable parameters, %d RBFs → %s\n", *src, img.W, img.H, m.TrainableParams(), m.Config.RBFs, *out)
	return writeMeta(*out, Meta{Task: field.TaskImage, Width: img.W, Height: img.H, Channels: img.C, Target: targetFile, Source: *src})
}

// loadImage reads an image file, or the embedded coffee.png.
func loadImage(src string) (*pixels.Image, error) {
	if src == "coffee" {
		return pixels.Decode(bytes.NewReader(assets.Coffee), "coffee.png")
	}
	return pixels.Load(src)
}

// exportSDF builds the initial SDF model and task the way `neurbf fit sdf`
// and BenchmarkSDFStep448K do (default 448K budget, batch 2^14) and records
// the task's first training batches, so that the Python side trains on
// exactly the samples the Go trainer draws.
func exportSDF(fs *flag.FlagSet, args []string) error {
	out := fs.String("o", "", "output directory")
	path := fs.String("mesh", "", "mesh file (the benchmark uses testdata/real/armadillo.off)")
	batches := fs.Int("batches", 32, "training batches to record")
	steps := fs.Int("steps", 0, "length of the cosine learning-rate schedule (0: the default)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || *path == "" || *batches <= 0 || *steps < 0 {
		return fmt.Errorf("%w: sdf needs -o DIR, -mesh FILE, a positive -batches and -steps ≥ 0", errUsage)
	}
	src, err := mesh.Read(*path)
	if err != nil {
		return err
	}
	cfg := field.Config{}
	cfg.Train.Steps = *steps
	m, err := field.NewSDFModel(cfg, src)
	if err != nil {
		return fmt.Errorf("%s: %w", *path, err)
	}
	task, err := field.NewSDFTask(m.Config, src, field.SDFTaskOptions{Refresh: -1})
	if err != nil {
		return fmt.Errorf("%s: %w", *path, err)
	}
	defer task.Close()
	// The trainer's sampling stream (field.NewTrainer seeds it this way);
	// any stream would do, the samples only need to be the task's.
	rng := rand.New(rand.NewPCG(m.Config.Train.Seed, 1))
	n := m.Config.Train.Batch
	xyz := make([]float32, 0, *batches*n*3)
	gt := make([]float32, 0, *batches*n)
	for s := range *batches {
		b := task.Sample(s, rng)
		xyz = append(xyz, b.X...)
		gt = append(gt, b.Target...)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	if err := m.Save(filepath.Join(*out, modelFile), 0, 0); err != nil {
		return err
	}
	if err := writeFloats(filepath.Join(*out, pointsFile), xyz); err != nil {
		return err
	}
	if err := writeFloats(filepath.Join(*out, distancesFile), gt); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "sdf %s: %d trainable parameters, %d RBFs, %d batches of %d → %s\n", *path, m.TrainableParams(), m.Config.RBFs, *batches, n, *out)
	return writeMeta(*out, Meta{Task: field.TaskSDF, Source: *path, Batches: *batches, Batch: n, Points: pointsFile, Distances: distancesFile})
}
