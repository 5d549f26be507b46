#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Injected faults make real tools fail where they should: a write error at
# an LBA or on the Nth WRITE (visible as last_sense), power loss in the
# middle of a burn (the module still unloads), and an image larger than the
# disc is refused before anything is written.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

plan 12
emu_load
# every check below is "cdrskin fails": without cdrskin they would all pass
check "cdrskin is installed" command -v cdrskin
command -v cdrskin >/dev/null || done_testing
mkiso f 2048

burn() { timeout 300 cdrskin -v dev="$SR" -tao "$ISO" > "$TMP/log" 2>&1; }

emu_new f cdr80 capacity_sectors=30000 fail_write_lba=600 fail_sense=3/0c/00
burn
check "fail_write_lba makes cdrskin fail" [ $? != 0 ]
check "fail_write_lba shows in last_sense" [ "$(emu_stat f last_sense)" = 3/0c/00 ]
check "fail_write_lba stops the burn at that LBA" \
	[ "$(emu_stat f sectors_written)" -le 600 ]
emu_del f

emu_new f cdr80 capacity_sectors=30000 fail_write_nth=20 fail_sense=3/0c/02
burn
rc=$?
[ $rc != 0 ] || sed 's/^/# /' "$TMP/log" | tail -30
sed 's/^/# /' "$(emu_dir f)/stats"
check "fail_write_nth makes cdrskin fail" [ $rc != 0 ]
check "fail_write_nth shows its sense in last_sense" [ "$(emu_stat f last_sense)" = 3/0c/02 ]
check "fail_write_nth stops the burn at the Nth WRITE" [ "$(emu_stat f writes)" = 19 ]
emu_del f

# wodim: libburn's cdrskin itself crashes when its drive disappears
emu_new f cdr80 capacity_sectors=30000 unplug_write_nth=10
timeout -k 5 45 wodim -v dev="$SR" gracetime=2 -tao "$ISO" > "$TMP/log" 2>&1
check "unplug_write_nth makes wodim fail" [ $? != 0 ]
for i in $(seq 50); do [ "$(emu_get f power)" = 0 ] && break; sleep 0.1; done
check "unplug_write_nth powers the drive off" [ "$(emu_get f power)" = 0 ]
emu_del f
check "rmmod discburn_emu works after an unplug mid-burn" rmmod discburn_emu
emu_load

emu_new f cdr80 capacity_sectors=700
burn
check "cdrskin refuses an image larger than the disc" [ $? != 0 ]
check "nothing is written when the image does not fit" [ "$(emu_stat f writes)" = 0 ]
emu_del f
done_testing
