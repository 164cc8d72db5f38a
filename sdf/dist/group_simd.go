//go:build goexperiment.simd && amd64

package dist

import (
	"math"
	"simd/archsimd"
)

// candidates sets lo and hi to the lanes' bounds on their squared
// distances to p and returns, as bits, the lanes whose lo is below bound:
// group.estimate for the four lanes at once in AVX2, the same float64
// operations in the same order.
func (g *group) candidates(p *[3]float64, bound float64, lo, hi *[4]float64) uint8 {
	if !useSIMD {
		return g.candidatesScalar(p, bound, lo, hi)
	}
	zero, one, two := archsimd.BroadcastFloat64x4(0), archsimd.BroadcastFloat64x4(1), archsimd.BroadcastFloat64x4(2)
	apx := archsimd.BroadcastFloat64x4(p[0]).Sub(archsimd.LoadFloat64x4(&g.ax))
	apy := archsimd.BroadcastFloat64x4(p[1]).Sub(archsimd.LoadFloat64x4(&g.ay))
	apz := archsimd.BroadcastFloat64x4(p[2]).Sub(archsimd.LoadFloat64x4(&g.az))
	ap2 := apx.Mul(apx).Add(apy.Mul(apy)).Add(apz.Mul(apz))
	d1 := archsimd.LoadFloat64x4(&g.e0x).Mul(apx).Add(archsimd.LoadFloat64x4(&g.e0y).Mul(apy)).Add(archsimd.LoadFloat64x4(&g.e0z).Mul(apz))
	d2 := archsimd.LoadFloat64x4(&g.e1x).Mul(apx).Add(archsimd.LoadFloat64x4(&g.e1y).Mul(apy)).Add(archsimd.LoadFloat64x4(&g.e1z).Mul(apz))
	a00, a01, a11 := archsimd.LoadFloat64x4(&g.a00), archsimd.LoadFloat64x4(&g.a01), archsimd.LoadFloat64x4(&g.a11)
	t := d1.Mul(archsimd.LoadFloat64x4(&g.inv00)).Max(zero).Min(one)
	eab := ap2.Add(t.Mul(t.Mul(a00).Sub(two.Mul(d1))))
	t = d2.Mul(archsimd.LoadFloat64x4(&g.inv11)).Max(zero).Min(one)
	eac := ap2.Add(t.Mul(t.Mul(a11).Sub(two.Mul(d2))))
	u := d2.Sub(a01).Sub(d1.Sub(a00))
	bc2 := a00.Add(a11).Sub(two.Mul(a01))
	t = u.Mul(archsimd.LoadFloat64x4(&g.invBC)).Max(zero).Min(one)
	bp2 := ap2.Sub(two.Mul(d1)).Add(a00)
	ebc := bp2.Add(t.Mul(t.Mul(bc2).Sub(two.Mul(u))))
	e := eab.Min(eac).Min(ebc)
	invDet := archsimd.LoadFloat64x4(&g.invDet)
	vv := a11.Mul(d1).Sub(a01.Mul(d2)).Mul(invDet)
	ww := a00.Mul(d2).Sub(a01.Mul(d1)).Mul(invDet)
	inside := vv.GreaterEqual(zero).And(ww.GreaterEqual(zero)).And(vv.Add(ww).LessEqual(one))
	e = ap2.Sub(vv.Mul(d1).Add(ww.Mul(d2))).Merge(e, inside)
	slack := archsimd.BroadcastFloat64x4(slackFactor).Mul(ap2.Add(archsimd.LoadFloat64x4(&g.l2))).Mul(two.Add(ap2.Mul(archsimd.LoadFloat64x4(&g.kq))))
	trusted := archsimd.LoadFloat64x4(&g.trust).Greater(zero)
	l := e.Sub(slack).Merge(zero, trusted)
	e.Add(slack).Merge(archsimd.BroadcastFloat64x4(math.Inf(1)), trusted).Store(hi)
	l.Store(lo)
	return l.Less(archsimd.BroadcastFloat64x4(bound)).ToBits()
}

// straddles returns, as bits, the lanes whose triangle's plane does not
// certainly have x and y strictly on the same side, for four lanes at once
// in AVX2: the same float64 operations as group.side.
func (g *group) straddles(x, y *[3]float64) uint8 {
	if !useSIMD {
		return g.straddlesScalar(x, y)
	}
	zero := archsimd.BroadcastFloat64x4(0)
	ax, ay, az := archsimd.LoadFloat64x4(&g.ax), archsimd.LoadFloat64x4(&g.ay), archsimd.LoadFloat64x4(&g.az)
	nx, ny, nz := archsimd.LoadFloat64x4(&g.nx), archsimd.LoadFloat64x4(&g.ny), archsimd.LoadFloat64x4(&g.nz)
	f := archsimd.BroadcastFloat64x4(sideFactor).Mul(archsimd.LoadFloat64x4(&g.l2))
	// n·(x − a) and n·(y − a) with their error bounds; |v| is max(v, −v).
	dx := archsimd.BroadcastFloat64x4(x[0]).Sub(ax)
	dy := archsimd.BroadcastFloat64x4(x[1]).Sub(ay)
	dz := archsimd.BroadcastFloat64x4(x[2]).Sub(az)
	sx := nx.Mul(dx).Add(ny.Mul(dy)).Add(nz.Mul(dz))
	bx := f.Mul(dx.Max(zero.Sub(dx)).Add(dy.Max(zero.Sub(dy))).Add(dz.Max(zero.Sub(dz))))
	dx = archsimd.BroadcastFloat64x4(y[0]).Sub(ax)
	dy = archsimd.BroadcastFloat64x4(y[1]).Sub(ay)
	dz = archsimd.BroadcastFloat64x4(y[2]).Sub(az)
	sy := nx.Mul(dx).Add(ny.Mul(dy)).Add(nz.Mul(dz))
	by := f.Mul(dx.Max(zero.Sub(dx)).Add(dy.Max(zero.Sub(dy))).Add(dz.Max(zero.Sub(dz))))
	front := sx.Greater(bx).And(sy.Greater(by))
	back := sx.Less(zero.Sub(bx)).And(sy.Less(zero.Sub(by)))
	return ^front.Or(back).ToBits() & 0xf
}
