// Package mesh reads, writes and measures triangle meshes, the input of
// the signed-distance-field task.
//
// Read and Decode load PLY (ASCII, binary little- and big-endian), OBJ,
// STL (ASCII and binary) and OFF files, gzip-compressed or not, detecting
// the format by content and falling back to the file extension. Polygons
// are fan-triangulated and STL vertices welded by exact position. Every
// problem with the input, including header counts larger than the input
// could hold, is a one-line error naming the file; no input makes the
// readers panic or allocate more than a small multiple of its size.
//
// Write stores a mesh as binary PLY, OBJ, OFF or binary STL, chosen by
// the extension, atomically; WritePLY stores a binary PLY with per-vertex
// normals, given (an SDF's gradient) or area-weighted from the faces
// (VertexNormals).
//
// Normalize maps a mesh into the domain of the SDF task (docs/METHOD.md §3: the
// centre of the bounding box at the origin, the farthest vertex at
// distance 0.99) and returns the Transform that maps results back to the
// input's units. Bounds, Area, SignedVolume, FaceNormals and Closed
// measure a mesh; SurfaceSampler and SampleSurface draw area-weighted
// surface points with their face normals, for training samples and for
// the mesh metrics.
package mesh
