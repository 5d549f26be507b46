#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The configfs interface: power commits and hot-unplugs, power-on-only
# knobs answer EBUSY while powered, live knobs apply at once.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

plan 14
emu_load
D=$(emu_dir cfg)
check "features lists every knob" \
	grep -q "vendor .*fail_write_lba.*unplug_write_nth reorder_writes sink_mib power block_device sg_device stats toc" \
	"$EMU_CFS/features"
emu_new cfg cdr80 vendor=TESTVEND capacity_sectors=5000
check "power=1 adds an sr and an sg node" eval '[ -b "$SR" ] && [ -c "$SG" ]'
check "INQUIRY reports the configured vendor" sh -c "sg_inq $SG | grep -q TESTVEND"
echo OTHER > "$D/vendor" 2>/dev/null
rc=$?
check "vendor answers EBUSY while powered" eval '[ $rc != 0 ] && [ "$(emu_get cfg vendor)" = TESTVEND ]'
echo 9999 > "$D/buffer_kib" 2>/dev/null
check "buffer_kib answers EBUSY while powered" [ $? != 0 ]
echo dvdplusr > "$D/medium"
check "writing medium while powered inserts a new blank disc" \
	grep -q "medium dvdplusr" "$D/toc"
# the sink: WRITEs from the kernel to the drive, counted like any others
echo 8 > "$D/sink_mib"
check "sink_mib=8 writes 8 MiB in max_transfer_kib WRITEs" eval \
	'[ "$(emu_stat cfg sink_bytes)" = 8388608 ] && [ "$(emu_stat cfg sectors_written)" = 4096 ] &&
	 [ "$(emu_stat cfg writes)" = 64 ] && [ "$(emu_stat cfg sink_ns)" -gt 0 ]'
check "the sink's blocks are on the disc" grep -q "^track 1 session .* start 0 blocks 4096" "$D/toc"
echo 0 > "$D/sink_mib" 2>/dev/null
check "sink_mib=0 is refused" [ $? != 0 ]
echo 65536 > "$D/sink_mib" 2>/dev/null
rc=$?
check "a sink larger than the free space is refused" \
	eval '[ $rc != 0 ] && [ "$(emu_stat cfg sectors_written)" = 4096 ]'
cfg_sr=$SR cfg_sg=$SG
emu_new big dvdplusr max_transfer_kib=1024
echo 8 > "$(emu_dir big)/sink_mib"
rc=$?
check "the sink fits its WRITEs to what the queue takes" \
	eval '[ $rc = 0 ] && [ "$(emu_stat big sink_bytes)" = 8388608 ] && [ "$(emu_stat big writes)" -lt 64 ]'
emu_del big
SR=$cfg_sr SG=$cfg_sg
echo open > "$D/tray"
check "an open tray reports no medium" sh -c "! sg_turs $SG 2>/dev/null"
echo closed > "$D/tray"
echo 0 > "$D/power"
check "power=0 removes the sr node" eval '[ ! -b "$SR" ] && [ -z "$(emu_get cfg block_device)" ]'
echo 1 > "$D/power"
rmdir "$D"
check "rmdir of a powered drive unplugs and removes it" [ ! -d "$D" ]
done_testing
