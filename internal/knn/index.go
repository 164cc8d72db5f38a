package knn

// Index answers K-nearest queries through the structure that suits the
// dimension: the bucket Grid in 1-D and 2-D, where image centres cover the
// plane fairly evenly, and the KDTree in 3-D, where SDF centres lie on a
// surface and queries come from all of space (a Grid's shells of empty
// cells grow with a query's distance from the surface, a tree's search
// hardly does; docs/DECISIONS.md has the measurements). It is a struct
// rather than an interface so that the query slices, often views of stack
// arrays, do not escape to the heap.
type Index struct {
	grid  *Grid
	tree  *KDTree
	cells *Cells // nil until WithCells builds it
}

// New returns the index for the n = len(points)/dim points (row-major) of
// dimension dim. It panics unless dim is 1, 2 or 3 and there is at least
// one point.
func New(points []float32, dim int) Index {
	if dim == 3 {
		return Index{tree: NewKDTree(points)}
	}
	return Index{grid: NewGrid(points, dim)}
}

// KNearest writes the ids of the len(nb) points nearest to q into nb and
// their squared distances into d2, nearest first (see Grid.KNearest and
// KDTree.KNearest).
func (ix Index) KNearest(nb []int32, d2 []float32, q []float32) {
	if ix.tree != nil {
		ix.tree.KNearest(nb, d2, q)
		return
	}
	ix.grid.KNearest(nb, d2, q)
}

// Within finds, among the len(nb) points nearest to q, those within
// squared distance r2, writes them to the first entries of nb and d2 and
// returns how many there are. The Grid ignores r2 and returns them all:
// it serves kernels of unbounded support.
func (ix Index) Within(nb []int32, d2 []float32, q []float32, r2 float32) int {
	if ix.cells.Fits(len(nb), r2) {
		return ix.cells.KNearestWithin(nb, d2, q)
	}
	if ix.tree != nil {
		return ix.tree.KNearestWithin(nb, d2, q, r2)
	}
	ix.grid.KNearest(nb, d2, q)
	return len(nb)
}

// WithCells returns the index with a lattice (Cells) for Within queries
// of k neighbours within r2 when it is a KDTree and the lattice pays
// (NewCells), else the index unchanged; built on threads goroutines.
// Within answers as before, faster.
func (ix Index) WithCells(k int, r2 float32, threads int) Index {
	if ix.tree != nil {
		ix.cells = NewCells(ix.tree, k, r2, threads)
	}
	return ix
}

// Order returns the points' ids in the order of the Grid's cells
// (Grid.Order), or nil for the KDTree.
func (ix Index) Order() []int32 {
	if ix.grid == nil {
		return nil
	}
	return ix.grid.Order()
}
