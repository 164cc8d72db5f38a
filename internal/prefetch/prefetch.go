// Package prefetch asks the CPU to bring table rows into cache ahead of
// their use. A loop that visits rows of a big table in an order the
// hardware cannot predict (a point's neighbours, the rows a batch reached)
// waits on one cache miss after another; issuing the fetches of the next
// rows first lets them overlap. Prefetches are hints: they change no value
// and never fault, and where there is no assembly they do nothing.
package prefetch

import "unsafe"

// Rows prefetches rows ids of table, rows of width elements (a row r is
// table[r*width : (r+1)*width]). Ids outside the table are harmless.
func Rows[T float32 | int32](table []T, ids []int32, width int) {
	if len(ids) > 0 && width > 0 && len(table) > 0 && enabled {
		rows(unsafe.Pointer(&table[0]), &ids[0], len(ids), 4*width)
	}
}
