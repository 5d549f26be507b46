#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `discburn burn`, `blank` and `msinfo` against fresh emulated drives, and
# real tools as the judges: on every medium (CD-R, CD-RW, DVD-R, DVD+R,
# DVD+RW, BD-R, BD-RE) the image burnt reads back byte-identical with dd,
# mounts and diffs equal, and cdrskin -minfo, dvd+rw-mediainfo (DVD, BD)
# and cd-info (CD) agree with discburn on the disc's state; the --json
# progress lines parse and come in order; multisession with
# genisoimage -C "$(discburn msinfo DEV)" -M shows both sessions' files;
# rewritable media are written twice with --overwrite; --close leaves a
# complete disc; a CD-RW is blanked and burnt again; Ctrl-C cancels a
# burn cleanly (REQUEST_CANCELLED, the disc's state, the lock released);
# monitor prints the progress and write-done events; bad option values
# are usage errors. A missing tool is a failure, not a pass.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

B=$DISCBURN_BIN
EMU_RECORDER=1
BG=
MONPID=

[ -x "$B" ] || skip_all "build/bin/discburn not built"
[ -d "$EMU_CFS" ] || skip_all "discburn_emu not loaded"
[ -d /sys/class/discburn ] || skip_all "discburn.ko not loaded"

# plug MEDIUM [KNOB=VALUE...]: a fresh drive; sets SR and DEV
plug() { emu_del b; emu_new b "$@"; }

# what discburn says: blank, appendable, complete
db_state() { "$B" media "$DEV" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["disc_status"])'; }
# what cdrskin says, in discburn's words
cdrskin_state() {
	case "$(cdrskin -minfo dev="$SR" 2>/dev/null | sed -n 's/^disk status: *//p')" in
	empty) echo blank ;;
	incomplete/appendable) echo appendable ;;
	complete) echo complete ;;
	*) echo unknown ;;
	esac
}
# what dvd+rw-mediainfo says (DVD, BD)
mediainfo_state() { dvd+rw-mediainfo "$SR" 2>/dev/null | sed -n 's/^ *Disc status: *//p'; }

# tools_agree STATE: discburn, cdrskin and (DVD/BD) dvd+rw-mediainfo all say STATE
tools_agree() {
	local want=$1 db cs mi=
	db=$(db_state) cs=$(cdrskin_state)
	case "$MEDIUM" in dvd*|bd*) mi=$(mediainfo_state) ;; *) mi=$want ;; esac
	if [ "$db" = "$want" ] && [ "$cs" = "$want" ] && [ "$mi" = "$want" ]; then
		return 0
	fi
	echo "# want $want: discburn '$db', cdrskin '$cs', dvd+rw-mediainfo '$mi'"
	return 1
}

# readback ISO: /dev/srN from sector START (default 0) equals ISO, read with dd
readback() {
	local iso=$1 start=${2:-0} n
	n=$(( $(stat -c %s "$iso") / 2048 ))
	dd if="$SR" iflag=direct bs=2048 skip="$start" count="$n" of="$TMP/back" 2>/dev/null &&
		cmp "$iso" "$TMP/back"
}

# mounted DIR...: mount /dev/srN and diff every DIR against it
mounted() {
	local d rc=0
	mount -t iso9660 -o ro "$SR" "$TMP/mnt" || return 1
	for d in "$@"; do
		diff -r "$d" "$TMP/mnt/" >/dev/null 2>&1 || {
			# a session adds to the tree: compare file by file
			(cd "$d" && find . -type f) | while read -r f; do
				cmp "$d/$f" "$TMP/mnt/$f" || exit 1
			done || rc=1
		}
	done
	umount "$TMP/mnt"
	return $rc
}

