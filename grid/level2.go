package grid

// forward2 interpolates one 2-D level at the points of x, writing each
// point's features to out[i*stride+off:] and keeping its corner offsets
// (order 00, 10, 01, 11; x fastest) and cell fractions for backward2.
func forward2(out []float32, stride, off int, corner []int32, frac []float32, lv *level, nf int, tab, x []float32) {
	n := len(x) / 2
	r, hi, s := lv.res, lv.res-2, lv.scale
	mask := uint32(lv.rows - 1)
	corner = corner[:4*n]
	frac = frac[:2*n]
	for i := range n {
		p := x[2*i : 2*i+2 : 2*i+2]
		ix, fx := cell(p[0], s, hi)
		iy, fy := cell(p[1], s, hi)
		var c00, c10, c01, c11 int
		if lv.hashed {
			x0, x1 := uint32(ix), uint32(ix+1)
			y0, y1 := uint32(iy), uint32(iy+1)
			c00 = hash2(x0, y0, mask) * nf
			c10 = hash2(x1, y0, mask) * nf
			c01 = hash2(x0, y1, mask) * nf
			c11 = hash2(x1, y1, mask) * nf
		} else {
			c00 = (ix + r*iy) * nf
			c10 = c00 + nf
			c01 = c00 + r*nf
			c11 = c01 + nf
		}
		c := corner[4*i : 4*i+4 : 4*i+4]
		c[0], c[1], c[2], c[3] = int32(c00), int32(c10), int32(c01), int32(c11)
		fr := frac[2*i : 2*i+2 : 2*i+2]
		fr[0], fr[1] = fx, fy
		fx, _ = lv.weight(fx)
		fy, _ = lv.weight(fy)
		gx, gy := 1-fx, 1-fy
		w00, w10, w01, w11 := gx*gy, fx*gy, gx*fy, fx*fy
		o := out[i*stride+off : i*stride+off+nf]
		t00 := tab[c00 : c00+len(o)]
		t10 := tab[c10 : c10+len(o)]
		t01 := tab[c01 : c01+len(o)]
		t11 := tab[c11 : c11+len(o)]
		for f := range o {
			o[f] = w00*t00[f] + w10*t10[f] + w01*t01[f] + w11*t11[f]
		}
	}
}

// backward2 scatters one 2-D level's output gradients (dout[i*stride+off:])
// into grad and, when dx is non-nil, adds dL/dx to dx.
func backward2(grad, dx []float32, lv *level, nf int, tab []float32, corner []int32, frac []float32, dout []float32, stride, off int) {
	n := len(frac) / 2
	s := lv.scale
	for i := range n {
		c := corner[4*i : 4*i+4 : 4*i+4]
		c00, c10, c01, c11 := int(c[0]), int(c[1]), int(c[2]), int(c[3])
		fr := frac[2*i : 2*i+2 : 2*i+2]
		fx, dfx := lv.weight(fr[0])
		fy, dfy := lv.weight(fr[1])
		gx, gy := 1-fx, 1-fy
		w00, w10, w01, w11 := gx*gy, fx*gy, gx*fy, fx*fy
		d := dout[i*stride+off : i*stride+off+nf]
		g00 := grad[c00 : c00+len(d)]
		g10 := grad[c10 : c10+len(d)]
		g01 := grad[c01 : c01+len(d)]
		g11 := grad[c11 : c11+len(d)]
		for f, v := range d {
			g00[f] += w00 * v
			g10[f] += w10 * v
			g01[f] += w01 * v
			g11[f] += w11 * v
		}
		if dx == nil {
			continue
		}
		t00 := tab[c00 : c00+len(d)]
		t10 := tab[c10 : c10+len(d)]
		t01 := tab[c01 : c01+len(d)]
		t11 := tab[c11 : c11+len(d)]
		var sx, sy float32
		for f, v := range d {
			sx += v * (gy*(t10[f]-t00[f]) + fy*(t11[f]-t01[f]))
			sy += v * (gx*(t01[f]-t00[f]) + fx*(t11[f]-t10[f]))
		}
		q := dx[2*i : 2*i+2 : 2*i+2]
		q[0] += s * dfx * sx
		q[1] += s * dfy * sy
	}
}
