#!/usr/bin/env bash
# fetch-bigdata.sh downloads the real photographs the big-image benchmarks
# build their mosaics from, into testdata/big/ (git-ignored). It is not
# part of the test command: the tests do not need these files.
#
# Source: Debian's plasma-workspace-wallpapers (about 94 MB), fetched with
# `apt-get download` and unpacked with `dpkg-deb -x`, nothing installed.
# Kept: Altai (5120×2880 PNG, the one photograph among the 5120×2880
# images) and the twelve photographs of 2560×1600 (JPEG; PastelHills
# comes as 3200×2000). Licences are in each wallpaper's metadata file,
# copied beside the images. See docs/DATA.md.
#
# Then, for example (docs/BENCHMARKS.md, "Big images"):
#   go run ./bench/mosaic -size 6000x4000 -o testdata/big/mosaic-24mp.png testdata/big/photo-*.jpg
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/testdata/big"
photos=(Autumn BytheWater ColdRipple ColorfulCups DarkestHour EveningGlow FallenLeaf Grey Kite OneStandsOut Path summer_1am)

say() { printf 'fetch-bigdata: %s\n' "$*"; }
die() { printf 'fetch-bigdata: error: %s\n' "$*" >&2; exit 1; }

if [[ -s "$dest/altai-5120x2880.png" && -s "$dest/photo-summer_1am.jpg" ]]; then
	exit 0
fi
sudo=() sandbox=(-o APT::Sandbox::User=root)
if [[ $(id -u) -ne 0 ]]; then
	sandbox=()
	command -v sudo >/dev/null || die "not root and sudo is missing (needed for apt-get update)"
	sudo=(sudo)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"
say "apt-get update"
"${sudo[@]}" apt-get update -qq || die "apt-get update failed"
say "apt-get download plasma-workspace-wallpapers"
(cd "$work" && apt-get "${sandbox[@]}" download -qq plasma-workspace-wallpapers) || die "apt-get download failed"
dpkg-deb -x "$work"/plasma-workspace-wallpapers_*.deb "$work/x" || die "dpkg-deb failed"
wp="$work/x/usr/share/wallpapers"
cp "$wp/Altai/contents/images/5120x2880.png" "$dest/altai-5120x2880.png.part"
mv "$dest/altai-5120x2880.png.part" "$dest/altai-5120x2880.png"
for p in "${photos[@]}"; do
	src="$wp/$p/contents/images/2560x1600.jpg"
	[[ -f "$src" ]] || src="$wp/$p/contents/images/3200x2000.jpg"
	[[ -f "$src" ]] || die "$p: no 2560x1600 image in the package"
	cp "$src" "$dest/photo-$p.jpg.part" && mv "$dest/photo-$p.jpg.part" "$dest/photo-$p.jpg"
	for m in metadata.json metadata.desktop; do
		[[ -f "$wp/$p/$m" ]] && cp "$wp/$p/$m" "$dest/photo-$p.$m"
	done
done
for m in metadata.json metadata.desktop; do
	[[ -f "$wp/Altai/$m" ]] && cp "$wp/Altai/$m" "$dest/altai.$m"
done
say "done: $dest"
