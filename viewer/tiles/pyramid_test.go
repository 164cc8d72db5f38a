package tiles

import (
	"math"
	"testing"

	"github.com/neurbf/neurbf/pixels"
	"github.com/neurbf/neurbf/render"
)

func TestPyramidLevels(t *testing.T) {
	for _, c := range []struct{ w, h, max int }{
		{1, 1, 0}, {128, 5, 0}, {129, 5, 1}, {65536, 65536, 9}, {56718, 21450, 9}, {5120, 2880, 6},
	} {
		p, err := NewPyramid(c.w, c.h)
		if err != nil {
			t.Fatal(err)
		}
		if p.Max != c.max {
			t.Errorf("%d×%d: top level %d, want %d", c.w, c.h, p.Max, c.max)
		}
		if nx, ny := p.Tiles(p.Max); nx != 1 || ny != 1 {
			t.Errorf("%d×%d: the top level has %d×%d tiles, want one", c.w, c.h, nx, ny)
		}
	}
	if _, err := NewPyramid(0, 5); err == nil {
		t.Error("a 0×5 image has a pyramid")
	}
	p, _ := NewPyramid(65536, 65536)
	for _, c := range []struct {
		zoom float64
		k    int
	}{{1, 0}, {0.5, 1}, {0.7, 1}, {0.75, 0}, {2, -1}, {1e4, MinLevel}, {1e-9, 9}, {0, 9}, {1280.0 / 65536, 6}} {
		if k := p.LevelFor(c.zoom); k != c.k {
			t.Errorf("LevelFor(%g) = %d, want %d", c.zoom, k, c.k)
		}
	}
}

// TestTilesCoverImage checks that the tiles of every level cover the
// image exactly once, their last samples reaching the edge.
func TestTilesCoverImage(t *testing.T) {
	for _, sz := range [][2]int{{1000, 300}, {129, 1}, {5120, 2880}} {
		p, _ := NewPyramid(sz[0], sz[1])
		for k := MinLevel; k <= p.Max; k++ {
			s := math.Ldexp(1, k)
			nx, ny := p.Tiles(k)
			x := 0.0
			for i := range nx {
				b := p.Bounds(Key{Level: k, I: i})
				if b.X0 != x {
					t.Fatalf("%v level %d: tile %d starts at %g, want %g", sz, k, i, b.X0, x)
				}
				x = b.X1
			}
			y := 0.0
			for j := range ny {
				b := p.Bounds(Key{Level: k, J: j})
				if b.Y0 != y {
					t.Fatalf("%v level %d: tile row %d starts at %g, want %g", sz, k, j, b.Y0, y)
				}
				y = b.Y1
			}
			if x < float64(p.W) || x-s >= float64(p.W) || y < float64(p.H) || y-s >= float64(p.H) {
				t.Errorf("%v level %d: tiles end at %g,%g", sz, k, x, y)
			}
		}
	}
}

