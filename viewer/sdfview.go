//go:build viewer

package viewer

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"github.com/go-gl/gl/v4.1-core/gl"

	"github.com/neurbf/neurbf/render"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// SDFMode is what the SDF view shows.
type SDFMode int

// The SDF view's modes: the first three are render.Mode's, in its order.
const (
	SDFShade SDFMode = iota
	SDFNormals
	SDFDepth
	SDFSlice
)

var sdfModeNames = [...]string{"shade", "normals", "depth", "slice"}

// String returns the mode's name.
func (m SDFMode) String() string {
	if m < 0 || int(m) >= len(sdfModeNames) {
		return fmt.Sprintf("SDFMode(%d)", int(m))
	}
	return sdfModeNames[m]
}

// ParseSDFMode returns the SDF mode named s: shade, normals, depth or slice.
func ParseSDFMode(s string) (SDFMode, error) {
	for i, n := range sdfModeNames {
		if n == s {
			return SDFMode(i), nil
		}
	}
	return 0, fmt.Errorf("unknown SDF view mode %q (want shade, normals, depth or slice)", s)
}

// Ray-marching settings (see sdfFS): render's step factor and hit
// threshold (render.DefaultStepFactor, render.DefaultEpsilon), a minimum
// step, and more steps in all, since trilinear interpolation of a sampled
// field under-estimates distances near edges.
const (
	marchSteps = 256
	// marchMinStep is the smallest step, in texels.
	marchMinStep = 0.25
	// marchEpsilon is render.DefaultEpsilon: a hit where |sdf| < ε.
	marchEpsilon = render.DefaultEpsilon
)

// SDFView draws a baked SDF from an orbit camera. Set the exported fields,
// then Draw.
type SDFView struct {
	Camera render.Camera
	Mode   SDFMode
	// SliceAxis (0 x, 1 y, 2 z, or SliceAuto) and SlicePos in [−1, 1]
	// place the slice plane; SliceRange is the |SDF| at the ends of its
	// colour scale (the surface is in the middle), 0 for the one Upload
	// measures (SliceRangeInUse).
	SliceAxis  int
	SlicePos   float64
	SliceRange float64
	// ShowCenters draws the RBF centres set by SetCenters; ShowMesh the
	// wireframe of the mesh set by SetMesh.
	ShowCenters, ShowMesh bool
	// Background and Albedo are render.Shading's (nil: white and clay).
	Shading render.Shading

	march     [len(sdfModeNames)]*program // one per mode
	flat      *program
	vol, cmap uint32
	n         int
	autoRange float64 // the slice range measured at Upload
	// boxLo, boxHi bound the surface (surfaceBox); hasSurface is false
	// when the volume has none.
	boxLo, boxHi [3]float32
	hasSurface   bool
	centers      buffer
	wire         buffer
}

// buffer is a vertex array of 3-D points, drawn as points or lines.
type buffer struct {
	vao, vbo, ebo uint32
	count         int32
	indexed       bool
}

// SliceAuto is the SliceAxis that follows the camera: the axis the camera
// looks along most (SliceAxisFor), so that the slice plane never shows
// edge-on. A fixed axis vanishes from the cameras that look along the
// plane, such as x from the front (--camera 0,0).
const SliceAuto = -1

// SliceAxisFor returns the slice axis the view draws from camera c for
// SliceAxis: SliceAxis itself, or under SliceAuto the axis of the largest
// component of c's viewing direction (the last of equal ones).
func (v *SDFView) SliceAxisFor(c render.Camera) int {
	if v.SliceAxis >= 0 && v.SliceAxis <= 2 {
		return v.SliceAxis
	}
	f := newFrame(c, 1, 1)
	best := 0
	for k := 1; k < 3; k++ {
		if math.Abs(f.fwd[k]) >= math.Abs(f.fwd[best]) {
			best = k
		}
	}
	return best
}

