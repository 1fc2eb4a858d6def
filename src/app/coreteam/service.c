// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of a core team that lasts (coreteam.h): dates, roles, terms and how they
 * keep network_role true, vacancies, sealed handover notes, warnings, and the hooks. */
#include "app/coreteam/coreteam.h"
#include "app/coreteam/store.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/strbuf.h"
#include <sodium.h>
#include <stdlib.h>
#include <strings.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG   crypto_aead_xchacha20poly1305_ietf_ABYTES

const char coreteam_problem_date[] = N_("Enter the date as year-month-day, like 2027-03-01.");
const char coreteam_problem_end_before_start[] =
    N_("The end is before the start. Enter an end on or after the start date.");
const char coreteam_problem_future[] =
    N_("A term cannot start after today. Start it on the day the person takes the role.");
const char coreteam_problem_end_future[] =
    N_("A term cannot end after today. End it on the day, or set its planned end.");
const char coreteam_problem_role[] = N_("Choose one of the roles of this network.");
const char coreteam_problem_person[] =
    N_("There is no account with this e-mail address. Check the address.");
const char coreteam_problem_deputy_self[] =
    N_("The deputy is someone else than the person who holds the role.");
const char coreteam_problem_successor_self[] =
    N_("The successor is someone else than the person who holds the role now.");
const char coreteam_problem_name[] = N_("Type a name for the role of at most 100 characters.");
const char coreteam_problem_name_taken[] = N_("This network has a role with this name already.");
const char coreteam_problem_description[] =
    N_("The description has at most 500 characters, without special characters.");
const char coreteam_problem_respond[] =
    N_("Type how people respond, in at most 500 characters (for example: mail the chair).");
const char coreteam_problem_note[] =
    N_("Handover notes have at most 20,000 characters, without special characters.");
const char coreteam_problem_ended[] = N_("This term has ended already.");

/* ---- dates ---- */

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : d[m - 1];
}

static bool
digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool
date_parts(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, y) ||
	    !digits(s + 5, 2, m) || !digits(s + 8, 2, d))
		return false;
	return *y >= 1900 && *y <= 2999 && *m >= 1 && *m <= 12 && *d >= 1 &&
	       *d <= month_days(*y, *m);
}

bool
coreteam_date_ok(const char *s)
{
	int y, m, d;
	return date_parts(s, &y, &m, &d);
}

void
coreteam_today(int64_t now, char out[11])
{
	char buf[32];
	time_utc_iso_at(now, buf, sizeof(buf));
	memcpy(out, buf, 10);
	out[10] = '\0';
}

void
coreteam_add_months(const char *date, int months, char out[11])
{
	int y, m, d;
	if (!date_parts(date, &y, &m, &d)) {
		snprintf(out, 11, "%s", "1900-01-01");
		return;
	}
	int total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	char buf[40];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

/* The year of a stored date (its first four digits). */
static int
year_of(const char *date)
{
	int y = 0;
	return date && digits(date, 4, &y) ? y : 0;
}

/* ---- texts ---- */

static size_t
chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* A text as stored: trimmed, CR LF made LF; newlines (when multiline) and tabs kept, other
 * control characters refused. KR_EINVAL for those, bad UTF-8 or more than max characters;
 * "" is allowed (the caller decides). */
static int
text_clean(struct arena *a, const char *in, size_t max, bool multiline, const char **out)
{
	if (!in)
		in = "";
	if (!str_is_utf8(str_from(in)))
		return KR_EINVAL;
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (const char *p = in; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '\r')
			continue;
		if ((ch < 0x20 && ch != '\t' && !(multiline && ch == '\n')) || ch == 0x7f) {
			sodium_memzero(sb.buf, sb.len);
			strbuf_release(&sb);
			return KR_EINVAL;
		}
		strbuf_addch(&sb, (char)ch);
	}
	struct str t = str_trim(str_from(sb.buf ? sb.buf : ""));
	while (t.len && (t.p[0] == '\n' || t.p[t.len - 1] == '\n')) {
		if (t.p[0] == '\n') {
			t.p++;
			t.len--;
		} else
			t.len--;
		t = str_trim(t);
	}
	char *s = arena_strndup(a, t.p ? t.p : "", t.len);
	if (sb.buf)
		sodium_memzero(sb.buf, sb.len);
	strbuf_release(&sb);
	if (chars(s) > max)
		return KR_EINVAL;
	*out = s;
	return KR_OK;
}

