package pixels

import (
	"fmt"
)

// tiffCompressionNames names the compression schemes a refusal may meet.
var tiffCompressionNames = map[uint64]string{
	2: "CCITT RLE", 3: "CCITT Group 3", 4: "CCITT Group 4", 6: "old-style JPEG",
	32946: "Deflate", 33003: "Aperio JPEG 2000", 33005: "Aperio JPEG 2000",
	34712: "JPEG 2000", 34887: "LERC", 34925: "LZMA", 50000: "Zstandard",
	50001: "WebP", 50002: "JPEG XL",
}

// tiffSupported is the list of what the reader decodes, for refusals.
const tiffSupported = "this reader decodes 8- and 16-bit gray, RGB and palette images, uncompressed or compressed with LZW, Deflate, PackBits or JPEG"

// unsupported returns the error for a variant the reader does not
// decode; for a classic file that golang.org/x/image/tiff decodes
// (fallback set), it wraps errTIFFFallback instead.
func (t *tiffLayout) unsupported(fallback bool, format string, a ...any) error {
	what := fmt.Sprintf(format, a...)
	if fallback && !t.big {
		return fmt.Errorf("%s: %s: %w", t.name, what, errTIFFFallback)
	}
	return t.errorf("unsupported TIFF: %s; %s", what, tiffSupported)
}

// parse fills the layout from the IFD's fields and checks it.
func (t *tiffLayout) parse(fields map[uint16]tiffField) error {
	var err error
	get := func(tag uint16, def uint64) uint64 {
		v, e := t.scalar(fields, tag, def)
		if err == nil {
			err = e
		}
		return v
	}
	w, h := get(tagImageWidth, 0), get(tagImageLength, 0)
	spp := get(tagSamplesPerPixel, 1)
	compression := get(tagCompression, tiffNone)
	predictor := get(tagPredictor, 1)
	planar := get(tagPlanarConfig, 1)
	format := get(tagSampleFormat, 1)
	orientation := get(tagOrientation, 1)
	extra := get(tagExtraSamples, 0)
	if err != nil {
		return err
	}
	switch {
	case w == 0 || h == 0:
		return t.errorf("empty TIFF image (%d×%d pixels)", w, h)
	case w > tiffMaxSide || h > tiffMaxSide:
		return t.errorf("%d×%d TIFF image is larger than %d pixels a side", w, h, tiffMaxSide)
	case spp == 0 || spp > tiffMaxSamples:
		return t.errorf("TIFF with %d samples per pixel", spp)
	case format != 1:
		return t.unsupported(false, "sample format %d (only unsigned integers are read)", format)
	}
	t.w, t.h, t.spp = int(w), int(h), int(spp)
	t.compression, t.predictor = int(compression), int(predictor)
	t.orientation = int(orientation)
	if orientation < 1 || orientation > 8 {
		t.orientation = 1
	}
	if err := t.parseBits(fields); err != nil {
		return err
	}
	if err := t.parseColour(fields, extra); err != nil {
		return err
	}
	switch {
	case planar != 1 && planar != 2:
		return t.errorf("TIFF with planar configuration %d", planar)
	case planar == 2 && t.spp > 1 && t.premult:
		return t.unsupported(false, "separate planes with premultiplied alpha")
	case predictor == 3:
		return t.unsupported(false, "floating-point predictor")
	case predictor != 1 && predictor != 2:
		return t.errorf("TIFF with predictor %d", predictor)
	}
	t.planar = 1
	if t.spp > 1 {
		t.planar = int(planar)
	}
	if err := t.parseCompression(fields); err != nil {
		return err
	}
	return t.parseChunks(fields)
}

// parseBits reads BitsPerSample: one value, or one a sample, all equal to
// 8 or 16.
func (t *tiffLayout) parseBits(fields map[uint16]tiffField) error {
	f, ok := fields[tagBitsPerSample]
	if !ok || f.count == 0 {
		return t.unsupported(true, "1-bit image")
	}
	if f.count != 1 && f.count != uint64(t.spp) {
		return t.errorf("TIFF with %d BitsPerSample values for %d samples", f.count, t.spp)
	}
	bits, err := t.value(f, 0)
	if err != nil {
		return err
	}
	for i := uint64(1); i < f.count; i++ {
		b, err := t.value(f, i)
		if err != nil {
			return err
		}
		if b != bits {
			return t.unsupported(false, "samples of different sizes (%d and %d bits)", bits, b)
		}
	}
	if bits != 8 && bits != 16 {
		return t.unsupported(bits < 8, "%d bits per sample", bits)
	}
	t.bits = int(bits)
	return nil
}

