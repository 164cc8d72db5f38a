package pixels

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// The TIFF reader of this package reads the first image (IFD0) of a
// classic TIFF or a BigTIFF file tile by tile, or strip by strip, straight
// into a Raster. What it reads is listed in doc.go; the tags are those of
// the TIFF 6.0 specification and of the BigTIFF extension (magic 43,
// 8-byte offsets and counts, 20-byte IFD entries).

// TIFF tags the reader uses.
const (
	tagImageWidth      = 256
	tagImageLength     = 257
	tagBitsPerSample   = 258
	tagCompression     = 259
	tagPhotometric     = 262
	tagStripOffsets    = 273
	tagOrientation     = 274
	tagSamplesPerPixel = 277
	tagRowsPerStrip    = 278
	tagStripByteCounts = 279
	tagPlanarConfig    = 284
	tagPredictor       = 317
	tagColorMap        = 320
	tagTileWidth       = 322
	tagTileLength      = 323
	tagTileOffsets     = 324
	tagTileByteCounts  = 325
	tagExtraSamples    = 338
	tagSampleFormat    = 339
	tagJPEGTables      = 347
)

// Compression schemes the reader decodes.
const (
	tiffNone        = 1
	tiffLZW         = 5
	tiffJPEG        = 7
	tiffDeflate     = 8
	tiffPackBits    = 32773
	tiffDeflateOld  = 32946
	tiffPhotoWhite  = 0 // WhiteIsZero
	tiffPhotoBlack  = 1 // BlackIsZero
	tiffPhotoRGB    = 2
	tiffPhotoPalet  = 3
	tiffPhotoYCbCr  = 6
	tiffAssocAlpha  = 1 // ExtraSamples: premultiplied alpha
	tiffUnassoAlpha = 2 // ExtraSamples: straight alpha
)

// Limits of the reader, checked before anything is allocated from a
// header's claims.
const (
	// tiffMaxSide is the largest width or height accepted (2^24): pixel
	// counts and byte sizes then stay far from overflowing an int64, and
	// the memory plan refuses images its machine cannot hold long before.
	tiffMaxSide = 1 << 24
	// tiffMaxTileSide and tiffMaxTilePixels bound a tile (or a JPEG
	// strip), which is decoded whole for JPEG and one row at a time
	// otherwise.
	tiffMaxTileSide   = 1 << 16
	tiffMaxTilePixels = 1 << 26
	// tiffMaxEntries bounds the IFD's entry count (a classic IFD holds at
	// most 65535; real files hold a few dozen).
	tiffMaxEntries = 1 << 16
	// tiffMaxSamples bounds SamplesPerPixel: colour, alpha and a few
	// extra samples.
	tiffMaxSamples = 16
	// tiffMaxTables bounds the JPEGTables tag, a few hundred bytes in
	// practice.
	tiffMaxTables = 1 << 20
)

// errTIFFFallback marks a classic TIFF variant this reader does not
// stream but golang.org/x/image/tiff decodes whole (bilevel and 4-bit
// images, 16-bit palettes), so callers hand it to that decoder.
var errTIFFFallback = errors.New("TIFF variant for the generic decoder")

// tiffField is one IFD entry: its type, count and either its value (when
// it fits in the entry) or the file offset of its values.
type tiffField struct {
	typ    uint16
	count  uint64
	inline [8]byte
	off    int64 // -1 when the values are inline
}

// tiffTypeSize is the byte size of one value of each TIFF field type (0
// for unknown types).
func tiffTypeSize(typ uint16) int {
	switch typ {
	case 1, 2, 6, 7: // BYTE, ASCII, SBYTE, UNDEFINED
		return 1
	case 3, 8: // SHORT, SSHORT
		return 2
	case 4, 9, 11, 13: // LONG, SLONG, FLOAT, IFD
		return 4
	case 5, 10, 12, 16, 17, 18: // RATIONAL, SRATIONAL, DOUBLE, LONG8, SLONG8, IFD8
		return 8
	}
	return 0
}

