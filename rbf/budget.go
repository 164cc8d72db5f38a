package rbf

// CountForBudget returns the number of RBFs a parameter budget pays for
// (METHOD §2): (budget − otherParams) divided by the per-RBF cost, which
// counts the frozen centre and shape as the paper does: features + dim +
// dim(dim+1)/2 for the anisotropic kernels, features + dim + 1 for the
// tent. It returns 0 when the budget cannot pay for a single RBF or the
// arguments are invalid (unknown kernel, dim or features not positive).
func CountForBudget(budget, otherParams, dim, features int, k Kernel) int {
	ss := k.ShapeSize(dim)
	if ss == 0 || dim <= 0 || features <= 0 {
		return 0
	}
	rest := budget - otherParams
	if rest <= 0 {
		return 0
	}
	return rest / (features + dim + ss)
}
