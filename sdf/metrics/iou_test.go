package metrics

import (
	"math"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/sdf/mc"
	"github.com/neurbf/neurbf/sdf/sdftest"
)

// ball returns the signed distance field of the ball of radius r about c.
func ball(c [3]float64, r float64) mc.ScalarFunc {
	return sdftest.DistFunc(sdftest.Sphere{Center: c, Radius: r})
}

func TestOccupancyAdd(t *testing.T) {
	var o Occupancy
	o.Add([]float32{0, 1, -1, -2, 3, -0.5}, []float32{2, -1, 0, -1, 0, -3})
	want := Occupancy{OutOut: 2, OutIn: 1, InOut: 1, InIn: 2}
	if o != want {
		t.Fatalf("counts %+v, want %+v", o, want)
	}
	if got := o.IoUOutside(); got != 0.5 {
		t.Errorf("outside IoU %g, want 2/4", got)
	}
	if got := o.IoUInside(); got != 0.5 {
		t.Errorf("inside IoU %g, want 2/4", got)
	}
	if got := (Occupancy{}).IoUInside(); got != 1 {
		t.Errorf("IoU of two empty sets %g, want 1", got)
	}
}

func TestIoUSelf(t *testing.T) {
	f := ball([3]float64{0.1, 0, -0.2}, 0.6)
	g, err := GridIoU(f, f, 33, EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := PointIoU(f, f, 10000, 1, EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []Occupancy{g, p} {
		if o.IoUOutside() != 1 || o.IoUInside() != 1 || o.OutIn+o.InOut != 0 || o.InIn == 0 {
			t.Errorf("field against itself: %+v", o)
		}
	}
	if n := g.OutOut + g.OutIn + g.InOut + g.InIn; n != 33*33*33 {
		t.Errorf("grid counted %d points, want 33³", n)
	}
}

// TestIoUOffsetBalls compares two balls of radius r whose centres are d
// apart with the exact volumes: the lens where they meet has volume
// π(4r + d)(2r − d)²/12.
func TestIoUOffsetBalls(t *testing.T) {
	const r, d = 0.5, 0.3
	a, b := ball([3]float64{-d / 2, 0.01, 0}, r), ball([3]float64{d / 2, 0.01, 0}, r)
	inter := math.Pi * (4*r + d) * (2*r - d) * (2*r - d) / 12
	union := 2*4*math.Pi/3*r*r*r - inter
	wantIn, wantOut := inter/union, (8-union)/(8-inter)
	g, err := GridIoU(a, b, 129, EvalOptions{Batch: 1000})
	if err != nil {
		t.Fatal(err)
	}
	p, err := PointIoU(a, b, 1_000_000, 7, EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		o    Occupancy
	}{{"grid", g}, {"points", p}} {
		if in := c.o.IoUInside(); math.Abs(in-wantIn) > 0.01 {
			t.Errorf("%s: inside IoU %.4f, want %.4f", c.name, in, wantIn)
		}
		if out := c.o.IoUOutside(); math.Abs(out-wantOut) > 0.005 {
			t.Errorf("%s: outside IoU %.4f, want %.4f", c.name, out, wantOut)
		}
		t.Logf("%s: inside %.4f (exact %.4f), outside %.4f (exact %.4f)", c.name, c.o.IoUInside(), wantIn, c.o.IoUOutside(), wantOut)
	}
}

func TestIoUErrors(t *testing.T) {
	f := ball([3]float64{}, 0.5)
	if _, err := GridIoU(f, f, 1, EvalOptions{}); err == nil || !strings.Contains(err.Error(), "resolution 1") {
		t.Errorf("grid of 1: error %v", err)
	}
	if _, err := PointIoU(f, f, 0, 1, EvalOptions{}); err == nil || !strings.Contains(err.Error(), "0 random points") {
		t.Errorf("no points: error %v", err)
	}
}