// TestTileIsRenderRegion checks that a tile of level k holds the samples
// of `neurbf render --region` at --scale 2^−k (render.PixelWindow and a
// render of the window times the scale), and that they lie at
// (a+0.5)·2^k pixels, against a float64 reference.
func TestTileIsRenderRegion(t *testing.T) {
	const W, H = 3000, 1700
	p, _ := NewPyramid(W, H)
	f := func(out, x []float32) { // the point itself, mapped into [0.25, 0.75] (past the edges too)
		for i := range len(x) / 2 {
			out[2*i], out[2*i+1] = (x[2*i]+2)/4, (x[2*i+1]+2)/4
		}
	}
	var rd render.Renderer
	for _, key := range []Key{{Level: 0, I: 3, J: 2}, {Level: 2, I: 1, J: 1}, {Level: -2, I: 40, J: 9}, {Level: 4, I: 1, J: 0}} {
		tile := p.NewTile(key, 2)
		if err := p.Render(&rd, tile, f, key); err != nil {
			t.Fatal(err)
		}
		s := math.Ldexp(1, key.Level)
		b := p.Bounds(key)
		for _, ab := range [][2]int{{0, 0}, {5, 77}, {tile.W - 1, tile.H - 1}} {
			wantX := (b.X0+(float64(ab[0])+0.5)*s)/W/2 + 0.25
			wantY := (b.Y0+(float64(ab[1])+0.5)*s)/H/2 + 0.25
			i := 2 * (ab[1]*tile.W + ab[0])
			if math.Abs(float64(tile.Pix[i])-wantX) > 1e-6 || math.Abs(float64(tile.Pix[i+1])-wantY) > 1e-6 {
				t.Errorf("tile %v sample %v at %g,%g, want %g,%g", key, ab, tile.Pix[i], tile.Pix[i+1], wantX, wantY)
			}
		}
		if key.Level > 0 && b.X1 <= W && b.Y1 <= H { // a whole tile: the same window of render --region --scale
			x, y, w, h := int(b.X0), int(b.Y0), int(b.X1-b.X0), int(b.Y1-b.Y0)
			r, err := render.PixelWindow(W, H, x, y, w, h)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := render.ReconstructRegion(f, r, int(float64(w)/s+0.5), int(float64(h)/s+0.5), 2, 1)
			if err != nil {
				t.Fatal(err)
			}
			for i := range ref.Pix {
				if math.Abs(float64(ref.Pix[i]-tile.Pix[i])) > 1e-6 {
					t.Fatalf("tile %v value %d: %g, render --region %g", key, i, tile.Pix[i], ref.Pix[i])
				}
			}
		}
	}
}

// windowView returns the image pixels a w×h window shows at zoom around
// the image point (cx, cy).
func windowView(cx, cy, zoom float64, w, h int) Rect {
	hx, hy := float64(w)/zoom/2, float64(h)/zoom/2
	return Rect{cx - hx, cy - hy, cx + hx, cy + hy}
}

// samplesOf sums the samples of the tiles of keys at level k.
func samplesOf(p Pyramid, keys []Key, k int) int {
	n := 0
	for _, key := range keys {
		if key.Level == k {
			w, h := p.Samples(key)
			n += w * h
		}
	}
	return n
}

// TestPlanEvaluatesTheWindow checks, on a 65536² image seen through a
// 1280×720 window, that a view wants about as many samples as the window
// has pixels (never the image's), the whole-image preview first; that a
// finished view is complete and draws only its own level; that panning
// wants only the strip that came into view and panning back nothing; and
// that a moving view wants a quarter as many.
func TestPlanEvaluatesTheWindow(t *testing.T) {
	const W, H, ww, wh = 65536, 65536, 1280, 720
	p, _ := NewPyramid(W, H)
	held := map[Key]bool{}
	have := func(k Key) bool { return held[k] }
	fill := func(keys []Key) int {
		n := 0
		for _, k := range keys {
			if !held[k] {
				w, h := p.Samples(k)
				n += w * h
				held[k] = true
			}
		}
		return n
	}
	screen := float64(ww * wh)
	for _, zoom := range []float64{float64(wh) / H, 0.003, 0.01, 0.09, 0.7, 1, 1.4, 3, 100} {
		clear(held)
		view := windowView(20000.3, 31000.7, zoom, ww, wh)
		pl := p.Plan(0, view, zoom, false, have)
		if len(pl.Want) == 0 || pl.Want[0] != (Key{Level: p.Max}) {
			t.Fatalf("zoom %g: the whole-image preview is not wanted first: %v", zoom, pl.Want[:min(3, len(pl.Want))])
		}
		if len(pl.Draw) != 0 || pl.Complete {
			t.Errorf("zoom %g: an empty cache draws %d tiles, complete %v", zoom, len(pl.Draw), pl.Complete)
		}
		n := samplesOf(p, pl.Want, pl.Level)
		// The samples of the image inside the window.
		visible := (min(view.X1, W) - max(view.X0, 0)) * (min(view.Y1, H) - max(view.Y0, 0)) / math.Pow(4, float64(pl.Level))
		if pl.Level > MinLevel && (float64(n) > 3.5*screen || float64(n) < 0.4*min(screen, visible)) {
			t.Errorf("zoom %g (level %d): wants %d samples for a window of %.0f pixels", zoom, pl.Level, n, screen)
		}
		fill(pl.Want)
		pl = p.Plan(0, view, zoom, false, have)
		if pl.Tiles != len(p.Visible(0, pl.Level, view)) {
			t.Errorf("zoom %g: plan counts %d visible tiles, Visible %d", zoom, pl.Tiles, len(p.Visible(0, pl.Level, view)))
		}
		if !pl.Complete || len(pl.Want) != 0 {
			t.Errorf("zoom %g: after evaluating what it wanted, complete %v and %d more wanted", zoom, pl.Complete, len(pl.Want))
		}
		for _, k := range pl.Draw {
			if k.Level != pl.Level {
				t.Errorf("zoom %g: a complete view draws tile %v of another level than %d", zoom, k, pl.Level)
			}
		}

		// Pan by a fifth of the window: only the new strip is evaluated.
		dx := float64(ww) / 5 / zoom
		moved := Rect{view.X0 + dx, view.Y0, view.X1 + dx, view.Y1}
		pl = p.Plan(0, moved, zoom, false, have)
		if got := fill(pl.Want); float64(got) > 0.5*float64(n) {
			t.Errorf("zoom %g: a pan of a fifth of the window evaluates %d samples, the view had %d", zoom, got, n)
		}
		if pl = p.Plan(0, view, zoom, false, have); len(pl.Want) != 0 {
			t.Errorf("zoom %g: panning back wants %d tiles", zoom, len(pl.Want))
		}

		// Moving to a new place: the level above, a quarter of the samples.
		far := windowView(50000, 9000, zoom, ww, wh)
		pm := p.Plan(0, far, zoom, true, have)
		ps := p.Plan(0, far, zoom, false, have)
		if pl.Level < p.Max-1 {
			m, s := samplesOf(p, pm.Want, ps.Level+1), samplesOf(p, ps.Want, ps.Level)
			if samplesOf(p, pm.Want, ps.Level) != 0 || s > 0 && float64(m) > 0.5*float64(s) {
				t.Errorf("zoom %g: moving wants %d samples a level up, still %d", zoom, m, s)
			}
		}
	}
}

