package grid_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/neurbf/neurbf/grid"
	"github.com/neurbf/neurbf/nn"
)

func TestImageDefaults(t *testing.T) {
	cfg := grid.ImageDefaults(256, 200)
	e, err := grid.New(2, cfg, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	want := []grid.Level{{Res: 16, Rows: 256}, {Res: 128, Rows: 128 * 128}}
	if got := e.Levels(); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("levels %+v, want %+v", got, want)
	}
	if e.OutDim() != 4 || e.InDim() != 2 {
		t.Errorf("dims %d → %d, want 2 → 4", e.InDim(), e.OutDim())
	}
	// A large odd size still gets dense levels.
	cfg = grid.ImageDefaults(1357, 2041)
	e, err = grid.New(2, cfg, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	for _, lv := range e.Levels() {
		if lv.Hashed {
			t.Errorf("image level %+v is hashed", lv)
		}
	}
}

func TestSDFDefaults(t *testing.T) {
	e, err := grid.New(3, grid.SDFDefaults(), rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	ls := e.Levels()
	if len(ls) != 16 || ls[0].Res != 16 || ls[15].Res != 2048 {
		t.Fatalf("levels %+v, want 16 from 16 to 2048", ls)
	}
	// Geometric growth: ratio 2^(7/15) ≈ 1.382, up to rounding.
	for l := 1; l < len(ls); l++ {
		want := 16 * math.Pow(2, 7*float64(l)/15)
		if math.Abs(float64(ls[l].Res)-want) > 0.5 {
			t.Errorf("level %d resolution %d, want %.1f", l, ls[l].Res, want)
		}
		if dense := ls[l].Res*ls[l].Res*ls[l].Res <= 1<<15; dense == ls[l].Hashed {
			t.Errorf("level %+v: hashed = %v", ls[l], ls[l].Hashed)
		}
	}
	if e.OutDim() != 16 {
		t.Errorf("OutDim %d, want 16", e.OutDim())
	}
	for l, p := range e.Params() {
		if p.Group != "grid" || p.Name != fmt.Sprintf("grid.L%d", l) {
			t.Errorf("param %d named %q in group %q", l, p.Name, p.Group)
		}
		if len(p.Data) != ls[l].Rows || len(p.Grad) != len(p.Data) {
			t.Errorf("param %d holds %d values, want %d", l, len(p.Data), ls[l].Rows)
		}
		for _, v := range p.Data {
			if math.Abs(float64(v)) > 1e-4 {
				t.Fatalf("param %d value %g outside ±1e-4", l, v)
			}
		}
	}
}

func TestWithDefaults(t *testing.T) {
	got := grid.Config{Levels: 4, InitScale: 0.5}.WithDefaults(grid.SDFDefaults())
	want := grid.SDFDefaults()
	want.Levels, want.InitScale = 4, 0.5
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

func TestValidate(t *testing.T) {
	ok := grid.Config{Levels: 1, Features: 1, BaseRes: 8, Log2Table: 10} // MaxRes, InitScale filled
	if err := ok.Validate(); err != nil {
		t.Errorf("%+v: %v", ok, err)
	}
	for _, c := range []struct {
		cfg  grid.Config
		want string
	}{
		{grid.Config{}, "levels = 0"},
		{grid.Config{Levels: 2, Features: 1, BaseRes: 16, Log2Table: 10}, "max_res = 0"},
		{grid.Config{Levels: 2, Features: 1, BaseRes: 16, MaxRes: 8, Log2Table: 10}, "max_res = 8"},
		{grid.Config{Levels: 2, Features: 0, BaseRes: 16, MaxRes: 32, Log2Table: 10}, "features = 0"},
		{grid.Config{Levels: 2, Features: 1, BaseRes: 1, MaxRes: 32, Log2Table: 10}, "base_res = 1"},
		{grid.Config{Levels: 2, Features: 1, BaseRes: 16, MaxRes: 32, Log2Table: 40}, "log2_table = 40"},
		{grid.Config{Levels: 2, Features: 1, BaseRes: 16, MaxRes: 32, Log2Table: 10, InitScale: -1}, "init_scale = -1"},
	} {
		err := c.cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want one mentioning %q", c.cfg, err, c.want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 1))
	if _, err := grid.New(4, ok, rng); err == nil {
		t.Error("New accepted dimension 4")
	}
	if _, err := grid.New(2, grid.Config{}, rng); err == nil || !strings.HasPrefix(err.Error(), "grid: ") {
		t.Errorf("New with an empty config: error %v, want one starting with \"grid: \"", err)
	}
	if _, err := grid.New(2, ok, nil); err == nil {
		t.Error("New accepted a nil random source")
	}
}

func TestParamCount(t *testing.T) {
	for _, c := range []struct {
		dim int
		cfg grid.Config
	}{
		{2, grid.ImageDefaults(256, 256)},
		{2, grid.Config{Levels: 16, Features: 2, BaseRes: 16, MaxRes: 256, Log2Table: 12}},
		{3, grid.SDFDefaults()},
	} {
		e, err := grid.New(c.dim, c.cfg, rand.New(rand.NewPCG(1, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := c.cfg.ParamCount(c.dim), nn.Count(e.Params()); got != want {
			t.Errorf("%+v: ParamCount %d, encoder has %d", c.cfg, got, want)
		}
	}
	if got := grid.ImageDefaults(256, 256).ParamCount(2); got != 16*16*2+128*128*2 {
		t.Errorf("image defaults: %d parameters, want the paper's 33,280", got)
	}
}
