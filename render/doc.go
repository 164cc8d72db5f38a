// Package render turns fitted neural fields into pictures, in pure Go.
//
// A field is seen only through the Field function type: it maps a batch of
// points to a batch of values, so this package does not depend on the model
// package and can draw any function of the plane (later also of space, for
// sphere-traced SDF views).
//
// Image coordinates follow one convention, shared with the trainer: a w×h
// raster covers the square [-1,1]², pixel column i has its centre at
// x = pixels.PixelCenter(i, w) (left to right) and row j at y = pixels.PixelCenter(j, h)
// (top to bottom). Because the field is continuous, any raster size can be
// drawn: a 256² fit reconstructed at 1024² is a 4× zoom, and
// ReconstructRegion draws a sub-rectangle of the plane.
//
// The package also draws error maps (per-pixel absolute error through the
// viridis colour map, with a labelled scale bar), places pictures side by
// side for figures, plots PSNR curves with gonum/plot, and writes PNG files
// atomically (a temporary file renamed into place, so a reader never sees a
// half-written picture).
//
// For 3-D fields, SDFRenderer sphere-traces an SDF seen by an orbit Camera
// (shaded, normal map or depth) and RenderMesh rasterises a triangle mesh
// in the same conventions, so a fit and its ground truth compare side by
// side; Turntable strips views at evenly spaced azimuths.
package render
