package field

import (
	"fmt"
	"math"

	"github.com/neurbf/neurbf/grid"
	"github.com/neurbf/neurbf/nn"
	"github.com/neurbf/neurbf/rbf"
)

// Tasks.
const (
	TaskImage = "image"
	TaskSDF   = "sdf"
)

// Encoders: the full method and the ablations of the paper's Table 6.
const (
	EncoderHybrid = "hybrid" // grid ‖ adaptive RBF (NeuRBF)
	EncoderGrid   = "grid"   // multi-resolution grid alone (Instant-NGP-like)
	EncoderRBF    = "rbf"    // adaptive RBF alone
)

// Config describes a model and how it is trained. It is plain data with
// JSON tags: the same struct is read from a --config file, set by CLI
// flags, stored in snapshots and printed by `neurbf info`. A zero field
// means "the paper's default" (docs/METHOD.md); Resolve fills them in.
type Config struct {
	Task     string      `json:"task"`
	Encoder  string      `json:"encoder,omitempty"`
	Params   int         `json:"params,omitempty"`   // trainable-parameter budget
	Width    int         `json:"width,omitempty"`    // image size fitted
	Height   int         `json:"height,omitempty"`   //
	Channels int         `json:"channels,omitempty"` // output channels
	RBFs     int         `json:"rbfs,omitempty"`     // number of RBFs, set from Params at initialisation
	Frame    *Frame      `json:"frame,omitempty"`    // sdf: the mesh's normalisation, set at initialisation
	Grid     grid.Config `json:"grid"`
	RBF      rbf.Config  `json:"rbf"`
	MLP      MLPConfig   `json:"mlp"`
	Train    TrainConfig `json:"train"`
}

// MLPConfig is the decoder's shape (docs/METHOD.md §1.7).
type MLPConfig struct {
	Hidden  int     `json:"hidden,omitempty"`   // hidden width, 64
	FreqMin float64 `json:"freq_min,omitempty"` // sine-residual frequencies m0, log-spaced
	FreqMax float64 `json:"freq_max,omitempty"` //
}

// TrainConfig is the optimisation schedule (docs/METHOD.md §3).
type TrainConfig struct {
	Steps     int     `json:"steps,omitempty"`      // optimisation steps
	Batch     int     `json:"batch,omitempty"`      // samples per step; 0 = every pixel (up to 2^18)
	Seed      uint64  `json:"seed,omitempty"`       // seeds initialisation and sampling
	LR        float64 `json:"lr,omitempty"`         // decoder learning rate
	FeatureLR float64 `json:"feature_lr,omitempty"` // grid, RBF features and bias
	ShapeLR   float64 `json:"shape_lr,omitempty"`   // RBF centres and shapes, when trained
	Decay     float64 `json:"decay,omitempty"`      // final learning rate as a fraction of the first
}

// imageBudgetPerPixel gives the default parameter budget of an image: the
// paper's 128K parameters for a 256×256 image, scaled with the pixel count.
const imageBudgetPerPixel = 128000.0 / (256 * 256)

// imageDefaultParams is the default budget of trainable parameters for a
// w×h image: the paper's 128K per 256×256 pixels (about 2 a pixel) up to
// 2^20 pixels, and beyond that a budget growing as the pixel count to the
// power imageBudgetExponent, which meets the paper's 178M parameters at its
// 1.2-gigapixel Tokyo image (0.15 a pixel). At that size 2 a pixel would
// need about 100 GB for the values, their gradients and Adam's moments.
func imageDefaultParams(w, h int) int {
	n := float64(w) * float64(h)
	if n <= imageLinearPixels {
		return max(int(imageBudgetPerPixel*n), minImageBudget)
	}
	return int(imageBudgetPerPixel * imageLinearPixels * math.Pow(n/imageLinearPixels, imageBudgetExponent))
}

// Constants of imageDefaultParams: the linear range, and the exponent
// log(178M / 2.048M) / log(56718·21450 / 2^20).
const (
	imageLinearPixels   = 1 << 20
	imageBudgetExponent = 0.6328
)

// imageGridShare is the largest fraction of the budget the image grid's
// fine level may take when its table size is not set: the paper's dense
// fine level (resolution max(w,h)/2) costs half a parameter a pixel, which
// a big image's default budget cannot pay, so its table is hashed down
// instead, as Instant-NGP does. No image of up to 2^20 pixels at the
// default budget reaches the share.
const imageGridShare = 0.5

// imageTable is the image grid's log2 table size for the budget: the
// paper's (dense) table, halved until the grid takes at most
// imageGridShare of the budget.
func (c Config) imageTable() int {
	g := c.Grid.WithDefaults(grid.ImageDefaults(c.Width, c.Height))
	for ; g.Log2Table > 1; g.Log2Table-- {
		if float64(g.ParamCount(2)) <= imageGridShare*float64(c.Params) {
			break
		}
	}
	return g.Log2Table
}

