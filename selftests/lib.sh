# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The one library of the shell selftests (selftests/*/*.sh source it):
# TAP output, a temporary directory, emulated drives, and a trap that
# cleans all of it up on every way out (end, exit, error, INT, TERM).
#
# TAP:
#   plan N                 print the plan
#   ok NAME / not_ok NAME  one result
#   check NAME CMD...      ok if CMD succeeds, else not ok and CMD's output
#   check_fail NAME CMD... ok if CMD fails
#   skip NAME WHY          a skipped result
#   skip_all WHY           skip the whole program (exit 4)
#   diag MSG...            a "# MSG" comment line
#   done_testing           exit 1 if anything failed, else 0
#
# Cleanup:
#   TMP                    a fresh directory, removed at exit (unmounted first)
#   at_exit CMD            run CMD (eval'd) at exit, before the drives go
#
# Emulated drives (configfs /sys/kernel/config/discburn_emu). TAG is the
# test's own short name for a drive; its configfs name is random, so two
# tests (or two runs) never meet, and every drive made is removed at exit.
#   emu_load               load configfs, sr_mod, sg, discburn_emu if absent
#   emu_new TAG MEDIUM [KNOB=VALUE...]
#                          create, configure and power on a drive; sets
#                          SR=/dev/srN and SG=/dev/sgN; with EMU_RECORDER=1
#                          also DEV=/dev/discburnN (or it fails)
#   emu_power_on TAG       power an existing drive on again, same variables
#   emu_del TAG            power off and remove (nothing if it is gone)
#   emu_dir TAG            its configfs directory
#   emu_get TAG KNOB / emu_set TAG KNOB VALUE / emu_stat TAG KEY
#
# Images and read-back (emulator tests):
#   mkiso TAG KIB [genisoimage args]  random tree $TREE and its image $ISO
#   mount_compare DEV TREE  dd_equals DEV IMAGE [START]  isoinfo_ok DEV
#   cdinfo_data_tracks DEV
#
# DISCBURN_TOP is the repository; DISCBURN_BIN the built CLI.

DISCBURN_TOP=${DISCBURN_TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
DISCBURN_BIN=$DISCBURN_TOP/build/bin/discburn
EMU_CFS=/sys/kernel/config/discburn_emu
# configfs names: "t" + pid + a random number + the test's tag
EMU_PREFIX=t$$r$RANDOM
TMP=$(mktemp -d "${TMPDIR:-/tmp}/discburn-test.XXXXXX") || { echo "Bail out! mktemp -d"; exit 1; }
_tap_n=0
_tap_failed=0
_exit_cmds=()
_emu_tags=()

# ---- TAP ----

plan() { echo "1..$1"; }
ok() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1"; echo "# at ${SECONDS}s"; }
not_ok() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $1"
}
skip() { _tap_n=$((_tap_n + 1)); echo "ok $_tap_n - $1 # SKIP $2"; }
skip_all() { echo "1..0 # SKIP $1"; exit 4; }
diag() { echo "# $*"; }

# CMD runs in this shell (it may set variables), its output kept in a file
check() {
	local name=$1
	shift
	if "$@" > "$TMP/.check" 2>&1; then
		ok "$name"
	else
		not_ok "$name"
		sed 's/^/#   /' "$TMP/.check"
	fi
}

check_fail() {
	local name=$1
	shift
	if "$@" > "$TMP/.check" 2>&1; then
		not_ok "$name"
		sed 's/^/#   /' "$TMP/.check"
	else
		ok "$name"
	fi
}

done_testing() { exit $((_tap_failed ? 1 : 0)); }

# ---- cleanup ----

at_exit() { _exit_cmds+=("$1"); }

