package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neurbf/neurbf/field"
)

// TestCheckpoints: --checkpoint saves loadable snapshots along the way,
// with increasing step counts and training times.
func TestCheckpoints(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "img.png")
	writePNG(t, img, pattern("nrgba", 16, 16))
	out := filepath.Join(dir, "fit")
	if code, _, stderr := runCLI(t, "fit", "image", img, "-o", out, "--time", "400ms", "--checkpoint", "100ms", "-q"); code != 0 {
		t.Fatal(stderr)
	}
	names, err := os.ReadDir(filepath.Join(out, "checkpoints"))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) < 2 {
		t.Fatalf("%d checkpoints in 400 ms at one per 100 ms", len(names))
	}
	lastStep, lastSec := 0, 0.0
	for _, n := range names {
		if !strings.HasPrefix(n.Name(), "step-") || !strings.HasSuffix(n.Name(), ".nrbf") {
			t.Errorf("unexpected file %s", n.Name())
			continue
		}
		_, h, err := field.Load(filepath.Join(out, "checkpoints", n.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if h.Steps <= lastStep || h.Seconds <= lastSec || time.Duration(h.Seconds*float64(time.Second)) < 100*time.Millisecond {
			t.Errorf("%s: step %d after %d, %.3fs after %.3fs", n.Name(), h.Steps, lastStep, h.Seconds, lastSec)
		}
		lastStep, lastSec = h.Steps, h.Seconds
	}
}
