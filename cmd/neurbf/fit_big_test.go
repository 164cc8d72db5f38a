package main

import (
	"encoding/binary"
	"encoding/json"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/pixels"
)

// TestFitDryRun prints the plan and touches nothing: no output folder.
func TestFitDryRun(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.png")
	writePNG(t, in, pattern("rgb", 64, 48))
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "fit", "image", in, "-o", out, "--dry-run", "--max-memory", "2GB")
	if code != 0 || !strings.Contains(stdout, "memory plan:") || !strings.Contains(stdout, "64×48") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--dry-run created %s", out)
	}
}

// bombPNG is a valid PNG header claiming w×h RGB pixels, with no data.
func bombPNG(t *testing.T, path string, w, h uint32) {
	t.Helper()
	var b []byte
	b = append(b, "\x89PNG\r\n\x1a\n"...)
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2
	b = binary.BigEndian.AppendUint32(b, 13)
	b = append(b, "IHDR"...)
	b = append(b, ihdr...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(append([]byte("IHDR"), ihdr...)))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFitMemoryRefusals: a header claiming 10^5×10^5 pixels, a
// --max-memory below what any plan needs, and an explicit budget that
// cannot fit are each one line, a non-zero exit, and nothing written.
func TestFitMemoryRefusals(t *testing.T) {
	dir := t.TempDir()
	bomb := filepath.Join(dir, "bomb.png")
	bombPNG(t, bomb, 100000, 100000)
	small := filepath.Join(dir, "small.png")
	writePNG(t, small, pattern("rgb", 64, 48))
	out := filepath.Join(dir, "out")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{bomb, "--max-memory", "16GB"}, "100000×100000"},
		{[]string{small, "--max-memory", "10MB"}, "even with the smallest model"},
		{[]string{bomb, "--max-memory", "64GB", "--params", "900000000"}, "at most about"},
		{[]string{small, "--max-memory", "lots"}, "--max-memory"},
	} {
		code, _, stderr := runCLI(t, append([]string{"fit", "image", "-o", out}, c.args...)...)
		lines := strings.Split(strings.TrimSpace(stderr), "\n")
		if code == 0 || len(lines) != 1 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q (want one line with %q)", c.args, code, stderr, c.want)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%v: %s was created", c.args, out)
		}
	}
}

// TestFitBigImageOutputs takes the big-image path with a small picture
// (the thresholds lowered): previews, a Deep Zoom pyramid, metrics of the
// whole image, the lean plan when --max-memory leaves no room for a cache.
func TestFitBigImageOutputs(t *testing.T) {
	defer func(n int64, s int) { fullSizePixels, previewSide = n, s }(fullSizePixels, previewSide)
	fullSizePixels, previewSide = 1000, 40
	dir := t.TempDir()
	in := filepath.Join(dir, "in.png")
	writePNG(t, in, pattern("rgb", 130, 90))
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCLI(t, "fit", "image", in, "-o", out, "--steps", "30", "--batch", "4096", "--params", "20000", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "recon.dzi") {
		t.Errorf("stdout %q does not point at the pyramid", stdout)
	}
	var met struct {
		PSNR          float64 `json:"psnr"`
		SSIM          float64 `json:"ssim"`
		PreviewFactor int     `json:"preview_factor"`
	}
	data, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &met); err != nil {
		t.Fatal(err)
	}
	if met.PreviewFactor != 4 || !(met.PSNR > 10) || !(met.SSIM > 0) {
		t.Errorf("metrics %+v", met)
	}
	rec, err := pixels.Load(filepath.Join(out, "recon.png"))
	if err != nil {
		t.Fatal(err)
	}
	if rec.W != 33 || rec.H != 23 {
		t.Errorf("preview %d×%d, want 33×23", rec.W, rec.H)
	}
	full, err := pixels.Load(filepath.Join(out, "recon_files", "8", "0_0.png")) // level 8 = 130×90
	if err != nil {
		t.Fatal(err)
	}
	if full.W != 130 || full.H != 90 {
		t.Errorf("full-size tile %d×%d", full.W, full.H)
	}
	for _, name := range []string{"recon.dzi", "error.png", "compare.png", "curve.png", "model.nrbf"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
	// eval takes the banded path at this size too, and agrees with the
	// fit's metrics and with the whole-image path.
	model := filepath.Join(out, "model.nrbf")
	evalPSNR := func() float64 {
		t.Helper()
		code, stdout, stderr := runCLI(t, "eval", model, "--image", in, "-q")
		var got struct {
			PSNR, SSIM float64
		}
		if code != 0 || json.Unmarshal([]byte(stdout), &got) != nil {
			t.Fatalf("eval: exit %d, stdout %q, stderr %q", code, stdout, stderr)
		}
		if math.Abs(got.SSIM-met.SSIM) > 1e-6 {
			t.Errorf("eval SSIM %v, fit %v", got.SSIM, met.SSIM)
		}
		return got.PSNR
	}
	banded := evalPSNR()
	fullSizePixels = 1 << 24
	whole := evalPSNR()
	if math.Abs(banded-met.PSNR) > 1e-6 || math.Abs(whole-met.PSNR) > 1e-6 {
		t.Errorf("PSNR: fit %v, eval in bands %v, eval whole %v", met.PSNR, banded, whole)
	}
}

// TestFitCropOfFile fits the centre crop of a file, cut from its raster:
// the model is the crop's size, and eval with the same --crop measures it.
func TestFitCropOfFile(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.png")
	writePNG(t, in, pattern("rgb", 97, 61))
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI(t, "fit", "image", in, "--crop", "32", "-o", out, "--steps", "5", "-q")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, stdout, stderr := runCLI(t, "info", filepath.Join(out, "model.nrbf"), "--json")
	if code != 0 || !strings.Contains(stdout, `"width": 32`) || !strings.Contains(stdout, `"height": 32`) {
		t.Errorf("info: exit %d, %s %s", code, stdout, stderr)
	}
	code, stdout, stderr = runCLI(t, "eval", filepath.Join(out, "model.nrbf"), "--image", in, "--crop", "32")
	if code != 0 || !strings.Contains(stdout, `"psnr"`) {
		t.Errorf("eval --crop 32: exit %d, %s %s", code, stdout, stderr)
	}
	code, _, stderr = runCLI(t, "fit", "image", in, "--crop", "64", "-o", filepath.Join(dir, "o2"), "--steps", "5")
	if code != 2 || !strings.Contains(stderr, "--crop 64 is larger than") {
		t.Errorf("a crop larger than the image: exit %d, %q", code, stderr)
	}
}
