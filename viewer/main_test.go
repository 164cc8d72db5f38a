//go:build viewer

package viewer

import (
	"flag"
	"fmt"
	"image"
	"os"
	"testing"

	"github.com/neurbf/neurbf/pixels"
)

// update regenerates the golden screenshots in testdata/.
var update = flag.Bool("update", false, "rewrite the golden screenshots in testdata/")

// testWindow is the hidden window whose context every test draws with.
var testWindow *Window

// mainCalls carries work to the main thread, which owns the GL context.
var mainCalls = make(chan func())

// requireDisplay is the environment variable that turns the skip of the
// tests that need a display into a failure (scripts/test-viewer.sh sets
// it), so that a run where the display was lost cannot pass unseen.
const requireDisplay = "NEURBF_REQUIRE_DISPLAY"

// noDisplay is why the tests that draw are skipped ("" when they run).
var noDisplay string

// TestMain opens a hidden window on the main thread (init locked it) and
// serves GL work to the tests, which run on other goroutines. Without a
// display the tests still run: those that draw skip with the reason
// (needGL), and the run says so in a line of its own; with
// NEURBF_REQUIRE_DISPLAY=1 it fails instead.
func TestMain(m *testing.M) {
	flag.Parse()
	if err := CheckDisplay(); err != nil {
		if os.Getenv(requireDisplay) == "1" {
			fmt.Printf("FAIL: %s=1 but %v\n", requireDisplay, err)
			os.Exit(1)
		}
		noDisplay = err.Error()
		fmt.Println("SKIP: the viewer tests that draw:", noDisplay)
		os.Exit(m.Run())
	}
	w, err := OpenWindow("neurbf viewer tests", 64, 64, false)
	if err != nil {
		fmt.Println("viewer tests:", err)
		os.Exit(1)
	}
	testWindow = w
	done := make(chan int)
	go func() { done <- m.Run() }()
	for {
		select {
		case f := <-mainCalls:
			f()
		case code := <-done:
			w.Close()
			os.Exit(code)
		}
	}
}

// needGL skips a test that draws when there is no display, saying so.
func needGL(t testing.TB) {
	t.Helper()
	if noDisplay != "" {
		t.Skip("SKIP: " + noDisplay)
	}
}

// onMain runs f on the main thread and waits for it. Tests that draw
// call needGL first: without a display nothing serves the main thread.
func onMain(f func()) {
	if testWindow == nil {
		panic("viewer tests: onMain without a window (call needGL first)")
	}
	done := make(chan struct{})
	mainCalls <- func() { defer close(done); f() }
	<-done
}

// shoot draws with draw into a fresh w×h off-screen target and reads it.
func shoot(t *testing.T, w, h int, draw func()) *image.NRGBA {
	t.Helper()
	needGL(t)
	var img *image.NRGBA
	var err error
	onMain(func() {
		var tg *Target
		if tg, err = NewTarget(w, h); err != nil {
			return
		}
		defer tg.Delete()
		tg.Bind()
		draw()
		img = tg.Read()
	})
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// psnr is the PSNR between two pictures of equal size, over RGB.
func psnr(t *testing.T, a, b image.Image) float64 {
	t.Helper()
	p, err := pixels.PSNR(pixels.FromImage(a), pixels.FromImage(b))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// golden compares img with testdata/name (PSNR ≥ minDB), or rewrites the
// golden with -update.
func golden(t *testing.T, name string, img image.Image, minDB float64) {
	t.Helper()
	path := "testdata/" + name
	if *update {
		if err := savePNG(path, img); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
		return
	}
	want, err := pixels.Load(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	got := pixels.FromImage(img)
	if want.C == 1 && got.C == 3 || want.W != got.W || want.H != got.H {
		t.Fatalf("%s: golden is %d×%d×%d, picture %d×%d×%d", path, want.W, want.H, want.C, got.W, got.H, got.C)
	}
	p, err := pixels.PSNR(got, want)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: PSNR %.2f dB against the golden", name, p)
	if p < minDB {
		_ = savePNG(t.TempDir()+"/"+name, img)
		t.Errorf("%s: PSNR %.2f dB against the golden, want ≥ %.0f dB", name, p, minDB)
	}
}
