//go:build !(goexperiment.simd && amd64)

package dist

// childDist2 sets d[c] to the squared distance from p to the box of n's
// child c and returns the children nearer than best2 as bits: the
// portable version.
func (n *qnode) childDist2(p *[3]float64, best2 float64, d *[width]float64) uint8 {
	return n.childDist2Scalar(p, best2, d)
}
