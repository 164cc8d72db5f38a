// Package render turns fitted neural fields into pictures, in pure Go.
//
// A field is seen only through function types: an ImageFunc maps a batch
// of points of the plane to a batch of values, an SDF a batch of points of
// space to signed distances and gradients, so this package does not depend
// on the model package and can draw any such function.
//
// Image coordinates follow one convention, shared with the trainer: a w×h
// raster covers the square [-1,1]², pixel column i has its centre at
// x = pixels.PixelCenter(i, w) (left to right) and row j at y = pixels.PixelCenter(j, h)
// (top to bottom). Because the field is continuous, any raster size can be
// drawn: a 256² fit reconstructed at 1024² is a 4× zoom, and
// ReconstructRegion draws a sub-rectangle of the plane.
//
// The package also draws figures that explain themselves. ErrorMap shows
// the per-pixel absolute error through the viridis colour map, errors
// above the top of the scale in ClipColour; its colour bar (ColourBar)
// names the error's reduction, the rule that chose the top, the true
// maximum and the share of pixels above the top. ErrorScale measures
// those numbers so another renderer (the viewer) draws errors on the same
// scale with the same bar. Labelled puts a title above a panel, Side
// places panels side by side, CompareFigure and SDFFigure are the fit
// figures, DepthBar and SliceBar are the legends of depth and slice
// views, and PlotCurves plots PSNR curves with gonum/plot. Text is
// basicfont's 7×13 face, pure Go. Pictures are saved with pixels.SavePNG.
//
// For 3-D fields, SDFRenderer sphere-traces an SDF seen by an orbit Camera
// (shaded, normal map or depth) and RenderMesh rasterises a triangle mesh
// in the same conventions, so a fit and its ground truth compare side by
// side; Turntable strips views at evenly spaced azimuths, each labelled
// with its azimuth.
package render