/* ---- roles ---- */

static const struct {
	const char *key;
	enum network_role_kind kind;
	const char *label;
} builtins[] = {
	{ "chair", NROLE_CHAIR, N_("Chair") },
	{ "vice_chair", NROLE_VICE_CHAIR, N_("Vice-chair") },
	{ "treasurer", NROLE_TREASURER, N_("Treasurer") },
	{ "secretary", NROLE_SECRETARY, N_("Secretary") },
	{ "core", NROLE_CORE, N_("Core team") },
};

const char *
coreteam_builtin_label(const char *key)
{
	for (size_t i = 0; key && i < ARRAY_SIZE(builtins); i++)
		if (strcmp(key, builtins[i].key) == 0)
			return builtins[i].label;
	return NULL;
}

static bool
is_builtin(const char *key)
{
	return coreteam_builtin_label(key) != NULL;
}

/* The own role's id in a key "c12", 0 when key is not one. */
static int64_t
own_id(const char *key)
{
	long id;
	if (!key || key[0] != 'c' || str_to_long(str_from(key + 1), 1, INT32_MAX, &id))
		return 0;
	return id;
}

int
coreteam_roles(struct db_conn *c, struct arena *a, int64_t network_id, struct coreteam_role **out,
	       size_t *n)
{
	struct ct_own_role *own;
	size_t nown, nvac;
	struct ct_vacancy *vac;
	int err = coreteam_store_own_roles(c, a, network_id, &own, &nown);
	if (!err)
		err = coreteam_store_vacancies(c, a, network_id, &vac, &nvac);
	if (err)
		return err;
	size_t total = ARRAY_SIZE(builtins) + nown;
	struct coreteam_role *r = arena_alloc(a, total * sizeof(*r));
	memset(r, 0, total * sizeof(*r));
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++) {
		snprintf(r[i].key, sizeof(r[i].key), "%s", builtins[i].key);
		r[i].name = builtins[i].label;
		r[i].description = "";
		r[i].builtin = true;
	}
	for (size_t i = 0; i < nown; i++) {
		struct coreteam_role *x = &r[ARRAY_SIZE(builtins) + i];
		snprintf(x->key, sizeof(x->key), "c%lld", (long long)own[i].id);
		x->name = own[i].name;
		x->description = own[i].description;
	}
	for (size_t i = 0; i < total; i++)
		for (size_t k = 0; k < nvac; k++)
			if (strcmp(r[i].key, vac[k].role_key) == 0) {
				r[i].open = true;
				r[i].respond = vac[k].respond;
			}
	*out = r;
	*n = total;
	return KR_OK;
}

int
coreteam_role_get(struct db_conn *c, struct arena *a, int64_t network_id, const char *key,
		  struct coreteam_role *out)
{
	struct coreteam_role *r;
	size_t n;
	if (!key || (!is_builtin(key) && !own_id(key)))
		return KR_ENOTFOUND;
	int err = coreteam_roles(c, a, network_id, &r, &n);
	if (err)
		return err;
	for (size_t i = 0; i < n; i++)
		if (strcmp(r[i].key, key) == 0) {
			*out = r[i];
			return KR_OK;
		}
	return KR_ENOTFOUND;
}

