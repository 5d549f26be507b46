#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Underrun in every CD write type: wodim -tao, -dao and -raw96r fed by a
# pv-throttled pipe (200 kB/s, RAW 50 kB/s; 64 KiB FIFO) slower than the
# 4x (RAW: 16x) drain of a 256 KiB drive buffer.
# Without BUFE (bufe=0, driveropts=noburnfree) the burn fails with loss of
# streaming and counts an underrun; with BUFE (bufe=1, burnfree) the
# drive links, the burn succeeds, link_losses counts and the disc reads
# back identical.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

MODES=(-tao -dao -raw96r)
plan $(( ${#MODES[@]} * 6 ))
emu_load
mkiso u 1024
blocks=$(( $(stat -c %s "$ISO") / 2048 ))

# RAW records the 11,850-block lead-in and 6,750-block lead-out in real
# time too: at 16x rather than 4x, to keep the case short, and with a
# slower source, so that the data is not all in wodim's FIFO by then
speed() { [ "$1" = -raw96r ] && echo 16 || echo 4; }
rate() { [ "$1" = -raw96r ] && echo 50k || echo 200k; }

slow_burn() {
	local mode=$1
	shift
	pv -q -L "$(rate "$mode")" "$ISO" | timeout 120 wodim -v dev="$SR" gracetime=2 fs=64k \
		speed="$(speed "$mode")" "$mode" "$@" tsize=${blocks}s - > "$TMP/log" 2>&1
}

for m in "${MODES[@]}"; do
	emu_new u cdr80 capacity_sectors=30000 write_speed="$(speed "$m")" bufe=0 buffer_kib=256
	start=$SECONDS
	slow_burn "$m" driveropts=noburnfree
	rc=$?
	diag "wodim $m without BUFE: exit $rc after $((SECONDS - start)) s"
	sed 's/^/# /' "$(emu_dir u)/stats" | grep -E "underruns|link_losses|last_sense"
	check "wodim $m, no BUFE: a slow source fails the burn" [ $rc != 0 ]
	check "wodim $m, no BUFE: an underrun is counted" [ "$(emu_stat u underruns)" -ge 1 ]
	check "wodim $m, no BUFE: wodim sees loss of streaming" \
		grep -qiE "loss of streaming|buffer underrun" "$TMP/log"
	emu_del u

	emu_new u cdr80 capacity_sectors=30000 write_speed="$(speed "$m")" bufe=1 buffer_kib=256
	start=$SECONDS
	slow_burn "$m" driveropts=burnfree
	rc=$?
	diag "wodim $m with BUFE: exit $rc after $((SECONDS - start)) s"
	[ $rc = 0 ] || sed 's/^/# /' "$TMP/log" | tail -15
	sed 's/^/# /' "$(emu_dir u)/stats" | grep -E "underruns|link_losses|last_sense"
	check "wodim $m, BUFE: the burn succeeds" [ $rc = 0 ]
	check "wodim $m, BUFE: link losses are counted" [ "$(emu_stat u link_losses)" -ge 1 ]
	check "wodim $m, BUFE: the disc reads back identical" dd_equals "$SR" "$ISO"
	emu_del u
done
done_testing
