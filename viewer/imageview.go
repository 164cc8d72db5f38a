//go:build viewer

package viewer

import (
	"fmt"
	"math"
	"sync"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/viewer/tiles"
)

// Layer is what the image view shows.
type Layer int

// The image view's layers.
const (
	LayerRecon Layer = iota // the field's reconstruction
	LayerGT                 // the ground-truth image
	LayerError              // the error map of error.png (render.ErrorStats), with its colour bar
)

var layerNames = [...]string{"recon", "gt", "error"}

// String returns the layer's name.
func (l Layer) String() string {
	if l < 0 || int(l) >= len(layerNames) {
		return fmt.Sprintf("Layer(%d)", int(l))
	}
	return layerNames[l]
}

// ParseLayer returns the layer named s: recon, gt or error.
func ParseLayer(s string) (Layer, error) {
	for i, n := range layerNames {
		if n == s {
			return Layer(i), nil
		}
	}
	return 0, fmt.Errorf("unknown image view mode %q (want recon, gt, error or split)", s)
}

// ImageView shows an image field of a W×H image with C channels. The view
// is a window onto the plane of pixels.PixelCenter: Center is the plane
// point at the middle of the window and Zoom the window pixels per image
// pixel (0 fits the image). The reconstruction is computed on the CPU for
// exactly the pixels of the window (Region, Reconstruct, SetRecon), so a
// zoomed view shows the field's detail, not magnified pixels.
type ImageView struct {
	W, H, C int
	Center  [2]float64
	Zoom    float64
	Layer   Layer
	// Split in [0, 1] shows the reconstruction left of that fraction of
	// the width and the ground truth right of it; negative turns it off.
	Split float64
	// ShowRBF draws the ellipses set by SetEllipses.
	ShowRBF bool
	// ErrScale is the error at the top of the error map's colour scale;
	// 0 (NewImageView's) chooses it as error.png does, from the error of
	// the whole image at its own resolution (render.ErrorScale), so the
	// view and the file agree.
	ErrScale float64

	gt      *pixels.Image
	prog    *program
	lines   *program
	recon   uint32
	gtTex   uint32
	errTex  uint32
	rregion render.Region
	ell     buffer2
	errPix  []uint8
	stats   render.ErrorStats // the error map's scale (Top 0: none yet)
	// pixErr is the error of every image pixel (W×H, the measure of
	// render.ErrorScale) of the reconstruction the stats were measured on;
	// the error layer shows the pixel under each window pixel, as
	// error.png magnified. pending is the one measured off the main
	// thread, taken by SetErrorStats.
	pixErr  []float64
	pending struct {
		sync.Mutex
		err []float64
	}
	bar      *overlay          // stats' colour bar
	barStats render.ErrorStats // the stats and height the bar was drawn for
	barH     int
	// tiled, when set (UseTiles), draws the view from tiles evaluated in
	// the background instead of one reconstruction of the window.
	tiled *tiledView
}

// buffer2 is a vertex array of 2-D line segments.
type buffer2 struct {
	vao, vbo uint32
	count    int32
}

// NewImageView returns the view of a w×h field with c channels (1 or 3)
// and, when gt is not nil, its ground truth (of the same size).
func NewImageView(w, h, c int, gt *pixels.Image) (*ImageView, error) {
	if w <= 0 || h <= 0 || (c != 1 && c != 3) {
		return nil, fmt.Errorf("viewer: image field of %d×%d×%d", w, h, c)
	}
	if gt != nil && (gt.W != w || gt.H != h) {
		return nil, fmt.Errorf("ground truth is %d×%d, the model was fitted to %d×%d", gt.W, gt.H, w, h)
	}
	prog, err := newProgram("image", fullscreenVS, imageFS)
	if err != nil {
		return nil, err
	}
	lines, err := newProgram("RBF overlay", planeVS, flatFS)
	if err != nil {
		prog.delete()
		return nil, err
	}
	bar, err := newOverlay()
	if err != nil {
		prog.delete()
		lines.delete()
		return nil, err
	}
	v := &ImageView{W: w, H: h, C: c, Split: -1, gt: gt, prog: prog, lines: lines, bar: bar}
	v.recon = newTexture2D()
	v.errTex = newTexture2D()
	v.gtTex = newTexture2D()
	if gt != nil {
		uploadImage(v.gtTex, gt, gl.NEAREST)
	}
	return v, nil
}

