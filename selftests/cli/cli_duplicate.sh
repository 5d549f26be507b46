#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `discburn burn DEV1 DEV2 ... IMAGE|-` duplicates: one image burnt to
# several fresh emulated DVD+R drives at once, from a file and from
# standard input, every disc read back byte-identical with dd and cmp;
# --json progress objects name their "device" and each drive gets its own
# result object; a drive unplugged (power=0) in the middle of the burn
# fails alone with DEVICE_NOT_CONNECTED (exit status 3) while the other's
# disc reads back identical; the same drive twice (by one name or two),
# too many drives, no image, two images and a drive that does not exist
# are refused before any disc is touched. A missing tool is a failure, not a pass.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

B=$DISCBURN_BIN
EMU_RECORDER=1
BG=
declare -A SRK DEVK

[ -x "$B" ] || skip_all "build/bin/discburn not built"
[ -d "$EMU_CFS" ] || skip_all "discburn_emu not loaded"
[ -d /sys/class/discburn ] || skip_all "discburn.ko not loaded"

# plug K MEDIUM [KNOB=VALUE...]: a fresh drive number K; sets SRK[K] and DEVK[K]
plug() {
	local k=$1
	shift
	emu_del "d$k"
	emu_new "d$k" "$@" || return 1
	SRK[$k]=$SR
	DEVK[$k]=$DEV
}
unplug() { emu_del "d$1"; }
unplug_all() { local k; for k in 1 2 3; do unplug $k; done; }

# readback K: drive K's disc from sector 0 equals the image, read with dd
readback() {
	local n=$(( $(stat -c %s "$TMP/img") / 2048 ))
	dd if="${SRK[$1]}" iflag=direct bs=2048 count="$n" of="$TMP/back$1" 2>/dev/null &&
		cmp "$TMP/img" "$TMP/back$1"
}

# disc K: what discburn media says of drive K's disc (blank, appendable, complete)
disc() { "$B" media "${DEVK[$1]}" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["disc_status"])'; }
is_blank() { [ "$(disc "$1")" = blank ]; }

# json_results FILE DEV=STATUS_NAME...: progress of every DEV, one result per DEV
json_results() {
	python3 - "$@" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
want = dict(a.split("=", 1) for a in sys.argv[2:])
results = [l for l in lines if l["event"] == "result"]
prog = [l for l in lines if l["event"] == "progress"]
assert sorted(r["device"] for r in results) == sorted(want), results
for r in results:
    name = want[r["device"]]
    assert (r["status"] == 0) if name == "0" else (r["status_name"] == name), r
for dev in want:
    mine = [p for p in prog if p["device"] == dev]
    assert mine, "no progress for %s" % dev
    assert mine[-1]["state"] == "done", mine[-1]
    if want[dev] == "0":
        assert any(p["action"] == "writing" for p in mine), dev
        assert mine[-1]["percent"] == 100.0, mine[-1]
    for a, b in zip(mine, mine[1:]):
        assert b["last_written_lba"] >= a["last_written_lba"], (a, b)
# results come after the progress they end
assert lines[-len(results):] == results, lines[-3:]
PY
}

plan 23

for t in python3 dd cmp; do
	if command -v "$t" >/dev/null; then ok "tool $t is installed"; else not_ok "tool $t is installed (make deps)"; fi
done
# 8 MiB of whole sectors
head -c $((4096 * 2048)) /dev/urandom > "$TMP/img"

# ---- two DVD+R drives from a file ----
plug 1 dvdplusr && plug 2 dvdplusr || not_ok "two emulated DVD+R drives"
"$B" burn "${DEVK[1]}" "${DEVK[2]}" "$TMP/img" --json > "$TMP/out" 2> "$TMP/err"; rc=$?
if [ $rc = 0 ]; then ok "burn DEV1 DEV2 IMAGE exits 0"; else not_ok "burn DEV1 DEV2 IMAGE exits 0 (rc $rc)"; sed 's/^/#   /' "$TMP/err"; fi
check "--json: progress of each device, then one result per device" \
	json_results "$TMP/out" "${DEVK[1]}=0" "${DEVK[2]}=0"
check "drive 1: dd reads the image back byte-identical" readback 1
check "drive 2: dd reads the image back byte-identical" readback 2
both_complete() { [ "$(disc 1)" = complete ] && [ "$(disc 2)" = complete ]; }
check "both discs are complete (DVD+R, closed for players)" both_complete