# json_progress FILE: lines parse, progress in order, one result last with STATUS
json_progress() {
	python3 - "$1" "${2:-0}" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
want = int(sys.argv[2], 0)
assert len(lines) >= 2, lines
*prog, res = lines
assert res["event"] == "result" and res["status"] == want, res
assert all(p["event"] == "progress" and p["format"] == "data" for p in prog), prog
for a, b in zip(prog, prog[1:]):
    assert b["last_written_lba"] >= a["last_written_lba"], (a, b)
    assert b["last_read_lba"] >= a["last_read_lba"], (a, b)
    assert b["elapsed_ns"] >= a["elapsed_ns"], (a, b)
    assert a["state"] != "done", a
assert prog[-1]["state"] == "done" and prog[-1]["result"] == want, prog[-1]
assert any(p["action"] == "writing" for p in prog), prog
if want == 0:
    assert prog[-1]["percent"] == 100.0, prog[-1]
PY
}

mkdir -p "$TMP/src1" "$TMP/src2" "$TMP/src3" "$TMP/mnt"
head -c 1500000 /dev/urandom > "$TMP/src1/first.bin"
echo "session one" > "$TMP/src1/README.txt"
head -c 700000 /dev/urandom > "$TMP/src2/second.bin"
head -c 900000 /dev/urandom > "$TMP/src3/other.bin"

plan 97

# ---- the judges must be there: a missing one is a failure ----
for t in cdrskin dvd+rw-mediainfo cd-info genisoimage python3 dd cmp mount; do
	if command -v "$t" >/dev/null; then ok "tool $t is installed"; else not_ok "tool $t is installed (make deps)"; fi
done
genisoimage -quiet -R -J -V SESSION1 -o "$TMP/one.iso" "$TMP/src1"
genisoimage -quiet -R -J -V OTHER -o "$TMP/other.iso" "$TMP/src3"

# ---- every medium: burn, read back, mount, the tools agree ----
declare -A AFTER=([cdr80]=appendable [cdrw]=appendable [dvdr]=appendable [dvdplusr]=complete
		  [dvdplusrw]=complete [bdr]=appendable [bdre]=complete)
for MEDIUM in cdr80 cdrw dvdr dvdplusr dvdplusrw bdr bdre; do
	if ! plug "$MEDIUM"; then
		for _ in 1 2 3 4 5; do not_ok "$MEDIUM: an emulated drive"; done
		continue
	fi
	"$B" burn "$DEV" "$TMP/one.iso" --json > "$TMP/out" 2> "$TMP/err"; rc=$?
	if [ $rc = 0 ]; then ok "$MEDIUM: burn exits 0"; else not_ok "$MEDIUM: burn exits 0 (rc $rc)"; sed 's/^/#   /' "$TMP/err"; fi
	check "$MEDIUM: --json prints progress lines in order, then the result" json_progress "$TMP/out"
	check "$MEDIUM: dd reads the image back byte-identical" readback "$TMP/one.iso"
	check "$MEDIUM: mount and diff see the files" mounted "$TMP/src1"
	check "$MEDIUM: discburn, cdrskin and dvd+rw-mediainfo agree: ${AFTER[$MEDIUM]}" tools_agree "${AFTER[$MEDIUM]}"
	case "$MEDIUM" in
	cdr80)
		cd-info --no-cddb --no-device-info "$SR" > "$TMP/cdinfo" 2>&1
		check "cd-info finds the ISO 9660 file system with its label" grep -q "label .SESSION1" "$TMP/cdinfo" ;;
	esac
done

# ---- multisession: msinfo, genisoimage -C -M, --multisession ----
for MEDIUM in cdr80 dvdplusr bdr; do
	plug "$MEDIUM" || { for _ in 1 2 3 4; do not_ok "$MEDIUM multisession: an emulated drive"; done; continue; }
	"$B" burn "$DEV" "$TMP/one.iso" --multisession > /dev/null 2>&1
	ms=$("$B" msinfo "$DEV" 2> "$TMP/err")
	csms=$(cdrskin -msinfo dev="$SR" 2>/dev/null | tail -1)
	if [[ $ms =~ ^[0-9]+,[0-9]+$ ]] && [ "$ms" = "$csms" ]; then
		ok "$MEDIUM: msinfo prints start,next as cdrskin -msinfo does ($ms)"
	else
		not_ok "$MEDIUM: msinfo prints start,next as cdrskin -msinfo does (discburn '$ms', cdrskin '$csms')"
	fi
	genisoimage -quiet -R -J -V SESSION2 -C "$ms" -M "$SR" -o "$TMP/two.iso" "$TMP/src2" 2> "$TMP/err"
	"$B" burn "$DEV" "$TMP/two.iso" --multisession > /dev/null 2> "$TMP/err"; rc=$?
	if [ $rc = 0 ]; then ok "$MEDIUM: a second session burns with --multisession"; else not_ok "$MEDIUM: a second session burns with --multisession (rc $rc)"; sed 's/^/#   /' "$TMP/err"; fi
	check "$MEDIUM: mount sees the files of both sessions" mounted "$TMP/src1" "$TMP/src2"
	check "$MEDIUM: the disc stays appendable for the tools too" tools_agree appendable
