// Package parallel holds the one way neurbf splits work among goroutines,
// and its one thread-count convention.
//
// Thread counts are plain ints everywhere in the module: 0 (or any value
// below 1) means "all CPUs" (runtime.GOMAXPROCS(0)), and a positive value
// is taken as given. Count resolves that convention; every exported API
// that takes a thread count documents it with a pointer here.
//
// Two shapes of work cover every parallel loop of the module:
//   - For splits an index range into one contiguous chunk per worker whose
//     bounds depend only on the range and the worker count, so results
//     combined per worker are deterministic;
//   - Workers starts a fixed number of workers that pull work themselves
//     (typically from an atomic counter), for work of uneven cost.
//
// In both, worker 0 runs on the calling goroutine and the call returns when
// every worker has finished.
package parallel
