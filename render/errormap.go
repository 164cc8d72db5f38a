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

	"github.com/neurbf/neurbf/internal/selectk"
	"github.com/neurbf/neurbf/pixels"
)

// autoPercentile is the error percentile used as the top of the scale when
// no top is given: high enough to show the structure of the error, low
// enough that a few outlier pixels do not wash the map out. The pixels
// above it are not hidden: they take ClipColour and the bar counts them.
const autoPercentile = 99.5

// barGap is the white space between an error map and its colour bar.
const barGap = 6

// ClipColour marks the pixels whose error is above the top of the
// scale, in error maps and on their colour bars: magenta, a colour that
// viridis never takes, so saturated pixels are never mistaken for the
// largest error on the scale.
var ClipColour = color.NRGBA{R: 255, G: 0, B: 255, A: 255}

// ErrorStats describes the error of a prediction against its ground
// truth and the colour scale an error map draws it with. ErrorScale
// measures it; ErrorMap and ColourBar draw with it, and so can another
// renderer (the viewer) that wants the same scale: a pixel's colour is
// Colour(its error).
type ErrorStats struct {
	// Reduction names the per-pixel error: "|error|" for one channel,
	// "|error|, mean over RGB" for three (the mean of the absolute
	// differences, the prediction clipped to [0,1] first, as for PSNR).
	Reduction string
	// Top is the error at the top of the colour scale (> 0).
	Top float64
	// Rule says how Top was chosen, for the legend: "99.5th percentile",
	// "maximum" (when that percentile is 0), "1/255: no error" (identical
	// images) or "given" (the caller's).
	Rule string
	// Max is the largest per-pixel error, which may lie above Top.
	Max float64
	// Clipped is the number of pixels whose error is above Top, out of
	// Pixels.
	Clipped, Pixels int
}

// ClippedFraction returns the fraction of pixels above the top of the
// scale, in [0,1].
func (s ErrorStats) ClippedFraction() float64 {
	if s.Pixels == 0 {
		return 0
	}
	return float64(s.Clipped) / float64(s.Pixels)
}

// Colour returns the error map's colour for a per-pixel error e:
// Viridis(e/Top) up to Top, ClipColour above it.
func (s ErrorStats) Colour(e float64) color.NRGBA {
	if e > s.Top {
		return ClipColour
	}
	return Viridis(e / s.Top)
}

// ErrorScale measures the per-pixel error of pred against gt (see
// ErrorStats.Reduction) and chooses the top of the colour scale: top if
// it is positive, otherwise automatically, the 99.5th percentile of the
// errors, or their maximum if that percentile is 0, or 1/255 (one 8-bit
// level) for identical images, so the scale is never empty. It returns an
// error for nil, empty or mismatched images and a top that is NaN or
// infinite.
func ErrorScale(pred, gt *pixels.Image, top float64) (ErrorStats, error) {
	errs, err := absErrors(pred, gt, top)
	if err != nil {
		return ErrorStats{}, err
	}
	return errorStats(errs, gt.C, top), nil
}

// ErrorMap draws the per-pixel absolute error between a prediction and the
// ground truth (see ErrorScale for the error and for maxErr, the top of
// the scale, ≤ 0 for automatic): errors up to the top through Viridis,
// those above it in ClipColour. The map occupies the rectangle
// (0,0)–(W,H) of the result; the colour bar (ColourBar) stands to its
// right, on white, and the picture is taller than H when the bar needs
// more room than the map gives it.
func ErrorMap(pred, gt *pixels.Image, maxErr float64) (*image.NRGBA, error) {
	errs, err := absErrors(pred, gt, maxErr)
	if err != nil {
		return nil, err
	}
	s := errorStats(errs, gt.C, maxErr)
	w, h := gt.W, gt.H
	bar := ColourBar(s, h)
	bb := bar.Bounds()
	dst := whiteCanvas(w+barGap+bb.Dx(), max(h, bb.Dy()))
	for p, e := range errs {
		dst.SetNRGBA(p%w, p/w, s.Colour(e))
	}
	draw.Draw(dst, bb.Add(image.Pt(w+barGap, 0)), bar, image.Point{}, draw.Src)
	return dst, nil
}

