//go:build viewer

package viewer

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/neurbf/neurbf/field"
)

// Live runs a trainer in a goroutine for the viewer. The trainer's own
// Run drives it (step limit, time budget, schedules); Live is one of its
// recorders and holds a lock during every step, released between steps,
// so that CopyTo reads consistent parameters without stopping training
// for longer than one step. Pause holds training between two steps.
type Live struct {
	tr     *field.Trainer
	mu     sync.Mutex // held by the training goroutine while it steps
	paused atomic.Bool
	wake   chan struct{}
	last   atomic.Pointer[field.Progress]
	cancel context.CancelFunc
	done   chan struct{}
	err    error
}

// StartLive starts tr.Run in a goroutine. tr must have a step limit or a
// time budget.
func StartLive(tr *field.Trainer) *Live {
	ctx, cancel := context.WithCancel(context.Background())
	l := &Live{tr: tr, wake: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	tr.Recorders = append(tr.Recorders, l)
	l.mu.Lock()
	go func() {
		defer close(l.done)
		l.err = tr.Run(ctx)
		l.mu.Unlock()
	}()
	return l
}

// Record stores p and lets readers in between two steps; while paused it
// waits, without the lock, for Resume or Stop. It runs on the training
// goroutine (field.Recorder).
func (l *Live) Record(p field.Progress) {
	l.last.Store(&p)
	l.mu.Unlock()
	for l.paused.Load() {
		select {
		case <-l.wake:
		case <-time.After(100 * time.Millisecond):
		}
	}
	l.mu.Lock()
}

// Progress returns the last report (the zero value before the first step).
func (l *Live) Progress() field.Progress {
	if p := l.last.Load(); p != nil {
		return *p
	}
	return field.Progress{}
}

// SetPaused pauses or resumes training.
func (l *Live) SetPaused(p bool) {
	l.paused.Store(p)
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Paused reports whether training is paused.
func (l *Live) Paused() bool { return l.paused.Load() }

// Done is closed when training has ended (limit reached or stopped).
func (l *Live) Done() <-chan struct{} { return l.done }

// Stop ends training after the current step and waits for it. It returns
// nil when training had already reached its limit or was stopped.
func (l *Live) Stop() error {
	l.cancel()
	l.SetPaused(false)
	<-l.done
	if l.err == context.Canceled {
		return nil
	}
	return l.err
}

// CopyTo copies the trained model's parameters into dst, a model of the
// same configuration (a field.Model.Clone), between two steps, and returns the
// number of steps they have seen.
func (l *Live) CopyTo(dst *field.Model) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	copyParams(dst, l.tr.Model)
	return l.tr.StepsDone()
}

// Save writes a snapshot of the trained model between two steps.
func (l *Live) Save(path string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tr.Model.Save(path, l.tr.StepsDone(), l.tr.Elapsed().Seconds())
}

// copyParams copies src's parameters and frozen tensors into dst.
func copyParams(dst, src *field.Model) {
	d := append(dst.Params(), dst.Encoder.State()...)
	s := append(src.Params(), src.Encoder.State()...)
	for i := range s {
		copy(d[i].Data, s[i].Data)
	}
}