# ---- the same from a pipe on standard input, with the words of a log ----
plug 1 dvdplusr && plug 2 dvdplusr || not_ok "two fresh DVD+R drives"
cat "$TMP/img" | "$B" burn "${DEVK[1]}" "${DEVK[2]}" - > "$TMP/out" 2> "$TMP/err"; rc=${PIPESTATUS[1]}
if [ $rc = 0 ]; then ok "burn DEV1 DEV2 - exits 0"; else not_ok "burn DEV1 DEV2 - exits 0 (rc $rc)"; sed 's/^/#   /' "$TMP/err"; fi
check "stdin: drive 1 reads back byte-identical" readback 1
check "stdin: drive 2 reads back byte-identical" readback 2
log_words() {
	grep -q "${DEVK[1]}: writing" "$TMP/err" && grep -q "${DEVK[2]}: writing" "$TMP/err" &&
		grep -q "${DEVK[1]}: burnt" "$TMP/err" && grep -q "${DEVK[2]}: burnt" "$TMP/err" &&
		grep -q '2 of 2 copies burnt' "$TMP/err"
}
check "the log says which drive does what and that 2 of 2 copies were burnt" log_words

# ---- one drive unplugged in the middle: it fails alone ----
plug 1 dvdplusr && plug 2 dvdplusr write_speed=1 || not_ok "two fresh DVD+R drives, one slow"
victim=${DEVK[2]}
"$B" burn "${DEVK[1]}" "${DEVK[2]}" "$TMP/img" --json > "$TMP/out" 2> "$TMP/err" &
BG=$!
# power=0 once the slow drive has written 500 sectors
python3 - "$TMP/out" "$victim" <<'PY'
import json, sys, time
end = time.time() + 60
while time.time() < end:
    for l in open(sys.argv[1]):
        try:
            p = json.loads(l)
        except ValueError:
            continue
        if p.get("device") == sys.argv[2] and p.get("last_written_lba", -1) >= 500:
            sys.exit(0)
    time.sleep(0.05)
sys.exit(1)
PY
seen=$?
unplug 2
wait "$BG"; rc=$?
BG=
if [ $seen = 0 ]; then ok "the slow drive was burning when it was unplugged"; else not_ok "the slow drive was burning when it was unplugged"; fi
if [ $rc = 3 ]; then ok "an unplugged drive makes the exit status 3"; else not_ok "an unplugged drive makes the exit status 3 (rc $rc)"; sed 's/^/#   /' "$TMP/err"; fi
check "--json: the unplugged drive's result is DEVICE_NOT_CONNECTED, the other's 0" \
	json_results "$TMP/out" "${DEVK[1]}=0" "$victim=DISCBURN_E_DEVICE_NOT_CONNECTED"
check "the drive left reads back byte-identical" readback 1

# ---- arguments that make no sense: refused before any disc is touched ----
plug 1 dvdplusr && plug 2 dvdplusr || not_ok "two fresh DVD+R drives"
"$B" burn "${DEVK[1]}" "${DEVK[1]}" "$TMP/img" > "$TMP/out" 2> "$TMP/err"; rc=$?
# refused RC WORDS: the last command exited RC and said WORDS
refused() { [ "$rc" = "$1" ] && grep -q "$2" "$TMP/err"; }
check "the same DEV twice is a usage error (exit 2)" refused 2 'given twice'
n=${DEVK[1]#/dev/discburn}
"$B" burn "${DEVK[1]}" "$n" "$TMP/img" > "$TMP/out" 2> "$TMP/err"; rc=$?
check "the same recorder by two names is a usage error (exit 2)" refused 2 'same recorder'
"$B" burn $(for i in $(seq 17); do echo "/dev/discburn$i"; done) "$TMP/img" > "$TMP/out" 2> "$TMP/err"; rc=$?
check "17 recorders is a usage error (exit 2)" refused 2 'at most 16'
"$B" burn "${DEVK[1]}" > "$TMP/out" 2> "$TMP/err"; rc=$?
check "no IMAGE is a usage error (exit 2)" refused 2 'missing IMAGE'
"$B" burn "${DEVK[1]}" "$TMP/img" "$TMP/img" > "$TMP/out" 2> "$TMP/err"; rc=$?
check "an IMAGE among the DEVs is a usage error (exit 2)" refused 2 'is a file, not a recorder'
"$B" burn "${DEVK[1]}" /dev/discburn999 "$TMP/img" > "$TMP/out" 2> "$TMP/err"; rc=$?
check "a recorder that does not exist fails the burn with exit 3" refused 3 'no such recorder'
both_blank() { is_blank 1 && is_blank 2; }
check "... and no disc was touched" both_blank

unplug_all
done_testing
