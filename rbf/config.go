package rbf

import (
	"fmt"
	"math"
)

// Config sets up an Encoder. A zero field means "the default for the
// dimension", ImageDefaults in 2-D or SDFDefaults in 3-D; New fills zero
// fields that way.
type Config struct {
	// Kernel is the radial basis function.
	Kernel Kernel `json:"kernel,omitempty"`
	// K is the number of nearest RBFs that encode a point.
	K int `json:"k,omitempty"`
	// Features is F, the feature width and number of MSC frequencies.
	Features int `json:"features,omitempty"`
	// FreqMin and FreqMax bound the F log-spaced MSC frequencies m.
	FreqMin float64 `json:"freq_min,omitempty"`
	FreqMax float64 `json:"freq_max,omitempty"`
	// NoMSC turns the sinusoid composition off (an ablation): the feature
	// is g = Σ_i w_i φ̃_i.
	NoMSC bool `json:"no_msc,omitempty"`
	// TrainShapes makes centres and shapes trainable parameters.
	TrainShapes bool `json:"train_shapes,omitempty"`
	// InitScale bounds the uniform initialisation of the features, ±InitScale.
	InitScale float64 `json:"init_scale,omitempty"`
	// MaxCacheBytes bounds the memory of Fix's cache; the per-point sine
	// table is left out when it would not fit.
	MaxCacheBytes int64 `json:"max_cache_bytes,omitempty"`
	// InputScale, when set, has one factor per axis applied to the points
	// before anything else, so that a non-square image is encoded in an
	// aspect-preserving frame. Centres and shapes live in the scaled frame.
	InputScale []float32 `json:"input_scale,omitempty"`
}

// ImageDefaults is the paper's configuration for images: the ivq_a kernel,
// K = 4, F = 32 frequencies in [2^-3, 2^12].
func ImageDefaults() Config {
	return Config{Kernel: IVQA, K: 4, Features: 32, FreqMin: 0x1p-3, FreqMax: 0x1p12,
		InitScale: 1e-4, MaxCacheBytes: 1 << 30}
}

// SDFDefaults is the paper's configuration for signed distance fields: the
// nlin_s kernel, K = 8, F = 16 frequencies in [1, 8].
func SDFDefaults() Config {
	return Config{Kernel: NLinS, K: 8, Features: 16, FreqMin: 1, FreqMax: 8,
		InitScale: 1e-4, MaxCacheBytes: 1 << 30}
}

// defaultsFor returns ImageDefaults for dim 2 and SDFDefaults otherwise.
func defaultsFor(dim int) Config {
	if dim == 2 {
		return ImageDefaults()
	}
	return SDFDefaults()
}

// WithDefaults returns c with each zero field taken from d. The booleans
// NoMSC and TrainShapes are false by default and kept as they are.
func (c Config) WithDefaults(d Config) Config {
	if c.Kernel == "" {
		c.Kernel = d.Kernel
	}
	if c.K == 0 {
		c.K = d.K
	}
	if c.Features == 0 {
		c.Features = d.Features
	}
	if c.FreqMin == 0 {
		c.FreqMin = d.FreqMin
	}
	if c.FreqMax == 0 {
		c.FreqMax = d.FreqMax
	}
	if c.InitScale == 0 {
		c.InitScale = d.InitScale
	}
	if c.MaxCacheBytes == 0 {
		c.MaxCacheBytes = d.MaxCacheBytes
	}
	if c.InputScale == nil {
		c.InputScale = d.InputScale
	}
	return c
}

// Validate returns an error describing the first invalid field of c (with
// defaults already applied).
func (c Config) Validate() error {
	if _, err := parseKernel(string(c.Kernel)); err != nil {
		return err
	}
	if c.K < 1 {
		return fmt.Errorf("neighbour count K = %d is not positive", c.K)
	}
	if c.Features < 1 {
		return fmt.Errorf("feature count %d is not positive", c.Features)
	}
	if !(c.FreqMin > 0) || !(c.FreqMax >= c.FreqMin) || math.IsInf(c.FreqMax, 0) {
		return fmt.Errorf("MSC frequency range [%v, %v] is not a finite positive interval", c.FreqMin, c.FreqMax)
	}
	if !(c.InitScale >= 0) || math.IsInf(c.InitScale, 0) {
		return fmt.Errorf("feature init scale %v is not a finite non-negative number", c.InitScale)
	}
	if c.MaxCacheBytes < 0 {
		return fmt.Errorf("cache limit %d bytes is negative", c.MaxCacheBytes)
	}
	for a, s := range c.InputScale {
		if !(s > 0) || math.IsInf(float64(s), 0) {
			return fmt.Errorf("input scale of axis %d is %v, not a finite positive number", a, s)
		}
	}
	return nil
}
