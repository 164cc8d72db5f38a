package tiles

import "sync"

// Queue hands tiles to background workers. The drawing thread replaces
// the list of tiles it wants at every frame (Set), so a tile that scrolled
// out of view before a worker took it is never evaluated; workers take
// the most urgent (Take) and the drawing thread marks each finished once
// it holds the result (Done), so that a tile is never asked for twice
// while it is being evaluated. It is safe for concurrent use.
type Queue struct {
	mu       sync.Mutex
	cond     sync.Cond
	want     []Key
	inFlight map[Key]bool
	closed   bool
}

// NewQueue returns an empty open queue.
func NewQueue() *Queue {
	q := &Queue{inFlight: map[Key]bool{}}
	q.cond.L = &q.mu
	return q
}

// Set replaces the tiles wanted, most urgent first; those being evaluated
// are left out.
func (q *Queue) Set(want []Key) {
	q.mu.Lock()
	q.want = q.want[:0]
	for _, k := range want {
		if !q.inFlight[k] {
			q.want = append(q.want, k)
		}
	}
	q.mu.Unlock()
	q.cond.Broadcast()
}

// Take blocks until a tile is wanted and returns the most urgent, now in
// flight, or returns false once the queue is closed.
func (q *Queue) Take() (Key, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.want) == 0 && !q.closed {
		q.cond.Wait()
	}
	if q.closed {
		return Key{}, false
	}
	k := q.want[0]
	q.want = q.want[1:]
	q.inFlight[k] = true
	return k, true
}

// Done marks a tile taken by a worker as no longer in flight.
func (q *Queue) Done(k Key) {
	q.mu.Lock()
	delete(q.inFlight, k)
	q.mu.Unlock()
}

// Busy reports whether any tile is wanted or in flight.
func (q *Queue) Busy() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.want) > 0 || len(q.inFlight) > 0
}

// InFlight reports whether tile k is being evaluated.
func (q *Queue) InFlight(k Key) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.inFlight[k]
}

// Close wakes every worker waiting in Take and makes it return false.
func (q *Queue) Close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.cond.Broadcast()
}
