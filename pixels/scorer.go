package pixels

import (
	"fmt"
	"math"
)

// Scorer measures PSNR and SSIM of a prediction against a reference fed
// to it in bands of whole rows, top to bottom, so that neither picture is
// ever held whole: a gigapixel image is scored with memory for one band
// and, per channel, SSIM's ring of 11 filtered rows. Fed the whole picture
// in any banding, it gives exactly what PSNR and SSIM give.
type Scorer struct {
	w, h, c int
	y       int       // rows fed so far
	sse     float64   // summed squared error
	ssim    []float64 // per channel, the SSIM map summed over finished rows
	scratch []*ssimScratch
}

// NewScorer returns a scorer for w×h pictures with c channels.
func NewScorer(w, h, c int) (*Scorer, error) {
	if w <= 0 || h <= 0 || c <= 0 {
		return nil, fmt.Errorf("pixels: cannot score %d×%d pictures with %d channels", w, h, c)
	}
	s := &Scorer{w: w, h: h, c: c, ssim: make([]float64, c)}
	if w >= ssimTaps && h >= ssimTaps {
		for range c {
			sc := new(ssimScratch)
			sc.grow(w)
			s.scratch = append(s.scratch, sc)
		}
	}
	return s, nil
}

// Add feeds the next band of rows: pred and gt hold the same whole rows
// (W wide, C channels) continuing where the last band ended. pred is
// clipped to [0,1], as PSNR and SSIM clip it. It fails on a band of the
// wrong shape or past the last row.
func (s *Scorer) Add(pred, gt *Image) error {
	if err := sameShape(pred, gt); err != nil {
		return err
	}
	if gt.W != s.w || gt.C != s.c || s.y+gt.H > s.h {
		return fmt.Errorf("pixels: a %d×%d×%d band does not continue a %d×%d×%d picture at row %d", gt.W, gt.H, gt.C, s.w, s.h, s.c, s.y)
	}
	for i, g := range gt.Pix {
		d := float64(clip01(pred.Pix[i])) - float64(g)
		s.sse += d * d
	}
	if s.scratch != nil {
		wv := s.w - 2*ssimRadius
		for r := range gt.H {
			y := s.y + r
			for c, sc := range s.scratch {
				x, yy := sc.in[0], sc.in[1]
				for i := range s.w {
					k := (r*s.w+i)*s.c + c
					x[i] = float64(clip01(pred.Pix[k]))
					yy[i] = float64(gt.Pix[k])
				}
				for i := range s.w {
					sc.in[2][i] = x[i] * x[i]
					sc.in[3][i] = yy[i] * yy[i]
					sc.in[4][i] = x[i] * yy[i]
				}
				slot := y % ssimTaps
				for q := range sc.in {
					gauss11(sc.ring[q][slot*wv:(slot+1)*wv], sc.in[q])
				}
				if y >= 2*ssimRadius {
					s.ssim[c] += sc.outputRow(y-2*ssimRadius, wv)
				}
			}
		}
	}
	s.y += gt.H
	return nil
}

// Rows returns how many rows have been fed.
func (s *Scorer) Rows() int { return s.y }

// PSNR returns the PSNR of the rows fed so far (+Inf when they are equal).
func (s *Scorer) PSNR() float64 {
	n := float64(s.y) * float64(s.w) * float64(s.c)
	if n == 0 {
		return math.NaN()
	}
	mse := s.sse / n
	if mse == 0 {
		return math.Inf(1)
	}
	return -10 * math.Log10(mse)
}

// SSIM returns the mean SSIM over channels once every row has been fed;
// it fails before that, and for pictures smaller than SSIM's window.
func (s *Scorer) SSIM() (float64, error) {
	if s.y != s.h {
		return 0, fmt.Errorf("pixels: SSIM needs all %d rows, %d fed", s.h, s.y)
	}
	if s.scratch == nil {
		return 0, fmt.Errorf("pixels: SSIM needs images of at least %d×%d pixels, got %d×%d",
			ssimTaps, ssimTaps, s.w, s.h)
	}
	wv := s.w - 2*ssimRadius
	var total float64
	for _, v := range s.ssim {
		total += v / float64(wv*(s.h-2*ssimRadius))
	}
	return total / float64(s.c), nil
}
