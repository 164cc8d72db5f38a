package pixels

import (
	"bytes"
	"fmt"
	"image"
	"io"
)

// decodeTIFF reads the first image of the TIFF file in ra (size bytes)
// (the window win of it, upright; empty: all of it) into a raster at its
// source depth, refusing it before anything is
// allocated when the raster and the decoding would need more than
// maxBytes (0: no limit). Errors read "<name>: <problem>"; a classic file
// this reader does not decode but golang.org/x/image/tiff does gives an
// error wrapping errTIFFFallback.
func decodeTIFF(ra io.ReaderAt, size int64, name string, maxBytes int64, win image.Rectangle) (*Raster, Info, error) {
	t, err := readTIFFLayout(ra, size, name)
	if err != nil {
		return nil, Info{}, err
	}
	h := t.header()
	if win.Empty() {
		win = image.Rect(0, 0, h.W, h.H)
	}
	if !win.In(image.Rect(0, 0, h.W, h.H)) {
		return nil, Info{}, fmt.Errorf("%s: the window %v is not inside the %d×%d picture", name, win, h.W, h.H)
	}
	wh := h
	wh.W, wh.H = win.Dx(), win.Dy()
	if err := checkLoadBytes(name, wh, size, maxBytes); err != nil {
		return nil, Info{}, err
	}
	return t.decodeWindow(wh, win)
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
	return t.decodeWindow(h, image.Rect(0, 0, h.W, h.H))
}

// decodeWindow allocates a raster of the window win of the upright
// picture (h is its size) and streams the chunks that meet it.
func (t *tiffLayout) decodeWindow(h Header, win image.Rectangle) (*Raster, Info, error) {
	s := newTIFFStream(t, NewRaster(win.Dx(), win.Dy(), h.C, h.Depth))
	s.win = win
	if err := s.run(); err != nil {
		return nil, Info{}, err
	}
	return s.r, Info{Format: "tiff", AlphaIgnored: s.alphaSeen, BitDepth: h.Depth, Orientation: t.orientation}, nil
}
