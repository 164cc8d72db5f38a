package rbf

// CountForBudget returns the number of RBFs a parameter budget pays for
// (docs/METHOD.md §2): (budget − otherParams) divided by the per-RBF cost, which
// counts the frozen centre and shape as the paper does: features + dim +
// dim(dim+1)/2 for the anisotropic kernels, features + dim + 1 for the
// tent. It returns 0 when the budget cannot pay for a single RBF or the
// arguments are invalid (unknown kernel, dim or features not positive).
func CountForBudget(budget, otherParams, dim, features int, k Kernel) int {
	ss := k.ShapeSize(dim)
	if ss == 0 || dim <= 0 || features <= 0 {
		return 0
	}
	return perRBF(budget, otherParams, features+dim+ss)
}

// CountForTrainable returns the number of RBFs that make a model of
// budget trainable parameters: (budget − otherParams) divided by the
// trainable values of one RBF, its features alone when centres and shapes
// are frozen, features + dim + k.ShapeSize(dim) when they are trained. It
// returns 0 when the budget cannot pay for a single RBF or the arguments
// are invalid.
//
// Unlike CountForBudget, it does not charge the frozen centres and shapes
// to the budget: images count their budget this way (field.Config), so
// that a 128K budget is a model of 128K trainable parameters, as in the
// paper's image settings.
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
