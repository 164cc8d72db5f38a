// Package pixels holds images as float32 samples in [0,1] and the image
// side of the project: loading PNG, JPEG and TIFF files (and BMP and WebP
// through golang.org/x/image), saving PNG files atomically (SavePNG, the
// project's one PNG writer, for fitted images and figures alike),
// converting to and from Go's image.Image, centre crops, the evaluation
// metrics PSNR and SSIM, and the Sobel gradient magnitude that weights the
// K-means initialisation of the RBF centres.
//
// Loading keeps gray files gray (C=1: gray and gray+alpha PNGs, gray
// JPEGs) and turns everything else, paletted files included, into RGB
// (C=3). 16-bit files keep their precision, Info.BitDepth says which depth
// the file had, and ToImageDepth with that depth saves a result as
// precise as its input (16-bit in, 16-bit out). The orientation a JPEG's
// EXIF (or a TIFF's tags) state is applied, so a portrait phone photo
// loads upright. An alpha channel is
// dropped: the stored, non-premultiplied colour is what gets fitted, and
// Info.AlphaIgnored tells the caller when that discarded real transparency
// so it can warn.
//
// TIFF and BigTIFF files are read by the package's own reader, which
// streams the first image (IFD0) tile by tile, or strip by strip, one row
// of a tile at a time, into a Raster (LoadRaster; Probe reads the header
// and IFD only). It reads classic TIFF (magic 42) and BigTIFF (43), in
// either byte order; tiled or stripped; 8- or 16-bit unsigned samples;
// gray (BlackIsZero or WhiteIsZero), RGB and 8-bit palette images, with
// or without an alpha (dropped; a premultiplied one divided out first) or
// other extra samples; interleaved or separate planes; uncompressed, LZW,
// Deflate (8 and 32946) or PackBits, each with or without horizontal
// differencing (Predictor 2); and JPEG (7): 8-bit gray, RGB or YCbCr,
// tables shared through JPEGTables, each tile or strip decoded by
// image/jpeg. The Orientation tag is applied. Classic files of other bit
// depths (1- and 4-bit, CCITT-compressed) are decoded whole by
// golang.org/x/image/tiff, as before; everything else (JPEG 2000, LZMA,
// Zstandard, WebP, old-style JPEG, floating-point or signed samples, CMYK,
// YCbCr without JPEG) is refused with an error naming the file and what it
// holds. Every offset and count is checked against the file's size; a
// header's image, tile and IFD sizes are bounded, and a header that claims
// more samples than its file could hold at 4096:1 compression is refused,
// before anything is allocated; the memory a decode needs besides the raster
// (Header.DecodeBytes) is one row of a tile, the offsets of one row of
// tiles and the decompressor's state, or one decoded tile for JPEG.
//
// Errors about files read "<path>: <problem>", one line, without the
// package's name or the temporary names of the atomic writes.
//
// PSNR and SSIM follow docs/METHOD.md §4: predictions are clipped to [0,1],
// sums are accumulated in float64, SSIM uses an 11×11 Gaussian window with
// σ = 1.5 and matches scikit-image's structural_similarity with
// gaussian_weights=True, use_sample_covariance=False and data_range=1.
package pixels
