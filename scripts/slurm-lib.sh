# slurm-lib.sh is sourced by scripts/slurm-start.sh and slurm-stop.sh,
# which take one argument, the cluster's folder, and need root.
#
# slurm_args ARGS... checks that there is one argument and, when not
# root, runs the calling script again under sudo with it. die MESSAGE
# prints "NAME: error: MESSAGE", NAME being the calling script's, and
# exits 1.
slurm_script="$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)/$(basename "${BASH_SOURCE[1]}")"
die() { printf '%s: error: %s\n' "$(basename "$slurm_script" .sh)" "$*" >&2; exit 1; }
slurm_args() {
	(($# == 1)) || die "usage: $(basename "$slurm_script") DIR"
	if [[ $(id -u) -ne 0 ]]; then
		command -v sudo >/dev/null || die "not root and sudo is missing"
		exec sudo "$slurm_script" "$@"
	fi
}
