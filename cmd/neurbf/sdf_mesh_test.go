package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

// fitTinySDF fits a coarse sphere for steps steps and returns the mesh's
// path and the snapshot's.
func fitTinySDF(t *testing.T, dir string, steps int) (in, model string) {
	t.Helper()
	in = filepath.Join(dir, "ball.obj")
	if err := mesh.Write(in, sdftest.Sphere{Radius: 3, Center: [3]float64{10, 0, 0}}.Mesh(12)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "fit")
	args := append([]string{"fit", "sdf", in, "-o", out, "--steps", itoa(steps), "--params", "40000", "--batch", "1024", "-q", "--threads", "2"}, tinyEval...)
	runCLI(t, args...) // a barely trained fit may fail at its mesh, after writing the snapshot
	model = filepath.Join(out, "model.nrbf")
	if _, err := os.Stat(model); err != nil {
		t.Fatalf("fit sdf wrote no snapshot: %v", err)
	}
	return in, model
}

// phaseLines returns the names of the phases reported on stderr, requiring
// each line to be "name: detail, time" with no terminal control codes.
func phaseLines(t *testing.T, stderr string) []string {
	t.Helper()
	if strings.ContainsAny(stderr, "\r\x1b") {
		t.Errorf("progress to a non-terminal has control codes: %q", stderr)
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		name, _, ok := strings.Cut(line, ": ")
		if !ok || !strings.HasSuffix(line, "s") {
			t.Errorf("not a phase line: %q", line)
		}
		names = append(names, name)
	}
	return names
}

// TestSDFCommands runs mesh, eval --mesh and render on one briefly fitted
// sphere.
func TestSDFCommands(t *testing.T) {
	dir := t.TempDir()
	in, model := fitTinySDF(t, dir, 30)
	t.Run("progress", func(t *testing.T) { checkProgress(t, dir, in, model) })
	t.Run("formats", func(t *testing.T) { checkMeshFormats(t, dir, model) })
	// Flags that mean nothing for an SDF model are refused.
	wantFail(t, 2, []string{"render", model, "-o", filepath.Join(dir, "v.png"), "--scale", "2"}, "--scale applies to image models")
	wantFail(t, 1, []string{"render", model, "-o", filepath.Join(dir, "v.png"), "--gt", filepath.Join(dir, "none.obj")}, "none.obj")
}

// checkProgress: mesh and eval --mesh report each phase on stderr (one
// line each when it is not a terminal, nothing with -q) and eval's stdout
// stays one JSON document. Small evaluations skip the narrow band.
func checkProgress(t *testing.T, dir, in, model string) {
	ply := filepath.Join(dir, "m.ply")
	code, stdout, stderr := runCLI(t, "mesh", model, "-o", ply, "--resolution", "72")
	if code != 0 || !strings.HasPrefix(stdout, "wrote "+ply) {
		t.Fatalf("mesh: exit %d: %s%s", code, stdout, stderr)
	}
	if got := strings.Join(phaseLines(t, stderr), "|"); got != "narrow band|marching cubes 72³" {
		t.Errorf("mesh phases %q", got)
	}
	code, _, stderr = runCLI(t, "mesh", model, "-o", ply, "--resolution", "24")
	if got := strings.Join(phaseLines(t, stderr), "|"); code != 0 || got != "marching cubes 24³" {
		t.Errorf("small mesh: exit %d, phases %q", code, got)
	}
	if code, _, stderr := runCLI(t, "mesh", model, "-o", ply, "--resolution", "24", "-q"); code != 0 || stderr != "" {
		t.Errorf("mesh -q: exit %d, stderr %q", code, stderr)
	}

	code, stdout, stderr = runCLI(t, append([]string{"eval", model, "--mesh", in}, tinyEval...)...)
	var res map[string]any
	if err := json.Unmarshal([]byte(stdout), &res); code != 0 || err != nil || res["iou"] == nil {
		t.Fatalf("eval --mesh: exit %d, %v: %s%s", code, err, stdout, stderr)
	}
	want := "marching cubes 24³|ground-truth sign|IoU on the 16³ grid|IoU at 2000 random points|mesh metrics, 2000 samples per mesh"
	if got := strings.Join(phaseLines(t, stderr), "|"); got != want {
		t.Errorf("eval phases\n%q, want\n%q", got, want)
	}
	if code, _, stderr := runCLI(t, append([]string{"eval", "-q", model, "--mesh", in}, tinyEval...)...); code != 0 || stderr != "" {
		t.Errorf("eval -q: exit %d, stderr %q", code, stderr)
	}
}

// checkMeshFormats: mesh writes every format package mesh writes (OFF once
// it can) and refuses the others before any work, naming the file.
func checkMeshFormats(t *testing.T, dir, model string) {
	tri := &mesh.Mesh{V: [][3]float64{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}}, F: [][3]int32{{0, 1, 2}}}
	for _, name := range []string{"m.obj", "m.stl", "m.ply.gz", "m.off", "m.xyz", "m"} {
		out := filepath.Join(dir, name)
		args := []string{"mesh", model, "-o", out, "--resolution", "16", "-q"}
		if mesh.Encode(io.Discard, tri, name) != nil {
			wantFail(t, 2, args, out+": ")
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s: written although refused", name)
			}
			continue
		}
		if code, _, stderr := runCLI(t, args...); code != 0 {
			t.Errorf("%s: exit %d: %s", name, code, stderr)
			continue
		}
		if m, err := mesh.Read(out); err != nil || len(m.F) == 0 {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A write that fails names the file and the problem, not the
	// temporary file or the package.
	bad := filepath.Join(dir, "no", "such", "m.ply")
	wantFail(t, 1, []string{"mesh", model, "-o", bad, "--resolution", "16", "-q"}, bad+": ")
	_, _, stderr := runCLI(t, "mesh", model, "-o", bad, "--resolution", "16", "-q")
	if strings.Contains(stderr, ".tmp") || strings.Contains(stderr, "mesh: ") {
		t.Errorf("write error leaks internals: %q", stderr)
	}
}

// TestEvalRefusesHugeBand: a barely trained field, too far from a distance
// function for the narrow band, is refused quickly with a message naming
// --exact instead of being evaluated at every sample for minutes; small
// enough work, or --exact, still runs.
func TestEvalRefusesHugeBand(t *testing.T) {
	dir := t.TempDir()
	in, model := fitTinySDF(t, dir, 1)
	code, _, stderr := runCLI(t, "eval", model, "--mesh", in, "-q")
	if code == 0 {
		t.Skip("a one-step fit of this sphere happens to be distance-like enough for the band")
	}
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, model+": the fitted field is far from a distance function") || !strings.Contains(stderr, "--exact") {
		t.Errorf("eval: exit %d, %q", code, stderr)
	}
	wantFail(t, 1, []string{"mesh", model, "-o", filepath.Join(dir, "m.ply"), "-q", "--resolution", "512"}, "far from a distance function", "--exact")
	// A small evaluation is allowed, with or without --exact.
	for _, extra := range [][]string{nil, {"--exact"}} {
		args := append(append([]string{"eval", model, "--mesh", in, "-q"}, tinyEval...), extra...)
		if code, stdout, stderr := runCLI(t, args...); code != 0 || !strings.Contains(stdout, `"iou"`) {
			t.Errorf("%q: exit %d: %s", extra, code, stderr)
		}
	}
}
