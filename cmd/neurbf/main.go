// Command neurbf fits neural fields built on adaptive radial basis
// functions (NeuRBF) to images and signed distance fields, and renders, evaluates and describes the
// snapshots it writes. Run `neurbf help` for the subcommands.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/neurbf/neurbf/internal/cli"
)

const usage = `neurbf — neural fields with adaptive radial basis functions (NeuRBF), on the CPU

Usage:
  neurbf fit image [PATH] -o DIR [flags]   fit an image (no PATH: a built-in photo)
  neurbf fit image PATH --tiles RxC -o DIR [--tile I] [--jobs N]
                                           fit a big image as tiles (one, e.g. a cluster's array job, or all, then merge)
  neurbf merge DIR -o MODEL.nrbf           merge the tiles of a tiled fit into one field
  neurbf render MODEL -o OUT.png [flags]   reconstruct a fitted image at any size, or draw a fitted SDF (PNG or JPEG)
  neurbf fit sdf [MESH] -o DIR [flags]     fit a mesh's signed distance field (no MESH: a built-in bunny)
  neurbf eval MODEL --image PATH           print PSNR and SSIM against an image (JSON)
  neurbf eval MODEL --mesh PATH            print IoU, NAE, Chamfer-L1, NC and F-scores against a mesh (JSON)
  neurbf mesh MODEL -o OUT.{ply,obj,stl}   extract a fitted SDF's surface by marching cubes
  neurbf info MODEL [--json]               print a snapshot's config and parameter counts
  neurbf version                           print the version (also --version)

Flags may come before, between or after the arguments; -- ends them.
Run 'neurbf COMMAND -h' for the flags of a command.
`

// errUsage marks an error whose message is a usage problem (exit code 2);
// it is cli.ErrUsage, so fmt.Errorf("%w: …", errUsage) and cli.Usagef
// mean the same.
var errUsage = cli.ErrUsage

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the process exit code:
// 0 on success, 1 on failure, 2 on a usage error (cli.Exit).
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return 0
	}
	var err error
	switch args[0] {
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "neurbf", cli.Version())
	case "fit":
		err = cmdFit(args[1:], stdout, stderr)
	case "merge":
		err = cmdMerge(args[1:], stdout, stderr)
	case "render":
		err = cmdRender(args[1:], stdout, stderr)
	case "eval":
		err = cmdEval(args[1:], stdout, stderr)
	case "mesh":
		err = cmdMesh(args[1:], stdout, stderr)
	case "info":
		err = cmdInfo(args[1:], stdout, stderr)
	default:
		err = cli.Usagef("unknown command %q (see 'neurbf help')", args[0])
	}
	return exitCode(err, cli.Exit("neurbf", err, stderr))
}

// command is one subcommand's flag set (a cli.Command named "neurbf " and
// the subcommand's words).
type command struct {
	*cli.Command
}

// newCommand returns the subcommand name's flag set, whose -h prints
// synopsis and every flag to help.
func newCommand(name, synopsis string, help io.Writer) *command {
	return &command{cli.New("neurbf "+name, synopsis, help)}
}

// parse reads flags anywhere among the positional arguments and returns
// the positional ones (cli.Command.Parse).
func (c *command) parse(args []string) ([]string, error) {
	return c.Parse(args)
}
