#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A drive refuses a malformed RAW session as a real recorder does, and the
# emulator must too: a lead-in whose Q frames all fail their CRC holds no
# TOC, so SYNCHRONIZE CACHE ends in 03/72/01 (session fixation error) and
# the disc stays blank; a first RAW WRITE outside the lead-in, or one that
# leaves a hole, gets 05/21/02 (invalid address for write). The streams
# are valid ones from `discburn rawimage` with the lead-in's Q CRCs
# broken, written with `discburn rawburn` (pq and cooked sector types);
# the bad addresses go in by sg_raw after a MODE SELECT of page 05 RAW.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

B=$DISCBURN_TOP/build/bin/discburn
LEADIN=22650		# rawimage's default: the stream starts at 95:00:00

plan 16
emu_load
[ -x "$B" ] || { echo "Bail out! $B not built"; exit 1; }

# two short WAVs, 5 s and 4 s
python3 - "$TMP" <<'PY'
import math, struct, sys
def wav(name, secs):
    pcm = b''.join(struct.pack('<hh', int(9000 * math.sin(i / 7)), i & 0x7fff)
                   for i in range(44100 * secs))
    fmt = struct.pack('<HHIIHH', 1, 2, 44100, 44100 * 4, 4, 16)
    with open(sys.argv[1] + '/' + name, 'wb') as f:
        f.write(b'RIFF' + struct.pack('<I', 36 + len(pcm)) + b'WAVEfmt ' +
                struct.pack('<I', 16) + fmt + b'data' + struct.pack('<I', len(pcm)) + pcm)
wav('a.wav', 5)
wav('b.wav', 4)
PY

# break_leadin FILE SECTOR_BYTES: flip one bit of the Q CRC of every sector
# before LBA -150 (the first LEADIN-150 sectors of the stream)
break_leadin() {
	python3 - "$1" "$2" $((LEADIN - 150)) <<'PY'
import sys
path, size, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, 'r+b') as f:
    buf = bytearray(f.read(size * n))
    for s in range(n):
        if size == 2368:
            buf[s * size + 2352 + 10] ^= 0x55	# 16-byte P-Q: Q CRC high byte
        else:
            buf[s * size + 2352 + 80] ^= 0x40	# P-W: bit 6 of byte 80 = Q CRC bit 15
    f.seek(0)
    f.write(buf)
PY
}

# refused RC OUT ERR: exit 1, a message on stderr, and --json's result a
# failure HRESULT (printed unsigned) on a disc still blank
refused() {
	[ "$1" = 1 ] && [ -s "$3" ] &&
		tail -1 "$2" | python3 -c '
import json, sys
r = json.load(sys.stdin)
sys.exit(not (r["event"] == "result" and r["status"] >= 0x80000000 and
              r["disc_state"] == "blank"))'
}

media_field() {
	"$B" media "$1" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$2"
}

for t in pq cooked; do
	[ $t = pq ] && size=2368 || size=2448
	img=$TMP/$t.raw
	"$B" rawimage "$img" "$TMP/a.wav" "$TMP/b.wav" --sector-type $t > /dev/null 2>&1 &&
		break_leadin "$img" $size
	check "$t: rawimage builds a stream, its lead-in Q CRCs broken" \
		[ "$(stat -c %s "$img" 2>/dev/null)" = $(((LEADIN + 825 + 6750) * size)) ]
	if ! emu_new cd cdr80; then
		for c in refused sense blank tracks state; do not_ok "$t: $c"; done
		emu_del cd
		continue
	fi
	timeout 300 "$B" rawburn "$SR" "$img" --sector-type $t --json > "$TMP/out" 2> "$TMP/err"
	rc=$?
	sed 's/^/# /' "$TMP/err"
	tail -1 "$TMP/out" | sed 's/^/# /'
	check "$t: rawburn fails (exit 1) with a message and a failure status" \
		refused $rc "$TMP/out" "$TMP/err"
	check "$t: the drive answered 03/72/01 (last_sense $(emu_stat cd last_sense))" \
		[ "$(emu_stat cd last_sense)" = 3/72/01 ]
	check "$t: the disc is still blank ($(media_field "$SR" disc_status))" \
		[ "$(media_field "$SR" disc_status)" = blank ]
	check "$t: no track was recorded" [ "$(emu_stat cd tracks)" = 0 ]
	check "$t: the recorder is free again" \
		sh -c "'$B' owner '$SR' --json | python3 -c 'import json,sys; sys.exit(json.load(sys.stdin)[\"owner\"] is not None)'"
	emu_del cd
done

if emu_new cd cdr80; then
	# MODE SELECT(10): page 05, write type RAW, data block type 2 (2448 bytes)
	python3 -c 'import sys; p = bytearray(60); p[8:13] = bytes([5, 0x32, 3, 0, 2]); sys.stdout.buffer.write(p)' > "$TMP/page5"
	head -c 2448 /dev/zero > "$TMP/blk"
	sg_raw -s 60 -i "$TMP/page5" "$SG" 55 10 00 00 00 00 00 00 3c 00 2>/dev/null
	check "MODE SELECT page 05 RAW block type 2" [ $? = 0 ]
	sg_raw -s 2448 -i "$TMP/blk" "$SG" 2a 00 00 00 00 00 00 00 01 00 > /dev/null 2>&1
	check "a first RAW WRITE at LBA 0 (not the lead-in) gets 05/21/02 ($(emu_stat cd last_sense))" \
		[ "$(emu_stat cd last_sense)" = 5/21/02 ]
	start=$(media_field "$SR" start_of_next_session)
	diag "lead-in start $start"
	be=$(printf '%08x' $(((start + 4294967296) % 4294967296)) | sed 's/../& /g')
	sg_raw -s 2448 -i "$TMP/blk" "$SG" 2a 00 $be 00 00 01 00 > /dev/null 2>&1
	ok1=$?
	be=$(printf '%08x' $(((start + 2 + 4294967296) % 4294967296)) | sed 's/../& /g')
	sg_raw -s 2448 -i "$TMP/blk" "$SG" 2a 00 $be 00 00 01 00 > /dev/null 2>&1
	check "a RAW WRITE at the lead-in start is taken, one that skips a sector gets 05/21/02 ($(emu_stat cd last_sense))" \
		sh -c "[ $ok1 = 0 ] && [ '$(emu_stat cd last_sense)' = 5/21/02 ]"
	sg_raw "$SG" 35 00 00 00 00 00 00 00 00 00 > /dev/null 2>&1
	check "SYNCHRONIZE CACHE of that one-sector lead-in: 03/72/01, disc blank ($(emu_stat cd last_sense))" \
		sh -c "[ '$(emu_stat cd last_sense)' = 3/72/01 ] && [ '$(media_field "$SR" disc_status)' = blank ]"
else
	for c in 1 2 3 4; do not_ok "sg_raw drive $c"; done
fi
emu_del cd
done_testing
