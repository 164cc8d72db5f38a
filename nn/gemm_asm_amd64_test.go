package nn

func init() {
	if asmSupported {
		testKernels = append(testKernels, withAsm(portable, false))
	}
}
