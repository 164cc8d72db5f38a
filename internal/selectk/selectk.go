// Package selectk holds the module's one selection algorithm: finding the
// element a sort would put at position k without sorting the rest.
//
// Two places need it: the automatic top of an error map's scale (a
// percentile of the per-pixel errors, package render) and the median
// splits of a k-d tree (package sdf/metrics), where the keys are one
// coordinate of points that move together with their ids. Keys are
// float64 in both, so the data is described by a key and a swap rather
// than by a comparison: the pivot's key is then a value held aside, and
// the algorithm is Hoare's quickselect with a median-of-three pivot, whose
// scans stop at keys equal to the pivot, so runs of equal keys (an error
// map's zeros) split evenly instead of degrading to quadratic time.
package selectk

// Interface is a sequence of float64 keys whose elements can be swapped.
// NaN keys are not allowed: they compare false both ways and would break
// the partition.
type Interface interface {
	// Key returns the key of element i.
	Key(i int) float64
	// Swap exchanges elements i and j.
	Swap(i, j int)
}

// Select reorders the elements [lo, hi) of data so that element k holds
// the key a sort of the range would put there, the elements before it
// have keys not greater and those after it keys not smaller. It runs in
// time linear in hi−lo on average. It panics unless lo ≤ k < hi. It is
// generic so that a small value type (a slice, a pointer and an axis)
// can be passed without being boxed into an interface and allocated on
// every call.
func Select[T Interface](data T, lo, hi, k int) {
	if k < lo || k >= hi {
		panic("selectk: position outside the range")
	}
	hi-- // inclusive from here on
	for lo < hi {
		mid := lo + (hi-lo)/2
		// Order lo, mid, hi; the median lands at mid and is the pivot.
		if data.Key(mid) < data.Key(lo) {
			data.Swap(mid, lo)
		}
		if data.Key(hi) < data.Key(lo) {
			data.Swap(hi, lo)
		}
		if data.Key(hi) < data.Key(mid) {
			data.Swap(hi, mid)
		}
		pivot := data.Key(mid)
		i, j := lo, hi
		for i <= j {
			for data.Key(i) < pivot {
				i++
			}
			for pivot < data.Key(j) {
				j--
			}
			if i <= j {
				data.Swap(i, j)
				i++
				j--
			}
		}
		// Now [lo, j] ≤ pivot ≤ [i, hi], and anything strictly between j
		// and i equals the pivot.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}

// Float64s reorders v as Select does for the whole slice and returns v[k].
// It panics unless 0 ≤ k < len(v); v must not hold NaN.
func Float64s(v []float64, k int) float64 {
	Select(float64s(v), 0, len(v), k)
	return v[k]
}

// float64s is a slice of keys.
type float64s []float64

func (v float64s) Key(i int) float64 { return v[i] }
func (v float64s) Swap(i, j int)     { v[i], v[j] = v[j], v[i] }
