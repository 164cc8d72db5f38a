#!/usr/bin/env bash
# exported-names.sh prints, per package of the module, the number of
# exported names (top-level constants, variables, functions, types), of
# exported methods on exported types, and of exported fields of exported
# struct types, build tags ignored and test files skipped. It tracks the
# size of the public surface; pass -internal to include internal/ packages.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec go run ./internal/tools/exportednames "$@" .
