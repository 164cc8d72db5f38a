package render

import (
	"fmt"

	"github.com/neurbf/neurbf/pixels"
)

// PixelWindow returns the region of the plane covered by columns [x, x+w)
// and rows [y, y+h) of a W×H picture, so that a w·s × h·s render of it is
// that window at scale s. It fails on an empty window or one that is not
// inside the picture.
func PixelWindow(W, H, x, y, w, h int) (Region, error) {
	if W <= 0 || H <= 0 || w <= 0 || h <= 0 || x < 0 || y < 0 || x+w > W || y+h > H {
		return Region{}, fmt.Errorf("render: window %d,%d %d×%d is not inside a %d×%d picture", x, y, w, h, W, H)
	}
	return Region{
		X0: -1 + 2*float64(x)/float64(W), X1: -1 + 2*float64(x+w)/float64(W),
		Y0: -1 + 2*float64(y)/float64(H), Y1: -1 + 2*float64(y+h)/float64(H),
	}, nil
}

// StreamResult is what Stream measured and drew.
type StreamResult struct {
	PSNR, SSIM float64
	// Recon and Ref are previews of the reconstruction and the reference:
	// each pixel the mean of a Factor×Factor block of the full picture
	// (partial blocks at the right and bottom edges average what they
	// hold).
	Recon, Ref *pixels.Image
	Factor     int
}

// Stream evaluates f over the whole of the W×H picture gt in bands of
// rows, never holding it whole: it scores the reconstruction against gt
// (pixels.Scorer: exactly the PSNR and SSIM of the whole picture) and
// box-averages both into previews whose larger side is at most
// previewSide. sink, if set, is given each band of the reconstruction in
// turn, top to bottom (for a Deep Zoom pyramid, say), so the picture is
// evaluated once for everything; its error stops the stream. progress, if
// set, is called after each band with the rows done and the total.
func Stream(f ImageFunc, gt *pixels.Raster, previewSide, threads int, sink func(band *pixels.Image) error, progress func(done, total int)) (StreamResult, error) {
	W, H, C := gt.W, gt.H, gt.C
	if previewSide < 1 {
		return StreamResult{}, fmt.Errorf("render: preview side %d is not positive", previewSide)
	}
	k := max(1, (max(W, H)+previewSide-1)/previewSide)
	pw, ph := (W+k-1)/k, (H+k-1)/k
	res := StreamResult{Factor: k, Recon: pixels.New(pw, ph, C), Ref: pixels.New(pw, ph, C)}
	sc, err := pixels.NewScorer(W, H, C)
	if err != nil {
		return res, err
	}
	rows := max(k, streamBandPixels/W/k*k) // whole preview rows

	rd := Renderer{Threads: threads}
	band := pixels.New(W, rows, C)
	for y := 0; y < H; y += rows {
		n := min(rows, H-y)
		band.H, band.Pix = n, band.Pix[:W*n*C]
		r, err := PixelWindow(W, H, 0, y, W, n)
		if err != nil {
			return res, err
		}
		rd.render(band, f, r)
		ref := gt.Region(0, y, W, n)
		if err := sc.Add(band, ref); err != nil {
			return res, err
		}
		if sink != nil {
			if err := sink(band); err != nil {
				return res, err
			}
		}
		boxInto(res.Recon, band, y/k, k)
		boxInto(res.Ref, ref, y/k, k)
		if progress != nil {
			progress(y+n, H)
		}
	}
	res.PSNR = sc.PSNR()
	if res.SSIM, err = sc.SSIM(); err != nil {
		res.SSIM = 0 // pictures smaller than SSIM's window have none
	}
	return res, nil
}

// streamBandPixels is about how many pixels a band of Stream holds.
var streamBandPixels = 4 << 20

// boxInto writes the k×k block means of band (whole preview rows, except
// perhaps at the bottom) into dst from preview row py on.
func boxInto(dst, band *pixels.Image, py, k int) {
	c := band.C
	for by := 0; by*k < band.H; by++ {
		for bx := 0; bx < dst.W; bx++ {
			var sum [3]float64
			cnt := 0
			for y := by * k; y < min((by+1)*k, band.H); y++ {
				for x := bx * k; x < min((bx+1)*k, band.W); x++ {
					p := band.Pix[(y*band.W+x)*c:]
					for q := range c {
						sum[q] += float64(p[q])
					}
					cnt++
				}
			}
			d := dst.Pix[((py+by)*dst.W+bx)*c:]
			for q := range c {
				d[q] = float32(sum[q] / float64(cnt))
			}
		}
	}
}
