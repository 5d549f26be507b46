#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RAW writing: wodim sends the whole session (lead-in at negative LBAs,
# scrambled data sectors, sub-channel, lead-out) in 2448- or 2368-byte
# blocks. The drive derives the TOC from the lead-in's Q frames; the disc
# then reads back identically through isoinfo, mount, cd-info and dd.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# name|command ($SR and $ISO are expanded at run time)
WRITERS=(
	'wodim -raw96r|wodim -v dev=$SR gracetime=2 -raw96r $ISO'
	'wodim -raw96p|wodim -v dev=$SR gracetime=2 -raw96p $ISO'
	'wodim -raw16|wodim -v dev=$SR gracetime=2 -raw16 $ISO'
)

plan $(( ${#WRITERS[@]} * 7 ))
emu_load
mkiso raw 1024
for w in "${WRITERS[@]}"; do
	name=${w%%|*}
	cmd=${w#*|}
	if ! emu_new cd cdr80 capacity_sectors=30000; then
		for c in burns stats isoinfo mount cd-info dd toc; do not_ok "$name: $c"; done
		emu_del cd
		continue
	fi
	eval "timeout 300 $cmd" > "$TMP/log" 2>&1
	rc=$?
	[ $rc = 0 ] || { diag "$name exit $rc"; sed 's/^/# /' "$TMP/log" | tail -20; }
	check "$name burns an ISO to cdr80" [ $rc = 0 ]
	sed 's/^/# /' "$(emu_dir cd)/toc"
	check "$name: stats count one track, one session" \
		[ "$(emu_stat cd tracks) $(emu_stat cd sessions)" = "1 1" ]
	check "$name: isoinfo reads the volume" isoinfo_ok "$SR"
	check "$name: mount sees every file" mount_compare "$SR" "$TREE"
	check "$name: cd-info lists one data track" [ "$(cdinfo_data_tracks "$SR")" = 1 ]
	check "$name: dd of the session equals the image" dd_equals "$SR" "$ISO"
	check "$name: the TOC comes from the lead-in (complete, track 1 at 0)" \
		grep -q '^track 1 session 1 start 0 blocks [0-9]* control 4$' "$(emu_dir cd)/toc"
	emu_del cd
done
done_testing
