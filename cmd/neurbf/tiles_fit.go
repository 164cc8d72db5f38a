package main

// fit image --tiles: one tile of a big image fitted as an image of its own
// (a scheduler's array job), or every tile not yet done on this machine
// and then the merge (the local runner). Both write the same files.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/cli"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

// tiledFit is a tiled fit of one image: its grid and what each tile gets.
type tiledFit struct {
	f          imageFlags
	set        map[string]bool
	args       []string
	path       string
	hdr        pixels.Header
	grid       field.TileGrid
	hash       string // hex SHA-256 of the image file
	cfg        field.Config
	total      int // the whole image's budget
	budget     time.Duration
	untilClock bool
	limit      int64
	raster     *pixels.Raster // the whole image, once loaded, or only window
	window     *field.Rect    // set when raster holds only this region of the image
	params     []int          // each tile's part of total
}

// tileFile is the name of tile i's snapshot; tileMetrics that of its
// metrics.
func tileFile(i int) string    { return fmt.Sprintf("tile-%d.nrbf", i) }
func tileMetrics(i int) string { return fmt.Sprintf("tile-%d.json", i) }

// tileResult is tile-I.json: the tile's place and its fit, measured over
// its region.
type tileResult struct {
	Tile        int            `json:"tile"`
	Grid        field.TileGrid `json:"grid"`
	Region      field.Rect     `json:"region"`
	Core        field.Rect     `json:"core"`
	ImageSHA256 string         `json:"image_sha256"`
	imageResult
}

// fitTiles is fit image --tiles: the tile the index names (tileIndex), or
// every tile not yet done followed by the merge.
func (f imageFlags) fitTiles(pos []string, set map[string]bool, args []string, stdout, stderr io.Writer) error {
	if len(pos) != 1 {
		return fmt.Errorf("%w: fit image --tiles needs the image's PATH", errUsage)
	}
	t := &tiledFit{f: f, set: set, args: args, path: pos[0]}
	if st, err := os.Stat(t.path); err == nil && st.IsDir() {
		return fmt.Errorf("%s: is a directory, not a file", t.path)
	}
	var err error
	if t.hdr, err = pixels.Probe(t.path); err != nil {
		return err
	}
	rows, cols, _ := parseTileGrid(f.tiling.grid)
	overlap := f.tiling.overlap
	if !set["overlap"] {
		overlap = autoOverlap(rows, cols, t.hdr.W, t.hdr.H)
	}
	t.grid = field.TileGrid{Rows: rows, Cols: cols, Overlap: overlap, Width: t.hdr.W, Height: t.hdr.H}
	if err := t.grid.Check(); err != nil {
		return fmt.Errorf("%w: %s: %w", errUsage, t.path, err)
	}
	index, one, err := tileIndex(f.tiling, set, t.grid.Count())
	if err != nil {
		return err
	}
	if t.cfg, err = fitConfig(f, set); err != nil {
		return err
	}
	if t.total, err = wholeBudget(t.cfg, t.hdr.W, t.hdr.H, t.hdr.C); err != nil {
		return err
	}
	t.budget = f.budget
	t.untilClock = !set["steps"] && t.cfg.Train.Steps == 0
	if t.untilClock && t.budget == 0 {
		t.budget = defaultBudget
	}
	if t.limit, err = memoryLimit(f.maxMemory); err != nil {
		return err
	}
	if f.dryRun {
		todo := []int{index}
		if !one {
			todo = make([]int, t.grid.Count())
			for i := range todo {
				todo[i] = i
			}
		}
		return t.dryRun(todo, one, stdout)
	}
	if err := ensureWritable(f.out); err != nil {
		return err
	}
	if t.hash, err = hashFile(t.path); err != nil {
		return err
	}
	todo := []int{index}
	if !one {
		todo = make([]int, t.grid.Count())
		for i := range todo {
			todo[i] = i
		}
	}
	if todo, err = t.missing(todo, stderr); err != nil {
		return err
	}
	if len(todo) > 0 {
		only := -1
		if one {
			only = index
		}
		if err := t.load(only, stderr); err != nil {
			return err
		}
		if err := t.fitAll(todo, one, stdout, stderr); err != nil {
			return err
		}
	}
	if one {
		return nil
	}
	return t.mergeAndScore(stdout, stderr)
}

