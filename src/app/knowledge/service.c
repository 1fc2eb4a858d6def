// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of the knowledge base (knowledge.h): checks, who may, saving a version
 * with its optimistic check, and the keeper's yearly reminder. */
#include "app/knowledge/knowledge.h"
#include "app/feature.h"
#include "app/audit/audit.h"
#include "app/auth/auth.h"
#include "app/mail/mail.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "html/markdown.h"

const char knowledge_problem_keeper[] = N_("Choose a keeper from the core team.");

const char *
knowledge_audience_name(enum knowledge_audience a)
{
	return a == KNOW_ORGANISATION ? "organisation" : "members";
}

bool
knowledge_audience_parse(const char *s, enum knowledge_audience *out)
{
	if (s && strcmp(s, "members") == 0)
		*out = KNOW_MEMBERS;
	else if (s && strcmp(s, "organisation") == 0)
		*out = KNOW_ORGANISATION;
	else
		return false;
	return true;
}

/* ---- checks ---- */

/* Characters of valid UTF-8 without control characters (line breaks and tabs only when
 * multiline), or -1. */
static long
text_chars(const char *s, bool multiline)
{
	if (!s || !str_is_utf8(str_from(s)))
		return -1;
	long n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t'))) ||
		    *p == 0x7f)
			return -1;
		if ((*p & 0xC0) != 0x80)
			n++;
	}
	return n;
}

static bool
blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t')
			return false;
	return true;
}

size_t
knowledge_check(const struct knowledge_edit *e, struct knowledge_problem *out)
{
	size_t n = 0;
#define PROBLEM(f, m) (out[n++] = (struct knowledge_problem){ (f), (m) })
	long t = text_chars(e->title, false);
	if (t < 0)
		PROBLEM("title", N_("The title has characters that cannot be saved."));
	else if (blank(e->title))
		PROBLEM("title", N_("Enter a title."));
	else if (t > KNOWLEDGE_TITLE_MAX)
		PROBLEM("title", N_("A title has at most 150 characters."));
	long b = text_chars(e->body, true);
	if (b < 0)
		PROBLEM("body", N_("The text has characters that cannot be saved."));
	else if (blank(e->body))
		PROBLEM("body", N_("Enter the text of the page."));
	else if (b > KNOWLEDGE_BODY_MAX || strlen(e->body) > MARKDOWN_MAX)
		PROBLEM("body", N_("A page has at most 50,000 characters. Make it shorter, or "
				   "split it into two pages."));
	long m = text_chars(e->note ? e->note : "", false);
	if (m < 0)
		PROBLEM("note", N_("What you changed has characters that cannot be saved."));
	else if (m > KNOWLEDGE_NOTE_MAX)
		PROBLEM("note", N_("Say what you changed in at most 200 characters."));
#undef PROBLEM
	return n;
}

/* ---- who may ---- */

bool
knowledge_may_edit(struct db_conn *c, int64_t network_id, int64_t account_id)
{
	return c && account_id > 0 && org_is_core_team(c, network_id, account_id);
}

bool
knowledge_may_read(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
		   enum knowledge_audience a)
{
	if (!c || account_id <= 0)
		return false;
	if (a == KNOW_ORGANISATION || knowledge_may_edit(c, network_id, account_id))
		return true;
	struct arena ar;
	arena_init(&ar);
	struct membership m;
	bool ok = members_get(c, k, &ar, account_id, network_id, 0, &m) == KR_OK;
	arena_release_wiped(&ar);
	return ok;
}

/* ---- saving ---- */

static int
edit_ok(struct db_conn *c, int64_t network_id, const struct knowledge_edit *e)
{
	struct knowledge_problem p[KNOWLEDGE_PROBLEMS_MAX];
	if (knowledge_check(e, p) || !e->keeper_id ||
	    !knowledge_may_edit(c, network_id, e->keeper_id))
		return KR_EINVAL;
	return KR_OK;
}

int
knowledge_create(struct db_conn *c, int64_t network_id, int64_t author_id,
		 const struct knowledge_edit *e, int64_t now, int64_t *id)
{
	int err = edit_ok(c, network_id, e);
	if (err)
		return err;
	if ((err = db_begin(c)))
		return err;
	now = time_hour(now);
	err = knowledge_store_page_insert(c, network_id, e, now, id);
	if (!err)
		err = knowledge_store_version_insert(c, *id, 1, e, author_id, now);
	if (!err)
		err = knowledge_store_search_index(c, false);
	return db_end(c, err);
}

