package grid_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/neurbf/neurbf/grid"
)

// vertexPos returns the coordinate of vertex i of a level with res
// vertices per axis.
func vertexPos(i, res int) float64 { return -1 + 2*float64(i)/float64(res-1) }

// forEachVertex calls fn with every vertex of a dim-dimensional lattice of
// res vertices per axis, x fastest, and its dense row.
func forEachVertex(dim, res int, fn func(v []int, row int)) {
	n := 1
	for range dim {
		n *= res
	}
	v := make([]int, dim)
	for row := range n {
		k := row
		for a := range v {
			v[a], k = k%res, k/res
		}
		fn(v, row)
	}
}

// TestLinear sets every dense level to a linear function of the vertex
// position; N-linear interpolation must reproduce it exactly everywhere.
func TestLinear(t *testing.T) {
	for _, dim := range []int{2, 3} {
		t.Run(fmt.Sprintf("%dD", dim), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, uint64(dim)))
			cfg := grid.Config{Levels: 3, Features: 2, BaseRes: 3, MaxRes: 12, Log2Table: 12}
			e, err := grid.New(dim, cfg, rng)
			if err != nil {
				t.Fatal(err)
			}
			nf := cfg.Features
			// Feature f of every level is a_f·x + b_f.
			a := make([][]float64, nf)
			b := make([]float64, nf)
			for f := range nf {
				a[f] = make([]float64, dim)
				for k := range a[f] {
					a[f][k] = 2*rng.Float64() - 1
				}
				b[f] = rng.Float64()
			}
			for l, lv := range e.Levels() {
				if lv.Hashed {
					t.Fatalf("level %d is hashed; the test needs dense levels", l)
				}
				tab := e.Params()[l].Data
				forEachVertex(dim, lv.Res, func(v []int, row int) {
					for f := range nf {
						s := b[f]
						for k, i := range v {
							s += a[f][k] * vertexPos(i, lv.Res)
						}
						tab[row*nf+f] = float32(s)
					}
				})
			}
			const n = 500
			x := make([]float32, n*dim)
			for i := range x {
				x[i] = float32(2.4*rng.Float64() - 1.2) // some outside: clamped
			}
			out := make([]float32, n*e.OutDim())
			e.NewWorker().Forward(out, e.OutDim(), 0, x, nil)
			for i := range n {
				for l := range e.Levels() {
					for f := range nf {
						want := b[f]
						for k := range dim {
							want += a[f][k] * math.Max(-1, math.Min(1, float64(x[i*dim+k])))
						}
						got := float64(out[i*e.OutDim()+l*nf+f])
						if math.Abs(got-want) > 2e-6 {
							t.Fatalf("point %v level %d feature %d: got %g, want %g", x[i*dim:(i+1)*dim], l, f, got, want)
						}
					}
				}
			}
		})
	}
}

// TestVertices evaluates the grid at every vertex of its finest level:
// that level's output must be the value stored for the vertex, whether the
// level is dense or hashed.
func TestVertices(t *testing.T) {
	cases := []struct {
		dim    int
		cfg    grid.Config
		hashed bool // whether the finest level is hashed
	}{
		{2, grid.Config{Levels: 2, Features: 2, BaseRes: 4, MaxRes: 9, Log2Table: 7}, false}, // 81 ≤ 128
		{2, grid.Config{Levels: 2, Features: 2, BaseRes: 4, MaxRes: 33, Log2Table: 7}, true},
		{3, grid.Config{Levels: 2, Features: 1, BaseRes: 3, MaxRes: 6, Log2Table: 8}, false}, // 216 ≤ 256
		{3, grid.Config{Levels: 2, Features: 3, BaseRes: 3, MaxRes: 13, Log2Table: 8}, true},
	}
	for ci, tc := range cases {
		rng := rand.New(rand.NewPCG(2, uint64(ci)))
		e, err := grid.New(tc.dim, tc.cfg, rng)
		if err != nil {
			t.Fatal(err)
		}
		randomise(e, rng)
		r := newRef(e)
		last := len(e.Levels()) - 1
		fine := e.Levels()[last]
		if fine.Hashed != tc.hashed {
			t.Fatalf("case %d: finest level %+v, want hashed = %v", ci, fine, tc.hashed)
		}
		nf := tc.cfg.Features
		var x []float32
		var rows []int
		forEachVertex(tc.dim, fine.Res, func(v []int, _ int) {
			for _, i := range v {
				x = append(x, float32(vertexPos(i, fine.Res)))
			}
			rows = append(rows, r.row(fine, v))
		})
		width := e.OutDim()
		out := make([]float32, len(rows)*width)
		e.NewWorker().Forward(out, width, 0, x, nil)
		tab := e.Params()[last].Data
		for i, row := range rows {
			for f := range nf {
				got, want := out[i*width+last*nf+f], tab[row*nf+f]
				if math.Abs(float64(got-want)) > 1e-5 {
					t.Fatalf("case %d (hashed %v) vertex %v feature %d: got %g, stored %g",
						ci, fine.Hashed, x[i*tc.dim:(i+1)*tc.dim], f, got, want)
				}
			}
		}
	}
}
