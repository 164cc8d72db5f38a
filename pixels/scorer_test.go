package pixels

import (
	"math/rand/v2"
	"testing"
)

// band returns rows [y0, y0+n) of img.
func band(img *Image, y0, n int) *Image {
	b := New(img.W, n, img.C)
	copy(b.Pix, img.Pix[y0*img.W*img.C:(y0+n)*img.W*img.C])
	return b
}

// TestScorerMatchesWholePicture feeds pictures in uneven bands and checks
// that PSNR and SSIM come out exactly as the whole-picture functions give.
func TestScorerMatchesWholePicture(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct{ w, h, ch int }{{31, 17, 3}, {12, 40, 1}, {11, 11, 3}} {
		gt := randImage(rng, c.w, c.h, c.ch)
		pred := randImage(rng, c.w, c.h, c.ch)
		for i := range pred.Pix {
			pred.Pix[i] = 0.8*gt.Pix[i] + 0.3*pred.Pix[i] - 0.05 // some values outside [0,1]
		}
		wantP, _ := PSNR(pred, gt)
		wantS, err := SSIM(pred, gt)
		if err != nil {
			t.Fatal(err)
		}
		s, err := NewScorer(c.w, c.h, c.ch)
		if err != nil {
			t.Fatal(err)
		}
		for y := 0; y < c.h; {
			n := min(1+rng.IntN(7), c.h-y)
			if _, err := s.SSIM(); err == nil {
				t.Fatal("SSIM before the last row: no error")
			}
			if err := s.Add(band(pred, y, n), band(gt, y, n)); err != nil {
				t.Fatal(err)
			}
			y += n
		}
		gotS, err := s.SSIM()
		if err != nil {
			t.Fatal(err)
		}
		if s.PSNR() != wantP || gotS != wantS {
			t.Errorf("%d×%d×%d: PSNR %v SSIM %v, want %v and %v", c.w, c.h, c.ch, s.PSNR(), gotS, wantP, wantS)
		}
		if err := s.Add(band(pred, 0, 1), band(gt, 0, 1)); err == nil {
			t.Error("a row past the end: no error")
		}
	}
	if _, err := NewScorer(0, 5, 3); err == nil {
		t.Error("an empty picture: no error")
	}
	s, _ := NewScorer(5, 5, 1)
	img := New(5, 5, 1)
	if err := s.Add(img, img); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SSIM(); err == nil {
		t.Error("SSIM of a 5×5 picture: no error")
	}
}