// TestPlanPreview checks that while a view is refined the finest complete
// coarser level is drawn under the finished tiles of the view's level.
func TestPlanPreview(t *testing.T) {
	// One tile holds the whole image: until it is evaluated the view is
	// not complete.
	small, _ := NewPyramid(32, 32)
	if pl := small.Plan(0, Rect{0, 0, 32, 32}, 1, false, func(Key) bool { return false }); pl.Complete || len(pl.Want) != 1 {
		t.Errorf("an unevaluated one-tile image: complete %v, wants %v", pl.Complete, pl.Want)
	}

	p, _ := NewPyramid(10000, 8000)
	held := map[Key]bool{}
	have := func(k Key) bool { return held[k] }
	view := windowView(5000, 4000, 0.5, 800, 600)
	pl := p.Plan(1, view, 0.5, false, have)
	held[pl.Want[0]] = true // the preview
	held[pl.Want[1]] = true // the middle tile of the view's level
	pl = p.Plan(1, view, 0.5, false, have)
	if len(pl.Draw) != 2 || pl.Draw[0].Level != p.Max || pl.Draw[1].Level != pl.Level || pl.Complete {
		t.Errorf("draws %v (complete %v), want the preview then the one finished tile", pl.Draw, pl.Complete)
	}
	for _, k := range pl.Want {
		if k.Layer != 1 || held[k] {
			t.Errorf("wants %v", k)
		}
	}
}