int
knowledge_update(struct db_conn *c, int64_t page_id, int64_t base_version, int64_t author_id,
		 const struct knowledge_edit *e, int64_t now)
{
	struct arena a;
	arena_init(&a);
	struct knowledge_page p;
	int err = knowledge_get(c, &a, page_id, &p);
	arena_release(&a);
	if (err)
		return err;
	if ((err = edit_ok(c, p.network_id, e)))
		return err;
	if ((err = db_begin(c)))
		return err;
	now = time_hour(now);
	err = knowledge_store_page_update(c, page_id, base_version, e, now);
	if (!err)
		err =
		    knowledge_store_version_insert(c, page_id, base_version + 1, e, author_id, now);
	if (!err)
		err = knowledge_store_search_index(c, false);
	return db_end(c, err);
}

int
knowledge_mark_checked(struct db_conn *c, int64_t page_id, int64_t actor_id, int64_t now)
{
	bool found;
	int err = knowledge_store_checked(c, page_id, actor_id, time_hour(now), &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
knowledge_set_pinned(struct db_conn *c, int64_t page_id, bool pinned)
{
	bool found;
	int err = knowledge_store_pinned(c, page_id, pinned, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
knowledge_delete(struct db_conn *c, int64_t network_id, int64_t page_id, int64_t actor_id)
{
	int err = db_begin(c);
	if (err)
		return err;
	bool found = false;
	err = knowledge_store_page_delete(c, page_id, network_id, &found);
	if (!err && !found)
		err = KR_ENOTFOUND;
	if (!err)
		err = knowledge_store_search_index(c, true);
	if (!err) {
		char detail[80];
		snprintf(detail, sizeof(detail), "page %lld in network %lld", (long long)page_id,
			 (long long)network_id);
		err = audit_append(c, AUDIT_KNOWLEDGE_PAGE_DELETED, actor_id, 0, detail);
	}
	return db_end(c, err);
}

/* ---- reading ---- */

int
knowledge_get(struct db_conn *c, struct arena *a, int64_t id, struct knowledge_page *out)
{
	if (id <= 0)
		return KR_ENOTFOUND;
	struct knowledge_page *p;
	size_t n;
	int err = knowledge_store_pages(c, a, id, 0, 0, false, false, 1, 0, &p, &n);
	if (err)
		return err;
	if (n != 1)
		return KR_ENOTFOUND;
	*out = p[0];
	return KR_OK;
}

int
knowledge_list(struct db_conn *c, struct arena *a, int64_t network_id, bool with_members,
	       bool pinned_only, size_t limit, size_t offset, struct knowledge_page **out,
	       size_t *n)
{
	return knowledge_store_pages(c, a, 0, network_id, 0, with_members, pinned_only, limit,
				     offset, out, n);
}

int
knowledge_versions(struct db_conn *c, struct arena *a, int64_t page_id,
		   struct knowledge_version **out, size_t *n)
{
	return knowledge_store_versions(c, a, page_id, 0, 0, out, NULL, n);
}

int
knowledge_version_get(struct db_conn *c, struct arena *a, int64_t page_id, int64_t version,
		      struct knowledge_version *out)
{
	if (page_id <= 0 || version <= 0)
		return KR_ENOTFOUND;
	struct knowledge_version *v;
	size_t n;
	int err = knowledge_store_versions(c, a, page_id, version, 0, &v, NULL, &n);
	if (err)
		return err;
	if (n != 1)
		return KR_ENOTFOUND;
	*out = v[0];
	return KR_OK;
}

bool
knowledge_due(const struct knowledge_page *p, int64_t now)
{
	return p->checked_at < now - (int64_t)KNOWLEDGE_CHECK_DAYS * 86400;
}

int
knowledge_written_by(struct db_conn *c, struct arena *a, int64_t account_id,
		     struct knowledge_version **out, const char ***page_titles, size_t *n)
{
	return knowledge_store_versions(c, a, 0, 0, account_id, out, page_titles, n);
}

int
knowledge_kept_by(struct db_conn *c, struct arena *a, int64_t account_id,
		  struct knowledge_page **out, size_t *n)
{
	return knowledge_store_pages(c, a, 0, 0, account_id, false, false, 0, 0, out, n);
}

/* ---- hooks ---- */

int
knowledge_erase_account(struct db_conn *c, int64_t account_id)
{
	return knowledge_store_forget(c, account_id);
}

/* The page's network, for the e-mail (KR_ENOTFOUND when it is gone). */
static int
network_of(struct db_conn *c, struct arena *a, int64_t network_id, struct network *out)
{
	struct network *nws;
	size_t n;
	int err = org_networks(c, a, &nws, &n);
	for (size_t i = 0; !err && i < n; i++)
		if (nws[i].id == network_id) {
			*out = nws[i];
			return KR_OK;
		}
	return err ? err : KR_ENOTFOUND;
}

static int
remind_mail(struct db_conn *c, struct arena *a, const struct knowledge_page *p,
	    const char *base_url)
{
	struct account acc;
	int err = auth_account_by_id(c, a, p->keeper_id, &acc);
	if (err == KR_ENOTFOUND || (err == KR_OK && acc.disabled))
		return KR_OK; /* nobody to tell: the page stays due on the core team's list */
	struct network nw;
	if (!err)
		err = network_of(c, a, p->network_id, &nw);
	if (err)
		return err;
	char day[32];
	time_utc_iso_at(p->checked_at, day, sizeof(day));
	day[10] = '\0';
	const char *subject = _("Please check a page of the knowledge base");
	const char *body = arena_printf(
	    a, "%s %s,\n\n%s\n\n  %s (%s)\n\n%s %s.\n%s\n", _("Hello"), acc.name,
	    _("You keep this page of the knowledge base:"), p->title, nw.name,
	    _("It was last checked on"), day,
	    _("Is it still correct? Change what is out of date, or confirm that it is still "
	      "correct on the page. You get this e-mail once."));
	if (base_url && *base_url)
		body = arena_printf(a, "%s\n%s\n%s/n/%s/knowledge/%lld\n", body, _("The page:"),
				    base_url, nw.slug, (long long)p->id);
	else
		body = arena_printf(a, "%s\n%s\n", body,
				    _("You find it in Kring on the network's page, under "
				      "\"Knowledge base\"."));
	return mail_enqueue(c, acc.email, subject, body);
}

int
knowledge_remind(struct db_conn *c, int64_t now, const char *base_url, int64_t *reminded)
{
	*reminded = 0;
	int err = db_begin(c);
	if (err)
		return err;
	struct arena a;
	arena_init(&a);
	int64_t *ids = NULL;
	size_t n = 0;
	err =
	    knowledge_store_to_remind(c, &a, now - (int64_t)KNOWLEDGE_CHECK_DAYS * 86400, &ids, &n);
	for (size_t i = 0; !err && i < n; i++) {
		struct knowledge_page p;
		if ((err = knowledge_get(c, &a, ids[i], &p)) ||
		    (err = remind_mail(c, &a, &p, base_url)) ||
		    (err = knowledge_store_set_reminded(c, p.id)))
			break;
		(*reminded)++;
	}
	arena_release(&a);
	return db_end(c, err);
}

/* ---- search ---- */

int
knowledge_search(struct search_ctx *s, struct search_section *out)
{
	out->title = N_("Knowledge base");
	struct knowledge_hit *rows;
	size_t n;
	int err = knowledge_store_search(s->c, s->a, s->match, s->networks, s->nnetworks, s->offset,
					 s->limit + 1, &rows, &n);
	if (err)
		return err;
	out->more = n > (size_t)s->limit;
	out->nhits = out->more ? (size_t)s->limit : n;
	out->hits = ARENA_ARRAY(s->a, struct search_hit, out->nhits ? out->nhits : 1);
	for (size_t i = 0; i < out->nhits; i++) {
		struct search_hit *h = &out->hits[i];
		h->url = arena_printf(s->a, "/n/%s/knowledge/%lld", rows[i].network_slug,
				      (long long)rows[i].id);
		h->title = rows[i].title;
		h->where = rows[i].network_name;
		h->snippet = rows[i].snippet;
		h->note = "";
		h->byline = "";
		h->by = SEARCH_BY_NONE;
	}
	return KR_OK;
}
