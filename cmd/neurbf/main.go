// Command neurbf fits neural fields built on adaptive radial basis
// functions (NeuRBF) to images and signed distance fields, and renders, evaluates and describes the
// snapshots it writes. Run `neurbf help` for the subcommands.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `neurbf — neural fields with adaptive radial basis functions (NeuRBF), on the CPU

Usage:
  neurbf fit image [PATH] -o DIR [flags]   fit an image (no PATH: a built-in photo)
  neurbf render MODEL -o OUT.png [flags]   reconstruct a fitted image at any size
  neurbf fit sdf [MESH] -o DIR [flags]     fit a mesh's signed distance field (no MESH: a built-in bunny)
  neurbf eval MODEL --image PATH           print PSNR and SSIM against an image (JSON)
  neurbf eval MODEL --mesh PATH            print IoU, NAE, Chamfer-L1, NC and F-scores against a mesh (JSON)
  neurbf mesh MODEL -o OUT.{ply,obj,stl}   extract a fitted SDF's surface by marching cubes
  neurbf info MODEL                        print a snapshot's config and parameter counts

Run 'neurbf COMMAND -h' for the flags of a command.
`

// errUsage marks an error whose message is a usage problem (exit code 2).
var errUsage = errors.New("usage")

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the process exit code:
// 0 on success, 1 on failure, 2 on a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	var err error
	switch args[0] {
	case "fit":
		err = cmdFit(args[1:], stdout, stderr)
	case "render":
		err = cmdRender(args[1:], stdout, stderr)
	case "eval":
		if wantsMeshEval(args[1:]) {
			err = cmdEvalSDF(args[1:], stdout, stderr)
		} else {
			err = cmdEval(args[1:], stdout, stderr)
		}
	case "mesh":
		err = cmdMesh(args[1:], stdout, stderr)
	case "info":
		err = cmdInfo(args[1:], stdout, stderr)
	default:
		err = fmt.Errorf("%w: unknown command %q (see 'neurbf help')", errUsage, args[0])
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errInterrupted):
		fmt.Fprintln(stderr, "neurbf:", err)
		return exitCode(err, 1)
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "neurbf:", trimUsage(err))
		return 2
	default:
		fmt.Fprintln(stderr, "neurbf:", err)
		return 1
	}
}

// trimUsage drops the "usage: " prefix errUsage adds to messages.
func trimUsage(err error) string {
	msg := err.Error()
	const p = "usage: "
	if len(msg) > len(p) && msg[:len(p)] == p {
		return msg[len(p):]
	}
	return msg
}

// command is one subcommand's flag set and the synopsis its help shows.
type command struct {
	*flag.FlagSet
	synopsis string
	help     io.Writer
}

// newCommand returns a flag set whose errors come back to the caller as one
// line (no usage dump) and whose -h prints the synopsis and every flag to help.
func newCommand(name, synopsis string, help io.Writer) *command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &command{FlagSet: fs, synopsis: synopsis, help: help}
}

// parse parses flags that may come before, between or after positional
// arguments (`fit image photo.png -o out` as well as `fit image -o out
// photo.png`) and returns the positional ones.
func (c *command) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := c.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(c.help, "Usage: %s\n\nFlags:\n", c.synopsis)
				c.SetOutput(c.help)
				c.PrintDefaults()
				return nil, err
			}
			return nil, fmt.Errorf("%w: %s: %v", errUsage, c.Name(), err)
		}
		args = c.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
