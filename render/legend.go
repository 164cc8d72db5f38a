package render

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"

	"github.com/neurbf/neurbf/pixels"
)

// Text of the figures: basicfont's 7×13 bitmap face (printable ASCII
// only), pure Go and sharp at any picture size.
var face = basicfont.Face7x13

// lineHeight is the height of one line of text, in pixels.
var lineHeight = face.Height

// Layout of a colour bar panel, in pixels.
const (
	barPad     = 3  // white space around the panel's content
	barWidth   = 14 // width of the colour bar (and of the clip swatch)
	tickLength = 4  // tick marks right of the bar
	labelGap   = 3  // space between a tick and its label
	blockGap   = 5  // space between the header, the swatch and the bar
	tickSpace  = 24 // fewest pixels between two labelled ticks
	maxTicks   = 4  // most intervals between labelled ticks
	minBar     = 40 // shortest colour bar drawn, whatever the height asked
)

// textScale returns the factor by which the text and the legends beside
// (or above) a picture h pixels tall are enlarged: 1 up to 1023 rows, then
// one more per 512, so that a figure shown at page width still has
// legible text.
func textScale(h int) int { return max(1, h/512) }

// upscale returns m enlarged k times by pixel replication (m itself for
// k = 1): bitmap text stays sharp.
func upscale(m *image.NRGBA, k int) *image.NRGBA {
	if k == 1 {
		return m
	}
	b := m.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, k*b.Dx(), k*b.Dy()))
	for y := range dst.Rect.Dy() {
		src := m.Pix[(y/k)*m.Stride:]
		row := dst.Pix[y*dst.Stride:]
		for x := range dst.Rect.Dx() {
			copy(row[4*x:4*x+4], src[4*(x/k):4*(x/k)+4])
		}
	}
	return dst
}

// textWidth returns the width of s in pixels.
func textWidth(s string) int { return font.MeasureString(face, s).Ceil() }

// drawText draws s in col with its top-left corner at (x, top).
func drawText(dst draw.Image, x, top int, s string, col color.Color) {
	d := font.Drawer{Dst: dst, Src: image.NewUniform(col), Face: face, Dot: fixed.P(x, top+face.Ascent)}
	d.DrawString(s)
}

// whiteCanvas returns a w×h white picture.
func whiteCanvas(w, h int) *image.NRGBA {
	dst := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	return dst
}

// barSpec describes a vertical colour bar panel: header lines, an
// optional swatch of the colour of values beyond the scale, and the bar
// with labelled ticks from the value at its top to the one at its bottom.
type barSpec struct {
	header      []string
	clipLabel   string      // text beside the clip swatch; "" draws none
	clipColour  color.NRGBA // the swatch's colour
	colour      func(t float64) color.NRGBA
	top, bottom float64                         // values at the ends; colour(1) at the top
	evenTicks   bool                            // an even number of intervals, so the middle has a tick
	note        func(v float64, end int) string // text after a tick's value: end −1 bottom, 1 top, 0 other
	signed      bool                            // write positive values with a '+'
}

// drawScaled is draw with its text and layout enlarged textScale(h)
// times, so that a legend beside a large picture stays readable when the
// figure is shown shrunk.
func (s *barSpec) drawScaled(h int) *image.NRGBA {
	k := textScale(h)
	return upscale(s.draw(h/k), k)
}

// draw returns the panel, at least h pixels tall: taller when the header,
// the swatch and a bar of minBar pixels need more.
func (s *barSpec) draw(h int) *image.NRGBA {
	barTop := barPad + len(s.header)*lineHeight
	if len(s.header) > 0 {
		barTop += blockGap
	}
	swatchTop := barTop
	if s.clipLabel != "" {
		barTop += lineHeight + blockGap
	}
	h = max(h, barTop+minBar+lineHeight/2+barPad)
	barBot := h - lineHeight/2 - barPad // labels centred on the end ticks stay inside
	barLen := barBot - barTop

	labels := s.labels(barLen)
	k := len(labels) - 1

	w := 0
	for _, l := range s.header {
		w = max(w, textWidth(l))
	}
	if s.clipLabel != "" {
		w = max(w, barWidth+labelGap+textWidth(s.clipLabel))
	}
	for _, l := range labels {
		w = max(w, barWidth+tickLength+labelGap+textWidth(l))
	}
	dst := whiteCanvas(w+2*barPad, h)
	x0 := barPad

	for i, l := range s.header {
		drawText(dst, x0, barPad+i*lineHeight, l, color.Black)
	}
	if s.clipLabel != "" {
		box := image.Rect(x0, swatchTop+1, x0+barWidth, swatchTop+lineHeight-1)
		draw.Draw(dst, box, image.NewUniform(s.clipColour), image.Point{}, draw.Src)
		drawText(dst, x0+barWidth+labelGap, swatchTop, s.clipLabel, color.Black)
	}
	for y := barTop; y < barBot; y++ {
		col := s.colour(1 - (float64(y-barTop)+0.5)/float64(barLen))
		for x := x0; x < x0+barWidth; x++ {
			dst.SetNRGBA(x, y, col)
		}
	}
	for i, l := range labels {
		y := barTop + int(math.Round(float64(i)/float64(k)*float64(barLen-1)))
		for x := x0 + barWidth; x < x0+barWidth+tickLength; x++ {
			dst.SetNRGBA(x, y, color.NRGBA{A: 255})
		}
		drawText(dst, x0+barWidth+tickLength+labelGap, y-lineHeight/2, l, color.Black)
	}
	return dst
}