done

# ---- rewritable media written twice ----
for MEDIUM in dvdplusrw bdre; do
	plug "$MEDIUM" || { for _ in 1 2 3; do not_ok "$MEDIUM overwrite: an emulated drive"; done; continue; }
	"$B" burn "$DEV" "$TMP/one.iso" > /dev/null 2>&1
	"$B" burn "$DEV" "$TMP/other.iso" > /dev/null 2> "$TMP/err"; rc=$?
	if [ $rc = 1 ] && grep -q -- "--overwrite" "$TMP/err"; then
		ok "$MEDIUM: a used disc is refused without --overwrite, pointing at it"
	else
		not_ok "$MEDIUM: a used disc is refused without --overwrite, pointing at it (rc $rc)"
		sed 's/^/#   /' "$TMP/err"
	fi
	check "$MEDIUM: --overwrite writes over it" "$B" burn "$DEV" "$TMP/other.iso" --overwrite
	check "$MEDIUM: the second image reads back byte-identical" readback "$TMP/other.iso"
done

# ---- --close ----
for MEDIUM in cdr80 bdr; do
	plug "$MEDIUM" || { for _ in 1 2 3; do not_ok "$MEDIUM --close: an emulated drive"; done; continue; }
	check "$MEDIUM: burn --close succeeds" "$B" burn "$DEV" "$TMP/one.iso" --close
	check "$MEDIUM: --close leaves the disc complete for every tool" tools_agree complete
	"$B" burn "$DEV" "$TMP/other.iso" --multisession > /dev/null 2> "$TMP/err"; rc=$?
	if [ $rc = 1 ] && grep -q "closed" "$TMP/err"; then
		ok "$MEDIUM: nothing more can be added to a closed disc (exit 1, says closed)"
	else
		not_ok "$MEDIUM: nothing more can be added to a closed disc (rc $rc)"
		sed 's/^/#   /' "$TMP/err"
	fi
done

# ---- blank then burn on CD-RW ----
MEDIUM=cdrw
if plug cdrw; then
	"$B" burn "$DEV" "$TMP/one.iso" > /dev/null 2>&1
	"$B" blank "$DEV" --json > "$TMP/out" 2> "$TMP/err"; rc=$?
	if [ $rc = 0 ] && python3 - "$TMP/out" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert lines[-1]["event"] == "result" and lines[-1]["status"] == 0, lines
assert lines[-1]["disc_state"] == "blank", lines[-1]
assert all(l["event"] == "progress" for l in lines[:-1]), lines
PY
	then ok "cdrw: blank --json ends with success and a blank disc"; else not_ok "cdrw: blank --json ends with success and a blank disc (rc $rc)"; sed 's/^/#   /' "$TMP/err" "$TMP/out"; fi
	check "cdrw: after blank the tools see a blank disc" tools_agree blank
	check "cdrw: a blanked disc burns again" "$B" burn "$DEV" "$TMP/other.iso"
	check "cdrw: and reads back byte-identical" readback "$TMP/other.iso"
else
	for _ in 1 2 3 4; do not_ok "cdrw blank: an emulated drive"; done
