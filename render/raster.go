package render

import (
	"errors"
	"fmt"
	"math"

	"github.com/neurbf/neurbf/internal/vec3"
	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/sdf/mesh"
)

// MeshOptions configure the rasterised view of a mesh. The zero value is
// flat shading with a zero Shading.
type MeshOptions struct {
	Shading
	// Smooth interpolates area-weighted vertex normals across each face
	// (Phong normals); false uses each face's own normal (flat facets).
	Smooth bool
}

// nearClip is the smallest camera-space depth drawn: geometry closer to
// the eye's plane than this is clipped away.
const nearClip = 1e-3

// RenderMesh returns the w×h view of the triangle mesh m from cam in the
// given mode, with the options opt (nil for the defaults), in the
// conventions of the SDF views so that the two can be compared: the same
// rays through the pixel centres, depth as the distance from the eye along
// the ray, normals facing the eye (a face seen from behind, in an open
// mesh, shows its reverse side), and the same shading and colour scales.
//
// It is a z-buffer rasteriser: each face is clipped to the near plane,
// projected, and covers the pixels whose centre it contains (edges
// included); the depth stored is the exact distance along the pixel's ray
// to the face's plane, and the nearest face wins. It runs on one
// goroutine. It returns an error for a nil mesh, a face index out of
// range, a non-positive size, or an invalid camera or mode.
func RenderMesh(m *mesh.Mesh, cam Camera, w, h int, mode Mode, opt *MeshOptions) (*pixels.Image, error) {
	if m == nil {
		return nil, errors.New("render: mesh view of a nil mesh")
	}
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("render: mesh view size %dx%d: both must be positive", w, h)
	}
	if err := cam.Validate(); err != nil {
		return nil, err
	}
	for i, f := range m.F {
		for _, v := range f {
			if v < 0 || int(v) >= len(m.V) {
				return nil, fmt.Errorf("render: mesh face %d has vertex index %d outside [0, %d)", i, v, len(m.V))
			}
		}
	}
	if opt == nil {
		opt = &MeshOptions{}
	}
	r := newRaster(cam.frame(w, h), w, h)
	lk, err := opt.Shading.resolve(mode, &r.fr)
	if err != nil {
		return nil, err
	}
	// Camera-space vertices, each computed once for all its faces.
	cv := make([][3]float64, len(m.V))
	for i, v := range m.V {
		cv[i] = r.fr.view(v)
	}
	for i, f := range m.F {
		r.triangle(int32(i), m.V[f[0]], m.V[f[1]], m.V[f[2]], [3][3]float64{cv[f[0]], cv[f[1]], cv[f[2]]})
	}

	var vertN [][3]float64
	if opt.Smooth {
		vertN = vertexNormals(m)
	}
	img := pixels.New(w, h, 3)
	for p, fi := range r.face {
		dst := img.Pix[3*p : 3*p+3]
		if fi < 0 {
			lk.miss(dst)
			continue
		}
		d, t := r.dir[p], r.depth[p]
		f := m.F[fi]
		a, b, c := m.V[f[0]], m.V[f[1]], m.V[f[2]]
		n := vec3.Cross(vec3.Sub(b, a), vec3.Sub(c, a)) // the face's normal
		if opt.Smooth {
			q := [3]float64{r.fr.eye[0] + t*d[0], r.fr.eye[1] + t*d[1], r.fr.eye[2] + t*d[2]}
			n = interpolate(a, b, c, vertN[f[0]], vertN[f[1]], vertN[f[2]], q, n)
		}
		n = surfaceNormal(n, d)
		if vec3.Dot(n, d) > 0 {
			n = [3]float64{-n[0], -n[1], -n[2]}
		}
		lk.hit(dst, t, n)
	}
	return img, nil
}

// raster is a z-buffer: per pixel, the ray direction, the distance to the
// nearest face drawn so far (+Inf when none) and that face (−1 when none).
type raster struct {
	fr    frame
	w, h  int
	dir   [][3]float64
	depth []float64
	face  []int32
}

func newRaster(fr frame, w, h int) *raster {
	r := &raster{fr: fr, w: w, h: h, dir: make([][3]float64, w*h), depth: make([]float64, w*h), face: make([]int32, w*h)}
	for p := range r.face {
		r.dir[p] = fr.ray(float64(p%w)+0.5, float64(p/w)+0.5)
		r.depth[p] = math.Inf(1)
		r.face[p] = -1
	}
	return r
}

