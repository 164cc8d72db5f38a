package field

import (
	"bytes"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/pixels"
)

// cropImage copies the window r of img.
func cropImage(img *pixels.Image, r Rect) *pixels.Image {
	out := pixels.New(r.W, r.H, img.C)
	for y := range r.H {
		copy(out.Pix[y*r.W*img.C:(y+1)*r.W*img.C], img.Pix[((r.Y+y)*img.W+r.X)*img.C:])
	}
	return out
}

// TestTileGridCoversImage: the cores partition the image exactly, and each
// region is its core widened by the overlap wherever the image allows.
func TestTileGridCoversImage(t *testing.T) {
	for _, g := range []TileGrid{
		{Rows: 2, Cols: 2, Overlap: 8, Width: 128, Height: 96},
		{Rows: 3, Cols: 4, Overlap: 5, Width: 101, Height: 67},
		{Rows: 1, Cols: 3, Overlap: 0, Width: 30, Height: 7},
	} {
		if err := g.Check(); err != nil {
			t.Fatalf("%+v: %v", g, err)
		}
		owner := make([]int, g.Width*g.Height)
		for i := range owner {
			owner[i] = -1
		}
		for i := range g.Count() {
			c, r := g.Core(i), g.Region(i)
			for y := c.Y; y < c.Y+c.H; y++ {
				for x := c.X; x < c.X+c.W; x++ {
					if owner[y*g.Width+x] >= 0 {
						t.Fatalf("%v: pixel (%d,%d) is in the cores of tiles %d and %d", g, x, y, owner[y*g.Width+x], i)
					}
					owner[y*g.Width+x] = i
				}
			}
			want := Rect{max(c.X-g.Overlap, 0), max(c.Y-g.Overlap, 0), 0, 0}
			want.W = min(c.X+c.W+g.Overlap, g.Width) - want.X
			want.H = min(c.Y+c.H+g.Overlap, g.Height) - want.Y
			if r != want {
				t.Errorf("%v tile %d: region %+v, want %+v around core %+v", g, i, r, want, c)
			}
		}
		if i := slices.Index(owner, -1); i >= 0 {
			t.Errorf("%v: pixel (%d,%d) is in no core", g, i%g.Width, i/g.Width)
		}
	}
	bad := TileGrid{Rows: 2, Cols: 2, Overlap: 20, Width: 64, Height: 64}
	if bad.Check() == nil {
		t.Error("cores of 32 pixels with an overlap of 20 were accepted")
	}
}

// TestTileWeightsPartitionOfUnity: at any point the weights sum to 1, lie
// in [0, 1], come only from tiles whose region holds the point, are 1
// deep inside a core, and change continuously across the borders.
func TestTileWeightsPartitionOfUnity(t *testing.T) {
	g := TileGrid{Rows: 3, Cols: 4, Overlap: 5, Width: 101, Height: 67}
	rng := rand.New(rand.NewPCG(3, 4))
	weightOf := func(px, py float64, tile int) float64 {
		for _, w := range g.Weights(px, py) {
			if w.Tile == tile {
				return w.Weight
			}
		}
		return 0
	}
	for range 20000 {
		px, py := rng.Float64()*float64(g.Width), rng.Float64()*float64(g.Height)
		sum := 0.0
		for _, w := range g.Weights(px, py) {
			r := g.Region(w.Tile)
			if w.Weight < 0 || w.Weight > 1 {
				t.Fatalf("(%g,%g): tile %d weight %g", px, py, w.Tile, w.Weight)
			}
			if w.Weight > 0 && (px < float64(r.X) || px > float64(r.X+r.W) || py < float64(r.Y) || py > float64(r.Y+r.H)) {
				t.Fatalf("(%g,%g): tile %d weighs %g outside its region %+v", px, py, w.Tile, w.Weight, r)
			}
			sum += w.Weight
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Fatalf("(%g,%g): weights sum to %.17g", px, py, sum)
		}
		// Continuity: a step of 1e-7 pixels moves no weight by more than 1e-5.
		for tile := range g.Count() {
			if d := math.Abs(weightOf(px, py, tile) - weightOf(px+1e-7, py+1e-7, tile)); d > 1e-5 {
				t.Fatalf("(%g,%g): tile %d's weight jumps by %g", px, py, tile, d)
			}
		}
	}
	for i := range g.Count() {
		c := g.Core(i)
		ws := g.Weights(float64(c.X)+float64(c.W)/2, float64(c.Y)+float64(c.H)/2)
		if len(ws) != 1 || ws[0].Tile != i || ws[0].Weight != 1 {
			t.Errorf("the centre of tile %d's core has weights %v", i, ws)
		}
	}
}

