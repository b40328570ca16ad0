# Makefile: builds bin/feedgen, its tests, demo and benchmark (see README.md).
# Switches: SANITIZE=address,undefined  VALGRIND=1  DEVELOPER=1 (warnings are errors; on in CI)
#           CHECK_KEYS=1 (see below)
#           PREFIX=/usr/local DESTDIR=  PKG_CONFIG=pkg-config  CC=cc
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/feedgen
PKG_CONFIG ?= pkg-config
CC ?= cc
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

PKGS := libxml-2.0 libcurl jansson libpcre2-8 libcrypto zlib libxxhash
DEB_PKGS := libxml2-dev libcurl4-openssl-dev libjansson-dev libpcre2-dev libssl-dev zlib1g-dev libxxhash-dev \
	pkg-config libxml2-utils python3 openssl $(FUZZ_DEB_PKGS) valgrind
# make test's upload suite (tests/upload): the SSH and FTP servers it starts on loopback
TEST_DEB_PKGS := openssh-server openssh-sftp-server vsftpd systemd chromium
# make fuzz (clang and its libFuzzer runtime, a separate package on Debian 12); make test does not need them
FUZZ_DEB_PKGS := clang libclang-rt-14-dev

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wwrite-strings \
	-Wformat=2 -Wvla -Wpointer-arith -Wundef -Wno-unused-parameter
ifdef CI
DEVELOPER = 1
endif
ifeq ($(DEVELOPER),1)
WARNINGS += -Werror
endif

CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(WARNINGS) $(CFLAGS) \
	-DFEEDGEN_VERSION='"$(VERSION)"' -DFEEDGEN_DATADIR='"$(DATADIR)"' \
	-Ifeedgen -Ivalidators $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) -MMD -MP
ALL_LDFLAGS := $(LDFLAGS)
LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lpthread -lm
# CHECK_KEYS=1 (on with SANITIZE): stop at a member read that the worker path never decodes
# (each dialect's NORMALIZE_KEY, normalize.h)
ifdef SANITIZE
CHECK_KEYS = 1
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
endif
ifdef CHECK_KEYS
ALL_CFLAGS += -DFEEDGEN_CHECK_KEYS
endif

