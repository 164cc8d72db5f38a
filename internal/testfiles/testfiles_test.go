package testfiles

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestRoot(t *testing.T) {
	root := Root(t)
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "testfiles", "doc.go")); err != nil {
		t.Errorf("Root = %s, which does not hold this package: %v", root, err)
	}
}

func TestRealPathSkipsWhenAbsent(t *testing.T) {
	var skipped bool
	t.Run("absent", func(t *testing.T) {
		defer func() { skipped = t.Skipped() }()
		RealPath(t, "no-such-file.png")
		t.Error("RealPath returned for a missing file")
	})
	if !skipped {
		t.Error("RealPath did not skip for a missing file")
	}
}

func TestRealPathFindsFetchedFile(t *testing.T) {
	p := RealPath(t, "chelsea.png") // skips when the data is not fetched
	if want := filepath.Join(Root(t), "testdata", "real", "chelsea.png"); p != want {
		t.Errorf("RealPath = %s, want %s", p, want)
	}
}

func TestPSNR(t *testing.T) {
	a := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	b := image.NewNRGBA(image.Rect(5, 5, 7, 6)) // other origin, same size
	for i := 3; i < len(a.Pix); i += 4 {
		a.Pix[i], b.Pix[i] = 255, 255 // opaque black
	}
	if p := PSNR(a, b); !math.IsInf(p, 1) {
		t.Errorf("equal pictures: PSNR %v, want +Inf", p)
	}
	// One of the six RGB samples off by the full range: MSE 1/6.
	b.SetNRGBA(6, 5, color.NRGBA{R: 0, G: 255, B: 0, A: 255})
	if p, want := PSNR(a, b), 10*math.Log10(6); math.Abs(p-want) > 1e-9 {
		t.Errorf("PSNR %v, want %v", p, want)
	}
}

// recorder is a testing.TB that records what Golden reports instead of
// failing the test that uses it.
type recorder struct {
	testing.TB
	mu            sync.Mutex
	errors, fatal []string
}

func (r *recorder) Helper()             {}
func (r *recorder) Logf(string, ...any) {}
func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.mu.Lock()
	r.fatal = append(r.fatal, fmt.Sprintf(format, args...))
	r.mu.Unlock()
	runtime.Goexit()
}

// golden runs Golden with a recorder on its own goroutine, so that Fatalf
// can stop it.
func golden(t *testing.T, name string, img image.Image, update bool) *recorder {
	r := &recorder{TB: t}
	var wg sync.WaitGroup
	wg.Go(func() { Golden(r, name, img, 40, update) })
	wg.Wait()
	return r
}

// gradient returns a w×h picture with a smooth gradient plus noise of
// amplitude amp (in 8-bit steps) from a fixed pattern.
func gradient(w, h, amp int) *image.NRGBA {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := (x*7+y*13)%5 - 2
			c := func(v int) uint8 { return uint8(min(255, max(0, v+amp*n))) }
			m.SetNRGBA(x, y, color.NRGBA{c(x * 255 / w), c(y * 255 / h), c(128), 255})
		}
	}
	return m
}

func TestGolden(t *testing.T) {
	// A repository of its own: go.mod at the root, the test in pkg/.
	root := t.TempDir()
	pkg := filepath.Join(root, "pkg")
	if err := os.MkdirAll(filepath.Join(pkg, "testdata"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(pkg)
	t.Setenv(ArtifactsEnv, "out/artifacts") // relative: from the root
	kept := filepath.Join(root, "out", "artifacts", "pkg", "g.png")

	want := gradient(32, 24, 0)
	if r := golden(t, "g.png", want, false); len(r.fatal) != 1 || !strings.Contains(r.fatal[0], "-update") {
		t.Errorf("missing golden: fatal %q, want one naming -update", r.fatal)
	}
	if r := golden(t, "g.png", want, true); len(r.errors)+len(r.fatal) > 0 {
		t.Fatalf("update: %q %q", r.errors, r.fatal)
	}
	if m, err := readPNG(filepath.Join("testdata", "g.png")); err != nil || PSNR(m, want) != math.Inf(1) {
		t.Fatalf("update did not write the picture as the golden: %v", err)
	}

	// Noise of up to ±2 steps stays above 40 dB; ±80 steps does not.
	if r := golden(t, "g.png", gradient(32, 24, 1), false); len(r.errors)+len(r.fatal) > 0 {
		t.Errorf("a close picture fails: %q %q", r.errors, r.fatal)
	}
	if _, err := os.Stat(kept); err == nil {
		t.Errorf("%s kept after a passing comparison", kept)
	}
	far := gradient(32, 24, 40)
	r := golden(t, "g.png", far, false)
	if len(r.errors) != 1 || !strings.Contains(r.errors[0], kept) || !strings.Contains(r.errors[0], "PSNR") {
		t.Fatalf("a far picture: errors %q, want one naming PSNR and %s", r.errors, kept)
	}
	if m, err := readPNG(kept); err != nil || PSNR(m, far) != math.Inf(1) {
		t.Errorf("the kept picture is not the picture drawn: %v", err)
	}
	if r := golden(t, "g.png", gradient(31, 24, 0), false); len(r.errors) != 1 || !strings.Contains(r.errors[0], "(31,24)") {
		t.Errorf("a picture of another size: errors %q", r.errors)
	}
	// A later pass removes the stale picture.
	if r := golden(t, "g.png", want, false); len(r.errors) > 0 {
		t.Fatal(r.errors)
	}
	if _, err := os.Stat(kept); err == nil {
		t.Errorf("stale %s not removed by a passing comparison", kept)
	}
}

func TestArtifactDirDefault(t *testing.T) {
	root := t.TempDir()
	pkg := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(pkg)
	t.Setenv(ArtifactsEnv, "")
	dir := ArtifactDir(t)
	if want := filepath.Join(root, "test-artifacts", "a", "b"); dir != want {
		t.Errorf("ArtifactDir = %s, want %s", dir, want)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Errorf("ArtifactDir did not create %s: %v", dir, err)
	}
}
