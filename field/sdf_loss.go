package field

// mapeEps is the 0.01 of the MAPE loss's denominator.
const mapeEps = 0.01

// mapeTerm is one row's MAPE term, |p − g| / (|g| + 0.01).
func mapeTerm(p, g float32) float32 {
	e := p - g
	if e < 0 {
		e = -e
	}
	if g < 0 {
		g = -g
	}
	return e / (g + mapeEps)
}

// MAPE is the SDF loss of docs/METHOD.md §3, the mean absolute percentage
// error |p − g| / (|g| + 0.01) over the batch. It writes dL/dpred into
// dpred, destination first (the sign of p − g over (|g| + 0.01), divided
// by total; 0 where p = g), for the rows given and returns the sum of
// their losses.
func MAPE(dpred, pred, target []float32, total int) float64 {
	inv := 1 / float32(total)
	var sum float64
	for i, p := range pred {
		g := target[i]
		if g < 0 {
			g = -g
		}
		den := g + mapeEps
		d := p - target[i]
		switch {
		case d > 0:
			dpred[i] = inv / den
			sum += float64(d / den)
		case d < 0:
			dpred[i] = -inv / den
			sum -= float64(d / den)
		default:
			dpred[i] = 0
		}
	}
	return sum
}

// weightedMAPE is MAPE with the terms of the rows whose target is 0 (the
// surface points) multiplied by w, in the loss and in dpred.
func weightedMAPE(dpred, pred, target []float32, total int, w float32) float64 {
	MAPE(dpred, pred, target, total)
	var sum float64
	for i, p := range pred {
		e := mapeTerm(p, target[i])
		if target[i] == 0 {
			e *= w
			dpred[i] *= w
		}
		sum += float64(e)
	}
	return sum
}
