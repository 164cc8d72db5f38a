package pixels

import (
	"bufio"
	"compress/zlib"
	"image"
	"io"
	"strconv"

	"golang.org/x/image/tiff/lzw"
)

// tiffStream decodes the chunks (tiles or strips) of a TIFF file one at a
// time, one row of a chunk at a time, into a raster. Besides the raster it
// holds one chunk row, the offsets of one row of chunks and the
// decompressor (and, for JPEG, one decoded chunk): Header.DecodeBytes.
type tiffStream struct {
	*tiffLayout
	r          *Raster
	win        image.Rectangle // the upright pixels kept, r's size: all by default
	br         *bufio.Reader
	z          io.ReadCloser // the zlib reader, reset for each chunk
	pb         packBits
	row        []byte // one row of a chunk, as stored
	offs, cnts []uint64
	scratch    []byte // file bytes of the offset arrays
	palette    []uint16
	jpegTables []byte // JPEGTables, when present
	jpeg       []byte // tables and one JPEG chunk
	alphaSeen  bool   // an alpha sample below its maximum was read
	fast       bool   // rows are copied as they are (see newTIFFStream)
}

func newTIFFStream(t *tiffLayout, r *Raster) *tiffStream {
	s := &tiffStream{
		tiffLayout: t,
		r:          r,
		win:        image.Rect(0, 0, r.W, r.H),
		br:         bufio.NewReaderSize(nil, 1<<16),
		row:        make([]byte, t.cw*t.chunkSamples()*t.bits/8),
		offs:       make([]uint64, t.across),
		cnts:       make([]uint64, t.across),
	}
	s.fast = t.orientation == 1 && t.planar == 1 && t.spp == r.C &&
		(t.photometric == tiffPhotoBlack || t.photometric == tiffPhotoRGB || t.compression == tiffJPEG)
	return s
}