// parseColour reads the photometric interpretation and the alpha sample.
func (t *tiffLayout) parseColour(fields map[uint16]tiffField, extra uint64) error {
	p, ok := fields[tagPhotometric]
	if !ok {
		return t.unsupported(true, "no photometric interpretation")
	}
	photometric, err := t.value(p, 0)
	if err != nil {
		return err
	}
	t.photometric = int(photometric)
	switch photometric {
	case tiffPhotoWhite, tiffPhotoBlack:
		t.colour = 1
	case tiffPhotoRGB, tiffPhotoYCbCr:
		t.colour = 3
	case tiffPhotoPalet:
		t.colour = 1
		if t.bits != 8 {
			return t.unsupported(false, "%d-bit palette", t.bits)
		}
		t.colorMap = fields[tagColorMap]
		if t.colorMap.typ != 3 || t.colorMap.count != 3*256 {
			return t.errorf("palette TIFF without a colour map of 768 SHORTs")
		}
	default:
		return t.unsupported(false, "photometric interpretation %d", photometric)
	}
	if t.spp < t.colour {
		return t.errorf("TIFF of photometric interpretation %d with %d samples per pixel", photometric, t.spp)
	}
	t.alpha = -1
	if t.spp > t.colour && photometric != tiffPhotoPalet && (extra == tiffAssocAlpha || extra == tiffUnassoAlpha) {
		t.alpha, t.premult = t.colour, extra == tiffAssocAlpha
	}
	return nil
}

// parseCompression checks the compression against the other tags.
func (t *tiffLayout) parseCompression(fields map[uint16]tiffField) error {
	switch t.compression {
	case tiffNone, tiffLZW, tiffDeflate, tiffDeflateOld, tiffPackBits:
		if t.photometric == tiffPhotoYCbCr {
			return t.unsupported(false, "YCbCr samples without JPEG compression")
		}
	case tiffJPEG:
		switch {
		case t.bits != 8:
			return t.unsupported(false, "%d-bit JPEG", t.bits)
		case t.spp != t.colour || t.planar != 1:
			return t.unsupported(false, "JPEG with alpha or separate planes")
		case t.photometric != tiffPhotoBlack && t.photometric != tiffPhotoRGB && t.photometric != tiffPhotoYCbCr:
			return t.unsupported(false, "JPEG of photometric interpretation %d", t.photometric)
		}
		t.tables = fields[tagJPEGTables]
		if t.tables.count > tiffMaxTables {
			return t.errorf("JPEGTables of %d bytes", t.tables.count)
		}
	default:
		name := tiffCompressionNames[uint64(t.compression)]
		if name == "" {
			name = "unknown"
		}
		return t.unsupported(false, "compression %d (%s)", t.compression, name)
	}
	return nil
}

