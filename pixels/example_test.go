package pixels_test

import (
	"bytes"
	"fmt"

	"github.com/neurbf/neurbf/assets"
	"github.com/neurbf/neurbf/pixels"
)

// The paper's protocol for small images: a 256×256 centre crop, scored
// with PSNR and SSIM against the reference.
func Example() {
	img, info, err := pixels.DecodeWithInfo(bytes.NewReader(assets.Coffee), "coffee.png")
	if err != nil {
		fmt.Println(err)
		return
	}
	gt, err := pixels.CenterCrop(img, 256, 256)
	if err != nil {
		fmt.Println(err)
		return
	}
	pred := pixels.New(gt.W, gt.H, gt.C)
	for i, v := range gt.Pix {
		pred.Pix[i] = 0.9*v + 0.05
	}
	psnr, _ := pixels.PSNR(pred, gt)
	ssim, _ := pixels.SSIM(pred, gt)
	fmt.Printf("%s %d×%d×%d alpha ignored: %v\n", info.Format, img.W, img.H, img.C, info.AlphaIgnored)
	fmt.Printf("PSNR %.2f dB, SSIM %.4f\n", psnr, ssim)
	// Output:
	// png 600×400×3 alpha ignored: false
	// PSNR 29.20 dB, SSIM 0.8967
}
