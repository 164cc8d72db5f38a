#!/usr/bin/env bash
# slurm-install.sh installs Debian's Slurm (slurmctld, slurmd,
# slurm-client) and munge when any of them is missing, without starting
# their system services: scripts/slurm-start.sh starts private daemons
# from a generated configuration instead. Running it again when all are
# installed does nothing and prints nothing.
#
# The packages' maintainer scripts would start the system services; a
# /usr/sbin/policy-rc.d that exits 101 ("action forbidden") holds them
# off. When this script creates that file it removes it afterwards; an
# existing one (a container's) is left as it was.
set -euo pipefail

pkgs=(munge slurmctld slurmd slurm-client)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]})) || exit 0

die() { printf 'slurm-install: error: %s\n' "$*" >&2; exit 1; }
command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} with your system's package manager"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null || die "not root and sudo is missing (needed to install ${missing[*]})"
	sudo=(sudo)
fi

policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
	printf '#!/bin/sh\n# slurm-install.sh: no service starts during the install\nexit 101\n' |
		"${sudo[@]}" tee "$policy" >/dev/null
	"${sudo[@]}" chmod 755 "$policy"
	trap '"${sudo[@]}" rm -f "$policy"' EXIT
fi

echo "== installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq || die "apt-get update failed"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
	die "apt-get install ${missing[*]} failed"
