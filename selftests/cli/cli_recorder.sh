#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The discburn CLI against a fresh emulated CD-R recorder: list, info,
# media, owner, lock (with and without a command), eject and monitor, in
# text and --json (every JSON output goes through python3's json parser),
# with the exit codes and messages Documentation/cli.rst promises.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

B=$DISCBURN_BIN
EMU_RECORDER=1
HOLDER=

[ -x "$B" ] || skip_all "build/bin/discburn not built"
[ -d "$EMU_CFS" ] || skip_all "discburn_emu not loaded"
[ -d /sys/class/discburn ] || skip_all "discburn.ko not loaded"
command -v python3 >/dev/null || skip_all "python3 missing (JSON parser)"

emu_new r cdr80 || skip_all "cannot create an emulated drive with a recorder"
# this test names the block device as the recorder's sysfs does: srN
SR=${SR#/dev/}
IDX=${DEV#/dev/discburn}

# jq-like checks with a real parser: json_check FILE PYTHON-EXPR (d = the object)
json_check() {
	python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)
ok = eval(sys.argv[2], {"d": d})
if not ok:
    print("# check failed:", sys.argv[2], "on", json.dumps(d))
sys.exit(0 if ok else 1)
PY
}

# json_lines FILE: every line is one JSON object with an "event" key
json_lines() {
	python3 - "$1" <<'PY'
import json, sys
n = 0
for line in open(sys.argv[1]):
    d = json.loads(line)
    assert isinstance(d, dict) and "event" in d, line
    n += 1
sys.exit(0 if n else 1)
PY
}

plan 21

"$B" list --json > "$TMP/list" 2>"$TMP/err"
check "list --json is one JSON object listing the recorder with its block device" \
	json_check "$TMP/list" "any(r['index'] == $IDX and r['block_device'] == '$SR' and r['device'] == '$DEV' for r in d['recorders'])"

"$B" list > "$TMP/list.txt"
check "list names the recorder and its block device" grep -q "^$DEV  *$SR " "$TMP/list.txt"

ok_same=1
for arg in "$DEV" "$IDX" "$SR" "/dev/$SR" "discburn$IDX"; do
	"$B" info "$arg" --json > "$TMP/info" 2>/dev/null &&
		json_check "$TMP/info" "d['index'] == $IDX" || ok_same=0
done
if [ $ok_same = 1 ]; then ok "info accepts /dev/discburnN, N, srN, /dev/srN and discburnN"; else not_ok "info accepts /dev/discburnN, N, srN, /dev/srN and discburnN"; fi

"$B" info "$DEV" --json > "$TMP/info"
check "info --json carries the identity the sysfs attributes show" \
	json_check "$TMP/info" "d['vendor'] == '$(cat /sys/class/discburn/discburn$IDX/vendor)' and d['product'] == '$(cat /sys/class/discburn/discburn$IDX/model)' and d['scsi_type'] == 5"

if json_check "$TMP/info" "d['profiles'] is not None" >/dev/null; then
	check "info --json lists CD-R among the profiles and as current" \
		json_check "$TMP/info" "any(p['profile'] == 9 for p in d['profiles']) and [p['profile'] for p in d['current_profiles']] == [9]"
else
	skip "info --json lists CD-R among the profiles and as current" "driver has no profiles ioctl"
fi

"$B" media "$DEV" --json > "$TMP/media" 2>"$TMP/err"; rc=$?
if grep -q "does not support" "$TMP/err"; then
	skip "media --json reports a blank CD-R" "driver has no media ioctl"
else
	check "media --json reports a blank CD-R" \
		json_check "$TMP/media" "d['physical_type_name'] == 'CD-R' and 'blank' in d['media_state_flags'] and d['disc_status'] == 'blank' and d['free_sectors'] > 0 and d['start_of_next_session'] < 0"
fi

"$B" owner "$DEV" --json > "$TMP/owner"
check "owner --json says unlocked on a fresh recorder" json_check "$TMP/owner" "d['locked'] is False and d['owner'] is None"

"$B" lock "$DEV" --client "CLI Test" --json -- "$B" owner "$DEV" --json > "$TMP/inner"
check "lock -- CMD holds the lock while CMD runs, owned by the client name and the lock's pid" \
	json_check <(head -1 "$TMP/inner") "d['locked'] is True and d['owner']['client'] == 'CLI Test' and d['owner']['pid'] > 0 and d['owner']['mine'] is False"
check "lock --json with CMD ends with one object giving CMD's status" \
	json_check <(tail -1 "$TMP/inner") "d['state'] == 'released' and d['command_status'] == 0 and d['client'] == 'CLI Test'"

"$B" owner "$DEV" --json > "$TMP/owner"
check "the lock is released when CMD ends" json_check "$TMP/owner" "d['locked'] is False"

"$B" lock "$DEV" --client x -- sh -c 'exit 7'; rc=$?
if [ $rc = 7 ]; then ok "lock -- CMD exits with CMD's status"; else not_ok "lock -- CMD exits with CMD's status (got $rc)"; fi

"$B" lock "$DEV" --client "Kiosk Burner" --json > "$TMP/holder" 2>&1 &
HOLDER=$!
for _ in $(seq 50); do [ -s "$TMP/holder" ] && break; sleep 0.1; done
check "lock without CMD prints one JSON object once the lock is held" \
	json_check "$TMP/holder" "d['state'] == 'locked' and d['pid'] == $HOLDER"

"$B" lock "$DEV" --client Other -- true 2> "$TMP/err"; rc=$?
if [ $rc = 4 ] && grep -q "locked by 'Kiosk Burner' (pid $HOLDER) since [0-9][0-9]:[0-9][0-9]:[0-9][0-9]" "$TMP/err"; then
	ok "a second locker exits 4 naming the holder, its pid and since when"
else
	not_ok "a second locker exits 4 naming the holder, its pid and since when (rc $rc)"
	sed 's/^/#   /' "$TMP/err"
fi

"$B" owner "$DEV" > "$TMP/owner.txt"
check "owner names the holder in words" grep -q "locked by 'Kiosk Burner' (pid $HOLDER)" "$TMP/owner.txt"

"$B" eject "$DEV" 2> "$TMP/err"; rc=$?
if [ $rc = 4 ]; then ok "eject by another client is refused with exit 4 while locked"; else not_ok "eject by another client is refused with exit 4 while locked (rc $rc)"; sed 's/^/#   /' "$TMP/err"; fi

kill -TERM "$HOLDER"; wait "$HOLDER"; rc=$?; HOLDER=
"$B" owner "$DEV" --json > "$TMP/owner"
if [ $rc = 0 ] && json_check "$TMP/owner" "d['locked'] is False"; then
	ok "SIGTERM releases a lock held without CMD and exits 0"
else
	not_ok "SIGTERM releases a lock held without CMD and exits 0 (rc $rc)"
fi

"$B" lock "$DEV" --client Doomed > /dev/null 2>&1 &
HOLDER=$!
for _ in $(seq 50); do
	"$B" owner "$DEV" --json > "$TMP/owner" && json_check "$TMP/owner" "d['locked']" >/dev/null && break
	sleep 0.1
done
kill -9 "$HOLDER"; wait "$HOLDER" 2>/dev/null; HOLDER=
sleep 0.2
"$B" owner "$DEV" --json > "$TMP/owner"
check "kill -9 of the lock holder releases the lock" json_check "$TMP/owner" "d['locked'] is False"

timeout 20 "$B" monitor --json --count 2 > "$TMP/events" 2>"$TMP/err" &
MON=$!
sleep 1
"$B" lock "$DEV" --client Watched -- true
wait $MON; rc=$?
if [ $rc = 0 ] && json_lines "$TMP/events" &&
   python3 - "$TMP/events" "$IDX" <<'PY'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
idx = int(sys.argv[2])
lk = [e for e in ev if e["event"] == "lock-changed" and e["index"] == idx]
assert len(lk) == 2, ev
assert lk[0]["owner"]["client"] == "Watched" and lk[0]["state"] == "locked", lk[0]
assert lk[1]["owner"] is None and lk[1]["state"] == "idle", lk[1]
PY
then
	ok "monitor --json prints one object per line: locked by the client, then unlocked"
else
	not_ok "monitor --json prints one object per line: locked by the client, then unlocked (rc $rc)"
	sed 's/^/#   /' "$TMP/events" "$TMP/err"
fi

"$B" lock "$DEV" --client "bad/name" -- true 2> "$TMP/err"; rc=$?
if [ $rc = 2 ] && grep -q "not valid" "$TMP/err"; then ok "an invalid client name is a usage error (exit 2)"; else not_ok "an invalid client name is a usage error (exit 2, got $rc)"; fi

"$B" info /dev/discburn250 2> "$TMP/err"; rc=$?
if [ $rc = 3 ] && grep -q "discburn list" "$TMP/err"; then ok "a missing recorder exits 3 and points at 'discburn list'"; else not_ok "a missing recorder exits 3 and points at 'discburn list' (got $rc)"; fi

"$B" info /dev/sda 2> "$TMP/err"; rc=$?
if [ $rc = 2 ]; then ok "a device that is not a recorder name is a usage error"; else not_ok "a device that is not a recorder name is a usage error (got $rc)"; fi

done_testing