// The hybrid's layout for a big image: an image of more than 2^20 pixels
// whose budget cannot pay for the paper's grid with its fine level dense
// (within imageGridShare, and the table's largest size) gets a grid of bigImageLevels levels from
// resolution 16 to max(w,h)/2, hashed to the share like Instant-NGP's,
// and RBFs of bigImageRBFFeatures features, twice as many for the same
// parameters. The paper's 2-level grid hashed that hard lost to the
// grid-only ablation by 7.5 dB on a 5120×2880 photo, where this layout
// beat both (see docs/DECISIONS.md, "The hybrid's layout for big
// images"). Each half of the layout yields to what is set: grid levels or
// a table keep the paper's grid, RBF features their count. No image of up
// to 2^20 pixels is affected, whatever its budget.
const (
	bigImageLevels      = 16
	bigImageRBFFeatures = 16
)

// bigImage reports whether an image config, its budget resolved, takes
// the big-image layout: more than 2^20 pixels, the grid's levels and table
// unset, and the fine level of the paper's 2-level grid hashed, its
// vertices more than the rows of the table the share allows.
func (c Config) bigImage() bool {
	if int64(c.Width)*int64(c.Height) <= imageLinearPixels || c.Grid.Levels != 0 || c.Grid.Log2Table != 0 {
		return false
	}
	fine := grid.ImageDefaults(c.Width, c.Height).MaxRes
	return int64(fine)*int64(fine) > int64(1)<<c.imageTable()
}

// maxFullBatch is the largest image trained on every pixel every step by
// default; larger ones take stratified batches of this many pixels, the
// paper's 2^18.
const maxFullBatch = 1 << 18

// minImageBudget is the smallest default budget: the decoder alone has
// 6,723 parameters, so tiny images get a few hundred RBFs rather than none.
const minImageBudget = 16384

// Resolve returns c with every unset field given the paper's default for
// its task, or an error naming the first field that makes no sense.
func (c Config) Resolve() (Config, error) {
	switch c.Encoder {
	case "":
		c.Encoder = EncoderHybrid
	case EncoderHybrid, EncoderGrid, EncoderRBF:
	default:
		return c, fmt.Errorf("unknown encoder %q (want hybrid, grid or rbf)", c.Encoder)
	}
	switch c.Task {
	case TaskImage:
		if c.Width <= 0 || c.Height <= 0 {
			return c, fmt.Errorf("image size %d×%d is not positive", c.Width, c.Height)
		}
		if c.Channels != 1 && c.Channels != 3 {
			return c, fmt.Errorf("images have 1 or 3 channels, not %d", c.Channels)
		}
		if c.Params == 0 {
			c.Params = imageDefaultParams(c.Width, c.Height)
		}
		big := c.Encoder == EncoderHybrid && c.bigImage()
		if big && c.RBF.Features == 0 {
			c.RBF.Features = bigImageRBFFeatures
		}
		c.RBF = c.RBF.WithDefaults(rbf.ImageDefaults())
		if c.RBF.InputScale == nil {
			c.RBF.InputScale = rbf.ImageInputScale(c.Width, c.Height)
		}
		c.MLP = c.MLP.withDefaults(MLPConfig{Hidden: 64, FreqMin: 1, FreqMax: 1000})
		if c.Encoder == EncoderGrid {
			c.Grid = c.Grid.WithDefaults(c.ngpGrid(max(c.Width, c.Height)))
		} else {
			if big {
				c.Grid.Levels = bigImageLevels
			}
			if c.Grid.Log2Table == 0 {
				c.Grid.Log2Table = c.imageTable()
			}
			c.Grid = c.Grid.WithDefaults(grid.ImageDefaults(c.Width, c.Height))
		}
		c.Train = c.Train.withDefaults(TrainConfig{Steps: 5000, LR: 1e-2, FeatureLR: 5e-3, ShapeLR: 1e-4, Decay: 0.01})
		if c.Train.Batch == 0 && c.Width*c.Height > maxFullBatch {
			c.Train.Batch = maxFullBatch
		}
	case TaskSDF:
		if err := c.resolveSDF(); err != nil {
			return c, err
		}
	default:
		return c, fmt.Errorf("unknown task %q (want image or sdf)", c.Task)
	}
	if c.Params < 0 {
		return c, fmt.Errorf("parameter budget %d is negative", c.Params)
	}
	if c.Train.Steps < 0 || c.Train.Batch < 0 {
		return c, fmt.Errorf("steps (%d) and batch (%d) must not be negative", c.Train.Steps, c.Train.Batch)
	}
	if c.MLP.Hidden <= 0 || c.MLP.FreqMin <= 0 || c.MLP.FreqMax < c.MLP.FreqMin {
		return c, fmt.Errorf("decoder: hidden width %d, frequencies [%g, %g] are not usable", c.MLP.Hidden, c.MLP.FreqMin, c.MLP.FreqMax)
	}
	if err := c.Grid.Validate(); err != nil {
		return c, fmt.Errorf("grid: %w", err)
	}
	if err := c.RBF.Validate(); err != nil {
		return c, fmt.Errorf("rbf: %w", err)
	}
	if c.Task == TaskImage && c.Encoder != EncoderGrid && c.RBFs == 0 {
		c.RBFs = c.imageRBFs()
	}
	return c, nil
}