// missing returns the tiles of todo that have no finished snapshot in the
// output directory, saying on stderr which are done already. A snapshot
// of another image, grid or overlap is refused unless --force, which
// fits the tile again; so does any tile with --force. A snapshot that
// cannot be read (damaged after it was written) is fitted again.
func (t *tiledFit) missing(todo []int, stderr io.Writer) ([]int, error) {
	var out []int
	for _, i := range todo {
		p := filepath.Join(t.f.out, tileFile(i))
		if t.f.force {
			out = append(out, i)
			continue
		}
		h, err := field.LoadHeader(p)
		switch {
		case errors.Is(err, os.ErrNotExist):
			out = append(out, i)
			continue
		case err != nil:
			fmt.Fprintf(stderr, "note: %v; fitting tile %d again\n", err, i)
			out = append(out, i)
			continue
		}
		if why := tileMismatch(h, i, t.grid, t.hash); why != "" {
			return nil, fmt.Errorf("%s %s; pass --force to fit it again, or choose another -o", p, why)
		}
		fmt.Fprintf(stderr, "tile %d of %s: done (%s, same image, grid and overlap), not fitted again\n", i, t.grid, p)
	}
	return out, nil
}

// tileMismatch says how the tile snapshot header h differs from tile i of
// grid fitted to the image whose hash is hash, or "" when it is that tile.
func tileMismatch(h field.SnapshotHeader, i int, g field.TileGrid, hash string) string {
	to := h.Tile
	switch {
	case to == nil:
		return "is not a tile's snapshot (its header has no tile)"
	case to.ImageSHA256 != hash:
		return fmt.Sprintf("is a tile of another image (SHA-256 %.12s…, this image's is %.12s…)", to.ImageSHA256, hash)
	case to.Grid != g:
		return fmt.Sprintf("is a tile of a %s grid with overlap %d of a %d×%d image, not of this %s grid with overlap %d of %d×%d",
			to.Grid, to.Grid.Overlap, to.Grid.Width, to.Grid.Height, g, g.Overlap, g.Width, g.Height)
	case to.Index != i:
		return fmt.Sprintf("holds tile %d, not tile %d", to.Index, i)
	}
	return ""
}

// load reads the image and splits the budget among the tiles. A task that
// fits one tile (only ≥ 0) of a budget split by pixels reads just that
// tile's region: on a cluster each task then holds its tile, not the
// whole image.
func (t *tiledFit) load(only int, stderr io.Writer) error {
	ph := t.f.phases(stderr)
	what := fmt.Sprintf("loading %s (%d×%d, %s)", t.path, t.hdr.W, t.hdr.H, pixels.FormatBytes(t.hdr.RasterBytes()))
	if only >= 0 && t.f.tiling.split == splitPixels {
		r := t.grid.Region(only)
		t.window = &r
		what = fmt.Sprintf("loading tile %d of %s (%d×%d at %d,%d, %s)", only, t.path, r.W, r.H, r.X, r.Y,
			pixels.FormatBytes(pixels.RasterBytes(r.W, r.H, t.hdr.C, t.hdr.Depth)))
	}
	err := ph.run(what, func() (string, error) {
		var err error
		var info pixels.Info
		if t.window != nil {
			w := t.window
			t.raster, info, err = pixels.LoadRasterWindow(t.path, t.limit, w.X, w.Y, w.W, w.H)
		} else {
			t.raster, info, err = pixels.LoadRaster(t.path, t.limit)
		}
		if err != nil {
			return "", err
		}
		if info.AlphaIgnored {
			fmt.Fprintf(stderr, "note: %s has an alpha channel; it is ignored and the stored colour is fitted\n", t.path)
		}
		return "", nil
	})
	if err != nil {
		return err
	}
	return ph.run(fmt.Sprintf("splitting %d parameters among %d tiles by %s", t.total, t.grid.Count(), t.f.tiling.split), func() (string, error) {
		t.params = tileBudgets(t.total, tileShares(t.raster, t.grid, t.f.tiling.split))
		lo, hi := t.params[0], t.params[0]
		for _, p := range t.params {
			lo, hi = min(lo, p), max(hi, p)
		}
		return fmt.Sprintf("%d to %d a tile", lo, hi), nil
	})
}

