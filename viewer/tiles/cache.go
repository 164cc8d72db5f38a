package tiles

import "container/list"

// Cache holds finished tiles under a byte budget, dropping the least
// recently used when a new one would exceed it; evict, if set, is called
// with each tile dropped (the viewer frees its texture there). Get and Put
// both count as a use. It is not safe for concurrent use: the viewer uses
// it from the thread that draws.
type Cache[V any] struct {
	budget, used int64
	order        list.List // of *entry[V], most recent at the front
	m            map[Key]*list.Element
	evict        func(Key, V)
}

type entry[V any] struct {
	key   Key
	val   V
	bytes int64
}

// NewCache returns an empty cache that holds at most budget bytes of
// tiles (always at least the last one put).
func NewCache[V any](budget int64, evict func(Key, V)) *Cache[V] {
	return &Cache[V]{budget: budget, m: map[Key]*list.Element{}, evict: evict}
}

// Get returns the tile of key and whether it is held, marking it used.
func (c *Cache[V]) Get(key Key) (V, bool) {
	e, ok := c.m[key]
	if !ok {
		var zero V
		return zero, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*entry[V]).val, true
}

// Has reports whether the tile of key is held, without marking it used.
func (c *Cache[V]) Has(key Key) bool {
	_, ok := c.m[key]
	return ok
}

// Put stores the tile of key, of the given size in bytes, replacing any
// held for the same key, then drops least recently used tiles until the
// cache is within its budget again.
func (c *Cache[V]) Put(key Key, v V, bytes int64) {
	if e, ok := c.m[key]; ok {
		c.remove(e)
	}
	c.m[key] = c.order.PushFront(&entry[V]{key: key, val: v, bytes: bytes})
	c.used += bytes
	for c.used > c.budget && c.order.Len() > 1 {
		c.remove(c.order.Back())
	}
}

// remove drops the tile of list element e, calling evict.
func (c *Cache[V]) remove(e *list.Element) {
	en := c.order.Remove(e).(*entry[V])
	delete(c.m, en.key)
	c.used -= en.bytes
	if c.evict != nil {
		c.evict(en.key, en.val)
	}
}

// Clear drops every tile, calling evict for each.
func (c *Cache[V]) Clear() {
	for c.order.Len() > 0 {
		c.remove(c.order.Back())
	}
}

// Reserve raises the budget to at least bytes: a view must be able to
// hold all the tiles it draws at once, or it would evict them as it
// finished them and never complete.
func (c *Cache[V]) Reserve(bytes int64) { c.budget = max(c.budget, bytes) }

// Len returns the number of tiles held.
func (c *Cache[V]) Len() int { return c.order.Len() }

// Bytes returns the bytes of the tiles held.
func (c *Cache[V]) Bytes() int64 { return c.used }
