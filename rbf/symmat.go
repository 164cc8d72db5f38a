package rbf

import "math"

// Small symmetric matrices (D ≤ 3) in float64, for shape checks and
// initialisation.

// posDef reports whether the leading dim×dim block of m is positive
// definite (its Cholesky factorisation succeeds).
func posDef(m *[3][3]float64, dim int) bool {
	var l [3][3]float64
	for j := 0; j < dim; j++ {
		s := m[j][j]
		for k := 0; k < j; k++ {
			s -= l[j][k] * l[j][k]
		}
		if !(s > 0) {
			return false
		}
		l[j][j] = math.Sqrt(s)
		for i := j + 1; i < dim; i++ {
			t := m[i][j]
			for k := 0; k < j; k++ {
				t -= l[i][k] * l[j][k]
			}
			l[i][j] = t / l[j][j]
		}
	}
	return true
}

// invSym returns the inverse of the positive-definite leading dim×dim block
// of m by cofactors (dim is 1, 2 or 3).
func invSym(m *[3][3]float64, dim int) [3][3]float64 {
	var r [3][3]float64
	switch dim {
	case 1:
		r[0][0] = 1 / m[0][0]
	case 2:
		det := m[0][0]*m[1][1] - m[0][1]*m[1][0]
		r[0][0], r[1][1] = m[1][1]/det, m[0][0]/det
		r[0][1], r[1][0] = -m[0][1]/det, -m[1][0]/det
	default:
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				// Cofactor of (j, i): the adjugate's (i, j) entry.
				a, b := (j+1)%3, (j+2)%3
				c, d := (i+1)%3, (i+2)%3
				r[i][j] = m[a][c]*m[b][d] - m[a][d]*m[b][c]
			}
		}
		det := m[0][0]*r[0][0] + m[0][1]*r[1][0] + m[0][2]*r[2][0]
		for i := range r {
			for j := range r[i] {
				r[i][j] /= det
			}
		}
	}
	return r
}
