#include "textflag.h"

// func rows(base unsafe.Pointer, ids *int32, k, rowBytes int)
//
// Prefetches into all cache levels (PREFETCHT0) every cache line of the
// rows of rowBytes bytes at base + ids[i]*rowBytes, i < k; rowBytes > 0.
// Prefetches never fault, so ids need not be checked here.
TEXT ·rows(SB), NOSPLIT, $0-32
	MOVQ base+0(FP), SI
	MOVQ ids+8(FP), R8
	MOVQ k+16(FP), R9
	MOVQ rowBytes+24(FP), R11
	XORQ BX, BX

prow:
	CMPQ BX, R9
	JGE  pdone
	MOVLQSX (R8)(BX*4), AX
	IMULQ R11, AX
	ADDQ SI, AX
	XORQ CX, CX

pline:
	PREFETCHT0 (AX)(CX*1)
	ADDQ $64, CX
	CMPQ CX, R11
	JLT  pline
	PREFETCHT0 -1(AX)(R11*1)
	INCQ BX
	JMP  prow

pdone:
	RET
