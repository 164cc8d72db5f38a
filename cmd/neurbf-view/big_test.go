//go:build viewer

package main

import (
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// bigClaimedSnapshot trains a small model on a 32×32 crop for a few steps
// and saves it in dir as big.nrbf with its Config saying it was fitted to
// a side×side image: the same field of the plane, but one that would take
// side² evaluations to draw whole.
func bigClaimedSnapshot(t *testing.T, dir string, side int) (*field.Model, string) {
	t.Helper()
	m, steps := trainTiny(t, tinyImage(t, 32, 32), 60, 3)
	m.Config.Width, m.Config.Height = side, side
	path := filepath.Join(dir, "big.nrbf")
	if err := m.Save(path, steps, 0); err != nil {
		t.Fatal(err)
	}
	back, _, err := field.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if back.Config.Width != side {
		t.Fatalf("the saved model says %d pixels wide, want %d", back.Config.Width, side)
	}
	return back, path
}

// TestBigModelRegion opens a model that claims 65536×65536 pixels (4.3·10⁹,
// far too many to evaluate in a test) at --region, as a user would, and
// checks that the run ends within runViewer's minute having evaluated the
// field at about as many points as the 1280×720 window has pixels, and
// that the screenshot is what `neurbf render MODEL --region X,Y,W,H
// --width 1280` draws (render.PixelWindow, then the render of that
// window: the command's own code).
func TestBigModelRegion(t *testing.T) {
	needDisplay(t)
	dir := t.TempDir()
	const side, w, h = 65536, 1280, 720
	m, model := bigClaimedSnapshot(t, dir, side)
	bin := buildViewer(t)
	// A window of 16 image pixels per window pixel, on level 4's grid.
	const X, Y, W, H = 16 * 900, 16 * 1700, 16 * w, 16 * h
	region := strings.Join([]string{strconv.Itoa(X), strconv.Itoa(Y), strconv.Itoa(W), strconv.Itoa(H)}, ",")
	t0 := time.Now()
	out := runViewer(t, dir, bin, model, "--region", region, "--width", strconv.Itoa(w), "--height", strconv.Itoa(h), "--screenshot", "shot.png")
	took := time.Since(t0)
	match := regexp.MustCompile(`evaluated at (\d+) points, in tiles`).FindSubmatch(out)
	if match == nil {
		t.Fatalf("no count of evaluations in the output:\n%s", out)
	}
	n, _ := strconv.ParseInt(string(match[1]), 10, 64)
	t.Logf("65536² model, --region %s at %d×%d: %d evaluations (%.2f per window pixel), %v in all (start-up included)",
		region, w, h, n, float64(n)/(w*h), took.Round(time.Millisecond))
	if n > 4*w*h || n < w*h/2 {
		t.Errorf("%d evaluations for a %d×%d window of a %d² image", n, w, h, side)
	}
	shot, err := pixels.Load(filepath.Join(dir, "shot.png"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := render.PixelWindow(side, side, X, Y, W, H)
	if err != nil {
		t.Fatal(err)
	}
	want, err := render.ReconstructRegion(m.Eval, r, w, h, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	want = pixels.FromImage(pixels.ToNRGBA(want))
	p, err := pixels.PSNR(shot, want)
	maxDiff := 0.0
	for i := range shot.Pix {
		maxDiff = max(maxDiff, math.Abs(float64(shot.Pix[i]-want.Pix[i])))
	}
	t.Logf("screenshot against render --region: PSNR %.2f dB, largest difference %.0f/255", p, 255*maxDiff)
	if err != nil || p < 45 || maxDiff > 3.0/255 {
		t.Errorf("screenshot against render --region: PSNR %.2f dB (%v), largest difference %.0f/255; want ≥ 45 dB and ≤ 3", p, err, 255*maxDiff)
	}
}

// TestRegionFlag: --region fits the window of image pixels to the window
// and refuses what it cannot show.
func TestRegionFlag(t *testing.T) {
	c, z, err := parseRegion("100,50,200,100", 400, 200, 800, 600)
	if err != nil || c != [3]float64{0, 0, 0} || z != 4 {
		t.Errorf("the middle half: centre %v, zoom %g (%v); want the origin at 4", c, z, err)
	}
	for _, bad := range []string{"0,0,0,10", "300,0,200,10", "-1,0,5,5", "1,2,3", "a,b,c,d"} {
		if _, _, err := parseRegion(bad, 400, 200, 800, 600); err == nil {
			t.Errorf("--region %s of a 400×200 image: no error", bad)
		}
	}
	for _, args := range [][]string{
		{"--region", "0,0,4,4", "--zoom", "2", "m.nrbf"},
		{"--region", "0,0,4,4", "--center", "1,1", "m.nrbf"},
		{"--tiles", "maybe", "m.nrbf"},
		{"--tile-cache", "0", "m.nrbf"},
	} {
		if _, _, err := parseFlags(args, nil); err == nil {
			t.Errorf("%q: no error", args)
		}
	}
	code, msg := runCmd("--region", "0,0,4,4", filepath.Join("..", "..", "assets", "bunny.obj"))
	if code != 2 || !strings.Contains(msg, "--region does not apply to an SDF") {
		t.Errorf("--region for a mesh: exit %d, %q", code, msg)
	}
}