// newTexture2D returns a texture name with clamped edges.
func newTexture2D() uint32 {
	var t uint32
	gl.GenTextures(1, &t)
	gl.BindTexture(gl.TEXTURE_2D, t)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE)
	return t
}

// uploadImage stores img (1 or 3 float channels) in tex, row 0 at t = 0.
func uploadImage(tex uint32, img *pixels.Image, filter int32) {
	gl.BindTexture(gl.TEXTURE_2D, tex)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 4)
	format, internal := uint32(gl.RGB), int32(gl.RGB32F)
	if img.C == 1 {
		format, internal = gl.RED, gl.R32F
	}
	gl.TexImage2D(gl.TEXTURE_2D, 0, internal, int32(img.W), int32(img.H), 0, format, gl.FLOAT, gl.Ptr(img.Pix))
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter)
}

// zoom returns the window pixels per image pixel.
func (v *ImageView) zoom(w, h int) float64 {
	if v.Zoom > 0 {
		return v.Zoom
	}
	return math.Min(float64(w)/float64(v.W), float64(h)/float64(v.H))
}

// Region returns the rectangle of the plane a w×h window shows.
func (v *ImageView) Region(w, h int) render.Region {
	z := v.zoom(w, h)
	hx := float64(w) / z / float64(v.W)
	hy := float64(h) / z / float64(v.H)
	return render.Region{X0: v.Center[0] - hx, Y0: v.Center[1] - hy, X1: v.Center[0] + hx, Y1: v.Center[1] + hy}
}

// Pan moves the view by (dx, dy) window pixels, the picture following the
// pointer.
func (v *ImageView) Pan(dx, dy float64, w, h int) {
	z := v.zoom(w, h)
	v.Center[0] -= dx * 2 / (z * float64(v.W))
	v.Center[1] -= dy * 2 / (z * float64(v.H))
}

// ZoomAt multiplies the zoom by factor keeping the plane point under the
// window pixel (px, py) in place.
func (v *ImageView) ZoomAt(factor, px, py float64, w, h int) {
	r := v.Region(w, h)
	x := r.X0 + px/float64(w)*(r.X1-r.X0)
	y := r.Y0 + py/float64(h)*(r.Y1-r.Y0)
	v.Zoom = min(max(v.zoom(w, h)*factor, 1e-3), 1e4)
	v.Center[0] = x + (v.Center[0]-x)/factor
	v.Center[1] = y + (v.Center[1]-y)/factor
}

// ErrorStats measures the error of full, the reconstruction of the whole
// image at its own resolution, against the ground truth with ErrScale
// (render.ErrorScale: error.png's measure and scale). It touches no GL
// state, so it may run off the main thread.
func (v *ImageView) ErrorStats(full *pixels.Image, errScale float64) (render.ErrorStats, error) {
	if v.gt == nil {
		return render.ErrorStats{}, fmt.Errorf("viewer: error map without a ground truth")
	}
	st, err := render.ErrorScale(full, v.gt, errScale)
	if err != nil {
		return st, err
	}
	e := make([]float64, v.W*v.H)
	for i := range e {
		var s float64
		for c := range v.C {
			p := min(max(full.Pix[i*v.C+c], 0), 1)
			s += math.Abs(float64(p) - float64(v.gt.Pix[i*v.C+c]))
		}
		e[i] = s / float64(v.C)
	}
	v.pending.Lock()
	v.pending.err = e
	v.pending.Unlock()
	return st, nil
}

// SetErrorStats sets the error map's scale for the next SetRecon, with the
// per-pixel errors of the last ErrorStats.
func (v *ImageView) SetErrorStats(s render.ErrorStats) {
	v.stats = s
	v.pending.Lock()
	if v.pending.err != nil {
		v.pixErr, v.pending.err = v.pending.err, nil
	}
	v.pending.Unlock()
}

// errorScale returns the error map's scale: the one set, or ErrScale at
// the top when none was.
func (v *ImageView) errorScale() render.ErrorStats {
	if v.stats.Top > 0 || !(v.ErrScale > 0) {
		return v.stats
	}
	return render.ErrorStats{Top: v.ErrScale}
}

