package pixels

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
)

// PNGRows decodes a non-interlaced PNG file one row at a time, so that an
// image far larger than memory could hold as float32 is read in a single
// pass with memory for two rows. Samples come out at the file's depth
// widened to 16 bits (an 8-bit sample v as v·257, so v/65535 is exact),
// gray files (with or without alpha) as one channel and every other
// colour type (RGB, RGBA, paletted) as three; alpha is dropped, as Load
// does. Interlaced (Adam7) files cannot be streamed: NewPNGRows refuses
// them with ErrInterlaced, and callers fall back to decoding them whole.
type PNGRows struct {
	// W, H and C are the image's width, height and channel count (1 or 3).
	W, H, C int
	// Depth is the file's bits per sample (1, 2, 4, 8 or 16); samples of
	// fewer than 8 bits are scaled to the full 16-bit range.
	Depth int

	name      string
	colorType byte
	palette   [][3]uint16
	z         io.ReadCloser
	cur, prev []byte // filtered row bytes of the current and previous row
	bpp       int    // bytes per complete pixel, at least 1
	rowBytes  int    // bytes of one row's samples, without the filter byte
	y         int
	alpha     bool // a pixel with alpha below the maximum was seen
}

// ErrInterlaced is returned by NewPNGRows for an Adam7-interlaced file.
var ErrInterlaced = errors.New("interlaced PNG files cannot be read row by row")

// NewPNGRows reads the header of the PNG file in r (name is used in error
// messages, which read "<name>: <problem>") up to its first image data.
func NewPNGRows(r io.Reader, name string) (*PNGRows, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var sig [8]byte
	if _, err := io.ReadFull(br, sig[:]); err != nil || string(sig[:]) != "\x89PNG\r\n\x1a\n" {
		return nil, fmt.Errorf("%s: not a PNG file", name)
	}
	p := &PNGRows{name: name}
	cr := &chunkReader{r: br, name: name}
	for {
		typ, data, err := cr.next()
		if err != nil {
			return nil, err
		}
		switch typ {
		case "IHDR":
			if err := p.header(data); err != nil {
				return nil, err
			}
		case "PLTE":
			if p.W == 0 {
				return nil, fmt.Errorf("%s: PLTE before IHDR", name)
			}
			if len(data)%3 != 0 || len(data) == 0 || len(data) > 3*256 {
				return nil, fmt.Errorf("%s: palette of %d bytes", name, len(data))
			}
			for i := 0; i < len(data); i += 3 {
				p.palette = append(p.palette, [3]uint16{uint16(data[i]) * 257, uint16(data[i+1]) * 257, uint16(data[i+2]) * 257})
			}
		case "IDAT":
			if p.W == 0 {
				return nil, fmt.Errorf("%s: image data before IHDR", name)
			}
			if p.colorType == 3 && p.palette == nil {
				return nil, fmt.Errorf("%s: paletted image without a palette", name)
			}
			cr.pending = data
			cr.inData = true
			z, err := zlib.NewReader(cr)
			if err != nil {
				return nil, fmt.Errorf("%s: corrupt image data: %v", name, err)
			}
			p.z = z
			return p, nil
		case "IEND":
			return nil, fmt.Errorf("%s: no image data", name)
		}
	}
}

// readPNGHeader reads a PNG's signature and IHDR chunk only, allocating
// nothing that depends on the claimed size.
func readPNGHeader(r io.Reader, name string) (*PNGRows, error) {
	var sig [8]byte
	if _, err := io.ReadFull(r, sig[:]); err != nil || string(sig[:]) != "\x89PNG\r\n\x1a\n" {
		return nil, fmt.Errorf("%s: not a PNG file", name)
	}
	cr := &chunkReader{r: bufio.NewReader(r), name: name}
	typ, data, err := cr.next()
	if err != nil {
		return nil, err
	}
	if typ != "IHDR" {
		return nil, fmt.Errorf("%s: the first PNG chunk is %q, not IHDR", name, typ)
	}
	p := &PNGRows{name: name}
	return p, p.header(data)
}

