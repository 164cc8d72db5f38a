package field

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// sparseTrainer returns a trainer of a size×size hybrid model on
// stratified batches of batch pixels, its parameters trained as choice
// says.
func sparseTrainer(t *testing.T, choice sparseChoice, threads, size, batch int) *Trainer {
	t.Helper()
	img := testImage(t, size)
	m, err := NewImageModel(Config{Params: 20000, Train: TrainConfig{Batch: batch, Seed: 3}}, img)
	if err != nil {
		t.Fatal(err)
	}
	task := NewImageTask(img, batch)
	if _, err := m.Encoder.Fix(task.Points()); err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(m, task, threads)
	if err != nil {
		t.Fatal(err)
	}
	tr.crew.sparse = choice
	t.Cleanup(tr.Close)
	return tr
}

// TestSparseGradients: over batches reaching different rows, the sparse
// clearing and summing leave in every parameter's Grad exactly the dense
// path's gradient (zeros included), on one thread or three, for batches of
// 300 pixels of 64×64 (two shards, a part of the RBFs and of the fine grid
// level reached) and of 3·8192 of 160×160 (three shards). Both models
// come from the same seed, and their parameters are reset to it after each
// batch.
func TestSparseGradients(t *testing.T) {
	for _, c := range []struct{ size, batch int }{{64, 300}, {160, 3 * minShard}} {
		sparseGradients(t, c.size, c.batch)
	}
}

func sparseGradients(t *testing.T, size, batch int) {
	dense := sparseTrainer(t, sparseNone, 2, size, batch)
	dense.crew.sparsify(batch, dense.opt)
	for _, threads := range []int{1, 3} {
		sparse := sparseTrainer(t, sparseGrads, threads, size, batch)
		sparse.crew.sparsify(batch, sparse.opt)
		nSparse := 0
		for _, w := range sparse.crew.rows {
			if w > 0 {
				nSparse++
			}
		}
		if nSparse < 2 {
			t.Fatalf("%d sparse parameters, want the RBF features and the grid levels", nSparse)
		}
		var init [][]float32
		for _, p := range dense.crew.params {
			init = append(init, slices.Clone(p.Data))
		}
		rng := rand.New(rand.NewPCG(1, 2))
		for step := range 4 {
			b := dense.Task.Sample(step, rng)
			n := b.size(2)
			if want := shardsFor(batch); shardsFor(n) != want {
				t.Fatalf("%d samples in a batch of %d", n, batch)
			}
			for _, tr := range []*Trainer{dense, sparse} {
				tr.opt.StepBegin() // the sum steps Adam, whose changes are undone below
				tr.crew.step(b, n)
				for k, p := range tr.crew.params {
					copy(p.Data, init[k])
				}
			}
			reached := 0
			for k, p := range dense.crew.params {
				q := sparse.crew.params[k]
				if !slices.Equal(p.Grad, q.Grad) {
					t.Fatalf("%d threads, batch %d: %s gradient differs from the dense path's", threads, step, p.Name)
				}
				if u := sparse.crew.union[k]; u.Bits != nil {
					for r := range len(p.Data) / u.Width {
						if u.Has(r) {
							reached++
						} else if slices.ContainsFunc(p.Grad[r*u.Width:(r+1)*u.Width], func(v float32) bool { return v != 0 }) {
							t.Fatalf("%s row %d has gradient but is not in the union", p.Name, r)
						}
					}
				}
			}
			if reached == 0 {
				t.Fatal("no row reached")
			}
		}
	}
}

// TestSparseThreads: sparse training (lazy Adam) gives the same parameters
// on any thread count.
func TestSparseThreads(t *testing.T) {
	var res [][]float32
	for _, threads := range []int{1, 2, 3} {
		tr := sparseTrainer(t, sparseAll, threads, 64, 300)
		for range 4 {
			tr.Step()
		}
		res = append(res, allValues(tr.Model))
	}
	if !slices.Equal(res[0], res[1]) || !slices.Equal(res[0], res[2]) {
		t.Error("sparse training differs between thread counts")
	}
}

