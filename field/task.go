package field

import "math/rand/v2"

// Batch is one training step's samples.
type Batch struct {
	X      []float32 // N×Dim coordinates in [-1,1]^Dim
	Idx    []int32   // indices into the encoder's fixed point set, or nil
	Target []float32 // N×Channels target values
}

// size is the number of samples in b.
func (b *Batch) size(dim int) int { return len(b.X) / dim }

// Task supplies a trainer with samples and a loss.
type Task interface {
	// Dim is the dimension of the points; Channels the width of the output.
	Dim() int
	Channels() int
	// Sample returns the batch for the given step. The batch may alias the
	// task's memory and stays valid until the next call.
	Sample(step int, rng *rand.Rand) *Batch
	// Loss writes dL/dpred into dpred (destination first) for the n rows
	// of pred (n×Channels) against target and returns the sum of the per-sample losses of those rows;
	// total is the number of samples in the whole batch, by which the mean
	// loss (and so the gradient) is normalised.
	Loss(dpred, pred, target []float32, total int) float64
}

// mse is the mean squared error over every sample and channel, the image
// loss of docs/METHOD.md §3. It is written for reuse by tasks.
func mse(dpred, pred, target []float32, channels, total int) float64 {
	scale := 2 / float32(total*channels)
	var sum float64
	for i, p := range pred {
		d := p - target[i]
		dpred[i] = scale * d
		sum += float64(d * d)
	}
	return sum / float64(channels)
}
