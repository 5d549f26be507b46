#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Audio read-back around a track boundary: cdrdao (generic-mmc) writes a
# 547.5-sector track 1 and, after PREGAP 0:2:0, track 2. cdparanoia rips
# track 1 exactly with full paranoia and with -Z (which reads across the
# boundary into track 2's pregap in large chunks), cdrdao read-toc finds
# the pregap from the Q sub-channel's index 0, and a cdrdao burn with
# CD-TEXT (generic-mmc:0x10) is accepted and rips the same.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

pcm() {
	head -c "$2" /dev/zero |
		openssl enc -aes-128-ctr -nosalt -K "$3" -iv 0 2>/dev/null > "$1"
}

plan 9
emu_load
pcm "$TMP/a1.pcm" $((547 * 2352 + 1176)) 0303
pcm "$TMP/a2.pcm" $((400 * 2352)) 0404
len1=$(stat -c %s "$TMP/a1.pcm")

toc() {
	echo CD_DA
	[ "$1" = text ] && cat <<TXT
CD_TEXT {
  LANGUAGE_MAP { 0 : EN }
  LANGUAGE 0 { TITLE "discburn test" PERFORMER "emu" }
}
TXT
	cat <<TOC

TRACK AUDIO
$([ "$1" = text ] && echo 'CD_TEXT { LANGUAGE 0 { TITLE "one" PERFORMER "emu" } }')
AUDIOFILE "$TMP/a1.pcm" 0

TRACK AUDIO
$([ "$1" = text ] && echo 'CD_TEXT { LANGUAGE 0 { TITLE "two" PERFORMER "emu" } }')
PREGAP 0:2:0
AUDIOFILE "$TMP/a2.pcm" 0
TOC
}

# track1_exact FILE: the rip starts with track 1's samples, then silence
track1_exact() {
	cmp -n "$len1" "$1" "$TMP/a1.pcm" &&
		[ -z "$(tail -c +$((len1 + 1)) "$1" | tr -d '\0' | head -c 1)" ]
}

rip() {
	rm -f "$TMP/$2"
	(cd "$TMP" && timeout 300 cdparanoia -q -d "$SR" $1 -R 1 "$2" > rip.log 2>&1) ||
		{ diag "cdparanoia $1 failed"; tail -5 "$TMP/rip.log" | sed 's/^/# /'; }
}

toc plain > "$TMP/disc.toc"
emu_new au cdr80 capacity_sectors=30000
timeout 300 cdrdao write --device "$SG" --driver generic-mmc -n "$TMP/disc.toc" \
	> "$TMP/log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$TMP/log" | tail -20
check "cdrdao writes 547.5 sectors, a 2 s pregap and a second track" [ $rc = 0 ]
sed 's/^/# /' "$(emu_dir au)/toc"
rip "" full.raw
check "cdparanoia (full paranoia) rips track 1 exactly" track1_exact "$TMP/full.raw"
rip -Z fast.raw
check "cdparanoia -Z rips track 1 exactly" track1_exact "$TMP/fast.raw"
rm -f "$TMP/read.toc"
timeout 300 cdrdao read-toc --device "$SG" --driver generic-mmc "$TMP/read.toc" \
	> "$TMP/log" 2>&1
check "cdrdao read-toc reads the disc" [ $? = 0 ]
grep -vE '^ *(//|$)' "$TMP/read.toc" 2>/dev/null | sed 's/^/#   /' | head -30
check "cdrdao read-toc finds track 2's 2 s pregap" \
	grep -qE 'START 00:02:00|PREGAP 00:02:00' "$TMP/read.toc"
check "cdrdao read-toc gives track 1 its 548 sectors" \
	grep -qE 'FILE "[^"]*" 0 00:07:23' "$TMP/read.toc"
emu_del au

toc text > "$TMP/text.toc"
emu_new au cdr80 capacity_sectors=30000
timeout 300 cdrdao write --device "$SG" --driver generic-mmc:0x10 -n "$TMP/text.toc" \
	> "$TMP/log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$TMP/log" | tail -20
check "cdrdao writes CD-TEXT into the lead-in" [ $rc = 0 ]
check "the CD-TEXT burn leaves track 1 and 2" \
	[ "$(grep -c '^track' "$(emu_dir au)/toc")" = 2 ]
rip -Z text.raw
check "cdparanoia -Z rips the CD-TEXT disc's track 1 exactly" track1_exact "$TMP/text.raw"
emu_del au
done_testing
