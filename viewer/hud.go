//go:build viewer

package viewer

import (
	"image"
	"image/color"
	"image/draw"
	"strings"
	"unicode/utf8"

	"github.com/go-gl/gl/v4.1-core/gl"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// HUD draws lines of text in the top-left corner of the window, white on
// a translucent black panel, in basicfont's 7×13 face. The text is fitted
// to the window (fitHUD) and rasterised on the CPU only when it or the
// window's size changes.
type HUD struct {
	prog *program
	tex  uint32
	text string
	fitW int // the width the text was fitted to
	w, h int
}

// NewHUD compiles the HUD's shader.
func NewHUD() (*HUD, error) {
	p, err := newProgram("HUD", textVS, textFS)
	if err != nil {
		return nil, err
	}
	return &HUD{prog: p, tex: newTexture2D()}, nil
}

// hudPad is the panel's margin around the text, and hudMargin the
// panel's distance from the window's top-left corner, in pixels.
const (
	hudPad    = 4
	hudMargin = 6
)

// SetText replaces the HUD's text (lines separated by newlines), fitted
// to a window winW pixels wide (fitHUD).
func (d *HUD) SetText(s string, winW int) {
	if s == d.text && winW == d.fitW {
		return
	}
	d.text, d.fitW = s, winW
	face := basicfont.Face7x13
	lines := fitHUD(s, (winW-2*hudMargin-2*hudPad)/face.Advance)
	wmax := 0
	for _, l := range lines {
		wmax = max(wmax, font.MeasureString(face, l).Ceil())
	}
	d.w, d.h = wmax+2*hudPad, len(lines)*face.Height+2*hudPad
	img := image.NewNRGBA(image.Rect(0, 0, d.w, d.h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.NRGBA{A: 160}), image.Point{}, draw.Src)
	dr := font.Drawer{Dst: img, Src: image.White, Face: face}
	for i, l := range lines {
		dr.Dot = fixed.P(hudPad, hudPad+face.Ascent+i*face.Height)
		dr.DrawString(l)
	}
	gl.BindTexture(gl.TEXTURE_2D, d.tex)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 4)
	gl.TexImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, int32(d.w), int32(d.h), 0, gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(img.Pix))
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST)
}

// Draw blends the HUD over the bound framebuffer's w×h viewport.
func (d *HUD) Draw(win *Window, w, h int) {
	if d.text == "" {
		return
	}
	gl.BindVertexArray(win.vao)
	gl.Disable(gl.DEPTH_TEST)
	gl.Enable(gl.BLEND)
	gl.BlendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA)
	d.prog.use()
	d.prog.setVec4("rect", hudMargin, hudMargin, float32(d.w), float32(d.h))
	d.prog.setVec2("size", float32(w), float32(h))
	gl.ActiveTexture(gl.TEXTURE0)
	gl.BindTexture(gl.TEXTURE_2D, d.tex)
	d.prog.setInt("tex", 0)
	gl.DrawArrays(gl.TRIANGLE_STRIP, 0, 4)
	gl.Disable(gl.BLEND)
}

// Delete frees the HUD's GL objects.
func (d *HUD) Delete() {
	d.prog.delete()
	gl.DeleteTextures(1, &d.tex)
}

// fitHUD splits the HUD's text into lines of at most cols characters, so
// that the HUD fits a narrow window instead of running off its edge. A
// line is broken between its items (runs separated by two spaces, as
// hudText writes them), an item that is too long at single spaces, and a
// word that is too long anywhere. cols below 1 count as 1.
func fitHUD(s string, cols int) []string {
	cols = max(cols, 1)
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if utf8.RuneCountInString(line) <= cols {
			out = append(out, line)
			continue
		}
		var cur []rune
		flush := func() {
			if len(cur) > 0 {
				out = append(out, string(cur))
				cur = cur[:0:0]
			}
		}
		// add appends piece to the current line after sep, or starts a
		// new line with it when it does not fit.
		add := func(piece []rune, sep string) {
			if len(cur) > 0 && len(cur)+len(sep)+len(piece) <= cols {
				cur = append(append(cur, []rune(sep)...), piece...)
				return
			}
			flush()
			for len(piece) > cols {
				out = append(out, string(piece[:cols]))
				piece = piece[cols:]
			}
			cur = append(cur, piece...)
		}
		for _, item := range strings.Split(line, "  ") {
			if item == "" {
				continue
			}
			r := []rune(item)
			if len(r) <= cols {
				add(r, "  ")
				continue
			}
			for i, word := range strings.Split(item, " ") {
				sep := " "
				if i == 0 {
					sep = "  "
				}
				add([]rune(word), sep)
			}
		}
		flush()
	}
	return out
}
