package pixels

import "math"

// PSNR returns the peak signal-to-noise ratio of pred against gt in
// decibels, −10·log10(MSE), with a peak of 1 (docs/METHOD.md §4): pred is
// clipped to [0,1] (gt is used as is), the squared error is summed in
// float64 over every pixel and channel, and identical images give +Inf.
// It fails when the images differ in shape.
func PSNR(pred, gt *Image) (float64, error) {
	if err := sameShape(pred, gt); err != nil {
		return 0, err
	}
	if len(gt.Pix) == 0 {
		return 0, errEmpty
	}
	var sum float64
	for i, g := range gt.Pix {
		d := float64(clip01(pred.Pix[i])) - float64(g)
		sum += d * d
	}
	mse := sum / float64(len(gt.Pix))
	if mse == 0 {
		return math.Inf(1), nil
	}
	return -10 * math.Log10(mse), nil
}
