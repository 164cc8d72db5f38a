// Package metrics scores a predicted signed distance field against the
// ground truth with the measures of docs/METHOD.md §4 (the NeuRBF paper's):
//
//   - occupancy IoU: the fraction of agreement between the outside sets
//     (sdf ≥ 0, the paper's number) or the inside sets (sdf < 0, stricter)
//     of two fields, counted on a regular grid over [−1, 1]³ evaluated one
//     z-slice at a time (GridIoU), on seeded uniform random points
//     (PointIoU), or on any samples the caller holds (Occupancy.Add);
//   - mesh metrics between a predicted mesh (marching cubes of the field,
//     package sdf/mc) and the ground-truth mesh, on area-weighted surface
//     samples with face normals and nearest neighbours both ways
//     (CompareMeshes): Chamfer-L1, normal angle error, normal consistency
//     and F-scores at the thresholds 1e-2, 5e-3 and 1e-3.
//
// Nearest neighbours come from a k-d tree written for this package (see
// kdTree for why not gonum's); queries are spread over GOMAXPROCS
// goroutines and summed in a fixed order, so scores do not depend on the
// number of threads. Sums are in float64.
package metrics
