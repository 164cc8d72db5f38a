package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
)

// photoCrop writes the centre w×h crop of the built-in photo (shifted
// right by shift pixels, to make a different image) as a PNG in dir.
func photoCrop(t *testing.T, dir, name string, w, h, shift int) string {
	t.Helper()
	img, err := pixels.Decode(bytes.NewReader(assets.Coffee), "coffee.png")
	if err != nil {
		t.Fatal(err)
	}
	out := pixels.New(w, h, img.C)
	x0, y0 := (img.W-w)/2+shift, (img.H-h)/2
	for y := range h {
		copy(out.Pix[y*w*img.C:(y+1)*w*img.C], img.Pix[((y0+y)*img.W+x0)*img.C:])
	}
	path := filepath.Join(dir, name)
	if err := pixels.SavePNG(path, out); err != nil {
		t.Fatal(err)
	}
	return path
}

// tileArgs is a quick tiled fit of img into out: five full-image steps a
// tile, 100K parameters for the whole image.
func tileArgs(img, out string, more ...string) []string {
	return append([]string{"fit", "image", img, "--tiles", "2x2", "--overlap", "8", "-o", out, "--steps", "5", "--params", "100000", "-q", "--threads", "2"}, more...)
}

// TestTilesEndToEnd: the local runner fits the four tiles of a 2×2 grid
// two at a time and merges them; eval reports the seams, info the tiles,
// render draws the whole field; a rerun fits nothing again.
func TestTilesEndToEnd(t *testing.T) {
	dir := t.TempDir()
	img := photoCrop(t, dir, "in.png", 128, 96, 0)
	out := filepath.Join(dir, "tiles")
	code, stdout, stderr := runCLI(t, tileArgs(img, out, "--jobs", "2")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for i := range 4 {
		for _, f := range []string{tileFile(i), tileMetrics(i)} {
			if _, err := os.Stat(filepath.Join(out, f)); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
	if !strings.Contains(stdout, "merged: PSNR") {
		t.Errorf("stdout does not report the merge: %q", stdout)
	}
	model := filepath.Join(out, "model.nrbf")
	m, h, err := field.Load(model)
	if err != nil {
		t.Fatal(err)
	}
	if m.Tiling() == nil || m.Config.Width != 128 || m.Config.Height != 96 || h.Steps != 20 {
		t.Fatalf("merged model: tiling %v, %d×%d, %d steps", m.Tiling(), m.Config.Width, m.Config.Height, h.Steps)
	}

	code, js, stderr := runCLI(t, "eval", model, "--image", img, "--threads", "2", "-q")
	if code != 0 {
		t.Fatalf("eval: exit %d: %s", code, stderr)
	}
	var ev struct {
		PSNR  float64 `json:"psnr"`
		Seam  float64 `json:"seam_ratio"`
		Tiles string  `json:"tiles"`
	}
	if err := json.Unmarshal([]byte(js), &ev); err != nil {
		t.Fatal(err)
	}
	if ev.Tiles != "2x2" || !(ev.Seam > 0) || ev.PSNR < 10 {
		t.Errorf("eval: %s", js)
	}
	// Past fullSizePixels eval measures in bands, seams included: the
	// same numbers, to rounding.
	func() {
		defer func(n int64) { fullSizePixels = n }(fullSizePixels)
		fullSizePixels = 1000
		code, banded, stderr := runCLI(t, "eval", model, "--image", img, "--threads", "2", "-q")
		var bv struct {
			PSNR, SSIM float64
			Seam       float64 `json:"seam_ratio"`
			Tiles      string  `json:"tiles"`
		}
		if code != 0 || json.Unmarshal([]byte(banded), &bv) != nil {
			t.Fatalf("eval in bands: exit %d, %s %s", code, banded, stderr)
		}
		if bv.Tiles != "2x2" || math.Abs(bv.PSNR-ev.PSNR) > 1e-6 || math.Abs(bv.Seam-ev.Seam) > 1e-9 {
			t.Errorf("eval in bands: %s; whole: %s", banded, js)
		}
		// The local runner scores the merge in bands too.
		again := filepath.Join(dir, "again")
		if code, _, stderr := runCLI(t, tileArgs(img, again, "--jobs", "2")...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(again, "metrics.json"))
		if err != nil || json.Unmarshal(data, &bv) != nil || math.Abs(bv.PSNR-ev.PSNR) > 1e-6 || math.Abs(bv.Seam-ev.Seam) > 1e-9 {
			t.Errorf("the local runner's metrics in bands: %s (%v); eval: %s", data, err, js)
		}
	}()

	code, info, _ := runCLI(t, "info", model)
	if code != 0 || !strings.Contains(info, "a 2x2 grid with an overlap of 8 pixels") || !strings.Contains(info, "tile 3") {
		t.Errorf("info: exit %d\n%s", code, info)
	}
	png := filepath.Join(dir, "r.png")
	if code, _, stderr := runCLI(t, "render", model, "-o", png, "--threads", "2"); code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	if r, err := pixels.Load(png); err != nil || r.W != 128 || r.H != 96 {
		t.Errorf("render: %v", err)
	}

	before, _ := os.Stat(filepath.Join(out, tileFile(2)))
	code, _, stderr = runCLI(t, tileArgs(img, out)...)
	if code != 0 || strings.Count(stderr, "not fitted again") != 4 || strings.Contains(stderr, "fitting ") {
		t.Errorf("rerun: exit %d, stderr %q; want every tile reported done and none fitted", code, stderr)
	}
	if after, _ := os.Stat(filepath.Join(out, tileFile(2))); !after.ModTime().Equal(before.ModTime()) {
		t.Error("the rerun rewrote tile-2.nrbf")
	}
}

// TestTileIndexFromEnvironment: with no --tile, SLURM_ARRAY_TASK_ID and
// then JOB_COMPLETION_INDEX name the one tile to fit (and nothing is
// merged); --tile wins over both; an index out of range or not a number
// is a one-line usage error.
func TestTileIndexFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	img := photoCrop(t, dir, "in.png", 128, 96, 0)
	out := filepath.Join(dir, "tiles")
	files := func() []string {
		es, _ := os.ReadDir(out)
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}
	t.Setenv("JOB_COMPLETION_INDEX", "1")
	if code, _, stderr := runCLI(t, tileArgs(img, out)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := strings.Join(files(), " "); got != "tile-1.json tile-1.nrbf" {
		t.Fatalf("JOB_COMPLETION_INDEX=1 wrote %s", got)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "2")
	if code, _, stderr := runCLI(t, tileArgs(img, out)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, tileArgs(img, out, "--tile", "3")...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if got := strings.Join(files(), " "); got != "tile-1.json tile-1.nrbf tile-2.json tile-2.nrbf tile-3.json tile-3.nrbf" {
		t.Fatalf("SLURM_ARRAY_TASK_ID=2 and --tile 3 left %s", got)
	}
	h, err := field.LoadHeader(filepath.Join(out, "tile-2.nrbf"))
	if err != nil || h.Tile == nil || h.Tile.Index != 2 || h.Tile.Grid.Overlap != 8 || h.Version != field.SnapshotVersion {
		t.Fatalf("tile-2.nrbf: %+v, %v", h.Tile, err)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "4")
	wantFail(t, 2, tileArgs(img, out), "tile 4 ($SLURM_ARRAY_TASK_ID) is out of range", "0 to 3")
	t.Setenv("SLURM_ARRAY_TASK_ID", "x")
	wantFail(t, 2, tileArgs(img, out), `SLURM_ARRAY_TASK_ID="x" is not a tile index`)
	wantFail(t, 2, tileArgs(img, out, "--tile", "-1"), "tile -1 (--tile) is out of range")
}

// TestMergeRefusesBadSets: merge names what is missing, damaged, or from
// another image or grid, in one line, and writes nothing; fit refuses to
// overwrite a tile of another image without --force.
func TestMergeRefusesBadSets(t *testing.T) {
	dir := t.TempDir()
	img := photoCrop(t, dir, "in.png", 128, 96, 0)
	other := photoCrop(t, dir, "other.png", 128, 96, 40)
	out := filepath.Join(dir, "tiles")
	for _, i := range []string{"0", "2"} {
		if code, _, stderr := runCLI(t, tileArgs(img, out, "--tile", i)...); code != 0 {
			t.Fatalf("tile %s: exit %d: %s", i, code, stderr)
		}
	}
	merged := filepath.Join(dir, "m.nrbf")
	wantFail(t, 1, []string{"merge", out, "-o", merged}, "merge: "+out+": 2 of 4 tiles missing (tile-1.nrbf, tile-3.nrbf); rerun the tiles first")

	// Tile 1 of another image, tile 3 of this one.
	for _, a := range [][]string{tileArgs(other, out, "--tile", "1"), tileArgs(img, out, "--tile", "3")} {
		if code, _, stderr := runCLI(t, a...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	wantFail(t, 1, []string{"merge", out, "-o", merged}, "tile-1.nrbf is a tile of another image")
	wantFail(t, 1, tileArgs(img, out, "--tile", "1"), "tile-1.nrbf is a tile of another image", "--force")
	if code, _, stderr := runCLI(t, tileArgs(img, out, "--tile", "1", "--force")...); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}

	// A tile of another grid under tile 3's name.
	grid := filepath.Join(dir, "grid")
	if code, _, stderr := runCLI(t, "fit", "image", img, "--tiles", "1x2", "--overlap", "8", "--tile", "1", "-o", grid, "--steps", "2", "--params", "60000", "-q"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	good, err := os.ReadFile(filepath.Join(out, "tile-3.nrbf"))
	if err != nil {
		t.Fatal(err)
	}
	wrong, _ := os.ReadFile(filepath.Join(grid, "tile-1.nrbf"))
	os.WriteFile(filepath.Join(out, "tile-3.nrbf"), wrong, 0o644)
	wantFail(t, 1, []string{"merge", out, "-o", merged}, "tile-3.nrbf is a tile of a 1x2 grid")

	// A truncated tile.
	os.WriteFile(filepath.Join(out, "tile-3.nrbf"), good[:len(good)/2], 0o644)
	wantFail(t, 1, []string{"merge", out, "-o", merged}, "tile-3.nrbf", "truncated", "fit tile 3 again")
	if _, err := os.Stat(merged); !os.IsNotExist(err) {
		t.Fatalf("a refused merge left %s (%v)", merged, err)
	}

	os.WriteFile(filepath.Join(out, "tile-3.nrbf"), good, 0o644)
	if code, stdout, stderr := runCLI(t, "merge", out, "-o", merged); code != 0 || !strings.Contains(stdout, "merged 4 tiles (2x2, overlap 8)") {
		t.Fatalf("merge: exit %d: %s%s", code, stdout, stderr)
	}
}

// TestTileShares: the detail split follows the Sobel mass (a tile of flat
// colour gets the floor of a quarter of its pixel share), the pixel split
// the pixels, and both sum to 1.
func TestTileShares(t *testing.T) {
	img := pixels.New(64, 32, 1)
	for y := range 32 {
		for x := 32; x < 64; x++ {
			img.Pix[y*64+x] = float32((x / 2) % 2) // stripes on the right half
		}
	}
	r, _ := pixels.RasterFromImage(pixels.ToImage(img), true, 1)
	g := field.TileGrid{Rows: 1, Cols: 2, Width: 64, Height: 32}
	d := tileShares(r, g, splitDetail)
	p := tileShares(r, g, splitPixels)
	if d[0]+d[1] < 0.999999 || d[0]+d[1] > 1.000001 || d[0] > 0.12 || d[0] < 0.1 {
		t.Errorf("detail shares %v: want the flat half at its floor (1/8 of the pixels, normalised)", d)
	}
	if p[0] != 0.5 || p[1] != 0.5 {
		t.Errorf("pixel shares %v", p)
	}
}

// TestAutoOverlap: without --overlap, big cores get defaultOverlap and
// small ones a quarter of their smaller side, which the grid accepts.
func TestAutoOverlap(t *testing.T) {
	for _, c := range []struct{ rows, cols, w, h, want int }{
		{2, 2, 5120, 2880, defaultOverlap},
		{2, 2, 128, 96, 12},
		{1, 3, 300, 1000, 25},
	} {
		o := autoOverlap(c.rows, c.cols, c.w, c.h)
		g := field.TileGrid{Rows: c.rows, Cols: c.cols, Overlap: o, Width: c.w, Height: c.h}
		if o != c.want || g.Check() != nil {
			t.Errorf("%dx%d of %d×%d: overlap %d (%v), want %d", c.rows, c.cols, c.w, c.h, o, g.Check(), c.want)
		}
	}
}

// TestTilesStopAfterAFailure: when a tile fails (here every tile would:
// the budget split 16 ways leaves no room for RBFs), the local runner
// starts no further tile, says so once, and exits non-zero; it does not
// print a failure per tile.
func TestTilesStopAfterAFailure(t *testing.T) {
	dir := t.TempDir()
	img := photoCrop(t, dir, "in.png", 128, 96, 0)
	out := filepath.Join(dir, "tiles")
	code, _, stderr := runCLI(t, "fit", "image", img, "--tiles", "4x4", "--overlap", "4", "-o", out, "--steps", "2", "--params", "4000", "-q", "--jobs", "1")
	if code == 0 {
		t.Fatalf("a fit whose tiles cannot hold a model exited 0; stderr:\n%s", stderr)
	}
	if n := strings.Count(stderr, "failed:"); n != 1 {
		t.Errorf("%d tile failures printed, want 1; stderr:\n%s", n, stderr)
	}
	if !strings.Contains(stderr, "15 tiles not started after the failure") {
		t.Errorf("stderr does not say that 15 tiles were not started:\n%s", stderr)
	}
}

// TestTileTaskReadsItsWindow: a task that fits one tile reads only that
// tile's region of the file, and fits the same model as the local runner,
// which reads the whole image.
func TestTileTaskReadsItsWindow(t *testing.T) {
	dir := t.TempDir()
	img := photoCrop(t, dir, "in.png", 128, 96, 0)
	one, all := filepath.Join(dir, "one"), filepath.Join(dir, "all")
	code, _, stderr := runCLI(t, append(tileArgs(img, one, "--tile", "1"), "-q=false")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "loading tile 1 of") {
		t.Errorf("the tile task did not say it read its window: %q", stderr)
	}
	if code, _, stderr := runCLI(t, tileArgs(img, all, "--jobs", "1")...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, _, err := field.Load(filepath.Join(one, "tile-1.nrbf"))
	if err != nil {
		t.Fatal(err)
	}
	b, _, err := field.Load(filepath.Join(all, "tile-1.nrbf"))
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, 0, 2*64)
	for i := range 64 {
		x = append(x, float32(i%8)/4-0.9, float32(i/8)/4-0.9)
	}
	ya, yb := make([]float32, 64*3), make([]float32, 64*3)
	a.Eval(ya, x)
	b.Eval(yb, x)
	if !slices.Equal(ya, yb) {
		t.Error("tile 1 fitted from its window differs from tile 1 fitted from the whole image")
	}
}

// TestTilesDryRun: --dry-run prints each tile's plan (one line for one
// tile) and creates nothing; with --split detail it is refused, since
// that split needs the pixels.
func TestTilesDryRun(t *testing.T) {
	dir := t.TempDir()
	img := photoCrop(t, dir, "in.png", 128, 96, 0)
	out := filepath.Join(dir, "tiles")
	code, stdout, stderr := runCLI(t, tileArgs(img, out, "--dry-run")...)
	if code != 0 || strings.Count(stdout, "memory plan:") != 4 || !strings.Contains(stdout, "tile 3 (") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, tileArgs(img, out, "--dry-run", "--tile", "2")...)
	if code != 0 || strings.Count(stdout, "memory plan:") != 1 || !strings.Contains(stdout, "tile 2 (") {
		t.Fatalf("one tile: exit %d, stdout %q", code, stdout)
	}
	wantFail(t, 2, tileArgs(img, out, "--dry-run", "--split", "detail"), "--dry-run of a tiled fit needs --split pixels")
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--dry-run created %s", out)
	}
}