// SetRecon uploads a reconstruction of region r (from
// render.Renderer.Render into a picture of the window's size) and, with a
// ground truth and an error scale, the error map: under each window pixel,
// the error of the image pixel there (render.ErrorScale's measure, the
// mean absolute error over channels of the reconstruction at the pixel's
// centre, clipped to [0, 1]), coloured as error.png
// (render.ErrorStats.Colour). Comparing the window's reconstruction, made
// between pixel centres when zoomed, with the pixel under it would count
// the picture's own variation within a pixel as error.
func (v *ImageView) SetRecon(img *pixels.Image, r render.Region) {
	uploadImage(v.recon, img, gl.LINEAR)
	v.rregion = r
	st := v.errorScale()
	if v.gt == nil || st.Top <= 0 {
		return
	}
	n := img.W * img.H
	if cap(v.errPix) < 3*n {
		v.errPix = make([]uint8, 3*n)
	}
	e := v.errPix[:3*n]
	for y := range img.H {
		py := r.Y0 + (float64(y)+0.5)/float64(img.H)*(r.Y1-r.Y0)
		gy := int(math.Floor((py + 1) / 2 * float64(v.H)))
		for x := range img.W {
			px := r.X0 + (float64(x)+0.5)/float64(img.W)*(r.X1-r.X0)
			gx := int(math.Floor((px + 1) / 2 * float64(v.W)))
			k := 3 * (y*img.W + x)
			if gx < 0 || gy < 0 || gx >= v.W || gy >= v.H {
				e[k], e[k+1], e[k+2] = 51, 51, 51
				continue
			}
			var s float64
			if v.pixErr != nil { // the pixel's own error, as in error.png
				s = v.pixErr[gy*v.W+gx]
			} else { // before the first measurement: the window's reconstruction
				for c := range v.C {
					p := min(max(img.Pix[(y*img.W+x)*img.C+c], 0), 1)
					s += math.Abs(float64(p) - float64(v.gt.Pix[(gy*v.W+gx)*v.C+c]))
				}
				s /= float64(v.C)
			}
			c := st.Colour(s)
			e[k], e[k+1], e[k+2] = c.R, c.G, c.B
		}
	}
	gl.BindTexture(gl.TEXTURE_2D, v.errTex)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 1)
	gl.TexImage2D(gl.TEXTURE_2D, 0, gl.RGB8, int32(img.W), int32(img.H), 0, gl.RGB, gl.UNSIGNED_BYTE, gl.Ptr(e))
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST)
	gl.TexParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST)
}

// SetEllipses uploads the RBF overlay: line segments in plane coordinates
// (x0, y0, x1, y1 per segment), as Ellipses returns them.
func (v *ImageView) SetEllipses(seg []float32) {
	b := &v.ell
	if b.vao == 0 {
		gl.GenVertexArrays(1, &b.vao)
		gl.GenBuffers(1, &b.vbo)
	}
	gl.BindVertexArray(b.vao)
	gl.BindBuffer(gl.ARRAY_BUFFER, b.vbo)
	if len(seg) > 0 {
		gl.BufferData(gl.ARRAY_BUFFER, 4*len(seg), gl.Ptr(seg), gl.STATIC_DRAW)
	}
	gl.EnableVertexAttribArray(0)
	gl.VertexAttribPointerWithOffset(0, 2, gl.FLOAT, false, 8, 0)
	b.count = int32(len(seg) / 2)
}

// UseTiles makes the view draw the field from tiles (tiledView) that
// threads background workers (0: all CPUs) evaluate with eval, keeping at
// most budget bytes of them, with the ground truth's pixels gt (nil:
// none; the view's own ground truth is then left out, so that a huge one
// is never a texture). The view then needs no SetRecon, and Delete stops
// the workers.
func (v *ImageView) UseTiles(eval render.ImageFunc, gt tiles.PixelFunc, threads int, budget int64) error {
	t, err := newTiledView(v.W, v.H, v.C, eval, gt, threads, budget)
	if err != nil {
		return err
	}
	v.tiled = t
	return nil
}

// hasGT reports whether the view has a ground truth to show.
func (v *ImageView) hasGT() bool { return v.gt != nil || v.tiled != nil && v.tiled.gt != nil }

