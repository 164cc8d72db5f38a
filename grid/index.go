package grid

// Instant-NGP's per-axis hash primes (the first is 1 so that consecutive x
// stay coherent in memory).
const (
	prime1 = 2654435761
	prime2 = 805459861
)

// hash2 returns the table row of 2-D vertex (i, j) for a table of mask+1
// rows, mask+1 a power of two.
func hash2(i, j, mask uint32) int {
	return int((i ^ j*prime1) & mask)
}

// hash3 returns the table row of 3-D vertex (i, j, k) for a table of mask+1
// rows, mask+1 a power of two.
func hash3(i, j, k, mask uint32) int {
	return int((i ^ j*prime1 ^ k*prime2) & mask)
}

// cell maps a coordinate to the lattice of a level with scale = (res-1)/2
// lattice units per unit of x and hi = res-2: the lower vertex index
// i ∈ [0, hi] and the fraction f ∈ [0,1] within the cell. Coordinates
// outside [-1,1], and NaN, are clamped to the domain.
func cell(x, scale float32, hi int) (i int, f float32) {
	if !(x >= -1) {
		x = -1
	} else if x > 1 {
		x = 1
	}
	u := (x + 1) * scale
	i = min(int(u), hi)
	return i, u - float32(i)
}

// outside returns a bit mask of the axes along which p lies outside
// [-1,1] (or is NaN): bit a is set when p[a] was clamped.
func outside(p []float32) uint8 {
	var m uint8
	for a, v := range p {
		if !(v >= -1 && v <= 1) {
			m |= 1 << a
		}
	}
	return m
}
