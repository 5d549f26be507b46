#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `discburn lock` notices that its drive is gone: the emulated drive is
# unplugged (power=0) while `lock ... -- sleep 60` runs, and the CLI must
# end CMD within seconds, say that the recorder is gone, and exit 3; the
# same without CMD, and --json reports state "gone".
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

B=$DISCBURN_BIN
EMU_RECORDER=1
HOLDER=
CHILD=
# CMD is the lock's child, not ours: the library's cleanup does not see it
at_exit '[ -n "$CHILD" ] && kill -9 "$CHILD" 2>/dev/null'

[ -x "$B" ] || skip_all "build/bin/discburn not built"
[ -d "$EMU_CFS" ] || skip_all "discburn_emu not loaded"
command -v python3 >/dev/null || skip_all "python3 missing (JSON parser)"

# plug: power the drive on (made the first time) and set DEV to its recorder
plug() {
	[ -d "$(emu_dir u)" ] || { emu_new u cdr80; return; }
	emu_set u medium cdr80 && emu_power_on u
}

# wait_locked: until `owner` says locked (5 s at most)
wait_locked() {
	for _ in $(seq 50); do
		"$B" owner "$DEV" --json 2>/dev/null | grep -q '"locked":true' && return 0
		sleep 0.1
	done
	return 1
}

plan 7

plug || skip_all "cannot create an emulated drive"

# 1: with CMD
"$B" lock "$DEV" --client "Unplug Test" -- sleep 60 2> "$TMP/err" &
HOLDER=$!
if ! wait_locked; then
	not_ok "lock -- sleep 60 holds the lock before the unplug"
else
	ok "lock -- sleep 60 holds the lock before the unplug"
fi
CHILD=$(pgrep -P "$HOLDER" sleep)
t0=$(date +%s.%N)
emu_set u power 0
rc=
for _ in $(seq 100); do
	if ! kill -0 "$HOLDER" 2>/dev/null; then wait "$HOLDER"; rc=$?; break; fi
	sleep 0.1
done
secs=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$t0" "$(date +%s.%N)")
if [ -n "$rc" ]; then HOLDER=; fi
if [ "$rc" = 3 ]; then
	ok "unplugging the drive ends lock -- sleep 60 within ${secs}s with exit 3"
else
	not_ok "unplugging the drive ends lock -- sleep 60 within 10 s with exit 3 (rc '${rc}' after ${secs}s)"
fi
check "the message says the recorder is gone and CMD is ended" \
	grep -q "recorder is gone.*ending 'sleep'" "$TMP/err"
if [ -z "$CHILD" ]; then
	not_ok "CMD (sleep 60) is no longer running (its pid was not found)"
elif kill -0 "$CHILD" 2>/dev/null; then
	not_ok "CMD (sleep 60, pid $CHILD) is no longer running"
else
	ok "CMD (sleep 60) is no longer running"
	CHILD=
fi

# 2: without CMD, --json
plug || { not_ok "the drive comes back"; done_testing; exit; }
"$B" lock "$DEV" --client "Unplug Json" --json > "$TMP/out" 2> "$TMP/err" &
HOLDER=$!
wait_locked
emu_set u power 0
rc=
for _ in $(seq 100); do
	if ! kill -0 "$HOLDER" 2>/dev/null; then wait "$HOLDER"; rc=$?; break; fi
	sleep 0.1
done
[ -n "$rc" ] && HOLDER=
if [ "$rc" = 3 ]; then ok "lock without CMD exits 3 when the drive is unplugged"; else not_ok "lock without CMD exits 3 when the drive is unplugged (rc '${rc}')"; fi
check "--json ends with state \"gone\" after state \"locked\"" python3 - "$TMP/out" <<'PY'
import json, sys
objs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert [o["state"] for o in objs] == ["locked", "gone"], objs
PY
check "the message says the recorder is gone" grep -q "recorder is gone" "$TMP/err"

done_testing