// Draw renders the view into the bound framebuffer's w×h viewport.
func (v *ImageView) Draw(win *Window, w, h int) {
	gl.BindVertexArray(win.vao)
	r := v.Region(w, h)
	if v.tiled != nil {
		v.tiled.draw(win, v, w, h)
		v.drawOverlays(win, r, w, h)
		return
	}
	p := v.prog
	p.use()
	p.setVec4("view", float32(r.X0), float32(r.Y0), float32(r.X1), float32(r.Y1))
	rr := v.rregion
	p.setVec4("rregion", float32(rr.X0), float32(rr.Y0), float32(rr.X1), float32(rr.Y1))
	p.setVec2("size", float32(w), float32(h))
	p.setInt("layer", int32(v.Layer))
	p.setFloat("split", float32(v.Split))
	gray, hasGT := int32(0), int32(0)
	if v.C == 1 {
		gray = 1
	}
	if v.gt != nil {
		hasGT = 1
	}
	p.setInt("gray", gray)
	p.setInt("hasGT", hasGT)
	for i, t := range [...]uint32{v.recon, v.gtTex, v.errTex} {
		gl.ActiveTexture(gl.TEXTURE0 + uint32(i))
		gl.BindTexture(gl.TEXTURE_2D, t)
	}
	p.setInt("recon", 0)
	p.setInt("gt", 1)
	p.setInt("errMap", 2)
	gl.DrawArrays(gl.TRIANGLES, 0, 3)
	v.drawOverlays(win, r, w, h)
}

// drawOverlays draws the error map's colour bar and the RBF ellipses over
// the w×h view of region r.
func (v *ImageView) drawOverlays(win *Window, r render.Region, w, h int) {
	v.drawBar(win, w, h)
	if v.ShowRBF && v.ell.count > 0 {
		l := v.lines
		l.use()
		l.setVec4("view", float32(r.X0), float32(r.Y0), float32(r.X1), float32(r.Y1))
		gl.Enable(gl.BLEND)
		gl.BlendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA)
		l.setVec4("tint", 1, 0.25, 0.1, 0.55)
		gl.BindVertexArray(v.ell.vao)
		gl.DrawArrays(gl.LINES, 0, v.ell.count)
		gl.BindVertexArray(win.vao)
		gl.Disable(gl.BLEND)
	}
	gl.ActiveTexture(gl.TEXTURE0)
}

// Bar layout: the colour bar's margin from the window's top-right corner,
// its tallest height, and the largest share of the window's width it may
// cover before it is scaled down.
const (
	barMargin   = 6
	barMaxH     = 320
	barMaxShare = 0.4
)

// barWidth returns the width of the w×h window's right part that the
// colour bar covers, margins included (0 without a bar), so that the HUD
// can stay left of it.
func (v *ImageView) barWidth(w, h int) int {
	s := v.barScale(w, h)
	if s <= 0 {
		return 0
	}
	return int(math.Ceil(float64(v.bar.w)*s)) + 2*barMargin
}

// barScale brings the colour bar up to date for a w×h window and returns
// the factor it is drawn at, or 0 when the view shows none: not in the
// error layer, or no measured scale to label.
func (v *ImageView) barScale(w, h int) float64 {
	st := v.errorScale()
	if v.Layer != LayerError || v.Split >= 0 || !v.hasGT() || st.Top <= 0 || v.stats.Pixels == 0 {
		return 0
	}
	bh := max(min(h-2*barMargin, barMaxH), 16)
	if st != v.barStats || bh != v.barH {
		v.bar.set(render.ColourBar(st, bh))
		v.barStats, v.barH = st, bh
	}
	return max(0, min(1, barMaxShare*float64(w)/float64(v.bar.w), float64(h-2*barMargin)/float64(v.bar.h)))
}

// drawBar draws the colour bar of the error map's scale (render.ColourBar,
// the bar beside error.png) in the top-right corner of the w×h window,
// scaled down when the window is too small for it.
func (v *ImageView) drawBar(win *Window, w, h int) {
	s := v.barScale(w, h)
	if s <= 0 {
		return
	}
	bw, bh := float64(v.bar.w)*s, float64(v.bar.h)*s
	v.bar.draw(win, float64(w)-barMargin-bw, barMargin, bw, bh, w, h)
}

// Delete frees the view's GL objects.
func (v *ImageView) Delete() {
	if v.tiled != nil {
		v.tiled.delete()
	}
	v.bar.delete()
	v.prog.delete()
	v.lines.delete()
	for _, t := range [...]uint32{v.recon, v.gtTex, v.errTex} {
		gl.DeleteTextures(1, &t)
	}
	if v.ell.vao != 0 {
		gl.DeleteVertexArrays(1, &v.ell.vao)
		gl.DeleteBuffers(1, &v.ell.vbo)
	}
}
