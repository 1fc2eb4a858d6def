/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* i18n.h: translations through gettext. Message ids are English; po/nl.po holds Dutch, the
 * default language. The language is chosen per thread with a thread-local locale (uselocale),
 * so two requests in different languages can run at the same moment on different threads. */
#ifndef KRING_I18N_H
#define KRING_I18N_H

#include <libintl.h>
#include "base/kring.h"

/* Translates a message id for this thread's language. gettext() takes a process-wide lock
 * on every call; i18n_gettext() remembers each answer per thread (message ids are literals
 * with fixed addresses, and gettext's answers point into the mapped catalogue), so a page
 * asks gettext only the first time a thread sees a message. */
#define _(s)  i18n_gettext(s)
#define N_(s) (s)

const char *i18n_gettext(const char *msgid);

/* Binds the "kring" domain to localedir (holding nl/LC_MESSAGES/kring.mo) and prepares a locale
 * for each supported language. Fails when a locale cannot be made. */
int i18n_init(const char *localedir) MUST_CHECK;
/* Makes lang ("nl" or "en"; anything else means "nl") this thread's language. */
void i18n_use(const char *lang);
/* The supported languages, Dutch first: {"nl", "en"}. */
extern const char *const i18n_langs[2];

#endif