int
coreteam_role_add(struct db_conn *c, int64_t network_id, const char *name, const char *description,
		  int64_t now, char key[CORETEAM_KEY_SIZE], const char **problem)
{
	struct arena a;
	arena_init(&a);
	const char *cname, *cdesc;
	int err = KR_OK;
	if (text_clean(&a, name, CORETEAM_NAME_MAX, false, &cname) || !*cname) {
		*problem = coreteam_problem_name;
		err = KR_EINVAL;
	} else if (text_clean(&a, description, CORETEAM_DESC_MAX, true, &cdesc)) {
		*problem = coreteam_problem_description;
		err = KR_EINVAL;
	}
	int64_t id = 0;
	if (!err) {
		/* A name like a built-in role's would make two roles look the same. */
		for (size_t i = 0; i < ARRAY_SIZE(builtins); i++)
			if (strcasecmp(cname, builtins[i].label) == 0 ||
			    strcasecmp(cname, _(builtins[i].label)) == 0)
				err = KR_ECONFLICT;
		if (!err)
			err = coreteam_store_role_add(c, network_id, cname, cdesc, now, &id);
		if (err == KR_ECONFLICT) {
			*problem = coreteam_problem_name_taken;
			err = KR_EINVAL;
		}
	}
	if (!err && key)
		snprintf(key, CORETEAM_KEY_SIZE, "c%lld", (long long)id);
	arena_release(&a);
	return err;
}

/* ---- terms ---- */

/* Position of a role key in coreteam_roles() order: built-ins first, then own roles. */
static int
role_rank(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++)
		if (strcmp(key, builtins[i].key) == 0)
			return (int)i;
	return (int)ARRAY_SIZE(builtins);
}

static int
term_cmp(const void *pa, const void *pb)
{
	const struct coreteam_term *a = pa, *b = pb;
	int ra = role_rank(a->role_key), rb = role_rank(b->role_key);
	if (ra != rb)
		return ra - rb;
	int k = strcmp(a->role_key, b->role_key);
	if (k)
		return k;
	k = strcmp(a->starts_on, b->starts_on);
	return k ? k : (a->id > b->id) - (a->id < b->id);
}

int
coreteam_terms_open(struct db_conn *c, struct arena *a, int64_t network_id,
		    struct coreteam_term **out, size_t *n)
{
	int err = coreteam_store_terms(c, a, network_id, 0, true, out, n);
	if (!err && *n > 1)
		qsort(*out, *n, sizeof(**out), term_cmp);
	return err;
}

int
coreteam_history(struct db_conn *c, struct arena *a, int64_t network_id, struct coreteam_term **out,
		 size_t *n)
{
	return coreteam_store_terms(c, a, network_id, 0, false, out, n);
}

int
coreteam_turnover(struct db_conn *c, struct arena *a, int64_t network_id,
		  struct coreteam_year **out, size_t *n)
{
	struct coreteam_term *t;
	size_t nt;
	int err = coreteam_history(c, a, network_id, &t, &nt);
	if (err)
		return err;
	int lo = 9999, hi = 0;
	for (size_t i = 0; i < nt; i++) {
		int y = year_of(t[i].starts_on);
		lo = y < lo ? y : lo;
		hi = y > hi ? y : hi;
		if (t[i].ended_on[0]) {
			y = year_of(t[i].ended_on);
			hi = y > hi ? y : hi;
		}
	}
	*n = 0;
	*out = NULL;
	if (!nt)
		return KR_OK;
	size_t span = (size_t)hi - (size_t)lo + 1;
	struct coreteam_year *y = arena_alloc(a, span * sizeof(*y));
	memset(y, 0, span * sizeof(*y));
	for (size_t i = 0; i < span; i++)
		y[i].year = lo + (int)i;
	for (size_t i = 0; i < nt; i++) {
		y[year_of(t[i].starts_on) - lo].started++;
		if (t[i].ended_on[0])
			y[year_of(t[i].ended_on) - lo].ended++;
	}
	size_t k = 0;
	for (size_t i = 0; i < span; i++)
		if (y[i].started || y[i].ended)
			y[k++] = y[i];
	*out = y;
	*n = k;
	return KR_OK;
}

int
coreteam_successor_terms(struct db_conn *c, struct arena *a, int64_t account_id,
			 struct coreteam_term **out, size_t *n)
{
	return coreteam_store_successor_terms(c, a, account_id, out, n);
}

int
coreteam_term_get(struct db_conn *c, struct arena *a, int64_t network_id, int64_t term_id,
		  struct coreteam_term *out)
{
	return coreteam_store_term_get(c, a, network_id, term_id, out);
}

static enum network_role_kind
builtin_kind(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(builtins); i++)
		if (strcmp(key, builtins[i].key) == 0)
			return builtins[i].kind;
	return NROLE_NONE;
}

