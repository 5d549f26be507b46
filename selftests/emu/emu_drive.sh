#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The drive knob (recorder, dvd, cd, rom): GET CONFIGURATION, page 2A and
# GET PERFORMANCE agree with the kind of drive, media the drive cannot
# record read back as ROM profiles, media it cannot use are incompatible,
# and a reader refuses every recording command as an invalid opcode.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

plan 40
emu_load

# hex bytes (space separated) of a data-in command: hexin LEN CDB...
hexin() {
	local len=$1
	shift
	sg_raw -b -r "$len" "$SG" "$@" 2>/dev/null | od -An -v -tx1 | tr -s ' \n' ' '
}

# sense KEY/ASC/ASCQ of an sg_raw command, "0/00/00" when it succeeded
raw_sense() {
	local b
	read -r -a b < <(sg_raw -vv "$@" 2>&1 >/dev/null |
		sed -n '/[Rr]aw sense data/,/^ *$/p' | sed 1d | tr -s ' \n' ' ')
	if [ ${#b[@]} -lt 14 ]; then
		echo 0/00/00
	else
		printf '%x/%s/%s\n' $((16#${b[2]} & 15)) "${b[12]}" "${b[13]}"
	fi
}

# current profile (hex, 4 digits) from GET CONFIGURATION
cur_profile() {
	local b
	read -r -a b <<<"$(hexin 8 46 02 00 00 00 00 00 00 08 00)"
	echo "${b[6]}${b[7]}"
}

# the profile list (hex, space separated)
profiles() {
	local b i n
	read -r -a b <<<"$(hexin 256 46 02 00 00 00 00 00 01 00 00)"
	n=$((16#${b[11]}))
	for ((i = 12; i < 12 + n; i += 4)); do printf '%s%s ' "${b[i]}" "${b[i + 1]}"; done
}

# page 2A byte N (hex)
page2a_byte() {
	local b
	read -r -a b <<<"$(hexin 64 5a 08 2a 00 00 00 00 00 40 00)"
	echo "${b[8 + $1]}"
}

# number of write speed descriptors from GET PERFORMANCE type 3
write_speeds() {
	local b
	read -r -a b <<<"$(hexin 512 ac 00 00 00 00 00 00 00 00 10 03 00)"
	echo $(( (16#${b[2]}${b[3]} - 4) / 16 ))
}

has() { [[ " $1 " == *" $2 "* ]]; }

for kind in recorder dvd cd rom; do
	emu_new d cdr80 drive=$kind || { not_ok "$kind: power on"; continue; }
	sg_turs "$SG" > /dev/null 2>&1
	sg_turs "$SG" > /dev/null 2>&1
	p=$(profiles)
	diag "$kind: profiles $p; page 2A bytes 2-3 $(page2a_byte 2) $(page2a_byte 3)"
	case $kind in
	recorder)
		check "recorder: lists CD, DVD and BD profiles" \
			eval 'has "$p" 0041 && has "$p" 001b && has "$p" 0009'
		check "recorder: page 2A writes CD-R and DVD-R" [ "$(page2a_byte 3)" = 17 ] ;;
	dvd)
		check "dvd: lists no BD profile" \
			eval '! has "$p" 0040 && ! has "$p" 0041 && ! has "$p" 0043 && has "$p" 001b'
		check "dvd: page 2A writes CD-R and DVD-R" [ "$(page2a_byte 3)" = 17 ] ;;
	cd)
		check "cd: lists CD-R/RW, CD-ROM and DVD-ROM only" [ "$p" = "0010 000a 0009 0008 " ]
		check "cd: page 2A writes CD only" [ "$(page2a_byte 3)" = 07 ] ;;
	rom)
		check "rom: lists CD-ROM, DVD-ROM and BD-ROM only" [ "$p" = "0040 0010 0008 " ]
		check "rom: page 2A writes nothing" [ "$(page2a_byte 3)" = 00 ] ;;
	esac
	if [ $kind = rom ]; then
		check "rom: a CD-R is CD-ROM" [ "$(cur_profile)" = 0008 ]
		check "rom: no write speeds" [ "$(write_speeds)" = 0 ]
		check "rom: WRITE(10) is an invalid opcode" \
			[ "$(raw_sense -s 2048 -i /dev/zero "$SG" 2a 00 00 00 00 00 00 00 01 00)" = 5/20/00 ]
		check "rom: BLANK is an invalid opcode" \
			[ "$(raw_sense "$SG" a1 01 00 00 00 00 00 00 00 00 00 00)" = 5/20/00 ]
		check "rom: CLOSE TRACK/SESSION is an invalid opcode" \
			[ "$(raw_sense "$SG" 5b 00 02 00 00 00 00 00 00 00)" = 5/20/00 ]
		check "rom: SEND CUE SHEET is an invalid opcode" \
			[ "$(raw_sense -s 8 -i /dev/zero "$SG" 5d 00 00 00 00 00 00 00 08 00)" = 5/20/00 ]
		check "rom: FORMAT UNIT is an invalid opcode" \
			[ "$(raw_sense "$SG" 04 00 00 00 00 00)" = 5/20/00 ]
		timeout 120 cdrskin -v dev="$SR" -tao /dev/null > "$TMP/log" 2>&1
		check "rom: cdrskin cannot burn" [ $? != 0 ]
	else
		check "$kind: a CD-R is CD-R" [ "$(cur_profile)" = 0009 ]
		check "$kind: offers write speeds" [ "$(write_speeds)" -ge 1 ]
	fi
	timeout 60 wodim -prcap dev="$SG" > "$TMP/prcap" 2>&1
	case $kind in
	recorder|dvd)
		check "$kind: wodim -prcap: writes CD-R and DVD-R" \
			grep -q "Does write DVD-R media" "$TMP/prcap" ;;
	cd)
		check "cd: wodim -prcap: writes CD-R, not DVD-R" \
			eval 'grep -q "Does write CD-R media" "$TMP/prcap" &&
			      ! grep -q "Does write DVD-R" "$TMP/prcap"' ;;
	rom)
		check "rom: wodim -prcap: writes nothing" \
			eval 'grep -q "Does read CD-R media" "$TMP/prcap" &&
			      ! grep -q "Does write" "$TMP/prcap"' ;;
	esac
	emu_del d
done

# a DVD in a CD writer is a DVD-ROM; a BD in a CD or DVD writer is incompatible
emu_new d dvdplusr drive=cd
sg_turs "$SG" > /dev/null 2>&1
check "cd: a DVD+R is DVD-ROM" [ "$(cur_profile)" = 0010 ]
check "cd: WRITE(10) on a DVD fails 5/30/05" \
	[ "$(raw_sense -s 2048 -i /dev/zero "$SG" 2a 00 00 00 00 00 00 00 01 00)" = 5/30/05 ]
check "cd: no write speeds for a DVD" [ "$(write_speeds)" = 0 ]
emu_del d
for kind in cd dvd; do
	emu_new d bdr drive=$kind
	sg_turs "$SG" > /dev/null 2>&1
	check "$kind: a BD-R has current profile 0" [ "$(cur_profile)" = 0000 ]
	check "$kind: TEST UNIT READY says incompatible medium" \
		[ "$(raw_sense "$SG" 00 00 00 00 00 00)" = 2/30/00 ]
	check "$kind: READ(10) of a BD fails 2/30/00" \
		[ "$(raw_sense -r 2048 "$SG" 28 00 00 00 00 00 00 00 01 00)" = 2/30/00 ]
	emu_del d
done
emu_new d bdr drive=rom
sg_turs "$SG" > /dev/null 2>&1
check "rom: a BD-R is BD-ROM" [ "$(cur_profile)" = 0040 ]
emu_del d

# a disc burnt in a recorder reads back in a reader
mkiso rd 1024
emu_new d cdr80 capacity_sectors=30000
timeout 300 cdrskin -v dev="$SR" -tao "$ISO" > "$TMP/log" 2>&1
check "cdrskin burns the disc for the reader" [ $? = 0 ]
echo 0 > "$(emu_dir d)/power"
echo rom > "$(emu_dir d)/drive"
check "drive is not live" sh -c "echo 1 > $(emu_dir d)/power && ! echo cd 2>/dev/null > $(emu_dir d)/drive"
for i in $(seq 50); do
	SR=/dev/$(emu_get d block_device); SG=/dev/$(emu_get d sg_device)
	[ -b "$SR" ] && [ -c "$SG" ] && break
	sleep 0.1
done
udevadm settle 2>/dev/null
sg_turs "$SG" > /dev/null 2>&1
check "rom: the burnt disc is CD-ROM" [ "$(cur_profile)" = 0008 ]
check "rom: the burnt disc reads back" dd_equals "$SR" "$ISO"

emu_del d
done_testing
