// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules for the organisation, its sites and networks. */
#include "app/org/org.h"
#include "base/str.h"

static bool
text_ok(const char *s, size_t min, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	return n >= min && n <= max && (n == 0 || str_is_utf8((struct str){ s, n }));
}

static bool
slug_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 1 || n > 64 || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

int
org_get(struct db_conn *c, struct arena *a, struct org *out)
{
	bool found;
	int err = org_store_get(c, a, out, &found);
	if (err)
		return err;
	return found ? KR_OK : KR_ENOTFOUND;
}

int
org_create(struct db_conn *c, const char *name, const char *intro)
{
	if (!text_ok(name, 1, 200) || !text_ok(intro, 0, 2000))
		return KR_EINVAL;
	return org_store_insert(c, name, intro ? intro : "");
}

int
org_site_add(struct db_conn *c, const struct site *s, int64_t *id)
{
	if (!text_ok(s->name, 1, 200) || !text_ok(s->town, 1, 200) || s->headcount < 0)
		return KR_EINVAL;
	return org_store_site_insert(c, s, id);
}

int
org_sites(struct db_conn *c, struct arena *a, struct site **out, size_t *n)
{
	return org_store_sites(c, a, out, n);
}

int
org_network_add(struct db_conn *c, const struct network *nw, int64_t *id)
{
	if (!slug_ok(nw->slug) || !text_ok(nw->name, 1, 200) || !text_ok(nw->summary, 0, 2000) ||
	    !text_ok(nw->target_group, 0, 2000) || !text_ok(nw->contact_email, 0, 254))
		return KR_EINVAL;
	return org_store_network_insert(c, nw, id);
}

int
org_networks(struct db_conn *c, struct arena *a, struct network **out, size_t *n)
{
	return org_store_networks(c, a, out, n);
}