enum network_role_kind
coreteam_network_role(struct db_conn *c, int64_t network_id, int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	struct network_role_holder *h;
	size_t n;
	enum network_role_kind k = NROLE_NONE;
	if (account_id > 0 && org_network_roles(c, &a, network_id, &h, &n) == KR_OK)
		for (size_t i = 0; i < n; i++)
			if (h[i].account_id == account_id)
				k = network_role_parse(h[i].role);
	arena_release(&a);
	return k;
}

static enum network_role_kind
held_role(struct db_conn *c, int64_t network_id, int64_t account_id)
{
	return coreteam_network_role(c, network_id, account_id);
}

static bool
account_exists(struct db_conn *c, int64_t id)
{
	struct arena a;
	struct account acc;
	arena_init(&a);
	bool ok = id > 0 && auth_account_by_id(c, &a, id, &acc) == KR_OK;
	arena_release(&a);
	return ok;
}

/* Ends an open term on day (not before its start), and takes a built-in role away from its
 * holder in network_role when that is the role they hold there. In the caller's transaction. */
static int
end_term_in(struct db_conn *c, int64_t actor_id, const struct coreteam_term *t, const char *day)
{
	const char *on = strcmp(day, t->starts_on) < 0 ? t->starts_on : day;
	int err = coreteam_store_term_end(c, t->id, on);
	enum network_role_kind k = builtin_kind(t->role_key);
	if (!err && k != NROLE_NONE && t->holder_id > 0 &&
	    held_role(c, t->network_id, t->holder_id) == k)
		err =
		    auth_set_network_role_in(c, actor_id, t->network_id, t->holder_id, NROLE_NONE);
	return err;
}

static bool
role_known(struct db_conn *c, int64_t network_id, const char *key)
{
	struct arena a;
	struct coreteam_role r;
	arena_init(&a);
	bool ok = coreteam_role_get(c, &a, network_id, key, &r) == KR_OK;
	arena_release(&a);
	return ok;
}

int
coreteam_term_start(struct db_conn *c, int64_t actor_id, int64_t network_id, const char *role_key,
		    int64_t holder_id, const char *starts_on, const char *planned_end,
		    int64_t deputy_id, const char *today, int64_t now, int64_t *term_id,
		    const char **problem)
{
	if (!planned_end)
		planned_end = "";
	if (!coreteam_date_ok(starts_on) || (planned_end[0] && !coreteam_date_ok(planned_end)))
		return *problem = coreteam_problem_date, KR_EINVAL;
	if (planned_end[0] && strcmp(planned_end, starts_on) < 0)
		return *problem = coreteam_problem_end_before_start, KR_EINVAL;
	if (strcmp(starts_on, today) > 0)
		return *problem = coreteam_problem_future, KR_EINVAL;
	if (!role_known(c, network_id, role_key))
		return *problem = coreteam_problem_role, KR_EINVAL;
	if (deputy_id && deputy_id == holder_id)
		return *problem = coreteam_problem_deputy_self, KR_EINVAL;
	if (!account_exists(c, holder_id) || (deputy_id && !account_exists(c, deputy_id)))
		return KR_ENOTFOUND;

	int err = db_begin(c);
	if (err)
		return err;
	struct arena a;
	arena_init(&a);
	struct coreteam_term *open;
	size_t nopen;
	bool builtin = is_builtin(role_key);
	err = coreteam_store_terms(c, &a, network_id, 0, true, &open, &nopen);
	for (size_t i = 0; !err && i < nopen; i++)
		if (open[i].holder_id == holder_id && strcmp(open[i].role_key, role_key) == 0)
			err = KR_ECONFLICT;
	for (size_t i = 0; !err && i < nopen; i++) {
		const struct coreteam_term *t = &open[i];
		if (strcmp(t->role_key, role_key) == 0 && t->successor_id == holder_id)
			/* the named successor takes over */
			err = end_term_in(c, actor_id, t, starts_on);
		else if (builtin && t->holder_id == holder_id && is_builtin(t->role_key))
			/* one built-in role per person and network (network_role) */
			err = coreteam_store_term_end(
			    c, t->id, strcmp(today, t->starts_on) < 0 ? t->starts_on : today);
	}
	struct coreteam_term t = { .network_id = network_id,
				   .holder_id = holder_id,
				   .deputy_id = deputy_id };
	snprintf(t.role_key, sizeof(t.role_key), "%s", role_key);
	snprintf(t.starts_on, sizeof(t.starts_on), "%s", starts_on);
	snprintf(t.planned_end, sizeof(t.planned_end), "%s", planned_end);
	int64_t id = 0;
	if (!err)
		err = coreteam_store_term_insert(c, &t, now, &id);
	if (!err && builtin)
		err = auth_set_network_role_in(c, actor_id, network_id, holder_id,
					       builtin_kind(role_key));
	if (!err)
		err = coreteam_store_vacancy_delete(c, network_id, role_key);
	arena_release(&a);
	err = db_end(c, err);
	if (!err && term_id)
		*term_id = id;
	return err;
}

