#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cdrskin blanks an emulated CD-RW (fast and full) and burns it again.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

plan 6
emu_load
mkiso rw 1024
emu_new rw cdrw capacity_sectors=30000
timeout 300 cdrskin -v dev="$SR" -tao "$ISO" > "$TMP/log" 2>&1
for mode in fast all; do
	timeout 300 cdrskin -v dev="$SR" blank=$mode > "$TMP/log" 2>&1
	rc=$?
	[ $rc = 0 ] || sed 's/^/# /' "$TMP/log" | tail -20
	check "cdrskin blank=$mode succeeds on cdrw" [ $rc = 0 ]
	check "blank=$mode leaves a blank disc" grep -q "status blank" "$(emu_dir rw)/toc"
	mkiso rw$mode 1024
	timeout 300 cdrskin -v dev="$SR" -tao "$ISO" > "$TMP/log" 2>&1 &&
		mount_compare "$SR" "$TREE"
	check "a burn after blank=$mode reads back" [ $? = 0 ]
done
emu_del rw
done_testing