// fitAll fits the tiles of todo, --jobs at a time with the threads split
// among them; one says a single tile was asked for. After a tile fails or
// is interrupted no further tile is started (the tiles running finish):
// a failure is most often one that every tile would meet (a budget too
// small for a tile, a full disk), and a rerun fits only the tiles not yet
// done. The first error is returned.
func (t *tiledFit) fitAll(todo []int, one bool, stdout, stderr io.Writer) error {
	jobs, threads := t.split(len(todo))
	var (
		mu      sync.Mutex
		first   error
		stopped atomic.Bool
		skipped atomic.Int32
		wg      sync.WaitGroup
	)
	next := make(chan int)
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if stopped.Load() {
					skipped.Add(1)
					continue
				}
				err := t.fitTile(i, threads, jobs > 1, stdout, stderr)
				if err != nil {
					stopped.Store(true)
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					if !one {
						fmt.Fprintf(stderr, "tile %d failed: %v\n", i, err)
					}
				}
			}
		}()
	}
	for _, i := range todo {
		next <- i
	}
	close(next)
	wg.Wait()
	if n := skipped.Load(); n > 0 && !errors.Is(first, errInterrupted) {
		fmt.Fprintf(stderr, "%d tiles not started after the failure; a rerun fits every tile not yet done\n", n)
	}
	return first
}

// split is how n tiles to fit share the threads: jobs fitted at once,
// threads goroutines each.
func (t *tiledFit) split(n int) (jobs, threads int) {
	jobs = min(t.f.tiling.jobs, n)
	return jobs, max(1, t.f.threads/jobs)
}

// planTile makes tile i's memory plan: its region fitted with its part of
// the budget, by threads goroutines, within its share of the memory left
// beside the held bytes of pixels (the image, or the tile's window of it);
// depth is the bits a sample the pixels are held at.
func (t *tiledFit) planTile(i, threads int, held int64, depth int) (field.MemoryPlan, error) {
	r := t.grid.Region(i)
	th := pixels.Header{W: r.W, H: r.H, C: t.hdr.C, Depth: depth, Format: t.hdr.Format, Streams: true}
	cfg := t.cfg
	cfg.Params = t.params[i]
	pixelCount := int64(r.W) * int64(r.H)
	if t.untilClock && !t.set["batch"] && cfg.Train.Batch == 0 && pixelCount > timedBatch {
		cfg.Train.Batch = timedBatch
	}
	steps := cfg.Train.Steps
	if t.untilClock {
		steps = 0
	}
	limit := (t.limit - held) / int64(min(t.f.tiling.jobs, t.grid.Count()))
	return field.PlanImage(cfg, th, 0, threads, max(limit, 1), expectedSamples(steps, cfg.Train.Batch, t.budget.Seconds(), pixelCount))
}

