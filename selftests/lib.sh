# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# TAP helpers for shell selftests, sourced by selftests/*/*.sh.
#
#   plan N                 print the plan
#   ok NAME / not_ok NAME  one result
#   check NAME CMD...      ok if CMD succeeds, else not ok (CMD's output kept)
#   check_fail NAME CMD... ok if CMD fails
#   skip NAME WHY          a skipped result
#   skip_all WHY           skip the whole program (exit 4)
#   done_testing           exit 1 if anything failed
#
# DISCBURN_TOP is the repository; DISCBURN_BIN the built CLI.

DISCBURN_TOP=${DISCBURN_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
DISCBURN_BIN=$DISCBURN_TOP/build/bin/discburn
_tap_n=0
_tap_failed=0

plan() { echo "1..$1"; }
ok() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1"; }
not_ok() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $1"
}
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1 # SKIP $2"; }
skip_all() { echo "1..0 # SKIP $1"; exit 4; }

check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$name"
	else
		not_ok "$name"
		sed 's/^/#   /' <<<"$out"
	fi
}

check_fail() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		not_ok "$name"
		sed 's/^/#   /' <<<"$out"
	else
		ok "$name"
	fi
}

done_testing() { [ "$_tap_failed" = 0 ]; }
