package vec3

import (
	"math"
	"testing"
)

func TestOperations(t *testing.T) {
	a, b := [3]float64{1, 2, 3}, [3]float64{-4, 0.5, 2}
	if got, want := Add(a, b), [3]float64{-3, 2.5, 5}; got != want {
		t.Errorf("Add = %v, want %v", got, want)
	}
	if got, want := Sub(a, b), [3]float64{5, 1.5, 1}; got != want {
		t.Errorf("Sub = %v, want %v", got, want)
	}
	if got, want := Scale(-2, a), [3]float64{-2, -4, -6}; got != want {
		t.Errorf("Scale = %v, want %v", got, want)
	}
	if got, want := Dot(a, b), 3.0; got != want {
		t.Errorf("Dot = %v, want %v", got, want)
	}
	// (2·2 − 3·0.5, 3·(−4) − 1·2, 1·0.5 − 2·(−4))
	if got, want := Cross(a, b), [3]float64{2.5, -14, 8.5}; got != want {
		t.Errorf("Cross = %v, want %v", got, want)
	}
	if c := Cross(a, b); Dot(c, a) != 0 || Dot(c, b) != 0 {
		t.Errorf("Cross %v not orthogonal to its factors", c)
	}
	// The right-hand rule on the axes.
	if got := Cross([3]float64{1, 0, 0}, [3]float64{0, 1, 0}); got != [3]float64{0, 0, 1} {
		t.Errorf("x × y = %v, want z", got)
	}
	if got := Norm([3]float64{2, -3, 6}); got != 7 {
		t.Errorf("Norm = %v, want 7", got)
	}
	u := Unit([3]float64{0, 3, -4})
	if d := Sub(u, [3]float64{0, 0.6, -0.8}); Norm(d) > 1e-15 {
		t.Errorf("Unit = %v, want (0, 0.6, −0.8)", u)
	}
	if math.Abs(Norm(Unit(a))-1) > 1e-15 {
		t.Errorf("|Unit(a)| = %v", Norm(Unit(a)))
	}
	if got := Unit([3]float64{}); got != [3]float64{} {
		t.Errorf("Unit of zero = %v, want zero", got)
	}
}
