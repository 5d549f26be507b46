#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Multisession append, read back through the kernel: a first session,
# the tool's -msinfo, genisoimage -C/-M for the second session at that
# address, the second burn, then mount must show the files of both
# sessions, byte for byte. CD with cdrskin and with wodim (TAO -multi),
# DVD+R and BD-R with growisofs -Z / -M. Each case runs TEST_MS_LOOPS
# times (default 5): the BD-R case was seen to return wrong data in one
# run out of three. TEST_MS_CASES picks cases (default "cdrskin wodim
# dvdplusr bdr").
#
# DISCBURN_LOOPS=N (default 1) repeats all of it N times, for a long lane:
# every case then runs TEST_MS_LOOPS * N times, numbered #1 and up
# in its TAP names, and the plan counts them all (DISCBURN_LOOPS=2 is 10
# runs of each case, 160 results).
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

LOOPS=$(( ${TEST_MS_LOOPS:-5} * ${DISCBURN_LOOPS:-1} ))
read -r -a CASES <<<"${TEST_MS_CASES:-cdrskin wodim dvdplusr bdr}"
plan $(( ${#CASES[@]} * LOOPS * 4 ))
emu_load

# tree TAG KIB: random files under $TMP/TAG (names unique per TAG)
tree() {
	local d=$TMP/$1
	rm -rf "$d"
	mkdir -p "$d/$1.dir"
	head -c $(($2 * 1024 * 3 / 4)) /dev/urandom > "$d/$1.big"
	head -c $(($2 * 1024 / 4)) /dev/urandom > "$d/$1.dir/small"
	echo "$1" > "$d/$1.dir/name.txt"
}

# both_sessions: mount shows the files of session 1 ($TMP/s1) and 2 ($TMP/s2)
both_sessions() {
	local mnt=$TMP/mnt rc=0
	mkdir -p "$mnt"
	mount -t iso9660 -o ro "$SR" "$mnt" || return 1
	diff -r "$TMP/s1/s1.dir" "$mnt/s1.dir" && cmp "$TMP/s1/s1.big" "$mnt/s1.big" &&
		diff -r "$TMP/s2/s2.dir" "$mnt/s2.dir" &&
		cmp "$TMP/s2/s2.big" "$mnt/s2.big" || rc=1
	umount "$mnt"
	return $rc
}

run() { timeout 300 "$@" >> "$TMP/log" 2>&1; }

for c in "${CASES[@]}"; do
	for i in $(seq "$LOOPS"); do
		name="$c multisession #$i"
		: > "$TMP/log"
		tree s1 600
		tree s2 300
		medium=$c
		[ $c = cdrskin ] || [ $c = wodim ] && medium=cdr80
		genisoimage -quiet -R -J -o "$TMP/s1.iso" "$TMP/s1"
		emu_new ms $medium capacity_sectors=100000 || { not_ok "$name: power on"; continue; }
		case $c in
		cdrskin)
			run cdrskin -v dev="$SR" -tao -multi "$TMP/s1.iso"
			rc1=$?
			msinfo=$(cdrskin dev="$SR" -msinfo 2>/dev/null) ;;
		wodim)
			run wodim -v dev="$SR" gracetime=2 -tao -multi "$TMP/s1.iso"
			rc1=$?
			msinfo=$(wodim dev="$SR" -msinfo 2>/dev/null) ;;
		*)
			run growisofs -Z "$SR=$TMP/s1.iso"
			rc1=$?
			msinfo=- ;;
		esac
		check "$name: session 1 burns" [ $rc1 = 0 ]
		diag "msinfo $msinfo"
		case $c in
		cdrskin|wodim)
			genisoimage -quiet -R -J -C "$msinfo" -M "$SR" -o "$TMP/s2.iso" \
				"$TMP/s2" >> "$TMP/log" 2>&1
			check "$name: genisoimage -C $msinfo -M builds session 2" [ $? = 0 ]
			if [ $c = cdrskin ]; then
				run cdrskin -v dev="$SR" -tao "$TMP/s2.iso"
			else
				run wodim -v dev="$SR" gracetime=2 -tao "$TMP/s2.iso"
			fi ;;
		*)
			ok "$name: growisofs -M needs no msinfo"
			run growisofs -M "$SR" -R -J "$TMP/s2" ;;
		esac
		rc2=$?
		check "$name: session 2 burns" [ $rc2 = 0 ]
		sed 's/^/# /' "$(emu_dir ms)/toc"
		check "$name: mount sees the files of both sessions" both_sessions
		[ $rc1 = 0 ] && [ $rc2 = 0 ] || tail -25 "$TMP/log" | sed 's/^/# /'
		emu_del ms
	done
done
done_testing