// NewSDFView compiles the view's shaders. The window's context must be
// current. The slice axis starts as SliceAuto.
func NewSDFView() (*SDFView, error) {
	v := &SDFView{SliceAxis: SliceAuto}
	for m := range v.march {
		p, err := newProgram("SDF ray-march ("+sdfModeNames[m]+")", boxVS, sdfSource(fmt.Sprintf("#define MODE %d\n", m)))
		if err != nil {
			v.deletePrograms()
			return nil, err
		}
		v.march[m] = p
	}
	flat, err := newProgram("overlay", worldVS, flatFS)
	if err != nil {
		v.deletePrograms()
		return nil, err
	}
	v.flat = flat
	gl.GenTextures(1, &v.vol)
	v.cmap = newViridisTexture()
	return v, nil
}

// sdfSource returns sdfFS with defines inserted after its #version line.
func sdfSource(defines string) string {
	return strings.Replace(sdfFS, "\n", "\n"+defines, 1)
}

// newViridisTexture returns a 256-texel 1-D texture of render.Viridis.
func newViridisTexture() uint32 {
	var rgb [256 * 3]uint8
	for i := range 256 {
		c := render.Viridis(float64(i) / 255)
		rgb[3*i], rgb[3*i+1], rgb[3*i+2] = c.R, c.G, c.B
	}
	var tex uint32
	gl.GenTextures(1, &tex)
	gl.BindTexture(gl.TEXTURE_1D, tex)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 1)
	gl.TexImage1D(gl.TEXTURE_1D, 0, gl.RGB8, 256, 0, gl.RGB, gl.UNSIGNED_BYTE, gl.Ptr(rgb[:]))
	gl.TexParameteri(gl.TEXTURE_1D, gl.TEXTURE_MIN_FILTER, gl.LINEAR)
	gl.TexParameteri(gl.TEXTURE_1D, gl.TEXTURE_MAG_FILTER, gl.LINEAR)
	gl.TexParameteri(gl.TEXTURE_1D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE)
	return tex
}

// Upload replaces the baked field with vol, n³ values laid out as Baker
// writes them, and finds the box around its surface that Draw draws
// (surfaceBox). The texture is half-float (R16F): half the memory and
// texture traffic of R32F, with a relative error of 2⁻¹¹, far below a
// texel's width where the ray-march needs accuracy (near the surface).
func (v *SDFView) Upload(vol []float32, n int) {
	if len(vol) != n*n*n {
		panic(fmt.Sprintf("viewer: upload of %d values as %d³", len(vol), n))
	}
	gl.BindTexture(gl.TEXTURE_3D, v.vol)
	gl.PixelStorei(gl.UNPACK_ALIGNMENT, 4)
	if n == v.n {
		gl.TexSubImage3D(gl.TEXTURE_3D, 0, 0, 0, 0, int32(n), int32(n), int32(n), gl.RED, gl.FLOAT, gl.Ptr(vol))
	} else {
		gl.TexImage3D(gl.TEXTURE_3D, 0, gl.R16F, int32(n), int32(n), int32(n), 0, gl.RED, gl.FLOAT, gl.Ptr(vol))
		for _, p := range [...]uint32{gl.TEXTURE_WRAP_S, gl.TEXTURE_WRAP_T, gl.TEXTURE_WRAP_R} {
			gl.TexParameteri(gl.TEXTURE_3D, p, gl.CLAMP_TO_EDGE)
		}
		gl.TexParameteri(gl.TEXTURE_3D, gl.TEXTURE_MIN_FILTER, gl.LINEAR)
		gl.TexParameteri(gl.TEXTURE_3D, gl.TEXTURE_MAG_FILTER, gl.LINEAR)
		v.n = n
	}
	v.autoRange = sliceRange(vol)
	v.boxLo, v.boxHi, v.hasSurface = surfaceBox(vol, n, marchEpsilon)
}

// SliceRangeInUse returns the |SDF| at the ends of the slice's colour
// scale: SliceRange, or the one measured at Upload.
func (v *SDFView) SliceRangeInUse() float64 {
	if v.SliceRange > 0 {
		return v.SliceRange
	}
	if v.autoRange > 0 {
		return v.autoRange
	}
	return 1
}

// SetCenters sets the points drawn as RBF centres (n×3, in [−1, 1]³).
func (v *SDFView) SetCenters(pts []float32) {
	v.centers.set(pts, nil)
}

