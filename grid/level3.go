package grid

// The 3-D kernels have a fast path for one feature per level (the SDF
// configuration); other widths loop over the features.

// forward3 interpolates one 3-D level at the points of x, writing each
// point's features to out[i*stride+off:] and keeping its eight corner
// offsets (corner b = bx + 2·by + 4·bz) and cell fractions for backward3.
func forward3(out []float32, stride, off int, corner []int32, frac []float32, lv *level, nf int, tab, x []float32) {
	n := len(x) / 3
	r, hi, s := lv.res, lv.res-2, lv.scale
	mask := uint32(lv.rows - 1)
	sy, sz := r*nf, r*r*nf
	corner = corner[:8*n]
	frac = frac[:3*n]
	for i := range n {
		p := x[3*i : 3*i+3 : 3*i+3]
		ix, fx := cell(p[0], s, hi)
		iy, fy := cell(p[1], s, hi)
		iz, fz := cell(p[2], s, hi)
		var c0, c1, c2, c3, c4, c5, c6, c7 int
		if lv.hashed {
			x0, x1 := uint32(ix), uint32(ix+1)
			y0, y1 := uint32(iy), uint32(iy+1)
			z0, z1 := uint32(iz), uint32(iz+1)
			c0 = hash3(x0, y0, z0, mask) * nf
			c1 = hash3(x1, y0, z0, mask) * nf
			c2 = hash3(x0, y1, z0, mask) * nf
			c3 = hash3(x1, y1, z0, mask) * nf
			c4 = hash3(x0, y0, z1, mask) * nf
			c5 = hash3(x1, y0, z1, mask) * nf
			c6 = hash3(x0, y1, z1, mask) * nf
			c7 = hash3(x1, y1, z1, mask) * nf
		} else {
			c0 = (ix + r*iy + r*r*iz) * nf
			c1 = c0 + nf
			c2 = c0 + sy
			c3 = c2 + nf
			c4 = c0 + sz
			c5 = c4 + nf
			c6 = c4 + sy
			c7 = c6 + nf
		}
		c := corner[8*i : 8*i+8 : 8*i+8]
		c[0], c[1], c[2], c[3] = int32(c0), int32(c1), int32(c2), int32(c3)
		c[4], c[5], c[6], c[7] = int32(c4), int32(c5), int32(c6), int32(c7)
		fr := frac[3*i : 3*i+3 : 3*i+3]
		fr[0], fr[1], fr[2] = fx, fy, fz
		fx, _ = lv.weight(fx)
		fy, _ = lv.weight(fy)
		fz, _ = lv.weight(fz)
		w0, w1, w2, w3, w4, w5, w6, w7 := weights3(fx, fy, fz)
		if nf == 1 {
			out[i*stride+off] = w0*tab[c0] + w1*tab[c1] + w2*tab[c2] + w3*tab[c3] +
				w4*tab[c4] + w5*tab[c5] + w6*tab[c6] + w7*tab[c7]
			continue
		}
		o := out[i*stride+off : i*stride+off+nf]
		t0, t1 := tab[c0:c0+len(o)], tab[c1:c1+len(o)]
		t2, t3 := tab[c2:c2+len(o)], tab[c3:c3+len(o)]
		t4, t5 := tab[c4:c4+len(o)], tab[c5:c5+len(o)]
		t6, t7 := tab[c6:c6+len(o)], tab[c7:c7+len(o)]
		for f := range o {
			o[f] = w0*t0[f] + w1*t1[f] + w2*t2[f] + w3*t3[f] +
				w4*t4[f] + w5*t5[f] + w6*t6[f] + w7*t7[f]
		}
	}
}

// weights3 returns the trilinear weights of the eight corners of a cell at
// fractions (fx, fy, fz), corner b = bx + 2·by + 4·bz.
func weights3(fx, fy, fz float32) (w0, w1, w2, w3, w4, w5, w6, w7 float32) {
	gx, gy, gz := 1-fx, 1-fy, 1-fz
	a0, a1, a2, a3 := gy*gz, fy*gz, gy*fz, fy*fz
	return gx * a0, fx * a0, gx * a1, fx * a1, gx * a2, fx * a2, gx * a3, fx * a3
}

