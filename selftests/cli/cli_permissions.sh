#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Permissions as users meet them. /dev/discburnN gets what our udev rule
# (tools/udev/60-discburn.rules) gives it: group cdrom, mode 0660 (the VM
# has no udevd, so the test applies the rule's GROUP and MODE itself, read
# from the rule). Then, as user nobody with every capability dropped
# (no CAP_SYS_RAWIO, no CAP_SYS_ADMIN):
#  - without the cdrom group nothing can be queried, locked or written,
#    and the CLI says how to get access;
#  - with it, info, media, lock, owner, burn (read back identical),
#    monitor and eject work;
#  - root-only knobs stay root-only: the module parameters, the guard's
#    switch and the emulator's configfs.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

B=$DISCBURN_BIN
EMU_RECORDER=1
RULE=$DISCBURN_TOP/tools/udev/60-discburn.rules
chmod 755 "$TMP"

MON=

[ -x "$B" ] || skip_all "build/bin/discburn not built"
[ -d "$EMU_CFS" ] || skip_all "discburn_emu not loaded"
[ -d /sys/class/discburn ] || skip_all "discburn.ko not loaded"

# plug: a fresh DVD+R; sets SR and DEV
plug() { emu_del p; emu_new p dvdplusr; }

CDROM=$(getent group cdrom | cut -d: -f3)
# as nobody, no capabilities, with (cdrom) or without (none) the group
as_user() {
	local groups=$1
	shift
	if [ "$groups" = cdrom ]; then
		set -- setpriv --reuid=65534 --regid=65534 --groups="$CDROM" \
			--inh-caps=-all --bounding-set=-all -- "$@"
	else
		set -- setpriv --reuid=65534 --regid=65534 --clear-groups \
			--inh-caps=-all --bounding-set=-all -- "$@"
	fi
	"$@"
}

plan 17

[ -n "$CDROM" ] || { not_ok "the cdrom group exists"; done_testing; }
group=$(sed -n 's/.*GROUP="\([^"]*\)".*/\1/p' "$RULE")
mode=$(sed -n 's/.*MODE="\([0-7]*\)".*/\1/p' "$RULE")
check "the udev rule gives /dev/discburnN to group cdrom, mode 0660" \
	eval '[ "$group" = cdrom ] && [ "$mode" = 0660 ]'
command -v setpriv >/dev/null || { not_ok "setpriv is installed"; done_testing; }
genisoimage -quiet -R -o "$TMP/img.iso" "$DISCBURN_TOP/Documentation" 2>/dev/null
chmod 644 "$TMP/img.iso"

if ! plug; then
	for i in $(seq 16); do not_ok "permissions $i (no drive)"; done
	done_testing
fi
chgrp "$group" "$DEV" && chmod "$mode" "$DEV"

# without the group
out=$(as_user none "$B" info "$DEV" 2>&1)
rc=$?
check "without cdrom: info is refused" [ $rc != 0 ]
check "without cdrom: the message says to join the cdrom group" \
	grep -q "Join the 'cdrom' group" <<<"$out"
check_fail "without cdrom: lock is refused" as_user none "$B" lock "$DEV" -- true
check_fail "without cdrom: burn is refused" as_user none "$B" burn "$DEV" "$TMP/img.iso"
check "without cdrom: the disc is still blank" \
	sh -c "'$B' media '$DEV' --json | grep -q '\"disc_status\": *\"blank\"'"

# with the group, and no capability at all
check "with cdrom: info works" as_user cdrom "$B" info "$DEV"
check "with cdrom: media works" as_user cdrom "$B" media "$DEV" --json
check "with cdrom: lock -- CMD works and owner names it" \
	as_user cdrom "$B" lock "$DEV" --client "Perm Test" -- \
	sh -c "'$B' owner '$DEV' | grep -q 'Perm Test'"
# setpriv itself in the background (not a subshell), so $! is the monitor
setpriv --reuid=65534 --regid=65534 --groups="$CDROM" --inh-caps=-all --bounding-set=-all \
	-- "$B" monitor --json > "$TMP/mon.json" 2>/dev/null < /dev/null &
MON=$!
sleep 0.5
check "with cdrom: burn works" as_user cdrom "$B" burn "$DEV" "$TMP/img.iso" --close
sleep 0.5
kill "$MON" 2>/dev/null
wait "$MON" 2>/dev/null
size=$(stat -c %s "$TMP/img.iso")
check "with cdrom: the disc reads back identical" \
	cmp -n "$size" "$TMP/img.iso" "$SR"
check "with cdrom: monitor saw the write end" grep -q '"event": *"write-done"' "$TMP/mon.json"
check "with cdrom: eject works" as_user cdrom "$B" eject "$DEV"

# root-only knobs (a drive nobody could make would be removed at exit)
at_exit 'emu_del nobody 2>/dev/null'
check_fail "module parameters are root-only" \
	as_user cdrom sh -c "echo 1024 > /sys/module/discburn/parameters/ring_max_kib"
check_fail "the guard's switch is root-only" \
	as_user cdrom sh -c "echo sync > /sys/module/discburn/parameters/guard"
check_fail "emulator configfs is root-only (mkdir)" \
	as_user cdrom mkdir "$(emu_dir nobody)"
check_fail "emulator configfs is root-only (knob)" \
	as_user cdrom sh -c "echo 0 > '$(emu_dir p)/power'"
done_testing
