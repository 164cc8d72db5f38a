package pixels

import (
	"fmt"
	"math"
	"sync"
)

// SSIM constants (docs/METHOD.md §4, Wang et al. 2004): an 11×11 Gaussian
// window of σ = 1.5 (scikit-image truncates the Gaussian at 3.5σ, radius
// int(3.5·1.5+0.5) = 5), K1 = 0.01, K2 = 0.03, data range 1.
const (
	ssimRadius = 5
	ssimTaps   = 2*ssimRadius + 1
	ssimSigma  = 1.5
	ssimC1     = 0.01 * 0.01
	ssimC2     = 0.03 * 0.03
)

// ssimWeights is the normalised 1-D Gaussian window; the 2-D window is its
// outer product, applied separably.
var ssimWeights = func() [ssimTaps]float64 {
	var w [ssimTaps]float64
	var sum float64
	for k := range w {
		d := float64(k - ssimRadius)
		w[k] = math.Exp(-d * d / (2 * ssimSigma * ssimSigma))
		sum += w[k]
	}
	for k := range w {
		w[k] /= sum
	}
	return w
}()

// SSIM returns the mean structural similarity of pred against gt,
// averaged over channels. It is computed like scikit-image's
// structural_similarity(pred, gt, gaussian_weights=True, sigma=1.5,
// use_sample_covariance=False, data_range=1): Gaussian-weighted local
// means, variances and covariance, the SSIM map averaged over the pixels
// whose whole window lies inside the image (scikit-image's crop of 5
// pixels per side, so its border mode plays no part). As for PSNR, pred is
// clipped to [0,1] first. It fails when the images differ in shape or are
// smaller than the 11×11 window.
func SSIM(pred, gt *Image) (float64, error) {
	if err := sameShape(pred, gt); err != nil {
		return 0, err
	}
	if gt.W < ssimTaps || gt.H < ssimTaps {
		return 0, fmt.Errorf("pixels: SSIM needs images of at least %d×%d pixels, got %d×%d",
			ssimTaps, ssimTaps, gt.W, gt.H)
	}
	s := ssimPool.Get().(*ssimScratch)
	defer ssimPool.Put(s)
	s.grow(gt.W)
	var total float64
	for c := range gt.C {
		total += s.channel(pred, gt, c)
	}
	return total / float64(gt.C), nil
}

// ssimPool recycles the scratch of SSIM so that repeated calls on images
// of one width allocate nothing.
var ssimPool = sync.Pool{New: func() any { return new(ssimScratch) }}

// ssimScratch holds the working memory of one SSIM call. The five
// statistics are x, y, x², y² and xy, where x is the clipped prediction
// and y the reference.
type ssimScratch struct {
	in [5][]float64 // the statistics of one input row, W each
	// ring holds the horizontally filtered statistics of the last 11
	// input rows, (W−10) each: row y sits in slot y mod 11.
	ring [5][]float64
	acc  [5][]float64 // the fully filtered statistics of one output row
}

// grow sizes the scratch for images w pixels wide.
func (s *ssimScratch) grow(w int) {
	wv := w - 2*ssimRadius
	for q := range s.in {
		s.in[q] = resize(s.in[q], w)
		s.ring[q] = resize(s.ring[q], ssimTaps*wv)
		s.acc[q] = resize(s.acc[q], wv)
	}
}

// resize returns buf with length n, reusing its memory when large enough.
func resize(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// channel returns the mean SSIM of channel c over the valid interior.
// The separable Gaussian runs horizontally on each input row as it is
// read, then vertically over the ring of the last 11 filtered rows.
func (s *ssimScratch) channel(pred, gt *Image, c int) float64 {
	w, h, nc := gt.W, gt.H, gt.C
	wv := w - 2*ssimRadius
	var sum float64
	for y := range h {
		x, yy := s.in[0], s.in[1]
		for i := range w {
			k := (y*w+i)*nc + c
			x[i] = float64(clip01(pred.Pix[k]))
			yy[i] = float64(gt.Pix[k])
		}
		for i := range w {
			s.in[2][i] = x[i] * x[i]
			s.in[3][i] = yy[i] * yy[i]
			s.in[4][i] = x[i] * yy[i]
		}
		slot := y % ssimTaps
		for q := range s.in {
			gauss11(s.ring[q][slot*wv:(slot+1)*wv], s.in[q])
		}
		if y >= 2*ssimRadius {
			sum += s.outputRow(y-2*ssimRadius, wv)
		}
	}
	return sum / float64(wv*(h-2*ssimRadius))
}

// gauss11 writes to dst[i] the Gaussian-weighted sum of src[i:i+11], for
// every i < len(dst) = len(src)−10, using the symmetry of the weights.
func gauss11(dst, src []float64) {
	wt := &ssimWeights
	src = src[:len(dst)+2*ssimRadius]
	for i := range dst {
		v := src[i : i+ssimTaps : i+ssimTaps]
		dst[i] = wt[0]*(v[0]+v[10]) + wt[1]*(v[1]+v[9]) + wt[2]*(v[2]+v[8]) +
			wt[3]*(v[3]+v[7]) + wt[4]*(v[4]+v[6]) + wt[5]*v[5]
	}
}

// outputRow filters the ring vertically for output row y0 (input rows y0
// to y0+10) and returns the sum of the SSIM map over that row.
func (s *ssimScratch) outputRow(y0, wv int) float64 {
	wt := &ssimWeights
	var r [ssimTaps][]float64
	for q, acc := range s.acc {
		for k := range r {
			slot := (y0 + k) % ssimTaps
			r[k] = s.ring[q][slot*wv : (slot+1)*wv : (slot+1)*wv]
		}
		for i := range acc {
			acc[i] = wt[0]*(r[0][i]+r[10][i]) + wt[1]*(r[1][i]+r[9][i]) + wt[2]*(r[2][i]+r[8][i]) +
				wt[3]*(r[3][i]+r[7][i]) + wt[4]*(r[4][i]+r[6][i]) + wt[5]*r[5][i]
		}
	}
	ux, uy, uxx, uyy, uxy := s.acc[0], s.acc[1][:wv], s.acc[2][:wv], s.acc[3][:wv], s.acc[4][:wv]
	var sum float64
	for i, mx := range ux {
		my := uy[i]
		vx, vy, vxy := uxx[i]-mx*mx, uyy[i]-my*my, uxy[i]-mx*my
		sum += (2*mx*my + ssimC1) * (2*vxy + ssimC2) /
			((mx*mx + my*my + ssimC1) * (vx + vy + ssimC2))
	}
	return sum
}
