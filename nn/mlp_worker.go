package nn

// MLPWorker evaluates an MLP within one goroutine. It keeps the forward
// values the backward pass needs and scratch sized for the largest batch
// seen so far. Workers of one MLP may run concurrently; one worker may not.
type MLPWorker struct {
	m *MLP
	n int       // samples of the last Forward
	z []float32 // input of the last Forward (the caller's memory)

	// Per-sample state kept by Forward for Backward, n×Hidden each:
	// deriv = dh1/dh0 = 1 + m0·cos(h0·m0), h1, and h2 (after the ReLU).
	deriv, h1, h2 []float32

	// Tile scratch (kern.tile×Hidden) and per-tile bias sums (Hidden).
	ga, gb []float32
	bsum   []float32
}

// NewWorker returns a worker for m.
func (m *MLP) NewWorker() *MLPWorker {
	h := m.hidden
	return &MLPWorker{
		m:    m,
		ga:   make([]float32, kern.tile*h),
		gb:   make([]float32, kern.tile*h),
		bsum: make([]float32, max(h, m.out)),
	}
}

// Forward evaluates the n samples of z (n×In, row-major) into out (n×Out),
// destination first, and keeps what Backward needs, including a reference to z: z must not
// change until Backward has run. It panics if the slices are too short.
func (w *MLPWorker) Forward(out, z []float32, n int) {
	m := w.m
	w.check(out, z, n)
	w.n, w.z = n, z[:n*m.in]
	if need := n * m.hidden; cap(w.h1) < need {
		w.deriv = make([]float32, need)
		w.h1 = make([]float32, need)
		w.h2 = make([]float32, need)
	}
	w.deriv, w.h1, w.h2 = w.deriv[:n*m.hidden], w.h1[:n*m.hidden], w.h2[:n*m.hidden]
	h := m.hidden
	for r0 := 0; r0 < n; r0 += kern.tile {
		r1 := min(r0+kern.tile, n)
		w.tile(z[r0*m.in:r1*m.in], r1-r0, out[r0*m.out:r1*m.out],
			w.deriv[r0*h:r1*h], w.h1[r0*h:r1*h], w.h2[r0*h:r1*h])
	}
}

// Infer evaluates the n samples of z into out like Forward but keeps no
// state for a backward pass, so its memory does not grow with n. It leaves
// the state of the last Forward intact.
func (w *MLPWorker) Infer(out, z []float32, n int) {
	m := w.m
	w.check(out, z, n)
	for r0 := 0; r0 < n; r0 += kern.tile {
		r1 := min(r0+kern.tile, n)
		rows := (r1 - r0) * m.hidden
		w.tile(z[r0*m.in:r1*m.in], r1-r0, out[r0*m.out:r1*m.out], nil, w.ga[:rows], w.gb[:rows])
	}
}

func (w *MLPWorker) check(out, z []float32, n int) {
	m := w.m
	if n < 0 || len(z) < n*m.in || len(out) < n*m.out {
		panic("nn: MLP input or output too short for the batch")
	}
}

// tile runs the forward pass on rows samples. When deriv is nil only the
// output is wanted and h1 holds h0 until it is overwritten in place.
func (w *MLPWorker) tile(z []float32, rows int, out, deriv, h1, h2 []float32) {
	m := w.m
	h := m.hidden
	pre := h1
	if deriv != nil {
		pre = deriv
	}
	MatMul(pre, z, m.w0.Data, rows, m.in, h, false)
	ew.residual(pre, h1, m.b0.Data[:h], m.freqs[:h], rows, deriv != nil)
	MatMul(h2, h1, m.w1.Data, rows, h, h, false)
	ew.biasReLU(h2, m.b1.Data[:h], rows)
	MatMul(out, h2, m.w2.Data, rows, h, m.out, false)
	addBias(out, m.b2.Data, rows)
}

// addBias adds b to each of the rows rows of x (rows×len(b)).
func addBias(x, b []float32, rows int) {
	c := len(b)
	for r := 0; r < rows; r++ {
		row := x[r*c : (r+1)*c]
		for j, v := range b {
			row[j] += v
		}
	}
}

// Backward takes dL/dout (n×Out) for the samples of the last Forward, adds
// the parameter gradients to grads (aligned with MLP.Params, each as long
// as its parameter) and, when dz is non-nil, writes dL/dz (n×In) into dz.
// The destinations come first, as in Forward.
// It panics on a shape mismatch.
func (w *MLPWorker) Backward(grads [][]float32, dz, dout []float32) {
	m := w.m
	n, h, in, out := w.n, m.hidden, m.in, m.out
	if len(dout) < n*out || (dz != nil && len(dz) < n*in) {
		panic("nn: MLP backward buffers too short for the batch")
	}
	if len(grads) != 6 {
		panic("nn: MLP backward needs 6 gradient buffers")
	}
	for k, p := range m.Params() {
		if len(grads[k]) != len(p.Data) {
			panic("nn: MLP gradient buffer " + p.Name + " has the wrong length")
		}
	}
	gw0, gb0, gw1, gb1, gw2, gb2 := grads[0], grads[1], grads[2], grads[3], grads[4], grads[5]
	for r0 := 0; r0 < n; r0 += kern.tile {
		r1 := min(r0+kern.tile, n)
		rows := r1 - r0
		dO := dout[r0*out : r1*out]
		h1, h2, deriv := w.h1[r0*h:r1*h], w.h2[r0*h:r1*h], w.deriv[r0*h:r1*h]
		d2, d0 := w.ga[:rows*h], w.gb[:rows*h]

		// Output layer.
		MatMulTransA(gw2, h2, dO, rows, h, out, true)
		colSumInto(gb2, w.bsum[:out], dO, rows)

		// dL/d(pre-ReLU of layer 1): dout·W2ᵀ where h2 > 0.
		MatMulTransB(d2, dO, m.w2.Data, rows, out, h, false)
		bs := w.bsum[:h]
		ew.reluGrad(d2, h2, bs, rows)
		addTo(gb1, bs)
		MatMulTransA(gw1, h1, d2, rows, h, h, true)

		// dL/dh0 = (d2·W1ᵀ) ⊙ (1 + m0·cos(h0·m0)).
		MatMulTransB(d0, d2, m.w1.Data, rows, h, h, false)
		ew.scaleGrad(d0, deriv, bs, rows)
		addTo(gb0, bs)
		MatMulTransA(gw0, w.z[r0*in:r1*in], d0, rows, in, h, true)
		if dz != nil {
			MatMulTransB(dz[r0*in:r1*in], d0, m.w0.Data, rows, h, in, false)
		}
	}
}

// colSumInto adds the column sums of x (rows×len(dst)) to dst, summing each
// tile first in sum so that long batches lose less precision.
func colSumInto(dst, sum, x []float32, rows int) {
	c := len(dst)
	clear(sum)
	for r := 0; r < rows; r++ {
		for j, v := range x[r*c : (r+1)*c] {
			sum[j] += v
		}
	}
	addTo(dst, sum)
}

// addTo adds src to dst elementwise.
func addTo(dst, src []float32) {
	for i, v := range src {
		dst[i] += v
	}
}