// TestSparseStepAllocatesNothing: after the first, a sparse step allocates
// nothing.
func TestSparseStepAllocatesNothing(t *testing.T) {
	for _, threads := range []int{1, 2} {
		tr := sparseTrainer(t, sparseAll, threads, 64, 300)
		tr.Step()
		runtime.GC()
		if a := testing.AllocsPerRun(5, func() { tr.Step() }); a != 0 {
			t.Errorf("%d threads: %v allocations per sparse step", threads, a)
		}
	}
}

// TestSparseCrossover: the paper's 256² setting (every pixel every step)
// trains densely; a batch reaching few of a table's rows trains it
// sparsely, a wide-rowed table (RBF features) at a larger share of its
// rows than a narrow one (the grid's).
func TestSparseCrossover(t *testing.T) {
	img := testImage(t, 64)
	m, err := NewImageModel(Config{Params: 20000}, img)
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(sparseTables(m, 64*64, sparseAuto), func(w int) bool { return w > 0 }) {
		t.Error("a full batch of 64×64 pixels trains a table sparsely")
	}
	ws := sparseTables(m, 1, sparseAuto)
	if ws[1] != 2 || ws[2] != 32 || ws[3] != 0 || ws[4] != 0 {
		t.Errorf("one-sample batches: widths %v, want the fine grid level and the RBF features sparse, the bias and decoder dense", ws)
	}
	// The RBF features (32 wide, N rows) are sparse up to a batch of about
	// 0.38·N/K samples, the fine level (2 wide) up to 0.02·rows/4.
	rbfRows, gridRows := len(m.Params()[2].Data)/32, len(m.Params()[1].Data)/2
	for _, c := range []struct {
		batch int
		want  []int
	}{
		{rbfRows / 4 * 30 / 100, []int{0, 0, 32}},
		{rbfRows / 4 * 40 / 100, []int{0, 0, 0}},
		{gridRows / 4 * 2 / 100, []int{0, 2, 32}},
	} {
		if ws := sparseTables(m, c.batch, sparseAuto); !slices.Equal(ws[:3], c.want) {
			t.Errorf("batch %d: widths %v, want %v", c.batch, ws[:3], c.want)
		}
	}
}

// TestSparseGradsDenseAdam: sparse gradients with dense Adam train bit for
// bit as the dense path, on one thread or two.
func TestSparseGradsDenseAdam(t *testing.T) {
	var res [][]float32
	for i, choice := range []sparseChoice{sparseNone, sparseGrads, sparseGrads} {
		tr := sparseTrainer(t, choice, 1+i/2, 64, 300)
		for range 4 {
			tr.Step()
		}
		if choice == sparseGrads && (tr.crew.lazy || !slices.ContainsFunc(tr.crew.rows, func(w int) bool { return w > 0 })) {
			t.Fatal("no sparse gradients, or lazy Adam")
		}
		res = append(res, allValues(tr.Model))
	}
	if !slices.Equal(res[0], res[1]) || !slices.Equal(res[0], res[2]) {
		t.Error("sparse gradients with dense Adam differ from dense training")
	}
}

// TestLazyMatchesDense: lazy Adam, whose rows are caught up before each
// forward pass reads them, trains as dense Adam does, to float32 rounding:
// after 8 steps of batches that reach part of the RBFs and of the fine
// grid level, every value is where dense training left it, within a small
// fraction of how far training moved it.
func TestLazyMatchesDense(t *testing.T) {
	var res [2][]float32
	var init []float32
	for i, choice := range []sparseChoice{sparseNone, sparseAll} {
		tr := sparseTrainer(t, choice, 2, 64, 300)
		init = allValues(tr.Model)
		for range 8 {
			tr.Step()
		}
		if choice == sparseAll && !tr.crew.lazy {
			t.Fatal("sparseAll does not train lazily")
		}
		tr.opt.Settle()
		res[i] = allValues(tr.Model)
	}
	var moved, off float64
	for j := range init {
		moved = max(moved, math.Abs(float64(res[0][j]-init[j])))
		off = max(off, math.Abs(float64(res[1][j]-res[0][j])))
	}
	t.Logf("largest move %.3g, largest difference lazy − dense %.3g", moved, off)
	if off > 1e-3*moved {
		t.Errorf("lazy training is %.3g from dense training, whose largest move is %.3g", off, moved)
	}
}

// allValues returns the model's parameter values, one after the other.
func allValues(m *Model) []float32 {
	var all []float32
	for _, p := range m.Params() {
		all = append(all, p.Data...)
	}
	return all
}
