package render

import (
	"math"
)

// tracer is one goroutine's scratch for sphere tracing a chunk of at most
// MaxBatch rays.
type tracer struct {
	points, grad []float32    // batch passed to the SDF, 3 per ray
	dist         []float32    // its distances, 1 per ray
	dir          [][3]float64 // unit direction of each ray of the chunk
	t, t0, t1    []float64    // current, entry and exit ray distances
	hit          []bool       // whether the ray stopped on the surface
	active       []int32      // rays of the chunk still marching
}

func newTracer() *tracer {
	return &tracer{
		points: make([]float32, 3*MaxBatch),
		grad:   make([]float32, 3*MaxBatch),
		dist:   make([]float32, MaxBatch),
		dir:    make([][3]float64, MaxBatch),
		t:      make([]float64, MaxBatch),
		t0:     make([]float64, MaxBatch),
		t1:     make([]float64, MaxBatch),
		hit:    make([]bool, MaxBatch),
		active: make([]int32, 0, MaxBatch),
	}
}

// trace renders pixels p0 … p1−1 (at most MaxBatch) of rd's picture.
func (tr *tracer) trace(rd *SDFRenderer, p0, p1 int) {
	fr, opt := &rd.fr, &rd.opt
	w := rd.dst.W
	eye := fr.eye
	tr.active = tr.active[:0]
	for i := range p1 - p0 {
		p := p0 + i
		d := fr.ray(float64(p%w)+0.5, float64(p/w)+0.5)
		tr.dir[i], tr.hit[i] = d, false
		if a, b, ok := clipBox(eye, d); ok {
			tr.t[i], tr.t0[i], tr.t1[i] = a, a, b
			tr.active = append(tr.active, int32(i))
		}
	}

	// March every active ray one step per SDF call.
	for step := 0; step < opt.MaxSteps && len(tr.active) > 0; step++ {
		na := len(tr.active)
		tr.gather(eye, tr.active)
		rd.f(tr.dist[:na], nil, tr.points[:3*na])
		still := tr.active[:0]
		for k, i := range tr.active {
			d := float64(tr.dist[k])
			switch {
			case math.IsNaN(d):
				// A miss: leave it.
			case math.Abs(d) < opt.Epsilon, d < 0 && tr.t[i] <= tr.t0[i]:
				tr.hit[i] = true
			default:
				tr.t[i] = max(tr.t[i]+opt.StepFactor*d, tr.t0[i])
				if tr.t[i] <= tr.t1[i] {
					still = append(still, i)
				}
			}
		}
		tr.active = still
	}

	// Normals of the hits, from one batch with gradients.
	if rd.look.mode != Depth {
		tr.active = tr.active[:0]
		for i := range p1 - p0 {
			if tr.hit[i] {
				tr.active = append(tr.active, int32(i))
			}
		}
		if nh := len(tr.active); nh > 0 {
			tr.gather(eye, tr.active)
			rd.f(tr.dist[:nh], tr.grad[:3*nh], tr.points[:3*nh])
		}
	}

	pix := rd.dst.Pix[3*p0 : 3*p1]
	k := 0 // index of the next hit in the gradient batch
	for i := range p1 - p0 {
		c := pix[3*i : 3*i+3]
		if !tr.hit[i] {
			rd.look.miss(c)
			continue
		}
		var n [3]float64
		if rd.look.mode != Depth {
			g := tr.grad[3*k : 3*k+3]
			n = surfaceNormal([3]float64{float64(g[0]), float64(g[1]), float64(g[2])}, tr.dir[i])
			k++
		}
		rd.look.hit(c, tr.t[i], n)
	}
}

// gather writes the current points of the rays idx into tr.points.
func (tr *tracer) gather(eye [3]float64, idx []int32) {
	for k, i := range idx {
		t, d := tr.t[i], tr.dir[i]
		q := tr.points[3*k : 3*k+3]
		q[0] = float32(eye[0] + t*d[0])
		q[1] = float32(eye[1] + t*d[1])
		q[2] = float32(eye[2] + t*d[2])
	}
}