// dryRun prints the plan of each tile of todo (one: fitted alone, from
// its window) without reading any pixel: only a budget split by pixels
// is known before the image is read.
func (t *tiledFit) dryRun(todo []int, one bool, stdout io.Writer) error {
	if t.f.tiling.split != splitPixels {
		return fmt.Errorf("%w: --dry-run of a tiled fit needs --split pixels (a split by detail depends on the pixels)", errUsage)
	}
	t.params = tileBudgets(t.total, tileShares(nil, t.grid, splitPixels))
	_, threads := t.split(len(todo))
	for _, i := range todo {
		r := t.grid.Region(i)
		held := t.hdr.RasterBytes()
		if one {
			held = pixels.RasterBytes(r.W, r.H, t.hdr.C, t.hdr.Depth)
		}
		plan, err := t.planTile(i, threads, held, t.hdr.Depth)
		if err != nil {
			return fmt.Errorf("%s tile %d at %d,%d: %w", t.path, i, r.X, r.Y, err)
		}
		fmt.Fprintf(stdout, "%s tile %d (%d×%d at %d,%d): %s\n", t.path, i, r.W, r.H, r.X, r.Y, plan)
	}
	return nil
}

// fitTile fits tile i with threads goroutines (concurrent: other tiles
// are fitted at the same time, so the progress line is left out) and
// writes tile-I.json, then tile-I.nrbf, whose presence marks the tile
// done. An interrupted tile writes nothing.
func (t *tiledFit) fitTile(i, threads int, concurrent bool, stdout, stderr io.Writer) error {
	t0 := time.Now()
	r, core := t.grid.Region(i), t.grid.Core(i)
	sub, held := t.raster, pixels.RasterBytes(t.raster.W, t.raster.H, t.raster.C, t.raster.Depth)
	if t.window == nil {
		sub = t.raster.Crop(r.X, r.Y, r.W, r.H)
	}
	name := fmt.Sprintf("%s tile %d at %d,%d", t.path, i, r.X, r.Y)
	plan, err := t.planTile(i, threads, held, t.raster.Depth)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	f := t.f
	f.threads = threads
	f.quiet = f.quiet || concurrent
	ph := f.phases(stderr)
	prov := newProvenance(t.path, nil, []string{"fit", "image"}, t.args)
	prov.InputSHA256 = t.hash
	run, err := f.trainRaster(sub, plan, name, t.budget, t.untilClock, t0, prov, ph, stderr)
	if err != nil {
		return err
	}
	defer run.tr.Close()
	if run.interrupted {
		return fmt.Errorf("%w: tile %d after %d steps; nothing written for it, a rerun fits it again", errInterrupted, i, run.tr.StepsDone())
	}
	sr, err := render.Stream(run.m.Eval, sub, previewSide, threads, nil, nil)
	if err != nil {
		return err
	}
	met := &tileResult{Tile: i, Grid: t.grid, Region: r, Core: core, ImageSHA256: t.hash,
		imageResult: imageResult{PSNR: sr.PSNR, SSIM: sr.SSIM, Width: r.W, Height: r.H, Channels: t.hdr.C}}
	met.fill(run.m, run.tr, run.initSec, threads, prov)
	run.curve.finish(run.tr, met.PSNR)
	met.Curve, met.CurvePixels = run.curve.points, run.curve.Pixels()
	if err := writeJSON(filepath.Join(t.f.out, tileMetrics(i)), met); err != nil {
		return err
	}
	hdr := field.SnapshotHeader{Steps: run.tr.StepsDone(), Seconds: run.tr.Elapsed().Seconds(), Provenance: prov,
		Tile: &field.TileOf{Index: i, Grid: t.grid, ImageSHA256: t.hash, Params: t.params[i]}}
	out := filepath.Join(t.f.out, tileFile(i))
	if err := run.m.SaveWithHeader(out, hdr); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "tile %d of %s: PSNR %.2f dB over its %d×%d region, %d parameters, %d steps in %.1fs  →  %s\n",
		i, t.grid, met.PSNR, r.W, r.H, met.Params, met.Steps, met.TrainSeconds, out)
	return nil
}

