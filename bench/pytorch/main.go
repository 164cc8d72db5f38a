// Command pytorch prepares and checks the side-by-side comparison of
// neurbf with the same model in PyTorch (neurbf_torch.py, run by run.sh;
// docs/BENCHMARKS.md). It builds initial models exactly as `neurbf fit`
// does and saves them as snapshots, with the training data, for the
// Python side to load, so that both start from identical parameters; and
// it trains a saved image model for a number of steps in Go to compare
// the quality reached after equal steps.
//
//	pytorch image -o DIR [-src coffee|FILE] [-crop 256] [-params 128000] [-steps N]
//	pytorch sdf   -o DIR -mesh FILE [-batches 32] [-steps N]
//	pytorch fit   -d DIR -steps N [-threads 2] [-pred FILE] [-save FILE]
//	pytorch eval  -d DIR -o FILE
//
// image and sdf write DIR/model.nrbf (docs/SNAPSHOT.md), DIR/meta.json and
// the data files it names (little-endian float32); fit prints one line of
// JSON with the PSNR of the whole image after training (an SDF model is
// saved with -save instead, for `neurbf eval --mesh`); eval writes the
// model's predictions at the pixel centres or at the first SDF batch's
// points, to check the Python port's forward pass.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "pytorch:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// errUsage marks command-line mistakes.
var errUsage = errors.New("usage")

// run dispatches to a subcommand.
func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: pytorch image|sdf|fit|eval [flags] (see the package comment)", errUsage)
	}
	fs := flag.NewFlagSet(args[0], flag.ContinueOnError)
	switch args[0] {
	case "image":
		return exportImage(fs, args[1:])
	case "sdf":
		return exportSDF(fs, args[1:])
	case "fit":
		return fit(fs, args[1:])
	case "eval":
		return evalModel(fs, args[1:])
	}
	return fmt.Errorf("%w: unknown subcommand %q (want image, sdf, fit or eval)", errUsage, args[0])
}

// parse parses args into fs, turning flag errors into usage errors.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %s: %v", errUsage, fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: %s: unexpected argument %q", errUsage, fs.Name(), fs.Arg(0))
	}
	return nil
}