// SetMesh sets the wireframe overlay: m's edges, m in the model's frame.
func (v *SDFView) SetMesh(m *mesh.Mesh) {
	pts := make([]float32, 0, 3*len(m.V))
	for _, p := range m.V {
		pts = append(pts, float32(p[0]), float32(p[1]), float32(p[2]))
	}
	idx := make([]uint32, 0, 6*len(m.F))
	for _, f := range m.F {
		a, b, c := uint32(f[0]), uint32(f[1]), uint32(f[2])
		idx = append(idx, a, b, b, c, c, a)
	}
	v.wire.set(pts, idx)
}

// set uploads points (and line indices, when idx is not nil).
func (b *buffer) set(pts []float32, idx []uint32) {
	if b.vao == 0 {
		gl.GenVertexArrays(1, &b.vao)
		gl.GenBuffers(1, &b.vbo)
		gl.GenBuffers(1, &b.ebo)
	}
	gl.BindVertexArray(b.vao)
	gl.BindBuffer(gl.ARRAY_BUFFER, b.vbo)
	if len(pts) > 0 {
		gl.BufferData(gl.ARRAY_BUFFER, 4*len(pts), gl.Ptr(pts), gl.STATIC_DRAW)
	}
	gl.EnableVertexAttribArray(0)
	gl.VertexAttribPointerWithOffset(0, 3, gl.FLOAT, false, 12, 0)
	b.indexed = idx != nil
	b.count = int32(len(pts) / 3)
	if b.indexed {
		gl.BindBuffer(gl.ELEMENT_ARRAY_BUFFER, b.ebo)
		if len(idx) > 0 {
			gl.BufferData(gl.ELEMENT_ARRAY_BUFFER, 4*len(idx), gl.Ptr(idx), gl.STATIC_DRAW)
		}
		b.count = int32(len(idx))
	}
}

// draw issues the buffer's points or lines; the caller's VAO is restored.
func (b *buffer) draw(mode uint32, restore uint32) {
	if b.vao == 0 || b.count == 0 {
		return
	}
	gl.BindVertexArray(b.vao)
	if b.indexed {
		gl.DrawElementsWithOffset(mode, b.count, gl.UNSIGNED_INT, 0)
	} else {
		gl.DrawArrays(mode, 0, b.count)
	}
	gl.BindVertexArray(restore)
}

func (b *buffer) delete() {
	if b.vao != 0 {
		gl.DeleteVertexArrays(1, &b.vao)
		gl.DeleteBuffers(1, &b.vbo)
		gl.DeleteBuffers(1, &b.ebo)
	}
}