// tiledTestImage is a 128×96 crop of the built-in photo, its 2×2 grid with
// an 8-pixel overlap, and an untrained model of each tile's region.
func tiledTestImage(t *testing.T, channels int) (*pixels.Image, Tiling, []*Model) {
	t.Helper()
	img := testImageRect(t, 128, 96)
	if channels == 1 {
		gray := pixels.New(img.W, img.H, 1)
		for p := range img.W * img.H {
			gray.Pix[p] = (img.Pix[3*p] + img.Pix[3*p+1] + img.Pix[3*p+2]) / 3
		}
		img = gray
	}
	info := Tiling{Grid: TileGrid{Rows: 2, Cols: 2, Overlap: 8, Width: img.W, Height: img.H}, ImageSHA256: "ab"}
	var tiles []*Model
	for i := range info.Grid.Count() {
		m, err := NewImageModel(Config{Params: 12000, Train: TrainConfig{Seed: uint64(i)}}, cropImage(img, info.Grid.Region(i)))
		if err != nil {
			t.Fatal(err)
		}
		tiles = append(tiles, m)
		info.Tiles = append(info.Tiles, TileRecord{Index: i, Steps: 10 + i, Seconds: 0.5})
	}
	return img, info, tiles
}

// testImageRect is the centre w×h crop of the built-in photo.
func testImageRect(t testing.TB, w, h int) *pixels.Image {
	t.Helper()
	full, err := pixels.Decode(bytes.NewReader(assets.Coffee), "coffee.png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := pixels.CenterCrop(full, w, h)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// TestMergedModelIsItsTiles: deep inside a core the merged model gives its
// tile's own value; in an overlap it gives the weighted sum of the two
// tiles' values, computed here in float64 from the tiles themselves.
func TestMergedModelIsItsTiles(t *testing.T) {
	img, info, tiles := tiledTestImage(t, 3)
	m, err := Merge(info, tiles)
	if err != nil {
		t.Fatal(err)
	}
	g := info.Grid
	if m.Config.Width != img.W || m.Config.Height != img.H || m.TrainableParams() != sumParams(tiles) {
		t.Fatalf("merged config %dx%d, %d parameters", m.Config.Width, m.Config.Height, m.TrainableParams())
	}
	x := PixelCenters(img.W, img.H)
	got := make([]float32, img.W*img.H*3)
	m.Eval(got, x)
	deep, blended := 0, 0
	for y := range img.H {
		for xi := range img.W {
			p := y*img.W + xi
			ws := g.Weights(float64(xi)+0.5, float64(y)+0.5)
			want := [3]float64{}
			for _, w := range ws {
				r := g.Region(w.Tile)
				v := make([]float32, 3)
				tiles[w.Tile].Eval(v, []float32{pixels.PixelCenter(xi-r.X, r.W), pixels.PixelCenter(y-r.Y, r.H)})
				for c := range 3 {
					want[c] += w.Weight * float64(v[c])
				}
			}
			if len(ws) == 1 {
				deep++
			} else {
				blended++
			}
			for c := range 3 {
				if d := math.Abs(float64(got[3*p+c]) - want[c]); d > 2e-5 {
					t.Fatalf("pixel (%d,%d) channel %d: merged %g, tiles %g (weights %v)", xi, y, c, got[3*p+c], want[c], ws)
				}
			}
		}
	}
	if deep == 0 || blended == 0 {
		t.Fatalf("%d pixels deep inside, %d blended: the test covers neither case", deep, blended)
	}
}

func sumParams(ms []*Model) int {
	n := 0
	for _, m := range ms {
		n += m.TrainableParams()
	}
	return n
}

// TestMergedSnapshotRoundTrip: a merged model saves as a version-3
// multi-tile snapshot and loads back evaluating bit for bit alike, with
// its tiling; so does its clone.
func TestMergedSnapshotRoundTrip(t *testing.T) {
	_, info, tiles := tiledTestImage(t, 3)
	m, err := Merge(info, tiles)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "merged.nrbf")
	if err := m.SaveWithHeader(path, SnapshotHeader{Steps: 46, Seconds: 2, Provenance: &Provenance{Input: "a.png"}}); err != nil {
		t.Fatal(err)
	}
	l, h, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != 3 || h.Tiling == nil || h.Tiling.Grid != info.Grid || len(h.Tiling.Tiles) != 4 || h.Tiling.Tiles[3].Steps != 13 || h.Steps != 46 {
		t.Fatalf("header: version %d, tiling %+v", h.Version, h.Tiling)
	}
	if l.TrainableParams() != m.TrainableParams() || l.FrozenValues() != m.FrozenValues() || l.Config.RBFs != m.Config.RBFs {
		t.Errorf("loaded %d parameters, %d frozen, %d RBFs; saved %d, %d, %d", l.TrainableParams(), l.FrozenValues(), l.Config.RBFs, m.TrainableParams(), m.FrozenValues(), m.Config.RBFs)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	x := make([]float32, 2*3000)
	for i := range x {
		x[i] = float32(2.2*rng.Float64() - 1.1) // a little outside the image too
	}
	want, got, cl := make([]float32, 3*3000), make([]float32, 3*3000), make([]float32, 3*3000)
	m.Eval(want, x)
	l.Eval(got, x)
	l.Clone().Eval(cl, x)
	if !slices.Equal(want, got) || !slices.Equal(want, cl) {
		t.Fatal("the loaded model or its clone evaluates differently from the saved one")
	}
	if l.Tiling().Tiles[2].Config.Width != info.Grid.Region(2).W {
		t.Errorf("tile 2's config: %+v", l.Tiling().Tiles[2].Config)
	}
}

// TestMergedEvalGrad: the gradient of a merged one-channel field is the
// product rule over its tiles, Σ w·∇v + v·∇w, with each tile's gradient
// (its own EvalGrad) taken back to image coordinates and the weights'
// gradients by central differences of TileGrid.Weights in float64.
func TestMergedEvalGrad(t *testing.T) {
	img, info, tiles := tiledTestImage(t, 1)
	m, err := Merge(info, tiles)
	if err != nil {
		t.Fatal(err)
	}
	g := info.Grid
	W, H := float64(img.W), float64(img.H)
	rng := rand.New(rand.NewPCG(7, 8))
	const n = 300
	x := make([]float32, 2*n)
	for i := range n {
		// Every other point near the vertical border at x = 0 (the blend).
		x[2*i] = float32(1.8*rng.Float64() - 0.9)
		if i%2 == 0 {
			x[2*i] = float32(0.2*rng.Float64() - 0.1)
		}
		x[2*i+1] = float32(1.8*rng.Float64() - 0.9)
	}
	v, gr := make([]float32, n), make([]float32, 2*n)
	m.EvalGrad(v, gr, x)
	weight := func(px, py float64, tile int) float64 {
		for _, w := range g.Weights(px, py) {
			if w.Tile == tile {
				return w.Weight
			}
		}
		return 0
	}
	blended := 0
	for i := range n {
		px, py := (float64(x[2*i])+1)/2*W, (float64(x[2*i+1])+1)/2*H
		ws := g.Weights(px, py)
		if len(ws) > 1 {
			blended++
		}
		var want [3]float64
		for _, w := range ws {
			r := g.Region(w.Tile)
			lx := []float32{float32(2*(px-float64(r.X))/float64(r.W) - 1), float32(2*(py-float64(r.Y))/float64(r.H) - 1)}
			var tv [1]float32
			var tg [2]float32
			tiles[w.Tile].EvalGrad(tv[:], tg[:], lx)
			const h = 1e-6 // pixels
			dwx := (weight(px+h, py, w.Tile) - weight(px-h, py, w.Tile)) / (2 * h) * W / 2
			dwy := (weight(px, py+h, w.Tile) - weight(px, py-h, w.Tile)) / (2 * h) * H / 2
			want[0] += w.Weight * float64(tv[0])
			want[1] += w.Weight*float64(tg[0])*W/float64(r.W) + float64(tv[0])*dwx
			want[2] += w.Weight*float64(tg[1])*H/float64(r.H) + float64(tv[0])*dwy
		}
		got := [3]float64{float64(v[i]), float64(gr[2*i]), float64(gr[2*i+1])}
		for k := range 3 {
			if d := math.Abs(got[k] - want[k]); d > 1e-4*(1+math.Abs(want[k])) {
				t.Fatalf("point (%g,%g), component %d: merged %g, product rule %g", px, py, k, got[k], want[k])
			}
		}
	}
	if blended < n/4 {
		t.Fatalf("only %d of %d points in a blend", blended, n)
	}
}

// TestMergeRefusesWrongTiles: a tile whose size is not its region's, or a
// wrong number of tiles, is refused.
func TestMergeRefusesWrongTiles(t *testing.T) {
	_, info, tiles := tiledTestImage(t, 3)
	if _, err := Merge(info, tiles[:3]); err == nil {
		t.Error("three tiles of a 2x2 grid were merged")
	}
	info.Grid.Overlap = 10
	if _, err := Merge(info, tiles); err == nil {
		t.Error("tiles fitted with an overlap of 8 were merged as a grid with 10")
	}
}

// TestSeams: an error confined to the border band gives a large ratio, an
// even error a ratio of exactly 1.
func TestSeams(t *testing.T) {
	g := TileGrid{Rows: 2, Cols: 2, Overlap: 8, Width: 64, Height: 48}
	ref := pixels.New(64, 48, 1)
	even, seam := pixels.New(64, 48, 1), pixels.New(64, 48, 1)
	for y := range 48 {
		for x := range 64 {
			even.Pix[y*64+x] = 0.1
			if x >= 28 && x < 36 || y >= 20 && y < 28 {
				seam.Pix[y*64+x] = 0.1
			} else {
				seam.Pix[y*64+x] = 0.05
			}
		}
	}
	s, err := g.Seams(ref, even)
	if err != nil || math.Abs(s.Ratio-1) > 1e-9 {
		t.Errorf("even error: %+v, %v", s, err)
	}
	s, err = g.Seams(ref, seam)
	if err != nil || math.Abs(s.Ratio-4) > 1e-6 || s.BandPixels != 8*64+8*48-64 {
		t.Errorf("error on the seams: %+v, %v (want ratio 4)", s, err)
	}
	if _, err := (TileGrid{Rows: 1, Cols: 1, Width: 64, Height: 48}).Seams(ref, even); err == nil {
		t.Error("one tile's seams were measured")
	}
	// In bands of 7 rows, the same to the last bit; a short picture is refused.
	sc, err := g.NewSeamScorer()
	if err != nil {
		t.Fatal(err)
	}
	for y := 0; y < 48; y += 7 {
		n := min(7, 48-y)
		band := func(m *pixels.Image) *pixels.Image {
			return &pixels.Image{W: 64, H: n, C: 1, Pix: m.Pix[y*64 : (y+n)*64]}
		}
		if err := sc.Add(band(ref), band(seam)); err != nil {
			t.Fatal(err)
		}
	}
	if b, err := sc.Seams(1); err != nil || b != s {
		t.Errorf("in bands: %+v, %v; whole: %+v", b, err, s)
	}
	short, _ := g.NewSeamScorer()
	if err := short.Add(&pixels.Image{W: 64, H: 10, C: 1, Pix: ref.Pix[:640]}, &pixels.Image{W: 64, H: 10, C: 1, Pix: seam.Pix[:640]}); err != nil {
		t.Fatal(err)
	}
	if _, err := short.Seams(1); err == nil {
		t.Error("seams of 10 of 48 rows")
	}
}