fi
plug cdr80 && "$B" blank "$DEV" 2> "$TMP/err"; rc=$?
if [ $rc = 1 ] && grep -q "rewritable" "$TMP/err"; then ok "blank of a CD-R fails (exit 1) naming what can be erased"; else not_ok "blank of a CD-R fails (exit 1) naming what can be erased (rc $rc)"; sed 's/^/#   /' "$TMP/err"; fi

# ---- Ctrl-C ----
MEDIUM=cdr80
head -c 30000000 /dev/urandom > "$TMP/src3/big.bin"
genisoimage -quiet -R -o "$TMP/big.iso" "$TMP/src3"
if plug cdr80 write_speed=4; then
	"$B" burn "$DEV" "$TMP/big.iso" > /dev/null 2> "$TMP/err" &
	BG=$!
	for _ in $(seq 100); do
		"$B" owner "$DEV" 2>/dev/null | grep -q "locked by 'discburn CLI'" && break
		sleep 0.1
	done
	sleep 2
	kill -INT "$BG"
	t0=$(date +%s)
	wait "$BG"; rc=$?; BG=
	secs=$(( $(date +%s) - t0 ))
	if [ $rc = 7 ]; then ok "Ctrl-C ends the burn with exit 7 (${secs}s)"; else not_ok "Ctrl-C ends the burn with exit 7 (rc $rc)"; fi
	state=$(db_state)
	if grep -q "cancelled (E_IMAPI_REQUEST_CANCELLED 0xC0AA0002).*the disc is $state\." "$TMP/err"; then
		ok "Ctrl-C reports REQUEST_CANCELLED and the disc's state ($state)"
	else
		not_ok "Ctrl-C reports REQUEST_CANCELLED and the disc's state ($state)"
		sed 's/^/#   /' "$TMP/err"
	fi
	check "the lock is released after Ctrl-C" bash -c "'$B' owner '$DEV' | grep -q 'not locked'"
	# the same with --json and SIGTERM
	emu_set b medium cdr80; sleep 0.5
	"$B" burn "$DEV" "$TMP/big.iso" --json > "$TMP/out" 2> "$TMP/err" &
	BG=$!
	for _ in $(seq 100); do grep -q '"action":"writing"' "$TMP/out" 2>/dev/null && break; sleep 0.1; done
	sleep 1
	kill -TERM "$BG"; wait "$BG"; rc=$?; BG=
	if [ $rc = 7 ] && python3 - "$TMP/out" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
res = lines[-1]
assert res["event"] == "result" and res["status"] == 0xC0AA0002 and res["cancelled"] is True, res
assert res["status_name"] == "DISCBURN_E_REQUEST_CANCELLED", res
assert res["disc_state"] in ("blank", "appendable", "complete"), res
assert lines[-2]["state"] == "done" and lines[-2]["result"] == 0xC0AA0002, lines[-2]
PY
	then ok "SIGTERM with --json: the result says REQUEST_CANCELLED and the disc's state"; else not_ok "SIGTERM with --json: the result says REQUEST_CANCELLED and the disc's state (rc $rc)"; tail -3 "$TMP/out" | sed 's/^/#   /'; fi
else
	for _ in 1 2 3 4; do not_ok "Ctrl-C: an emulated drive"; done
fi

