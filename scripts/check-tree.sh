#!/usr/bin/env bash
# check-tree.sh fails, naming each offending file, when the repository
# tracks an executable binary or object archive (a build output such as a
# test binary) or a file larger than max_bytes that allow_large does not
# list. See scripts/checktree for the details; scripts/test.sh runs this
# first. An optional argument names the repository to check (default:
# the one holding this script).
set -euo pipefail
if ! command -v git >/dev/null || ! git -C "${1:-$(dirname "${BASH_SOURCE[0]}")}" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# An exported copy (a release tarball) tracks nothing to check.
	echo "check-tree: not a git work tree, nothing to check" >&2
	exit 0
fi
repo="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)"
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# max_bytes is the largest size of a tracked file not in allow_large.
max_bytes=$((3 * 1024 * 1024))

# allow_large lists the tracked files (paths from the repository root)
# allowed to exceed max_bytes; add an asset here only after deciding that
# it must be committed rather than fetched by scripts/fetch-testdata.sh.
allow_large=()

args=(-max-bytes "$max_bytes")
for f in "${allow_large[@]+"${allow_large[@]}"}"; do
	args+=(-allow "$f")
done
go run ./scripts/checktree -C "$repo" "${args[@]}"
