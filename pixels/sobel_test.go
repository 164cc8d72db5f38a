package pixels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// sobelReference pads img by replication, correlates every channel with
// the two 3×3 Sobel kernels and returns √Σ_c(gx²+gy²) per pixel.
func sobelReference(img *Image) []float64 {
	kx := [3][3]float64{{-1, 0, 1}, {-2, 0, 2}, {-1, 0, 1}}
	pw, ph := img.W+2, img.H+2
	pad := make([]float64, pw*ph*img.C)
	for y := range ph {
		for x := range pw {
			sx, sy := min(max(x-1, 0), img.W-1), min(max(y-1, 0), img.H-1)
			for c := range img.C {
				pad[(y*pw+x)*img.C+c] = float64(img.Pix[(sy*img.W+sx)*img.C+c])
			}
		}
	}
	out := make([]float64, img.W*img.H)
	for y := range img.H {
		for x := range img.W {
			var s float64
			for c := range img.C {
				var gx, gy float64
				for i := range 3 {
					for j := range 3 {
						v := pad[((y+i)*pw+x+j)*img.C+c]
						gx += kx[i][j] * v
						gy += kx[j][i] * v
					}
				}
				s += gx*gx + gy*gy
			}
			out[y*img.W+x] = math.Sqrt(s)
		}
	}
	return out
}

func TestSobelMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sz := range [][3]int{{1, 1, 1}, {2, 3, 3}, {9, 7, 1}, {16, 5, 3}} {
		img := randImage(rng, sz[0], sz[1], sz[2])
		got, want := SobelMagnitude(img), sobelReference(img)
		for i := range want {
			if math.Abs(float64(got[i])-want[i]) > 1e-6*(1+want[i]) {
				t.Fatalf("%v: pixel %d = %v, want %v", sz, i, got[i], want[i])
			}
		}
	}
}

func TestSobelOfRamp(t *testing.T) {
	// v = 0.01·x: gx = 8·0.01 inside (weights 1+2+1 times a difference
	// over two pixels) and 4·0.01 on the replicated left and right edges.
	img := New(6, 4, 1)
	for y := range 4 {
		for x := range 6 {
			img.Pix[y*6+x] = 0.01 * float32(x)
		}
	}
	g := SobelMagnitude(img)
	for y := range 4 {
		for x := range 6 {
			want := 0.08
			if x == 0 || x == 5 {
				want = 0.04
			}
			if math.Abs(float64(g[y*6+x])-want) > 1e-6 {
				t.Errorf("(%d,%d) = %v, want %v", x, y, g[y*6+x], want)
			}
		}
	}
}
