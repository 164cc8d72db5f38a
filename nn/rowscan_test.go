package nn

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestRowScan: a scan, and a walk of RowChunks, list exactly the rows of
// the mask's words [lo, hi), in order, whatever the chunk size, across
// empty, full and partial words; a chunk's Ahead is the chunk that
// follows it.
func TestRowScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	m := NewRowMask(700*2, 2) // 11 words, the last partial
	m.Bits[2] = ^uint64(0)
	for range 90 {
		m.Set(rng.IntN(700))
	}
	for _, r := range []struct{ lo, hi int }{{0, 11}, {1, 4}, {3, 3}, {10, 11}} {
		var want []int32
		for row := r.lo * 64; row < min(r.hi*64, 700); row++ {
			if m.Has(row) {
				want = append(want, int32(row))
			}
		}
		for _, size := range []int{1, 5, 8, 64} {
			var got []int32
			ch := m.Chunks(r.lo, r.hi, size)
			ch.Start()
			for ids := ch.Cur(); len(ids) > 0; ids = ch.Advance() {
				ahead := slices.Clone(ch.Ahead())
				got = append(got, ids...)
				if next := ch.Advance(); !slices.Equal(next, ahead) {
					t.Fatalf("chunks of %d: Ahead listed %v, the next chunk is %v", size, ahead, next)
				} else {
					got = append(got, next...)
				}
				if len(ch.Cur()) == 0 {
					break
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("words [%d, %d), RowChunks of %d: %d rows listed, want %d", r.lo, r.hi, size, len(got), len(want))
			}
		}
		for _, size := range []int{1, 5, 16, 64, 200} {
			var got []int32
			buf := make([]int32, size)
			scan := m.Scan(r.lo, r.hi)
			for ids := scan.Next(buf); len(ids) > 0; ids = scan.Next(buf) {
				got = append(got, ids...)
			}
			if !slices.Equal(got, want) {
				t.Errorf("words [%d, %d), chunks of %d: %d rows listed, want %d", r.lo, r.hi, size, len(got), len(want))
			}
		}
	}
}
