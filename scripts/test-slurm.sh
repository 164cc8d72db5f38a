#!/usr/bin/env bash
# test-slurm.sh fits an image as tiles on a real Slurm cluster, with the
# job scripts of deploy/slurm, and checks the merged model. It installs
# Debian's Slurm and munge when missing (scripts/slurm-install.sh),
# starts a private one-node cluster in a temporary folder
# (scripts/slurm-start.sh: no systemd, a generated configuration, a fresh
# munge key) and stops it on exit, failed or not, by its daemons' PIDs
# (scripts/slurm-stop.sh).
#
# 1. The 512×512 astronaut photo (testdata/real, scripts/fetch-testdata.sh)
#    is fitted as 2×2 tiles by a job array (deploy/slurm/submit.sh), each
#    tile on one CPU for 400 steps, and merged by a job that depends on
#    the array (afterok). The merged model must exist, and `neurbf
#    eval` must give a PSNR above a floor and a seam ratio (mean error
#    along the interior tile borders over the interior's) at most 1.05.
# 2. The same fit again, with one tile's neurbf killed while it trains:
#    that task fails, the dependent merge never starts (it stays pending,
#    DependencyNeverSatisfied, and is cancelled), `neurbf merge` refuses
#    the incomplete set on one line naming the missing tile and writes
#    nothing; the same submission again fits only that tile (the others'
#    files are untouched) and its merge succeeds.
#
# It prints the total time. Root is needed to install and to run the
# daemons; not root, it uses sudo, as scripts/fetch-testdata.sh does.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
t0=$(date +%s)

# Each tile is fitted for a number of steps, not a time, so that the
# model, and so the checks, do not depend on the machine's load.
# psnr_floor is the lowest PSNR (dB) accepted for the merged model
# (docs/CLUSTER.md gives the value measured and the margin); seam_max is
# the issue's goal for the seam ratio. With the default overlap of 32
# pixels this short fit's seam ratio is too close to the goal to assert
# it (docs/CLUSTER.md), so the test fits with an overlap of 64.
fit_flags=(--batch 16384 --steps 400 --overlap 64)
psnr_floor=33
seam_max=1.05

say() { printf '== test-slurm [%d s]: %s\n' $(($(date +%s) - t0)) "$*"; }
fail() {
	printf '== test-slurm: FAIL: %s\n' "$*" >&2
	exit 1
}

./scripts/slurm-install.sh
./scripts/fetch-testdata.sh
image=$root/testdata/real/astronaut.png
[[ -s $image ]] || fail "$image is missing after fetch-testdata.sh"

