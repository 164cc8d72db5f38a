package main

// The flags and arithmetic of fit image --tiles: the grid, the tile index
// a cluster hands a job, and how the whole image's parameter budget is
// split among the tiles.

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/pixels"
)

// tileFlags are fit image's flags for fitting an image as tiles.
type tileFlags struct {
	grid    string // --tiles RxC
	tile    int    // --tile I
	overlap int
	jobs    int
	split   string
}

// defaultOverlap is the default --overlap, lowered to a quarter of the
// smallest core's side for small cores (autoOverlap). A tile's error
// rises towards its region's edge, and the blend at a border weighs each
// tile at the overlap's distance from its edge, so a wider overlap hides
// the seams better, for a little more fitting (measured on a 5120×2880
// photo against 32: docs/BENCHMARKS.md, "Tiled fits").
const defaultOverlap = 96

// autoOverlap is the overlap when --overlap is not given: defaultOverlap,
// at most a quarter of the smallest core's width or height, so that a
// small image can still be tiled.
func autoOverlap(rows, cols, w, h int) int {
	return min(defaultOverlap, w/cols/4, h/rows/4)
}

// Ways of splitting --params among the tiles (--split). Pixels is the
// default: within a tile the RBFs already go where the detail is (K-means
// weighted by the Sobel magnitude), and moving budget between tiles by
// detail gave no better merged PSNR on the photos measured
// (docs/BENCHMARKS.md, "Tiled fits").
const (
	splitDetail = "detail"
	splitPixels = "pixels"
)

// tileIndexEnv are the environment variables a scheduler sets to a job's
// index in an array, in the order they are consulted when --tile is not
// given: Slurm's job arrays, then Kubernetes' Indexed Jobs.
var tileIndexEnv = []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"}

// tileOnlyFlags are the flags that mean something only with --tiles.
var tileOnlyFlags = []string{"tile", "overlap", "jobs", "split"}

func (t *tileFlags) register(c *command) {
	c.StringVar(&t.grid, "tiles", "", "fit the image as `RxC` tiles (rows × columns), each into DIR/tile-I.nrbf and tile-I.json; without a tile index, every tile not yet done, then the merge into DIR/model.nrbf")
	c.IntVar(&t.tile, "tile", 0, "with --tiles: fit only tile `I` (0-based, row-major); default: $SLURM_ARRAY_TASK_ID, else $JOB_COMPLETION_INDEX, else every tile not yet done")
	c.IntVar(&t.overlap, "overlap", defaultOverlap, "with --tiles: `pixels` a tile's region extends past its core on each interior side; neighbouring tiles are blended across the 2×overlap pixels they share (default: 96, at most a quarter of the smallest core's side)")
	c.IntVar(&t.jobs, "jobs", 1, "with --tiles and no tile index: `N` tiles fitted at once, the threads split among them")
	c.StringVar(&t.split, "split", splitPixels, "with --tiles: how --params (the whole image's budget) is split among the tiles: pixels (by each tile's share of the image's pixels) or detail (by its share of the Sobel gradient mass, at least a quarter of its share of the pixels)")
}

// check refuses tile flags without --tiles, and values that cannot mean
// anything.
func (t tileFlags) check(f imageFlags, set map[string]bool) error {
	if !set["tiles"] {
		for _, name := range tileOnlyFlags {
			if set[name] {
				return fmt.Errorf("%w: --%s applies to a tiled fit (--tiles RxC)", errUsage, name)
			}
		}
		return nil
	}
	if _, _, err := parseTileGrid(t.grid); err != nil {
		return err
	}
	switch {
	case t.overlap < 0:
		return fmt.Errorf("%w: --overlap must not be negative, got %d", errUsage, t.overlap)
	case t.jobs < 1:
		return fmt.Errorf("%w: --jobs must be at least 1, got %d", errUsage, t.jobs)
	case t.split != splitDetail && t.split != splitPixels:
		return fmt.Errorf("%w: --split must be detail or pixels, got %q", errUsage, t.split)
	case set["crop"]:
		return fmt.Errorf("%w: --crop and --tiles do not go together: tile the whole image", errUsage)
	case set["checkpoint"]:
		return fmt.Errorf("%w: --checkpoint is not available for a tiled fit", errUsage)
	}
	return nil
}

