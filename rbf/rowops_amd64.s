#include "textflag.h"

// func combineAVX2(dst, w *float32, ids *int32, k int, basis *float32, nf int)
//
// dst[j] = Σ_{i<k} w[ids[i]*nf+j] · basis[i*nf+j] for j < nf; nf is a
// positive multiple of 8. Each 8-wide column block is summed in one YMM
// register over the k rows (VFMADD231PS), then stored.
TEXT ·combineAVX2(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ w+8(FP), SI
	MOVQ ids+16(FP), R8
	MOVQ k+24(FP), R9
	MOVQ basis+32(FP), R10
	MOVQ nf+40(FP), R11
	SHLQ $2, R11            // row bytes
	XORQ CX, CX             // column offset in bytes

col:
	VXORPS Y0, Y0, Y0
	XORQ BX, BX             // i
	MOVQ R10, DX            // &basis[i*nf]

row:
	CMPQ BX, R9
	JGE  store
	MOVLQSX (R8)(BX*4), AX
	IMULQ R11, AX
	ADDQ SI, AX             // &w[ids[i]*nf]
	VMOVUPS (DX)(CX*1), Y1
	VFMADD231PS (AX)(CX*1), Y1, Y0
	ADDQ R11, DX
	INCQ BX
	JMP  row

store:
	VMOVUPS Y0, (DI)(CX*1)
	ADDQ $32, CX
	CMPQ CX, R11
	JLT  col
	VZEROUPPER
	RET

// func scatterAVX2(grad *float32, ids *int32, k int, dout, basis *float32, nf int)
//
// grad[ids[i]*nf+j] += dout[j] · basis[i*nf+j] for i < k, j < nf; nf is a
// positive multiple of 8. Rows are updated one after the other, so
// repeated ids add up as in the scalar loop.
TEXT ·scatterAVX2(SB), NOSPLIT, $0-48
	MOVQ grad+0(FP), DI
	MOVQ ids+8(FP), R8
	MOVQ k+16(FP), R9
	MOVQ dout+24(FP), SI
	MOVQ basis+32(FP), R10
	MOVQ nf+40(FP), R11
	SHLQ $2, R11
	XORQ BX, BX

srow:
	CMPQ BX, R9
	JGE  sdone
	MOVLQSX (R8)(BX*4), AX
	IMULQ R11, AX
	ADDQ DI, AX             // &g[ids[i]*nf]
	XORQ CX, CX

scol:
	VMOVUPS (SI)(CX*1), Y0
	VMOVUPS (AX)(CX*1), Y1
	VFMADD231PS (R10)(CX*1), Y0, Y1
	VMOVUPS Y1, (AX)(CX*1)
	ADDQ $32, CX
	CMPQ CX, R11
	JLT  scol
	ADDQ R11, R10
	INCQ BX
	JMP  srow

sdone:
	VZEROUPPER
	RET

