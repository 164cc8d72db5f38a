package grid

import (
	"fmt"
	"math"
	"strings"
)

// Config sets the shape of a multi-resolution grid. A zero field means "not
// set": WithDefaults fills such fields from a default configuration, and New
// fills InitScale with 1e-4 (the paper's) and, for a single level, MaxRes
// with BaseRes; any other field left at zero is an error.
type Config struct {
	// Levels is the number of resolution levels.
	Levels int `json:"levels"`
	// Features is the number of features per level.
	Features int `json:"features"`
	// BaseRes is the resolution (vertices per axis) of level 0.
	BaseRes int `json:"base_res"`
	// MaxRes is the resolution of the last level; the levels in between
	// grow geometrically.
	MaxRes int `json:"max_res"`
	// Log2Table is the base-2 logarithm of the per-level table size: a
	// level with more vertices than 2^Log2Table is hashed into that many
	// rows.
	Log2Table int `json:"log2_table"`
	// InitScale is the half-width of the uniform initialisation of the
	// features, which are drawn from [-InitScale, InitScale].
	InitScale float64 `json:"init_scale"`
	// Interp is how a cell's corner features are weighted: InterpLinear
	// (the paper's multilinear weights; also what "" means to New) or
	// InterpSmooth (see there).
	Interp string `json:"interp,omitempty"`
}

// The values of Config.Interp.
const (
	// InterpLinear weights the corners of a cell multilinearly by the
	// fractions t of the point's position along each axis: the field is
	// continuous, its gradient jumps at every cell face.
	InterpLinear = "linear"
	// InterpSmooth weights them by s(t) = t²(3 − 2t) instead of t (the
	// weights still sum to one), so the gradient is continuous across cell
	// faces too: a surface taken from the field (marching cubes) shows
	// no creases along the cells of the fine levels.
	InterpSmooth = "smooth"
)

// Limits checked by Validate.
const (
	maxLevels    = 64
	maxFeatures  = 32
	maxLog2Table = 24
	maxRes       = 1 << 20
)

// defaultInitScale is the paper's half-width of the uniform feature
// initialisation (docs/METHOD.md §2).
const defaultInitScale = 1e-4

// ImageDefaults returns the paper's grid for fitting a w×h image: 2 levels
// of 2 features at resolutions 16 and max(w,h)/2 (at least 16), with a
// table large enough for both levels to be dense.
func ImageDefaults(w, h int) Config {
	r := max(w, h) / 2
	r = max(r, 16)
	return Config{
		Levels:    2,
		Features:  2,
		BaseRes:   16,
		MaxRes:    r,
		Log2Table: min(ceilLog2(r*r), maxLog2Table),
		InitScale: defaultInitScale,
		Interp:    InterpLinear,
	}
}

// SDFDefaults returns the paper's grid for signed distance fields: 16
// levels of 1 feature, resolutions 16 to 2048, hash tables of 2^15 rows.
func SDFDefaults() Config {
	return Config{
		Levels:    16,
		Features:  1,
		BaseRes:   16,
		MaxRes:    2048,
		Log2Table: 15,
		InitScale: defaultInitScale,
		Interp:    InterpLinear,
	}
}

// WithDefaults returns c with every zero field replaced by def's.
func (c Config) WithDefaults(def Config) Config {
	if c.Levels == 0 {
		c.Levels = def.Levels
	}
	if c.Features == 0 {
		c.Features = def.Features
	}
	if c.BaseRes == 0 {
		c.BaseRes = def.BaseRes
	}
	if c.MaxRes == 0 {
		c.MaxRes = def.MaxRes
	}
	if c.Log2Table == 0 {
		c.Log2Table = def.Log2Table
	}
	if c.InitScale == 0 {
		c.InitScale = def.InitScale
	}
	if c.Interp == "" {
		c.Interp = def.Interp
	}
	return c
}

// filled returns c with the task-independent defaults applied: InitScale
// 1e-4, and MaxRes = BaseRes for a single level.
func (c Config) filled() Config {
	if c.InitScale == 0 {
		c.InitScale = defaultInitScale
	}
	if c.MaxRes == 0 && c.Levels == 1 {
		c.MaxRes = c.BaseRes
	}
	if c.Interp == "" {
		c.Interp = InterpLinear
	}
	return c
}

// Validate reports whether c describes a usable grid, after the defaults
// New applies (see Config). The error lists every problem found; it names
// the fields by their JSON keys and leaves the "grid:" prefix to the caller.
func (c Config) Validate() error {
	c = c.filled()
	var errs []string
	if c.Levels < 1 || c.Levels > maxLevels {
		errs = append(errs, fmt.Sprintf("levels = %d, want 1…%d", c.Levels, maxLevels))
	}
	if c.Features < 1 || c.Features > maxFeatures {
		errs = append(errs, fmt.Sprintf("features = %d, want 1…%d", c.Features, maxFeatures))
	}
	if c.BaseRes < 2 || c.BaseRes > maxRes {
		errs = append(errs, fmt.Sprintf("base_res = %d, want 2…%d vertices per axis", c.BaseRes, maxRes))
	}
	if c.MaxRes < c.BaseRes || c.MaxRes > maxRes {
		errs = append(errs, fmt.Sprintf("max_res = %d, want base_res (%d)…%d", c.MaxRes, c.BaseRes, maxRes))
	}
	if c.Log2Table < 1 || c.Log2Table > maxLog2Table {
		errs = append(errs, fmt.Sprintf("log2_table = %d, want 1…%d", c.Log2Table, maxLog2Table))
	}
	if c.InitScale < 0 || math.IsNaN(c.InitScale) || math.IsInf(c.InitScale, 0) {
		errs = append(errs, fmt.Sprintf("init_scale = %g, want a finite value > 0 (0 means the default 1e-4)", c.InitScale))
	}
	if c.Interp != InterpLinear && c.Interp != InterpSmooth {
		errs = append(errs, fmt.Sprintf("interp = %q, want %q or %q", c.Interp, InterpLinear, InterpSmooth))
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("invalid config: %s", strings.Join(errs, "; "))
}

// resolutions returns the per-level resolutions: geometric from BaseRes to
// MaxRes, rounded to the nearest integer so that both ends are exact.
func (c Config) resolutions() []int {
	rs := make([]int, c.Levels)
	if c.Levels == 1 {
		rs[0] = c.BaseRes
		return rs
	}
	b := math.Log(float64(c.MaxRes)/float64(c.BaseRes)) / float64(c.Levels-1)
	for l := range rs {
		rs[l] = int(math.Round(float64(c.BaseRes) * math.Exp(b*float64(l))))
	}
	rs[c.Levels-1] = c.MaxRes
	return rs
}

// ceilLog2 returns the smallest k with 2^k ≥ n, for n ≥ 1.
func ceilLog2(n int) int {
	k := 0
	for 1<<k < n {
		k++
	}
	return k
}

// rows returns the number of table rows of a level of resolution r in
// dimension dim, and whether its vertices are hashed into them.
func (c Config) rows(r, dim int) (int, bool) {
	// r ≤ 2^20, so r^3 ≤ 2^60 does not overflow.
	n := r * r
	if dim == 3 {
		n *= r
	}
	if t := 1 << c.Log2Table; n > t {
		return t, true
	}
	return n, false
}

// ParamCount returns the number of trainable values of a grid with this
// configuration in dimension dim, after New's defaults. c must be valid.
func (c Config) ParamCount(dim int) int {
	c = c.filled()
	total := 0
	for _, r := range c.resolutions() {
		n, _ := c.rows(r, dim)
		total += n * c.Features
	}
	return total
}
