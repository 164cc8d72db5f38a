package rbf_test

import (
	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/rbf"
)

// The encoder satisfies package field's interfaces structurally.
var (
	_ field.Encoder = (*rbf.Encoder)(nil)
	_ field.Fixer   = (*rbf.Encoder)(nil)
	_ field.Stater  = (*rbf.Encoder)(nil)
)