// parseTileGrid reads --tiles RxC.
func parseTileGrid(s string) (rows, cols int, err error) {
	r, c, ok := strings.Cut(strings.ToLower(s), "x")
	rows, err1 := strconv.Atoi(r)
	cols, err2 := strconv.Atoi(c)
	if !ok || err1 != nil || err2 != nil || rows < 1 || cols < 1 || rows > 1<<12 || cols > 1<<12 {
		return 0, 0, fmt.Errorf("%w: --tiles wants ROWSxCOLS, e.g. 2x2 or 4x8, got %q", errUsage, s)
	}
	return rows, cols, nil
}

// tileIndex returns the tile a job is to fit: --tile, else the first of
// tileIndexEnv that is set; has is false when none is (fit every tile).
// An index that is not a number or not a tile of a grid of n tiles is an
// error naming where it came from.
func tileIndex(t tileFlags, set map[string]bool, n int) (i int, has bool, err error) {
	from := "--tile"
	if set["tile"] {
		i = t.tile
	} else {
		for _, env := range tileIndexEnv {
			v, ok := os.LookupEnv(env)
			if !ok || v == "" {
				continue
			}
			if i, err = strconv.Atoi(strings.TrimSpace(v)); err != nil {
				return 0, false, fmt.Errorf("%w: %s=%q is not a tile index", errUsage, env, v)
			}
			from = "$" + env
			break
		}
		if from == "--tile" {
			return 0, false, nil
		}
	}
	if i < 0 || i >= n {
		return 0, false, fmt.Errorf("%w: tile %d (%s) is out of range: the grid has tiles 0 to %d", errUsage, i, from, n-1)
	}
	return i, true, nil
}

// detailSamples bounds the pixels whose Sobel magnitude estimates the
// tiles' shares of detail: a regular lattice of at most this many.
const detailSamples = 1 << 22

// tileShares returns each tile's share of the budget, summing to 1: by
// the pixels of its core, or by its core's Sobel gradient mass (estimated
// on a lattice of at most detailSamples pixels), floored at a quarter of
// its pixel share so that a flat tile still gets a model, and normalised.
func tileShares(img *pixels.Raster, g field.TileGrid, split string) []float64 {
	n := g.Count()
	px := make([]float64, n)
	for i := range n {
		c := g.Core(i)
		px[i] = float64(c.W) * float64(c.H) / (float64(g.Width) * float64(g.Height))
	}
	if split == splitPixels {
		return px
	}
	step := max(1, int(math.Ceil(math.Sqrt(float64(g.Width)*float64(g.Height)/detailSamples))))
	mass := make([]float64, n)
	total := 0.0
	for y := step / 2; y < g.Height; y += step {
		row := 0
		for row < g.Rows-1 && y >= g.Core((row+1)*g.Cols).Y {
			row++
		}
		col := 0
		for x := step / 2; x < g.Width; x += step {
			for col < g.Cols-1 && x >= g.Core(col+1).X {
				col++
			}
			s := float64(img.Sobel(x, y))
			mass[row*g.Cols+col] += s
			total += s
		}
	}
	share := make([]float64, n)
	sum := 0.0
	for i := range n {
		d := px[i] // a blank image: by pixels
		if total > 0 {
			d = mass[i] / total
		}
		share[i] = max(d, px[i]/4)
		sum += share[i]
	}
	for i := range share {
		share[i] /= sum
	}
	return share
}

// tileBudgets splits total parameters by shares, rounding each down.
func tileBudgets(total int, shares []float64) []int {
	b := make([]int, len(shares))
	for i, s := range shares {
		b[i] = int(float64(total) * s)
	}
	return b
}

// wholeBudget is the whole image's budget: cfg.Params when given, else the
// default of a model of a w×h image.
func wholeBudget(cfg field.Config, w, h, c int) (int, error) {
	if cfg.Params > 0 {
		return cfg.Params, nil
	}
	cfg.Task = field.TaskImage
	cfg.Width, cfg.Height, cfg.Channels = w, h, c
	rc, err := cfg.Resolve()
	if err != nil {
		return 0, err
	}
	return rc.Params, nil
}
