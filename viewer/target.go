//go:build viewer

package viewer

import (
	"fmt"
	"image"

	"github.com/go-gl/gl/v4.1-core/gl"
)

// Target is an off-screen framebuffer (colour and depth) for screenshots
// and tests: a picture drawn into it can be read back at any size,
// whatever the window's size or visibility.
type Target struct {
	W, H       int
	fbo        uint32
	colour, zb uint32
	rows       []byte
}

// NewTarget returns a w×h off-screen framebuffer.
func NewTarget(w, h int) (*Target, error) {
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("viewer: off-screen target of %d×%d pixels", w, h)
	}
	t := &Target{W: w, H: h}
	gl.GenFramebuffers(1, &t.fbo)
	gl.BindFramebuffer(gl.FRAMEBUFFER, t.fbo)
	gl.GenRenderbuffers(1, &t.colour)
	gl.BindRenderbuffer(gl.RENDERBUFFER, t.colour)
	gl.RenderbufferStorage(gl.RENDERBUFFER, gl.RGBA8, int32(w), int32(h))
	gl.FramebufferRenderbuffer(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.RENDERBUFFER, t.colour)
	gl.GenRenderbuffers(1, &t.zb)
	gl.BindRenderbuffer(gl.RENDERBUFFER, t.zb)
	gl.RenderbufferStorage(gl.RENDERBUFFER, gl.DEPTH_COMPONENT24, int32(w), int32(h))
	gl.FramebufferRenderbuffer(gl.FRAMEBUFFER, gl.DEPTH_ATTACHMENT, gl.RENDERBUFFER, t.zb)
	status := gl.CheckFramebufferStatus(gl.FRAMEBUFFER)
	gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
	if status != gl.FRAMEBUFFER_COMPLETE {
		t.Delete()
		return nil, fmt.Errorf("viewer: off-screen framebuffer incomplete (status 0x%x)", status)
	}
	return t, nil
}

// Bind directs drawing into the target and sets the viewport to it.
func (t *Target) Bind() {
	gl.BindFramebuffer(gl.FRAMEBUFFER, t.fbo)
	gl.Viewport(0, 0, int32(t.W), int32(t.H))
}

// Read returns the target's pixels, top row first (OpenGL's rows run
// bottom up), as an opaque picture, and binds the window again.
func (t *Target) Read() *image.NRGBA {
	gl.BindFramebuffer(gl.FRAMEBUFFER, t.fbo)
	img := readPixels(t.W, t.H, &t.rows)
	gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
	return img
}

// readPixels reads the bound framebuffer's w×h colour buffer into a new
// picture, flipping the rows; rows is reused scratch.
func readPixels(w, h int, rows *[]byte) *image.NRGBA {
	n := 4 * w * h
	if cap(*rows) < n {
		*rows = make([]byte, n)
	}
	buf := (*rows)[:n]
	gl.PixelStorei(gl.PACK_ALIGNMENT, 1)
	gl.ReadPixels(0, 0, int32(w), int32(h), gl.RGBA, gl.UNSIGNED_BYTE, gl.Ptr(buf))
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		copy(img.Pix[y*img.Stride:y*img.Stride+4*w], buf[(h-1-y)*4*w:(h-y)*4*w])
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	return img
}

// ReadWindow reads the window's back buffer (what the next swap shows).
func ReadWindow(w, h int) *image.NRGBA {
	var rows []byte
	gl.BindFramebuffer(gl.FRAMEBUFFER, 0)
	gl.ReadBuffer(gl.BACK)
	return readPixels(w, h, &rows)
}

// Delete frees the target's GL objects.
func (t *Target) Delete() {
	gl.DeleteFramebuffers(1, &t.fbo)
	gl.DeleteRenderbuffers(1, &t.colour)
	gl.DeleteRenderbuffers(1, &t.zb)
}