/* The open term term_id of the network into t: KR_ENOTFOUND, or KR_ECONFLICT when it ended. */
static int
open_term(struct db_conn *c, struct arena *a, int64_t network_id, int64_t term_id,
	  struct coreteam_term *t, const char **problem)
{
	int err = coreteam_store_term_get(c, a, network_id, term_id, t);
	if (!err && t->ended_on[0]) {
		*problem = coreteam_problem_ended;
		err = KR_ECONFLICT;
	}
	return err;
}

int
coreteam_term_end(struct db_conn *c, int64_t actor_id, int64_t network_id, int64_t term_id,
		  const char *ended_on, const char *today, const char **problem)
{
	if (!coreteam_date_ok(ended_on))
		return *problem = coreteam_problem_date, KR_EINVAL;
	if (strcmp(ended_on, today) > 0)
		return *problem = coreteam_problem_end_future, KR_EINVAL;
	int err = db_begin(c);
	if (err)
		return err;
	struct arena a;
	arena_init(&a);
	struct coreteam_term t;
	err = open_term(c, &a, network_id, term_id, &t, problem);
	if (!err && strcmp(ended_on, t.starts_on) < 0) {
		*problem = coreteam_problem_end_before_start;
		err = KR_EINVAL;
	}
	if (!err)
		err = end_term_in(c, actor_id, &t, ended_on);
	arena_release(&a);
	return db_end(c, err);
}

static int
set_person(struct db_conn *c, int64_t network_id, int64_t term_id, int64_t account_id,
	   bool successor, const char **problem)
{
	struct arena a;
	arena_init(&a);
	struct coreteam_term t;
	int err = open_term(c, &a, network_id, term_id, &t, problem);
	if (!err && account_id && account_id == t.holder_id) {
		*problem =
		    successor ? coreteam_problem_successor_self : coreteam_problem_deputy_self;
		err = KR_EINVAL;
	}
	if (!err && account_id && !account_exists(c, account_id))
		err = KR_ENOTFOUND;
	if (!err)
		err = coreteam_store_term_set_person(c, term_id, successor, account_id);
	arena_release(&a);
	return err;
}

int
coreteam_term_successor(struct db_conn *c, int64_t network_id, int64_t term_id,
			int64_t successor_id, const char **problem)
{
	return set_person(c, network_id, term_id, successor_id, true, problem);
}

int
coreteam_term_deputy(struct db_conn *c, int64_t network_id, int64_t term_id, int64_t deputy_id,
		     const char **problem)
{
	return set_person(c, network_id, term_id, deputy_id, false, problem);
}

int
coreteam_term_planned_end(struct db_conn *c, int64_t network_id, int64_t term_id,
			  const char *planned_end, const char **problem)
{
	if (!planned_end)
		planned_end = "";
	if (planned_end[0] && !coreteam_date_ok(planned_end))
		return *problem = coreteam_problem_date, KR_EINVAL;
	struct arena a;
	arena_init(&a);
	struct coreteam_term t;
	int err = open_term(c, &a, network_id, term_id, &t, problem);
	if (!err && planned_end[0] && strcmp(planned_end, t.starts_on) < 0) {
		*problem = coreteam_problem_end_before_start;
		err = KR_EINVAL;
	}
	if (!err)
		err = coreteam_store_term_set_planned_end(c, term_id, planned_end);
	arena_release(&a);
	return err;
}

