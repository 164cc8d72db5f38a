package field

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/neurbf/neurbf/nn"
)

// tilePrefix is the prefix of tile i's tensor names in a multi-tile
// snapshot.
func tilePrefix(i int) string { return "t" + strconv.Itoa(i) + "/" }

// tensors lists every tile's parameters and frozen tensors, each named
// with its tile's prefix. The values are shared, not copied.
func (t *tiled) tensors() []*nn.Param {
	var ts []*nn.Param
	for i, m := range t.models {
		for _, p := range append(m.Params(), m.Encoder.State()...) {
			ts = append(ts, &nn.Param{Name: tilePrefix(i) + p.Name, Data: p.Data})
		}
	}
	return ts
}

// mergedFromTensors rebuilds a merged model from a multi-tile snapshot's
// header and tensors: each tile from its record's config and the tensors
// under its prefix, then the merge, whose config must be the stored one.
func mergedFromTensors(h SnapshotHeader, ts []tensor) (*Model, error) {
	info := *h.Tiling
	if err := info.Grid.Check(); err != nil {
		return nil, fmt.Errorf("tiling: %w", err)
	}
	n := info.Grid.Count()
	if len(info.Tiles) != n {
		return nil, fmt.Errorf("tiling: a %s grid has %d tiles, the header lists %d", info.Grid, n, len(info.Tiles))
	}
	per := make([][]tensor, n)
	for _, t := range ts {
		pre, name, ok := strings.Cut(t.name, "/")
		i, err := strconv.Atoi(strings.TrimPrefix(pre, "t"))
		if !ok || !strings.HasPrefix(pre, "t") || err != nil || i < 0 || i >= n || tilePrefix(i) != pre+"/" {
			return nil, fmt.Errorf("unexpected tensor %q in a multi-tile snapshot", t.name)
		}
		per[i] = append(per[i], tensor{name, t.data})
	}
	tiles := make([]*Model, n)
	for i := range tiles {
		var err error
		if tiles[i], err = fromTensors(info.Tiles[i].Config, per[i]); err != nil {
			return nil, fmt.Errorf("tile %d: %w", i, err)
		}
	}
	m, err := Merge(info, tiles)
	if err != nil {
		return nil, fmt.Errorf("tiling: %w", err)
	}
	if c := h.Config; c.Task != TaskImage || c.Width != m.Config.Width || c.Height != m.Config.Height || c.Channels != m.Config.Channels {
		return nil, fmt.Errorf("the config describes a %s model of %d×%d×%d, the tiles a %d×%d×%d image", c.Task, c.Width, c.Height, c.Channels, m.Config.Width, m.Config.Height, m.Config.Channels)
	}
	m.Config = h.Config
	return m, nil
}

// LoadHeader reads and verifies the snapshot at path (its checksum
// included) and returns its header without building the model: enough to
// tell which image and tile grid a tile's snapshot belongs to.
func LoadHeader(path string) (SnapshotHeader, error) {
	h, _, err := readSnapshot(path)
	return h, err
}
