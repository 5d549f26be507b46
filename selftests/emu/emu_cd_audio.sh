#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Audio read-back around a track boundary: cdrdao (generic-mmc) writes a
# 547.5-sector track 1 and, after PREGAP 0:2:0, track 2. cdparanoia rips
# track 1 exactly with full paranoia and with -Z (which reads across the
# boundary into track 2's pregap in large chunks), cdrdao read-toc finds
# the pregap from the Q sub-channel's index 0, and a cdrdao burn with
# CD-TEXT (generic-mmc:0x10) is accepted and rips the same.
. "$(dirname "$0")/lib.bash"

pcm() {
	head -c "$2" /dev/zero |
		openssl enc -aes-128-ctr -nosalt -K "$3" -iv 0 2>/dev/null > "$1"
}

t_plan 9
emu_load
pcm "$EMU_TMP/a1.pcm" $((547 * 2352 + 1176)) 0303
pcm "$EMU_TMP/a2.pcm" $((400 * 2352)) 0404
len1=$(stat -c %s "$EMU_TMP/a1.pcm")

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
AUDIOFILE "$EMU_TMP/a1.pcm" 0

TRACK AUDIO
$([ "$1" = text ] && echo 'CD_TEXT { LANGUAGE 0 { TITLE "two" PERFORMER "emu" } }')
PREGAP 0:2:0
AUDIOFILE "$EMU_TMP/a2.pcm" 0
TOC
}

# track1_exact FILE: the rip starts with track 1's samples, then silence
track1_exact() {
	cmp -n "$len1" "$1" "$EMU_TMP/a1.pcm" &&
		[ -z "$(tail -c +$((len1 + 1)) "$1" | tr -d '\0' | head -c 1)" ]
}

rip() {
	rm -f "$EMU_TMP/$2"
	(cd "$EMU_TMP" && timeout 300 cdparanoia -q -d "$SR" $1 -R 1 "$2" > rip.log 2>&1) ||
		{ t_log "cdparanoia $1 failed"; tail -5 "$EMU_TMP/rip.log" | sed 's/^/# /'; }
}

toc plain > "$EMU_TMP/disc.toc"
emu_new au cdr80 capacity_sectors=30000
timeout 300 cdrdao write --device "$SG" --driver generic-mmc -n "$EMU_TMP/disc.toc" \
	> "$EMU_TMP/log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$EMU_TMP/log" | tail -20
t_check "cdrdao writes 547.5 sectors, a 2 s pregap and a second track" [ $rc = 0 ]
sed 's/^/# /' "$EMU_CFS/au/toc"
rip "" full.raw
t_check "cdparanoia (full paranoia) rips track 1 exactly" track1_exact "$EMU_TMP/full.raw"
rip -Z fast.raw
t_check "cdparanoia -Z rips track 1 exactly" track1_exact "$EMU_TMP/fast.raw"
rm -f "$EMU_TMP/read.toc"
timeout 300 cdrdao read-toc --device "$SG" --driver generic-mmc "$EMU_TMP/read.toc" \
	> "$EMU_TMP/log" 2>&1
t_check "cdrdao read-toc reads the disc" [ $? = 0 ]
grep -vE '^ *(//|$)' "$EMU_TMP/read.toc" 2>/dev/null | sed 's/^/#   /' | head -30
t_check "cdrdao read-toc finds track 2's 2 s pregap" \
	grep -qE 'START 00:02:00|PREGAP 00:02:00' "$EMU_TMP/read.toc"
t_check "cdrdao read-toc gives track 1 its 548 sectors" \
	grep -qE 'FILE "[^"]*" 0 00:07:23' "$EMU_TMP/read.toc"
emu_del au

toc text > "$EMU_TMP/text.toc"
emu_new au cdr80 capacity_sectors=30000
timeout 300 cdrdao write --device "$SG" --driver generic-mmc:0x10 -n "$EMU_TMP/text.toc" \
	> "$EMU_TMP/log" 2>&1
rc=$?
[ $rc = 0 ] || sed 's/^/# /' "$EMU_TMP/log" | tail -20
t_check "cdrdao writes CD-TEXT into the lead-in" [ $rc = 0 ]
t_check "the CD-TEXT burn leaves track 1 and 2" \
	[ "$(grep -c '^track' "$EMU_CFS/au/toc")" = 2 ]
rip -Z text.raw
t_check "cdparanoia -Z rips the CD-TEXT disc's track 1 exactly" track1_exact "$EMU_TMP/text.raw"
emu_del au
t_done