// tiffLayout is what IFD0 says about the image and where its pixels lie.
type tiffLayout struct {
	name string
	ra   io.ReaderAt
	size int64
	bo   binary.ByteOrder
	big  bool

	w, h        int // as stored, before the orientation is applied
	bits        int // 8 or 16
	spp         int // samples per pixel in the file
	colour      int // colour samples: 1 (gray, palette) or 3
	alpha       int // index of the alpha sample, or -1
	premult     bool
	photometric int
	compression int
	predictor   int
	planar      int // 1 contiguous, 2 separate planes
	orientation int // 1–8

	tiled        bool
	cw, ch       int // chunk (tile or strip) size in pixels
	across, down int // chunks per row and per column of one plane
	offsets      tiffField
	counts       tiffField
	tables       tiffField // JPEGTables, count 0 when absent
	colorMap     tiffField // ColorMap, count 0 when absent
}

// isTIFF reports whether b starts with a classic or BigTIFF signature.
func isTIFF(b []byte) bool {
	if len(b) < 4 {
		return false
	}
	switch string(b[:4]) {
	case "II*\x00", "MM\x00*", "II+\x00", "MM\x00+":
		return true
	}
	return false
}

// readTIFFLayout reads the header and IFD0 of the TIFF file in ra (size
// bytes long) and checks that the image is one this reader streams: every
// offset and count lies inside the file, and the sizes stay within the
// limits above. It reads the IFD only, never the offset arrays or the
// pixels. Errors read "<name>: <problem>"; errTIFFFallback (wrapped) marks
// classic files for golang.org/x/image/tiff.
func readTIFFLayout(ra io.ReaderAt, size int64, name string) (*tiffLayout, error) {
	t := &tiffLayout{name: name, ra: ra, size: size}
	var hdr [16]byte
	if size < 8 {
		return nil, t.errorf("truncated TIFF header")
	}
	n := min(size, 16)
	if _, err := ra.ReadAt(hdr[:n], 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	switch string(hdr[:2]) {
	case "II":
		t.bo = binary.LittleEndian
	case "MM":
		t.bo = binary.BigEndian
	default:
		return nil, t.errorf("not a TIFF file")
	}
	var ifd uint64
	switch t.bo.Uint16(hdr[2:]) {
	case 42:
		ifd = uint64(t.bo.Uint32(hdr[4:]))
	case 43:
		if n < 16 || t.bo.Uint16(hdr[4:]) != 8 || t.bo.Uint16(hdr[6:]) != 0 {
			return nil, t.errorf("malformed BigTIFF header")
		}
		t.big = true
		ifd = t.bo.Uint64(hdr[8:])
	default:
		return nil, t.errorf("not a TIFF file (magic %d)", t.bo.Uint16(hdr[2:]))
	}
	fields, err := t.readIFD(ifd)
	if err != nil {
		return nil, err
	}
	if err := t.parse(fields); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *tiffLayout) errorf(format string, a ...any) error {
	return fmt.Errorf("%s: "+format, append([]any{t.name}, a...)...)
}

// readIFD reads the entries of the IFD at offset off.
func (t *tiffLayout) readIFD(off uint64) (map[uint16]tiffField, error) {
	countSize, entrySize, valueSize := uint64(2), uint64(12), 4
	if t.big {
		countSize, entrySize, valueSize = 8, 20, 8
	}
	size := uint64(t.size)
	if off < 8 || off > size || size-off < countSize {
		return nil, t.errorf("first IFD at byte %d lies outside the %d-byte file", off, t.size)
	}
	var cb [8]byte
	if _, err := t.ra.ReadAt(cb[:countSize], int64(off)); err != nil {
		return nil, t.errorf("reading the IFD: %v", err)
	}
	var n uint64
	if t.big {
		n = t.bo.Uint64(cb[:])
	} else {
		n = uint64(t.bo.Uint16(cb[:]))
	}
	if n == 0 || n > tiffMaxEntries || (size-off-countSize)/entrySize < n {
		return nil, t.errorf("IFD of %d entries at byte %d does not fit in the %d-byte file", n, off, t.size)
	}
	buf := make([]byte, n*entrySize)
	if _, err := t.ra.ReadAt(buf, int64(off+countSize)); err != nil {
		return nil, t.errorf("reading the IFD: %v", err)
	}
	fields := make(map[uint16]tiffField, n)
	for i := range n {
		e := buf[i*entrySize:]
		tag := t.bo.Uint16(e)
		f := tiffField{typ: t.bo.Uint16(e[2:]), off: -1}
		val := e[8:]
		if t.big {
			f.count, val = t.bo.Uint64(e[4:]), e[12:]
		} else {
			f.count = uint64(t.bo.Uint32(e[4:]))
		}
		copy(f.inline[:], val[:valueSize])
		ts := tiffTypeSize(f.typ)
		if ts == 0 {
			continue // unknown types are skipped, as the specification asks
		}
		if f.count > size/uint64(ts) {
			return nil, t.errorf("tag %d claims %d values, more than the file holds", tag, f.count)
		}
		if f.count*uint64(ts) > uint64(valueSize) {
			var vo uint64
			if t.big {
				vo = t.bo.Uint64(val)
			} else {
				vo = uint64(t.bo.Uint32(val))
			}
			if vo > size || size-vo < f.count*uint64(ts) {
				return nil, t.errorf("values of tag %d at byte %d lie outside the %d-byte file", tag, vo, t.size)
			}
			f.off = int64(vo)
		}
		if _, dup := fields[tag]; !dup {
			fields[tag] = f
		}
	}
	return fields, nil
}

// value returns value i of an integer field (BYTE, SHORT, LONG, LONG8 or
// IFD types), reading the file when the values are not inline.
func (t *tiffLayout) value(f tiffField, i uint64) (uint64, error) {
	ts := tiffTypeSize(f.typ)
	var b [8]byte
	if f.off < 0 {
		copy(b[:ts], f.inline[int(i)*ts:])
	} else if _, err := t.ra.ReadAt(b[:ts], f.off+int64(i)*int64(ts)); err != nil {
		return 0, t.errorf("reading tag values: %v", err)
	}
	switch f.typ {
	case 1, 7:
		return uint64(b[0]), nil
	case 3:
		return uint64(t.bo.Uint16(b[:])), nil
	case 4, 13:
		return uint64(t.bo.Uint32(b[:])), nil
	case 16, 18:
		return t.bo.Uint64(b[:]), nil
	}
	return 0, t.errorf("tag of type %d where an integer is expected", f.typ)
}

// values reads len(dst) values of f starting at value first into dst,
// with one read from the file into *scratch (grown as needed, kept for
// the next call).
func (t *tiffLayout) values(f tiffField, first uint64, dst []uint64, scratch *[]byte) error {
	ts := tiffTypeSize(f.typ)
	if f.off < 0 || len(dst) == 1 {
		for i := range dst {
			v, err := t.value(f, first+uint64(i))
			if err != nil {
				return err
			}
			dst[i] = v
		}
		return nil
	}
	if cap(*scratch) < len(dst)*ts {
		*scratch = make([]byte, len(dst)*ts)
	}
	buf := (*scratch)[:len(dst)*ts]
	if _, err := t.ra.ReadAt(buf, f.off+int64(first)*int64(ts)); err != nil {
		return t.errorf("reading tag values: %v", err)
	}
	for i := range dst {
		b := buf[i*ts:]
		switch f.typ {
		case 3:
			dst[i] = uint64(t.bo.Uint16(b))
		case 4, 13:
			dst[i] = uint64(t.bo.Uint32(b))
		default:
			dst[i] = t.bo.Uint64(b)
		}
	}
	return nil
}

// scalar returns the first value of tag, or def when the tag is absent.
func (t *tiffLayout) scalar(fields map[uint16]tiffField, tag uint16, def uint64) (uint64, error) {
	f, ok := fields[tag]
	if !ok || f.count == 0 {
		return def, nil
	}
	return t.value(f, 0)
}
