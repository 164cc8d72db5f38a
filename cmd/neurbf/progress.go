package main

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/neurbf/neurbf/field"
	"github.com/neurbf/neurbf/internal/cli"
)

// progressBar is a field.Recorder that draws one self-updating status line
// on a terminal (or prints a line every few seconds to a file or pipe):
// step, PSNR, samples per second and the time left.
type progressBar struct {
	w        io.Writer
	tty      bool
	every    time.Duration
	last     time.Time
	lastSamp int64
	lastEl   time.Duration
	rate     float64 // samples/s over the last interval
}

// newProgressBar returns a bar writing to w; a terminal gets ten updates a
// second, anything else one line every ten seconds.
func newProgressBar(w io.Writer) *progressBar {
	tty := cli.IsTerminal(w)
	every := 10 * time.Second
	if tty {
		every = 100 * time.Millisecond
	}
	return &progressBar{w: w, tty: tty, every: every}
}

// Record prints the status line when it is due.
func (b *progressBar) Record(p field.Progress) {
	now := time.Now()
	if p.Step > 1 && now.Sub(b.last) < b.every && p.Step != p.Steps {
		return
	}
	if dt := (p.Elapsed - b.lastEl).Seconds(); dt > 0 {
		b.rate = float64(p.Samples-b.lastSamp) / dt
	}
	b.last, b.lastSamp, b.lastEl = now, p.Samples, p.Elapsed
	line := fmt.Sprintf("step %s  %s  %s samples/s  elapsed %s  ETA %s",
		stepText(p), metricText(p), si(b.rate), round(p.Elapsed), eta(p))
	if b.tty {
		fmt.Fprintf(b.w, "\r\033[K%s", line)
	} else {
		fmt.Fprintln(b.w, line)
	}
}

// Done ends the status line; a nil bar does nothing.
func (b *progressBar) Done() {
	if b != nil && b.tty {
		fmt.Fprintln(b.w)
	}
}

func stepText(p field.Progress) string {
	if p.Steps > 0 {
		return fmt.Sprintf("%d/%d", p.Step, p.Steps)
	}
	return fmt.Sprint(p.Step)
}

func metricText(p field.Progress) string {
	if p.PSNR != 0 {
		return fmt.Sprintf("PSNR %6.2f dB", p.PSNR)
	}
	return fmt.Sprintf("loss %.4g", p.Loss)
}

// eta estimates the remaining time from whichever limit ends training first.
// The clock it reads (Progress.Elapsed) is the wall clock the trainer stops
// by, so against a budget the estimate is exact up to the last step.
func eta(p field.Progress) string {
	left := math.Inf(1)
	if p.Steps > 0 && p.Step > 0 {
		left = p.Elapsed.Seconds() / float64(p.Step) * float64(p.Steps-p.Step)
	}
	if p.Budget > 0 {
		left = math.Min(left, (p.Budget - p.Elapsed).Seconds())
	}
	if math.IsInf(left, 0) {
		return "?"
	}
	return round(time.Duration(math.Max(left, 0) * float64(time.Second))).String()
}

func round(d time.Duration) time.Duration { return d.Round(time.Second) }

// si formats v with a k or M suffix.
func si(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}
