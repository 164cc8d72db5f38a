package rbf

import "golang.org/x/sys/cpu"

// rowAsm selects the AVX2 assembly for the gather-and-weight of feature
// rows (combine) and their gradient scatter: one YMM register per eight
// columns instead of the compiler's scalar loop, which also lets the core
// keep more cache misses of different rows in flight. It needs AVX2 and
// FMA, and a feature width that is a multiple of 8 (checked per call).
// Tests switch it off to compare the two paths.
var rowAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func combineAVX2(dst, w *float32, ids *int32, k int, basis *float32, nf int)

//go:noescape
func scatterAVX2(grad *float32, ids *int32, k int, dout, basis *float32, nf int)
