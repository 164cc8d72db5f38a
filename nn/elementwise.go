package nn

// elementwise is the set of per-element passes of the decoder (everything an
// MLPWorker does between the matrix products) and SincosSlice. Like kernels,
// it dispatches so that a SIMD implementation (behind a build tag) can replace
// the portable one at init. All matrices are row-major with len(bias) columns.
type elementwise struct {
	name string
	// sincos sets sin[i], cos[i] = sin(x[i]), cos(x[i]).
	sincos func(sin, cos, x []float32)
	// residual evaluates the residual sine layer on rows rows: with
	// v = pre + b0 (h0), it sets h1 = v + sin(v·f) and, when deriv is set,
	// overwrites pre with dh1/dh0 = 1 + f·cos(v·f). Without deriv, pre and
	// h1 may be the same slice.
	residual func(pre, h1, b0, freqs []float32, rows int, deriv bool)
	// biasReLU sets x = max(x + b, 0).
	biasReLU func(x, b []float32, rows int)
	// reluGrad zeroes g where a ≤ 0 and sets sum to the column sums of the
	// result, adding the rows in order.
	reluGrad func(g, a, sum []float32, rows int)
	// scaleGrad multiplies g by d elementwise and sets sum to the column
	// sums of the result, adding the rows in order.
	scaleGrad func(g, d, sum []float32, rows int)
}

// portableElem is the scalar implementation; it runs everywhere.
var portableElem = elementwise{
	name:      "scalar",
	sincos:    sincosScalar,
	residual:  residualScalar,
	biasReLU:  biasReLUScalar,
	reluGrad:  reluGradScalar,
	scaleGrad: scaleGradScalar,
}

// ew is the elementwise implementation in use.
var ew = portableElem

// SincosSlice sets sin[i], cos[i] = sin(x[i]), cos(x[i]) for every i of x
// (destinations first, like every slice routine of the package),
// each to within a few float32 roundings (see Sincos; the SIMD build's
// vector path is documented in sincos_simd_amd64.go). It panics if sin or
// cos is shorter than x.
func SincosSlice(sin, cos, x []float32) {
	if len(sin) < len(x) || len(cos) < len(x) {
		panic("nn: SincosSlice: output shorter than input")
	}
	ew.sincos(sin[:len(x)], cos[:len(x)], x)
}

func sincosScalar(sin, cos, x []float32) {
	for i, v := range x {
		sin[i], cos[i] = Sincos(v)
	}
}

func residualScalar(pre, h1, b0, freqs []float32, rows int, deriv bool) {
	h := len(b0)
	freqs = freqs[:h]
	for r := range rows {
		p, o := pre[r*h:(r+1)*h], h1[r*h:(r+1)*h]
		if !deriv {
			for j, f := range freqs {
				v := p[j] + b0[j]
				s, _ := Sincos(v * f)
				o[j] = v + s
			}
			continue
		}
		for j, f := range freqs {
			v := p[j] + b0[j]
			s, c := Sincos(v * f)
			o[j] = v + s
			p[j] = 1 + f*c
		}
	}
}

func biasReLUScalar(x, b []float32, rows int) {
	h := len(b)
	for r := range rows {
		row := x[r*h : (r+1)*h]
		for j, v := range b {
			row[j] = max(row[j]+v, 0)
		}
	}
}

func reluGradScalar(g, a, sum []float32, rows int) { reluGradCols(g, a, sum, rows, 0) }

// reluGradCols is reluGradScalar restricted to the columns from j0 on.
func reluGradCols(g, a, sum []float32, rows, j0 int) {
	h := len(sum)
	s := sum[j0:]
	clear(s)
	for r := range rows {
		gr, ar := g[r*h+j0:(r+1)*h], a[r*h+j0:(r+1)*h]
		for j := range gr {
			if ar[j] <= 0 {
				gr[j] = 0
			}
			s[j] += gr[j]
		}
	}
}

func scaleGradScalar(g, d, sum []float32, rows int) { scaleGradCols(g, d, sum, rows, 0) }

// scaleGradCols is scaleGradScalar restricted to the columns from j0 on.
func scaleGradCols(g, d, sum []float32, rows, j0 int) {
	h := len(sum)
	s := sum[j0:]
	clear(s)
	for r := range rows {
		gr, dr := g[r*h+j0:(r+1)*h], d[r*h+j0:(r+1)*h]
		for j := range gr {
			gr[j] *= dr[j]
			s[j] += gr[j]
		}
	}
}
