#!/usr/bin/env bash
# fuzz-rate.sh reads the output of one `go test -fuzz` run on its standard
# input and fails when the fuzz target made fewer than min_rate executions
# a second: a fuzz target that stalls (a slow or hanging parser, or inputs
# whose minimisation takes the whole run) tests nothing while the run
# still passes.
#
# Usage: go test -run XXX -fuzz ... 2>&1 | scripts/fuzz-rate.sh name min_rate
#
# Go prints a progress line "fuzz: elapsed: 9s, execs: N (R/sec), ..."
# every 3 s and one at the end. R covers only the time since the line
# before, so the rate checked is that of the last line: N over its
# elapsed time, the executions of the whole run.
set -euo pipefail

name=${1:?usage: fuzz-rate.sh name min_rate}
min_rate=${2:?usage: fuzz-rate.sh name min_rate}

awk -v name="$name" -v min="$min_rate" '
# seconds converts a Go duration such as 11s, 1m3s or 1h0m2s to seconds.
function seconds(d,    s, n) {
	s = 0
	while (match(d, /^[0-9.]+[hms]/)) {
		n = substr(d, 1, RLENGTH - 1) + 0
		u = substr(d, RLENGTH, 1)
		s += (u == "h") ? 3600 * n : (u == "m") ? 60 * n : n
		d = substr(d, RLENGTH + 1)
	}
	return s
}
/^fuzz: elapsed: [0-9hms.]+, execs: [0-9]+ / {
	el = $3; sub(/,$/, "", el)
	execs = $5 + 0
	elapsed = seconds(el)
	seen = 1
}
END {
	if (!seen) {
		printf "fuzz-rate: %s: no \"execs:\" progress line in the output of go test -fuzz\n", name > "/dev/stderr"
		exit 1
	}
	if (elapsed <= 0) {
		printf "fuzz-rate: %s: the last progress line reports no elapsed time\n", name > "/dev/stderr"
		exit 1
	}
	rate = execs / elapsed
	if (rate < min) {
		printf "fuzz-rate: %s made %d executions in %ss (%.0f/s), fewer than %d/s: the target stalls (run it with GODEBUG=fuzzdebug=1 to see where the time goes)\n", name, execs, elapsed, rate, min > "/dev/stderr"
		exit 1
	}
	printf "fuzz-rate: %s: %d executions in %ss (%.0f/s)\n", name, execs, elapsed, rate
}'
