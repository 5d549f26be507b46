#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `discburn audio`, `rawimage` and `rawburn` against fresh emulated CD-Rs,
# real tools as the judges: for each sector type (pq, cooked, raw) an
# audio CD burnt from two WAVs rips back bit-exact with cdparanoia (the
# program area: track 1, two seconds of silence, track 2); cd-info lists
# the two audio tracks where we put them, the MCN and CD-TEXT; cdrdao
# read-toc gives back our tracks, pregap, ISRC and MCN; --json progress
# parses and ends with the result. A stream built by rawimage and burnt by
# rawburn gives the same disc; a Mode 1 data track written raw mounts and
# reads back identical; cdrdao's own raw writer (generic-mmc-raw) burning
# the same WAVs gives the same TOC and audio as ours. Ctrl-C and kill -9
# of a raw burn leave the drive unlocked; a WAV of another format and a
# bad option are refused. A missing tool is a failure, not a pass.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

B=$DISCBURN_BIN
EMU_RECORDER=1
MCN=4006381333931
ISRC1=USRC17607839
ISRC2=FIBAR9900312

[ -x "$B" ] || skip_all "build/bin/discburn not built"
[ -d "$EMU_CFS" ] || skip_all "discburn_emu not loaded"
[ -d /sys/class/discburn ] || skip_all "discburn.ko not loaded"

# plug [KNOB=VALUE...]: a fresh blank CD-R; sets SR, SG and DEV
plug() { emu_del cd; emu_new cd cdr80 "$@"; }

# Two WAVs of whole sectors (5 s and 6 s), and the program area they make
# with two seconds of silence between them: what cdparanoia must rip.
python3 - "$TMP" <<'PY'
import math, struct, sys
d = sys.argv[1]
def pcm(secs, f):
    n = int(44100 * secs)
    return b''.join(struct.pack('<hh', int(9000 * math.sin(2 * math.pi * f * i / 44100)),
                                int(7000 * math.sin(2 * math.pi * f * 1.25 * i / 44100)))
                    for i in range(n))