# ---- monitor sees progress and write-done ----
MEDIUM=dvdr
if plug dvdr; then
	"$B" monitor --json > "$TMP/mon.json" 2>/dev/null &
	MONPID=$!
	"$B" monitor > "$TMP/mon.txt" 2>/dev/null &
	BG=$!
	sleep 1
	"$B" burn "$DEV" "$TMP/one.iso" > /dev/null 2>&1
	sleep 1
	kill "$MONPID" "$BG"; wait "$MONPID" "$BG" 2>/dev/null; MONPID= BG=
	idx=${DEV#/dev/discburn}
	check "monitor --json prints progress events, then write-done with the result" python3 - "$TMP/mon.json" "$idx" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
mine = [e for e in ev if e["index"] == int(sys.argv[2]) and e["event"] in ("progress", "write-done")]
prog = [e for e in mine if e["event"] == "progress"]
done = [e for e in mine if e["event"] == "write-done"]
assert prog and done, mine
assert mine[-1]["event"] == "write-done", mine[-1]
assert done[-1]["progress"]["result"] == 0 and done[-1]["progress"]["state"] == "done", done[-1]
assert any(p["progress"]["action"] == "writing" for p in prog), prog
PY
	if grep -q "progress .*$DEV .* writing" "$TMP/mon.txt" && grep -q "write-done .*$DEV .* data: Success" "$TMP/mon.txt"; then
		ok "monitor prints progress and write-done lines"
	else
		not_ok "monitor prints progress and write-done lines"
		sed 's/^/#   /' "$TMP/mon.txt"
	fi
else
	for _ in 1 2; do not_ok "monitor: an emulated drive"; done
fi

# ---- failures and usage errors ----
plug cdr80
"$B" msinfo "$DEV" 2> "$TMP/err"; rc=$?
if [ $rc = 1 ] && grep -q "blank" "$TMP/err"; then ok "msinfo on a blank disc exits 1 and says it is blank"; else not_ok "msinfo on a blank disc exits 1 and says it is blank (rc $rc)"; fi
head -c 1000001 /dev/urandom > "$TMP/odd.img"
"$B" burn "$DEV" "$TMP/odd.img" 2> "$TMP/err"; rc=$?
if [ $rc = 1 ] && grep -q "2048" "$TMP/err"; then ok "an image of partial sectors is refused (exit 1)"; else not_ok "an image of partial sectors is refused (exit 1, rc $rc)"; sed 's/^/#   /' "$TMP/err"; fi
check "and nothing was written: the disc is still blank" bash -c "[ \"\$('$B' media '$DEV' --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"disc_status\"])')\" = blank ]"
emu_set b write_protect 1
"$B" burn "$DEV" "$TMP/one.iso" 2> "$TMP/err"; rc=$?
if [ $rc = 1 ] && grep -q "write-protected" "$TMP/err"; then ok "a write-protected disc is refused (exit 1)"; else not_ok "a write-protected disc is refused (exit 1, rc $rc)"; fi
emu_set b write_protect 0
cat "$TMP/one.iso" | "$B" burn "$DEV" - > /dev/null 2>&1; rc=$?
if [ $rc = 0 ] && readback "$TMP/one.iso"; then ok "burn - reads the image from standard input"; else not_ok "burn - reads the image from standard input (rc $rc)"; fi
plug none
"$B" burn "$DEV" "$TMP/one.iso" 2> "$TMP/err"; rc=$?
if [ $rc = 5 ]; then ok "no disc in the drive exits 5"; else not_ok "no disc in the drive exits 5 (rc $rc)"; fi
"$B" burn /dev/discburn250 "$TMP/one.iso" 2>/dev/null; rc=$?
if [ $rc = 3 ]; then ok "a missing recorder exits 3"; else not_ok "a missing recorder exits 3 (rc $rc)"; fi

usage() {
	local what=$1 rc
	shift
	"$B" "$@" > /dev/null 2> "$TMP/err"; rc=$?
	if [ $rc = 2 ] && grep -q "Try 'discburn" "$TMP/err"; then ok "usage error: $what"; else not_ok "usage error: $what (rc $rc)"; sed 's/^/#   /' "$TMP/err"; fi
}
usage "--speed fast" burn "$DEV" "$TMP/one.iso" --speed fast
usage "--speed 0" burn "$DEV" "$TMP/one.iso" --speed 0
usage "--speed -4x" burn "$DEV" "$TMP/one.iso" --speed=-4x
usage "--verify=sometimes" burn "$DEV" "$TMP/one.iso" --verify=sometimes
usage "--client with a slash" burn "$DEV" "$TMP/one.iso" --client "a/b"
usage "--client without a value" burn "$DEV" "$TMP/one.iso" --client
usage "an unknown option" burn "$DEV" "$TMP/one.iso" --bogus
usage "no IMAGE" burn "$DEV"
usage "two IMAGEs" burn "$DEV" "$TMP/one.iso" "$TMP/other.iso"
usage "blank --fast" blank "$DEV" --fast
usage "msinfo without DEV" msinfo

done_testing
