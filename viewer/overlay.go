//go:build viewer

package viewer

import (
	"image"

	"github.com/go-gl/gl/v4.1-core/gl"
)

// overlay is a picture drawn over a view at a rectangle given in window
// pixels (the error view's colour bar).
type overlay struct {
	prog *program
	tex  uint32
	w, h int // the picture's size; 0 when none is set
}

// newOverlay compiles the overlay's shader (the HUD's).
func newOverlay() (*overlay, error) {
	p, err := newProgram("overlay picture", textVS, textFS)
	if err != nil {
		return nil, err
	}
	return &overlay{prog: p, tex: newTexture2D()}, nil
}

// set uploads img as the picture.
func (o *overlay) set(img *image.NRGBA) {
	b := img.Bounds()
	o.w, o.h = b.Dx(), b.Dy()
	gl.BindTexture(gl.TEXTURE_2D, o.tex)
	gl.PixelStorei(gl.UNPACK_ROW_LENGTH, int32(img.Stride/4))
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 4)
	gl.TexImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, int32(o.w), int32(o.h), 0, gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(img.Pix))
	gl.PixelStorei(gl.UNPACK_ROW_LENGTH, 0)
}

// draw blends the picture over the bound framebuffer's winW×winH viewport
// into the rectangle at (x, y) from the top-left corner, w×h pixels:
// pixel for pixel at its own size, smoothed when scaled.
func (o *overlay) draw(win *Window, x, y, w, h float64, winW, winH int) {
	if o.w == 0 {
		return
	}
	filter := int32(gl.LINEAR)
	if int(w+0.5) == o.w && int(h+0.5) == o.h {
		filter = gl.NEAREST
	}
	gl.BindVertexArray(win.vao)
	gl.Enable(gl.BLEND)
	gl.BlendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA)
	o.prog.use()
	o.prog.setVec4("rect", float32(x), float32(y), float32(w), float32(h))
	o.prog.setVec2("size", float32(winW), float32(winH))
	gl.ActiveTexture(gl.TEXTURE0)
	gl.BindTexture(gl.TEXTURE_2D, o.tex)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter)
	o.prog.setInt("tex", 0)
	gl.DrawArrays(gl.TRIANGLE_STRIP, 0, 4)
	gl.Disable(gl.BLEND)
}

// delete frees the overlay's GL objects.
func (o *overlay) delete() {
	o.prog.delete()
	gl.DeleteTextures(1, &o.tex)
}