int
coreteam_set_role(struct db_conn *c, int64_t actor_id, int64_t network_id, int64_t account_id,
		  enum network_role_kind k, int64_t now)
{
	char today[11];
	coreteam_today(now, today);
	const char *key = network_role_is_core(k) ? network_role_name(k) : NULL;
	int err = db_begin(c);
	if (err)
		return err;
	struct arena a;
	arena_init(&a);
	struct coreteam_term *open;
	size_t nopen;
	bool have = false;
	err = coreteam_store_terms(c, &a, network_id, 0, true, &open, &nopen);
	for (size_t i = 0; !err && i < nopen; i++) {
		const struct coreteam_term *t = &open[i];
		if (t->holder_id != account_id || !is_builtin(t->role_key))
			continue;
		if (key && strcmp(t->role_key, key) == 0)
			have = true;
		else
			err = coreteam_store_term_end(
			    c, t->id, strcmp(today, t->starts_on) < 0 ? t->starts_on : today);
	}
	if (!err && key && !have) {
		struct coreteam_term t = { .network_id = network_id, .holder_id = account_id };
		snprintf(t.role_key, sizeof(t.role_key), "%s", key);
		snprintf(t.starts_on, sizeof(t.starts_on), "%s", today);
		int64_t id;
		err = coreteam_store_term_insert(c, &t, now, &id);
		if (!err)
			err = coreteam_store_vacancy_delete(c, network_id, key);
	}
	if (!err)
		err = auth_set_network_role_in(c, actor_id, network_id, account_id, k);
	arena_release(&a);
	return db_end(c, err);
}

/* ---- vacancies ---- */

int
coreteam_vacancy_open(struct db_conn *c, int64_t network_id, const char *role_key,
		      const char *respond, int64_t now, const char **problem)
{
	if (!role_known(c, network_id, role_key))
		return *problem = coreteam_problem_role, KR_EINVAL;
	struct arena a;
	arena_init(&a);
	const char *clean;
	int err = KR_OK;
	if (text_clean(&a, respond, CORETEAM_RESPOND_MAX, true, &clean) || !*clean) {
		*problem = coreteam_problem_respond;
		err = KR_EINVAL;
	}
	if (!err)
		err = coreteam_store_vacancy_set(c, network_id, role_key, clean, now);
	arena_release(&a);
	return err;
}

int
coreteam_vacancy_close(struct db_conn *c, int64_t network_id, const char *role_key)
{
	return coreteam_store_vacancy_delete(c, network_id, role_key);
}

/* ---- handover notes ---- */

static void
note_ad(char *ad, size_t size, int64_t network_id, const char *key)
{
	snprintf(ad, size, "kring coreteam note v1 %lld %s", (long long)network_id, key);
}

static unsigned char *
seal_text(struct arena *a, const struct keys *k, const char *ad, const char *plain, size_t *len)
{
	size_t plen = strlen(plain);
	unsigned char *box = arena_alloc(a, NONCE + plen + TAG);
	randombytes_buf(box, NONCE);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, (const unsigned char *)plain,
						   plen, (const unsigned char *)ad, strlen(ad),
						   NULL, box, k->data);
	*len = NONCE + (size_t)clen;
	return box;
}

static char *
unseal_text(struct arena *a, const struct keys *k, const char *ad, const unsigned char *box,
	    size_t len)
{
	if (!box || len < NONCE + TAG)
		return NULL;
	size_t plen = len - NONCE - TAG;
	char *plain = arena_alloc(a, plen + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		(unsigned char *)plain, NULL, NULL, box + NONCE, len - NONCE,
		(const unsigned char *)ad, strlen(ad), box, k->data) != 0)
		return NULL;
	plain[plen] = '\0';
	return plain;
}