// ColourBar returns the legend of an error map drawn with s, at least h
// pixels tall (taller when its text needs more room; text and layout
// enlarged beside tall maps, see textScale): the reduction and
// the rule that chose the top, the true maximum, a ClipColour swatch with
// the share of pixels above the top, and the viridis bar from the top
// down to 0 with labelled ticks.
func ColourBar(s ErrorStats, h int) *image.NRGBA {
	spec := errorBarSpec(s)
	return spec.drawScaled(h)
}

// errorBarSpec returns the text and colours of ColourBar's panel.
func errorBarSpec(s ErrorStats) barSpec {
	return barSpec{
		header: []string{
			s.Reduction,
			"top: " + s.Rule,
			"max " + strconv.FormatFloat(s.Max, 'g', 3, 64),
		},
		clipLabel:  percent(s.ClippedFraction(), s.Clipped) + " above " + strconv.FormatFloat(s.Top, 'g', 3, 64),
		clipColour: ClipColour,
		colour:     Viridis,
		top:        s.Top,
	}
}

// percent formats the fraction f of pixels (count of them) as a
// percentage with the digits that matter: "12 %", "4.7 %", "0.38 %", and
// "<0.01 %" for a few pixels rather than a misleading 0.
func percent(f float64, count int) string {
	p := 100 * f
	var s string
	switch {
	case count == 0:
		s = "0"
	case p < 0.01:
		s = "<0.01"
	case p < 1:
		s = strconv.FormatFloat(p, 'f', 2, 64)
	case p < 10:
		s = strconv.FormatFloat(p, 'f', 1, 64)
	default:
		s = strconv.FormatFloat(p, 'f', 0, 64)
	}
	return s + " %"
}

// absErrors checks the arguments of ErrorScale and ErrorMap and returns
// the per-pixel errors.
func absErrors(pred, gt *pixels.Image, top float64) ([]float64, error) {
	if pred == nil || gt == nil {
		return nil, errors.New("render: error map of a nil image")
	}
	if pred.W != gt.W || pred.H != gt.H || pred.C != gt.C {
		return nil, fmt.Errorf("render: error map of %dx%dx%d prediction against %dx%dx%d ground truth",
			pred.W, pred.H, pred.C, gt.W, gt.H, gt.C)
	}
	if math.IsNaN(top) || math.IsInf(top, 0) {
		return nil, fmt.Errorf("render: error map scale %v is not finite", top)
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
	return errs, nil
}

// errorStats returns the statistics of the per-pixel errors errs of a
// c-channel image, with the scale's top chosen as ErrorScale says.
func errorStats(errs []float64, c int, top float64) ErrorStats {
	s := ErrorStats{Reduction: "|error|", Pixels: len(errs), Max: slices.Max(errs)}
	switch c {
	case 1:
	case 3:
		s.Reduction += ", mean over RGB"
	default:
		s.Reduction += ", mean over " + strconv.Itoa(c) + " channels"
	}
	if top > 0 {
		s.Top, s.Rule = top, "given"
	} else {
		s.Top, s.Rule = autoScale(slices.Clone(errs))
	}
	for _, e := range errs {
		if e > s.Top {
			s.Clipped++
		}
	}
	return s
}

// autoScale returns the automatic top of the error scale for errs
// (non-negative, not NaN), which it reorders, and the rule that gave it.
func autoScale(errs []float64) (float64, string) {
	// Nearest-rank percentile.
	rank := int(math.Ceil(autoPercentile / 100 * float64(len(errs))))
	if v := selectk.Float64s(errs, max(rank-1, 0)); v > 0 {
		return v, strconv.FormatFloat(autoPercentile, 'f', -1, 64) + "th percentile"
	}
	if v := slices.Max(errs); v > 0 {
		return v, "maximum"
	}
	return 1.0 / 255, "1/255: no error"
}