// Draw renders the view into the bound framebuffer's w×h viewport, with
// vao (the window's empty vertex array) bound.
func (v *SDFView) Draw(w *Window, width, height int) {
	if v.n == 0 {
		gl.ClearColor(1, 1, 1, 1)
		gl.Clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT)
		return
	}
	fr := newFrame(v.Camera, width, height)
	vp := fr.viewProj()
	bg := rgb(v.Shading.Background, color.White)
	albedo := rgb(v.Shading.Albedo, color.NRGBA{R: 204, G: 190, B: 172, A: 255})
	light := [3]float64{-fr.fwd[0], -fr.fwd[1], -fr.fwd[2]}
	if v.Shading.Light != ([3]float64{}) {
		l := v.Shading.Light
		s := 1 / sqrt(dot(l, l))
		light = [3]float64{l[0] * s, l[1] * s, l[2] * s}
	}
	near, far := fr.depthRange()

	// The depth test is only needed under the overlays, and it is not free
	// under llvmpipe: the shader writes gl_FragDepth, so the test runs
	// after it (see docs/DECISIONS.md, "Viewer ray march: what was tried
	// and dropped").
	overlays := v.ShowMesh || v.ShowCenters
	if overlays {
		gl.Enable(gl.DEPTH_TEST)
		gl.DepthFunc(gl.LEQUAL)
	}
	gl.ClearColor(bg[0], bg[1], bg[2], 1)
	gl.Clear(gl.COLOR_BUFFER_BIT | gl.DEPTH_BUFFER_BIT)
	mode := SDFMode(min(max(int(v.Mode), 0), len(v.march)-1))
	p := v.march[mode]
	p.use()
	p.setVec3("eye", vec3(fr.eye))
	p.setVec3("right", vec3(fr.right))
	p.setVec3("up", vec3(fr.up))
	p.setVec3("fwd", vec3(fr.fwd))
	p.setVec2("halfExtent", float32(fr.sx), float32(fr.sy))
	p.setVec2("size", float32(width), float32(height))
	p.setFloat("n", float32(v.n))
	p.setVec3("albedo", albedo)
	p.setVec3("bg", bg)
	p.setVec3("light", vec3(light))
	p.setFloat("depthNear", float32(near))
	p.setFloat("depthFar", float32(far))
	p.setFloat("stepFactor", render.DefaultStepFactor)
	p.setFloat("minStep", float32(marchMinStep*2/float64(v.n-1)))
	p.setFloat("epsilon", marchEpsilon)
	p.setInt("maxSteps", marchSteps)
	p.setMat4("viewProj", &vp)
	p.setInt("sliceAxis", int32(v.SliceAxisFor(v.Camera)))
	p.setFloat("slicePos", float32(v.SlicePos))
	r := v.SliceRangeInUse()
	p.setFloat("sliceScale", float32(0.5/r))
	p.setFloat("contourStep", float32(contourStep(r)))
	gl.ActiveTexture(gl.TEXTURE0)
	gl.BindTexture(gl.TEXTURE_3D, v.vol)
	p.setInt("vol", 0)
	gl.ActiveTexture(gl.TEXTURE1)
	gl.BindTexture(gl.TEXTURE_1D, v.cmap)
	p.setInt("cmap", 1)
	lo, hi, ok := v.boxLo, v.boxHi, v.hasSurface
	if mode == SDFSlice {
		lo, hi, ok = [3]float32{-1, -1, -1}, [3]float32{1, 1, 1}, true
	}
	if ok {
		p.setVec3("boxLo", lo)
		p.setVec3("boxHi", hi)
		gl.Enable(gl.CULL_FACE)
		gl.CullFace(gl.FRONT)
		gl.DrawArrays(gl.TRIANGLES, 0, 36)
		gl.Disable(gl.CULL_FACE)
	}

	if overlays {
		f := v.flat
		f.use()
		f.setMat4("viewProj", &vp)
		if v.ShowMesh {
			gl.Enable(gl.BLEND)
			gl.BlendFunc(gl.SRC_ALPHA, gl.ONE_MINUS_SRC_ALPHA)
			f.setVec4("tint", 0.1, 0.3, 0.9, 0.6)
			v.wire.draw(gl.LINES, w.vao)
			gl.Disable(gl.BLEND)
		}
		if v.ShowCenters {
			gl.Enable(gl.PROGRAM_POINT_SIZE)
			f.setFloat("pointSize", 3)
			f.setVec4("tint", 0.85, 0.1, 0.1, 1)
			v.centers.draw(gl.POINTS, w.vao)
		}
	}
	gl.Disable(gl.DEPTH_TEST)
}

// Delete frees the view's GL objects.
func (v *SDFView) Delete() {
	v.deletePrograms()
	gl.DeleteTextures(1, &v.vol)
	gl.DeleteTextures(1, &v.cmap)
	v.centers.delete()
	v.wire.delete()
}

// deletePrograms frees the view's compiled programs.
func (v *SDFView) deletePrograms() {
	for _, p := range v.march {
		if p != nil {
			p.delete()
		}
	}
	if v.flat != nil {
		v.flat.delete()
	}
}

// ParseSliceAxis returns the SliceAxis named s: x, y or z, or SliceAuto
// for "auto" and "".
func ParseSliceAxis(s string) (int, error) {
	switch s {
	case "", "auto":
		return SliceAuto, nil
	case "x", "y", "z":
		return int(s[0] - 'x'), nil
	}
	return 0, fmt.Errorf("unknown slice axis %q (want x, y, z or auto)", s)
}
