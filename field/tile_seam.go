package field

import (
	"errors"
	"fmt"
	"math"

	"github.com/neurbf/neurbf/pixels"
)

// SeamBand is the half-width, in pixels, of the band along interior tile
// borders that SeamRatio measures: the pixels whose centres lie within 4
// pixels of a border line on either side (8 pixels across).
const SeamBand = 4

// Seams is the error of a reconstruction along the tile borders against
// the error inside the tiles.
type Seams struct {
	// Ratio is BandMSE / InteriorMSE: about 1 when the borders are no
	// worse than the rest, above 1 when a seam shows.
	Ratio float64 `json:"seam_ratio"`
	// BandMSE is the mean squared error (over pixels and channels) of the
	// pixels within SeamBand of an interior border between cores.
	BandMSE float64 `json:"seam_band_mse"`
	// InteriorMSE is that of the pixels at least max(Overlap, SeamBand)
	// from every interior border, where one tile alone gives the value.
	InteriorMSE float64 `json:"seam_interior_mse"`
	BandPixels  int     `json:"seam_band_pixels"`
}

// borderDistance returns, for each of size pixels along a side cut into
// n cells, the distance from its centre to the nearest interior border
// (+Inf with one cell).
func borderDistance(size, n int) []float64 {
	d := make([]float64, size)
	for i := range d {
		d[i] = math.Inf(1)
		for k := 1; k < n; k++ {
			b, _ := cut(k, n, size)
			d[i] = min(d[i], math.Abs(float64(i)+0.5-float64(b)))
		}
	}
	return d
}

// Seams measures rec against ref, both the grid's size, along and away
// from the interior tile borders (Seams). A grid of one tile has no
// borders and is refused.
func (g TileGrid) Seams(ref, rec *pixels.Image) (Seams, error) {
	if ref.W != g.Width || ref.H != g.Height || rec.W != ref.W || rec.H != ref.H || rec.C != ref.C {
		return Seams{}, fmt.Errorf("seams of a %d×%d grid measured on %d×%d and %d×%d images", g.Width, g.Height, ref.W, ref.H, rec.W, rec.H)
	}
	sc, err := g.NewSeamScorer()
	if err != nil {
		return Seams{}, err
	}
	if err := sc.Add(ref, rec); err != nil {
		return Seams{}, err
	}
	return sc.Seams(ref.C)
}

// SeamScorer measures Seams from bands of rows given top to bottom, so
// that a picture too big to hold is measured as it is reconstructed;
// the result is the same as Seams of the whole.
type SeamScorer struct {
	g              TileGrid
	dx, dy         []float64
	inner          float64
	band, interior float64
	nb, ni, y      int
}

// NewSeamScorer starts the seams of the grid's picture; a grid of one
// tile has no borders and is refused.
func (g TileGrid) NewSeamScorer() (*SeamScorer, error) {
	if g.Count() < 2 {
		return nil, errors.New("one tile has no seams to measure")
	}
	return &SeamScorer{g: g, dx: borderDistance(g.Width, g.Cols), dy: borderDistance(g.Height, g.Rows), inner: float64(max(g.Overlap, SeamBand))}, nil
}

// Add takes the next ref.H rows of the reference and of the
// reconstruction, both the grid's width.
func (s *SeamScorer) Add(ref, rec *pixels.Image) error {
	g := s.g
	if ref.W != g.Width || rec.W != ref.W || rec.H != ref.H || rec.C != ref.C || s.y+ref.H > g.Height {
		return fmt.Errorf("seams of a %d×%d grid: a %d×%d band at row %d", g.Width, g.Height, ref.W, ref.H, s.y)
	}
	for r := range ref.H {
		y := s.y + r
		for x := range g.Width {
			inBand := s.dx[x] < SeamBand || s.dy[y] < SeamBand
			inInterior := s.dx[x] >= s.inner && s.dy[y] >= s.inner
			if !inBand && !inInterior {
				continue
			}
			var e float64
			o := (r*g.Width + x) * ref.C
			for c := range ref.C {
				d := float64(rec.Pix[o+c] - ref.Pix[o+c])
				e += d * d
			}
			if inBand {
				s.band += e
				s.nb++
			} else {
				s.interior += e
				s.ni++
			}
		}
	}
	s.y += ref.H
	return nil
}

// Seams is the result once every row was added; c is the channel count.
func (s *SeamScorer) Seams(c int) (Seams, error) {
	var out Seams
	g := s.g
	if s.y != g.Height {
		return out, fmt.Errorf("seams of a %d×%d grid measured on %d rows", g.Width, g.Height, s.y)
	}
	if s.nb == 0 || s.ni == 0 {
		return out, fmt.Errorf("a %d×%d image in %s tiles with overlap %d has no interior pixels to compare the seams with", g.Width, g.Height, g, g.Overlap)
	}
	out.BandMSE = s.band / float64(s.nb*c)
	out.InteriorMSE = s.interior / float64(s.ni*c)
	out.BandPixels = s.nb
	out.Ratio = out.BandMSE / out.InteriorMSE
	return out, nil
}
