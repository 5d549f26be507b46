#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Test Write (page 05): a simulated burn goes through every WRITE, is
# counted in stats, but leaves the disc as it was - blank, or with its
# previous sessions - as a real drive's simulation does.
. "$(dirname "$0")/lib.bash"

# name|command ($SR and $ISO are expanded at run time)
WRITERS=(
	'cdrskin -dummy -tao|cdrskin -v dev=$SR -dummy -tao $ISO'
	'cdrskin -dummy -sao|cdrskin -v dev=$SR -dummy -sao $ISO'
	'wodim -dummy -tao|wodim -v dev=$SR gracetime=2 -dummy -tao $ISO'
	'wodim -dummy -dao|wodim -v dev=$SR gracetime=2 -dummy -dao $ISO'
	'wodim -dummy -raw96r|wodim -v dev=$SR gracetime=2 -dummy -raw96r $ISO'
)

t_plan $(( ${#WRITERS[@]} * 4 + 3 ))
emu_load
mkiso tw 512
for w in "${WRITERS[@]}"; do
	name=${w%%|*}
	cmd=${w#*|}
	if ! emu_new tw cdr80 capacity_sectors=30000; then
		for c in runs writes blank stores; do t_fail "$name: $c"; done
		emu_del tw
		continue
	fi
	eval "timeout 300 $cmd" > "$EMU_TMP/log" 2>&1
	rc=$?
	[ $rc = 0 ] || { t_log "$name exit $rc"; sed 's/^/# /' "$EMU_TMP/log" | tail -20; }
	t_check "$name completes" [ $rc = 0 ]
	sed 's/^/# /' "$EMU_CFS/tw/toc"
	t_check "$name: stats count the writes" [ "$(emu_stat tw sectors_written)" -ge 256 ]
	t_check "$name: the disc stays blank" \
		[ "$(awk '$1 == "status" { print $2 }' "$EMU_CFS/tw/toc")" = blank ]
	t_check "$name: nothing was stored, no track or session counted" \
		[ "$(emu_stat tw stored_pages) $(emu_stat tw tracks) $(emu_stat tw sessions)" = "0 0 0" ]
	emu_del tw
done

# A simulation on an appendable disc keeps its first session, and a real
# burn afterwards works
if emu_new tw cdr80 capacity_sectors=30000; then
	cdrskin -v dev="$SR" -tao -multi "$ISO" > "$EMU_TMP/log" 2>&1
	toc1=$(cat "$EMU_CFS/tw/toc")
	cdrskin -v dev="$SR" -dummy -tao -multi "$ISO" > "$EMU_TMP/log" 2>&1
	rc=$?
	t_check "cdrskin -dummy on an appendable disc completes" [ $rc = 0 ]
	t_check "the appendable disc is unchanged" [ "$(cat "$EMU_CFS/tw/toc")" = "$toc1" ]
	cdrskin -v dev="$SR" -tao "$ISO" > "$EMU_TMP/log" 2>&1
	t_check "a real second session follows" \
		grep -q '^sessions 2$' "$EMU_CFS/tw/toc"
	sed 's/^/# /' "$EMU_CFS/tw/toc"
else
	for c in 1 2 3; do t_fail "appendable disc $c"; done
fi
emu_del tw
t_done