// imageRBFs returns the number of RBFs of an image model: as many as make
// its trainable parameters Params (rbf.CountForTrainable), the frozen
// centres and shapes not counted, and at most a quarter of the pixels
// (more cannot be placed by K-means sensibly; only tiny images reach this
// cap). It is 0 when the budget leaves nothing for RBFs.
//
// Charging the frozen values as well (this package's first rule) gives
// fewer RBFs, and the paper's code, which fills an Instant-NGP-sized budget
// with them counted, more; counting only what is trained is the plain
// meaning of "a model of Params parameters", and it fitted better than the
// first rule (docs/METHOD.md §2, §6; see docs/DECISIONS.md, "Image budget
// counts trainable values only").
func (c Config) imageRBFs() int {
	in := c.RBF.Features
	other := 0
	if c.Encoder == EncoderHybrid {
		in += c.Grid.Levels * c.Grid.Features
		other += c.Grid.ParamCount(2)
	}
	other += c.decoderParams(in) + in // the decoder and the bias
	n := rbf.CountForTrainable(c.Params, other, 2, c.RBF.Features, c.RBF.Kernel, c.RBF.TrainShapes)
	return min(n, c.Width*c.Height/4)
}

// decoderParams is the number of values of the decoder with in inputs.
func (c Config) decoderParams(in int) int {
	h := c.MLP.Hidden
	return in*h + h + h*h + h + h*c.Channels + c.Channels
}

func (m MLPConfig) withDefaults(d MLPConfig) MLPConfig {
	if m.Hidden == 0 {
		m.Hidden = d.Hidden
	}
	if m.FreqMin == 0 {
		m.FreqMin = d.FreqMin
	}
	if m.FreqMax == 0 {
		m.FreqMax = d.FreqMax
	}
	return m
}

func (t TrainConfig) withDefaults(d TrainConfig) TrainConfig {
	if t.Steps == 0 {
		t.Steps = d.Steps
	}
	if t.LR == 0 {
		t.LR = d.LR
	}
	if t.FeatureLR == 0 {
		t.FeatureLR = d.FeatureLR
	}
	if t.ShapeLR == 0 {
		t.ShapeLR = d.ShapeLR
	}
	if t.Decay == 0 {
		t.Decay = d.Decay
	}
	return t
}

// Schedules returns the learning-rate schedule of every parameter group:
// cosine decay from the group's rate to Decay times it over Steps.
func (t TrainConfig) Schedules() map[string]nn.Schedule {
	s := func(lr float64) nn.Schedule { return nn.Schedule{LR: lr, Final: lr * t.Decay, Steps: t.Steps} }
	return map[string]nn.Schedule{
		"mlp":       s(t.LR),
		"grid":      s(t.FeatureLR),
		"rbf":       s(t.FeatureLR),
		"bias":      s(t.FeatureLR),
		"rbf.pos":   s(t.ShapeLR),
		"rbf.shape": s(t.ShapeLR),
	}
}

// ngpGrid is the grid-only ablation's encoder, Instant-NGP-like: 16 hashed
// levels of 2 features from resolution 16 to finest, with the largest hash
// table for which grid, decoder and bias fit the parameter budget.
func (c Config) ngpGrid(finest int) grid.Config {
	g := grid.Config{Levels: 16, Features: 2, BaseRes: 16, MaxRes: max(finest, 16), Log2Table: 1, Interp: grid.InterpLinear}
	width := g.Levels * g.Features
	rest := c.Params - c.decoderParams(width) - width
	for g.Log2Table < 24 {
		next := g
		next.Log2Table++
		if next.ParamCount(c.dim()) > rest {
			break
		}
		g = next
	}
	return g
}

// dim is the dimension of the task's points.
func (c Config) dim() int {
	if c.Task == TaskSDF {
		return 3
	}
	return 2
}
