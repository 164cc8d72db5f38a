package field

import "time"

// Progress is what a trainer reports after a step.
type Progress struct {
	Step    int           // steps done so far (1 after the first)
	Steps   int           // planned steps (0 when only a time budget applies)
	Loss    float64       // the step's training loss
	PSNR    float64       // image task: PSNR of the step's batch, before clipping (dB)
	Elapsed time.Duration // the training clock after the step (Trainer.Elapsed): wall time, recorders included, initialisation excluded
	Budget  time.Duration // wall-clock budget, 0 if none
	Samples int64         // training samples processed so far
}

// Recorder receives progress reports from a trainer. The CLI progress bar,
// the loss curve and the viewer are recorders. Record is called from the
// training goroutine between steps; it should return quickly.
type Recorder interface {
	Record(p Progress)
}

// RecorderFunc adapts a function to the Recorder interface.
type RecorderFunc func(p Progress)

// Record calls f(p).
func (f RecorderFunc) Record(p Progress) { f(p) }

// History is a Recorder that keeps every report, for curves and tests.
type History struct {
	Points []Progress
}

// Record appends p.
func (h *History) Record(p Progress) { h.Points = append(h.Points, p) }
