#include "textflag.h"

// func gemm4x16(a *float32, ais, aps int, t *float32, ldt, np int, c *float32, ldc int, acc bool)
//
// c[r*ldc+j] (+)= Σ_{p<np} a[r*ais+p*aps] · t[p*ldt+j] for r < 4, j < 16.
// The 4×16 block of c lives in Y4–Y11 for the whole sum; each step loads
// two vectors of t and broadcasts one value of a per row. VFMADD231PS
// accumulates in place, so the loop needs no register copies. np ≥ 1.
TEXT ·gemm4x16(SB), NOSPLIT, $0-65
	MOVQ a+0(FP), SI
	MOVQ ais+8(FP), R8
	SHLQ $2, R8
	MOVQ aps+16(FP), R13
	SHLQ $2, R13
	MOVQ t+24(FP), DI
	MOVQ ldt+32(FP), R9
	SHLQ $2, R9
	MOVQ np+40(FP), CX
	MOVQ c+48(FP), DX
	MOVQ ldc+56(FP), R10
	SHLQ $2, R10
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11
	LEAQ (SI)(R8*2), R11 // row 2; rows 1 and 3 are SI and R11 plus R8

loop:
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VBROADCASTSS (SI), Y2
	VFMADD231PS Y0, Y2, Y4
	VFMADD231PS Y1, Y2, Y5
	VBROADCASTSS (SI)(R8*1), Y3
	VFMADD231PS Y0, Y3, Y6
	VFMADD231PS Y1, Y3, Y7
	VBROADCASTSS (R11), Y2
	VFMADD231PS Y0, Y2, Y8
	VFMADD231PS Y1, Y2, Y9
	VBROADCASTSS (R11)(R8*1), Y3
	VFMADD231PS Y0, Y3, Y10
	VFMADD231PS Y1, Y3, Y11
	ADDQ R13, SI
	ADDQ R13, R11
	ADDQ R9, DI
	DECQ CX
	JNZ loop

	LEAQ (DX)(R10*2), R12 // row 2 of c
	MOVBLZX acc+64(FP), AX
	TESTQ AX, AX
	JZ store
	VADDPS (DX), Y4, Y4
	VADDPS 32(DX), Y5, Y5
	VADDPS (DX)(R10*1), Y6, Y6
	VADDPS 32(DX)(R10*1), Y7, Y7
	VADDPS (R12), Y8, Y8
	VADDPS 32(R12), Y9, Y9
	VADDPS (R12)(R10*1), Y10, Y10
	VADDPS 32(R12)(R10*1), Y11, Y11

store:
	VMOVUPS Y4, (DX)
	VMOVUPS Y5, 32(DX)
	VMOVUPS Y6, (DX)(R10*1)
	VMOVUPS Y7, 32(DX)(R10*1)
	VMOVUPS Y8, (R12)
	VMOVUPS Y9, 32(R12)
	VMOVUPS Y10, (R12)(R10*1)
	VMOVUPS Y11, 32(R12)(R10*1)
	VZEROUPPER
	RET
