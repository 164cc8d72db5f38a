#!/usr/bin/env bash
# slurm-stop.sh DIR stops the cluster that scripts/slurm-start.sh DIR
# started: it cancels the cluster's jobs and waits for them to end, then
# stops slurmd, slurmctld and munged by the PIDs in their PID files
# (SIGTERM, then SIGKILL after 10 s), checking each PID still runs that
# program, and finally any job step daemon (slurmstepd) left from this
# cluster, found by the SLURM_CONF in its environment. DIR itself, with
# its logs, is left for the caller to read or delete. It exits 0 when
# nothing of the cluster is left running, also when it was already
# stopped; not root, it runs itself under sudo.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/slurm-lib.sh"
slurm_args "$@"
[[ -d $1 ]] || die "$1 is not a folder"
dir="$(cd "$1" && pwd)"
[[ -e $dir/slurm.conf ]] || die "$dir holds no cluster (no slurm.conf)"
export SLURM_CONF="$dir/slurm.conf"

# pidof_file FILE NAME prints the PID in FILE if that process is still
# running the program NAME (a PID file can outlive its process, and the
# PID be reused).
pidof_file() {
	local pid
	[[ -s $1 ]] || return 1
	pid=$(<"$1")
	[[ $pid =~ ^[0-9]+$ && -r /proc/$pid/comm && $(<"/proc/$pid/comm") == "$2" ]] || return 1
	echo "$pid"
}

# stop PID NAME sends SIGTERM, waits up to 10 s, then sends SIGKILL.
stop() {
	local pid=$1 n=50
	kill -TERM "$pid" 2>/dev/null || return 0
	while kill -0 "$pid" 2>/dev/null && ((--n > 0)); do sleep 0.2; done
	if kill -0 "$pid" 2>/dev/null; then
		echo "slurm-stop: $2 ($pid) ignored SIGTERM for 10 s; killing it" >&2
		kill -KILL "$pid" 2>/dev/null || true
		sleep 0.2
	fi
}

if pidof_file "$dir/slurmctld.pid" slurmctld >/dev/null; then
	mapfile -t jobs < <(squeue -h -o %A 2>/dev/null || true)
	if ((${#jobs[@]})); then
		scancel "${jobs[@]}" 2>/dev/null || true
		n=100 # KillWait is 5 s; give the jobs 20 s in all
		while [[ -n $(squeue -h -o %A 2>/dev/null) ]] && ((--n > 0)); do
			sleep 0.2
		done
	fi
fi

for d in "slurmd $dir/slurmd.pid" "slurmctld $dir/slurmctld.pid" "munged $dir/munge/munged.pid"; do
	read -r name file <<<"$d"
	if pid=$(pidof_file "$file" "$name"); then
		stop "$pid" "$name"
	fi
done

left=()
for e in /proc/[0-9]*/environ; do
	p=${e#/proc/}
	p=${p%/environ}
	[[ -r /proc/$p/comm && $(<"/proc/$p/comm" 2>/dev/null) == slurmstepd ]] || continue
	if tr '\0' '\n' <"$e" 2>/dev/null | grep -qxF "SLURM_CONF=$SLURM_CONF"; then
		kill -KILL "$p" 2>/dev/null && left+=("$p")
	fi
done
((${#left[@]} == 0)) || echo "slurm-stop: killed job step daemons left running: ${left[*]}" >&2

for d in "slurmd $dir/slurmd.pid" "slurmctld $dir/slurmctld.pid" "munged $dir/munge/munged.pid"; do
	read -r name file <<<"$d"
	if pid=$(pidof_file "$file" "$name"); then
		die "$name ($pid) is still running"
	fi
done
echo "slurm-stop: the cluster in $dir is stopped" >&2
