// Package dist computes exact ground-truth signed distances from points to
// triangle meshes, the targets an SDF is trained and evaluated on.
//
// A Tree is built once per mesh (New) and then answers any number of
// queries, concurrently if wanted:
//
//   - Unsigned: the exact Euclidean distance to the nearest triangle, the
//     triangle's index and the closest point.
//   - Winding: the generalised winding number of Jacobson et al. (2013),
//     w(p) = Σ Ω_t(p)/4π over the triangles' signed solid angles: 1 inside
//     and 0 outside a closed, outward-oriented mesh, and a smooth, sensible
//     in-between for meshes with holes. It is evaluated hierarchically as in
//     Barill et al. (2018), "Fast winding numbers for soups and clouds": a
//     node whose centre is farther from p than Beta times its radius
//     contributes its second-order Taylor (dipole plus quadrupole-like)
//     expansion, the others recurse down to exact per-triangle solid
//     angles (Van Oosterom and Strackee's formula).
//   - Signed: the unsigned distance, negative inside (winding number at
//     least 0.5), positive elsewhere, following the project's convention.
//
// SignedBatch and WindingBatch evaluate many float32 points across
// goroutines, in Morton order so that consecutive queries share cached
// nodes and triangles.
//
// # How distances are found
//
// A bounding volume hierarchy (binned surface-area heuristic) is collapsed
// to four children a node, whose boxes, stored in float32 rounded
// outwards, are measured against the query at once (four AVX2 lanes with
// GOEXPERIMENT=simd on amd64, else one by one; both give the same
// float64 results). The search starts from a seed: the triangle nearest
// to the closest point of a coarse lattice over the mesh's bounding box,
// found at build time, which bounds the distance to within a few
// thousandths from the start. It descends nearest box first and skips
// every box no nearer than the bound. Leaves hold groups of four triangles
// whose squared distances are first only estimated, four at a time, from
// two dot products and precomputed edge data, with a proven error bound
// (checked by the tests with a margin of thousands); the bound tightens to
// the least upper estimate, and only the few triangles whose lower
// estimate stays below it are measured exactly at the end, by the
// region-based closest point on a triangle (the Voronoi regions of its
// vertices, edges and face). Distances are therefore exact up to float64
// rounding, as before; ties between faces go to the first found, which
// depends only on the query point.
//
// # How signs are decided
//
// A mesh is closed when, after merging vertices with identical
// coordinates, every directed edge a→b is matched by an edge b→a (holes
// are not allowed; duplicate faces, non-manifold edges and
// self-intersections are). Its winding number is then an integer off the
// surface that changes by exactly ±1 across a face, so the sign is decided
// exactly, without Beta: 0 outside the bounding box; elsewhere, at build
// time, the winding number of every point of a finer lattice (64 cells
// along the longest side) is counted from the faces each lattice line
// crosses, and a query takes its nearest lattice point g's value when it
// is nearer to g than to the surface (the segment between them then lies
// in a ball free of faces), or else adds the faces the segment g→p
// crosses. Every crossing is decided with filtered exact predicates
// (Shewchuk's error bounds for orient2d and orient3d; a cheaper side test
// with its own bound rules out most faces four at a time). Where rounding
// leaves a crossing in doubt, which the tests never meet on real meshes,
// and for meshes that are not closed, the hierarchical winding number
// decides, as it always did.
//
// Accuracy: distances are exact up to float64 rounding. Signs of closed
// meshes are exact. The hierarchical winding number's error falls roughly
// as Beta⁻⁴; with the default Beta = 2 the tests measure a mean error of
// about 0.005 and at most 0.1 against the exact sum (at most 0.01 with
// Beta = 4). For meshes with holes the sign is decided correctly wherever
// the exact value is more than that error away from 0.5.
//
// Speed: go test ./sdf/dist -bench . measures queries per CPU-second of
// the querying goroutines at uniform and at near-surface points of the
// Armadillo (BenchmarkQuery, BenchmarkSignedBatch); the rates measured so far are in
// docs/DECISIONS.md, "Exact signed distances: lattice sizes and query
// chunks", and the README.
//
// Queries keep their traversal stacks in fixed-size arrays on the
// goroutine's stack and allocate nothing; batch queries reuse their
// ordering buffer from one call to the next.
package dist
