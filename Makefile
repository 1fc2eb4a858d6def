# SPDX-License-Identifier: AGPL-3.0-or-later
# Kring's build. Out-of-tree: everything goes under $(O). `make help` lists the targets.
#   DEVELOPER=1                 -Werror and the strict warnings of STYLE.md
#   SANITIZE=address,undefined  build with sanitizers (in its own folder)
.DEFAULT_GOAL := all
SHELL := /bin/bash

BUILD ?= build
comma := ,
ifneq ($(SANITIZE),)
O := $(BUILD)/san-$(subst $(comma),-,$(SANITIZE))
else
O := $(BUILD)/release
endif

CC ?= gcc
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1)
PKGS := libmicrohttpd sqlite3 libpq libsodium libcmark jansson libical libcurl nettle libqrencode gdlib libexif
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lstemmer

WARN := -Wall -Wextra -Wformat=2 -Wno-unused-parameter -Wno-missing-field-initializers
ifeq ($(DEVELOPER),1)
WARN += -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wold-style-definition \
	-Wvla -Wpointer-arith -Wundef -Wwrite-strings -Wimplicit-fallthrough \
	-Wcast-qual -Wnull-dereference -Wduplicated-cond -Wlogical-op -Wmissing-declarations
endif

HARDEN := -fstack-protector-strong -fstack-clash-protection -fcf-protection -fPIE
HARDEN_LD := -pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack
ifeq ($(SANITIZE),)
OPT ?= -O2
HARDEN += -D_FORTIFY_SOURCE=2
else
OPT ?= -O1
SAN := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

CPPFLAGS := -D_GNU_SOURCE -Isrc -I$(O)/gen \
	-DKRING_LOCALEDIR='"$(abspath $(O))/locale"'
CFLAGS := -std=c17 $(OPT) -g $(WARN) $(HARDEN) $(SAN) $(PKG_CFLAGS) -MMD -MP
LDFLAGS := $(HARDEN_LD) $(SAN)
LDLIBS := $(PKG_LIBS) -lpthread

