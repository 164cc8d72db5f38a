package mc

import (
	"fmt"
	"math"
)

// ScalarFunc is a scalar field of space as marching cubes and the metrics
// see it: it evaluates the field at n points, destination first: out[i]
// receives the value at point i (len(out) = n) of points (row-major,
// n×3). For the surface to come out with outward normals the field must
// follow the signed distance convention: greater than the level outside,
// less inside.
type ScalarFunc func(out, points []float32)

// Options configures an extraction. The zero value asks for the defaults.
type Options struct {
	// Res is the number of samples per axis, corners of the box included
	// (Res−1 cells per axis); default DefaultRes. At least 2.
	Res int
	// Min and Max are opposite corners of the sampled box; both zero means
	// the SDF domain [−1, 1]³.
	Min, Max [3]float64
	// Level is the iso value whose level set is extracted (default 0).
	Level float64
	// Batch is the largest number of points passed to one call of the
	// field; default DefaultBatch.
	Batch int
	// Threads is the number of goroutines calling the field at once, each
	// z-slice of samples split among them (see Evaluate); 0 means all
	// CPUs, the module's convention (internal/parallel.Count). Unless it is
	// 1 the field must be safe for concurrent use. The mesh does not
	// depend on it.
	Threads int
}

const (
	// DefaultRes is the default number of samples per axis.
	DefaultRes = 256
	// DefaultBatch is the default largest batch passed to the field.
	DefaultBatch = 1 << 16
)

// resolved returns o with its defaults filled in, or an error naming the
// first invalid setting.
func (o Options) resolved() (Options, error) {
	if o.Res == 0 {
		o.Res = DefaultRes
	}
	if o.Batch == 0 {
		o.Batch = DefaultBatch
	}
	if o.Min == ([3]float64{}) && o.Max == ([3]float64{}) {
		o.Min, o.Max = [3]float64{-1, -1, -1}, [3]float64{1, 1, 1}
	}
	switch {
	case o.Res < 2:
		return o, fmt.Errorf("mc: resolution %d: need at least 2 samples per axis", o.Res)
	case o.Res > math.MaxInt32/o.Res:
		return o, fmt.Errorf("mc: resolution %d is too large: a z-slice of samples would exceed 2³¹", o.Res)
	case o.Batch < 0:
		return o, fmt.Errorf("mc: negative batch size %d", o.Batch)
	case math.IsNaN(o.Level) || math.IsInf(o.Level, 0):
		return o, fmt.Errorf("mc: level %v is not finite", o.Level)
	}
	for a := range 3 {
		if !(o.Min[a] < o.Max[a]) || math.IsInf(o.Min[a], 0) || math.IsInf(o.Max[a], 0) {
			return o, fmt.Errorf("mc: empty or infinite box on axis %d: [%v, %v]", a, o.Min[a], o.Max[a])
		}
	}
	return o, nil
}
