package metrics

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurbf/neurbf/sdf/mc"
)

// EvalOptions says how fields are called.
type EvalOptions struct {
	// Batch is the largest number of points passed to one call of a field;
	// 0 means mc.DefaultBatch.
	Batch int
	// Threads is the number of goroutines calling a field at once, each
	// batch of points split among them (mc.Evaluate); 0 means all CPUs,
	// the module's convention (internal/parallel.Count). Unless it is 1
	// both fields must be safe for concurrent use. The counts do not
	// depend on it.
	Threads int
}

// Occupancy counts sample points by the side of the surface they lie on
// in the prediction and in the ground truth. A point is outside when its
// signed distance is ≥ 0 (the paper's occupancy) and inside when it is
// < 0. In each field name the first word is the prediction's side, the
// second the ground truth's.
type Occupancy struct {
	OutOut, OutIn, InOut, InIn int64
}

// Add counts the points whose predicted and ground-truth signed distances
// are pred[i] and gt[i]. It panics if the lengths differ.
func (o *Occupancy) Add(pred, gt []float32) {
	if len(pred) != len(gt) {
		panic(fmt.Sprintf("metrics: Occupancy.Add with %d predictions and %d ground-truth values", len(pred), len(gt)))
	}
	var c [4]int64 // index: 2·(pred inside) + (gt inside)
	for i, p := range pred {
		c[2*b2i(p < 0)+b2i(gt[i] < 0)]++
	}
	o.OutOut += c[0]
	o.OutIn += c[1]
	o.InOut += c[2]
	o.InIn += c[3]
}

// b2i is 1 for true and 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// IoUOutside is the intersection over union of the outside (sdf ≥ 0) sets,
// OutOut / (OutOut + OutIn + InOut): the number the paper reports. It is 1
// when neither field has an outside point.
func (o Occupancy) IoUOutside() float64 { return ratio(o.OutOut, o.OutIn+o.InOut) }

// IoUInside is the intersection over union of the inside (sdf < 0) sets,
// InIn / (InIn + OutIn + InOut), the stricter number when the shape fills
// little of the box. It is 1 when neither field has an inside point.
func (o Occupancy) IoUInside() float64 { return ratio(o.InIn, o.OutIn+o.InOut) }

// ratio returns both / (both + one), or 1 when both are zero.
func ratio(both, one int64) float64 {
	if both+one == 0 {
		return 1
	}
	return float64(both) / float64(both+one)
}

// GridIoU counts the occupancy of the signed distance fields pred and gt
// (positive outside, negative inside) on the regular grid of res samples
// per axis over [−1, 1]³, corners included (spacing 2/(res−1), as a
// linspace), evaluating one z-slice of res² points at a time.
func GridIoU(pred, gt mc.ScalarFunc, res int, eo EvalOptions) (Occupancy, error) {
	var o Occupancy
	if res < 2 {
		return o, fmt.Errorf("metrics: grid resolution %d: need at least 2 samples per axis", res)
	}
	if res > 1<<15 {
		return o, fmt.Errorf("metrics: grid resolution %d is too large", res)
	}
	n := res * res
	pts := make([]float32, 3*n)
	p, g := make([]float32, n), make([]float32, n)
	at := func(i int) float32 { return float32(-1 + 2*float64(i)/float64(res-1)) }
	for j := range res {
		for i := range res {
			pts[3*(j*res+i)], pts[3*(j*res+i)+1] = at(i), at(j)
		}
	}
	for k := range res {
		z := at(k)
		for r := 2; r < len(pts); r += 3 {
			pts[r] = z
		}
		mc.Evaluate(pred, pts, p, eo.Batch, eo.Threads)
		mc.Evaluate(gt, pts, g, eo.Batch, eo.Threads)
		o.Add(p, g)
	}
	return o, nil
}

// pointChunk is the number of random points PointIoU evaluates at once.
const pointChunk = 1 << 16

// PointIoU counts the occupancy of pred and gt at n points drawn uniformly
// from [−1, 1]³ by a PCG generator seeded with seed (the same points for
// the same seed).
func PointIoU(pred, gt mc.ScalarFunc, n int, seed uint64, eo EvalOptions) (Occupancy, error) {
	var o Occupancy
	if n < 1 {
		return o, fmt.Errorf("metrics: %d random points: need at least one", n)
	}
	rng := rand.New(rand.NewPCG(seed, pcgStream))
	m := min(n, pointChunk)
	pts, p, g := make([]float32, 3*m), make([]float32, m), make([]float32, m)
	for done := 0; done < n; done += m {
		c := min(m, n-done)
		for i := range 3 * c {
			pts[i] = float32(2*rng.Float64() - 1)
		}
		mc.Evaluate(pred, pts[:3*c], p[:c], eo.Batch, eo.Threads)
		mc.Evaluate(gt, pts[:3*c], g[:c], eo.Batch, eo.Threads)
		o.Add(p[:c], g[:c])
	}
	return o, nil
}

// pcgStream is the second PCG seed word of the package's generators.
const pcgStream = 0x6e657572626621
