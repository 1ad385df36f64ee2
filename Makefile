# SPDX-License-Identifier: GPL-2.0
# xsw: build, test, demo. Everything generated goes under build/.
# `make help` lists the targets; V=1 shows the commands.

BUILD	?= build
VMLINUX_BTF ?= /sys/kernel/btf/vmlinux
VMLINUX_H ?= $(BUILD)/vmlinux.h
ARCH	:= $(shell uname -m | sed 's/x86_64/x86/; s/aarch64/arm64/')

CC	?= gcc
CLANG	?= clang
BPFTOOL	?= bpftool
PKGS	:= libbpf libxdp libmnl json-c libpcap

CFLAGS	?= -O2 -g
# LAYOUT_CFLAGS=-DXSW_LAYOUT_OLD: the map layout before this one (tests only)
LAYOUT_CFLAGS ?=
CFLAGS	+= -Wall -Wextra -Werror -Wformat=2 -Wmissing-prototypes -std=gnu11 \
	   -Iinclude -I$(BUILD) -Ictl/lib -Ictl/cli -MMD -MP $(LAYOUT_CFLAGS)
LDLIBS	+= $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lbpf -lxdp -lmnl -ljson-c -lpcap) -lelf -lz

VERSION	:= 0.6.0
GIT_COMMIT ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)

BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	      -I$(dir $(VMLINUX_H)) -Iinclude -Imaps -Ibpf -MMD -MP $(LAYOUT_CFLAGS)

