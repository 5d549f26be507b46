#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The drive buffer drains at the selected write speed: a source slower than
# the medium empties it; without BUFE that ruins the burn (loss of
# streaming), with BUFE and burnfree the drive links and the burn is good.
# An unthrottled burn at 8x takes as long as 8x takes.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

plan 7
emu_load
mkiso t 3072
blocks=$(( $(stat -c %s "$ISO") / 2048 ))

slow_burn() {
	pv -q -L 300k "$ISO" | timeout 300 wodim -v dev="$SR" gracetime=2 fs=128k speed=4 -tao \
		"$@" tsize=${blocks}s - > "$TMP/log" 2>&1
}

emu_new t cdr80 capacity_sectors=30000 write_speed=4 bufe=0 buffer_kib=512
slow_burn
rc=$?
grep -E 'FIFO|fifo|buf' "$TMP/log" | sed 's/^/# /' | tail -5
sed 's/^/# /' "$(emu_dir t)/stats"
check "a slow source without BUFE fails the burn" [ $rc != 0 ]
check "the failed burn counts an underrun" [ "$(emu_stat t underruns)" -ge 1 ]
check "wodim sees the loss of streaming as a buffer underrun" \
	grep -q "looks like a buffer underrun" "$TMP/log"
emu_del t

emu_new t cdr80 capacity_sectors=30000 write_speed=4 bufe=1 buffer_kib=512
slow_burn driveropts=burnfree
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$TMP/log" | tail -20
sed 's/^/# /' "$(emu_dir t)/stats"
check "a slow source with BUFE and burnfree burns" [ $rc = 0 ]
check "the BUFE burn counts link losses" [ "$(emu_stat t link_losses)" -ge 1 ]
check "the BUFE burn reads back identical" dd_equals "$SR" "$ISO"
emu_del t

emu_new t cdr80 capacity_sectors=30000 write_speed=8
start=$(date +%s%N)
timeout 300 cdrskin -v dev="$SR" -tao "$ISO" > "$TMP/log" 2>&1
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
min=$(( $(stat -c %s "$ISO") * 1000 * 9 / 10 / (8 * 153600) ))
diag "8x burn took $ms ms, at least $min ms expected"
check "an unthrottled 8x burn takes at least 90% of the 8x time" [ $rc = 0 ] && [ $ms -ge $min ]
emu_del t
done_testing
