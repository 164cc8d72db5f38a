// Package rbf is NeuRBF's adaptive radial-basis-function encoder
// (docs/METHOD.md §1.1–§1.5 and §2): each query point x is encoded from the K RBFs
// whose centres are nearest to it,
//
//	φ̃_i = φ_i(x) / (Σ_{k∈U(x)} φ_k(x) + 1e-8),   g(x) = Σ_{i∈U(x)} w_i ⊙ sin(φ̃_i · m),
//
// with per-RBF feature vectors w_i ∈ R^F, F log-spaced frequencies m (the
// multi-frequency sinusoid composition, MSC) and one of three kernels φ
// (see Kernel). The global bias and the concatenation with the grid
// features belong to the caller (package field).
//
// The Encoder satisfies field.Encoder, field.Fixer and field.Stater
// structurally (it does not import package field); its workers are
// nn.EncoderWorkers. Its parameters are the features "rbf.w";
// centres "rbf.pos" and shapes "rbf.shape" are frozen by default and then
// reported by State so snapshots keep them; Config.TrainShapes makes them
// trainable.
//
// Centres are found by weighted K-means (internal/kmeans) over the
// training points, weighted by image gradient magnitude or by closeness to
// a surface, and shapes from each cluster's weighted covariance; NewFromData
// does both, and InitImage for an image's pixels. CountForTrainable turns a
// budget of trainable parameters into a number of RBFs. Neighbour queries
// go through internal/knn: a uniform bucket grid in 2-D, a k-d tree in 3-D.
//
// Identifiers spell "center" the American way (Centers, CentersName), as
// the standard library and the rest of the module do (pixels.PixelCenter,
// pixels.CenterCrop); prose keeps British spelling.
//
// Deviation from the reference implementation: the normalisation
// denominator is differentiated exactly rather than treated as a constant,
// so input gradients (SDF normals) and gradients of trained centres and
// shapes are exact; the features' gradient is the same either way.
//
// Arithmetic per point (offsets, kernel, normalisation, phases, sines) is
// done in float64, and φ̃ is kept in float64 between passes (8 bytes per
// neighbour): with frequencies up to 2^12 a float32 φ̃ would put errors of
// a few 1e-4 radians into the phases φ̃·m. Features, sines and gradients
// are float32.
package rbf