bool
coreteam_note_may_write(struct db_conn *c, int64_t network_id, const char *role_key,
			int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	struct coreteam_term *t;
	size_t n;
	bool ok = false;
	if (account_id > 0 && coreteam_store_terms(c, &a, network_id, 0, true, &t, &n) == KR_OK)
		for (size_t i = 0; i < n; i++)
			ok = ok ||
			     (t[i].holder_id == account_id && strcmp(t[i].role_key, role_key) == 0);
	arena_release(&a);
	return ok;
}

bool
coreteam_note_may_read(struct db_conn *c, int64_t network_id, const char *role_key,
		       int64_t account_id)
{
	if (account_id <= 0)
		return false;
	if (held_role(c, network_id, account_id) == NROLE_CHAIR)
		return true;
	struct arena a;
	arena_init(&a);
	struct coreteam_term *t;
	size_t n;
	bool ok = false;
	if (coreteam_store_terms(c, &a, network_id, 0, true, &t, &n) == KR_OK)
		for (size_t i = 0; i < n; i++)
			ok = ok ||
			     (strcmp(t[i].role_key, role_key) == 0 &&
			      (t[i].holder_id == account_id || t[i].successor_id == account_id));
	arena_release(&a);
	return ok;
}

int
coreteam_note_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		  const char *role_key, const char **text, const char **author, int64_t *updated_at)
{
	struct ct_note_row *rows;
	size_t n;
	*text = NULL;
	*author = "";
	*updated_at = 0;
	int err = coreteam_store_notes(c, a, network_id, role_key, 0, &rows, &n);
	if (err || !n)
		return err;
	char ad[96];
	note_ad(ad, sizeof(ad), network_id, role_key);
	if (!(*text = unseal_text(a, k, ad, rows[0].sealed, rows[0].sealed_len)))
		return KR_EINTERNAL; /* a note that does not open with our key: never show it */
	*author = rows[0].author_name;
	*updated_at = rows[0].updated_at;
	return KR_OK;
}

int
coreteam_note_save(struct db_conn *c, const struct keys *k, int64_t network_id,
		   const char *role_key, int64_t author_id, const char *text, int64_t now,
		   const char **problem)
{
	struct arena a;
	arena_init(&a);
	const char *clean;
	int err = KR_OK;
	if (text_clean(&a, text, CORETEAM_NOTE_MAX, true, &clean)) {
		*problem = coreteam_problem_note;
		err = KR_EINVAL;
	} else if (!*clean) {
		err = coreteam_store_note_delete(c, network_id, role_key);
	} else {
		char ad[96];
		note_ad(ad, sizeof(ad), network_id, role_key);
		size_t len;
		unsigned char *box = seal_text(&a, k, ad, clean, &len);
		sodium_memzero((char *)clean, strlen(clean));
		err = coreteam_store_note_set(c, network_id, role_key, box, len, author_id, now);
	}
	arena_release(&a);
	return err;
}

/* ---- warnings ---- */

int
coreteam_warnings(struct db_conn *c, struct arena *a, int64_t network_id, const char *today,
		  struct coreteam_warning **out, size_t *n)
{
	struct coreteam_term *t;
	size_t nt;
	struct ct_count *counts;
	size_t ncounts;
	int err = coreteam_terms_open(c, a, network_id, &t, &nt);
	if (!err)
		err = coreteam_store_open_counts(c, a, network_id, &counts, &ncounts);
	if (err)
		return err;
	char edge[11];
	coreteam_add_months(today, CORETEAM_WARN_MONTHS, edge);
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct coreteam_warning), 8, 0);
	for (size_t i = 0; i < nt; i++)
		if (t[i].planned_end[0] && !t[i].successor_id &&
		    strcmp(t[i].planned_end, edge) <= 0) {
			struct coreteam_warning *w = ARENA_VEC_PUSH(&vec, struct coreteam_warning);
			memset(w, 0, sizeof(*w));
			w->kind = CTW_ENDS_WITHOUT_SUCCESSOR;
			snprintf(w->role_key, sizeof(w->role_key), "%s", t[i].role_key);
			w->who = t[i].holder_name;
			snprintf(w->date, sizeof(w->date), "%s", t[i].planned_end);
		}
	for (size_t k = 0; k < ncounts; k++) {
		if (counts[k].n <= CORETEAM_ROLES_MANY)
			continue;
		const char *who = "";
		for (size_t i = 0; i < nt; i++)
			if (t[i].holder_id == counts[k].holder_id)
				who = t[i].holder_name;
		struct coreteam_warning *w = ARENA_VEC_PUSH(&vec, struct coreteam_warning);
		memset(w, 0, sizeof(*w));
		w->kind = CTW_MANY_ROLES;
		w->who = who;
		w->count = counts[k].n;
	}
	for (size_t i = 0; i < nt; i++)
		if (!t[i].deputy_id) {
			struct coreteam_warning *w = ARENA_VEC_PUSH(&vec, struct coreteam_warning);
			memset(w, 0, sizeof(*w));
			w->kind = CTW_NO_DEPUTY;
			snprintf(w->role_key, sizeof(w->role_key), "%s", t[i].role_key);
			w->who = t[i].holder_name;
		}
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
coreteam_roles_without_deputy(struct db_conn *c, struct arena *a, int64_t network_id,
			      struct coreteam_term **out, size_t *n)
{
	struct coreteam_term *t;
	size_t nt;
	int err = coreteam_terms_open(c, a, network_id, &t, &nt);
	if (err)
		return err;
	size_t k = 0;
	for (size_t i = 0; i < nt; i++)
		if (!t[i].deputy_id)
			t[k++] = t[i];
	*out = t;
	*n = k;
	return KR_OK;
}

