package nn

// EncoderWorker runs a feature encoder on batches of points within one
// goroutine, the encoders' counterpart of MLPWorker. It keeps the forward
// values its own Backward needs, so workers of one encoder may run
// concurrently but one worker may not.
//
// It is declared here, in the lowest package that the encoders (grid, rbf)
// and their user (field, whose Encoder interface returns it) all import,
// so that there is one named interface instead of an alias repeated in
// each of them to avoid an import of field.
//
// Like the rest of the package, the methods take their destinations first.
type EncoderWorker interface {
	// Forward encodes the n = len(x)/InDim points of x (row-major) and
	// writes point i's features to out[i*stride+off : i*stride+off+OutDim].
	// When idx is non-nil and the encoder was prepared for a fixed point
	// set (field.Fixer), idx[i] is point i's index in that set (x still
	// holds its coordinates) and precomputed per-point data may be used
	// instead of x.
	Forward(out []float32, stride, off int, x []float32, idx []int32)
	// Backward adds the parameter gradients to grads (grads[k] as long as
	// the encoder's k-th parameter) and, when dx is non-nil, writes dL/dx
	// (n×InDim) into dx, given dL/dfeatures in dout (laid out as Forward's
	// out) for the points of the last Forward call.
	Backward(grads [][]float32, dx []float32, dout []float32, stride, off int)
}
