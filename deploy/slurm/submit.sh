#!/usr/bin/env bash
# submit.sh submits the fit of a big image as tiles to Slurm: a job array
# of fit-tiles.sbatch, one task per tile, and merge.sbatch after it with
# --dependency=afterok on the array, so that the merge starts only when
# every tile succeeded.
#
#   deploy/slurm/submit.sh [--cpus N] [--max-running K] [--model PATH] [--logs DIR] \
#       IMAGE DIR RxC [FIT FLAGS...]
#
# Each tile task gets N CPUs (default 2) and runs neurbf with as many
# threads; at most K tasks run at once (default: as many as Slurm allows).
# The tiles go to DIR, the merged model to PATH (default DIR/model.nrbf,
# where `neurbf fit image --tiles RxC --jobs N` puts it on one machine),
# the jobs' logs to DIR.logs/ (tile-I.JOBID.out, merge.JOBID.out).
# FIT FLAGS go to `neurbf fit image` (--time, --params, --overlap, ...).
# Partition, account, wall-time limit and memory come from sbatch's own
# variables: SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT,
# SBATCH_MEM_PER_NODE. The neurbf program is $NEURBF, else neurbf on the
# PATH; IMAGE, DIR and the program must be on a file system every node
# sees.
#
# It prints "ARRAY_JOB_ID MERGE_JOB_ID" on standard output. Submitting
# again with the same arguments after a failure fits only the missing
# tiles (neurbf skips a tile already in DIR).
set -euo pipefail

die() { printf 'submit.sh: error: %s\n' "$*" >&2; exit 2; }
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cpus=2 max="" model="" logs=""
while (($#)); do
	case $1 in
	--cpus) cpus=${2:?}; shift 2 ;;
	--max-running) max=${2:?}; shift 2 ;;
	--model) model=${2:?}; shift 2 ;;
	--logs) logs=${2:?}; shift 2 ;;
	--) shift; break ;;
	-*) die "unknown option $1 (before IMAGE: --cpus, --max-running, --model, --logs)" ;;
	*) break ;;
	esac
done
(($# >= 3)) || die "usage: submit.sh [--cpus N] [--max-running K] [--model PATH] [--logs DIR] IMAGE DIR RxC [FIT FLAGS...]"
image=$1 dir=${2%/} tiles=$3
shift 3
[[ $tiles =~ ^([1-9][0-9]*)x([1-9][0-9]*)$ ]] || die "tiles $tiles: want RxC, e.g. 4x4"
n=$((BASH_REMATCH[1] * BASH_REMATCH[2]))
[[ $cpus =~ ^[1-9][0-9]*$ ]] || die "--cpus $cpus: want a positive integer"
[[ -z $max || $max =~ ^[1-9][0-9]*$ ]] || die "--max-running $max: want a positive integer"
[[ -r $image ]] || die "$image: no such readable file"
command -v sbatch >/dev/null || die "sbatch not found (is this a Slurm login node?)"
prog=$(command -v "${NEURBF:-neurbf}") || die "${NEURBF:-neurbf}: not found (set NEURBF to the neurbf program)"
export NEURBF="$(cd "$(dirname "$prog")" && pwd)/$(basename "$prog")"

image="$(cd "$(dirname "$image")" && pwd)/$(basename "$image")"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
model=${model:-$dir/model.nrbf}
logs=${logs:-$dir.logs}
mkdir -p "$logs"

array="0-$((n - 1))${max:+%$max}"
tilejob=$(sbatch --parsable --array="$array" --cpus-per-task="$cpus" \
	--output="$logs/tile-%a.%A.out" \
	"$here/fit-tiles.sbatch" "$image" "$dir" "$tiles" "$@") || die "sbatch of the tiles failed"
tilejob=${tilejob%%;*} # --parsable prints "ID" or "ID;CLUSTER"
mergejob=$(sbatch --parsable --dependency="afterok:$tilejob" \
	--output="$logs/merge.%j.out" \
	"$here/merge.sbatch" "$dir" "$model") || die "sbatch of the merge failed (the tiles are job $tilejob)"
mergejob=${mergejob%%;*}
echo "submit.sh: tiles: job array $tilejob ($array) into $dir; merge: job $mergejob (afterok:$tilejob) into $model; logs in $logs" >&2
echo "$tilejob $mergejob"
