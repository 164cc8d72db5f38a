package mesh

import (
	"bufio"
	"io"
)

// chunk is how many elements a parser preallocates for a header count
// when the length of the remaining input is unknown (a compressed
// stream): the slice then grows as elements actually arrive, so a header
// that lies about its counts cannot trigger a huge allocation.
const chunk = 1 << 12

// source is the input of a parser: a buffered reader that knows, when the
// underlying reader can tell, how many bytes are left.
type source struct {
	*bufio.Reader
	count *countingReader
	size  int64 // bytes from the start of count to the end, or -1 if unknown
}

// minBuffer and maxBuffer bound the size of a source's read buffer: the
// parsers peek at up to 50 bytes at once (a binary STL triangle).
const minBuffer, maxBuffer = 512, 64 << 10

// newSource wraps r; size is the number of bytes r holds, or -1. When the
// size is known, the read buffer is no larger than the input (above a
// small floor): a small file, and every input of a fuzz target, must not
// cost the allocation and zeroing of a buffer sized for large meshes.
func newSource(r io.Reader, size int64) *source {
	c := &countingReader{r: r}
	n := maxBuffer
	if size >= 0 && size < maxBuffer {
		n = max(int(size), minBuffer)
	}
	return &source{Reader: bufio.NewReaderSize(c, n), count: c, size: size}
}

// remaining returns how many bytes the parser has not consumed yet, or -1
// when that is unknown.
func (s *source) remaining() int64 {
	if s.size < 0 {
		return -1
	}
	return s.size - (s.count.n - int64(s.Buffered()))
}

// capHint returns how many elements to preallocate for a header that
// claims count elements of at least minBytes bytes each: the count,
// bounded by what the remaining input can hold, or by chunk when the
// remaining length is unknown.
func (s *source) capHint(count uint64, minBytes int64) int {
	limit := uint64(chunk)
	if rem := s.remaining(); rem >= 0 && minBytes > 0 {
		limit = uint64(rem / minBytes)
	}
	return int(min(count, limit))
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// sizeOf returns how many bytes remain in r when r can tell (a
// bytes.Reader, strings.Reader, bytes.Buffer, or any io.Seeker such as an
// *os.File), or -1.
func sizeOf(r io.Reader) int64 {
	switch r := r.(type) {
	case interface{ Len() int }:
		return int64(r.Len())
	case io.Seeker:
		cur, err := r.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1
		}
		end, err := r.Seek(0, io.SeekEnd)
		if err != nil {
			return -1
		}
		if _, err := r.Seek(cur, io.SeekStart); err != nil {
			return -1
		}
		return end - cur
	}
	return -1
}
