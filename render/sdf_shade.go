package render

import (
	"fmt"
	"image/color"

	"github.com/neurbf/neurbf/internal/vec3"
)

// Mode is what a 3-D view shows of the surface it hits. Sphere-traced SDFs
// and rasterised meshes follow the same conventions, so the two can be
// compared pixel for pixel.
type Mode int

const (
	// Shade is Lambertian shading plus an ambient term, in the Shading's
	// albedo, lit by a headlight or a fixed directional light.
	Shade Mode = iota
	// Normals is the normal map: the unit world-space normal n as the RGB
	// colour n·0.5 + 0.5.
	Normals
	// Depth is the distance from the eye to the hit along the ray through
	// Viridis, near bright (yellow) and far dark (purple); the scale spans
	// the unit ball about the origin as seen from the eye
	// (Camera.DepthRange), and DepthBar draws its legend.
	Depth
)

// modeNames are the names of the modes, as ParseMode reads them.
var modeNames = [...]string{Shade: "shade", Normals: "normals", Depth: "depth"}

// String returns the mode's name: "shade", "normals" or "depth".
func (m Mode) String() string {
	if m < 0 || int(m) >= len(modeNames) {
		return fmt.Sprintf("Mode(%d)", int(m))
	}
	return modeNames[m]
}

// ParseMode returns the mode named s ("shade", "normals" or "depth").
func ParseMode(s string) (Mode, error) {
	for m, name := range modeNames {
		if s == name {
			return Mode(m), nil
		}
	}
	return 0, fmt.Errorf("render: unknown view mode %q: want shade, normals or depth", s)
}

// ambient is the fraction of the albedo that Shade shows on a surface
// facing away from the light, so that no part of it is black.
const ambient = 0.2

// Default colours of a zero Shading.
var (
	defaultBackground color.Color = color.White
	defaultAlbedo     color.Color = color.NRGBA{R: 204, G: 190, B: 172, A: 255} // clay
)

// Shading is the look shared by the SDF and mesh views. Its zero value is
// a clay surface under a headlight on white.
type Shading struct {
	// Background fills the pixels whose ray hits nothing; nil is white.
	// Opacity is ignored (the pictures are opaque).
	Background color.Color
	// Albedo is the surface colour of the Shade mode, opacity ignored;
	// nil is clay gray.
	Albedo color.Color
	// Light is the direction towards a fixed directional light, in world
	// coordinates (any length). The zero vector is a headlight: light
	// from the eye, along the viewing direction.
	Light [3]float64
}

// look is a Shading resolved for one camera and mode.
type look struct {
	mode       Mode
	bg, albedo [3]float32
	light      [3]float64 // unit vector towards the light
	near, far  float64    // ray distances at the ends of the depth scale
}

// resolve checks s and the mode and returns the look for the camera frame f.
func (s *Shading) resolve(mode Mode, f *frame) (look, error) {
	if mode < 0 || int(mode) >= len(modeNames) {
		return look{}, fmt.Errorf("render: unknown view %v", mode)
	}
	lk := look{mode: mode, bg: rgb(s.Background, defaultBackground), albedo: rgb(s.Albedo, defaultAlbedo)}
	if s.Light == [3]float64{} {
		lk.light = [3]float64{-f.fwd[0], -f.fwd[1], -f.fwd[2]}
	} else {
		l, ok := unit3(s.Light)
		if !ok {
			return look{}, fmt.Errorf("render: light direction %v is not a finite non-zero vector", s.Light)
		}
		lk.light = l
	}
	lk.near, lk.far = f.depthRange()
	return lk, nil
}

// rgb returns c (def when nil) as red, green and blue in [0,1], ignoring
// its opacity.
func rgb(c, def color.Color) [3]float32 {
	if c == nil {
		c = def
	}
	r, g, b, a := c.RGBA() // alpha-premultiplied
	if a == 0 {
		return [3]float32{}
	}
	fa := float32(a)
	return [3]float32{float32(r) / fa, float32(g) / fa, float32(b) / fa}
}

// miss writes the background colour into dst (3 values).
func (lk *look) miss(dst []float32) {
	dst[0], dst[1], dst[2] = lk.bg[0], lk.bg[1], lk.bg[2]
}

// hit writes into dst (3 values) the colour of a surface point at ray
// distance t with unit normal n.
func (lk *look) hit(dst []float32, t float64, n [3]float64) {
	switch lk.mode {
	case Shade:
		s := float32(ambient + (1-ambient)*max(vec3.Dot(n, lk.light), 0))
		dst[0], dst[1], dst[2] = lk.albedo[0]*s, lk.albedo[1]*s, lk.albedo[2]*s
	case Normals:
		for k := range 3 {
			dst[k] = float32(n[k]*0.5 + 0.5)
		}
	case Depth:
		r, g, b := viridisRGB(1 - (t-lk.near)/(lk.far-lk.near))
		dst[0], dst[1], dst[2] = float32(r), float32(g), float32(b)
	}
}

// surfaceNormal returns the unit vector along g, or −dir (facing the eye)
// when g has no direction: a zero, infinite or NaN gradient.
func surfaceNormal(g, dir [3]float64) [3]float64 {
	if n, ok := unit3(g); ok {
		return n
	}
	return [3]float64{-dir[0], -dir[1], -dir[2]}
}
