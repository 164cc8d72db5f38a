package nn

import "testing"

func TestSumInto(t *testing.T) {
	n := 100_005
	src := make([][]float32, 3)
	for w := range src {
		src[w] = make([]float32, n)
		for i := range src[w] {
			src[w][i] = float32((w+1)*i%17) * 0.25
		}
	}
	dst := make([]float32, n)
	SumInto(dst, src)
	for i := range dst {
		want := (src[0][i] + src[1][i]) + src[2][i]
		if dst[i] != want {
			t.Fatalf("index %d: %g, want %g", i, dst[i], want)
		}
	}
	// In place into the first source.
	want := append([]float32(nil), dst...)
	SumInto(src[0], src)
	for i := range want {
		if src[0][i] != want[i] {
			t.Fatalf("in place, index %d: %g, want %g", i, src[0][i], want[i])
		}
	}
	SumInto(dst, nil)
	for i, v := range dst {
		if v != 0 {
			t.Fatalf("no sources: index %d is %g", i, v)
		}
	}
}