// header checks IHDR and sets the image's shape.
func (p *PNGRows) header(d []byte) error {
	if len(d) != 13 {
		return fmt.Errorf("%s: IHDR of %d bytes", p.name, len(d))
	}
	w, h := binary.BigEndian.Uint32(d[0:]), binary.BigEndian.Uint32(d[4:])
	depth, ct, interlace := d[8], d[9], d[12]
	if w == 0 || h == 0 || w > 1<<31-1 || h > 1<<31-1 {
		return fmt.Errorf("%s: empty or oversized PNG image (%d×%d pixels)", p.name, w, h)
	}
	if d[10] != 0 || d[11] != 0 {
		return fmt.Errorf("%s: unknown PNG compression or filter method", p.name)
	}
	if interlace == 1 {
		return fmt.Errorf("%s: %w", p.name, ErrInterlaced)
	}
	if interlace != 0 {
		return fmt.Errorf("%s: unknown interlace method %d", p.name, interlace)
	}
	var samples int // samples per pixel in the file
	ok := false
	switch ct {
	case 0:
		samples, p.C, ok = 1, 1, depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16
	case 2:
		samples, p.C, ok = 3, 3, depth == 8 || depth == 16
	case 3:
		samples, p.C, ok = 1, 3, depth == 1 || depth == 2 || depth == 4 || depth == 8
	case 4:
		samples, p.C, ok = 2, 1, depth == 8 || depth == 16
	case 6:
		samples, p.C, ok = 4, 3, depth == 8 || depth == 16
	}
	if !ok {
		return fmt.Errorf("%s: PNG colour type %d with %d-bit samples is not valid", p.name, ct, depth)
	}
	p.W, p.H, p.Depth, p.colorType = int(w), int(h), int(depth), ct
	rowBits := int64(w) * int64(samples) * int64(depth)
	if rowBits > 1<<34 {
		return fmt.Errorf("%s: a row of %d pixels is too long", p.name, w)
	}
	p.rowBytes = int((rowBits + 7) / 8)
	p.bpp = max(samples*int(depth)/8, 1)
	return nil
}

// AlphaIgnored reports whether a pixel read so far had alpha below its
// maximum (paletted files' tRNS transparency is not looked at).
func (p *PNGRows) AlphaIgnored() bool { return p.alpha }

// Next decodes the next row into dst (at least W·C samples) and returns
// its index, or io.EOF after the last row. A truncated or corrupt file is
// an error naming the row.
func (p *PNGRows) Next(dst []uint16) (int, error) {
	if p.y == p.H {
		return 0, io.EOF
	}
	if len(dst) < p.W*p.C {
		panic("pixels: PNGRows.Next destination shorter than a row")
	}
	if p.cur == nil { // the rows are allocated only once pixels are asked for
		p.cur, p.prev = make([]byte, 1+p.rowBytes), make([]byte, 1+p.rowBytes)
	}
	p.prev, p.cur = p.cur, p.prev
	if _, err := io.ReadFull(p.z, p.cur); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return 0, fmt.Errorf("%s: truncated PNG data at row %d of %d", p.name, p.y, p.H)
		}
		return 0, fmt.Errorf("%s: corrupt PNG data at row %d: %v", p.name, p.y, err)
	}
	if err := unfilter(p.cur[0], p.cur[1:], p.prev[1:], p.bpp, p.y == 0); err != nil {
		return 0, fmt.Errorf("%s: row %d: %v", p.name, p.y, err)
	}
	p.expand(dst, p.cur[1:])
	p.y++
	return p.y - 1, nil
}

// Close releases the decompressor; the underlying reader is not closed.
func (p *PNGRows) Close() error { return p.z.Close() }

// unfilter reverses PNG's per-row filter in place; prev is the previous
// row's unfiltered bytes (ignored on the first row, where it counts as 0).
func unfilter(f byte, cur, prev []byte, bpp int, first bool) error {
	switch f {
	case 0:
	case 1: // Sub
		for i := bpp; i < len(cur); i++ {
			cur[i] += cur[i-bpp]
		}
	case 2: // Up
		if !first {
			for i := range cur {
				cur[i] += prev[i]
			}
		}
	case 3: // Average
		for i := range cur {
			var a, b int
			if i >= bpp {
				a = int(cur[i-bpp])
			}
			if !first {
				b = int(prev[i])
			}
			cur[i] += byte((a + b) / 2)
		}
	case 4: // Paeth
		for i := range cur {
			var a, b, c int
			if i >= bpp {
				a = int(cur[i-bpp])
			}
			if !first {
				b = int(prev[i])
				if i >= bpp {
					c = int(prev[i-bpp])
				}
			}
			cur[i] += byte(paeth(a, b, c))
		}
	default:
		return fmt.Errorf("unknown filter type %d", f)
	}
	return nil
}

