// SPDX-License-Identifier: AGPL-3.0-or-later
/* i18n.c: per-thread language through uselocale(). glibc's gettext reads the calling thread's
 * LC_MESSAGES locale, so switching the thread locale switches the catalogue without touching
 * process-global state. */
#include "base/i18n.h"
#include "base/log.h"

const char *const i18n_langs[2] = { "nl", "en" };

static locale_t loc_nl, loc_en;

int
i18n_init(const char *localedir)
{
	/* LANGUAGE would override every thread's locale: Kring chooses per request. */
	unsetenv("LANGUAGE");
	if (!bindtextdomain("kring", localedir) || !bind_textdomain_codeset("kring", "UTF-8") ||
	    !textdomain("kring"))
		return error("cannot bind translations in %s", localedir);
	static const char *const nl_names[] = { "nl_NL.UTF-8", "nl_NL.utf8", "nl_BE.UTF-8" };
	for (size_t i = 0; i < ARRAY_SIZE(nl_names) && !loc_nl; i++)
		loc_nl = newlocale(LC_MESSAGES_MASK | LC_CTYPE_MASK, nl_names[i], (locale_t)0);
	if (!loc_nl)
		return error(
		    "the Dutch locale nl_NL.UTF-8 is not installed (run scripts/install-deps)");
	/* English is the message ids themselves: the C locale translates nothing. */
	loc_en = newlocale(LC_MESSAGES_MASK | LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (!loc_en)
		return error("cannot create the C.UTF-8 locale");
	i18n_use("nl");
	if (strcmp(gettext("Skip to main content"), "Skip to main content") == 0)
		return error("no Dutch translations in %s/nl/LC_MESSAGES/kring.mo", localedir);
	return 0;
}

/* This thread's language: 0 Dutch, 1 English (the message ids themselves). */
static __thread int thread_lang;

#define CACHE_SLOTS 1024 /* more than Kring has messages; a full table falls back to gettext */

struct cache_slot {
	const char *msgid;
	const char *text;
};
/* 16 KiB of thread-local storage per thread: nothing to allocate, nothing to free. */
static __thread struct cache_slot nl_cache[CACHE_SLOTS];

void
i18n_use(const char *lang)
{
	if (!loc_nl)
		return; /* not initialised (unit tests, fuzzing): message ids are shown */
	bool en = lang && strcmp(lang, "en") == 0;
	thread_lang = en ? 1 : 0;
	uselocale(en ? loc_en : loc_nl);
}

const char *
i18n_gettext(const char *msgid)
{
	/* English is the message ids; before i18n_init() nothing is translated at all. */
	if (!loc_nl || thread_lang == 1 || !msgid)
		return msgid;
	size_t h = ((uintptr_t)msgid >> 3) * 2654435761u;
	for (size_t i = 0; i < 8; i++) {
		struct cache_slot *slot = &nl_cache[(h + i) % CACHE_SLOTS];
		if (slot->msgid == msgid)
			return slot->text;
		if (!slot->msgid) {
			slot->text = gettext(msgid);
			slot->msgid = msgid;
			return slot->text;
		}
	}
	return gettext(msgid); /* a crowded neighbourhood: ask gettext each time */
}