work=$(mktemp -d)
chmod 755 "$work" # munged wants the folders above its socket searchable
cluster=$work/cluster
started=false
cleanup() {
	local status=$?
	if $started; then
		if ((status != 0)); then
			for f in "$work"/*.logs/*.out "$cluster"/log/slurmctld.log; do
				[[ -s $f ]] && { echo "-- $f" >&2; tail -n 20 "$f" >&2; }
			done
		fi
		"$root/scripts/slurm-stop.sh" "$cluster" || status=1
	fi
	rm -rf "$work"
	printf '== test-slurm: %s in %d s\n' "$( ((status == 0)) && echo passed || echo FAILED)" $(($(date +%s) - t0))
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say "building neurbf"
go build -o "$work/bin/neurbf" ./cmd/neurbf
export NEURBF=$work/bin/neurbf

say "starting a one-node Slurm cluster"
started=true
conf=$(./scripts/slurm-start.sh "$cluster")
eval "$conf"
[[ -n ${SLURM_CONF:-} ]] || fail "slurm-start.sh printed no SLURM_CONF"

# states JOBID prints one line per job or array task: "TASK STATE EXIT
# REASON" (TASK is N/A for a job that is not an array), from the
# controller, which keeps ended jobs for MinJobAge (300 s).
states() { squeue -h -t all -j "$1" -o '%K %T %r'; }
# wait_ended SECONDS JOBID... waits until no task of the jobs is pending,
# configuring, running or completing.
wait_ended() {
	local n=$(($1 * 2)) id
	shift
	for id in "$@"; do
		while states "$id" | grep -qE ' (PENDING|CONFIGURING|RUNNING|COMPLETING) '; do
			((--n > 0)) || fail "job $id has not ended after the time allowed: $(states "$id" | tr '\n' ';')"
			sleep 0.5
		done
	done
}
# all_completed JOBID fails unless every task of the job completed.
all_completed() {
	local bad
	bad=$(states "$1" | grep -v ' COMPLETED ' || true)
	[[ -z $bad ]] || fail "job $1 has tasks that did not complete: $(tr '\n' ';' <<<"$bad")"
}
# submit NAME runs deploy/slurm/submit.sh for the test image into
# $work/NAME and sets tiles and merge to the two jobs' IDs.
submit() {
	local ids
	ids=$(deploy/slurm/submit.sh --cpus 1 "$image" "$work/$1" 2x2 "${fit_flags[@]}") || fail "submit.sh failed"
	read -r tiles merge <<<"$ids"
}
# metric NAME FILE prints the first number that key NAME has in the JSON file.
metric() { sed -n "s/.*\"$1\": *\([-0-9.eE+]*\).*/\1/p" "$2" | head -n 1; }
# check_model MODEL prints its PSNR and seam ratio and checks both.
check_model() {
	local json=$work/$(basename "$(dirname "$1")").eval.json psnr seam
	"$NEURBF" eval "$1" --image "$image" -q --threads 0 >"$json" || fail "neurbf eval $1 failed"
	psnr=$(metric psnr "$json")
	seam=$(metric seam_ratio "$json")
	[[ -n $psnr && -n $seam ]] || fail "neurbf eval $1 printed no psnr or seam_ratio: $(tr -d '\n' <"$json")"
	say "${1#"$work"/}: PSNR $psnr dB, seam ratio $seam"
	awk -v p="$psnr" -v f="$psnr_floor" 'BEGIN { exit !(p >= f) }' || fail "PSNR $psnr dB of $1 is below the floor $psnr_floor dB"
	awk -v s="$seam" -v m="$seam_max" 'BEGIN { exit !(s <= m) }' || fail "seam ratio $seam of $1 is above $seam_max"
}

say "1. a 2x2 job array (${fit_flags[*]}, one CPU a tile) and the merge after it"
submit ok
wait_ended 900 "$tiles" "$merge"
all_completed "$tiles"
all_completed "$merge"
[[ -s $work/ok/model.nrbf ]] || fail "the merge job completed but wrote no $work/ok/model.nrbf"
check_model "$work/ok/model.nrbf"

say "2. the same fit with tile 1 killed while it runs"
submit part
# victim finds the neurbf process of task 1 of the array, by the job's
# variables in its environment.
victim() {
	local e p
	for e in /proc/[0-9]*/environ; do
		p=${e#/proc/}
		p=${p%/environ}
		[[ $(cat "/proc/$p/comm" 2>/dev/null) == neurbf ]] || continue
		tr '\0' '\n' <"$e" 2>/dev/null | grep -qx "SLURM_ARRAY_JOB_ID=$tiles" || continue
		tr '\0' '\n' <"$e" 2>/dev/null | grep -qx "SLURM_ARRAY_TASK_ID=1" || continue
		echo "$p"
		return 0
	done
	return 1
}
pid=""
for _ in $(seq 120); do
	pid=$(victim) && break
	sleep 0.5
done
[[ -n $pid ]] || fail "tile 1's neurbf never ran: $(states "$tiles" | tr '\n' ';')"
sleep 2 # let it start training; a tile is written only at the end
kill -KILL "$pid"
say "killed tile 1's neurbf (pid $pid)"
wait_ended 900 "$tiles"
got=$(states "$tiles" | sort | tr '\n' ';')
[[ $(states "$tiles" | grep -c ' COMPLETED ') == 3 && $(states "$tiles" | grep -E '^1 ' | cut -d' ' -f2) == FAILED ]] ||
	fail "want tiles 0, 2 and 3 completed and tile 1 failed; got $got"
sleep 1 # the controller marks the dependency on its next pass
[[ $(states "$merge") == *" PENDING DependencyNeverSatisfied"* ]] ||
	fail "the merge should wait forever (DependencyNeverSatisfied); it is: $(states "$merge")"
[[ ! -e $work/part/model.nrbf ]] || fail "the merge ran although tile 1 failed"
scancel "$merge"
say "the merge stayed pending (DependencyNeverSatisfied) and was cancelled"
[[ ! -e $work/part/tile-1.nrbf ]] || fail "the killed tile left $work/part/tile-1.nrbf"

if out=$("$NEURBF" merge "$work/part" -o "$work/part/model.nrbf" 2>&1); then
	fail "neurbf merge accepted an incomplete set: $out"
fi
[[ $(wc -l <<<"$out") == 1 ]] || fail "neurbf merge's refusal should be one line; it is: $out"
grep -q 'tile-1\.nrbf' <<<"$out" || fail "neurbf merge's refusal does not name tile-1.nrbf: $out"
[[ ! -e $work/part/model.nrbf ]] || fail "the refused merge wrote $work/part/model.nrbf"
say "neurbf merge refused: $out"

fingerprint() { # the size, time and checksum of tiles 0, 2 and 3
	local i
	for i in 0 2 3; do
		stat -c '%n %s %Y' "$work/part/tile-$i.nrbf"
		sha256sum "$work/part/tile-$i.nrbf"
	done
}
before=$(fingerprint)
sleep 1 # a rewrite within this second would keep the time
submit part
wait_ended 900 "$tiles" "$merge"
all_completed "$tiles"
all_completed "$merge"
[[ $(fingerprint) == "$before" ]] || fail "the resubmission rewrote tiles that were done"
[[ -s $work/part/tile-1.nrbf ]] || fail "the resubmission did not fit tile 1"
say "the resubmitted array fitted tile 1 only; tiles 0, 2 and 3 are unchanged"
check_model "$work/part/model.nrbf"
