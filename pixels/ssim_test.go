package pixels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ssimReference is a direct float64 SSIM: for every pixel whose 11×11
// window fits, weighted means, variances and covariance under the 2-D
// Gaussian exp(−(i²+j²)/(2·1.5²)) normalised over the window; the map is
// averaged, then the channels.
func ssimReference(pred, gt *Image) float64 {
	const r, sigma = 5, 1.5
	var win [2*r + 1][2*r + 1]float64
	var wsum float64
	for i := -r; i <= r; i++ {
		for j := -r; j <= r; j++ {
			win[i+r][j+r] = math.Exp(-float64(i*i+j*j) / (2 * sigma * sigma))
			wsum += win[i+r][j+r]
		}
	}
	c1, c2 := 0.01*0.01, 0.03*0.03
	var total float64
	for c := range gt.C {
		var sum float64
		n := 0
		for y := r; y < gt.H-r; y++ {
			for x := r; x < gt.W-r; x++ {
				var mx, my, sxx, syy, sxy float64
				for i := -r; i <= r; i++ {
					for j := -r; j <= r; j++ {
						g := win[i+r][j+r] / wsum
						k := ((y+i)*gt.W+x+j)*gt.C + c
						a := math.Min(math.Max(float64(pred.Pix[k]), 0), 1)
						b := float64(gt.Pix[k])
						mx += g * a
						my += g * b
						sxx += g * a * a
						syy += g * b * b
						sxy += g * a * b
					}
				}
				vx, vy, vxy := sxx-mx*mx, syy-my*my, sxy-mx*my
				sum += (2*mx*my + c1) * (2*vxy + c2) / ((mx*mx + my*my + c1) * (vx + vy + c2))
				n++
			}
		}
		total += sum / float64(n)
	}
	return total / float64(gt.C)
}

func TestSSIMMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, sz := range [][3]int{{11, 11, 1}, {12, 17, 3}, {31, 14, 1}, {25, 25, 3}} {
		w, h, c := sz[0], sz[1], sz[2]
		gt := randImage(rng, w, h, c)
		pred := New(w, h, c)
		for i, v := range gt.Pix { // correlated, with some samples outside [0,1]
			pred.Pix[i] = v + 0.3*(rng.Float32()-0.5)
		}
		got, err := SSIM(pred, gt)
		if err != nil {
			t.Fatal(err)
		}
		if want := ssimReference(pred, gt); math.Abs(got-want) > 1e-12 {
			t.Errorf("%d×%d×%d: SSIM = %.15f, reference %.15f", w, h, c, got, want)
		}
		if s, _ := SSIM(gt, gt); math.Abs(s-1) > 1e-12 {
			t.Errorf("%d×%d×%d: SSIM of identical images = %v", w, h, c, s)
		}
	}
}

func TestSSIMGolden(t *testing.T) {
	// Golden values: skimage.metrics.structural_similarity(pred, gt,
	// gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
	// data_range=1, channel_axis=2), scikit-image 0.19.3, on the same
	// images converted to float64.
	for _, tc := range []struct {
		w, h, c, seed, pseed, amp int
		want                      float64
	}{
		{37, 23, 1, 1, 2, 10, 0.9131914501689893},
		{64, 48, 3, 3, 4, 25, 0.7024987273650659},
	} {
		g := synth8(tc.w, tc.h, tc.c, tc.seed)
		gt := fromLevels(g, tc.w, tc.h, tc.c)
		pred := fromLevels(perturb8(g, tc.w, tc.h, tc.c, tc.pseed, tc.amp), tc.w, tc.h, tc.c)
		s, err := SSIM(pred, gt)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(s-tc.want) > 1e-9 {
			t.Errorf("%d×%d×%d: SSIM = %.12f, scikit-image %.12f", tc.w, tc.h, tc.c, s, tc.want)
		}
	}
}

func TestSSIMReusesScratch(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	a, b := randImage(rng, 40, 30, 3), randImage(rng, 40, 30, 3)
	small, smallB := randImage(rng, 12, 12, 1), randImage(rng, 12, 12, 1)
	first, _ := SSIM(a, b)
	SSIM(small, smallB) // shrink and regrow the pooled scratch
	if again, _ := SSIM(a, b); again != first {
		t.Errorf("SSIM changed between calls: %v then %v", first, again)
	}
}

func TestSSIMDoesNotAllocateWhenWarm(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	a, b := randImage(rng, 64, 48, 3), randImage(rng, 64, 48, 3)
	if n := testing.AllocsPerRun(20, func() { SSIM(a, b) }); n != 0 {
		t.Errorf("SSIM allocates %v times per call", n)
	}
}