// mergedResult is the metrics.json of a local tiled fit: the merged
// model's PSNR and SSIM over the whole image and its seams.
type mergedResult struct {
	PSNR        float64        `json:"psnr"`
	SSIM        float64        `json:"ssim"`
	Width       int            `json:"width"`
	Height      int            `json:"height"`
	Channels    int            `json:"channels"`
	Grid        field.TileGrid `json:"grid"`
	Params      int            `json:"params"`
	RBFs        int            `json:"rbfs"`
	TileSeconds float64        `json:"tile_seconds"` // training time summed over the tiles
	*field.Seams
}

// mergeAndScore merges the tiles into DIR/model.nrbf and scores the
// merged model against the image into DIR/metrics.json (in bands of rows
// for an image too big for full-size pictures).
func (t *tiledFit) mergeAndScore(stdout, stderr io.Writer) error {
	out := filepath.Join(t.f.out, "model.nrbf")
	m, hdr, err := mergeDir(t.f.out, out, t.args, stdout)
	if err != nil {
		return err
	}
	if t.raster == nil || t.window != nil {
		if t.raster, _, err = pixels.LoadRaster(t.path, t.limit); err != nil {
			return err
		}
		t.window = nil
	}
	var res *mergedResult
	if int64(t.hdr.W)*int64(t.hdr.H) > fullSizePixels {
		res, err = t.scoreMergedInBands(m, stderr)
	} else {
		res, err = scoreMerged(m, t.raster.ToImage(), t.f.threads)
	}
	if err != nil {
		return err
	}
	res.TileSeconds = hdr.Seconds
	if err := writeJSON(filepath.Join(t.f.out, "metrics.json"), res); err != nil {
		return err
	}
	seams := ""
	if res.Seams != nil {
		seams = fmt.Sprintf("  seam ratio %.3f", res.Seams.Ratio)
	}
	fmt.Fprintf(stdout, "merged: PSNR %.2f dB  SSIM %.4f%s  →  %s\n", res.PSNR, res.SSIM, seams, out)
	return nil
}

// scoreMergedInBands measures the merged model m against the image, too
// big to hold twice as floats, in bands of rows, with a progress line.
func (t *tiledFit) scoreMergedInBands(m *field.Model, stderr io.Writer) (*mergedResult, error) {
	var progress io.Writer
	if !t.f.quiet {
		progress = stderr
	}
	g := t.raster
	ph := cli.StartPhase(progress, fmt.Sprintf("reconstructing and scoring %d×%d pixels in bands", g.W, g.H), int64(g.H))
	done := 0
	sr, seams, err := scoreInBands(m, g, t.f.threads, func(rows, _ int) { ph.Add(int64(rows - done)); done = rows })
	if err != nil {
		ph.Abort()
		return nil, err
	}
	ph.Done(fmt.Sprintf("PSNR %.2f dB, SSIM %.4f", sr.PSNR, sr.SSIM))
	return &mergedResult{PSNR: sr.PSNR, SSIM: sr.SSIM, Width: g.W, Height: g.H, Channels: g.C, Grid: m.Tiling().Grid,
		Params: m.TrainableParams(), RBFs: m.Config.RBFs, Seams: seams}, nil
}

// scoreMerged measures a merged model against the image it was fitted
// to: PSNR, SSIM and its seams.
func scoreMerged(m *field.Model, img *pixels.Image, threads int) (*mergedResult, error) {
	rec := reconstruct(m, img.W, img.H, threads)
	met, err := imageMetrics(rec, img)
	if err != nil {
		return nil, err
	}
	tl := m.Tiling()
	res := &mergedResult{PSNR: met.PSNR, SSIM: met.SSIM, Width: img.W, Height: img.H, Channels: img.C, Grid: tl.Grid,
		Params: m.TrainableParams(), RBFs: m.Config.RBFs}
	if tl.Grid.Count() > 1 {
		s, err := tl.Grid.Seams(img, rec)
		if err != nil {
			return nil, err
		}
		res.Seams = &s
	}
	return res, nil
}
