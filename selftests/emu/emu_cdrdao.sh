#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# cdrdao burns a mixed disc (two audio tracks from generated PCM and one
# MODE1 data track) to an emulated CD-R in SAO; cdparanoia rips the audio
# bit-exact and cd-info shows the three tracks with their types.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

# pcm FILE BLOCKS SEED: BLOCKS x 2352 bytes of a deterministic non-silent
# pattern (AES-CTR keystream of a fixed key), big-endian as cdrdao expects
pcm() {
	head -c $(($2 * 2352)) /dev/zero |
		openssl enc -aes-128-ctr -nosalt -K "$3" -iv 0 2>/dev/null > "$1"
}

# rip -R|-r TRACK FILE: cdparanoia, big- or little-endian raw samples
rip() {
	(cd "$TMP" && cdparanoia -q -d "$SR" "$1" "$2" "$3" > rip.log 2>&1) ||
		{ diag "cdparanoia $* failed"; tail -5 "$TMP/rip.log" | sed 's/^/# /'; }
}

DRIVERS=(generic-mmc generic-mmc-raw)
plan $(( ${#DRIVERS[@]} * 7 ))
emu_load
mkiso data 300
pcm "$TMP/a1.pcm" 400 0101
pcm "$TMP/a2.pcm" 350 0202
cat > "$TMP/disc.toc" <<TOC
CD_ROM

TRACK AUDIO
AUDIOFILE "$TMP/a1.pcm" 0

TRACK AUDIO
AUDIOFILE "$TMP/a2.pcm" 0

TRACK MODE1
DATAFILE "$ISO"
TOC

for drv in "${DRIVERS[@]}"; do
	if ! emu_new cd cdr80 capacity_sectors=30000; then
		for c in burns rip1 rip2 order cd-info isoinfo dd; do not_ok "$drv: $c"; done
		emu_del cd
		continue
	fi
	timeout 300 cdrdao write --device "$SG" --driver "$drv" -n "$TMP/disc.toc" \
		> "$TMP/log" 2>&1
	rc=$?
	[ $rc = 0 ] || { diag "cdrdao exit $rc"; sed 's/^/# /' "$TMP/log" | tail -30; }
	check "cdrdao $drv burns two audio tracks and a data track" [ $rc = 0 ]
	sed 's/^/# /' "$(emu_dir cd)/toc"
	cd-info --no-device-info --no-analyze "$SR" 2>&1 | grep -E '^ *[0-9]+: ' | sed 's/^/# /'
	for n in 1 2; do
		rip -R "$n" "rip$n.raw"
		check "$drv: cdparanoia rips track $n bit-exact" \
			cmp "$TMP/a$n.pcm" "$TMP/rip$n.raw"
	done
	# cdrdao's raw samples are big-endian, CD-DA on disc little-endian
	rip -r 1 rip1.le
	dd if="$TMP/a1.pcm" conv=swab status=none of="$TMP/a1.le"
	check "$drv: the disc holds little-endian samples" cmp "$TMP/a1.le" "$TMP/rip1.le"
	info=$(cd-info --no-device-info --no-analyze "$SR" 2>/dev/null)
	check "$drv: cd-info shows audio, audio, data" \
		[ "$(echo "$info" | awk '/^ *[0-9]+: [0-9:]+ +[0-9]+ +(audio|data)/ { printf "%s ", $4 }')" = "audio audio data " ]
	start=$(awk '$1 == "track" && $2 == 3 { print $6 }' "$(emu_dir cd)/toc")
	dd if="$SR" bs=2048 skip="${start:-0}" count=$(( $(stat -c %s "$ISO") / 2048 )) \
		status=none of="$TMP/track3.iso"
	check "$drv: dd of track 3 equals the image" cmp -s "$TMP/track3.iso" "$ISO"
	check "$drv: isoinfo reads the data track" isoinfo_ok "$TMP/track3.iso"
	emu_del cd
done
done_testing