// labels returns the tick labels of a bar barLen pixels long, from the
// top down: up to maxTicks intervals at least tickSpace pixels apart
// (always at least one), even in number when asked.
func (s *barSpec) labels(barLen int) []string {
	k := min(maxTicks, barLen/tickSpace)
	if s.evenTicks && k%2 == 1 {
		k--
	}
	k = max(k, 1)
	labels := make([]string, k+1)
	for i := range labels {
		v := s.top + (s.bottom-s.top)*float64(i)/float64(k)
		if math.Abs(v) < 1e-12*max(math.Abs(s.top), math.Abs(s.bottom)) {
			v = 0 // the middle of a symmetric scale, without rounding noise
		}
		l := strconv.FormatFloat(v, 'g', 3, 64)
		if s.signed && v > 0 {
			l = "+" + l
		}
		end := 0
		if i == 0 {
			end = 1
		} else if i == k {
			end = -1
		}
		if s.note != nil {
			if n := s.note(v, end); n != "" {
				l += " " + n
			}
		}
		labels[i] = l
	}
	return labels
}

// DepthRange returns the eye distances at the two ends of the Depth
// mode's colour scale for this camera, near (yellow) and far (purple):
// those of the nearest and farthest points of the unit ball about the
// origin. Depths outside the range saturate.
func (c Camera) DepthRange() (near, far float64) {
	f := c.frame(1, 1)
	return f.depthRange()
}

// DepthBar returns the legend of a Depth view: the viridis scale from
// near (top, yellow) to far (bottom, purple) with the distances from the
// eye labelled, at least h pixels tall. Take near and far from
// Camera.DepthRange, and place the legend right of the view with Side.
func DepthBar(near, far float64, h int) *image.NRGBA {
	s := depthBarSpec(near, far)
	return s.drawScaled(h)
}

// depthBarSpec returns the text and colours of DepthBar's panel.
func depthBarSpec(near, far float64) barSpec {
	return barSpec{
		header: []string{"depth: distance", "from the eye"},
		colour: Viridis,
		top:    near, bottom: far,
		note: func(_ float64, end int) string {
			switch end {
			case 1:
				return "near"
			case -1:
				return "far"
			}
			return ""
		},
	}
}

// SliceBar returns the legend of an SDF slice coloured as the viewer's
// slice mode colours it: Viridis(0.5 + sdf/(2r)), so −r (inside) is
// purple at the bottom, the surface (0) the middle and +r (outside)
// yellow at the top; values beyond ±r saturate. It is at least h pixels
// tall.
func SliceBar(r float64, h int) *image.NRGBA {
	s := sliceBarSpec(r)
	return s.drawScaled(h)
}

// sliceBarSpec returns the text and colours of SliceBar's panel.
func sliceBarSpec(r float64) barSpec {
	return barSpec{
		header: []string{"signed distance"},
		colour: Viridis,
		top:    r, bottom: -r,
		evenTicks: true,
		signed:    true,
		note: func(v float64, _ int) string {
			switch {
			case v > 0:
				return "outside"
			case v < 0:
				return "inside"
			}
			return "surface"
		},
	}
}

// Labelled returns img below a white strip holding title, centred: a
// panel of a figure that says what it shows ("photo", "NeuRBF
// reconstruction", "|error|"). The picture is as wide as the wider of
// img and the title; img keeps its left edge at x = 0 and its pixels (a
// *pixels.Image the 8-bit levels of pixels.ToNRGBA).
// Panels labelled this way and placed by Side line up, since every strip
// has the same height (for pictures of equal height: the title is
// enlarged for tall pictures, see textScale).
func Labelled(title string, img image.Image) *image.NRGBA {
	if p, ok := img.(*pixels.Image); ok {
		// Rounded to 8 bits as pixels.SavePNG writes it, not truncated
		// from 16 as drawing its 16-bit colours would.
		img = pixels.ToNRGBA(p)
	}
	b := img.Bounds()
	k := textScale(b.Dy())
	tw := textWidth(title) + 4
	label := whiteCanvas(tw, lineHeight+4)
	drawText(label, 2, 2, title, color.Black)
	label = upscale(label, k)
	lb := label.Bounds()
	dst := whiteCanvas(max(b.Dx(), lb.Dx()), lb.Dy()+b.Dy())
	x := max((b.Dx()-lb.Dx())/2, 0)
	draw.Draw(dst, lb.Add(image.Pt(x, 0)), label, image.Point{}, draw.Src)
	draw.Draw(dst, image.Rect(0, lb.Dy(), b.Dx(), lb.Dy()+b.Dy()), img, b.Min, draw.Src)
	return dst
}

// stamp writes s into the top-left corner of img (3 channels) in black on
// a white box, so a frame names itself even when frames abut, as in a
// turntable strip. Text that does not fit is cut at the image's edge.
func stamp(img *pixels.Image, s string) {
	box := whiteCanvas(textWidth(s)+4, lineHeight+2)
	drawText(box, 2, 1, s, color.Black)
	box = upscale(box, textScale(img.H))
	w, h := min(box.Rect.Dx(), img.W), min(box.Rect.Dy(), img.H)
	for y := range h {
		for x := range w {
			p := box.NRGBAAt(x, y)
			q := img.Pix[(y*img.W+x)*img.C:]
			for k := range img.C {
				q[k] = float32(p.R) / 255
			}
		}
	}
}
