package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/mesh"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

// tinyEval are evaluation flags small enough for tests.
var tinyEval = []string{"--resolution", "24", "--eval-resolution", "16", "--eval-points", "2000", "--mesh-samples", "2000"}

// TestFitSDFWritesOutputs fits a coarse sphere for a few steps and checks
// every output, the metrics, that mesh, eval --mesh and info read the
// snapshot, and that the mesh is in the input's units.
func TestFitSDFWritesOutputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "ball.obj")
	// A sphere of radius 3 about (10, 0, 0): the output mesh must be there
	// too, not in [−1, 1]³.
	if err := mesh.Write(in, sdftest.Sphere{Radius: 3, Center: [3]float64{10, 0, 0}}.Mesh(12)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	args := append([]string{"fit", "sdf", in, "-o", out, "--steps", "30", "--params", "40000", "--batch", "1024", "-q", "--threads", "2"}, tinyEval...)
	code, stdout, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "IoU") {
		t.Errorf("stdout: %q", stdout)
	}
	var met map[string]any
	data, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &met); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"iou", "iou_inside", "nae_deg", "chamfer_l1", "normal_consistency", "fscore", "params", "rbfs", "steps", "train_seconds", "samples_per_second"} {
		if _, ok := met[k]; !ok {
			t.Errorf("metrics.json has no %q", k)
		}
	}
	if met["steps"] != 30.0 {
		t.Errorf("steps %v", met["steps"])
	}
	if fs, _ := met["fscore"].([]any); len(fs) != 3 {
		t.Errorf("fscore %v", met["fscore"])
	}
	if img, err := pixels.Load(filepath.Join(out, "render.png")); err != nil || img.W < 2*renderViewSize || img.H <= renderViewSize { // the views under their labels
		t.Errorf("render.png: %v", err)
	}
	pm, err := mesh.Read(filepath.Join(out, "mesh.ply"))
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := mesh.Bounds(pm)
	if lo[0] < 6 || hi[0] > 14 {
		t.Errorf("mesh.ply spans x in [%g, %g], want it around the input's [7, 13]", lo[0], hi[0])
	}
	model := filepath.Join(out, "model.nrbf")
	obj := filepath.Join(dir, "again.obj")
	if code, _, stderr := runCLI(t, "mesh", model, "-o", obj, "--resolution", "24"); code != 0 {
		t.Errorf("mesh: exit %d: %s", code, stderr)
	} else if _, err := mesh.Read(obj); err != nil {
		t.Error(err)
	}
	code, stdout, stderr = runCLI(t, append([]string{"eval", model, "--mesh", in}, tinyEval...)...)
	if code != 0 || !strings.Contains(stdout, `"nae_deg"`) {
		t.Errorf("eval --mesh: exit %d: %s%s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "info", model)
	if code != 0 || !regexp.MustCompile(`\ntask +sdf\n`).MatchString(stdout) || !strings.Contains(stdout, "frame.center") {
		t.Errorf("info: exit %d: %s%s", code, stdout, stderr)
	}
	checkRenderSDF(t, model, in, dir)
}

// checkRenderSDF renders an SDF snapshot alone, as a turntable beside its
// mesh, and with bad view flags.
func checkRenderSDF(t *testing.T, model, gt, dir string) {
	t.Helper()
	png := filepath.Join(dir, "view.png")
	// A depth picture carries its legend (render.DepthBar) on the right.
	cam, err := parseCamera("30,20")
	if err != nil {
		t.Fatal(err)
	}
	near, far := cam.DepthRange()
	bar := render.DepthBar(near, far, 32).Bounds() // at least tall enough for its text
	for _, c := range []struct {
		args []string
		w, h int
	}{
		{[]string{"--width", "40", "--height", "30", "--mode", "normals", "--camera", "10,20,4"}, 40, 30},
		{[]string{"--width", "32", "--turntable", "3", "--gt", gt, "--mode", "depth"}, 3*(2*32+8) + 8 + bar.Dx(), max(32, bar.Dy())}, // 8: render.Side's gap
	} {
		code, _, stderr := runCLI(t, append([]string{"render", model, "-o", png}, c.args...)...)
		if code != 0 {
			t.Errorf("render %v: exit %d: %s", c.args, code, stderr)
			continue
		}
		img, err := pixels.Load(png)
		if err != nil || img.W != c.w || img.H != c.h {
			t.Errorf("render %v: %v, want %d×%d", c.args, err, c.w, c.h)
		}
	}
	for _, bad := range [][]string{{"--mode", "x"}, {"--camera", "1"}, {"--camera", "a,b"}, {"--turntable", "-1"}, {"--gt", filepath.Join(dir, "none.ply")}} {
		code, _, stderr := runCLI(t, append([]string{"render", model, "-o", png, "--width", "8"}, bad...)...)
		if code == 0 || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
			t.Errorf("render %v: exit %d, stderr %q; want one error line", bad, code, stderr)
		}
	}
}

// TestFitSDFBadInput requires a one-line error and exit code 1 for mesh
// files that cannot be fitted, and 2 for bad flags.
func TestFitSDFBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{filepath.Join(dir, "missing.obj")}, 1, "missing.obj"},
		{[]string{write("empty.obj", "")}, 1, "empty.obj"},
		{[]string{write("garbage.stl", "not a mesh at all\x00\x01")}, 1, "garbage.stl"},
		{[]string{write("flat.obj", "v 0 0 0\nv 1 0 0\nv 2 0 0\nf 1 2 3\n")}, 1, "flat.obj"},
		{[]string{write("nan.obj", "v 0 0 nan\nv 1 0 0\nv 0 1 0\nf 1 2 3\n")}, 1, "nan.obj"},
		{[]string{"--steps", "0"}, 2, "--steps"},
		{[]string{"--resolution", "1"}, 2, "--resolution"},
		{[]string{"--near-sigma", "0"}, 2, "--near-sigma"},
		{[]string{"--near-sigma", "NaN"}, 2, "--near-sigma"},
		{[]string{"--importance", "1.5"}, 2, "--importance"},
		{[]string{"a.obj", "b.obj"}, 2, "one mesh"},
	}
	for _, c := range cases {
		args := append([]string{"fit", "sdf", "-o", filepath.Join(dir, "out"), "-q"}, c.args...)
		code, _, stderr := runCLI(t, args...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code != c.code || len(lines) != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line naming %q", c.args, code, stderr, c.code, c.want)
		}
	}
}