// backward3 scatters one 3-D level's output gradients (dout[i*stride+off:])
// into grad and, when dx is non-nil, adds dL/dx to dx.
func backward3(grad, dx []float32, lv *level, nf int, tab []float32, corner []int32, frac []float32, dout []float32, stride, off int) {
	n := len(frac) / 3
	s := lv.scale
	for i := range n {
		c := corner[8*i : 8*i+8 : 8*i+8]
		c0, c1, c2, c3 := int(c[0]), int(c[1]), int(c[2]), int(c[3])
		c4, c5, c6, c7 := int(c[4]), int(c[5]), int(c[6]), int(c[7])
		fr := frac[3*i : 3*i+3 : 3*i+3]
		fx, dfx := lv.weight(fr[0])
		fy, dfy := lv.weight(fr[1])
		fz, dfz := lv.weight(fr[2])
		w0, w1, w2, w3, w4, w5, w6, w7 := weights3(fx, fy, fz)
		var sx, sy, sz float32 // Σ_f dout_f · ∂feature_f/∂fraction
		gx, gy, gz := 1-fx, 1-fy, 1-fz
		if nf == 1 {
			v := dout[i*stride+off]
			grad[c0] += w0 * v
			grad[c1] += w1 * v
			grad[c2] += w2 * v
			grad[c3] += w3 * v
			grad[c4] += w4 * v
			grad[c5] += w5 * v
			grad[c6] += w6 * v
			grad[c7] += w7 * v
			if dx == nil {
				continue
			}
			t0, t1, t2, t3 := tab[c0], tab[c1], tab[c2], tab[c3]
			t4, t5, t6, t7 := tab[c4], tab[c5], tab[c6], tab[c7]
			sx = v * (gy*gz*(t1-t0) + fy*gz*(t3-t2) + gy*fz*(t5-t4) + fy*fz*(t7-t6))
			sy = v * (gx*gz*(t2-t0) + fx*gz*(t3-t1) + gx*fz*(t6-t4) + fx*fz*(t7-t5))
			sz = v * (gx*gy*(t4-t0) + fx*gy*(t5-t1) + gx*fy*(t6-t2) + fx*fy*(t7-t3))
		} else {
			d := dout[i*stride+off : i*stride+off+nf]
			g0, g1 := grad[c0:c0+len(d)], grad[c1:c1+len(d)]
			g2, g3 := grad[c2:c2+len(d)], grad[c3:c3+len(d)]
			g4, g5 := grad[c4:c4+len(d)], grad[c5:c5+len(d)]
			g6, g7 := grad[c6:c6+len(d)], grad[c7:c7+len(d)]
			for f, v := range d {
				g0[f] += w0 * v
				g1[f] += w1 * v
				g2[f] += w2 * v
				g3[f] += w3 * v
				g4[f] += w4 * v
				g5[f] += w5 * v
				g6[f] += w6 * v
				g7[f] += w7 * v
			}
			if dx == nil {
				continue
			}
			t0, t1 := tab[c0:c0+len(d)], tab[c1:c1+len(d)]
			t2, t3 := tab[c2:c2+len(d)], tab[c3:c3+len(d)]
			t4, t5 := tab[c4:c4+len(d)], tab[c5:c5+len(d)]
			t6, t7 := tab[c6:c6+len(d)], tab[c7:c7+len(d)]
			for f, v := range d {
				sx += v * (gy*gz*(t1[f]-t0[f]) + fy*gz*(t3[f]-t2[f]) + gy*fz*(t5[f]-t4[f]) + fy*fz*(t7[f]-t6[f]))
				sy += v * (gx*gz*(t2[f]-t0[f]) + fx*gz*(t3[f]-t1[f]) + gx*fz*(t6[f]-t4[f]) + fx*fz*(t7[f]-t5[f]))
				sz += v * (gx*gy*(t4[f]-t0[f]) + fx*gy*(t5[f]-t1[f]) + gx*fy*(t6[f]-t2[f]) + fx*fy*(t7[f]-t3[f]))
			}
		}
		q := dx[3*i : 3*i+3 : 3*i+3]
		q[0] += s * dfx * sx
		q[1] += s * dfy * sy
		q[2] += s * dfz * sz
	}
}
