package pixels

import (
	"bytes"
	"cmp"
	"compress/zlib"
	"encoding/binary"
	"image"
	"image/jpeg"
	"sort"
)

// tiffSpec describes a test TIFF for writeTestTIFF, a small writer of the
// variants the reader streams (the files libtiff's tiffcp makes are
// tested too, when it is installed: tiffcp_test.go).
type tiffSpec struct {
	w, h, spp, bits int
	photometric     int
	extra           int // ExtraSamples value, 0 for none
	big, be         bool
	tiled           bool
	cw, ch          int // tile size; for strips ch is RowsPerStrip
	compression     int // 1, 8 or 32773
	predictor       int
	planar          int
	orientation     int
	colorMap        []uint16
	claimW, claimH  int // when set, the IFD claims this size instead
	claimTW         int // when set, the IFD claims this tile width
	// gap, when set, is a hole of that many bytes after the header: every
	// offset is shifted by it, and the caller writes the returned bytes
	// after the header at gap+len(header) (see writeGapTIFF).
	gap int64
}

// writeTestTIFF encodes samples (w·h·spp values, row-major, interleaved)
// as sp says: the header, the chunks, the offset arrays and then IFD0.
func writeTestTIFF(sp tiffSpec, samples []uint16) []byte {
	var bo testOrder = binary.LittleEndian
	out := []byte("II*\x00\x00\x00\x00\x00")
	if sp.be {
		bo, out = binary.BigEndian, []byte("MM\x00*\x00\x00\x00\x00")
	}
	if sp.big {
		out = append(out[:2], make([]byte, 14)...)
		bo.PutUint16(out[2:], 43)
		bo.PutUint16(out[4:], 8)
	}
	planar := max(sp.planar, 1)
	planes, spc := 1, sp.spp
	if planar == 2 {
		planes, spc = sp.spp, 1
	}
	cw, ch := sp.w, min(sp.ch, sp.h)
	if sp.tiled {
		cw, ch = sp.cw, sp.ch
	}
	across, down := (sp.w+cw-1)/cw, (sp.h+ch-1)/ch
	var offs, counts []uint64
	for p := range planes {
		for cy := range down {
			for cx := range across {
				rows := ch
				if !sp.tiled {
					rows = min(ch, sp.h-cy*ch)
				}
				var raw []byte
				for y := range rows {
					if sp.bits < 8 { // bilevel and the like: black rows
						raw = append(raw, make([]byte, (cw*spc*sp.bits+7)/8)...)
						continue
					}
					row := make([]uint16, cw*spc)
					for x := range cw {
						sx, sy := cx*cw+x, cy*ch+y
						if sx >= sp.w || sy >= sp.h {
							continue // tile padding
						}
						for k := range spc {
							s := k
							if planar == 2 {
								s = p
							}
							row[x*spc+k] = samples[(sy*sp.w+sx)*sp.spp+s]
						}
					}
					if sp.predictor == 2 {
						for i := len(row) - 1; i >= spc; i-- {
							row[i] -= row[i-spc]
							if sp.bits == 8 {
								row[i] &= 0xff
							}
						}
					}
					for _, v := range row {
						if sp.bits == 8 {
							raw = append(raw, byte(v))
						} else {
							raw = bo.AppendUint16(raw, v)
						}
					}
				}
				data := compressTest(raw, sp.compression, cw, rows, spc)
				offs = append(offs, uint64(len(out))+uint64(sp.gap))
				counts = append(counts, uint64(len(data)))
				out = append(out, data...)
			}
		}
	}
	w, h := sp.w, sp.h
	if sp.claimW > 0 {
		w, h = sp.claimW, sp.claimH
	}
	e := map[uint16][]uint64{
		tagImageWidth: {uint64(w)}, tagImageLength: {uint64(h)},
		tagBitsPerSample: repeat(uint64(sp.bits), sp.spp), tagCompression: {uint64(sp.compression)},
		tagPhotometric: {uint64(sp.photometric)}, tagSamplesPerPixel: {uint64(sp.spp)},
		tagPlanarConfig: {uint64(planar)},
	}
	if sp.predictor != 0 {
		e[tagPredictor] = []uint64{uint64(sp.predictor)}
	}
	if sp.orientation != 0 {
		e[tagOrientation] = []uint64{uint64(sp.orientation)}
	}
	if sp.extra != 0 {
		e[tagExtraSamples] = []uint64{uint64(sp.extra)}
	}
	if sp.colorMap != nil {
		for _, v := range sp.colorMap {
			e[tagColorMap] = append(e[tagColorMap], uint64(v))
		}
	}
	if sp.tiled {
		e[tagTileWidth], e[tagTileLength] = []uint64{uint64(cmp.Or(sp.claimTW, cw))}, []uint64{uint64(ch)}
		e[tagTileOffsets], e[tagTileByteCounts] = offs, counts
	} else {
		e[tagRowsPerStrip] = []uint64{uint64(sp.ch)}
		e[tagStripOffsets], e[tagStripByteCounts] = offs, counts
	}
	return appendTestIFD(out, bo, sp.big, e, uint64(sp.gap))
}

