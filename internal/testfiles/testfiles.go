package testfiles

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ArtifactsEnv names the environment variable that overrides the folder
// ArtifactDir returns; a relative path is taken from the repository root.
const ArtifactsEnv = "NEURBF_TEST_ARTIFACTS"

// defaultArtifacts is the artifact folder, under the repository root,
// when ArtifactsEnv is unset; .gitignore lists it.
const defaultArtifacts = "test-artifacts"

// Root returns the root of the repository: the nearest folder holding
// go.mod at or above the working directory (a test runs in its package's
// folder). It fails the test when there is none.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("testfiles: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("testfiles: no go.mod at or above the working directory")
		}
		dir = parent
	}
}

// RealPath returns the path of testdata/real/<name> under the repository
// root (name uses forward slashes, as in "bunny/index.js"). It skips the
// test when the file is absent, saying how to fetch it.
func RealPath(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join(Root(t), "testdata", "real", filepath.FromSlash(name))
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("testdata/real/%s is absent: run scripts/fetch-testdata.sh to fetch the real test data", name)
	} else if err != nil {
		t.Fatalf("testfiles: %v", err)
	}
	return path
}

// ArtifactDir returns the folder, created if needed, that keeps the files
// of failed tests for the package under test: <artifacts>/<package path
// from the repository root>, where <artifacts> is $NEURBF_TEST_ARTIFACTS
// or test-artifacts/ at the repository root.
func ArtifactDir(t testing.TB) string {
	t.Helper()
	dir := artifactDir(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("testfiles: %v", err)
	}
	return dir
}

// artifactDir returns the folder ArtifactDir returns, without creating it.
func artifactDir(t testing.TB) string {
	t.Helper()
	root := Root(t)
	base := os.Getenv(ArtifactsEnv)
	if base == "" {
		base = defaultArtifacts
	}
	if !filepath.IsAbs(base) {
		base = filepath.Join(root, base)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatalf("testfiles: %v", err)
	}
	pkg, err := filepath.Rel(root, wd)
	if err != nil || pkg == ".." || strings.HasPrefix(pkg, ".."+string(filepath.Separator)) {
		pkg = "."
	}
	return filepath.Join(base, pkg)
}

// Golden compares got with the golden picture testdata/<name> (a PNG, in
// the folder of the package under test): the test fails when the two
// differ in size or when the PSNR of got against the golden, over the
// red, green and blue samples scaled to [0, 1], is below minDB. Pictures
// are compared with a tolerance, never byte for byte: rendering differs
// slightly between machines and builds.
//
// When the comparison fails, got is written as a PNG to ArtifactDir
// under name and the failure message gives its path; when it passes, a
// stale file of that name left there by an earlier failure is removed.
// With update true (a test's -update flag), got is written over the
// golden instead and nothing is compared.
func Golden(t testing.TB, name string, got image.Image, minDB float64, update bool) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(name))
	if update {
		if err := writePNG(path, got); err != nil {
			t.Fatalf("testfiles: %v", err)
		}
		t.Logf("wrote the golden %s", path)
		return
	}
	want, err := readPNG(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run the test with -update to create it)", path, err)
	}
	kept := filepath.Join(artifactDir(t), filepath.FromSlash(name))
	var problem string
	if got.Bounds().Size() != want.Bounds().Size() {
		problem = fmt.Sprintf("the picture is %v, the golden %v", got.Bounds().Size(), want.Bounds().Size())
	} else if p := PSNR(got, want); p < minDB {
		problem = fmt.Sprintf("PSNR %.2f dB against the golden, want ≥ %g dB", p, minDB)
	} else {
		t.Logf("%s: PSNR %.2f dB against the golden", path, p)
		if err := os.Remove(kept); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Logf("testfiles: %v", err)
		}
		return
	}
	if err := os.MkdirAll(filepath.Dir(kept), 0o755); err != nil {
		t.Fatalf("testfiles: %v", err)
	}
	if err := writePNG(kept, got); err != nil {
		t.Errorf("%s: %s; could not keep the picture: %v", path, problem, err)
		return
	}
	t.Errorf("%s: %s; the picture drawn is %s (rerun with -update to accept it)", path, problem, kept)
}

// PSNR returns the peak signal-to-noise ratio in dB of a against b, which
// must have the same size, over their red, green and blue samples scaled
// to [0, 1], not premultiplied by alpha (a fully transparent pixel counts
// as black); +Inf when they are equal.
func PSNR(a, b image.Image) float64 {
	ra, rb := a.Bounds(), b.Bounds()
	var se float64
	for y := range ra.Dy() {
		for x := range ra.Dx() {
			p := color.NRGBA64Model.Convert(a.At(ra.Min.X+x, ra.Min.Y+y)).(color.NRGBA64)
			q := color.NRGBA64Model.Convert(b.At(rb.Min.X+x, rb.Min.Y+y)).(color.NRGBA64)
			for _, d := range [3]float64{float64(p.R) - float64(q.R), float64(p.G) - float64(q.G), float64(p.B) - float64(q.B)} {
				se += (d / 0xffff) * (d / 0xffff)
			}
		}
	}
	if se == 0 {
		return math.Inf(1)
	}
	return -10 * math.Log10(se/float64(3*ra.Dx()*ra.Dy()))
}

// readPNG decodes the PNG file at path.
func readPNG(path string) (image.Image, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := png.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return m, nil
}

// writePNG encodes m as a PNG file at path, via a temporary file renamed
// into place so that an interrupted write leaves no truncated picture.
func writePNG(path string, m image.Image) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*.png")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := png.Encode(tmp, m); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
