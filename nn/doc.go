// Package nn is the numerical substrate of neurbf: trainable parameters,
// the NeuRBF decoder (a small MLP with a residual-sine first layer), the
// Adam optimiser with per-group cosine learning-rate schedules, dense
// matrix products, a fast float32 sine/cosine, the EncoderWorker interface
// that the feature encoders implement, and the deterministic reduction of
// per-goroutine gradients (SumInto).
//
// Everything here works on row-major float32 slices. Signatures are
// destination-first, as in gonum's floats.AddTo(dst, s, t): the slices a
// call writes come before the ones it reads (MatMul(c, a, b, …),
// SincosSlice(sin, cos, x), MLPWorker.Forward(out, z, n),
// MLPWorker.Backward(grads, dz, dout)). The caller owns inputs and
// outputs, and per-goroutine workers keep scratch that grows with the
// batch and is then reused, so a training step allocates nothing once the
// batch size is settled.
//
// A typical training step, with one MLPWorker and one gradient buffer set
// per goroutine, split with internal/parallel.For:
//
//	parallel.For(n, threads, func(w, lo, hi int) {
//		clear the worker's gradient buffers
//		workers[w].Forward(out[lo*c:hi*c], z[lo*in:hi*in], hi-lo)
//		compute dL/dout into dout[lo*c:hi*c]
//		workers[w].Backward(grads[w], dz[lo*in:hi*in], dout[lo*c:hi*c])
//	})
//	for k, p := range mlp.Params() {
//		nn.SumInto(p.Grad, [][]float32{grads[0][k], grads[1][k], ...})
//	}
//	adam.Step()
//
// Three implementations sit behind the matrix products: gonum's float32
// BLAS, which runs everywhere; on amd64 with AVX2 and FMA, an assembly
// kernel (gemm_amd64.s) that holds a 4×16 block of the product in
// registers, used for every product it fits in both builds; and, when built
// with GOEXPERIMENT=simd on amd64, kernels on simd/archsimd (AVX2+FMA, or
// AVX-512) chosen at start-up by CPU feature, which also take over the
// decoder's elementwise passes (bias, residual sine, ReLU, their
// derivatives) from plain Go. Kernels names the combination in use. They
// agree to float32 rounding, and the tests run every one the CPU supports.
//
// The package imports nothing else of neurbf but internal/parallel.
package nn
