package render

import (
	"math"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlotCurves(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "psnr.png")
	var full, ablated Series
	full.Name, ablated.Name = "NeuRBF", "no RBF"
	for i := range 50 {
		s := float64(i) * 2
		full.X = append(full.X, s)
		full.Y = append(full.Y, 45-25*math.Exp(-s/20))
		ablated.X = append(ablated.X, s)
		ablated.Y = append(ablated.Y, 38-20*math.Exp(-s/30))
	}
	if err := PlotCurves(path, "PSNR while fitting", "time (s)", "PSNR (dB)", full, ablated); err != nil {
		t.Fatal(err)
	}
	m := decodePNG(t, path)
	// 15×10 cm at 96 dpi.
	if b := m.Bounds(); b.Dx() < 500 || b.Dx() > 650 || b.Dy() < 330 || b.Dy() > 430 {
		t.Errorf("plot is %v, want about 567×378", b)
	}
	onlyFiles(t, dir, "psnr.png")
}

func TestPlotCurvesErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.png")
	ok := Series{Name: "ok", X: []float64{0, 1}, Y: []float64{1, 2}}
	for name, series := range map[string][]Series{
		"no series": nil,
		"lengths":   {ok, {Name: "bad", X: []float64{0, 1}, Y: []float64{1}}},
		"empty":     {{Name: "empty"}},
		"infinite":  {{Name: "inf", X: []float64{0, 1}, Y: []float64{1, math.Inf(1)}}},
		"NaN":       {{Name: "nan", X: []float64{math.NaN(), 1}, Y: []float64{1, 2}}},
	} {
		err := PlotCurves(path, "t", "x", "y", series...)
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("%s: error %v does not name %s", name, err, path)
		}
	}
	bad := filepath.Join(dir, "no", "p.png")
	if err := PlotCurves(bad, "t", "x", "y", ok); err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("unwritable path: error %v does not name %s", err, bad)
	}
}
