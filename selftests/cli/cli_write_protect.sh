#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A write-protected disc in the emulator (its live write_protect knob)
# shows as write-protected in `discburn media --json`: the WP bit of the
# mode parameter header reaches the media state bits, and clears again.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

B=$DISCBURN_BIN
UAPI=$DISCBURN_TOP/uapi/linux/discburn.h

[ -x "$B" ] || skip_all "build/bin/discburn not built"
[ -d "$EMU_CFS" ] || skip_all "discburn_emu not loaded"
command -v python3 >/dev/null || skip_all "python3 missing (JSON parser)"

# The bit values come from the uapi header, not from this test.
uapi() { sed -n "s/^#define $1[[:space:]]*\(0x[0-9a-fA-F]*\|[0-9]*\)[uU]*.*/\1/p" "$UAPI"; }
WP_BIT=$(( $(uapi DISCBURN_WP_BY_MEDIA_SPECIFIC_REASON) ))
STATE_WP=$(( $(uapi DISCBURN_MEDIA_STATE_WRITE_PROTECTED) ))
[ "$WP_BIT" -gt 0 ] && [ "$STATE_WP" -gt 0 ] || skip_all "write-protect constants not found in the uapi header"

emu_new wp cdr80 || skip_all "cannot create an emulated drive"
sleep 0.5

# media_has FIELD BIT: exit 0 when FIELD of `discburn media --json` has BIT,
# 1 when it has not, 2 when the answer could not be had at all
media_has() {
	local out
	out=$("$B" media "$SR" --json) || return 2
	python3 -c '
import json, sys
try:
    v = json.loads(sys.argv[3])[sys.argv[1]]
except (ValueError, KeyError):
    sys.exit(2)
sys.exit(0 if v & int(sys.argv[2]) else 1)' "$1" "$2" "$out"
}
# media_lacks FIELD BIT: exit 0 only when the answer came and has not BIT
media_lacks() {
	media_has "$@"
	[ $? = 1 ]
}

plan 5
check "a writable blank disc is not reported write-protected" media_lacks write_protect "$WP_BIT"
emu_set wp write_protect 1
check "write_protect=1 shows in the write_protect bits" media_has write_protect "$WP_BIT"
check "write_protect=1 shows in the media state" media_has media_state "$STATE_WP"
emu_set wp write_protect 0
check "write_protect=0 clears the write_protect bits" media_lacks write_protect "$WP_BIT"
check "write_protect=0 clears the media state bit" media_lacks media_state "$STATE_WP"
done_testing
