# SPDX-License-Identifier: GPL-2.0
#
# discburn: one Makefile drives everything. The README's two commands are
# `make demo` and `make check`; see Documentation/testing.rst for the rest.
#
#   make                build both modules for every supported kernel that is
#                       installed (or KVER=...), the library, the CLI, the tests
#   make deps           install the Debian packages the project uses
#   make check          deps + build + host tests + VM suite on every kernel
#   make demo           boot a VM and show discburn at work
#   make fuzz           the long fuzz run (10^6 calls per kernel)
#   make check-debug    the suite, fail-nth loops and fuzz on a KASAN/lockdep/
#                       kmemleak/fault-injection kernel built from linux-source
#   make sparse | checkpatch | install | install-guard | dkms | clean

SHELL := /bin/bash
TOP := $(CURDIR)
B := $(TOP)/build

# Supported kernels that have headers installed: Debian's 6.1 and 6.12.
KVERS := $(if $(KVER),$(KVER),$(shell $(TOP)/tools/make/kvers))
WERROR ?= 1

CC ?= gcc
CFLAGS ?= -O2 -g
WFLAGS := -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wformat=2
# kselftest_harness.h (6.12) trips -Wclobbered through its own vfork(); ours never longjmps.
TFLAGS := -Wno-sign-compare -Wno-clobbered
CPPFLAGS_ALL := -D_GNU_SOURCE -I$(TOP)/uapi -I$(TOP)/libshim/include
NL_CFLAGS = $(shell pkg-config --cflags libnl-genl-3.0)
NL_LIBS = $(shell pkg-config --libs libnl-genl-3.0)
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

KSELFTEST := $(B)/third_party/kselftest
CHECKPATCH := $(B)/third_party/checkpatch/checkpatch.pl

