#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real CD writers burn an ISO to an emulated 80-minute CD-R in every write
# mode; the disc then reads back identically through isoinfo, mount,
# cd-info and dd.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# name|command ($SR and $ISO are expanded at run time)
WRITERS=(
	'cdrskin -tao|cdrskin -v dev=$SR -tao $ISO'
	'cdrskin -sao|cdrskin -v dev=$SR -sao $ISO'
	'wodim -tao|wodim -v dev=$SR gracetime=2 -tao $ISO'
	'wodim -dao|wodim -v dev=$SR gracetime=2 -dao $ISO'
	'xorriso -as cdrecord|xorriso -as cdrecord -v dev=$SR $ISO'
)

plan $(( ${#WRITERS[@]} * 5 ))
emu_load
mkiso cd 2048
for w in "${WRITERS[@]}"; do
	name=${w%%|*}
	cmd=${w#*|}
	if ! emu_new cd cdr80 capacity_sectors=30000; then
		for c in burns isoinfo mount cd-info dd; do not_ok "$name: $c"; done
		emu_del cd
		continue
	fi
	eval "timeout 300 $cmd" > "$TMP/log" 2>&1
	rc=$?
	[ $rc = 0 ] || { diag "$name exit $rc"; sed 's/^/# /' "$TMP/log" | tail -20; }
	check "$name burns an ISO to cdr80" [ $rc = 0 ]
	sed 's/^/# /' "$(emu_dir cd)/toc"
	check "$name: isoinfo reads the volume" isoinfo_ok "$SR"
	check "$name: mount sees every file" mount_compare "$SR" "$TREE"
	check "$name: cd-info lists one data track" [ "$(cdinfo_data_tracks "$SR")" = 1 ]
	check "$name: dd of the session equals the image" dd_equals "$SR" "$ISO"
	emu_del cd
done
done_testing
