package selectk

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// pairs is a key slice whose elements carry a tag that must move with
// their key, as a k-d tree's ids move with its points.
type pairs struct {
	key []float64
	tag []int
}

func (p *pairs) Key(i int) float64 { return p.key[i] }
func (p *pairs) Swap(i, j int) {
	p.key[i], p.key[j] = p.key[j], p.key[i]
	p.tag[i], p.tag[j] = p.tag[j], p.tag[i]
}

// TestSelectAgainstSort checks every position of slices of several sizes
// and key distributions (distinct, few distinct values, all equal, sorted,
// reversed) against sort: the selected key, the partition around it, that
// the elements are a permutation of the input, and that tags moved with
// their keys. Sub-ranges are checked too, with the outside untouched.
func TestSelectAgainstSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	gens := map[string]func(i, n int) float64{
		"random":   func(int, int) float64 { return rng.NormFloat64() },
		"few":      func(int, int) float64 { return float64(rng.IntN(3)) },
		"equal":    func(int, int) float64 { return 0.5 },
		"sorted":   func(i, _ int) float64 { return float64(i) },
		"reversed": func(i, n int) float64 { return float64(n - i) },
	}
	for name, gen := range gens {
		for _, n := range []int{1, 2, 3, 5, 8, 31, 200} {
			keys := make([]float64, n)
			for i := range keys {
				keys[i] = gen(i, n)
			}
			want := slices.Clone(keys)
			slices.Sort(want)
			for k := range n {
				p := &pairs{key: slices.Clone(keys), tag: make([]int, n)}
				for i := range p.tag {
					p.tag[i] = i
				}
				Select(p, 0, n, k)
				if p.key[k] != want[k] {
					t.Fatalf("%s n=%d k=%d: key %g, sort says %g", name, n, k, p.key[k], want[k])
				}
				for i := range n {
					if (i < k && p.key[i] > p.key[k]) || (i > k && p.key[i] < p.key[k]) {
						t.Fatalf("%s n=%d k=%d: key %g at %d on the wrong side of %g", name, n, k, p.key[i], i, p.key[k])
					}
					if p.key[i] != keys[p.tag[i]] {
						t.Fatalf("%s n=%d k=%d: tag %d separated from its key", name, n, k, p.tag[i])
					}
				}
				got := slices.Clone(p.key)
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Fatalf("%s n=%d k=%d: not a permutation of the input", name, n, k)
				}
			}
		}
	}
}

// TestSelectSubrange checks that only [lo, hi) is touched.
func TestSelectSubrange(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, 100)
	for i := range v {
		v[i] = rng.Float64()
	}
	orig := slices.Clone(v)
	lo, hi, k := 20, 70, 33
	Select(float64s(v), lo, hi, k)
	if !slices.Equal(v[:lo], orig[:lo]) || !slices.Equal(v[hi:], orig[hi:]) {
		t.Fatal("Select moved elements outside [lo, hi)")
	}
	want := slices.Clone(orig[lo:hi])
	slices.Sort(want)
	if v[k] != want[k-lo] {
		t.Fatalf("v[%d] = %g, sort of the range says %g", k, v[k], want[k-lo])
	}
}

func TestFloat64s(t *testing.T) {
	v := []float64{5, 1, 4, 1, 3, 9, 2, 6}
	for k, want := range []float64{1, 1, 2, 3, 4, 5, 6, 9} {
		if got := Float64s(slices.Clone(v), k); got != want {
			t.Errorf("Float64s(…, %d) = %g, want %g", k, got, want)
		}
	}
}

func TestSelectOutsidePanics(t *testing.T) {
	for _, k := range []int{-1, 3} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Select with k=%d outside [0, 3) did not panic", k)
				}
			}()
			Select(float64s{1, 2, 3}, 0, 3, k)
		}()
	}
}

// BenchmarkFloat64s selects the median of a million keys, a quarter zero.
func BenchmarkFloat64s(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	src := make([]float64, 1<<20)
	for i := range src {
		if i%4 != 0 {
			src[i] = rng.Float64()
		}
	}
	v := make([]float64, len(src))
	for b.Loop() {
		copy(v, src)
		Float64s(v, len(v)/2)
	}
}
