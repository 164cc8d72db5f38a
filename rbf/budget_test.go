package rbf_test

import (
	"fmt"
	"testing"

	"github.com/neurbf/neurbf/rbf"
)

// The paper's 256² image setting: a 128K budget minus the grid
// (16²·2 + 128²·2), the MLP (36·64+64 + 64·64+64 + 64·3+3) and the bias (36).
const paperOther = 16*16*2 + 128*128*2 + (36*64 + 64) + (64*64 + 64) + (64*3 + 3) + 36

func TestCountForTrainable(t *testing.T) {
	for _, c := range []struct {
		budget, other, dim, f int
		k                     rbf.Kernel
		train                 bool
		want                  int
	}{
		{128000, paperOther, 2, 32, rbf.IVQA, false, (128000 - 40039) / 32}, // 2748
		{128000, paperOther, 2, 32, rbf.IVQA, true, (128000 - 40039) / 37},
		{856000, 0, 3, 16, rbf.NLinS, false, 856000 / 16},
		{856000, 0, 3, 16, rbf.NLinS, true, 856000 / 20},
		{40039 + 31, paperOther, 2, 32, rbf.IVQA, false, 0},
		{40039 + 32, paperOther, 2, 32, rbf.IVQA, false, 1},
		{1000, paperOther, 2, 32, rbf.IVQA, false, 0},
		{128000, 0, 2, 0, rbf.IVQA, false, 0},
		{128000, 0, 2, 32, "nope", false, 0},
	} {
		if got := rbf.CountForTrainable(c.budget, c.other, c.dim, c.f, c.k, c.train); got != c.want {
			t.Errorf("CountForTrainable(%d, %d, %d, %d, %s, %v) = %d, want %d", c.budget, c.other, c.dim, c.f, c.k, c.train, got, c.want)
		}
	}
}

func ExampleCountForTrainable() {
	// 256² image, 128K trainable parameters: grid 33,280, MLP 6,723,
	// bias 36; each RBF trains its 32 features (centre and shape frozen).
	fmt.Println(rbf.CountForTrainable(128000, paperOther, 2, 32, rbf.IVQA, false))
	// Output: 2748
}
