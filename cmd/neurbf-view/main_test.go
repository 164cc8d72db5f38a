//go:build viewer

package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
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
	} {
		code, msg := runCmd(c.args...)
		if code != c.code || !strings.Contains(msg, c.want) || strings.Count(msg, "\n") != 1 {
			t.Errorf("%q: exit %d, stderr %q; want exit %d and one line containing %q", c.args, code, msg, c.code, c.want)
		}
	}
}

// TestUnattendedLiveFit builds the program and runs it as a user would:
// a live fit of an image crop for a few steps, two frames off-screen, a
// screenshot, and the model saved on close by the flag.
func TestUnattendedLiveFit(t *testing.T) {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		t.Skip("no display: run under xvfb-run (scripts/test-viewer.sh)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "neurbf-view")
	if out, err := exec.Command("go", "build", "-tags", "viewer", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	shot, snap := filepath.Join(dir, "shot.png"), filepath.Join(dir, "m.nrbf")
	img := filepath.Join("..", "..", "assets", "coffee.png")
	cmd := exec.Command(bin, "--crop", "32", "--params", "12000", "--steps", "20", "--threads", "1",
		"--frames", "2", "--screenshot", shot, "--width", "160", "--height", "120",
		"--mode", "split", "--on-close", "save", "--save", snap, img)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
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
