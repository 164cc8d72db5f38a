package tiles

import (
	"testing"
	"time"
)

func TestCacheLRU(t *testing.T) {
	var evicted []int
	c := NewCache[int](300, func(_ Key, v int) { evicted = append(evicted, v) })
	k := func(i int) Key { return Key{Level: 0, I: i} }
	c.Put(k(1), 1, 100)
	c.Put(k(2), 2, 100)
	c.Put(k(3), 3, 100)
	if _, ok := c.Get(k(1)); !ok { // 1 is now the most recent
		t.Fatal("tile 1 missing")
	}
	c.Put(k(4), 4, 100) // drops 2, the least recently used
	if len(evicted) != 1 || evicted[0] != 2 || c.Has(k(2)) {
		t.Fatalf("evicted %v, want [2]", evicted)
	}
	if c.Len() != 3 || c.Bytes() != 300 {
		t.Errorf("%d tiles of %d bytes, want 3 of 300", c.Len(), c.Bytes())
	}
	c.Put(k(5), 5, 250) // drops 3 and 1, then 4: only the new one fits
	if c.Len() != 1 || !c.Has(k(5)) || len(evicted) != 4 {
		t.Errorf("after a big put: %d tiles, evicted %v", c.Len(), evicted)
	}
	c.Put(k(6), 6, 1000) // larger than the budget: still held, alone
	if c.Len() != 1 || !c.Has(k(6)) {
		t.Errorf("a tile over the budget is not held alone")
	}
	c.Put(k(6), 7, 10) // replacing a key evicts the old value
	if v, _ := c.Get(k(6)); v != 7 || evicted[len(evicted)-1] != 6 || c.Bytes() != 10 {
		t.Errorf("replaced tile: %d, evicted %v, %d bytes", v, evicted, c.Bytes())
	}
	c.Reserve(5) // never lowers the budget
	c.Reserve(1000)
	c.Put(k(8), 8, 900)
	if c.Len() != 2 || c.Bytes() != 910 {
		t.Errorf("after Reserve(1000): %d tiles, %d bytes; want both held", c.Len(), c.Bytes())
	}
	c.Clear()
	if c.Len() != 0 || c.Bytes() != 0 || evicted[len(evicted)-1] != 8 {
		t.Errorf("after Clear: %d tiles, %d bytes, evicted %v", c.Len(), c.Bytes(), evicted)
	}
}

func TestQueue(t *testing.T) {
	q := NewQueue()
	a, b, c := Key{I: 1}, Key{I: 2}, Key{I: 3}
	got := make(chan Key)
	take := func() {
		k, ok := q.Take()
		if !ok {
			close(got)
			return
		}
		got <- k
	}
	go take()
	select {
	case k := <-got:
		t.Fatalf("took %v from an empty queue", k)
	case <-time.After(20 * time.Millisecond):
	}
	q.Set([]Key{a, b})
	if k := <-got; k != a || !q.InFlight(a) {
		t.Fatalf("took %v first (in flight %v), want %v", k, q.InFlight(a), a)
	}
	// a is in flight: a new list that still holds it does not hand it out
	// again, and b, no longer wanted, is dropped.
	q.Set([]Key{a, c})
	if k, ok := q.Take(); !ok || k != c {
		t.Fatalf("took %v, want %v", k, c)
	}
	if !q.Busy() {
		t.Error("not busy with two tiles in flight")
	}
	q.Done(a)
	q.Done(c)
	if q.Busy() {
		t.Error("busy with nothing wanted or in flight")
	}
	go take()
	q.Close()
	if _, ok := <-got; ok {
		t.Error("Take returned a tile after Close")
	}
}
