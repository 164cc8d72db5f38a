package pixels

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // register the JPEG decoder
	_ "image/png"  // register the PNG decoder
	"io"
	"os"

	_ "golang.org/x/image/bmp"  // register the BMP decoder
	_ "golang.org/x/image/tiff" // register the TIFF decoder
	_ "golang.org/x/image/webp" // register the WebP decoder
)

// MaxPixels is the largest image, in pixels (width × height), that Load
// and Decode accept. Larger headers are refused before any pixel is
// decoded: at 3 channels such an image already needs 3 GiB of float32.
const MaxPixels = 1 << 28

// Info describes the file an image was decoded from.
type Info struct {
	// Format is the registered name of the file format: "png", "jpeg",
	// "bmp", "tiff" or "webp".
	Format string
	// AlphaIgnored is true when the file has an alpha channel and at
	// least one pixel is not fully opaque. The alpha was dropped and the
	// stored (non-premultiplied) colour kept, so callers may want to warn.
	AlphaIgnored bool
}

// Load reads the image file at path. See LoadWithInfo.
func Load(path string) (*Image, error) {
	img, _, err := LoadWithInfo(path)
	return img, err
}

// LoadWithInfo reads the image file at path and also reports what the
// file held. Gray files give C=1, all others C=3; alpha is dropped. Errors
// are one line naming the file: missing, a directory, not an image,
// truncated or corrupt, empty, or larger than MaxPixels.
func LoadWithInfo(path string) (*Image, Info, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Info{}, fmt.Errorf("pixels: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, Info{}, fmt.Errorf("pixels: %w", err)
	}
	if st.IsDir() {
		return nil, Info{}, fmt.Errorf("pixels: %s: is a directory, not an image file", path)
	}
	return DecodeWithInfo(f, path)
}

// Decode reads an image from r; name (usually the file name) is only
// used in error messages. See DecodeWithInfo.
func Decode(r io.Reader, name string) (*Image, error) {
	img, _, err := DecodeWithInfo(r, name)
	return img, err
}

// DecodeWithInfo reads an image from r and reports what it held; name is
// only used in error messages. The header is checked (format, non-empty,
// at most MaxPixels) before the pixels are decoded.
func DecodeWithInfo(r io.Reader, name string) (*Image, Info, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, Info{}, fmt.Errorf("pixels: %s: %v", name, err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	switch {
	case errors.Is(err, image.ErrFormat):
		return nil, Info{}, fmt.Errorf("pixels: %s: not an image (unknown format; want PNG, JPEG, BMP, TIFF or WebP)", name)
	case err != nil:
		return nil, Info{}, fmt.Errorf("pixels: %s: corrupt or truncated %s header: %v", name, format, err)
	case cfg.Width <= 0 || cfg.Height <= 0:
		return nil, Info{}, fmt.Errorf("pixels: %s: empty %s image (%d×%d pixels)", name, format, cfg.Width, cfg.Height)
	case int64(cfg.Width)*int64(cfg.Height) > MaxPixels:
		return nil, Info{}, fmt.Errorf("pixels: %s: %d×%d %s image is too large (more than %d pixels)",
			name, cfg.Width, cfg.Height, format, MaxPixels)
	}
	m, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, Info{}, fmt.Errorf("pixels: %s: corrupt or truncated %s data: %v", name, format, err)
	}
	img, alpha := fromImage(m, format == "png" && pngGrayAlpha(data))
	return img, Info{Format: format, AlphaIgnored: alpha}, nil
}

// pngGrayAlpha reports whether the PNG stream data has colour type 4
// (gray with alpha), which Go's decoder returns as NRGBA. The colour type
// is byte 25: 8 bytes of signature, the IHDR chunk's length and type (8),
// width and height (8) and the bit depth (1).
func pngGrayAlpha(data []byte) bool {
	return len(data) > 25 && string(data[12:16]) == "IHDR" && data[25] == 4
}
