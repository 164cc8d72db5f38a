package rbf

// CountForTrainable returns the number of RBFs that make a model of
// budget trainable parameters: (budget − otherParams) divided by the
// trainable values of one RBF, its features alone when centres and shapes
// are frozen, features + dim + k.ShapeSize(dim) when they are trained. It
// returns 0 when the budget cannot pay for a single RBF or the arguments
// are invalid.
//
// Frozen centres and shapes are not charged to the budget: a budget is a
// count of trainable values, the size of what is optimised (docs/METHOD.md
// §2; §6 says how this differs from other ways of counting).
func CountForTrainable(budget, otherParams, dim, features int, k Kernel, trainShapes bool) int {
	ss := k.ShapeSize(dim)
	if ss == 0 || dim <= 0 || features <= 0 {
		return 0
	}
	cost := features
	if trainShapes {
		cost += dim + ss
	}
	return perRBF(budget, otherParams, cost)
}

// perRBF returns how many RBFs of the given cost fit in budget −
// otherParams, or 0.
func perRBF(budget, otherParams, cost int) int {
	rest := budget - otherParams
	if rest <= 0 {
		return 0
	}
	return rest / cost
}