// run decodes every chunk, plane by plane and row of chunks by row.
func (s *tiffStream) run() error {
	if err := s.readTables(); err != nil {
		return err
	}
	for p := range s.planes() {
		for cy := range s.down {
			first := uint64((p*s.down + cy) * s.across)
			if err := s.values(s.offsets, first, s.offs, &s.scratch); err != nil {
				return err
			}
			if err := s.values(s.counts, first, s.cnts, &s.scratch); err != nil {
				return err
			}
			for cx := range s.across {
				if err := s.chunk(p, cx, cy, s.offs[cx], s.cnts[cx]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// readTables reads the colour map of a palette image and the JPEG tables.
func (s *tiffStream) readTables() error {
	if s.photometric == tiffPhotoPalet {
		vals := make([]uint64, 3*256)
		if err := s.values(s.colorMap, 0, vals, &s.scratch); err != nil {
			return err
		}
		s.palette = make([]uint16, len(vals))
		for i, v := range vals {
			s.palette[i] = uint16(v)
		}
	}
	if s.compression == tiffJPEG && s.tables.count > 0 {
		s.jpegTables = make([]byte, s.tables.count)
		if s.tables.off < 0 {
			copy(s.jpegTables, s.tables.inline[:])
		} else if _, err := s.ra.ReadAt(s.jpegTables, s.tables.off); err != nil {
			return s.errorf("reading the JPEG tables: %v", err)
		}
	}
	return nil
}

// chunkName names chunk i for errors: "tile 12" or "strip 3".
func (s *tiffStream) chunkName(p, cx, cy int) string {
	what := "strip"
	if s.tiled {
		what = "tile"
	}
	return what + " " + strconv.Itoa((p*s.down+cy)*s.across+cx)
}

// chunk decodes the chunk at (cx, cy) of plane p, n bytes at offset off.
func (s *tiffStream) chunk(p, cx, cy int, off, n uint64) error {
	if n == 0 {
		return nil // a sparse file's missing chunk stays black
	}
	if off > uint64(s.size) || uint64(s.size)-off < n {
		return s.errorf("%s (%d bytes at byte %d) lies outside the %d-byte file", s.chunkName(p, cx, cy), n, off, s.size)
	}
	x0, y0 := cx*s.cw, cy*s.ch
	vw, vh := min(s.cw, s.w-x0), min(s.ch, s.h-y0)
	if !s.overlaps(x0, y0, vw, vh) {
		return nil // outside the window: not even read
	}
	if s.compression == tiffJPEG {
		return s.jpegChunk(p, cx, cy, off, n, vw, vh)
	}
	src, err := s.reader(io.NewSectionReader(s.ra, int64(off), int64(n)))
	if err != nil {
		return s.errorf("corrupt %s: %v", s.chunkName(p, cx, cy), err)
	}
	for y := range vh {
		if _, err := io.ReadFull(src, s.row); err != nil {
			return s.errorf("truncated or corrupt %s: %v", s.chunkName(p, cx, cy), err)
		}
		if s.predictor == 2 {
			s.undoPredictor(s.row)
		}
		s.store(y0+y, x0, vw, p, s.row)
	}
	return nil
}

// reader returns the decompressed bytes of one chunk.
func (s *tiffStream) reader(sec *io.SectionReader) (io.Reader, error) {
	s.br.Reset(sec)
	switch s.compression {
	case tiffDeflate, tiffDeflateOld:
		if s.z == nil {
			z, err := zlib.NewReader(s.br)
			if err != nil {
				return nil, err
			}
			s.z = z
			return z, nil
		}
		return s.z, s.z.(zlib.Resetter).Reset(s.br, nil)
	case tiffLZW:
		return lzw.NewReader(s.br, lzw.MSB, 8), nil
	case tiffPackBits:
		s.pb = packBits{r: s.br}
		return &s.pb, nil
	}
	return s.br, nil
}

// undoPredictor reverses horizontal differencing (Predictor 2) on one row
// of a chunk: each sample was stored as its difference from the same
// sample of the pixel to its left, modulo 2^bits.
func (s *tiffStream) undoPredictor(row []byte) {
	spc := s.chunkSamples()
	if s.bits == 8 {
		for i := spc; i < len(row); i++ {
			row[i] += row[i-spc]
		}
		return
	}
	for i := 2 * spc; i+1 < len(row); i += 2 {
		v := s.bo.Uint16(row[i:]) + s.bo.Uint16(row[i-2*spc:])
		s.bo.PutUint16(row[i:], v)
	}
}

// sample returns sample i of a stored row.
func (s *tiffStream) sample(row []byte, i int) uint32 {
	if s.bits == 8 {
		return uint32(row[i])
	}
	return uint32(s.bo.Uint16(row[2*i:]))
}

// overlaps reports whether the stored pixels [x0, x0+w) × [y0, y0+h),
// turned upright, meet the window.
func (s *tiffStream) overlaps(x0, y0, w, h int) bool {
	ax, ay := orientDest(x0, y0, s.w, s.h, s.orientation)
	bx, by := orientDest(x0+w-1, y0+h-1, s.w, s.h, s.orientation)
	box := image.Rect(min(ax, bx), min(ay, by), max(ax, bx)+1, max(ay, by)+1)
	return box.Overlaps(s.win)
}

// store writes n pixels of stored row sy, from stored column sx0, of
// plane p to the raster, turned upright; pixels outside the window are
// dropped.
func (s *tiffStream) store(sy, sx0, n, p int, row []byte) {
	r := s.r
	if s.fast { // upright, so stored coordinates are the picture's
		if sy < s.win.Min.Y || sy >= s.win.Max.Y {
			return
		}
		a, b := max(sx0, s.win.Min.X), min(sx0+n, s.win.Max.X)
		if a >= b {
			return
		}
		o := ((sy-s.win.Min.Y)*r.W + a - s.win.Min.X) * r.C
		m, skip := (b-a)*r.C, (a-sx0)*r.C
		if r.pix8 != nil {
			copy(r.pix8[o:o+m], row[skip:])
			return
		}
		dst := r.pix16[o : o+m]
		for i := range dst {
			dst[i] = s.bo.Uint16(row[2*(skip+i):])
		}
		return
	}
	maxv := uint32(1)<<s.bits - 1
	spc := s.chunkSamples()
	for i := range n {
		x, y := orientDest(sx0+i, sy, s.w, s.h, s.orientation)
		if !image.Pt(x, y).In(s.win) {
			continue
		}
		d := ((y-s.win.Min.Y)*r.W + x - s.win.Min.X) * r.C
		if s.planar == 2 {
			v := s.sample(row, i)
			switch {
			case p < s.colour:
				if s.photometric == tiffPhotoWhite {
					v = maxv - v
				}
				r.set(d+p, v)
			case p == s.alpha && v != maxv:
				s.alphaSeen = true
			}
			continue
		}
		b := i * spc
		if s.palette != nil {
			k := int(row[b])
			r.set(d, uint32(s.palette[k]>>8))
			r.set(d+1, uint32(s.palette[256+k]>>8))
			r.set(d+2, uint32(s.palette[512+k]>>8))
			continue
		}
		a := maxv
		if s.alpha >= 0 {
			a = s.sample(row, b+s.alpha)
			s.alphaSeen = s.alphaSeen || a != maxv
		}
		for k := range s.colour {
			v := s.sample(row, b+k)
			if s.photometric == tiffPhotoWhite {
				v = maxv - v
			}
			if s.premult {
				v = unpremultiply(v, a, s.bits)
			}
			r.set(d+k, v)
		}
	}
}

// unpremultiply divides a premultiplied sample v by its alpha a (both of
// the given bits) as color.NRGBA64Model does, so that a premultiplied
// file loads as golang.org/x/image/tiff and Load would load it.
func unpremultiply(v, a uint32, bits int) uint32 {
	if bits == 8 {
		v, a = v*257, a*257
	}
	switch a {
	case 0xffff:
	case 0:
		v = 0
	default:
		v = uint32(uint16(v * 0xffff / a))
	}
	if bits == 8 {
		return v >> 8
	}
	return v
}

// set stores sample i of the raster at its depth.
func (r *Raster) set(i int, v uint32) {
	if r.pix8 != nil {
		r.pix8[i] = uint8(v)
	} else {
		r.pix16[i] = uint16(v)
	}
}

// orientDest returns where the stored pixel (sx, sy) of a sw×sh picture
// lands on its upright version for EXIF orientation o: the inverse of
// orientSource, which is orientSource itself on the upright size with the
// two quarter turns (6 and 8) exchanged.
func orientDest(sx, sy, sw, sh, o int) (int, int) {
	dw, dh := sw, sh
	if o >= 5 {
		dw, dh = sh, sw
	}
	switch o {
	case 6:
		o = 8
	case 8:
		o = 6
	}
	return orientSource(sx, sy, dw, dh, o)
}

// packBits decodes PackBits (TIFF compression 32773): a header byte n
// followed by n+1 literal bytes (0 ≤ n ≤ 127) or by one byte repeated
// 1−n times (−127 ≤ n ≤ −1); n = −128 is skipped.
type packBits struct {
	r   *bufio.Reader
	run int  // bytes left in the current run
	lit bool // the run is literal
	b   byte // the repeated byte
}

func (d *packBits) Read(p []byte) (int, error) {
	i := 0
	for i < len(p) {
		if d.run == 0 {
			h, err := d.r.ReadByte()
			if err != nil {
				return i, err
			}
			switch n := int(int8(h)); {
			case n >= 0:
				d.run, d.lit = n+1, true
			case n == -128:
				continue
			default:
				if d.b, err = d.r.ReadByte(); err != nil {
					return i, io.ErrUnexpectedEOF
				}
				d.run, d.lit = 1-n, false
			}
		}
		k := min(d.run, len(p)-i)
		if d.lit {
			m, err := io.ReadFull(d.r, p[i:i+k])
			i += m
			d.run -= m
			if err != nil {
				return i, io.ErrUnexpectedEOF
			}
			continue
		}
		for j := range k {
			p[i+j] = d.b
		}
		i += k
		d.run -= k
	}
	return i, nil
}
