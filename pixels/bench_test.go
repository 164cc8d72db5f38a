package pixels

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkSSIM512RGB(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	gt, pred := randImage(rng, 512, 512, 3), randImage(rng, 512, 512, 3)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := SSIM(pred, gt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(512*512*b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkPSNR512RGB(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 10))
	gt, pred := randImage(rng, 512, 512, 3), randImage(rng, 512, 512, 3)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := PSNR(pred, gt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(512*512*b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkSobel512RGB(b *testing.B) {
	rng := rand.New(rand.NewPCG(11, 12))
	img := randImage(rng, 512, 512, 3)
	b.ReportAllocs()
	for b.Loop() {
		SobelMagnitude(img)
	}
	b.ReportMetric(float64(512*512*b.N)/b.Elapsed().Seconds(), "samples/s")
}
