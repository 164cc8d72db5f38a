package pixels

import (
	"math"
	"testing"
)

func TestPSNRKnownValues(t *testing.T) {
	gt, pred := New(3, 2, 3), New(3, 2, 3)
	for i := range gt.Pix {
		gt.Pix[i], pred.Pix[i] = 0.5, 0.6
	}
	p, err := PSNR(pred, gt)
	if err != nil {
		t.Fatal(err)
	}
	// MSE = 0.1² in float32 arithmetic of 0.6−0.5.
	d := float64(float32(0.6)) - float64(float32(0.5))
	if want := -10 * math.Log10(d*d); math.Abs(p-want) > 1e-12 {
		t.Errorf("PSNR = %v, want %v", p, want)
	}
	// Out-of-range predictions are clipped: 1.7 against 1 and −3 against 0
	// cost nothing, so one wrong sample of 0.5 sets the MSE.
	for i := range gt.Pix {
		gt.Pix[i], pred.Pix[i] = float32(i%2), []float32{-3, 1.7}[i%2]
	}
	pred.Pix[4] = 0.5
	if p, _ := PSNR(pred, gt); math.Abs(p-(-10*math.Log10(0.25/18))) > 1e-9 {
		t.Errorf("clipped PSNR = %v, want %v", p, -10*math.Log10(0.25/18))
	}
	if p, _ := PSNR(gt, gt); !math.IsInf(p, 1) {
		t.Errorf("PSNR of identical images = %v, want +Inf", p)
	}
}

func TestPSNRGolden(t *testing.T) {
	// Golden values: skimage.metrics.peak_signal_noise_ratio(gt, pred,
	// data_range=1), scikit-image 0.19.3, on the same images as float64.
	for _, tc := range []struct {
		w, h, c, seed, pseed, amp int
		want                      float64
	}{
		{37, 23, 1, 1, 2, 10, 32.45168358090455},
		{64, 48, 3, 3, 4, 25, 24.751555180125806},
	} {
		g := synth8(tc.w, tc.h, tc.c, tc.seed)
		gt := fromLevels(g, tc.w, tc.h, tc.c)
		pred := fromLevels(perturb8(g, tc.w, tc.h, tc.c, tc.pseed, tc.amp), tc.w, tc.h, tc.c)
		p, err := PSNR(pred, gt)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(p-tc.want) > 1e-9 {
			t.Errorf("%d×%d×%d: PSNR = %.12f, scikit-image %.12f", tc.w, tc.h, tc.c, p, tc.want)
		}
	}
}

func TestMetricErrors(t *testing.T) {
	for _, f := range []struct {
		name string
		fn   func(a, b *Image) (float64, error)
	}{{"PSNR", PSNR}, {"SSIM", SSIM}} {
		if _, err := f.fn(New(12, 12, 3), New(12, 12, 1)); err == nil {
			t.Errorf("%s: no error for different channel counts", f.name)
		}
		if _, err := f.fn(New(12, 13, 1), New(13, 12, 1)); err == nil {
			t.Errorf("%s: no error for different sizes", f.name)
		}
		if _, err := f.fn(New(0, 0, 1), New(0, 0, 1)); err == nil {
			t.Errorf("%s: no error for empty images", f.name)
		}
	}
	if _, err := SSIM(New(10, 40, 1), New(10, 40, 1)); err == nil {
		t.Error("SSIM: no error for an image narrower than the window")
	}
}