def wav(name, data, rate=44100, ch=2, bits=16):
    h = b'RIFF' + struct.pack('<I', 36 + len(data)) + b'WAVEfmt ' + \
        struct.pack('<IHHIIHH', 16, 1, ch, rate, rate * ch * bits // 8, ch * bits // 8, bits) + \
        b'data' + struct.pack('<I', len(data))
    open(d + '/' + name, 'wb').write(h + data)
a, b = pcm(5, 440), pcm(6, 660)
wav('a.wav', a)
wav('b.wav', b)
open(d + '/expected.pcm', 'wb').write(a + bytes(150 * 2352) + b)
wav('mono.wav', pcm(1, 440)[:44100 * 2], ch=1)
PY

# rip FILE: the whole program area, raw little-endian PCM
rip() { (cd "$TMP" && timeout 300 cdparanoia -q -Z -d "$SR" -r "1-" "$1") > "$TMP/rip.log" 2>&1; }

# json_ok FILE: progress lines in order, the result last with status 0
json_ok() {
	python3 - "$1" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
*prog, res = lines
assert res["event"] == "result" and res["status"] == 0, res
assert len(res["tracks"]) == 2 and res["tracks"][1]["start_lba"] == 525, res
assert prog and all(p["event"] == "progress" and p["format"] == "raw" for p in prog), prog
for a, b in zip(prog, prog[1:]):
    assert b["last_written_lba"] >= a["last_written_lba"], (a, b)
assert prog[-1]["state"] == "done" and prog[-1]["result"] == 0, prog[-1]
assert any(p["action"] == "writing" for p in prog), prog
PY
}

# (its CD-TEXT is printed in the analysis report, so no --no-analyze)
cdinfo() { cd-info --no-device-info --no-cddb "$SR" 2>&1; }
# the track list: "N LSN type" per track, the lead-out as 170
cdinfo_tracks() { awk '/^ *[0-9]+: [0-9:]+ +[0-9]+ +(audio|data|leadout)/ { sub(":", "", $1); printf "%s %d %s\n", $1, $3, $4 }'; }

plan 44

for t in pq cooked raw; do
	cdtext=()
	[ $t != pq ] && cdtext=(--cdtext "title=Raw Test,performer=Discburn" --cdtext "1:title=One"
				--cdtext "2:title=Two")
	if ! plug; then
		for c in burn json rip tracks mcn cdtext toc; do not_ok "$t: $c (no drive)"; done
		continue
	fi
	timeout 300 "$B" audio "$DEV" "$TMP/a.wav" "$TMP/b.wav" --sector-type $t \
		--mcn $MCN --isrc $ISRC1 --isrc 2=$ISRC2 "${cdtext[@]}" --json \
		> "$TMP/out.json" 2> "$TMP/err.log"
	rc=$?
	check "audio --sector-type $t burns two WAVs" [ $rc = 0 ] || sed 's/^/# /' "$TMP/err.log"
	check "$t: --json progress parses and ends with the result" json_ok "$TMP/out.json"
	rip back.pcm
	check "$t: cdparanoia rips the program area bit-exact" cmp "$TMP/expected.pcm" "$TMP/back.pcm"
	info=$(cdinfo)
	tracks=$(cdinfo_tracks <<<"$info" | tr '\n' ';')
	echo "# cd-info tracks: $tracks"
	check "$t: cd-info lists two audio tracks at 0 and 525, lead-out at 975" \
		[ "$tracks" = "1 0 audio;2 525 audio;170 975 leadout;" ] \
		|| echo "# cd-info: $tracks"
	check "$t: cd-info shows the MCN (READ SUB-CHANNEL format 2)" \
		grep -q "Media Catalog Number (MCN): $MCN" <<<"$info"
	if [ $t = pq ]; then
		check "$t: cd-info's analysis finds no CD-TEXT (none fits 16-byte P-Q)" \
			eval 'grep -q "CD Analysis Report" <<<"$info" && ! grep -q "CD-TEXT for" <<<"$info"'
	else
		check "$t: cd-info shows the CD-TEXT (READ TOC format 5)" \
			eval 'grep -A2 "CD-TEXT for Disc" <<<"$info" | grep -q "TITLE: Raw Test" &&
			      grep -A1 "CD-TEXT for Track  2" <<<"$info" | grep -q "TITLE: Two"'
	fi
	rm -f "$TMP/disc.toc"
	timeout 300 cdrdao read-toc --device "$SG" "$TMP/disc.toc" > "$TMP/rt.log" 2>&1
	check "$t: cdrdao read-toc gives back the tracks, track 2's pregap and the ISRCs" \
		python3 - "$TMP/disc.toc" <<PY
import re, sys
toc = open(sys.argv[1]).read()
assert toc.count("TRACK AUDIO") == 2, toc
assert 'ISRC "$ISRC1"' in toc and 'ISRC "$ISRC2"' in toc, "ISRC: " + toc
t1, t2 = toc.split("TRACK AUDIO")[1:]
assert "00:05:00" in t1, "track 1 is not 5 s: " + t1
assert re.search(r"START 00:02:00", t2), "pregap of track 2: " + t2
PY
	check "$t: cdrdao read-toc gives back the MCN (CATALOG)" grep -q "CATALOG \"$MCN\"" "$TMP/disc.toc"
done

# rawimage then rawburn: the same disc
if plug; then
	"$B" rawimage "$TMP/s.raw" "$TMP/a.wav" "$TMP/b.wav" --sector-type raw --mcn $MCN \
		--json > "$TMP/img.json" 2> "$TMP/err.log"
	rc=$?
	check "rawimage builds the stream" [ $rc = 0 ] || sed 's/^/# /' "$TMP/err.log"
	check "rawimage: the stream is whole 2448-byte sectors from 95:00:00 to the lead-out's end" \
		[ "$(stat -c %s "$TMP/s.raw")" = $(( (22650 + 975 + 6750) * 2448 )) ]
	check "rawburn writes it" timeout 300 "$B" rawburn "$DEV" "$TMP/s.raw" --sector-type raw
	rip back2.pcm
	check "rawburn: cdparanoia rips it bit-exact" cmp "$TMP/expected.pcm" "$TMP/back2.pcm"
	check "rawburn: the same TOC as audio's" \
		[ "$(cdinfo | cdinfo_tracks | tr '\n' ';')" = "1 0 audio;2 525 audio;170 975 leadout;" ]
	check_fail "rawburn on the written disc fails (not blank)" \
		"$B" rawburn "$DEV" "$TMP/s.raw" --sector-type raw
else
	for c in 1 2 3 4 5 6; do not_ok "rawimage/rawburn $c (no drive)"; done
fi

# a Mode 1 data track written raw
mkdir -p "$TMP/tree/sub" "$TMP/mnt"
head -c 300000 /dev/urandom > "$TMP/tree/one.bin"
seq 1 20000 > "$TMP/tree/sub/two.txt"
if genisoimage -quiet -R -J -o "$TMP/data.iso" "$TMP/tree" 2>/dev/null && plug; then
	check "rawimage: a Mode 1 data track" "$B" rawimage "$TMP/d.raw" "mode1:$TMP/data.iso"
	check "rawburn: the data session" timeout 300 "$B" rawburn "$DEV" "$TMP/d.raw"
	n=$(( $(stat -c %s "$TMP/data.iso") / 2048 ))
	dd if="$SR" iflag=direct bs=2048 count=$n of="$TMP/back.iso" status=none
	check "data track: dd reads back the image identical" cmp "$TMP/data.iso" "$TMP/back.iso"
	if mount -t iso9660 -o ro "$SR" "$TMP/mnt" 2>/dev/null; then
		check "data track: mount shows every file identical" diff -r "$TMP/tree" "$TMP/mnt"
		umount "$TMP/mnt"
	else
		not_ok "data track: mount"
	fi
	check "data track: cd-info lists one data track" \
		[ "$(cdinfo | cdinfo_tracks | head -1)" = "1 0 data" ]
else
	for c in 1 2 3 4 5; do not_ok "data track $c (no genisoimage or drive)"; done
fi

# cdrdao's raw writer and ours: the same TOC and audio
cat > "$TMP/wav.toc" <<TOC
CD_DA
CATALOG "$MCN"
TRACK AUDIO
ISRC "$ISRC1"
AUDIOFILE "$TMP/a.wav" 0
TRACK AUDIO
ISRC "$ISRC2"
PREGAP 0:2:0
AUDIOFILE "$TMP/b.wav" 0
TOC
if plug; then
	timeout 300 cdrdao write --device "$SG" --driver generic-mmc-raw -n "$TMP/wav.toc" \
		> "$TMP/cdrdao.log" 2>&1
	rc=$?
	[ $rc = 0 ] || tail -15 "$TMP/cdrdao.log" | sed 's/^/# /'
	check "cdrdao generic-mmc-raw burns the same WAVs" [ $rc = 0 ]
	rip theirs.pcm
	check "cdrdao's disc rips the same audio as ours" cmp "$TMP/expected.pcm" "$TMP/theirs.pcm"
	check "cdrdao's disc has the same TOC as ours" \
		[ "$(cdinfo | cdinfo_tracks | tr '\n' ';')" = "1 0 audio;2 525 audio;170 975 leadout;" ]
else
	for c in 1 2 3; do not_ok "cdrdao raw $c (no drive)"; done
fi

# Ctrl-C and kill -9 of a raw burn: the drive is unlocked afterwards
owner_free() { "$B" owner "$DEV" --json | python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)["owner"] is not None)'; }
if plug write_speed=4; then
	"$B" audio "$DEV" "$TMP/a.wav" "$TMP/b.wav" > "$TMP/int.log" 2>&1 &
	pid=$!
	sleep 4
	kill -INT $pid
	wait $pid
	rc=$?
	check "Ctrl-C cancels the burn: exit 7" [ $rc = 7 ] || tail -5 "$TMP/int.log" | sed 's/^/# /'
	check "Ctrl-C: the message says cancelled" grep -q "cancelled" "$TMP/int.log"
	check "Ctrl-C: the drive is unlocked" owner_free
else
	for c in 1 2 3; do not_ok "Ctrl-C $c (no drive)"; done
fi
if plug write_speed=4; then
	"$B" audio "$DEV" "$TMP/a.wav" "$TMP/b.wav" > /dev/null 2>&1 &
	pid=$!
	sleep 4
	kill -9 $pid
	wait $pid 2>/dev/null
	for _ in $(seq 100); do owner_free && break; sleep 0.1; done
	check "kill -9 of a raw burn: the drive is unlocked" owner_free
else
	not_ok "kill -9 (no drive)"
fi

# refusals
plug
"$B" audio "$DEV" "$TMP/mono.wav" > "$TMP/mono.log" 2>&1
rc=$?
check "a mono WAV is refused, and the message says what a CD needs" \
	[ $rc = 1 ] && grep -q "44100 Hz, 2 channels, 16 bits" "$TMP/mono.log"
"$B" audio "$DEV" "$TMP/a.wav" --sector-type bogus > /dev/null 2>&1
check "a bad --sector-type is a usage error (exit 2)" [ $? = 2 ]
emu_del cd
done_testing
