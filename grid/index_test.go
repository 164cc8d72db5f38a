package grid

import (
	"math/rand/v2"
	"testing"
)

// TestDenseIndex evaluates a dense level at every vertex and checks that
// the corner of weight one (fraction 0 along an axis, or 1 on the last
// vertex of an axis, up to rounding) visits every table row exactly once,
// at its row-major index.
func TestDenseIndex(t *testing.T) {
	for _, dim := range []int{2, 3} {
		const res, nf = 7, 2
		rows := res * res
		if dim == 3 {
			rows *= res
		}
		lv := level{res: res, scale: float32(res-1) / 2, rows: rows}
		n := rows
		x := make([]float32, n*dim)
		for row := range n {
			k := row
			for a := range dim {
				x[row*dim+a] = -1 + 2*float32(k%res)/float32(res-1)
				k /= res
			}
		}
		corner := make([]int32, n<<dim)
		frac := make([]float32, n*dim)
		out := make([]float32, n*nf)
		tab := make([]float32, rows*nf)
		if dim == 2 {
			forward2(out, nf, 0, corner, frac, &lv, nf, tab, x)
		} else {
			forward3(out, nf, 0, corner, frac, &lv, nf, tab, x)
		}
		seen := make([]int, rows)
		for i := range n {
			b := 0 // the corner at the vertex: bit a set where fraction a is 1
			for a := range dim {
				f := frac[i*dim+a]
				if min(f, 1-f) > 1e-5 {
					t.Fatalf("%dD vertex %d: fraction %g along axis %d, want 0 or 1", dim, i, f, a)
				}
				if f > 0.5 {
					b |= 1 << a
				}
			}
			for c := range 1 << dim {
				off := int(corner[i<<dim+c])
				if off%nf != 0 || off < 0 || off >= rows*nf {
					t.Fatalf("%dD vertex %d corner %d: offset %d outside the table of %d rows", dim, i, c, off, rows)
				}
			}
			row := int(corner[i<<dim+b]) / nf
			if row != i {
				t.Errorf("%dD vertex %d is stored at row %d, want its row-major index", dim, i, row)
			}
			seen[row]++
		}
		for row, k := range seen {
			if k != 1 {
				t.Errorf("%dD row %d used by %d vertices, want 1", dim, row, k)
			}
		}
	}
}

// TestHashRange checks that the hash stays in range for large and random
// coordinates and that it spreads a lattice over most of the table.
func TestHashRange(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, log2 := range []int{1, 5, 15, 24} {
		mask := uint32(1<<log2 - 1)
		for range 10000 {
			i, j, k := rng.Uint32(), rng.Uint32(), rng.Uint32()
			if h := hash2(i, j, mask); h < 0 || h > int(mask) {
				t.Fatalf("hash2(%d, %d) = %d outside [0, %d]", i, j, h, mask)
			}
			if h := hash3(i, j, k, mask); h < 0 || h > int(mask) {
				t.Fatalf("hash3(%d, %d, %d) = %d outside [0, %d]", i, j, k, h, mask)
			}
		}
	}
	const log2 = 12
	used := make([]bool, 1<<log2)
	for i := range uint32(64) {
		for j := range uint32(64) {
			for k := range uint32(64) {
				used[hash3(i, j, k, 1<<log2-1)] = true
			}
		}
	}
	n := 0
	for _, u := range used {
		if u {
			n++
		}
	}
	if n < len(used)*9/10 {
		t.Errorf("a 64³ lattice reaches %d of %d rows", n, len(used))
	}
}

// TestCell checks the lattice mapping at the corners of the domain and its
// clamping.
func TestCell(t *testing.T) {
	const res = 5
	s, hi := float32(res-1)/2, res-2
	nan := float32(0)
	nan /= nan
	for _, c := range []struct {
		x    float32
		i    int
		f    float32
		clip bool
	}{
		{-1, 0, 0, false},
		{1, res - 2, 1, false},
		{0, 2, 0, false},
		{0.25, 2, 0.5, false},
		{-3, 0, 0, true},
		{2, res - 2, 1, true},
		{nan, 0, 0, true},
	} {
		i, f := cell(c.x, s, hi)
		if i != c.i || f != c.f {
			t.Errorf("cell(%g) = %d, %g, want %d, %g", c.x, i, f, c.i, c.f)
		}
		if clip := outside([]float32{c.x}) != 0; clip != c.clip {
			t.Errorf("outside(%g) = %v, want %v", c.x, clip, c.clip)
		}
	}
}
