package field

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/neurbf/neurbf/nn"
)

// TestPreMarkRows: the rows a worker marks before a forward pass
// (nn.RowPreMarker, which lazy Adam catches up) are exactly those it marks
// after one (nn.RowMarker), for every table of the image model (2-D: RBFs
// found on the fly and from the per-pixel cache, dense and hashed grid
// levels) and of a small SDF model (3-D: the neighbour lattice, hashed
// levels), points outside the domain included; and a Forward that reuses
// the neighbours PreMarkRows kept (nn.RowPreMarker.UseNeighbours), in two
// runs of points, gives exactly the features of one that searches them.
func TestPreMarkRows(t *testing.T) {
	img := testImage(t, 64)
	im, err := NewImageModel(Config{Params: 20000}, img)
	if err != nil {
		t.Fatal(err)
	}
	task := NewImageTask(img, 300)
	if _, err := im.Encoder.Fix(task.Points()); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	pts := task.Points()
	idx := make([]int32, 500)
	x := make([]float32, 0, 2*len(idx))
	for i := range idx {
		idx[i] = int32(rng.IntN(len(pts) / 2))
		x = append(x, pts[2*idx[i]:2*idx[i]+2]...)
	}
	preMarkCase(t, "image, per-pixel cache", im, x, idx)
	preMarkCase(t, "image, on the fly", im, randomPoints(rng, 500, 2), nil)
	preMarkCase(t, "sdf", smallSDFModel(t), randomPoints(rng, 500, 3), nil)
}

// randomPoints returns n points of dim coordinates in [-1.2, 1.2].
func randomPoints(rng *rand.Rand, n, dim int) []float32 {
	x := make([]float32, n*dim)
	for i := range x {
		x[i] = float32(2.4*rng.Float64() - 1.2)
	}
	return x
}

func preMarkCase(t *testing.T, name string, m *Model, x []float32, idx []int32) {
	t.Helper()
	var pre, post []nn.RowMask
	for k, rt := range m.Encoder.RowTables() {
		var a, b nn.RowMask
		if rt.Width > 0 {
			a = nn.NewRowMask(len(m.Params()[k].Data), rt.Width)
			b = nn.NewRowMask(len(m.Params()[k].Data), rt.Width)
		}
		pre, post = append(pre, a), append(post, b)
	}
	var keep nn.Neighbours
	pm := m.Encoder.NewWorker().(nn.RowPreMarker)
	pm.PreMarkRows(pre, x, idx, &keep)
	w := m.Encoder.NewWorker()
	width, dim := m.Encoder.OutDim(), m.Encoder.InDim()
	n := len(x) / dim
	out := make([]float32, n*width)
	w.Forward(out, width, 0, x, idx)
	w.(nn.RowMarker).MarkRows(post)
	reused := make([]float32, n*width)
	half := n / 2
	for _, r := range [][2]int{{0, half}, {half, n}} {
		var ix []int32
		if idx != nil {
			ix = idx[r[0]:r[1]]
		}
		pm.UseNeighbours(&keep, r[0])
		pm.(nn.EncoderWorker).Forward(reused[r[0]*width:r[1]*width], width, 0, x[r[0]*dim:r[1]*dim], ix)
	}
	if !slices.Equal(out, reused) {
		t.Errorf("%s: a forward pass with the kept neighbours differs from one that searches them", name)
	}
	tables := 0
	for k := range pre {
		if pre[k].Bits == nil {
			continue
		}
		tables++
		if !slices.Equal(pre[k].Bits, post[k].Bits) {
			t.Errorf("%s: %s: the rows marked before the forward pass differ from those marked after it", name, m.Params()[k].Name)
		}
		if !slices.ContainsFunc(pre[k].Bits, func(b uint64) bool { return b != 0 }) {
			t.Errorf("%s: %s: no row marked", name, m.Params()[k].Name)
		}
	}
	if tables < 2 {
		t.Errorf("%s: %d tables with rows, want the grid levels and the RBF features", name, tables)
	}
}
