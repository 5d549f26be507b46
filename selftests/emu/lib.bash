# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the emulator's shell selftests (sourced, not run): TAP output,
# one fresh emulated drive per test, ISO images and read-back checks.

EMU_CFS=/sys/kernel/config/discburn_emu
EMU_TMP=${TMPDIR:-/tmp}/emu.$$
T_N=0
T_FAILED=0

t_plan() { echo "1..$1"; }
t_ok() { T_N=$((T_N + 1)); echo "ok $T_N - $1"; echo "# at ${SECONDS}s"; }
t_fail() { T_N=$((T_N + 1)); T_FAILED=$((T_FAILED + 1)); echo "not ok $T_N - $1"; }
t_skip() { T_N=$((T_N + 1)); echo "ok $T_N - $1 # SKIP $2"; }
# t_check NAME CMD...: ok when CMD succeeds
t_check() {
	local name=$1
	shift
	if "$@"; then t_ok "$name"; else t_fail "$name"; fi
}
t_log() { echo "# $*"; }
t_done() { rm -rf "$EMU_TMP"; exit $((T_FAILED ? 1 : 0)); }

# Load the module (and configfs) when the VM did not already do it
emu_load() {
	mkdir -p "$EMU_TMP"
	[ -d "$EMU_CFS" ] && return 0
	modprobe -q configfs 2>/dev/null
	mountpoint -q /sys/kernel/config || mount -t configfs configfs /sys/kernel/config
	modprobe -q sr_mod 2>/dev/null
	modprobe -q sg 2>/dev/null
	[ -d "$EMU_CFS" ] || insmod "$DISCBURN_TOP/build/$KVER/kmod/emu/discburn_emu.ko" ||
		{ echo "Bail out! cannot load discburn_emu"; exit 1; }
}

# emu_new NAME MEDIUM [knob=value ...]: create, configure and power on a
# drive; sets SR=/dev/srN and SG=/dev/sgN
emu_new() {
	local name=$1 medium=$2 kv i
	shift 2
	emu_load
	mkdir "$EMU_CFS/$name" || return 1
	echo "$medium" > "$EMU_CFS/$name/medium" || return 1
	for kv in "$@"; do
		echo "${kv#*=}" > "$EMU_CFS/$name/${kv%%=*}" || return 1
	done
	echo 1 > "$EMU_CFS/$name/power" || return 1
	for i in $(seq 100); do
		SR=$(cat "$EMU_CFS/$name/block_device")
		SG=$(cat "$EMU_CFS/$name/sg_device")
		if [ -n "$SR" ] && [ -n "$SG" ] && [ -b "/dev/$SR" ] && [ -c "/dev/$SG" ]; then
			SR=/dev/$SR
			SG=/dev/$SG
			udevadm settle 2>/dev/null
			return 0
		fi
		sleep 0.1
	done
	echo "# $name: no srN/sgN after power on"
	return 1
}

emu_del() {
	[ -d "$EMU_CFS/$1" ] || return 0
	echo 0 > "$EMU_CFS/$1/power"
	rmdir "$EMU_CFS/$1"
}

emu_get() { cat "$EMU_CFS/$1/$2"; }
emu_set() { echo "$3" > "$EMU_CFS/$1/$2"; }
emu_stat() { awk -v k="$2" '$1 == k { print $2 }' "$EMU_CFS/$1/stats"; }

# mkiso TAG KIB [extra genisoimage args]: a tree of random files and its
# image; sets TREE and ISO
mkiso() {
	local tag=$1 kib=$2
	shift 2
	TREE=$EMU_TMP/$tag.tree
	ISO=$EMU_TMP/$tag.iso
	mkdir -p "$TREE/dir"
	head -c $((kib * 1024 * 3 / 4)) /dev/urandom > "$TREE/big.bin"
	head -c $((kib * 1024 / 4)) /dev/urandom > "$TREE/dir/small.bin"
	echo "$tag" > "$TREE/dir/name.txt"
	genisoimage -quiet -R -J "$@" -o "$ISO" "$TREE"
}

# mount_compare DEV TREE: mount iso9660 and compare every file
mount_compare() {
	local mnt=$EMU_TMP/mnt rc
	mkdir -p "$mnt"
	mount -t iso9660 -o ro "$1" "$mnt" || return 1
	diff -r "$2" "$mnt"
	rc=$?
	umount "$mnt"
	return $rc
}

# dd_equals DEV IMAGE [START_BLOCK]: the recorded blocks equal the image
dd_equals() {
	local blocks=$(( $(stat -c %s "$2") / 2048 ))
	dd if="$1" bs=2048 skip="${3:-0}" count="$blocks" status=none | cmp -s - "$2"
}

# isoinfo_ok DEV: isoinfo recognises the file system
isoinfo_ok() { isoinfo -d -i "$1" 2>/dev/null | grep -q "ISO 9660"; }

# cdinfo_tracks DEV: "first-last" data tracks as cd-info lists them
cdinfo_data_tracks() {
	cd-info --no-device-info --no-analyze "$1" 2>/dev/null | awk '/^ *[0-9]+: [0-9:]+ +[0-9]+ +data/ { n++ } END { print n + 0 }'
}