LIB_SRC := $(filter-out feedgen/main.c,$(wildcard feedgen/*.c)) $(wildcard validators/*.c)
LIB_OBJ := $(LIB_SRC:%.c=build/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/tests/%)

.PHONY: all deps test-deps demo test check unit install uninstall clean bench fuzz
all: bin/feedgen

# deps: install the Debian packages when pkg-config cannot find them (as root), else say how.
deps:
	@if $(PKG_CONFIG) --exists $(PKGS) 2>/dev/null && command -v xmllint >/dev/null && command -v python3 >/dev/null && command -v openssl >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make deps: installing $(DEB_PKGS)"; \
		(apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS) >/dev/null; \
	else \
		echo "feedgen needs these Debian packages; run:"; \
		echo "  sudo apt-get install $(DEB_PKGS)"; exit 1; \
	fi

# test-deps: what `make test` needs beyond `make deps`, installed the same way (as root), else
# say how: the upload suite's servers (without root it prints "# skip" for the parts that need
# them), systemd-analyze (tests/schedule checks the sample units), a real browser (tests/html)
test-deps:
	@if [ -x /usr/sbin/sshd ] && [ -x /usr/lib/openssh/sftp-server ] && [ -x /usr/sbin/vsftpd ] && \
		command -v systemd-analyze >/dev/null && command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make test-deps: installing $(TEST_DEB_PKGS)"; \
		(apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_DEB_PKGS) >/dev/null; \
	else \
		echo "make test needs these Debian packages too; run:"; \
		echo "  sudo apt-get install $(TEST_DEB_PKGS)"; exit 1; \
	fi

build/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

build/libfeedgen.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

bin/feedgen: build/feedgen/main.o build/libfeedgen.a
	@mkdir -p bin
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

build/tests/%: tests/unit/%.c tests/unit/check.h build/libfeedgen.a
	@mkdir -p build/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< build/libfeedgen.a $(LIBS)

unit: $(UNIT_BIN)

demo: deps
	@$(MAKE) --no-print-directory all
	@sh samples/demo.sh

test: deps test-deps
	@$(MAKE) --no-print-directory all unit
	@VALGRIND=$(VALGRIND) sh tests/run.sh
check: test

bench: deps
	@$(MAKE) --no-print-directory all
	@sh bench/run.sh

install: bin/feedgen
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)/templates
	install -m 755 bin/feedgen $(DESTDIR)$(BINDIR)/feedgen
	install -m 644 docs/feedgen.1 $(DESTDIR)$(MANDIR)/man1/feedgen.1
	install -m 644 templates/*.json $(DESTDIR)$(DATADIR)/templates/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/feedgen $(DESTDIR)$(MANDIR)/man1/feedgen.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build bin out

-include $(LIB_OBJ:.o=.d) build/feedgen/main.d

# ---------------------------------------------------------------------------------------
# fuzz: libFuzzer targets tests/fuzz/fuzz_<name>.c (STYLE.md habit 9; every parser of outside
# data has one, and a new parser comes with its target).
#   make fuzz [FUZZ_SECONDS=30] [FUZZ_TARGETS="csv html ..."] [-j2: two targets at a time]
# builds build/fuzz/fuzz_<name> with clang (the library sources compiled again by clang with
# the fuzzer's coverage instrumentation, not gcc's libfeedgen.a) and runs each for
# FUZZ_SECONDS on its seeds tests/fuzz/corpus/<name>/ and regressions
# tests/fuzz/regressions/<name>/, with the dictionary tests/fuzz/<name>.dict when there is one
# (new inputs found go to build/fuzz/corpus/<name>/, the log to
# build/fuzz/<name>.log, a crash to build/fuzz/<name>-crash-*: copy it into
# tests/fuzz/regressions/<name>/ with the fix). One line per target: executions, cov, ft,
# corpus size. `make unit` builds build/tests/replay_<name> (tests/fuzz/replay.c, ordinary
# compiler), which tests/fuzz/run_tests.sh uses to replay every seed and regression in `make test`.
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 30
FUZZ_SANITIZE ?= address,undefined
FUZZ_FLAGS ?= -timeout=25 -rss_limit_mb=2048
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_TARGETS ?= $(FUZZ_NAMES)
FUZZ_BIN := $(FUZZ_NAMES:%=build/fuzz/fuzz_%)
FUZZ_OBJ := $(LIB_SRC:%.c=build/fuzz/obj/%.o)
FUZZ_HDR := $(wildcard tests/fuzz/*.h)
FUZZ_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 -fno-omit-frame-pointer \
	-DFEEDGEN_VERSION='"$(VERSION)"' -DFEEDGEN_DATADIR='"$(DATADIR)"' \
	-Ifeedgen -Ivalidators $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) \
	-fsanitize=fuzzer-no-link,$(FUZZ_SANITIZE) -fno-sanitize-recover=all
REPLAY_BIN := $(FUZZ_NAMES:%=build/tests/replay_%)

build/fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

build/fuzz/libfeedgen-fuzz.a: $(FUZZ_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_HDR) build/fuzz/libfeedgen-fuzz.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libfeedgen-fuzz.a $(LIBS)

.PHONY: fuzz-build fuzz-deps
# fuzz-deps: clang with libFuzzer, installed as `make deps` does (as root), else say how
fuzz-deps:
	@if echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' | \
		$(FUZZ_CC) -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make fuzz-deps: installing $(FUZZ_DEB_PKGS)"; \
		(apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FUZZ_DEB_PKGS) >/dev/null; \
	else \
		echo "make fuzz needs clang with libFuzzer; run:"; \
		echo "  sudo apt-get install $(FUZZ_DEB_PKGS)"; exit 1; \
	fi
fuzz-build: $(FUZZ_BIN)
fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)
$(FUZZ_OBJ) $(FUZZ_BIN): | fuzz-deps

# one target: its figures from libFuzzer's final stats and last status line; exit 1 on a crash
fuzz-run-%: build/fuzz/fuzz_%
	@mkdir -p tests/fuzz/corpus/$* tests/fuzz/regressions/$* build/fuzz/corpus/$*
	@if build/fuzz/fuzz_$* -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -close_fd_mask=2 \
		$(FUZZ_FLAGS) $(if $(wildcard tests/fuzz/$*.dict),-dict=tests/fuzz/$*.dict) \
		-artifact_prefix=build/fuzz/$*- build/fuzz/corpus/$* tests/fuzz/corpus/$* \
		tests/fuzz/regressions/$* >build/fuzz/$*.log 2>&1; then \
		awk -v t=$* -v s=$(FUZZ_SECONDS) '/^#[0-9]+/ && / cov: / { for (i = 1; i <= NF; i++) { \
			if ($$i == "cov:") c = $$(i+1); if ($$i == "ft:") f = $$(i+1); if ($$i == "corp:") k = $$(i+1) } } \
			/stat::number_of_executed_units/ { e = $$2 } \
			END { printf "make fuzz: %-12s %4d s  %10s executions  cov %6s  ft %6s  corpus %s  crashes 0\n", t, s, e, c, f, k }' \
			build/fuzz/$*.log; \
	else \
		echo "make fuzz: $* FAILED (log build/fuzz/$*.log; input build/fuzz/$*-crash-* or -timeout-*, -leak-*, -oom-*):"; \
		grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|Test unit written' build/fuzz/$*.log | head -8; exit 1; \
	fi

build/tests/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c build/libfeedgen.a
	@mkdir -p build/tests
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ tests/fuzz/replay.c $< build/libfeedgen.a $(LIBS)

unit: $(REPLAY_BIN)

-include $(FUZZ_OBJ:.o=.d)
