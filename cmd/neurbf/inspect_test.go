package main

import (
	"bytes"
	"encoding/json"
	"github.com/neurbf/neurbf/pixels"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/internal/cli"
)

// fitTinyImage fits a w×h pattern for three steps (with --crop when crop >
// 0) and returns the image's path and the snapshot's.
func fitTinyImage(t *testing.T, dir string, w, h, crop int) (img, model string) {
	t.Helper()
	img = filepath.Join(dir, "in.png")
	writePNG(t, img, pattern("nrgba", w, h))
	out := filepath.Join(dir, "fit")
	args := []string{"fit", "image", img, "-o", out, "--steps", "3", "-q", "--threads", "2"}
	if crop > 0 {
		args = append(args, "--crop", itoa(crop))
	}
	if code, _, stderr := runCLI(t, args...); code != 0 {
		t.Fatalf("fit: exit %d: %s", code, stderr)
	}
	return img, filepath.Join(out, "model.nrbf")
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// wantFail runs args and requires exit code code and one line on stderr
// containing every one of want.
func wantFail(t *testing.T, code int, args []string, want ...string) {
	t.Helper()
	got, _, stderr := runCLI(t, args...)
	ok := got == code && strings.Count(stderr, "\n") == 1 && strings.HasPrefix(stderr, "neurbf: ")
	for _, w := range want {
		ok = ok && strings.Contains(stderr, w)
	}
	if !ok {
		t.Errorf("%q: exit %d, stderr %q; want exit %d and one line with %q", args, got, stderr, code, want)
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}, {"-version"}, {"info", "--version"}} {
		code, stdout, stderr := runCLI(t, args...)
		if code != 0 || stderr != "" || !strings.HasPrefix(stdout, "neurbf ") || !strings.HasSuffix(stdout, cli.Version()+"\n") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// TestGrammar checks the one grammar through the real entry point:
// flags after positionals, --flag=value, -flag value, --, and the text
// of the usage errors.
func TestGrammar(t *testing.T) {
	code, _, stderr := runCLI(t, "render", "m.nrbf", "-o", "x.png", "--bogus")
	if code != 2 || stderr != "neurbf: unknown flag --bogus (see 'neurbf render -h')\n" {
		t.Errorf("unknown flag: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "render", "m.nrbf", "-o", "x.png", "--width", "wide")
	if code != 2 || stderr != "neurbf: --width wants an integer, got \"wide\"\n" {
		t.Errorf("bad value: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI(t, "mesh", "m.nrbf", "-o")
	if code != 2 || stderr != "neurbf: -o needs a value (FILE)\n" {
		t.Errorf("missing value: exit %d, %q", code, stderr)
	}
	// After --, "-x.nrbf" is the model's file name, not a flag.
	dir := t.TempDir()
	wantFail(t, 1, []string{"info", "--", filepath.Join(dir, "-x.nrbf")}, "-x.nrbf")

	_, model := fitTinyImage(t, dir, 20, 16, 0)
	out := filepath.Join(dir, "r.png")
	for _, args := range [][]string{
		{"render", model, "-o", out, "--width=10"},
		{"render", "--width", "10", "-o=" + out, model},
		{"render", "-width", "10", model, "--o", out},
	} {
		os.Remove(out)
		if code, stdout, stderr := runCLI(t, args...); code != 0 || !strings.Contains(stdout, "(10×8)") {
			t.Errorf("%q: exit %d: %s%s", args, code, stdout, stderr)
		}
	}
}

// TestHelpFlags: every command's help spells long flags --name with their
// placeholders, and eval's help lists the flags of both evaluations.
func TestHelpFlags(t *testing.T) {
	for cmd, flags := range map[string][]string{
		"render": {"-o FILE", "--width N", "--height N", "--scale X", "--mode MODE", "--camera AZ,EL[,DIST]", "--turntable N", "--gt MESH", "--threads N"},
		"eval":   {"--image FILE", "--crop N", "--mesh FILE", "--resolution N", "--eval-resolution N", "--eval-points N", "--mesh-samples N", "--exact", "--threads N", "-q"},
		"mesh":   {"-o FILE", "--resolution N", "--exact", "-q"},
		"info":   {"--json"},
	} {
		code, stdout, _ := runCLI(t, cmd, "-h")
		if code != 0 || !strings.HasPrefix(stdout, "Usage: neurbf "+cmd) {
			t.Errorf("%s -h: exit %d, %q", cmd, code, stdout)
		}
		for _, f := range flags {
			if !strings.Contains(stdout, "\n  "+f+"\n") {
				t.Errorf("%s -h does not list %q:\n%s", cmd, f, stdout)
			}
		}
		for _, line := range strings.Split(stdout, "\n") {
			if strings.HasPrefix(line, "  -") && len(strings.Fields(line)[0]) > 2 && !strings.HasPrefix(line, "  --") {
				t.Errorf("%s -h spells a long flag with one dash: %q", cmd, line)
			}
		}
	}
}

// TestEvalImageRefusesWrongSize: an image of another size than the one
// fitted is refused with both sizes named; --crop that matches is measured.
func TestEvalImageRefusesWrongSize(t *testing.T) {
	dir := t.TempDir()
	img, model := fitTinyImage(t, dir, 24, 20, 16) // a 16×16 model of a 24×20 image
	wantFail(t, 1, []string{"eval", model, "--image", img}, img+" is 24×20", "fitted at 16×16", "--crop 16")
	wantFail(t, 1, []string{"eval", model, "--image", img, "--crop", "12"}, "12×12 crop", "16×16")
	code, stdout, stderr := runCLI(t, "eval", model, "--image", img, "--crop", "16")
	var res map[string]any
	if code != 0 || json.Unmarshal([]byte(stdout), &res) != nil || res["psnr"] == nil || res["width"] != 16.0 {
		t.Errorf("matching crop: exit %d: %s%s", code, stdout, stderr)
	}
	other := filepath.Join(dir, "other.png")
	writePNG(t, other, pattern("nrgba", 16, 20))
	wantFail(t, 1, []string{"eval", model, "--image", other}, "16×20", "16×16")

	// Flags of the other evaluation, or both ground truths, are refused.
	wantFail(t, 2, []string{"eval", model, "--image", img, "--crop", "16", "--resolution", "64"}, "--resolution applies to eval --mesh")
	wantFail(t, 2, []string{"eval", model, "--image", img, "--exact"}, "--exact applies to eval --mesh")
	wantFail(t, 2, []string{"eval", model, "--mesh", "x.obj", "--crop", "16"}, "--crop applies to eval --image")
	wantFail(t, 2, []string{"eval", model, "--mesh", "x.obj", "--image", img}, "not both")
	wantFail(t, 2, []string{"eval", model}, "--image PATH or --mesh PATH")
	wantFail(t, 1, []string{"eval", model, "--mesh", img}, "eval --mesh needs an sdf model")
}

// TestRenderRefusesIgnoredFlags: flags that would be silently ignored are
// refused with one line; the output format follows the extension.
func TestRenderRefusesIgnoredFlags(t *testing.T) {
	dir := t.TempDir()
	_, model := fitTinyImage(t, dir, 20, 16, 0)
	out := filepath.Join(dir, "r.png")
	for _, bad := range [][]string{{"--mode", "normals"}, {"--camera", "10,20"}, {"--turntable", "4"}, {"--gt", "x.obj"}} {
		wantFail(t, 2, append([]string{"render", model, "-o", out}, bad...), bad[0]+" applies to SDF models", model)
	}
	wantFail(t, 2, []string{"render", model, "-o", out, "--width", "10", "--scale", "2"}, "--scale, not both")
	wantFail(t, 2, []string{"render", model, "-o", out, "--scale", "2", "--height", "10"}, "--scale, not both")
	wantFail(t, 2, []string{"render", model, "-o", filepath.Join(dir, "r.bmp")}, "r.bmp", ".png, .jpg or .jpeg")
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused render wrote its output")
	}

	for _, name := range []string{"r.png", "r.jpg", "r.JPEG"} {
		p := filepath.Join(dir, name)
		if code, _, stderr := runCLI(t, "render", model, "-o", p, "--scale", "2"); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var w, h int
		if strings.HasSuffix(name, ".png") {
			cfg, err := png.DecodeConfig(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s is not a PNG: %v", name, err)
			}
			w, h = cfg.Width, cfg.Height
		} else {
			cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s is not a JPEG: %v", name, err)
			}
			w, h = cfg.Width, cfg.Height
		}
		if w != 40 || h != 32 {
			t.Errorf("%s: %d×%d, want 40×32", name, w, h)
		}
	}
}

// TestInfo: text by default (no JSON in it), clean JSON with --json, one
// consistent trainable-parameter count and the steps trained named apart
// from the schedule.
func TestInfo(t *testing.T) {
	dir := t.TempDir()
	_, model := fitTinyImage(t, dir, 20, 16, 0)
	code, text, stderr := runCLI(t, "info", model)
	if code != 0 || stderr != "" {
		t.Fatalf("info: exit %d: %s", code, stderr)
	}
	if strings.ContainsAny(text, "{}") || !strings.Contains(text, "format version") {
		t.Errorf("info text has JSON in it or no version:\n%s", text)
	}
	code, js, stderr := runCLI(t, "info", "--json", model)
	if code != 0 || stderr != "" {
		t.Fatalf("info --json: exit %d: %s", code, stderr)
	}
	var in modelInfo
	dec := json.NewDecoder(strings.NewReader(js))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || dec.More() {
		t.Fatalf("info --json is not one JSON document: %v\n%s", err, js)
	}
	sum := 0
	for _, g := range in.Groups {
		sum += g.Count
	}
	if sum != in.TrainableParams || in.TrainableParams == 0 || in.FrozenValues == 0 || in.StepsTrained != 3 || in.ScheduleSteps != 3 || in.Width != 20 {
		t.Errorf("info --json: groups sum to %d, trainable %d, frozen %d, steps %d of %d, width %d",
			sum, in.TrainableParams, in.FrozenValues, in.StepsTrained, in.ScheduleSteps, in.Width)
	}
	for _, want := range []string{
		"parameters", itoa(in.TrainableParams) + " trainable (budget " + itoa(in.ParamBudget) + ")",
		"frozen values", itoa(in.FrozenValues) + " (RBF centres and shapes: stored, not trained",
		"trained", "3 steps in", "train.steps", "task", "image, 20×16, 3 channel(s)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("info text lacks %q:\n%s", want, text)
		}
	}
}

// TestInfoScheduleText: a run stopped before its schedule's end says so.
func TestInfoScheduleText(t *testing.T) {
	in := &modelInfo{File: "m.nrbf", FormatVersion: 2, Task: "sdf", Encoder: "hybrid", RBFs: 10,
		StepsTrained: 891, TrainSeconds: 60, ScheduleSteps: 5000, TrainableParams: 100, ParamBudget: 110,
		Groups: []groupCount{{"grid", 60}, {"decoder", 40}}}
	in.Config.Task = "sdf"
	var b bytes.Buffer
	if err := in.writeText(&b); err != nil {
		t.Fatal(err)
	}
	// Keys are aligned on the longest, "  grid.log2_table" of the config.
	want := `m.nrbf: neurbf snapshot, format version 2
task               sdf
encoder            hybrid, 10 RBFs
trained            891 steps in 60.0 s
schedule           5000 steps configured (train.steps); training stopped before the schedule's end (a run against the clock, or interrupted)
parameters         100 trainable (budget 110)
  grid             60
  decoder          40
config
  task             sdf
  grid.levels      0
`
	got := b.String()
	// The rest of the config (its zero sub-structs) follows.
	if !strings.HasPrefix(got, want) {
		t.Errorf("got\n%s\nwant it to start with\n%s", got, want)
	}
}

func TestFlattenJSON(t *testing.T) {
	got, err := flattenJSON(map[string]any{"a": map[string]any{"b": 1, "c": "x y"}, "d": []int{2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]string{{"a.b", "1"}, {"a.c", "x y"}, {"d", "[2,3]"}}
	if len(got) != len(want) {
		t.Fatalf("%q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%d: %q, want %q", i, got[i], want[i])
		}
	}
}

// TestRenderRegion: --region draws a window of the field that matches the
// same window of a whole render at the same scale, and a window outside
// the image or a malformed one is refused.
func TestRenderRegion(t *testing.T) {
	dir := t.TempDir()
	_, model := fitTinyImage(t, dir, 20, 16, 0)
	whole, part := filepath.Join(dir, "whole.png"), filepath.Join(dir, "part.png")
	if code, _, stderr := runCLI(t, "render", model, "-o", whole, "--scale", "2"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "render", model, "-o", part, "--region", "5,3,8,6", "--scale", "2"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, err := pixels.Load(whole)
	if err != nil {
		t.Fatal(err)
	}
	b, err := pixels.Load(part)
	if err != nil {
		t.Fatal(err)
	}
	if b.W != 16 || b.H != 12 {
		t.Fatalf("region at scale 2: %d×%d, want 16×12", b.W, b.H)
	}
	for y := range b.H {
		for x := range b.W {
			for c := range b.C {
				got, want := b.Pix[(y*b.W+x)*b.C+c], a.Pix[((6+y)*a.W+10+x)*a.C+c]
				if d := got - want; d > 1.0/255 || d < -1.0/255 {
					t.Fatalf("region pixel (%d,%d) channel %d: %g, the whole render has %g", x, y, c, got, want)
				}
			}
		}
	}
	wantFail(t, 2, []string{"render", model, "-o", part, "--region", "15,3,8,6"}, "not inside", "20×16")
	wantFail(t, 2, []string{"render", model, "-o", part, "--region", "1,2,3"}, "X,Y,W,H")
}
