// SPDX-License-Identifier: AGPL-3.0-or-later
/* routes.c: the routes of src/app/coreteam (a core team that lasts: terms, own roles,
 * vacancies, handover notes, warnings and the team's history), top to bottom, and its entry in
 * the features table (src/app/features.c). Text limits are four bytes per character of the
 * service's limits, so that the service, not the router, tells about a text that is too long. */
#include "app/app.h"
#include "app/coreteam/coreteam.h"
#include "app/feature.h"

const struct feature feature_coreteam = {
	.name = "coreteam",
	.erase_account = coreteam_erase_account,
	.rekey = coreteam_rekey,
};
