package pixels

import (
	"bytes"
	"io"
)

// decodeTIFF reads the first image of the TIFF file in ra (size bytes)
// into a raster at its source depth, refusing it before anything is
// allocated when the raster and the decoding would need more than
// maxBytes (0: no limit). Errors read "<name>: <problem>"; a classic file
// this reader does not decode but golang.org/x/image/tiff does gives an
// error wrapping errTIFFFallback.
func decodeTIFF(ra io.ReaderAt, size int64, name string, maxBytes int64) (*Raster, Info, error) {
	t, err := readTIFFLayout(ra, size, name)
	if err != nil {
		return nil, Info{}, err
	}
	h := t.header()
	if err := checkLoadBytes(name, h, size, maxBytes); err != nil {
		return nil, Info{}, err
	}
	return t.decode(h)
}

// decodeTIFFImage decodes the TIFF file held in data as DecodeWithInfo
// does: refused when its float samples would not fit in memory.
func decodeTIFFImage(data []byte, name string) (*Image, Info, error) {
	t, err := readTIFFLayout(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		return nil, Info{}, err
	}
	h := t.header()
	if err := checkFloatBytes(name, h.W, h.H, "tiff"); err != nil {
		return nil, Info{}, err
	}
	r, info, err := t.decode(h)
	if err != nil {
		return nil, Info{}, err
	}
	return r.ToImage(), info, nil
}

// decode allocates the raster h describes and streams the pixels into it.
func (t *tiffLayout) decode(h Header) (*Raster, Info, error) {
	s := newTIFFStream(t, NewRaster(h.W, h.H, h.C, h.Depth))
	if err := s.run(); err != nil {
		return nil, Info{}, err
	}
	return s.r, Info{Format: "tiff", AlphaIgnored: s.alphaSeen, BitDepth: h.Depth, Orientation: t.orientation}, nil
}
