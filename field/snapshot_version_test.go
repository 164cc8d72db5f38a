package field

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/neurbf/neurbf/grid"
)

// TestLoadVersion1 reads testdata/snapshot-v1.nrbf, written by the code of
// format version 1 (before provenance): an untrained 8×6 image model with
// seed 7, saved as 12 steps in 0.25 s. Its values at four points were
// printed by the same program that wrote it.
func TestLoadVersion1(t *testing.T) {
	m, h, err := Load(filepath.Join("testdata", "snapshot-v1.nrbf"))
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != 1 || h.Provenance != nil || h.Steps != 12 || h.Seconds != 0.25 {
		t.Errorf("header: version %d, provenance %v, %d steps, %gs", h.Version, h.Provenance, h.Steps, h.Seconds)
	}
	if m.Config.Width != 8 || m.Config.Height != 6 || m.Config.Channels != 3 || m.Config.Train.Seed != 7 {
		t.Errorf("config %+v", m.Config)
	}
	x := []float32{0.1, -0.3, 0.7, 0.2}
	want := []float32{0.16370079, -0.31364205, -0.11763637, 0.16538352, -0.31653878, -0.11758098}
	got := make([]float32, len(want))
	m.Eval(got, x)
	for i := range want {
		if math.Abs(float64(got[i]-want[i])) > 1e-5 {
			t.Errorf("value %d: %g, the version-1 program gave %g", i, got[i], want[i])
		}
	}
}

// TestSnapshotProvenanceRoundTrip: a snapshot saved with a provenance is
// written as the current version and reads back with every field.
func TestSnapshotProvenanceRoundTrip(t *testing.T) {
	m, _, err := Load(filepath.Join("testdata", "snapshot-v1.nrbf"))
	if err != nil {
		t.Fatal(err)
	}
	p := Provenance{Input: "photos/a b.png", InputSHA256: "ab12", Seed: 7, Command: "neurbf fit image 'photos/a b.png'",
		Version: "(devel)", Revision: "0123abc+modified", CPU: "some CPU", Kernels: "asm", Interrupted: true}
	path := filepath.Join(t.TempDir(), "p.nrbf")
	if err := m.SaveWithHeader(path, SnapshotHeader{Steps: 3, Seconds: 1.5, Provenance: &p}); err != nil {
		t.Fatal(err)
	}
	m2, h, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != SnapshotVersion || h.Steps != 3 || h.Seconds != 1.5 || h.Provenance == nil || *h.Provenance != p {
		t.Errorf("header: version %d, %d steps, %gs, provenance %+v", h.Version, h.Steps, h.Seconds, h.Provenance)
	}
	if m2.Config.Width != m.Config.Width || m2.TrainableParams() != m.TrainableParams() {
		t.Errorf("config changed: %+v", m2.Config)
	}
}

// TestLoadVersion2 reads testdata/snapshot-v2.nrbf, written by the code of
// format version 2 (provenance, before tiles; commit 196ac93): an
// untrained 8×6 image model with seed 9 of a synthetic picture, saved as 4
// steps in 0.5 s. Its values at two points were printed by the same
// program that wrote it.
func TestLoadVersion2(t *testing.T) {
	m, h, err := Load(filepath.Join("testdata", "snapshot-v2.nrbf"))
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != 2 || h.Provenance == nil || h.Provenance.Input != "in.png" || h.Steps != 4 || h.Seconds != 0.5 || h.Tile != nil || h.Tiling != nil {
		t.Errorf("header: version %d, provenance %+v, %d steps, %gs", h.Version, h.Provenance, h.Steps, h.Seconds)
	}
	if m.Config.Width != 8 || m.Config.Height != 6 || m.Config.Train.Seed != 9 || m.Tiling() != nil {
		t.Errorf("config %+v", m.Config)
	}
	x := []float32{0.1, -0.3, 0.7, 0.2}
	want := []float32{0.1934011, -0.08330203, -0.12768446, 0.19523454, -0.08421825, -0.13252313}
	got := make([]float32, len(want))
	m.Eval(got, x)
	for i := range want {
		if math.Abs(float64(got[i]-want[i])) > 1e-5 {
			t.Errorf("value %d: %g, the version-2 program gave %g", i, got[i], want[i])
		}
	}
}

// TestLoadSDFBeforeInterp reads testdata/snapshot-sdf-linear.nrbf, an SDF
// model of the fandisk (20K budget, seed 3, 150 steps) written by faac61f,
// before grid.Config.Interp existed, when every grid was linear. It must
// load with linear weights although an SDF grid now defaults to smooth
// ones: its values at four points are those faac61f's Eval printed.
func TestLoadSDFBeforeInterp(t *testing.T) {
	m, _, err := Load(filepath.Join("testdata", "snapshot-sdf-linear.nrbf"))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Config.Grid.Interp; got != grid.InterpLinear {
		t.Errorf("grid interp %q, want %q", got, grid.InterpLinear)
	}
	x := []float32{0.1, -0.3, 0.2, -0.45, 0.05, 0.33, 0.6, 0.61, -0.2, 0.013, 0.021, -0.7}
	want := []float32{-0.00038588501, 0.0116398744, 0.00999446865, 0.0288844761}
	got := make([]float32, len(want))
	m.Eval(got, x)
	for i := range want {
		if math.Abs(float64(got[i]-want[i])) > 1e-6 {
			t.Errorf("value %d: %g, faac61f gave %g", i, got[i], want[i])
		}
	}
}
