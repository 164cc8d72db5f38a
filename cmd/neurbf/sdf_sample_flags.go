package main

import (
	"fmt"

	"github.com/neurbf/neurbf/field"
)

// sdfSampleFlags choose where `neurbf fit sdf` draws its off-surface
// training samples (field.SDFTaskOptions).
type sdfSampleFlags struct {
	nearSigma  float64
	importance float64
}

// addSampleFlags declares the sampling flags on c.
func addSampleFlags(c *command, s *sdfSampleFlags) {
	c.Float64Var(&s.nearSigma, "near-sigma", field.DefaultNearSigma,
		"standard deviation, per coordinate in the normalised [-1,1]³ frame, of the noise that places the near-surface "+
			"samples around the surface (3/8 of each batch); a smaller value concentrates them in a thinner band, "+
			"where the zero level set and its normals are decided. The first pool of samples keeps 0.01 (the paper's), "+
			"later pool refreshes use this value; 0.01 gives the paper's sampling")
	c.Float64Var(&s.importance, "importance", 0,
		"share in [0, 1] of the near-surface samples drawn in proportion to their last seen loss instead of uniformly "+
			"(0: all uniform; an experiment: it fitted the Armadillo worse at equal steps)")
}

// check rejects sampling settings that cannot work.
func (s sdfSampleFlags) check() error {
	switch {
	case !(s.nearSigma > 0 && s.nearSigma <= 0.5):
		return fmt.Errorf("%w: --near-sigma must be in (0, 0.5], got %v", errUsage, s.nearSigma)
	case !(s.importance >= 0 && s.importance <= 1):
		return fmt.Errorf("%w: --importance must be in [0, 1], got %v", errUsage, s.importance)
	}
	return nil
}

// options are the task options the flags give, with threads for the
// initial pool.
func (s sdfSampleFlags) options(threads int) field.SDFTaskOptions {
	return field.SDFTaskOptions{Threads: threads, NearSigma: s.nearSigma, Importance: s.importance}
}
