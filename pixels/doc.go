// Package pixels holds images as float32 samples in [0,1] and the image
// side of the project: loading PNG and JPEG files (and BMP, TIFF and WebP
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
// Errors about files read "<path>: <problem>", one line, without the
// package's name or the temporary names of the atomic writes.
//
// PSNR and SSIM follow docs/METHOD.md §4: predictions are clipped to [0,1],
// sums are accumulated in float64, SSIM uses an 11×11 Gaussian window with
// σ = 1.5 and matches scikit-image's structural_similarity with
// gaussian_weights=True, use_sample_covariance=False and data_range=1.
package pixels