/* ---- hooks ---- */

int
coreteam_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	(void)k;
	/* Their open terms end today: a deleted account holds no role. */
	char today[11];
	coreteam_today(time_now(), today);
	struct arena a;
	arena_init(&a);
	struct coreteam_term *t;
	size_t n;
	int err = coreteam_store_terms(c, &a, 0, account_id, false, &t, &n);
	for (size_t i = 0; !err && i < n; i++)
		if (!t[i].ended_on[0])
			err = coreteam_store_term_end(
			    c, t[i].id, strcmp(today, t[i].starts_on) < 0 ? t[i].starts_on : today);
	if (!err)
		err = coreteam_store_erase_account(c, account_id);
	arena_release(&a);
	return err;
}

int
coreteam_my_terms(struct db_conn *c, struct arena *a, int64_t account_id,
		  struct coreteam_term **out, size_t *n)
{
	return coreteam_store_terms(c, a, 0, account_id, false, out, n);
}

int
coreteam_my_notes(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		  struct coreteam_my_note **out, size_t *n)
{
	struct ct_note_row *rows;
	size_t nrows;
	int err = coreteam_store_notes(c, a, 0, NULL, account_id, &rows, &nrows);
	if (err)
		return err;
	struct coreteam_my_note *x = arena_alloc(a, (nrows ? nrows : 1) * sizeof(*x));
	for (size_t i = 0; i < nrows; i++) {
		char ad[96];
		note_ad(ad, sizeof(ad), rows[i].network_id, rows[i].role_key);
		x[i].network_id = rows[i].network_id;
		x[i].role_key = rows[i].role_key;
		x[i].updated_at = rows[i].updated_at;
		if (!(x[i].text = unseal_text(a, k, ad, rows[i].sealed, rows[i].sealed_len)))
			return KR_EINTERNAL;
	}
	*out = x;
	*n = nrows;
	return KR_OK;
}

int
coreteam_erase_ended_before(struct db_conn *c, const char *before, int64_t *n)
{
	return coreteam_store_retention(c, before, n);
}

int
coreteam_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	struct ct_note_row *rows;
	size_t n;
	*count = 0;
	int err = coreteam_store_notes(c, &a, 0, NULL, 0, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		char ad[96];
		note_ad(ad, sizeof(ad), rows[i].network_id, rows[i].role_key);
		char *text = unseal_text(&a, old, ad, rows[i].sealed, rows[i].sealed_len);
		if (!text) {
			err = KR_EINTERNAL;
			break;
		}
		size_t len;
		unsigned char *box = seal_text(&a, fresh, ad, text, &len);
		sodium_memzero(text, strlen(text));
		err = coreteam_store_note_reseal(c, rows[i].network_id, rows[i].role_key, box, len);
		(*count)++;
	}
	arena_release(&a);
	return err;
}
