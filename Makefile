# kcc: Unix filters for municipal contact-centre data.
#
# make            build libkcc.a and bin/kcc-*
# make check      unit and CLI tests (TAP, run by prove)
# make sanitize   the whole test suite built with ASan + UBSan
# make lint       format check and banned functions
# make bench      throughput next to cat, wc -l, jq and Miller
# make fuzz       libFuzzer on the JSON reader (FUZZ_SECONDS, default 600)
# make demo       generate sample exports and run the main job on them
# make install    PREFIX (/usr/local) and DESTDIR honoured

VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man

# O: where objects, the library and test programs go; BIN: the commands.
O ?= build
BIN ?= bin

CC ?= cc
CFLAGS ?= -O2 -g
WARNINGS = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wundef -Wpointer-arith -Wvla
CPPFLAGS += -Iinclude -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
	-DKCC_VERSION='"$(VERSION)"'
ALL_CFLAGS = -std=c11 $(WARNINGS) $(CFLAGS) -MMD -MP

# libjq and libcsv ship no pkg-config file on Debian 12; the others do.
PKGS = nettle libarchive libutf8proc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null || \
	echo -lnettle -larchive -lutf8proc)
JQ_LIBS := $(shell pkg-config --libs libjq 2>/dev/null || echo -ljq)
LDLIBS = $(JQ_LIBS) -lcsv $(PKG_LIBS) -lm -lpthread

LIB_SRC := $(wildcard lib/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o)
LIBKCC := $(O)/libkcc.a
CMD_SRC := $(wildcard cmd/*.c)
CMDS := $(CMD_SRC:cmd/%.c=$(BIN)/%)
UNIT_SRC := $(wildcard tests/unit/t_*.c)
UNITS := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/unit/%)
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOLS := $(TOOL_SRC:tests/tools/%.c=$(O)/tests/tools/%)
CLI_TESTS := $(sort $(wildcard tests/cli/t[0-9]*.sh))
MAN := $(wildcard man/*.[157])

all: $(CMDS) $(TOOLS)

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CPPFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(LIBKCC): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(BIN)/%: $(O)/cmd/%.o $(LIBKCC)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBKCC) $(LDLIBS)

$(O)/tests/unit/%: $(O)/tests/unit/%.o $(LIBKCC)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBKCC) $(LDLIBS)

$(O)/tests/tools/%: $(O)/tests/tools/%.o $(LIBKCC)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBKCC) $(LDLIBS)

# The tests find the commands and helper programs through these.
TEST_ENV = KCC_BIN=$(abspath $(BIN)) KCC_TOOLS=$(abspath $(O)/tests/tools) \
	KCC_TOP=$(CURDIR) KCC_SHARED=$(abspath ../shared)
PROVE ?= prove
PROVE_FLAGS ?=

check: all $(UNITS)
	$(TEST_ENV) $(PROVE) $(PROVE_FLAGS) $(UNITS) $(CLI_TESTS)

SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
sanitize:
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	$(MAKE) O=build/san BIN=build/san/bin CFLAGS="$(SAN_FLAGS)" \
		LDFLAGS="-fsanitize=address,undefined" check

lint:
	scripts/lint

bench: all
	scripts/bench

FUZZ_SECONDS ?= 600
FUZZ_CC ?= clang
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/*.c))
build/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(wildcard include/kcc/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) \
		-o $@ $< $(LIB_SRC) $(LDLIBS)
fuzz: $(FUZZ_TARGETS)
	scripts/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

demo: all
	scripts/demo

install: $(CMDS)
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(CMDS) $(DESTDIR)$(BINDIR)
	for m in $(MAN); do \
		s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
		install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s; \
	done

clean:
	rm -rf build bin

.PHONY: all check sanitize lint bench fuzz demo install clean
.SECONDARY:

-include $(LIB_OBJ:.o=.d) $(CMD_SRC:%.c=$(O)/%.d) $(UNIT_SRC:%.c=$(O)/%.d) \
	$(TOOL_SRC:%.c=$(O)/%.d)
