package render

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"slices"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/neurbf/neurbf/pixels"
)

// Layout of the scale bar to the right of an error map, in pixels.
const (
	barGap     = 6  // white space between the map and the bar
	barWidth   = 14 // width of the colour bar
	tickLength = 4  // tick marks to the right of the bar
	labelGap   = 2  // space between a tick and its label
	margin     = 3  // white space right of the widest label
	tickSpace  = 24 // fewest pixels between two labelled ticks
	maxTicks   = 4  // most intervals between labelled ticks
)

// autoPercentile is the error percentile used as the top of the scale when
// ErrorMap is given no maximum: high enough to show the structure of the
// error, low enough that a few outlier pixels do not wash the map out.
const autoPercentile = 99.5

// ErrorMap draws the per-pixel absolute error between a prediction and the
// ground truth: |pred − gt| averaged over channels (pred clipped to [0,1]
// first, as for PSNR), mapped through Viridis with maxErr at the top of the
// scale (larger errors saturate). A vertical scale bar with labelled ticks
// is drawn to the right of the map, on white; the map itself occupies
// the rectangle (0,0)–(W,H) of the result.
//
// maxErr ≤ 0 chooses the scale automatically: the 99.5th percentile of the
// errors, or their maximum if that percentile is 0, or 1/255 (one 8-bit
// level) for identical images, so the scale is never empty.
func ErrorMap(pred, gt *pixels.Image, maxErr float64) (*image.NRGBA, error) {
	if pred == nil || gt == nil {
		return nil, errors.New("render: error map of a nil image")
	}
	if pred.W != gt.W || pred.H != gt.H || pred.C != gt.C {
		return nil, fmt.Errorf("render: error map of %dx%dx%d prediction against %dx%dx%d ground truth",
			pred.W, pred.H, pred.C, gt.W, gt.H, gt.C)
	}
	if math.IsNaN(maxErr) || math.IsInf(maxErr, 0) {
		return nil, fmt.Errorf("render: error map scale %v is not finite", maxErr)
	}
	w, h, c := gt.W, gt.H, gt.C
	if w <= 0 || h <= 0 || c <= 0 {
		return nil, fmt.Errorf("render: error map of an empty %dx%dx%d image", w, h, c)
	}
	if len(pred.Pix) != w*h*c || len(gt.Pix) != w*h*c {
		panic(fmt.Sprintf("render: %dx%dx%d image with %d and %d samples", w, h, c, len(pred.Pix), len(gt.Pix)))
	}

	errs := make([]float64, w*h)
	for p := range errs {
		var s float64
		for k := p * c; k < (p+1)*c; k++ {
			s += math.Abs(float64(min(max(pred.Pix[k], 0), 1)) - float64(gt.Pix[k]))
		}
		errs[p] = s / float64(c)
	}
	if maxErr <= 0 {
		maxErr = autoScale(slices.Clone(errs))
	}

	labels := tickLabels(maxErr, h)
	labelW := 0
	for _, l := range labels {
		labelW = max(labelW, font.MeasureString(basicfont.Face7x13, l).Ceil())
	}
	barX := w + barGap
	total := barX + barWidth + tickLength + labelGap + labelW + margin
	dst := image.NewNRGBA(image.Rect(0, 0, total, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)

	for p, e := range errs {
		dst.SetNRGBA(p%w, p/w, Viridis(e/maxErr))
	}
	for y := range h {
		col := Viridis(1 - (float64(y)+0.5)/float64(h))
		for x := barX; x < barX+barWidth; x++ {
			dst.SetNRGBA(x, y, col)
		}
	}
	drawTicks(dst, labels, barX+barWidth, h)
	return dst, nil
}

// autoScale returns the automatic top of the error scale for errs
// (non-negative, not NaN), which it reorders.
func autoScale(errs []float64) float64 {
	// Nearest-rank percentile.
	rank := int(math.Ceil(autoPercentile / 100 * float64(len(errs))))
	if v := selectKth(errs, max(rank-1, 0)); v > 0 {
		return v
	}
	if v := slices.Max(errs); v > 0 {
		return v
	}
	return 1.0 / 255
}

// selectKth reorders v so that v[k] is the value a sort would put there,
// and returns it: Hoare's quickselect with a median-of-three pivot, linear
// time on average where sorting the whole error image would not be.
func selectKth(v []float64, k int) float64 {
	lo, hi := 0, len(v)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if v[mid] < v[lo] {
			v[mid], v[lo] = v[lo], v[mid]
		}
		if v[hi] < v[lo] {
			v[hi], v[lo] = v[lo], v[hi]
		}
		if v[hi] < v[mid] {
			v[hi], v[mid] = v[mid], v[hi]
		}
		pivot := v[mid]
		i, j := lo, hi
		for i <= j {
			for v[i] < pivot {
				i++
			}
			for pivot < v[j] {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k] // between the partitions: equal to the pivot
		}
	}
	return v[k]
}

// tickLabels returns the labels of the scale's ticks from the top (maxErr)
// down to 0, as many as fit a bar h pixels tall: up to maxTicks intervals
// at least tickSpace pixels apart, only the top label when no interval
// fits, none when not even one line of text fits.
func tickLabels(maxErr float64, h int) []string {
	if h < basicfont.Face7x13.Height {
		return nil
	}
	k := min(maxTicks, h/tickSpace)
	if k == 0 {
		return []string{strconv.FormatFloat(maxErr, 'g', 3, 64)}
	}
	labels := make([]string, k+1)
	for i := range labels {
		labels[i] = strconv.FormatFloat(maxErr*float64(k-i)/float64(k), 'g', 3, 64)
	}
	return labels
}

// drawTicks draws the tick marks and labels right of x on a bar h pixels
// tall, labels[0] at the top and the last at the bottom, evenly spaced.
func drawTicks(dst *image.NRGBA, labels []string, x, h int) {
	face := basicfont.Face7x13
	d := font.Drawer{Dst: dst, Src: image.Black, Face: face}
	for i, l := range labels {
		y := 0
		if len(labels) > 1 {
			y = int(math.Round(float64(i) / float64(len(labels)-1) * float64(h-1)))
		}
		for t := x; t < x+tickLength; t++ {
			dst.SetNRGBA(t, y, color.NRGBA{A: 255})
		}
		// Centre the text on the tick, kept inside the canvas.
		base := y + face.Ascent - face.Height/2
		base = min(max(base, face.Ascent), h-face.Descent)
		d.Dot = fixed.P(x+tickLength+labelGap, base)
		d.DrawString(l)
	}
}
