package prefetch

import (
	"slices"
	"testing"
)

// TestRowsChangesNothing: prefetching rows, some outside the table, leaves
// the table as it was and does not fault.
func TestRowsChangesNothing(t *testing.T) {
	tab := []float32{1, 2, 3, 4, 5, 6}
	keep := slices.Clone(tab)
	Rows(tab, []int32{0, 2, 1 << 20, -5}, 2)
	Rows(tab, nil, 2)
	Rows([]int32{7}, []int32{0}, 1)
	if !slices.Equal(tab, keep) {
		t.Errorf("table changed: %v", tab)
	}
}
