// Package sdf and its subpackages hold everything about signed distance
// fields of triangle meshes that is not the neural model itself: reading
// and writing meshes (sdf/mesh), exact ground-truth distances and signs
// (sdf/dist), marching cubes (sdf/mc), narrow-band evaluation of a fitted
// field for meshing, metrics and baking (sdf/band), the evaluation metrics
// of the paper (sdf/metrics) and analytic test shapes with exact distances
// (sdf/sdftest).
package sdf
