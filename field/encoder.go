package field

import "github.com/neurbf/neurbf/nn"

// Encoder maps points of [-1,1]^InDim to feature vectors of width OutDim.
// The grid encoder (package grid) and the adaptive RBF encoder (package rbf)
// satisfy it structurally; they do not import this package, and their
// workers are nn.EncoderWorkers, an interface all three packages import.
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
	NewWorker() nn.EncoderWorker
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
