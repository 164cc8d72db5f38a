package render

import (
	"fmt"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)

// Size of the plots PlotCurves writes: 15×10 cm, rasterised at the
// vg default of 96 dots per inch (about 567×378 pixels).
const (
	plotWidth  = 15 * vg.Centimeter
	plotHeight = 10 * vg.Centimeter
)

// Series is one curve of a plot: the points (X[i], Y[i]) joined in order,
// such as PSNR against seconds or steps for one training run.
type Series struct {
	Name string
	X, Y []float64
}

// PlotCurves draws the series as lines in distinct colours and dash
// patterns, with a legend naming them, and writes the plot to path as a
// PNG file, atomically (see SavePNG). Several series compare runs, as in
// an ablation. It returns an error if there is no series, if a series has
// no points or X and Y of different lengths, or if a value is NaN or
// infinite (a perfect fit's PSNR, say: cap it before plotting).
func PlotCurves(path, title, xlabel, ylabel string, series ...Series) error {
	if len(series) == 0 {
		return fmt.Errorf("render: plot %q has no series", path)
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Add(plotter.NewGrid())
	for i, s := range series {
		if len(s.X) != len(s.Y) {
			return fmt.Errorf("render: plot %q: series %q has %d x and %d y values", path, s.Name, len(s.X), len(s.Y))
		}
		if len(s.X) == 0 {
			return fmt.Errorf("render: plot %q: series %q has no points", path, s.Name)
		}
		xys := make(plotter.XYs, len(s.X))
		for k := range xys {
			xys[k] = plotter.XY{X: s.X[k], Y: s.Y[k]}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return fmt.Errorf("render: plot %q: series %q: %w", path, s.Name, err)
		}
		line.Color = plotutil.Color(i)
		line.Dashes = plotutil.Dashes(i)
		line.Width = vg.Points(1.5)
		p.Add(line)
		if s.Name != "" {
			p.Legend.Add(s.Name, line)
		}
	}
	// The legend stays in plot's default corner, bottom right, which
	// rising PSNR curves leave empty.
	wt, err := p.WriterTo(plotWidth, plotHeight, "png")
	if err != nil {
		return fmt.Errorf("render: plot %q: %w", path, err)
	}
	return writeAtomic(path, func(w io.Writer) error {
		_, err := wt.WriteTo(w)
		return err
	})
}