// testOrder is a byte order that also appends.
type testOrder interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

func repeat(v uint64, n int) []uint64 {
	r := make([]uint64, n)
	for i := range r {
		r[i] = v
	}
	return r
}

// appendTestIFD writes the out-of-line values, then the IFD, and points
// the header at it. Offsets and counts are LONG (LONG8 in BigTIFF), the
// colour map and small values SHORT.
func appendTestIFD(out []byte, bo testOrder, big bool, e map[uint16][]uint64, gap uint64) []byte {
	tags := make([]int, 0, len(e))
	for t := range e {
		tags = append(tags, int(t))
	}
	sort.Ints(tags)
	type entry struct {
		tag, typ uint16
		count    uint64
		value    []byte
	}
	var entries []entry
	inline := 4
	if big {
		inline = 8
	}
	for _, t := range tags {
		vals := e[uint16(t)]
		typ, size := uint16(3), 2
		switch {
		case t == tagStripOffsets || t == tagTileOffsets || t == tagStripByteCounts || t == tagTileByteCounts ||
			t == tagImageWidth || t == tagImageLength || t == tagRowsPerStrip || t == tagTileWidth || t == tagTileLength:
			typ, size = 4, 4
			if big {
				typ, size = 16, 8
			}
		}
		var b []byte
		for _, v := range vals {
			switch size {
			case 2:
				b = bo.AppendUint16(b, uint16(v))
			case 4:
				b = bo.AppendUint32(b, uint32(v))
			default:
				b = bo.AppendUint64(b, v)
			}
		}
		if len(b) > inline {
			off := uint64(len(out)) + gap
			out = append(out, b...)
			b = nil
			if big {
				b = bo.AppendUint64(b, off)
			} else {
				b = bo.AppendUint32(b, uint32(off))
			}
		}
		entries = append(entries, entry{uint16(t), typ, uint64(len(vals)), b})
	}
	if len(out)%2 == 1 {
		out = append(out, 0)
	}
	ifd := uint64(len(out)) + gap
	if big {
		out = bo.AppendUint64(out, uint64(len(entries)))
	} else {
		out = bo.AppendUint16(out, uint16(len(entries)))
	}
	for _, en := range entries {
		out = bo.AppendUint16(out, en.tag)
		out = bo.AppendUint16(out, en.typ)
		v := make([]byte, inline)
		copy(v, en.value)
		if big {
			out = bo.AppendUint64(out, en.count)
		} else {
			out = bo.AppendUint32(out, uint32(en.count))
		}
		out = append(out, v...)
	}
	out = append(out, make([]byte, inline)...) // no next IFD
	if big {
		bo.PutUint64(out[8:], ifd)
	} else {
		bo.PutUint32(out[4:], uint32(ifd))
	}
	return out
}

// testZ is the zlib writer of compressTest, reset for each chunk (a new
// one costs a megabyte).
var testZ *zlib.Writer

// compressTest compresses a chunk of w×h pixels of spc 8-bit samples:
// Deflate with compress/zlib, PackBits with runs of three or more equal
// bytes and literals between them, JPEG with image/jpeg (gray, or RGB as
// YCbCr), a complete stream in each chunk.
func compressTest(raw []byte, compression, w, h, spc int) []byte {
	switch compression {
	case tiffJPEG:
		var m image.Image
		if spc == 1 {
			m = &image.Gray{Pix: raw, Stride: w, Rect: image.Rect(0, 0, w, h)}
		} else {
			rgba := image.NewRGBA(image.Rect(0, 0, w, h))
			for i := range w * h {
				copy(rgba.Pix[4*i:], raw[3*i:3*i+3])
				rgba.Pix[4*i+3] = 255
			}
			m = rgba
		}
		var b bytes.Buffer
		jpeg.Encode(&b, m, &jpeg.Options{Quality: 95})
		return b.Bytes()
	case tiffDeflate:
		var b bytes.Buffer
		if testZ == nil {
			testZ = zlib.NewWriter(&b)
		}
		testZ.Reset(&b)
		testZ.Write(raw)
		testZ.Close()
		return b.Bytes()
	case tiffPackBits:
		var out []byte
		for i := 0; i < len(raw); {
			j := i + 1
			for j < len(raw) && j-i < 128 && raw[j] == raw[i] {
				j++
			}
			if j-i >= 3 {
				out = append(out, byte(int8(1-(j-i))), raw[i])
				i = j
				continue
			}
			j = i
			for j < len(raw) && j-i < 128 && !(j+2 < len(raw) && raw[j] == raw[j+1] && raw[j] == raw[j+2]) {
				j++
			}
			out = append(out, byte(j-i-1))
			out = append(out, raw[i:j]...)
			i = j
		}
		return out
	}
	return raw
}
