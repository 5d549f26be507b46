#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Test Write (page 05): a simulated burn goes through every WRITE, is
# counted in stats, but leaves the disc as it was - blank, or with its
# previous sessions - as a real drive's simulation does.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# name|command ($SR and $ISO are expanded at run time)
WRITERS=(
	'cdrskin -dummy -tao|cdrskin -v dev=$SR -dummy -tao $ISO'
	'cdrskin -dummy -sao|cdrskin -v dev=$SR -dummy -sao $ISO'
	'wodim -dummy -tao|wodim -v dev=$SR gracetime=2 -dummy -tao $ISO'
	'wodim -dummy -dao|wodim -v dev=$SR gracetime=2 -dummy -dao $ISO'
	'wodim -dummy -raw96r|wodim -v dev=$SR gracetime=2 -dummy -raw96r $ISO'
)

plan $(( ${#WRITERS[@]} * 4 + 3 ))
emu_load
mkiso tw 512
for w in "${WRITERS[@]}"; do
	name=${w%%|*}
	cmd=${w#*|}
	if ! emu_new tw cdr80 capacity_sectors=30000; then
		for c in runs writes blank stores; do not_ok "$name: $c"; done
		emu_del tw
		continue
	fi
	eval "timeout 300 $cmd" > "$TMP/log" 2>&1
	rc=$?
	[ $rc = 0 ] || { diag "$name exit $rc"; sed 's/^/# /' "$TMP/log" | tail -20; }
	check "$name completes" [ $rc = 0 ]
	sed 's/^/# /' "$(emu_dir tw)/toc"
	check "$name: stats count the writes" [ "$(emu_stat tw sectors_written)" -ge 256 ]
	check "$name: the disc stays blank" \
		[ "$(awk '$1 == "status" { print $2 }' "$(emu_dir tw)/toc")" = blank ]
	check "$name: nothing was stored, no track or session counted" \
		[ "$(emu_stat tw stored_pages) $(emu_stat tw tracks) $(emu_stat tw sessions)" = "0 0 0" ]
	emu_del tw
done

# A simulation on an appendable disc keeps its first session, and a real
# burn afterwards works
if emu_new tw cdr80 capacity_sectors=30000; then
	cdrskin -v dev="$SR" -tao -multi "$ISO" > "$TMP/log" 2>&1
	toc1=$(cat "$(emu_dir tw)/toc")
	cdrskin -v dev="$SR" -dummy -tao -multi "$ISO" > "$TMP/log" 2>&1
	rc=$?
	check "cdrskin -dummy on an appendable disc completes" [ $rc = 0 ]
	check "the appendable disc is unchanged" [ "$(cat "$(emu_dir tw)/toc")" = "$toc1" ]
	cdrskin -v dev="$SR" -tao "$ISO" > "$TMP/log" 2>&1
	check "a real second session follows" \
		grep -q '^sessions 2$' "$(emu_dir tw)/toc"
	sed 's/^/# /' "$(emu_dir tw)/toc"
else
	for c in 1 2 3; do not_ok "appendable disc $c"; done
fi
emu_del tw
done_testing
