// Package grid implements the multi-resolution grid encoder of NeuRBF's
// hybrid representation (the Instant-NGP encoding): for each of several
// levels, a lattice of trainable feature vectors is interpolated N-linearly
// at the query point, and the per-level features are concatenated.
//
// # Coordinates
//
// Points lie in [-1,1]^D, D = 2 or 3. A level of resolution R has R vertices
// per axis with the corners aligned to the domain: along each axis, vertex i
// sits at -1 + 2i/(R-1), so a coordinate x maps to the lattice coordinate
//
//	u = (x+1)/2 ·,  cell i = min(⌊u⌋, R-2),  fraction f = u - i ∈ [0,1].
//
// Coordinates outside [-1,1] (and NaN) are clamped to the domain first, and
// their derivative along that axis is zero. Inside the domain the grid is
// piecewise N-linear and dL/dx is the derivative within the cell.
//
// # Storage
//
// A level whose vertex count R^D is at most the table size 2^Log2Table is
// dense: its table holds exactly R^D rows, vertex (i, j, k) at row
// i + R·j + R²·k (row-major with x fastest). Larger levels are hashed into
// 2^Log2Table rows with Instant-NGP's spatial hash,
//
//	h = (i·1 ⊕ j·2654435761 ⊕ k·805459861) mod 2^Log2Table
//
// in wrapping 32-bit arithmetic. Each level is one nn.Param ("grid.L0",
// "grid.L1", …, group "grid") of rows × Features values, row-major. The
// encoder's output is level-major: level 0's Features values first.
//
// Encoder satisfies the field.Encoder interface structurally; its workers
// (nn.EncoderWorker, from NewWorker) run it on batches within one goroutine without allocating after the first
// call at a given batch size.
package grid