LIB_SRCS := $(sort $(wildcard libshim/src/*.c))
LIB_HDRS := $(wildcard libshim/include/*.h libshim/src/*.h uapi/linux/*.h)
CLI_SRCS := $(sort $(wildcard tools/discburn/*.c))
CLI_HDRS := $(wildcard tools/discburn/*.h)
ST_SRCS := $(sort $(wildcard selftests/*/*.c))
ST_SRCS := $(filter-out selftests/host/%,$(ST_SRCS))
ST_HDRS := $(wildcard selftests/*.h selftests/*/*.h)
HT_SRCS := $(sort $(wildcard selftests/host/*.c))

LIB_OBJS := $(patsubst libshim/src/%.c,$(B)/lib/obj/%.o,$(LIB_SRCS))
LIB_SO_VER := 0
LIBA := $(B)/lib/libdiscburn.a
LIBSO := $(B)/lib/libdiscburn.so.$(LIB_SO_VER)
CLI := $(B)/bin/discburn
ST_BINS := $(patsubst selftests/%.c,$(B)/selftests/%,$(ST_SRCS))
HT_BINS := $(patsubst selftests/host/%.c,$(B)/hosttests/%,$(HT_SRCS)) \
	   $(patsubst selftests/host/%.c,$(B)/hosttests-san/%,$(HT_SRCS))

# The guard (tools/guard/, Documentation/guard.rst): a CO-RE BPF object, its
# skeleton and the loader that embeds it.
BPF_CLANG ?= clang
BPFTOOL ?= $(or $(shell command -v bpftool),/usr/sbin/bpftool)
GUARD := $(B)/bin/discburn-guard
GUARD_BPF := $(B)/guard/guard.bpf.o
GUARD_SKEL := $(B)/guard/guard.skel.h

KMOD_FILES := $(sort $(wildcard kmod/*.[ch] kmod/emu/*.[ch]))

.PHONY: all modules userspace deps third_party check demo sparse checkpatch \
	install install-modules install-userspace install-guard dkms clean hosttests selftests \
	vm-check kmod-one fuzz bench check-debug FORCE

all: modules userspace

userspace: $(LIBA) $(LIBSO) $(CLI) $(GUARD) selftests

deps:
	@$(TOP)/tools/make/deps

third_party: $(KSELFTEST)/kselftest_harness.h

$(KSELFTEST)/kselftest_harness.h $(CHECKPATCH):
	@$(TOP)/tools/make/third-party $(B)/third_party

# ---- kernel modules: one shadow tree of symlinks per kernel under build/ ----
modules:
	@test -n "$(strip $(KVERS))" || { echo "no supported kernel headers installed: run 'make deps'" >&2; exit 1; }
	@set -e; for k in $(KVERS); do \
		$(MAKE) --no-print-directory kmod-one K=$$k; \
	done

kmod-one:
	@mkdir -p $(B)/$(K)
	@find $(B)/$(K) -xtype l -delete
	@cp -rsn $(TOP)/Kbuild $(TOP)/kmod $(TOP)/uapi $(B)/$(K)/
	@echo "  MODULES $(K)"
	@$(MAKE) --no-print-directory -C /lib/modules/$(K)/build M=$(B)/$(K) \
		DISCBURN_ROOT=$(B)/$(K) W=1 $(if $(filter 1,$(WERROR)),KCFLAGS=-Werror) \
		$(MODFLAGS) modules

sparse:
	@$(TOP)/tools/make/sparse $(KVERS)

checkpatch: $(CHECKPATCH)
	@$(TOP)/tools/make/checkpatch $(CHECKPATCH) $(KMOD_FILES) uapi/linux/discburn.h

# ---- user space ----
$(B)/lib/obj/%.o: libshim/src/%.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_ALL) $(NL_CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<

$(LIBA): $(LIB_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(LIBSO): $(LIB_OBJS) libshim/libdiscburn.sym
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -shared -Wl,-soname,libdiscburn.so.$(LIB_SO_VER) \
		-Wl,--version-script=libshim/libdiscburn.sym -Wl,-z,defs -o $@ $(LIB_OBJS) $(NL_LIBS)
	ln -sf libdiscburn.so.$(LIB_SO_VER) $(B)/lib/libdiscburn.so

$(CLI): $(CLI_SRCS) $(CLI_HDRS) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WFLAGS) $(CPPFLAGS_ALL) $(NL_CFLAGS) -o $@ $(CLI_SRCS) $(LIBA) $(NL_LIBS)

$(GUARD_BPF): tools/guard/guard.bpf.c tools/guard/guard.h
	@mkdir -p $(@D)
	$(BPF_CLANG) -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_x86 \
		-I/usr/include/$(shell $(CC) -dumpmachine) -Itools/guard -c -o $@ $<

$(GUARD_SKEL): $(GUARD_BPF)
	$(BPFTOOL) gen skeleton $< name guard > $@.tmp && mv $@.tmp $@

$(GUARD): tools/guard/discburn-guard.c tools/guard/guard.h $(GUARD_SKEL)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WFLAGS) -I$(B)/guard -Itools/guard -o $@ $< -lbpf

selftests: $(ST_BINS) $(HT_BINS)

$(B)/selftests/%: selftests/%.c $(ST_HDRS) $(LIBA) $(KSELFTEST)/kselftest_harness.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WFLAGS) $(TFLAGS) $(CPPFLAGS_ALL) -I$(TOP)/selftests -I$(KSELFTEST) $(NL_CFLAGS) \
		-o $@ $< $(LIBA) $(NL_LIBS) -lpthread

$(B)/hosttests/%: selftests/host/%.c $(ST_HDRS) $(LIB_SRCS) $(LIB_HDRS) $(CLI_SRCS) $(CLI_HDRS) $(KSELFTEST)/kselftest_harness.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(WFLAGS) $(TFLAGS) $(CPPFLAGS_ALL) -I$(TOP) -I$(TOP)/selftests -I$(KSELFTEST) $(NL_CFLAGS) \
		-o $@ $< $(LIB_SRCS) $(NL_LIBS)

$(B)/hosttests-san/%: selftests/host/%.c $(ST_HDRS) $(LIB_SRCS) $(LIB_HDRS) $(CLI_SRCS) $(CLI_HDRS) $(KSELFTEST)/kselftest_harness.h
	@mkdir -p $(@D)
	$(CC) -O1 -g $(SAN) $(WFLAGS) $(TFLAGS) $(CPPFLAGS_ALL) -I$(TOP) -I$(TOP)/selftests -I$(KSELFTEST) $(NL_CFLAGS) \
		-o $@ $< $(LIB_SRCS) $(NL_LIBS)

hosttests: $(HT_BINS)
	@$(if $(HT_BINS),$(TOP)/selftests/run --host $(HT_BINS),echo "0 passed, 0 failed")

# ---- the README's commands ----
check:
	@$(TOP)/tools/make/check

demo:
	@$(TOP)/tools/make/demo

# The debug lane (Documentation/testing.rst): its kernel is cached outside
# the tree, in DISCBURN_DEBUG_CACHE (default /var/cache/discburn).
check-debug:
	@$(TOP)/tools/debug/check

# discburn against growisofs, cdrskin and wodim in one VM (Documentation/bench.rst)
bench:
	@$(TOP)/tools/bench/bench

# The long fuzz run (selftests/fuzz/fuzz.c) on every kernel: FUZZ_CALLS calls,
# FUZZ_SEED (default: a new one, printed, to replay a failure).
FUZZ_CALLS ?= 1000000
fuzz: modules userspace
	@set -e; seed=$${FUZZ_SEED:-$$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}; \
	for k in $(KVERS); do \
		echo "fuzz: $$k, seed $$seed, $(FUZZ_CALLS) calls"; \
		DISCBURN_FUZZ_SEED=$$seed DISCBURN_FUZZ_CALLS=$(FUZZ_CALLS) TEST_FILTER='^selftests/fuzz/' \
		TEST_TIMEOUT=7200 VM_TIMEOUT=7500 $(TOP)/tools/vm/run $$k -- $(TOP)/selftests/run; \
	done

# Run the VM suite on one kernel (KVER=...) or all of them, after `make`.
vm-check:
	@set -e; for k in $(KVERS); do $(TOP)/tools/vm/run $$k -- $(TOP)/selftests/run; done

# ---- installation on a real machine ----
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
UDEVDIR ?= /etc/udev/rules.d
SBINDIR ?= $(PREFIX)/sbin
UNITDIR ?= /etc/systemd/system
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

install: install-modules install-userspace install-guard

install-modules: modules
	@set -e; for k in $(KVERS); do \
		$(MAKE) -C /lib/modules/$$k/build M=$(B)/$$k INSTALL_MOD_DIR=extra modules_install; \
		depmod -a $$k; \
	done

install-userspace: $(LIBA) $(LIBSO) $(CLI)
	install -D -m 0644 $(LIBA) $(DESTDIR)$(LIBDIR)/libdiscburn.a
	install -D -m 0755 $(LIBSO) $(DESTDIR)$(LIBDIR)/libdiscburn.so.$(LIB_SO_VER)
	ln -sf libdiscburn.so.$(LIB_SO_VER) $(DESTDIR)$(LIBDIR)/libdiscburn.so
	install -D -m 0644 libshim/include/discburn.h $(DESTDIR)$(INCLUDEDIR)/discburn.h
	install -D -m 0644 uapi/linux/discburn.h $(DESTDIR)$(INCLUDEDIR)/linux/discburn.h
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(DKMS_VERSION)|' \
		libshim/discburn.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/discburn.pc
	install -D -m 0755 $(CLI) $(DESTDIR)$(BINDIR)/discburn
	install -d $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7
	install -m 0644 libshim/man/*.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 0644 libshim/man/*.7 $(DESTDIR)$(MANDIR)/man7/
	install -D -m 0644 tools/udev/60-discburn.rules $(DESTDIR)$(UDEVDIR)/60-discburn.rules

# The guard as a systemd service; `systemctl enable --now discburn-guard` starts it.
install-guard: $(GUARD)
	install -D -m 0755 $(GUARD) $(DESTDIR)$(SBINDIR)/discburn-guard
	install -d $(DESTDIR)$(UNITDIR)
	sed -e 's|@SBINDIR@|$(SBINDIR)|' tools/guard/discburn-guard.service.in \
		> $(DESTDIR)$(UNITDIR)/discburn-guard.service

# DKMS: copies the kernel sources to /usr/src/discburn-VERSION and registers them.
dkms:
	rm -rf /usr/src/discburn-$(DKMS_VERSION)
	mkdir -p /usr/src/discburn-$(DKMS_VERSION)
	cp -r Kbuild Makefile dkms.conf kmod uapi tools /usr/src/discburn-$(DKMS_VERSION)/
	dkms add -m discburn -v $(DKMS_VERSION)
	dkms build -m discburn -v $(DKMS_VERSION)
	dkms install -m discburn -v $(DKMS_VERSION)

clean:
	rm -rf $(filter-out $(B)/third_party,$(wildcard $(B)/*))
