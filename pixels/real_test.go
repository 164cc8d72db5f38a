package pixels_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/pixels/pixelstest"
)

// hash32 and perturb mirror the generator the golden values were computed
// with in Python (see helpers_test.go).
func hash32(x, y, c, seed int) uint32 {
	h := uint32(x)*73856093 ^ uint32(y)*19349663 ^ uint32(c)*83492791 ^ uint32(seed)*2654435761
	h ^= h >> 13
	h *= 0x5bd1e995
	h ^= h >> 15
	return h
}

// perturb adds hashed noise of ±amp levels to an 8-bit image, clipping.
func perturb(img *pixels.Image, seed, amp int) *pixels.Image {
	out := pixels.New(img.W, img.H, img.C)
	for y := range img.H {
		for x := range img.W {
			for c := range img.C {
				i := (y*img.W+x)*img.C + c
				l := int(math.Round(float64(img.Pix[i])*255)) + int(hash32(x, y, c, seed)%uint32(2*amp+1)) - amp
				out.Pix[i] = float32(min(255, max(0, l))) / 255
			}
		}
	}
	return out
}

func TestMetricsOnRealCropsMatchScikitImage(t *testing.T) {
	// Golden values from scikit-image 0.19.3 on the 256×256 centre crops
	// (structural_similarity as in TestSSIMGolden, peak_signal_noise_ratio
	// with data_range=1).
	for _, tc := range []struct {
		name       string
		data       []byte
		seed       int
		ssim, psnr float64
	}{
		{"camera.png", assets.Camera, 5, 0.6220040841453228, 26.84547466824025},
		{"coffee.png", assets.Coffee, 6, 0.5580232895759037, 27.144388135210015},
	} {
		img, err := pixels.Decode(bytes.NewReader(tc.data), tc.name)
		if err != nil {
			t.Fatal(err)
		}
		gt, err := pixels.CenterCrop(img, 256, 256)
		if err != nil {
			t.Fatal(err)
		}
		pred := perturb(gt, tc.seed, 20)
		s, err := pixels.SSIM(pred, gt)
		if err != nil {
			t.Fatal(err)
		}
		p, err := pixels.PSNR(pred, gt)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(s-tc.ssim) > 1e-9 || math.Abs(p-tc.psnr) > 1e-9 {
			t.Errorf("%s: SSIM %.12f PSNR %.12f, scikit-image %.12f %.12f", tc.name, s, p, tc.ssim, tc.psnr)
		}
	}
}

func TestLoadRealImages(t *testing.T) {
	for _, tc := range []struct {
		name    string
		w, h, c int
	}{
		{"camera.png", 512, 512, 1},
		{"astronaut.png", 512, 512, 3},
		{"coffee.png", 600, 400, 3},
		{"chelsea.png", 451, 300, 3},
		{"rocket.jpg", 640, 427, 3},
		{"hubble_deep_field.jpg", 1000, 872, 3},
		{"retina.jpg", 1411, 1411, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img := pixelstest.RealImage(t, tc.name)
			if img.W != tc.w || img.H != tc.h || img.C != tc.c {
				t.Fatalf("%d×%d×%d, want %d×%d×%d", img.W, img.H, img.C, tc.w, tc.h, tc.c)
			}
			var lo, hi float32 = 1, 0
			for _, v := range img.Pix {
				lo, hi = min(lo, v), max(hi, v)
			}
			if lo < 0 || hi > 1 || hi-lo < 0.5 {
				t.Errorf("samples span [%v, %v]; want a real picture within [0,1]", lo, hi)
			}
		})
	}
}
