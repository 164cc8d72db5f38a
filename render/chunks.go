package render

import "sync/atomic"

// pixelChunks hands out the pixels of a picture, row-major, in chunks of
// MaxBatch consecutive pixels (the last one shorter) to workers that claim
// them in turn. The chunk boundaries depend only on the number of pixels,
// so a picture made of per-pixel results does not depend on how many
// workers there are or which chunk each one took.
type pixelChunks struct {
	n    int          // pixels in the picture
	next atomic.Int64 // first pixel of the next chunk to claim
}

// reset starts handing out the n pixels of a new picture. It must not be
// called while workers are claiming.
func (c *pixelChunks) reset(n int) {
	c.n = n
	c.next.Store(0)
}

// count returns the number of chunks.
func (c *pixelChunks) count() int { return (c.n + MaxBatch - 1) / MaxBatch }

// claim returns the pixels [p0, p1) of the next chunk nobody has claimed,
// or ok false when none is left. It is safe for concurrent use.
func (c *pixelChunks) claim() (p0, p1 int, ok bool) {
	p0 = int(c.next.Add(MaxBatch)) - MaxBatch
	if p0 >= c.n {
		return 0, 0, false
	}
	return p0, min(p0+MaxBatch, c.n), true
}
