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
	var s Seams
	if g.Count() < 2 {
		return s, errors.New("one tile has no seams to measure")
	}
	if ref.W != g.Width || ref.H != g.Height || rec.W != ref.W || rec.H != ref.H || rec.C != ref.C {
		return s, fmt.Errorf("seams of a %d×%d grid measured on %d×%d and %d×%d images", g.Width, g.Height, ref.W, ref.H, rec.W, rec.H)
	}
	dx, dy := borderDistance(g.Width, g.Cols), borderDistance(g.Height, g.Rows)
	inner := float64(max(g.Overlap, SeamBand))
	var band, interior float64
	var nb, ni int
	for y := range g.Height {
		for x := range g.Width {
			inBand := dx[x] < SeamBand || dy[y] < SeamBand
			inInterior := dx[x] >= inner && dy[y] >= inner
			if !inBand && !inInterior {
				continue
			}
			var e float64
			o := (y*g.Width + x) * ref.C
			for c := range ref.C {
				d := float64(rec.Pix[o+c] - ref.Pix[o+c])
				e += d * d
			}
			if inBand {
				band += e
				nb++
			} else {
				interior += e
				ni++
			}
		}
	}
	if nb == 0 || ni == 0 {
		return s, fmt.Errorf("a %d×%d image in %s tiles with overlap %d has no interior pixels to compare the seams with", g.Width, g.Height, g, g.Overlap)
	}
	s.BandMSE = band / float64(nb*ref.C)
	s.InteriorMSE = interior / float64(ni*ref.C)
	s.BandPixels = nb
	s.Ratio = s.BandMSE / s.InteriorMSE
	return s, nil
}
