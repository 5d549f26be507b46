#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# corrupt_read_lba hands out one block with every byte inverted to
# READ(10), READ(12) and READ CD, so a read-back verification finds a
# mismatch at exactly that block; -1 turns it off; stats count it.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

plan 7
emu_load
mkiso cr 1024
emu_new d cdr80 capacity_sectors=30000
timeout 300 cdrskin -v dev="$SR" -tao "$ISO" > "$TMP/log" 2>&1
check "cdrskin burns the disc" [ $? = 0 ]

# corrupt_read_lba
echo 20 > "$(emu_dir d)/corrupt_read_lba"
dd if="$SR" of="$TMP/back" bs=2048 count=64 iflag=direct status=none
first=$(cmp "$TMP/back" <(head -c $((64 * 2048)) "$ISO") | awk '{ print $5 }' | tr -d ,)
check "corrupt_read_lba: read-back differs first at LBA 20" [ "$first" = $((20 * 2048 + 1)) ]
cmp -l "$TMP/back" <(head -c $((64 * 2048)) "$ISO") > "$TMP/diff"
in20=$(awk '$1 > 20 * 2048 && $1 <= 21 * 2048' "$TMP/diff" | wc -l)
check "corrupt_read_lba: every byte of LBA 20 and nothing else differs" \
	[ "$in20" = 2048 -a "$(wc -l < "$TMP/diff")" = 2048 ]
sg_raw -b -r 2048 "$SG" a8 00 00 00 00 14 00 00 00 01 00 00 2>/dev/null > "$TMP/r12"
dd if="$TMP/back" bs=2048 skip=20 count=1 status=none > "$TMP/b20"
check "corrupt_read_lba: READ(12) returns the same inverted block" cmp -s "$TMP/r12" "$TMP/b20"
sg_raw -b -r 2048 "$SG" be 00 00 00 00 14 00 00 01 10 00 00 2>/dev/null > "$TMP/rcd"
check "corrupt_read_lba: READ CD returns the same inverted block" cmp -s "$TMP/rcd" "$TMP/b20"
check "corrupt_read_lba: stats count corrupted_reads" [ "$(emu_stat d corrupted_reads)" -ge 3 ]
echo -1 > "$(emu_dir d)/corrupt_read_lba"
dd if="$SR" of="$TMP/back" bs=2048 count=64 iflag=direct status=none
check "corrupt_read_lba=-1: read-back is exact again" \
	cmp -s "$TMP/back" <(head -c $((64 * 2048)) "$ISO")
emu_del d
done_testing