# Objects are rebuilt when the flags change (DEVELOPER=1, OPT=...), not only when sources do.
FLAGS_NOW := $(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $(LDLIBS)
ifneq ($(FLAGS_NOW),$(file <$(O)/.flags))
$(shell mkdir -p $(O))
$(file >$(O)/.flags,$(FLAGS_NOW))
endif

LIB_SRC := $(filter-out src/main.c,$(shell find src -name '*.c' | sort))
LIB_OBJ := $(LIB_SRC:%.c=$(O)/%.o) $(O)/gen/assets.o $(O)/gen/migrations.o $(O)/gen/wordlists.o
UNIT_SRC := $(shell find tests/unit -name '*.c' 2>/dev/null | sort)
FUZZ_SRC := $(shell find tests/fuzz -maxdepth 1 -name 'fuzz_*.c' 2>/dev/null | sort)
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
ASSETS := $(shell find assets -type f | sort) \
	/usr/share/fonts/opentype/opendyslexic/OpenDyslexic-Regular.otf \
	/usr/share/fonts/opentype/opendyslexic/OpenDyslexic-Bold.otf
MIGRATIONS := $(shell find src/db/migrations -name '*.sql' | sort)
# Common passwords the policy refuses (src/app/auth/password.c): Openwall's list from john-data.
WORDLISTS := /usr/share/john/password.lst data/common-passwords-nl.txt
PO := $(wildcard po/*.po)
MO := $(PO:po/%.po=$(O)/locale/%/LC_MESSAGES/kring.mo)

.PHONY: all run test test-robust bench lint fuzz deps clean help po deb FORCE
all: $(O)/kring $(MO)

help:
	@echo "make run    install what is missing, build, create a demo, serve on 127.0.0.1:8080"
	@echo "make test   every test (unit, http, html, browser, fuzz corpus); ends 'N passed, N failed'"
	@echo "make lint   clang-format check, cppcheck, banned functions, raw HTML, layering"
	@echo "make fuzz   run each libFuzzer harness (FUZZ_SECONDS=60 each)"
	@echo "make test-robust / make bench   the long runs"
	@echo "make deb   the Debian package, in $(O)/deb/ (docs/OPERATIONS.md)"

deps:
	@scripts/install-deps

$(O)/kring: $(O)/src/main.o $(O)/libkring.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/libkring.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(O)/%.o: %.c $(O)/.flags | $(O)/gen/version.h
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(O)/gen/%.o: $(O)/gen/%.c $(O)/.flags
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

# The version, rewritten only when it changes, so a commit rebuilds just what shows it.
$(O)/gen/version.h: FORCE
	@mkdir -p $(@D)
	@echo '#define KRING_VERSION "$(VERSION)"' > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@
FORCE:

$(O)/embed: scripts/embed.c
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $<

$(O)/gen/assets.c: $(O)/embed $(ASSETS)
	@mkdir -p $(@D)
	$(O)/embed assets $(ASSETS) > $@.tmp && mv $@.tmp $@

$(O)/gen/migrations.c: $(O)/embed $(MIGRATIONS)
	@mkdir -p $(@D)
	$(O)/embed migrations $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(O)/gen/wordlists.c: $(O)/embed $(WORDLISTS)
	@mkdir -p $(@D)
	$(O)/embed wordlists $(WORDLISTS) > $@.tmp && mv $@.tmp $@

$(O)/locale/%/LC_MESSAGES/kring.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# Unit tests: one binary.
$(O)/unit-tests: $(UNIT_SRC:%.c=$(O)/%.o) $(O)/libkring.a | $(MO)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Fuzz corpus replay: each harness linked with a plain main() that feeds it every corpus file.
$(O)/fuzz-replay-%: $(O)/tests/fuzz/fuzz_%.o $(O)/tests/fuzz/replay.o $(O)/libkring.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# libFuzzer builds (clang), for `make fuzz`.
FUZZ_O := $(BUILD)/fuzz
FUZZ_CFLAGS := -std=c17 -g -O1 -D_GNU_SOURCE -Isrc -I$(FUZZ_O)/gen $(PKG_CFLAGS) \
	-fsanitize=fuzzer,address,undefined -DKRING_LOCALEDIR='"/nonexistent"'
FUZZ_LIB_SRC := $(filter-out src/main.c,$(LIB_SRC))
$(FUZZ_O)/fuzz-%: tests/fuzz/fuzz_%.c $(FUZZ_LIB_SRC) $(O)/gen/assets.c $(O)/gen/migrations.c \
		$(O)/gen/wordlists.c $(O)/gen/version.h
	@mkdir -p $(@D) $(FUZZ_O)/gen
	@cp $(O)/gen/version.h $(FUZZ_O)/gen/version.h
	clang $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_LIB_SRC) $(O)/gen/assets.c $(O)/gen/migrations.c \
		$(O)/gen/wordlists.c $(LDLIBS)

FUZZ_SECONDS ?= 60
fuzz: $(FUZZ_NAMES:%=$(FUZZ_O)/fuzz-%)
	@for n in $(FUZZ_NAMES); do \
		echo "fuzz $$n for $(FUZZ_SECONDS)s"; \
		mkdir -p $(FUZZ_O)/corpus-$$n; \
		$(FUZZ_O)/fuzz-$$n -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
			-artifact_prefix=tests/fuzz/ $(FUZZ_O)/corpus-$$n tests/fuzz/corpus/$$n || exit 1; \
	done

test: all $(O)/unit-tests $(FUZZ_NAMES:%=$(O)/fuzz-replay-%)
	@O=$(O) scripts/test-all

test-robust: all
	@O=$(O) scripts/test-robust

bench: all
	@O=$(O) bench/run

lint:
	@scripts/lint

run: deps
	@$(MAKE) --no-print-directory all
	@scripts/run-demo $(O)/kring

# The Debian package. Its binary looks for the translations in /usr/share/locale: serve.c (the
# only reader of KRING_LOCALEDIR) compiled again with that, linked before libkring.a so that
# the archive's own serve.o is not used. scripts/make-deb puts the package together.
DEB_LOCALEDIR := /usr/share/locale
$(O)/deb/serve.o: src/cli/serve.c $(O)/.flags | $(O)/gen/version.h
	@mkdir -p $(@D)
	$(CC) $(filter-out -DKRING_LOCALEDIR=%,$(CPPFLAGS)) -DKRING_LOCALEDIR='"$(DEB_LOCALEDIR)"' \
		$(CFLAGS) -c -o $@ $<

$(O)/deb/kring: $(O)/src/main.o $(O)/deb/serve.o $(O)/libkring.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

deb: $(O)/kring $(O)/deb/kring $(MO)
	@scripts/make-deb $(O)

# Extracts the messages into po/kring.pot and merges them into each catalogue.
po:
	xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 --no-wrap --sort-output \
		--package-name=kring -o po/kring.pot $$(git ls-files -co --exclude-standard 'src/*.c' | sort)
	for f in $(PO); do msgmerge --quiet --update --no-wrap --backup=none $$f po/kring.pot; done

clean:
	rm -rf $(BUILD)

-include $(shell find $(O) -name '*.d' 2>/dev/null)
