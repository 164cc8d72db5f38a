package field

import "github.com/neurbf/neurbf/nn"

// Encoder maps points of [-1,1]^InDim to feature vectors of width OutDim.
// The grid encoder (package grid) and the adaptive RBF encoder (package rbf)
// satisfy it structurally; they do not import this package.
type Encoder interface {
	// InDim is the dimension of the input points (2 for images, 3 for SDFs).
	InDim() int
	// OutDim is the number of features per point.
	OutDim() int
	// Params lists the trainable parameters, in a fixed order.
	Params() []*nn.Param
	// NewWorker returns scratch state for one goroutine. Workers of one
	// encoder may run concurrently; each keeps the forward values its own
	// backward pass needs.
	NewWorker() EncoderWorker
}

// EncoderWorker runs an encoder on batches of points within one goroutine.
// It is an alias of an interface literal, not a named type, so that the
// encoder packages, which do not import this one, can declare the same
// literal and their NewWorker methods still satisfy Encoder.
type EncoderWorker = interface {
	// Forward encodes the n = len(x)/InDim points of x (row-major) and writes
	// point i's features to out[i*stride+off : i*stride+off+OutDim].
	// When idx is non-nil and the encoder was prepared with Fix, idx[i] is
	// point i's index in the fixed set (x still holds its coordinates) and
	// the precomputed per-point data may be used instead of x.
	Forward(x []float32, idx []int32, out []float32, stride, off int)
	// Backward takes dL/dfeatures in dout (same layout as Forward's out) for
	// the points of the last Forward call, adds the parameter gradients to
	// grads (grads[k] is as long as Params()[k].Data) and, when dx is
	// non-nil, writes dL/dx (n×InDim) into dx.
	Backward(dout []float32, stride, off int, grads [][]float32, dx []float32)
}

// Fixer is implemented by encoders that can precompute per-point data for
// a fixed set of training points (row-major n×InDim), making the training
// pass a gather. Fix returns the bytes its cache holds.
type Fixer interface {
	Fix(x []float32) (bytes int64, err error)
}

// Stater is implemented by encoders holding tensors that are not trained
// (frozen RBF centres and shapes, say) but that a snapshot must keep.
type Stater interface {
	State() []*nn.Param
}
