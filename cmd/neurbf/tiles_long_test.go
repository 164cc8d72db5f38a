package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestTiledSeamsLong (NEURBF_LONG=1): a 2×2 tiled fit of a 192×128 crop
// of the built-in photo, trained properly (600 full-batch steps a tile),
// merges without a visible seam: the mean squared error along the
// interior tile borders is at most 1.05 times that inside the tiles
// (docs/SNAPSHOT.md, "Seams").
func TestTiledSeamsLong(t *testing.T) {
	if os.Getenv("NEURBF_LONG") == "" {
		t.Skip("trains four tiles for 600 steps each; set NEURBF_LONG=1")
	}
	dir := t.TempDir()
	img := photoCrop(t, dir, "in.png", 192, 128, 0)
	out := filepath.Join(dir, "tiles")
	code, stdout, stderr := runCLI(t, "fit", "image", img, "--tiles", "2x2", "--overlap", "16", "-o", out, "--steps", "600", "--params", "200000", "-q", "--threads", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	t.Log(stdout)
	data, err := os.ReadFile(filepath.Join(out, "metrics.json"))
	if err != nil {
		t.Fatal(err)
	}
	var met mergedResult
	if err := json.Unmarshal(data, &met); err != nil {
		t.Fatal(err)
	}
	if met.Seams == nil || met.Seams.Ratio > 1.05 {
		t.Errorf("seams %+v: want a ratio of at most 1.05", met.Seams)
	}
	if met.PSNR < 30 {
		t.Errorf("merged PSNR %.2f dB: the tiles are not trained properly", met.PSNR)
	}
}