# entries of the switch, linked into one object; bpf/ext_*: built-in extensions,
# each its own object, embedded in xswctl
EXT_SRCS := $(wildcard bpf/ext_*.bpf.c)
EXT_SKELS := $(patsubst bpf/%.bpf.c,$(BUILD)/%.skel.h,$(EXT_SRCS))
BPF_SRCS := $(filter-out $(EXT_SRCS),$(wildcard bpf/*.bpf.c))
BPF_OBJS := $(patsubst bpf/%.bpf.c,$(BUILD)/bpf/%.bpf.o,$(BPF_SRCS))

# ctl/lib: the operations (libxsw.a); ctl/cli: xswctl, the front end
LIB_SRCS := $(wildcard ctl/lib/*.c)
LIB_OBJS := $(patsubst ctl/%.c,$(BUILD)/ctl/%.o,$(LIB_SRCS))
CLI_SRCS := $(filter-out ctl/cli/main.c ctl/cli/gen.c,$(wildcard ctl/cli/*.c))
CLI_OBJS := $(patsubst ctl/%.c,$(BUILD)/ctl/%.o,$(CLI_SRCS))
LIBXSW	 := $(BUILD)/libxsw.a
# ctl/xswd: the daemon
XSWD_OBJS := $(patsubst ctl/%.c,$(BUILD)/ctl/%.o,$(wildcard ctl/xswd/*.c))

UNIT_SRCS := $(wildcard selftests/unit/test_*.c)
UNIT_BINS := $(patsubst selftests/unit/%.c,$(BUILD)/selftests/unit/%,$(UNIT_SRCS))
PROG_SRCS := $(wildcard selftests/prog/test_*.c)
PROG_BINS := $(patsubst selftests/prog/%.c,$(BUILD)/selftests/prog/%,$(PROG_SRCS))

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

# make install [PREFIX=/usr/local] [DESTDIR=...]
PREFIX	?= /usr/local
SBINDIR	?= $(PREFIX)/sbin
INCLUDEDIR ?= $(PREFIX)/include
LIBDIR	?= $(PREFIX)/lib
MANDIR	?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
UNITDIR	?= $(PREFIX)/lib/systemd/system
LIBEXECDIR ?= $(PREFIX)/libexec
INSTALL_FILES := $(SBINDIR)/xswctl $(MANDIR)/man8/xswctl.8 $(COMPLETIONDIR)/xswctl \
	$(LIBEXECDIR)/xsw/qemu-ifup $(LIBEXECDIR)/xsw/qemu-ifdown \
	$(SBINDIR)/xswd $(MANDIR)/man8/xswd.8 $(UNITDIR)/xswd.service \
	$(UNITDIR)/xsw.service $(INCLUDEDIR)/xsw/abi.h $(INCLUDEDIR)/xsw/ext.h \
	$(LIBDIR)/pkgconfig/xsw.pc

.DELETE_ON_ERROR:
# keep intermediate files (the extensions' objects and skeletons): a make run
# again builds nothing, so two can run side by side (.ci/run)
.SECONDARY:
.PHONY: FORCE all help deps install uninstall check check-build check-kernel test-unit test-prog test-net demo bench bench-report clean

all: $(BUILD)/xswctl $(BUILD)/xswctl.8 $(BUILD)/xswctl.bash $(BUILD)/xswd $(BUILD)/xswd.8

help:
	@echo 'make            build build/xswctl and the BPF objects'
	@echo 'make deps       install the Debian packages xsw needs (root)'
	@echo 'make check      install deps, build, run every test (root)'
	@echo 'make check-kernel  the same tests in a QEMU guest on Debian 12'"'"'s 6.1 kernel (root)'
	@echo 'make check-build   build everything the tests run, run nothing'
	@echo 'make demo       install deps, build, run the demo topology (root)'
	@echo 'make bench      install deps, build, run the benchmarks (root): build/bench/results.json'
	@echo 'make bench-report  docs/benchmarks.md and its chart from build/bench/results.json'
	@echo 'make install    xswctl, xswd, their man pages, bash completion, the units, the SDK'
	@echo '                headers and xsw.pc under PREFIX (/usr/local) in DESTDIR'
	@echo 'make uninstall  remove what make install put there'
	@echo 'make clean      remove build/'
	@echo 'Variables: V=1 verbose, VMLINUX_H=path to use a pre-generated vmlinux.h,'
	@echo '           TESTS="name ..." to pick netns tests, BENCH_ARGS="--reps 3 ..." for bench/run.sh'

deps:
	$(Q)./scripts/install-deps.sh

# the unit and pkg-config file get the installed paths
install: all
	$(call msg,INSTALL,$(DESTDIR)$(PREFIX))
	$(Q)mkdir -p $(BUILD)/install
	$(Q)for u in xsw xswd; do \
		sed 's|@SBINDIR@|$(SBINDIR)|g' scripts/systemd/$$u.service.in > $(BUILD)/install/$$u.service; \
	done
	$(Q)sed 's|@PREFIX@|$(PREFIX)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|; s|@VERSION@|$(VERSION)|' \
		scripts/xsw.pc.in > $(BUILD)/install/xsw.pc
	$(Q)install -D -m 0755 $(BUILD)/xswctl $(DESTDIR)$(SBINDIR)/xswctl
	$(Q)install -D -m 0644 $(BUILD)/xswctl.8 $(DESTDIR)$(MANDIR)/man8/xswctl.8
	$(Q)install -D -m 0644 $(BUILD)/xswctl.bash $(DESTDIR)$(COMPLETIONDIR)/xswctl
	$(Q)install -D -m 0644 $(BUILD)/install/xsw.service $(DESTDIR)$(UNITDIR)/xsw.service
	$(Q)install -D -m 0755 $(BUILD)/xswd $(DESTDIR)$(SBINDIR)/xswd
	$(Q)install -D -m 0644 $(BUILD)/xswd.8 $(DESTDIR)$(MANDIR)/man8/xswd.8
	$(Q)install -D -m 0644 $(BUILD)/install/xswd.service $(DESTDIR)$(UNITDIR)/xswd.service
	$(Q)install -D -m 0755 scripts/qemu-ifup $(DESTDIR)$(LIBEXECDIR)/xsw/qemu-ifup
	$(Q)install -D -m 0755 scripts/qemu-ifdown $(DESTDIR)$(LIBEXECDIR)/xsw/qemu-ifdown
	$(Q)install -D -m 0644 include/xsw/abi.h $(DESTDIR)$(INCLUDEDIR)/xsw/abi.h
	$(Q)install -D -m 0644 include/xsw/ext.h $(DESTDIR)$(INCLUDEDIR)/xsw/ext.h
	$(Q)install -D -m 0644 $(BUILD)/install/xsw.pc $(DESTDIR)$(LIBDIR)/pkgconfig/xsw.pc

uninstall:
	$(call msg,UNINSTALL,$(DESTDIR)$(PREFIX))
	$(Q)rm -f $(addprefix $(DESTDIR),$(INSTALL_FILES))
	$(Q)rmdir $(DESTDIR)$(INCLUDEDIR)/xsw $(DESTDIR)$(LIBEXECDIR)/xsw 2>/dev/null || true

$(BUILD)/vmlinux.h:
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(BPFTOOL) btf dump file $(VMLINUX_BTF) format c > $@

$(BUILD)/bpf/%.bpf.o: bpf/%.bpf.c $(VMLINUX_H) | $(BUILD)/bpf
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# all entry objects linked into one: one set of maps per switch
$(BUILD)/xsw.bpf.o: $(BPF_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(BPFTOOL) gen object $@ $^

$(BUILD)/xsw.skel.h: $(BUILD)/xsw.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name xsw > $@

$(BUILD)/ext_%.skel.h: $(BUILD)/bpf/ext_%.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name ext_$* > $@

$(BUILD)/ctl/%.o: ctl/%.c $(BUILD)/xsw.skel.h $(EXT_SKELS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# rewritten only when the version or commit changes
$(BUILD)/version.h: FORCE
	$(Q)mkdir -p $(@D)
	$(Q)printf '#define XSW_VERSION "%s"\n#define XSW_GIT_COMMIT "%s"\n' "$(VERSION)" \
		"$(GIT_COMMIT)" > $@.tmp && (cmp -s $@.tmp $@ || mv $@.tmp $@) && rm -f $@.tmp
$(BUILD)/ctl/cli/xswctl.o $(BUILD)/ctl/cli/gen.o $(BUILD)/ctl/xswd/xswd.o: $(BUILD)/version.h

$(LIBXSW): $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/xswctl $(BUILD)/xswctl-gen: $(BUILD)/%: $(BUILD)/ctl/cli/main.o $(CLI_OBJS) $(LIBXSW)
$(BUILD)/xswctl-gen: $(BUILD)/ctl/cli/gen.o
$(BUILD)/xswctl $(BUILD)/xswctl-gen:
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $(filter-out $(if $(filter %gen,$@),%/main.o,%/gen.o),$^) $(LDLIBS)

$(BUILD)/xswd: $(XSWD_OBJS) $(LIBXSW)
	$(call msg,LD,$@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# the man pages and bash completion, made from the option and command tables
$(BUILD)/xswd.8: $(BUILD)/xswd
	$(call msg,GEN,$@)
	$(Q)$< -man > $@
# xswctl of the map layout before this one, for the tests of switches another
# build made (selftests/net/layout.sh)
$(BUILD)/old/xswctl: FORCE
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/old LAYOUT_CFLAGS=-DXSW_LAYOUT_OLD $@

$(BUILD)/xswctl.8: $(BUILD)/xswctl-gen
	$(call msg,GEN,$@)
	$(Q)$< man > $@
$(BUILD)/xswctl.bash: $(BUILD)/xswctl-gen
	$(call msg,GEN,$@)
	$(Q)$< bash > $@

$(BUILD)/selftests/unit/test_%: selftests/unit/test_%.c $(CLI_OBJS) $(LIBXSW) | $(BUILD)/selftests/unit
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $(filter %.c %.o %.a,$^) $(LDLIBS) -lcmocka

# the chain tests drive the controller's own extension code
$(BUILD)/selftests/prog/test_chain: selftests/prog/test_chain.c $(LIBXSW) | $(BUILD)/selftests/prog
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $(filter %.c %.a,$^) $(LDLIBS)

$(BUILD)/selftests/prog/test_%: selftests/prog/test_%.c $(BUILD)/xsw.skel.h $(LIBXSW) | $(BUILD)/selftests/prog
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $< $(LIBXSW) $(LDLIBS)

# extension objects: the examples, built as a user would (their Makefile), and
# test extensions for the datapath tests (one per -D variant)
EXAMPLES := $(patsubst examples/extensions/%.bpf.c,$(BUILD)/examples/%.bpf.o,$(wildcard examples/extensions/*.bpf.c))
TEST_EXTS := $(addprefix $(BUILD)/selftests/ext/,capture.bpf.o filter.bpf.o forward.bpf.o badabi.bpf.o)

$(EXAMPLES): $(wildcard examples/extensions/*.bpf.c) examples/extensions/Makefile include/xsw/ext.h include/xsw/abi.h
	$(call msg,EXAMPLES,$(BUILD)/examples)
	$(Q)$(MAKE) --no-print-directory -s -C examples/extensions OUT=$(abspath $(BUILD)/examples) XSW_INCLUDE=$(abspath include)

$(BUILD)/selftests/ext/%.bpf.o: selftests/prog/ext_test.bpf.c $(VMLINUX_H)
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DTEST_$(shell echo $* | tr a-z A-Z) -c $< -o $@

# benchmark packet tools (bench/xswpkt.c)
$(BUILD)/bench/xswpkt.bpf.o: bench/xswpkt.bpf.c $(VMLINUX_H) | $(BUILD)/bench
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -Ibench -c $< -o $@

$(BUILD)/bench/xswpkt.skel.h: $(BUILD)/bench/xswpkt.bpf.o
	$(call msg,SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name xswpkt > $@

# extension stages of the extension-depth and VMQ benchmarks
BENCH_STAGES := $(BUILD)/bench/stage_empty.bpf.o $(BUILD)/bench/stage_costly.bpf.o
STAGE_WORK_empty := 0
STAGE_WORK_costly := 200

$(BUILD)/bench/stage_%.bpf.o: bench/stage.bpf.c $(VMLINUX_H) | $(BUILD)/bench
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -DSTAGE_WORK=$(STAGE_WORK_$*) -c $< -o $@

$(BUILD)/bench/xswpkt: bench/xswpkt.c $(BUILD)/bench/xswpkt.skel.h $(BUILD)/ctl/lib/util.o \
			$(BUILD)/ctl/lib/fdbtab.o
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -I$(BUILD)/bench -Ibench -o $@ $(filter %.c %.o,$^) $(LDLIBS)

$(BUILD)/bpf $(BUILD)/bench $(BUILD)/selftests/unit $(BUILD)/selftests/prog:
	$(Q)mkdir -p $@

# everything the tests run
CHECK_BUILD := all $(UNIT_BINS) $(PROG_BINS) $(BUILD)/bench/xswpkt $(BENCH_STAGES) $(EXAMPLES) \
	$(TEST_EXTS) $(BUILD)/old/xswctl

check-build: $(CHECK_BUILD)

check: deps
	$(Q)$(MAKE) --no-print-directory check-build
	$(Q)./selftests/run.sh

# the same tests inside a guest running Debian 12's kernel (selftests/kernel/run.sh)
check-kernel: deps
	$(Q)$(MAKE) --no-print-directory check-build
	$(Q)./selftests/kernel/run.sh

bench: deps
	$(Q)$(MAKE) --no-print-directory all $(BUILD)/bench/xswpkt $(BENCH_STAGES)
	$(Q)./bench/run.sh $(BENCH_ARGS)

bench-report:
	$(Q)./bench/report.sh $(BUILD)/bench/results.json docs

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)./scripts/demo.sh

clean:
	$(call msg,CLEAN,$(BUILD))
	$(Q)rm -rf $(BUILD)

-include $(wildcard $(BUILD)/bpf/*.d $(BUILD)/ctl/*/*.d $(BUILD)/bench/*.d $(BUILD)/selftests/*/*.d)