// parseChunks reads the tile or strip geometry and checks that the offset
// and byte-count arrays have one entry a chunk.
func (t *tiffLayout) parseChunks(fields map[uint16]tiffField) error {
	_, t.tiled = fields[tagTileWidth]
	what, offTag, countTag := "strip", uint16(tagStripOffsets), uint16(tagStripByteCounts)
	if t.tiled {
		what, offTag, countTag = "tile", tagTileOffsets, tagTileByteCounts
		var err error
		tw, e1 := t.scalar(fields, tagTileWidth, 0)
		th, e2 := t.scalar(fields, tagTileLength, 0)
		if err = firstError(e1, e2); err != nil {
			return err
		}
		if tw == 0 || th == 0 || tw > tiffMaxTileSide || th > tiffMaxTileSide || tw*th > tiffMaxTilePixels {
			return t.errorf("TIFF tiles of %d×%d pixels (at most %d a side and %d pixels are read)",
				tw, th, tiffMaxTileSide, tiffMaxTilePixels)
		}
		t.cw, t.ch = int(tw), int(th)
	} else {
		rps, err := t.scalar(fields, tagRowsPerStrip, 1<<32-1)
		if err != nil {
			return err
		}
		if rps == 0 {
			return t.errorf("TIFF with 0 rows per strip")
		}
		t.cw, t.ch = t.w, int(min(rps, uint64(t.h)))
		if t.compression == tiffJPEG && int64(t.cw)*int64(t.ch) > tiffMaxTilePixels {
			return t.unsupported(false, "JPEG strips of %d×%d pixels (at most %d pixels are decoded at once)", t.cw, t.ch, tiffMaxTilePixels)
		}
	}
	t.across, t.down = (t.w+t.cw-1)/t.cw, (t.h+t.ch-1)/t.ch
	want := uint64(t.across) * uint64(t.down) * uint64(t.planes())
	var ok bool
	t.offsets, ok = fields[offTag]
	t.counts, _ = fields[countTag]
	switch {
	case !ok:
		return t.errorf("TIFF without %s offsets", what)
	case t.offsets.count != want || t.counts.count != want:
		return t.errorf("TIFF with %d %s offsets and %d byte counts for %d %ss", t.offsets.count, what, t.counts.count, want, what)
	case !tiffIntegerType(t.offsets.typ) || !tiffIntegerType(t.counts.typ):
		return t.errorf("TIFF %s offsets of type %d and byte counts of type %d", what, t.offsets.typ, t.counts.typ)
	}
	if raw := int64(t.w) * int64(t.h) * int64(t.spp) * int64(t.bits/8); raw/tiffMaxRatio > t.size {
		return t.errorf("TIFF header claims %d×%d pixels (%s of samples), more than a %s file can hold at %d:1 compression",
			t.w, t.h, FormatBytes(raw), FormatBytes(t.size), tiffMaxRatio)
	}
	return nil
}

// tiffMaxRatio bounds the compression ratio a real file reaches: Deflate
// packs at most about 1032:1, PackBits 64:1, LZW (12-bit codes of at
// most 4094 bytes) about 2730:1, JPEG a few hundred to one. A header whose
// pixels would need more is refused before anything is allocated. Sparse
// files (GDAL's SPARSE_OK, chunks of 0 bytes left out) of more than
// 4096 times their size in samples are refused with them.
const tiffMaxRatio = 4096

// tiffIntegerType reports whether typ is SHORT, LONG or LONG8, the types
// of offsets and byte counts.
func tiffIntegerType(typ uint16) bool { return typ == 3 || typ == 4 || typ == 16 }

func firstError(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// planes is the number of sample planes: SamplesPerPixel for separate
// planes, 1 for interleaved samples.
func (t *tiffLayout) planes() int {
	if t.planar == 2 {
		return t.spp
	}
	return 1
}

// chunkSamples is the number of samples per pixel in one chunk.
func (t *tiffLayout) chunkSamples() int {
	if t.planar == 2 {
		return 1
	}
	return t.spp
}

// header is what Probe reports: the upright size, the channels and depth
// the raster will hold, and the memory the streaming decode needs.
func (t *tiffLayout) header() Header {
	h := Header{W: t.w, H: t.h, C: t.colour, Depth: t.bits, Format: "tiff", Streams: true}
	if t.photometric == tiffPhotoPalet {
		h.C, h.Depth = 3, 8
	}
	if t.orientation >= 5 {
		h.W, h.H = h.H, h.W
	}
	h.streamBytes = t.decodeBytes()
	return h
}

// tiffBufferBytes is what the decode holds whatever the image: the
// buffered reader and the decompressor's state.
const tiffBufferBytes = 1 << 18

// decodeBytes bounds the memory the streaming decode holds besides the
// raster: a row of one chunk, the offsets of one row of chunks (and the
// file bytes they are read from), and for JPEG the decoded chunk, its
// coefficients (for a progressive stream) and its compressed bytes (at
// most jpegMaxBytes).
func (t *tiffLayout) decodeBytes() int64 {
	row := int64(t.cw) * int64(t.chunkSamples()) * int64(t.bits/8)
	n := tiffBufferBytes + row + int64(t.across)*32
	if t.compression == tiffJPEG {
		px := int64(t.cw) * int64(t.ch)
		n += px*int64(t.spp)*(1+4) + t.jpegMaxBytes() + int64(t.tables.count)
	}
	return n
}

// jpegMaxBytes bounds the compressed size of one JPEG chunk: twice its
// raw size and a margin, far above what any JPEG encoder writes. Larger
// chunks are refused rather than read into memory.
func (t *tiffLayout) jpegMaxBytes() int64 {
	return 2*int64(t.cw)*int64(t.ch)*int64(t.spp) + 1<<16
}