// paeth is PNG's Paeth predictor.
func paeth(a, b, c int) int {
	p := a + b - c
	pa, pb, pc := abs(p-a), abs(p-b), abs(p-c)
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// expand turns one unfiltered row into 16-bit samples of C channels.
func (p *PNGRows) expand(dst []uint16, row []byte) {
	d := p.Depth
	sample := func(i int) uint16 { // the i-th sample of the row, 16-bit
		switch d {
		case 16:
			return binary.BigEndian.Uint16(row[2*i:])
		case 8:
			return uint16(row[i]) * 257
		}
		per := 8 / d
		v := (row[i/per] >> (8 - d*(i%per+1))) & (1<<d - 1)
		return uint16(uint32(v) * 65535 / (1<<d - 1))
	}
	const full = 0xffff
	switch p.colorType {
	case 0:
		for x := range p.W {
			dst[x] = sample(x)
		}
	case 2:
		for i := range 3 * p.W {
			dst[i] = sample(i)
		}
	case 3:
		for x := range p.W {
			var k int
			if d == 8 {
				k = int(row[x])
			} else {
				per := 8 / d
				k = int((row[x/per] >> (8 - d*(x%per+1))) & (1<<d - 1))
			}
			c := [3]uint16{} // out-of-palette index: black, as Go's decoder
			if k < len(p.palette) {
				c = p.palette[k]
			}
			copy(dst[3*x:3*x+3], c[:])
		}
	case 4:
		for x := range p.W {
			dst[x] = sample(2 * x)
			p.alpha = p.alpha || sample(2*x+1) != full
		}
	case 6:
		for x := range p.W {
			dst[3*x], dst[3*x+1], dst[3*x+2] = sample(4*x), sample(4*x+1), sample(4*x+2)
			p.alpha = p.alpha || sample(4*x+3) != full
		}
	}
}

// chunkReader walks a PNG's chunks, checking each CRC; once the image data
// has begun it serves the concatenated IDAT payloads as one stream.
type chunkReader struct {
	r       *bufio.Reader
	name    string
	inData  bool
	pending []byte
	done    bool
	// buf is reused for every image-data chunk (Read consumes a chunk
	// before it reads the next), so streaming allocates one chunk's
	// worth, not the file's.
	buf bytes.Buffer
}

// maxChunk bounds a chunk held in memory before its CRC is checked; image
// data is read in chunks the writer chose, usually 8–64 KiB.
const maxChunk = 1 << 26

// next reads the next chunk into fresh memory, which the caller may keep.
func (c *chunkReader) next() (string, []byte, error) { return c.read(nil) }

// read reads the next chunk, into buf when it is non-nil (the result is
// then valid until buf is next used), else into fresh memory.
func (c *chunkReader) read(buf *bytes.Buffer) (string, []byte, error) {
	var hdr [8]byte
	if _, err := io.ReadFull(c.r, hdr[:]); err != nil {
		return "", nil, fmt.Errorf("%s: truncated PNG file", c.name)
	}
	n := binary.BigEndian.Uint32(hdr[:4])
	typ := string(hdr[4:])
	if n > maxChunk {
		return "", nil, fmt.Errorf("%s: PNG chunk %q of %d bytes is too large", c.name, typ, n)
	}
	// Read what is there rather than allocate what the length claims.
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	buf.Reset()
	_, err := buf.ReadFrom(io.LimitReader(c.r, int64(n)+4))
	data := buf.Bytes()
	if err != nil || len(data) != int(n)+4 {
		return "", nil, fmt.Errorf("%s: truncated PNG file in chunk %q", c.name, typ)
	}
	crc := crc32.NewIEEE()
	crc.Write(hdr[4:])
	crc.Write(data[:n])
	if crc.Sum32() != binary.BigEndian.Uint32(data[n:]) {
		return "", nil, fmt.Errorf("%s: PNG chunk %q fails its checksum", c.name, typ)
	}
	return typ, data[:n], nil
}

// Read serves image data across consecutive IDAT chunks.
func (c *chunkReader) Read(b []byte) (int, error) {
	for len(c.pending) == 0 {
		if c.done {
			return 0, io.EOF
		}
		typ, data, err := c.read(&c.buf)
		if err != nil {
			return 0, err
		}
		if typ != "IDAT" {
			c.done = true
			return 0, io.EOF
		}
		c.pending = data
	}
	n := copy(b, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}
