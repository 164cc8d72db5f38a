//go:build viewer

package viewer

import (
	"image"
	"image/color"
	"image/draw"
	"strings"

	"github.com/go-gl/gl/v4.1-core/gl"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// HUD draws lines of text in the top-left corner of the window, white on
// a translucent black panel, in basicfont's 7×13 face. The text is
// rasterised on the CPU only when it changes.
type HUD struct {
	prog *program
	tex  uint32
	text string
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

// hudPad is the panel's margin around the text, in pixels.
const hudPad = 4

// SetText replaces the HUD's text (lines separated by newlines).
func (d *HUD) SetText(s string) {
	if s == d.text {
		return
	}
	d.text = s
	lines := strings.Split(s, "\n")
	face := basicfont.Face7x13
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
	d.prog.setVec4("rect", 6, 6, float32(d.w), float32(d.h))
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