// triangle draws face fi with corners a, b, c into the z-buffer; in
// holds the corners in camera coordinates.
func (r *raster) triangle(fi int32, a, b, c [3]float64, in [3][3]float64) {
	n := vec3.Cross(vec3.Sub(b, a), vec3.Sub(c, a))
	// Along the ray eye + t·dir the face's plane is at t = num / (n·dir).
	num := vec3.Dot(n, vec3.Sub(a, r.fr.eye))
	if num == 0 || math.IsNaN(num) {
		return // seen edge-on (or degenerate)
	}
	// Clip the camera-space triangle to depth ≥ nearClip (Sutherland–Hodgman
	// against one plane: at most four corners), then fan it.
	var poly [4][3]float64
	np := 0
	for k := range 3 {
		p, q := in[k], in[(k+1)%3]
		if p[2] >= nearClip {
			poly[np] = p
			np++
		}
		if (p[2] >= nearClip) != (q[2] >= nearClip) {
			s := (nearClip - p[2]) / (q[2] - p[2])
			poly[np] = [3]float64{p[0] + s*(q[0]-p[0]), p[1] + s*(q[1]-p[1]), nearClip}
			np++
		}
	}
	var sx, sy [4]float64
	for k := range np {
		sx[k], sy[k] = r.fr.screen(poly[k])
	}
	for k := 1; k+1 < np; k++ {
		r.cover(fi, n, num, [3]float64{sx[0], sx[k], sx[k+1]}, [3]float64{sy[0], sy[k], sy[k+1]})
	}
}

// cover draws the screen triangle (xs, ys) of face fi, whose plane is
// n·(x − eye) = num, into the pixels whose centres it contains.
func (r *raster) cover(fi int32, n [3]float64, num float64, xs, ys [3]float64) {
	area := edge(xs[0], ys[0], xs[1], ys[1], xs[2], ys[2])
	if area == 0 || math.IsNaN(area) {
		return
	}
	sign := 1.0
	if area < 0 {
		sign = -1
	}
	// Pixel centres i+0.5 in [min, max] of the triangle's extent.
	i0 := max(int(math.Ceil(min(xs[0], xs[1], xs[2])-0.5)), 0)
	i1 := min(int(math.Floor(max(xs[0], xs[1], xs[2])-0.5)), r.w-1)
	j0 := max(int(math.Ceil(min(ys[0], ys[1], ys[2])-0.5)), 0)
	j1 := min(int(math.Floor(max(ys[0], ys[1], ys[2])-0.5)), r.h-1)
	for j := j0; j <= j1; j++ {
		y := float64(j) + 0.5
		for i := i0; i <= i1; i++ {
			x := float64(i) + 0.5
			if sign*edge(xs[1], ys[1], xs[2], ys[2], x, y) < 0 ||
				sign*edge(xs[2], ys[2], xs[0], ys[0], x, y) < 0 ||
				sign*edge(xs[0], ys[0], xs[1], ys[1], x, y) < 0 {
				continue
			}
			p := j*r.w + i
			if t := num / vec3.Dot(n, r.dir[p]); t > 0 && t < r.depth[p] {
				r.depth[p], r.face[p] = t, fi
			}
		}
	}
}

// edge returns twice the signed area of the triangle (a, b, p) in screen
// coordinates: its sign tells on which side of the line a→b p lies.
func edge(ax, ay, bx, by, px, py float64) float64 {
	return (bx-ax)*(py-ay) - (by-ay)*(px-ax)
}

// vertexNormals returns the unit area-weighted mean of the normals of the
// faces around each vertex (zero for a vertex in no proper face).
func vertexNormals(m *mesh.Mesh) [][3]float64 {
	vn := make([][3]float64, len(m.V))
	for _, f := range m.F {
		c := vec3.Cross(vec3.Sub(m.V[f[1]], m.V[f[0]]), vec3.Sub(m.V[f[2]], m.V[f[0]])) // length: twice the area
		for _, v := range f {
			vn[v] = [3]float64{vn[v][0] + c[0], vn[v][1] + c[1], vn[v][2] + c[2]}
		}
	}
	for i, n := range vn {
		vn[i], _ = unit3(n)
	}
	return vn
}

// interpolate returns the normal at q, a point of the triangle a, b, c,
// interpolated barycentrically from the corner normals na, nb, nc, or
// fallback when the triangle is degenerate.
func interpolate(a, b, c, na, nb, nc, q, fallback [3]float64) [3]float64 {
	n := vec3.Cross(vec3.Sub(b, a), vec3.Sub(c, a))
	nn := vec3.Dot(n, n)
	if !(nn > 0) {
		return fallback
	}
	la := vec3.Dot(n, vec3.Cross(vec3.Sub(c, b), vec3.Sub(q, b))) / nn
	lb := vec3.Dot(n, vec3.Cross(vec3.Sub(a, c), vec3.Sub(q, c))) / nn
	lc := 1 - la - lb
	return [3]float64{
		la*na[0] + lb*nb[0] + lc*nc[0],
		la*na[1] + lb*nb[1] + lc*nc[1],
		la*na[2] + lb*nb[2] + lc*nc[2],
	}
}
