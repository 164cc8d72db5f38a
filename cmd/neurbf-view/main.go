//go:build viewer

// Command neurbf-view is the interactive OpenGL viewer of neurbf. It shows
// a fitted snapshot (image or SDF), or fits an image or a mesh live and
// shows the training as it goes; every action is also a flag, so it can
// run unattended and write a screenshot. Build it with the viewer tag:
//
//	go build -tags viewer ./cmd/neurbf-view
package main

import (
	"io"
	"os"

	"github.com/neurbf/neurbf/internal/cli"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit code (cli.Exit): 0
// on success, 1 on failure, 2 on a usage error, each error one line.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return cli.Exit("neurbf-view", view(args, stdin, stdout, stderr), stderr)
}
