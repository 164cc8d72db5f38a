#!/usr/bin/env bash
# test-viewer.sh runs the tests of the OpenGL viewer (viewer/ and
# cmd/neurbf-view, built only with the "viewer" tag) under a virtual X
# server. It first installs the system packages the viewer needs to build
# (cgo headers for GLFW and OpenGL) and to run headless (Xvfb, Mesa's
# llvmpipe), when any of them is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pkgs=(pkg-config libgl1-mesa-dev libegl-dev libx11-dev libxcursor-dev
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev xvfb xauth)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
	echo "== installing ${missing[*]}"
	sudo=()
	if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
	"${sudo[@]}" apt-get update -qq
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

echo "== go vet -tags viewer ./viewer/... ./cmd/neurbf-view/..."
go vet -tags viewer ./viewer/... ./cmd/neurbf-view/...
# The tests that draw skip without a display; here, with Xvfb, they must
# run: NEURBF_REQUIRE_DISPLAY=1 turns such a skip into a failure, and the
# verbose log is checked for any skip on that account and for passes.
echo "== xvfb-run go test -v -tags viewer ./viewer/... ./cmd/neurbf-view/..."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
NEURBF_REQUIRE_DISPLAY=1 xvfb-run -a -s "-screen 0 1024x768x24" \
	go test -count=1 -v -timeout 10m -tags viewer ./viewer/... ./cmd/neurbf-view/... >"$log" 2>&1 || status=$?
grep -E '^(--- |ok |FAIL|PASS|SKIP)|^ +[a-z_]+\.go:[0-9]+: ' "$log" || true
if ((status != 0)); then
	echo "== FAIL: the viewer tests failed (exit $status); full log:"
	cat "$log"
	exit "$status"
fi
if grep -q 'no display' "$log"; then
	echo "== FAIL: viewer tests were skipped for want of a display under Xvfb"
	exit 1
fi
passed=$(grep -c -- '--- PASS' "$log" || true)
if ((passed == 0)); then
	echo "== FAIL: no viewer test passed (none ran?)"
	exit 1
fi
echo "== $passed viewer tests passed under Xvfb"
