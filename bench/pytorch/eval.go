package main

import (
	"flag"
	"fmt"
	"path/filepath"

	"github.com/neurbf/neurbf/field"
)

// evalModel writes the exported model's predictions, at every pixel centre
// (image) or at the points of the first recorded batch (SDF), to a file of
// float32, for checking the Python port's forward pass against Go's.
func evalModel(fs *flag.FlagSet, args []string) error {
	dir := fs.String("d", "", "directory written by `pytorch image` or `pytorch sdf`")
	out := fs.String("o", "", "output file (float32)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dir == "" || *out == "" {
		return fmt.Errorf("%w: eval needs -d DIR and -o FILE", errUsage)
	}
	meta, err := readMeta(*dir)
	if err != nil {
		return err
	}
	m, _, err := field.Load(filepath.Join(*dir, modelFile))
	if err != nil {
		return err
	}
	var x []float32
	switch meta.Task {
	case field.TaskImage:
		x = field.PixelCenters(meta.Width, meta.Height)
	case field.TaskSDF:
		x, err = readFloats(filepath.Join(*dir, meta.Points), 3*meta.Batches*meta.Batch)
		if err != nil {
			return err
		}
		x = x[:3*meta.Batch]
	default:
		return fmt.Errorf("%s: unknown task %q", filepath.Join(*dir, metaFile), meta.Task)
	}
	pred := make([]float32, len(x)/m.Encoder.InDim()*m.Config.Channels)
	m.Eval(pred, x)
	return writeFloats(*out, pred)
}
