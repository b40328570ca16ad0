# Makefile: builds bin/feedgen, its tests, demo and benchmark (see README.md).
# Switches: SANITIZE=address,undefined  VALGRIND=1  DEVELOPER=1 (warnings are errors; on in CI)
#           PREFIX=/usr/local DESTDIR=  PKG_CONFIG=pkg-config  CC=cc
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/feedgen
PKG_CONFIG ?= pkg-config
CC ?= cc
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

PKGS := libxml-2.0 libcurl jansson libpcre2-8 libcrypto zlib
DEB_PKGS := libxml2-dev libcurl4-openssl-dev libjansson-dev libpcre2-dev libssl-dev zlib1g-dev \
	pkg-config libxml2-utils python3 openssl

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
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
endif

LIB_SRC := $(filter-out feedgen/main.c,$(wildcard feedgen/*.c)) $(wildcard validators/*.c)
LIB_OBJ := $(LIB_SRC:%.c=build/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=build/tests/%)

.PHONY: all deps demo test check unit install uninstall clean bench fuzz
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

test: deps
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
