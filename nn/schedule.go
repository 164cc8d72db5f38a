package nn

import "math"

// Schedule is a learning rate with cosine decay: LR at step 0, falling along
// half a cosine to Final at step Steps and staying there afterwards, so
// training may continue past the planned length. Steps ≤ 0 means a constant
// LR. (docs/METHOD.md §3: images decay to LR/100, SDFs to LR/10.)
type Schedule struct {
	LR    float64 `json:"lr"`
	Final float64 `json:"final"`
	Steps int     `json:"steps"`
}

// At returns the learning rate of the given step (0 for the first).
func (s Schedule) At(step int) float64 {
	if s.Steps <= 0 {
		return s.LR
	}
	return s.AtFraction(float64(step) / float64(s.Steps))
}

// AtFraction returns the learning rate a fraction f of the way through the
// schedule (clamped to [0,1]); training against a clock uses it.
func (s Schedule) AtFraction(f float64) float64 {
	t := min(max(f, 0), 1)
	return s.Final + (s.LR-s.Final)*0.5*(1+math.Cos(math.Pi*t))
}
