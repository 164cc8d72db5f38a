// Package knn finds the K points of a fixed set nearest to a query point,
// for the RBF encoder's neighbour lists and its K-means initialisation:
// Grid, a uniform bucket grid for points spread over a box (image
// centres), and KDTree, a static k-d tree for points on a surface queried
// from all of space (SDF centres). Index picks between them by dimension.
//
// Both are read-only once built, so any number of goroutines may query
// them at once; a query writes into caller-owned slices, destination
// first (ids, then squared distances, then the query point), and
// allocates nothing. The package is internal because only package rbf
// and internal/kmeans use it.
package knn