func TestSample(t *testing.T) {
	const W, H = 100, 60
	img := pixels.New(W, H, 1)
	for i := range img.Pix {
		img.Pix[i] = float32(i%W) + 1000*float32(i/W)
	}
	p, _ := NewPyramid(W, H)
	at := ImagePixels(img)
	// Level 1: the mean of each 2×2 block.
	tile := p.NewTile(Key{Level: 1}, 1)
	p.Sample(tile, at, Key{Level: 1})
	for _, ab := range [][2]int{{0, 0}, {7, 3}, {49, 29}} {
		x, y := 2*ab[0], 2*ab[1]
		want := (img.Pix[y*W+x] + img.Pix[y*W+x+1] + img.Pix[(y+1)*W+x] + img.Pix[(y+1)*W+x+1]) / 4
		if got := tile.Pix[ab[1]*tile.W+ab[0]]; got != want {
			t.Errorf("level 1 sample %v: %g, want %g", ab, got, want)
		}
	}
	// Level −1: the pixel under each sample, each pixel twice per axis.
	key := Key{Level: -1, I: 0, J: 0}
	tile = p.NewTile(key, 1)
	p.Sample(tile, at, key)
	if got, want := tile.Pix[7*tile.W+9], img.Pix[3*W+4]; got != want {
		t.Errorf("level −1 sample (9, 7): %g, want pixel (4, 3) %g", got, want)
	}
	// Level 4: a 4×4 grid of the 16×16 block, at its pixels 2, 6, 10, 14.
	tile = p.NewTile(Key{Level: 4}, 1)
	p.Sample(tile, at, Key{Level: 4})
	var want float64
	for _, v := range []int{2, 6, 10, 14} {
		for _, u := range []int{2, 6, 10, 14} {
			want += float64(img.Pix[(16+v)*W+16+u]) / 16
		}
	}
	if got := tile.Pix[1*tile.W+1]; math.Abs(float64(got)-want) > 1e-3 {
		t.Errorf("level 4 sample (1, 1): %g, want %g", got, want)
	}
}

// TestPixelErrors checks the error tiles and the error sample against a
// float64 reference of render.ErrorScale's per-pixel error.
func TestPixelErrors(t *testing.T) {
	const W, H, C = 300, 200, 3
	gt := pixels.New(W, H, C)
	for i := range gt.Pix {
		gt.Pix[i] = float32((i*7919)%251) / 250
	}
	f := func(out, x []float32) {
		for i := range len(x) / 2 {
			for c := range C {
				out[C*i+c] = 1.2*x[2*i] - 0.3*x[2*i+1] + 0.1*float32(c) // leaves [0, 1] in places: clipped
			}
		}
	}
	ref := func(gx, gy int) float64 {
		x, y := -1+2*(float64(gx)+0.5)/W, -1+2*(float64(gy)+0.5)/H
		var e float64
		for c := range C {
			v := min(max(float64(float32(1.2*float32(x)-0.3*float32(y)+0.1*float32(c))), 0), 1)
			e += math.Abs(v - float64(gt.Pix[(gy*W+gx)*C+c]))
		}
		return e / C
	}
	p, _ := NewPyramid(W, H)
	var pts, out []float32
	for _, key := range []Key{{Level: 0, I: 1, J: 1}, {Level: 2}, {Level: -1, I: 3, J: 2}} {
		w, h := p.Samples(key)
		errs := make([]float64, w*h)
		p.PixelErrors(errs, f, ImagePixels(gt), C, key, &pts, &out)
		b := p.Bounds(key)
		s := math.Ldexp(1, key.Level)
		for i := range errs {
			gx := int(math.Floor(b.X0 + (float64(i%w)+0.5)*s))
			gy := int(math.Floor(b.Y0 + (float64(i/w)+0.5)*s))
			if want := ref(gx, gy); math.Abs(errs[i]-want) > 1e-5 {
				t.Fatalf("tile %v sample %d (pixel %d,%d): error %g, want %g", key, i, gx, gy, errs[i], want)
			}
		}
	}
	pred, g := p.ErrorSample(f, ImagePixels(gt), C, 64)
	if pred.W != 64 || pred.H != 64 {
		t.Fatalf("error sample of %d×%d", pred.W, pred.H)
	}
	st, err := render.ErrorScale(pred, g, 0)
	if err != nil || !(st.Top > 0) {
		t.Errorf("error scale of the sample: %+v, %v", st, err)
	}
	fw, fh := float64(W), float64(H)
	gx, gy := int(10.5*fw/64), int(20.5*fh/64)
	var e float64
	for c := range C {
		e += math.Abs(float64(pred.Pix[(20*64+10)*C+c]) - float64(g.Pix[(20*64+10)*C+c]))
	}
	if want := ref(gx, gy); math.Abs(e/C-want) > 1e-5 {
		t.Errorf("error sample at (10, 20), pixel %d,%d: %g, want %g", gx, gy, e/C, want)
	}
}
