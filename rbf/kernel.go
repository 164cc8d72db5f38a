package rbf

import (
	"fmt"
	"math"
)

// Kernel names a radial basis function (docs/METHOD.md §1.2). With d = x − c:
type Kernel string

const (
	// IVQA is the anisotropic inverse quadratic φ = 1/(1 + dᵀSd), S
	// symmetric positive-definite. The images' kernel.
	IVQA Kernel = "ivq_a"
	// GaussA is the anisotropic Gaussian φ = exp(−½ dᵀSd).
	GaussA Kernel = "gauss_a"
	// NLinS is the N-linear tent φ = ∏_j max(0, 1 − |d_j|·s) with one width
	// parameter s > 0 per RBF. The SDFs' kernel.
	NLinS Kernel = "nlin_s"
)

// parseKernel returns the kernel called name, or an error naming the
// kernels there are.
func parseKernel(name string) (Kernel, error) {
	switch k := Kernel(name); k {
	case IVQA, GaussA, NLinS:
		return k, nil
	}
	return "", fmt.Errorf("unknown RBF kernel %q (want %s, %s or %s)", name, IVQA, GaussA, NLinS)
}

// ShapeSize is the number of shape values per RBF in dimension dim: the
// dim(dim+1)/2 upper-triangle entries of S, row by row (S00, S01, …, S11,
// …), for the anisotropic kernels, and the single s of the tent. It is 0
// for an unknown kernel.
func (k Kernel) ShapeSize(dim int) int {
	switch k {
	case IVQA, GaussA:
		return dim * (dim + 1) / 2
	case NLinS:
		return 1
	}
	return 0
}

// supportRadius2 returns the squared radius beyond which the kernel of
// shape s is exactly zero, or +Inf when its support is unbounded: for the
// tent, φ = 0 unless |d_j| < 1/s on every axis, so within √dim / s.
func (k Kernel) supportRadius2(s []float32, dim int) float64 {
	if k != NLinS {
		return math.Inf(1)
	}
	w := float64(s[0])
	return float64(dim) / (w * w)
}

// quadForm returns dᵀSd for the upper triangle s of S.
func quadForm(d *[3]float64, s []float32, dim int) float64 {
	q, t := 0.0, 0
	for a := 0; a < dim; a++ {
		q += float64(s[t]) * d[a] * d[a]
		t++
		for b := a + 1; b < dim; b++ {
			q += 2 * float64(s[t]) * d[a] * d[b]
			t++
		}
	}
	return q
}

// value returns φ at offset d for the shape values s.
func (k Kernel) value(d *[3]float64, s []float32, dim int) float64 {
	switch k {
	case IVQA:
		return 1 / (1 + quadForm(d, s, dim))
	case GaussA:
		return math.Exp(-0.5 * quadForm(d, s, dim))
	}
	w, phi := float64(s[0]), 1.0
	for a := 0; a < dim; a++ {
		phi *= max(0, 1-math.Abs(d[a])*w)
	}
	return phi
}

// grad returns dφ/dd and dφ/ds (the latter in the layout of s) at offset d.
// The tent's derivative is taken as zero where φ is zero.
func (k Kernel) grad(d *[3]float64, s []float32, dim int) (gd [3]float64, gs [6]float64) {
	if k == NLinS {
		w := float64(s[0])
		var t [3]float64
		for a := 0; a < dim; a++ {
			t[a] = 1 - math.Abs(d[a])*w
			if t[a] <= 0 {
				return gd, gs
			}
		}
		for a := 0; a < dim; a++ {
			rest := 1.0
			for b := 0; b < dim; b++ {
				if b != a {
					rest *= t[b]
				}
			}
			gd[a] = -rest * w * sign(d[a])
			gs[0] -= rest * math.Abs(d[a])
		}
		return gd, gs
	}
	q := quadForm(d, s, dim)
	var dq float64 // dφ/dq
	if k == IVQA {
		phi := 1 / (1 + q)
		dq = -phi * phi
	} else {
		dq = -0.5 * math.Exp(-0.5*q)
	}
	t := 0
	for a := 0; a < dim; a++ {
		gs[t] = dq * d[a] * d[a]
		gd[a] += 2 * dq * float64(s[t]) * d[a]
		t++
		for b := a + 1; b < dim; b++ {
			gs[t] = 2 * dq * d[a] * d[b]
			gd[a] += 2 * dq * float64(s[t]) * d[b]
			gd[b] += 2 * dq * float64(s[t]) * d[a]
			t++
		}
	}
	return gd, gs
}

func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// checkShape returns an error unless s is a valid shape for k: S positive
// definite for the anisotropic kernels, s > 0 for the tent.
func (k Kernel) checkShape(s []float32, dim int) error {
	for _, v := range s {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("shape value %v is not finite", v)
		}
	}
	if k == NLinS {
		if s[0] <= 0 {
			return fmt.Errorf("tent width parameter s = %v is not positive", s[0])
		}
		return nil
	}
	var m [3][3]float64
	t := 0
	for a := 0; a < dim; a++ {
		for b := a; b < dim; b++ {
			m[a][b], m[b][a] = float64(s[t]), float64(s[t])
			t++
		}
	}
	if !posDef(&m, dim) {
		return fmt.Errorf("shape matrix %v is not positive definite", s)
	}
	return nil
}
