package grid_test

import (
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/grid"
)

// The grid encoder satisfies the model's encoder interface structurally.
var _ field.Encoder = (*grid.Encoder)(nil)
