//go:build !(goexperiment.simd && amd64)

package dist

// candidates sets lo and hi to the lanes' bounds on their squared
// distances to p and returns, as bits, the lanes whose lo is below bound:
// the portable version.
func (g *group) candidates(p *[3]float64, bound float64, lo, hi *[4]float64) uint8 {
	return g.candidatesScalar(p, bound, lo, hi)
}

// straddles returns, as bits, the lanes whose triangle's plane does not
// certainly have x and y strictly on the same side: the portable version.
func (g *group) straddles(x, y *[3]float64) uint8 { return g.straddlesScalar(x, y) }
