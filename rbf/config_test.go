package rbf_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/rbf"
)

func TestKernelNames(t *testing.T) {
	for _, k := range []rbf.Kernel{rbf.IVQA, rbf.GaussA, rbf.NLinS} {
		if err := (rbf.Config{Kernel: k}).WithDefaults(rbf.ImageDefaults()).Validate(); err != nil {
			t.Errorf("kernel %q refused: %v", k, err)
		}
	}
	err := (rbf.Config{Kernel: "gauss"}).WithDefaults(rbf.ImageDefaults()).Validate()
	if err == nil || !strings.Contains(err.Error(), "gauss") {
		t.Errorf("unknown kernel: error %v", err)
	}
}

func TestConfigDefaultsAndJSON(t *testing.T) {
	c := rbf.Config{K: 6, NoMSC: true}.WithDefaults(rbf.ImageDefaults())
	if c.K != 6 || !c.NoMSC || c.Kernel != rbf.IVQA || c.Features != 32 || c.FreqMin != 0.125 || c.FreqMax != 4096 {
		t.Errorf("WithDefaults: %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Error(err)
	}
	if err := (rbf.Config{}).Validate(); err == nil {
		t.Error("zero Config validates without defaults")
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var back rbf.Config
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, c) {
		t.Errorf("JSON round trip: %s → %+v, %v", b, back, err)
	}
	if s := rbf.SDFDefaults(); s.Kernel != rbf.NLinS || s.K != 8 || s.Features != 16 || s.FreqMin != 1 || s.FreqMax != 8 {
		t.Errorf("SDFDefaults: %+v", s)
	}
}

func TestConfigValidate(t *testing.T) {
	for name, c := range map[string]rbf.Config{
		"kernel":      {Kernel: "tent"},
		"k":           {K: -1},
		"features":    {Features: -2},
		"freq order":  {FreqMin: 8, FreqMax: 2},
		"init scale":  {InitScale: -1},
		"cache":       {MaxCacheBytes: -1},
		"input scale": {InputScale: []float32{1, 0}},
	} {
		if err := c.WithDefaults(rbf.ImageDefaults()).Validate(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestNewErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	pos := uniform(20, -1, 1, rng)
	ivq := randomShapes(rbf.IVQA, 2, 10, rng)
	notPD := append([]float32(nil), ivq...)
	notPD[0], notPD[1], notPD[2] = 1, 2, 1 // [[1 2] [2 1]]
	for name, c := range map[string]struct {
		cfg         rbf.Config
		dim         int
		pos, shapes []float32
	}{
		"dim":          {rbf.Config{}, 4, pos, ivq},
		"config":       {rbf.Config{K: -3}, 2, pos, ivq},
		"input scale":  {rbf.Config{InputScale: []float32{1, 1, 1}}, 2, pos, ivq},
		"odd centres":  {rbf.Config{}, 2, pos[:19], ivq},
		"fewer than K": {rbf.Config{K: 11}, 2, pos, ivq},
		"shape count":  {rbf.Config{}, 2, pos, ivq[:29]},
		"not PD":       {rbf.Config{}, 2, pos, notPD},
		"tent s":       {rbf.Config{Kernel: rbf.NLinS}, 2, pos, make([]float32, 10)},
	} {
		if _, err := rbf.New(c.cfg, c.dim, c.pos, c.shapes, rng); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestParamsAndState(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 5))
	pos, shapes := uniform(30, -1, 1, rng), randomShapes(rbf.NLinS, 3, 10, rng)
	frozen, _ := rbf.New(rbf.Config{}, 3, pos, shapes, rng)
	if ps, st := frozen.Params(), frozen.State(); len(ps) != 1 || ps[0].Name != "rbf.w" || ps[0].Group != "rbf" ||
		len(ps[0].Data) != 10*16 || len(st) != 2 || st[0].Name != "rbf.pos" || st[1].Name != "rbf.shape" {
		t.Errorf("frozen: params %v, state %v", ps, st)
	}
	trained, _ := rbf.New(rbf.Config{TrainShapes: true}, 3, pos, shapes, rng)
	ps := trained.Params()
	if len(ps) != 3 || ps[1].Group != "rbf.pos" || ps[2].Group != "rbf.shape" || len(trained.State()) != 0 {
		t.Errorf("trained: params %v, state %v", ps, trained.State())
	}
	for _, v := range ps[0].Data {
		if v == 0 || v > 1e-4 || v < -1e-4 {
			t.Fatalf("feature %v outside ±1e-4 (or exactly zero)", v)
		}
	}
}

func TestNewFromData(t *testing.T) {
	// A 64×48 image-like point set with weights on a diagonal edge, in an
	// aspect-preserving frame.
	rng := rand.New(rand.NewPCG(4, 6))
	var pts, wts []float32
	for y := 0; y < 48; y++ {
		for x := 0; x < 64; x++ {
			px, py := (float32(x)+0.5)/32-1, (float32(y)+0.5)/24-1
			pts = append(pts, px, py)
			w := float32(0)
			if d := px - py; d > -0.1 && d < 0.1 {
				w = 1
			}
			wts = append(wts, w+0.01)
		}
	}
	cfg := rbf.Config{InputScale: []float32{1, 0.75}}
	e, err := rbf.NewFromData(cfg, 2, 100, pts, wts, 2, 64, rng)
	if err != nil {
		t.Fatal(err)
	}
	if e.Len() != 100 || e.OutDim() != 32 {
		t.Fatalf("%d RBFs, %d features", e.Len(), e.OutDim())
	}
	c := e.Centers()
	near := 0
	for i := 0; i < len(c); i += 2 {
		if c[i+1] < -0.75 || c[i+1] > 0.75 {
			t.Fatalf("centre %v outside the scaled frame", c[i:i+2])
		}
		if d := c[i] - c[i+1]/0.75; d > -0.15 && d < 0.15 {
			near++
		}
	}
	if near < 50 {
		t.Errorf("only %d of 100 centres near the weighted edge", near)
	}
	if _, err := rbf.NewFromData(rbf.Config{}, 2, 5000, pts, wts, 2, 64, rng); err == nil {
		t.Error("more RBFs than points: no error")
	}
}
