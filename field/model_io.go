package field

import (
	"fmt"
	"math/rand/v2"

	"github.com/neurbf/neurbf/rbf"
)

// Save writes the model to path as a snapshot (docs/SNAPSHOT.md), with the
// number of training steps and seconds it has seen. The file is replaced
// atomically.
func (m *Model) Save(path string, steps int, seconds float64) error {
	return m.SaveWithHeader(path, SnapshotHeader{Steps: steps, Seconds: seconds})
}

// SaveWithHeader writes the model to path as a snapshot whose header is h
// with the model's config (h.Config and h.Format are overwritten): the
// way to record a Provenance. A merged model is written as a multi-tile
// snapshot (h.Tiling is overwritten with its tiling). The file is replaced
// atomically.
func (m *Model) SaveWithHeader(path string, h SnapshotHeader) error {
	h.Config = m.Config
	if m.tiles != nil {
		info := m.tiles.info
		h.Tiling = &info
		return writeSnapshot(path, h, m.tiles.tensors())
	}
	h.Tiling = nil
	ts := append(m.Params(), m.Encoder.State()...)
	return writeSnapshot(path, h, ts)
}

// Load reads a snapshot written by Save (any version from 1 to
// SnapshotVersion; h.Version says which). The model it returns evaluates
// bit for bit like the one saved; a multi-tile snapshot gives a merged
// model (Merge).
func Load(path string) (*Model, SnapshotHeader, error) {
	h, ts, err := readSnapshot(path)
	if err != nil {
		return nil, h, err
	}
	var m *Model
	if h.Tiling != nil {
		m, err = mergedFromTensors(h, ts)
	} else {
		m, err = fromTensors(h.Config, ts)
	}
	if err != nil {
		return nil, h, fmt.Errorf("%s: %w", path, err)
	}
	return m, h, nil
}

// fromTensors rebuilds a model from its config and stored tensors.
func fromTensors(cfg Config, ts []tensor) (*Model, error) {
	byName := make(map[string][]float32, len(ts))
	for _, t := range ts {
		if _, dup := byName[t.name]; dup {
			return nil, fmt.Errorf("tensor %q stored twice", t.name)
		}
		byName[t.name] = t.data
	}
	cfg, err := cfg.Resolve()
	if err != nil {
		return nil, fmt.Errorf("stored config: %w", err)
	}
	m, err := build(cfg, func(rc rbf.Config, n int, rng *rand.Rand) (*rbf.Encoder, error) {
		return rbf.New(rc, cfg.dim(), byName[rbf.CentersName], byName[rbf.ShapesName], rng)
	})
	if err != nil {
		return nil, err
	}
	want := append(m.Params(), m.Encoder.State()...)
	for _, p := range want {
		d, ok := byName[p.Name]
		if !ok {
			return nil, fmt.Errorf("tensor %q is missing", p.Name)
		}
		if len(d) != len(p.Data) {
			return nil, fmt.Errorf("tensor %q has %d values, the config implies %d", p.Name, len(d), len(p.Data))
		}
		copy(p.Data, d)
		delete(byName, p.Name)
	}
	for name := range byName {
		return nil, fmt.Errorf("unexpected tensor %q", name)
	}
	return m, nil
}
