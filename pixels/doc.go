// Package pixels holds images as float32 samples in [0,1] and the image
// side of the project: loading PNG and JPEG files (and BMP, TIFF and WebP
// through golang.org/x/image), saving 8-bit PNG files atomically,
// converting to and from Go's image.Image, centre crops, the evaluation
// metrics PSNR and SSIM, and the Sobel gradient magnitude that weights the
// K-means initialisation of the RBF centres.
//
// Loading keeps gray files gray (C=1: gray and gray+alpha PNGs, gray
// JPEGs) and turns everything else, paletted files included, into RGB
// (C=3). 16-bit files keep their precision. An alpha channel is dropped:
// the stored, non-premultiplied colour is what gets fitted, and
// Info.AlphaIgnored tells the caller when that discarded real transparency
// so it can warn.
//
// PSNR and SSIM follow docs/METHOD.md §4: predictions are clipped to [0,1],
// sums are accumulated in float64, SSIM uses an 11×11 Gaussian window with
// σ = 1.5 and matches scikit-image's structural_similarity with
// gaussian_weights=True, use_sample_covariance=False and data_range=1.
package pixels
