//go:build !amd64

package rbf

// rowAsm is false where there is no assembly: combine and scatter run
// their Go loops.
var rowAsm = false

func combineAVX2(dst, w *float32, ids *int32, k int, basis *float32, nf int) {
	panic("rbf: no assembly on this architecture")
}

func scatterAVX2(grad *float32, ids *int32, k int, dout, basis *float32, nf int) {
	panic("rbf: no assembly on this architecture")
}
