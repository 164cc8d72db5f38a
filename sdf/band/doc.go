// Package band evaluates a fitted signed distance field only in a narrow
// band around its zero set, and interpolates it everywhere else.
//
// Marching cubes at 512³, IoU over millions of points and the viewer's
// 256³ texture each ask for hundreds of millions of values of a neural
// field, almost all of them far from the surface, where only the sign (or a
// conservative distance) matters. A Lattice holds the field on a regular
// lattice over [−1, 1]³; New builds a sequence of them coarse to fine: the
// coarsest is evaluated everywhere, each finer one through the coarser
// one. A query whose
// lattice cell has all eight corner values of one sign and larger in
// magnitude than a margin of 1.5 cell diagonals gets the trilinear
// interpolation of the corners, which has that sign; every other point, and
// every point outside the box, is evaluated. A few million evaluations then
// stand in for hundreds of millions.
//
// This assumes the field is distance-like away from its surface (|∇f|
// below about 1.5, as a MAPE-trained SDF is): a spurious blob of the field
// smaller than a cell of the coarsest lattice and far from all its corners
// can be missed. New refuses (ok false) a field that leaves most cells of
// its coarsest lattice undecided, such as an untrained model, for which a
// lattice would cost more than it saves.
package band
