#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# growisofs burns DVD and BD media on the emulator: -Z on every writable
# medium, then -M adds a second session on DVD+R and BD-R that the kernel's
# multisession mount sees.
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

MEDIA=(dvdplusr dvdr dvdplusrw bdr bdre)
APPEND=(dvdplusr bdr)

plan $(( ${#MEDIA[@]} * 3 + ${#APPEND[@]} * 3 ))
emu_load
mkiso dvd 2048
for m in "${MEDIA[@]}"; do
	if ! emu_new dvd "$m" capacity_sectors=100000; then
		for c in burns mount dd; do not_ok "growisofs -Z on $m: $c"; done
		emu_del dvd
		continue
	fi
	timeout 300 growisofs -Z "$SR=$ISO" > "$TMP/log" 2>&1
	rc=$?
	[ $rc = 0 ] || { diag "exit $rc"; sed 's/^/# /' "$TMP/log" | tail -20; }
	check "growisofs -Z burns an image to $m" [ $rc = 0 ]
	sed 's/^/# /' "$(emu_dir dvd)/toc"
	check "growisofs -Z on $m: mount sees every file" mount_compare "$SR" "$TREE"
	check "growisofs -Z on $m: dd equals the image" dd_equals "$SR" "$ISO"
	emu_del dvd
done

for m in "${APPEND[@]}"; do
	T1=$TMP/s1
	T2=$TMP/s2
	rm -rf "$T1" "$T2"
	mkdir -p "$T1" "$T2"
	head -c 300000 /dev/urandom > "$T1/first.bin"
	head -c 300000 /dev/urandom > "$T2/second.bin"
	if ! emu_new dvd "$m" capacity_sectors=100000; then
		for c in first second mount; do not_ok "growisofs -M on $m: $c"; done
		emu_del dvd
		continue
	fi
	timeout 300 growisofs -Z "$SR" -R "$T1" > "$TMP/log" 2>&1 &&
		timeout 300 growisofs -M "$SR" -R "$T2" >> "$TMP/log" 2>&1
	rc=$?
	[ $rc = 0 ] || { diag "exit $rc"; sed 's/^/# /' "$TMP/log" | tail -30; }
	check "growisofs -M appends a session to $m" [ $rc = 0 ]
	sed 's/^/# /' "$(emu_dir dvd)/toc"
	mkdir -p "$TMP/mnt"
	if mount -t iso9660 -o ro "$SR" "$TMP/mnt"; then
		check "growisofs -M on $m: mount sees the second session's file" \
			cmp -s "$T2/second.bin" "$TMP/mnt/second.bin"
		check "growisofs -M on $m: mount still sees the first session's file" \
			cmp -s "$T1/first.bin" "$TMP/mnt/first.bin"
		umount "$TMP/mnt"
	else
		not_ok "growisofs -M on $m: mount sees the second session's file"
		not_ok "growisofs -M on $m: mount still sees the first session's file"
	fi
	emu_del dvd
done
done_testing
