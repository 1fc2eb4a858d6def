/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* i18n.h: translations through gettext. Message ids are English; po/nl.po holds Dutch, the
 * default language. The language is chosen per thread with a thread-local locale (uselocale),
 * so two requests in different languages can run at the same moment on different threads. */
#ifndef KRING_I18N_H
#define KRING_I18N_H

#include <libintl.h>
#include "base/kring.h"

#define _(s)  gettext(s)
#define N_(s) (s)

/* Binds the "kring" domain to localedir (holding nl/LC_MESSAGES/kring.mo) and prepares a locale
 * for each supported language. Fails when a locale cannot be made. */
int i18n_init(const char *localedir) MUST_CHECK;
/* Makes lang ("nl" or "en"; anything else means "nl") this thread's language. */
void i18n_use(const char *lang);
/* The supported languages, Dutch first: {"nl", "en"}. */
extern const char *const i18n_langs[2];

#endif
