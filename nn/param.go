package nn

// Param is one trainable tensor: its values, its accumulated gradient, a
// unique name (the key in snapshots) and the optimiser group it belongs to
// (each group has its own learning rate and schedule).
type Param struct {
	Name  string
	Group string
	Data  []float32
	Grad  []float32
}

// NewParam returns a zero-valued parameter of n values.
func NewParam(name, group string, n int) *Param {
	return &Param{Name: name, Group: group, Data: make([]float32, n), Grad: make([]float32, n)}
}

// Count returns the total number of values in ps.
func Count(ps []*Param) int {
	n := 0
	for _, p := range ps {
		n += len(p.Data)
	}
	return n
}
