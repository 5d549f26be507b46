# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by tools/make/check and tools/debug/check: sections, and the
# running count of "N passed, N failed[, N skipped]" lines they end with.
#   T0, P, F, S   start time and the counts; LOG the file add_counts reads

T0=$(date +%s)
P=0 F=0 S=0
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

section() { echo; echo "======== $* ($(( $(date +%s) - T0 ))s) ========"; }

# Add the counts of the last "N passed, N failed[, N skipped]" line in $LOG.
add_counts() {
	local line p f s
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$' "$LOG" | tail -1)
	if [ -z "$line" ]; then
		echo "check: no result line from $1: counted as one failure"
		F=$((F + 1))
		return
	fi
	p=${line%% passed*}
	f=${line#*passed, }; f=${f%% failed*}
	s=0
	case "$line" in *skipped) s=${line##*failed, }; s=${s%% skipped} ;; esac
	P=$((P + p)) F=$((F + f)) S=$((S + s))
}

finish() {
	echo
	echo "======== done in $(( $(date +%s) - T0 ))s ========"
	if [ "$S" -gt 0 ]; then
		echo "$P passed, $F failed, $S skipped"
	else
		echo "$P passed, $F failed"
	fi
	[ "$F" = 0 ]
	exit
}

# Count the VM run of $1 from $LOG; $2 is tools/vm/run's status.
check_vm() {
	add_counts "the VM on $1"
	case "$2" in
	98|99)
		echo "not ok - VM on $1 ended abnormally (status $2: 98 = died or timed out, 99 = kernel splat or kmemleak report)"
		F=$((F + 1))
		;;
	esac
}
