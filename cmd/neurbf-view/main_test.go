//go:build viewer

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// runCmd runs the command line and returns its exit code and stderr.
func runCmd(args ...string) (int, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(""), &out, &errb)
	return code, errb.String()
}

func TestNoDisplayIsOneLine(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	img := filepath.Join("..", "..", "assets", "camera.png")
	code, msg := runCmd("--frames", "1", "--screenshot", filepath.Join(t.TempDir(), "x.png"), img)
	if code != 1 || strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "no display") {
		t.Errorf("exit %d, stderr %q: want exit 1 and one line about the display", code, msg)
	}
}

func TestBadArguments(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.nrbf")
	if err := os.WriteFile(bad, []byte("NEURBF\x00\x01garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(dir, "junk.obj")
	if err := os.WriteFile(junk, []byte("v 1 2\nf 1 2 9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{filepath.Join(dir, "missing.nrbf")}, 1, "missing.nrbf"},
		{[]string{bad}, 1, "bad.nrbf"},
		{[]string{junk}, 1, "junk.obj"},
		{[]string{}, 2, "want one file"},
		{[]string{"--mode", "shade", "a", "b"}, 2, "got 2 arguments"},
		{[]string{"--camera", "10", bad}, 2, "az,el"},
		{[]string{"--camera", "x,1", bad}, 2, "not a number"},
		{[]string{"--frames", "-1", bad}, 2, "--frames"},
		{[]string{"--frames", "2", bad}, 2, "--screenshot"},
		{[]string{"--on-close", "maybe", bad}, 2, "--on-close"},
		{[]string{"--bake", "1", bad}, 2, "--bake"},
		{[]string{"--slice-axis", "w", bad}, 2, "--slice-axis"},
		{[]string{"--split", "1", bad}, 2, "--split"},
		{[]string{"--nope", bad}, 2, "--nope"},
	} {
		code, msg := runCmd(c.args...)
		if code != c.code || !strings.Contains(msg, c.want) || strings.Count(msg, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want exit %d and one line containing %q", c.args, code, msg, c.code, c.want)
		}
	}
}

// TestRefusesWhatWouldShowNothing: flags that do not fit the field, or
// ground-truth modes with no ground truth, are one line and exit 2, before
// any window (so the test needs no display).
func TestRefusesWhatWouldShowNothing(t *testing.T) {
	dir := t.TempDir()
	img := tinyImage(t, 16, 12)
	imgPath := filepath.Join(dir, "img.png")
	if err := pixels.SavePNG(imgPath, img); err != nil {
		t.Fatal(err)
	}
	model := filepath.Join(dir, "m.nrbf")
	m, err := field.NewImageModel(field.Config{Params: 12000}, img)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Save(model, 0, 0); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{model, "--mode", "gt"}, "--mode gt needs the ground truth"},
		{[]string{"--mode", "error", model}, "--mode error needs the ground truth"},
		{[]string{model, "--mode", "split"}, "--mode split needs the ground truth"},
		{[]string{model, "--split", "0.3"}, "--split needs the ground truth"},
		{[]string{model, "--mode", "slice", "--gt", imgPath}, "does not apply to an image"},
		{[]string{model, "--slice-pos", "0.2"}, "--slice-pos does not apply to an image"},
		{[]string{model, "--center", "1,2,3", "--gt", imgPath}, "--center wants x,y"},
		{[]string{"--zoom", "2", filepath.Join("..", "..", "assets", "bunny.obj")}, "--zoom does not apply to an SDF"},
	} {
		code, msg := runCmd(c.args...)
		if code != 2 || !strings.Contains(msg, c.want) || strings.Count(msg, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want exit 2 and one line containing %q", c.args, code, msg, c.want)
		}
	}
}

// trainTiny fits a 12,000-parameter image model to img for the given
// steps (one thread, so the result is the same everywhere) and returns it
// with the number of steps done.
func trainTiny(t *testing.T, img *pixels.Image, steps int, seed uint64) (*field.Model, int) {
	t.Helper()
	m, err := field.NewImageModel(field.Config{Params: 12000, Train: field.TrainConfig{Steps: steps, Seed: seed}}, img)
	if err != nil {
		t.Fatal(err)
	}
	task := field.NewImageTask(img, 0)
	if _, err := m.Encoder.Fix(task.Points()); err != nil {
		t.Fatal(err)
	}
	tr, err := field.NewTrainer(m, task, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if err := tr.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return m, tr.StepsDone()
}

// tinyImage returns a w×h centre crop of the built-in coffee photo.
func tinyImage(t *testing.T, w, h int) *pixels.Image {
	t.Helper()
	full, err := pixels.Load(filepath.Join("..", "..", "assets", "coffee.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := pixels.CenterCrop(full, w, h)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestFlagsAnywhere: flags mean the same before and after the file, and
// the defaults are the ones documented (a live fit's --time is neurbf
// fit's minute; a screenshot is one frame).
func TestFlagsAnywhere(t *testing.T) {
	before, pb, err := parseFlags([]string{"--gt", "g.png", "--mode", "error", "--zoom", "2", "m.nrbf"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	after, pa, err := parseFlags([]string{"m.nrbf", "--gt", "g.png", "--mode=error", "--zoom", "2"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(pb) != "[m.nrbf]" || fmt.Sprint(pa) != "[m.nrbf]" {
		t.Errorf("positionals %q and %q, want [m.nrbf]", pb, pa)
	}
	if before.gt != after.gt || before.mode != after.mode || before.zoom != after.zoom || after.gt != "g.png" || after.mode != "error" || after.zoom != 2 {
		t.Errorf("flags before the file: %+v\nafter: %+v", before, after)
	}
	if after.budget != time.Minute {
		t.Errorf("default --time %v, want 1m as neurbf fit", after.budget)
	}
	o, _, err := parseFlags([]string{"m.nrbf", "--screenshot", "s.png"}, io.Discard)
	if err != nil || o.frames != 1 || !o.hideHUD {
		t.Errorf("--screenshot alone: frames %d, HUD hidden %v (%v); want one frame without the HUD", o.frames, o.hideHUD, err)
	}
}

// TestCenter: --center is in image pixels from the top-left corner for
// an image (its middle is the plane's origin) and the camera target for
// an SDF.
func TestCenter(t *testing.T) {
	c, err := parseCenter("200,50", true, 400, 100)
	if err != nil || c != [3]float64{0, 0, 0} {
		t.Errorf("image middle: %v, %v; want the origin", c, err)
	}
	c, err = parseCenter("0,100", true, 400, 100)
	if err != nil || c != [3]float64{-1, 1, 0} {
		t.Errorf("bottom-left corner: %v, %v; want (-1, 1)", c, err)
	}
	c, err = parseCenter("0.1,-0.2,0.3", false, 0, 0)
	if err != nil || c != [3]float64{0.1, -0.2, 0.3} {
		t.Errorf("SDF target: %v, %v", c, err)
	}
	if _, err := parseCenter("1,2", false, 0, 0); err == nil {
		t.Error("an SDF --center of two numbers: no error")
	}
}

// TestHelpAndVersion: -h prints the flags in the --flag spelling and
// --version one line, both on standard output with exit 0.
func TestHelpAndVersion(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-h"}, strings.NewReader(""), &out, &errb); code != 0 || errb.Len() != 0 {
		t.Fatalf("-h: exit %d, stderr %q", code, errb.String())
	}
	for _, want := range []string{"--slice-axis AXIS", "--screenshot OUT.PNG", "--zoom X", "--time DURATION", "(default 1m0s)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-h does not show %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "\n  -mode") {
		t.Errorf("-h spells a long flag with one dash:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"--version"}, strings.NewReader(""), &out, &errb); code != 0 || strings.Count(out.String(), "\n") != 1 || !strings.HasPrefix(out.String(), "neurbf-view ") {
		t.Errorf("--version: exit %d, stdout %q", code, out.String())
	}
}

// needDisplay skips a test that opens a window when there is no display,
// or fails it under NEURBF_REQUIRE_DISPLAY=1 (scripts/test-viewer.sh).
func needDisplay(t *testing.T) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		if os.Getenv("NEURBF_REQUIRE_DISPLAY") == "1" {
			t.Fatal("NEURBF_REQUIRE_DISPLAY=1 but there is no display")
		}
		t.Skip("SKIP: no display: run under xvfb-run (scripts/test-viewer.sh)")
	}
}

// The program as the tests that run it build it, once for all of them.
var (
	buildOnce sync.Once
	binDir    string
	binPath   string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildViewer returns the path of the built program.
func buildViewer(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		if binDir, buildErr = os.MkdirTemp("", "neurbf-view-test"); buildErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "neurbf-view")
		if out, err := exec.Command("go", "build", "-tags", "viewer", "-o", binPath, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// runViewer runs bin with args in dir and fails the test if it does not
// exit by itself within a minute (a screenshot run must).
func runViewer(t *testing.T, dir, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("%q did not exit within a minute\n%s", args, out)
	}
	if err != nil {
		t.Fatalf("%q: %v\n%s", args, err, out)
	}
	return out
}

// TestREADMECommand runs the README's viewer command as written, the
// flag after the file, on a model the test fits, with --screenshot and
// nothing else: it must exit by itself after one frame.
func TestREADMECommand(t *testing.T) {
	needDisplay(t)
	dir := t.TempDir()
	src := filepath.Join("..", "..", "testdata", "real", "chelsea.png")
	if _, err := os.Stat(src); err != nil {
		src = filepath.Join("..", "..", "assets", "coffee.png") // scripts/fetch-testdata.sh not run
	}
	full, err := pixels.Load(src)
	if err != nil {
		t.Fatal(err)
	}
	img, err := pixels.CenterCrop(full, 48, 32)
	if err != nil {
		t.Fatal(err)
	}
	if err := pixels.SavePNG(filepath.Join(dir, "chelsea.png"), img); err != nil {
		t.Fatal(err)
	}
	m, steps := trainTiny(t, img, 40, 1)
	if err := os.Mkdir(filepath.Join(dir, "chelsea"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := m.Save(filepath.Join(dir, "chelsea", "model.nrbf"), steps, 0); err != nil {
		t.Fatal(err)
	}
	bin := buildViewer(t)
	runViewer(t, dir, bin, "chelsea/model.nrbf", "--gt", "chelsea.png", "--screenshot", "shot.png")
	shot, err := pixels.Load(filepath.Join(dir, "shot.png"))
	if err != nil {
		t.Fatal(err)
	}
	if shot.W != 800 || shot.H != 600 {
		t.Errorf("screenshot is %d×%d, want the default window's 800×600", shot.W, shot.H)
	}
	// The 48×32 image fits the window's width (800/48 window pixels per
	// image pixel), so the window shows the plane's [−1, 1] × [−1.125,
	// 1.125]; the rows of the image must be the field rendered there.
	want, err := render.ReconstructRegion(m.Eval, render.Region{X0: -1, Y0: -1.125, X1: 1, Y1: 1.125}, 800, 600, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	rows := func(img *pixels.Image) *pixels.Image {
		out := pixels.New(800, 500, 3)
		copy(out.Pix, img.Pix[50*800*3:550*800*3])
		return out
	}
	p, err := pixels.PSNR(rows(shot), rows(want))
	t.Logf("screenshot vs the field: PSNR %.2f dB", p)
	if err != nil || p < 35 {
		t.Errorf("the screenshot's image rows against the field rendered there: PSNR %.2f dB (%v), want ≥ 35", p, err)
	}
}

// TestUnattendedLiveFit builds the program and runs it as a user would:
// a live fit of an image crop for a few steps, two frames off-screen, a
// screenshot, and the model saved on close by the flag.
func TestUnattendedLiveFit(t *testing.T) {
	needDisplay(t)
	dir := t.TempDir()
	bin := buildViewer(t)
	shot, snap := filepath.Join(dir, "shot.png"), filepath.Join(dir, "m.nrbf")
	img, err := filepath.Abs(filepath.Join("..", "..", "assets", "coffee.png"))
	if err != nil {
		t.Fatal(err)
	}
	out := runViewer(t, dir, bin, "--crop", "32", "--params", "12000", "--steps", "20", "--threads", "1",
		"--frames", "2", "--screenshot", shot, "--width", "160", "--height", "120",
		"--mode", "split", "--on-close", "save", "--save", snap, img)
	pic, err := pixels.Load(shot)
	if err != nil {
		t.Fatal(err)
	}
	if pic.W != 160 || pic.H != 120 {
		t.Errorf("screenshot is %d×%d, want 160×120", pic.W, pic.H)
	}
	m, h, err := field.Load(snap)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if h.Steps != 20 || m.Config.Width != 32 {
		t.Errorf("saved snapshot: %d steps, width %d; want 20 and 32\n%s", h.Steps, m.Config.Width, out)
	}
}

// TestFramesLeaveOutHUD: unattended screenshots have no HUD unless --hud
// asks for it; interactive runs start with it.
func TestFramesLeaveOutHUD(t *testing.T) {
	for _, c := range []struct {
		args []string
		hide bool
	}{
		{[]string{"m.nrbf"}, false},
		{[]string{"--frames", "1", "--screenshot", "s.png", "m.nrbf"}, true},
		{[]string{"--frames", "1", "--screenshot", "s.png", "--hud", "m.nrbf"}, false},
		{[]string{"--no-hud", "m.nrbf"}, true},
	} {
		o, _, err := parseFlags(c.args, io.Discard)
		if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if o.hideHUD != c.hide {
			t.Errorf("%v: HUD hidden %v, want %v", c.args, o.hideHUD, c.hide)
		}
	}
}