_cleanup() {
	local i mnt pids
	trap - EXIT INT TERM
	for ((i = ${#_exit_cmds[@]} - 1; i >= 0; i--)); do
		eval "${_exit_cmds[i]}"
	done
	pids=$(jobs -p)
	[ -n "$pids" ] && kill -9 $pids 2>/dev/null
	wait 2>/dev/null
	awk -v t="$TMP/" 'index($2, t) == 1 { print $2 }' /proc/mounts | sort -r |
		while read -r mnt; do umount "$mnt"; done
	for i in "${_emu_tags[@]}"; do
		emu_del "$i" 2>/dev/null
	done
	rm -rf "$TMP"
}
# the EXIT trap also runs after a signal: exit with the shell's status for it
trap '_st=$?; _cleanup; exit $_st' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- emulated drives ----

emu_load() {
	[ -d "$EMU_CFS" ] && return 0
	modprobe -q configfs 2>/dev/null
	mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
	modprobe -q sr_mod 2>/dev/null
	modprobe -q sg 2>/dev/null
	[ -d "$EMU_CFS" ] || insmod "$DISCBURN_TOP/build/$KVER/kmod/emu/discburn_emu.ko" ||
		{ echo "Bail out! cannot load discburn_emu"; exit 1; }
}

emu_dir() { echo "$EMU_CFS/${EMU_PREFIX}_$1"; }
emu_get() { cat "$(emu_dir "$1")/$2"; }
emu_set() { echo "$3" > "$(emu_dir "$1")/$2"; }
emu_stat() { awk -v k="$2" '$1 == k { print $2 }' "$(emu_dir "$1")/stats"; }

emu_new() {
	local tag=$1 medium=$2 d kv
	shift 2
	emu_load
	d=$(emu_dir "$tag")
	_emu_tags+=("$tag")
	mkdir "$d" || return 1
	echo "$medium" > "$d/medium" || return 1
	for kv in "$@"; do
		echo "${kv#*=}" > "$d/${kv%%=*}" || return 1
	done
	emu_power_on "$tag"
}

# srN and sgN within 10 s; with EMU_RECORDER=1 the recorder discburnN
# within 5 s more
emu_power_on() {
	local d r sr= sg=
	d=$(emu_dir "$1")
	SR= SG= DEV=
	echo 1 > "$d/power" || return 1
	for _ in $(seq 100); do
		sr=$(cat "$d/block_device" 2>/dev/null)
		sg=$(cat "$d/sg_device" 2>/dev/null)
		[ -n "$sr" ] && [ -n "$sg" ] && [ -b "/dev/$sr" ] && [ -c "/dev/$sg" ] && break
		sr= sg=
		sleep 0.1
	done
	[ -n "$sr" ] || { diag "$1: no srN/sgN after power on"; return 1; }
	SR=/dev/$sr
	SG=/dev/$sg
	udevadm settle 2>/dev/null
	[ "${EMU_RECORDER:-0}" = 1 ] || return 0
	for _ in $(seq 50); do
		for r in /sys/class/discburn/discburn*; do
			[ "$(cat "$r/block_device" 2>/dev/null)" = "$sr" ] && DEV=/dev/${r##*/}
		done
		[ -n "$DEV" ] && [ -c "$DEV" ] && break
		DEV=
		sleep 0.1
	done
	[ -n "$DEV" ] || { diag "$1: no discburnN for $sr"; return 1; }
	sleep 0.3
}

emu_del() {
	local d
	d=$(emu_dir "$1")
	[ -d "$d" ] || return 0
	echo 0 > "$d/power"
	rmdir "$d"
}

# ---- images and read-back ----

mkiso() {
	local tag=$1 kib=$2
	shift 2
	TREE=$TMP/$tag.tree
	ISO=$TMP/$tag.iso
	mkdir -p "$TREE/dir"
	head -c $((kib * 1024 * 3 / 4)) /dev/urandom > "$TREE/big.bin"
	head -c $((kib * 1024 / 4)) /dev/urandom > "$TREE/dir/small.bin"
	echo "$tag" > "$TREE/dir/name.txt"
	genisoimage -quiet -R -J "$@" -o "$ISO" "$TREE"
}

# mount iso9660 read-only and compare every file
mount_compare() {
	local mnt=$TMP/mnt rc
	mkdir -p "$mnt"
	mount -t iso9660 -o ro "$1" "$mnt" || return 1
	diff -r "$2" "$mnt"
	rc=$?
	umount "$mnt"
	return $rc
}

# the recorded blocks from START_BLOCK (default 0) equal the image
dd_equals() {
	local blocks=$(( $(stat -c %s "$2") / 2048 ))
	dd if="$1" bs=2048 skip="${3:-0}" count="$blocks" status=none | cmp -s - "$2"
}

isoinfo_ok() { isoinfo -d -i "$1" 2>/dev/null | grep -q "ISO 9660"; }

# how many data tracks cd-info lists
cdinfo_data_tracks() {
	cd-info --no-device-info --no-analyze "$1" 2>/dev/null | awk '/^ *[0-9]+: [0-9:]+ +[0-9]+ +data/ { n++ } END { print n + 0 }'
}
