package pixels

import (
	"math"
	"testing"
)

func TestPixelCenter(t *testing.T) {
	for _, tc := range []struct {
		i, n int
		want float32
	}{
		{0, 4, -0.75}, {1, 4, -0.25}, {2, 4, 0.25}, {3, 4, 0.75},
		{0, 1, 0}, {0, 2, -0.5}, {1, 2, 0.5}, {2, 5, 0}, {0, 5, -0.8},
	} {
		if got := PixelCenter(tc.i, tc.n); math.Abs(float64(got-tc.want)) > 1e-7 {
			t.Errorf("PixelCenter(%d, %d) = %v, want %v", tc.i, tc.n, got, tc.want)
		}
	}
	for _, n := range []int{3, 48, 255, 1024} {
		for i := range n {
			if a, b := PixelCenter(i, n), PixelCenter(n-1-i, n); a != -b {
				t.Fatalf("n=%d: PixelCenter(%d) = %v is not −PixelCenter(%d) = %v", n, i, a, n-1-i, b)
			}
		}
	}
}
