package cli

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// phaseTick is how often a Phase on a terminal redraws its line.
const phaseTick = 250 * time.Millisecond

// Phase shows the progress of one long phase of work on a writer
// (normally standard error). On a terminal its line is rewritten in place
// with the share of the work done and the time so far; on anything else
// nothing is written until Done, which writes one line. A nil *Phase does
// nothing, so callers can pass one around unconditionally.
type Phase struct {
	w     io.Writer
	name  string
	unit  string
	total int64
	done  atomic.Int64
	start time.Time
	term  bool
	stop  chan struct{}
	wg    sync.WaitGroup
}

// StartPhase begins a phase called name (e.g. "marching cubes 256³") of
// total units of work (0 when unknown: the line then shows only the time)
// and reports it on w. It returns nil when w is nil.
func StartPhase(w io.Writer, name string, total int64) *Phase {
	return startPhase(w, name, total, "", IsTerminal(w))
}

// StartCount begins a phase whose total is unknown but whose work is
// counted in unit ("model evaluations"): its line on a terminal shows the
// count done so far and the time.
func StartCount(w io.Writer, name, unit string) *Phase {
	return startPhase(w, name, 0, unit, IsTerminal(w))
}

// startPhase is StartPhase and StartCount with the kind of writer given:
// term rewrites the line in place as on a terminal.
func startPhase(w io.Writer, name string, total int64, unit string, term bool) *Phase {
	if w == nil {
		return nil
	}
	p := &Phase{w: w, name: name, total: total, unit: unit, start: time.Now(), term: term}
	if term {
		p.stop = make(chan struct{})
		p.wg.Add(1)
		go p.redraw()
	}
	return p
}

// Add records n more units of work done. It is safe for concurrent use.
func (p *Phase) Add(n int64) {
	if p != nil {
		p.done.Add(n)
	}
}

// redraw rewrites the terminal line until Done.
func (p *Phase) redraw() {
	defer p.wg.Done()
	t := time.NewTicker(phaseTick)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			fmt.Fprintf(p.w, "\r%s: %s\x1b[K", p.name, p.status())
		}
	}
}

// status is the progress part of the line: share done and time so far.
func (p *Phase) status() string {
	el := time.Since(p.start).Round(100 * time.Millisecond)
	if p.total <= 0 {
		if p.unit != "" {
			return fmt.Sprintf("%s %s  %s", HumanCount(p.done.Load()), p.unit, el)
		}
		return el.String()
	}
	frac := min(float64(p.done.Load())/float64(p.total), 1)
	return fmt.Sprintf("%3.0f%%  %s", 100*frac, el)
}

// HumanCount writes a count n with a k, M or G suffix above a thousand
// ("14.7M"), as progress lines and messages show counts.
func HumanCount(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1fG", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1fM", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1fk", float64(n)/1e3)
	}
	return fmt.Sprint(n)
}

// Abort ends a phase that failed without a line of its own, so that the
// error the caller reports is the only line about it: on a terminal the
// progress line is erased, elsewhere nothing is written.
func (p *Phase) Abort() {
	if p == nil {
		return
	}
	if p.stop != nil {
		close(p.stop)
		p.wg.Wait()
	}
	if p.term {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// Done ends the phase: it writes the phase's final line, the name, detail
// (what came out, e.g. "52,210 triangles"; may be empty) and the time it
// took, replacing the progress line on a terminal.
func (p *Phase) Done(detail string) {
	if p == nil {
		return
	}
	if p.stop != nil {
		close(p.stop)
		p.wg.Wait()
	}
	el := time.Since(p.start).Round(100 * time.Millisecond)
	if detail != "" {
		detail += ", "
	}
	if p.term {
		fmt.Fprintf(p.w, "\r%s: %s%s\x1b[K\n", p.name, detail, el)
		return
	}
	fmt.Fprintf(p.w, "%s: %s%s\n", p.name, detail, el)
}
