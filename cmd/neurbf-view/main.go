//go:build viewer

// Command neurbf-view is the interactive OpenGL viewer of neurbf. It shows
// a fitted snapshot (image or SDF), or fits an image or a mesh live and
// shows the training as it goes; every action is also a flag, so it can
// run unattended and write a screenshot. Build it with the viewer tag:
//
//	go build -tags viewer ./cmd/neurbf-view
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// errUsage marks an error whose message is a usage problem (exit code 2).
var errUsage = errors.New("usage")

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit code: 0 on success,
// 1 on failure, 2 on a usage error.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	err := view(args, stdin, stdout, stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		msg := err.Error()
		if len(msg) > 7 && msg[:7] == "usage: " {
			msg = msg[7:]
		}
		fmt.Fprintln(stderr, "neurbf-view:", msg)
		return 2
	default:
		fmt.Fprintln(stderr, "neurbf-view:", err)
		return 1
	}
}
