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
echo "== xvfb-run go test -tags viewer ./viewer/... ./cmd/neurbf-view/..."
xvfb-run -a -s "-screen 0 1024x768x24" \
	go test -count=1 -timeout 10m -tags viewer ./viewer/... ./cmd/neurbf-view/...
