// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of a network's budget, its money arithmetic, and the sealing that keeps
 * what may hint at health private at rest (budget.h). */
#include "app/budget/budget.h"
#include "app/audit/audit.h"
#include "app/auth/auth.h"
#include "app/events/events.h"
#include "app/org/org.h"
#include "app/photo/photo.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include <sodium.h>
#include <time.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG   crypto_aead_xchacha20poly1305_ietf_ABYTES

const char budget_problem_amount_empty[] = N_("Type an amount in euros, for example 12,50.");
const char budget_problem_amount_garbage[] =
    N_("Type the amount in euros with digits only, and a comma or point before the cents, "
       "for example 1234,56. Leave out thousands separators.");
const char budget_problem_amount_negative[] =
    N_("An amount cannot be negative. Type it without a minus sign.");
const char budget_problem_amount_zero[] = N_("An amount must be more than zero.");
const char budget_problem_amount_absurd[] =
    N_("An amount must be less than one million euros. Check the number of digits.");
const char budget_problem_amount_decimals[] =
    N_("An amount has at most two digits after the comma (cents). Leave out thousands "
       "separators.");
const char budget_problem_closed[] = N_("This year is closed: nothing can be changed in it.");
const char budget_problem_over[] =
    N_("This expense is more than what is left this year. Ask the contact point for more "
       "first, or ask the contact point to enter and approve it.");
const char budget_problem_over_limit[] =
    N_("This expense is over the amount up to which the treasurer may approve. The contact "
       "point approves it.");
const char budget_problem_text_empty[] = N_("Type a short description.");
const char budget_problem_text_long[] = N_("A description has at most 2,000 characters.");
const char budget_problem_source_empty[] =
    N_("Type where the money comes from, for example Netwerkbudget.");
const char budget_problem_source_long[] =
    N_("The name of a source has at most 100 characters, on one line.");
const char budget_problem_date[] = N_("Type the date as YYYY-MM-DD, for example 2026-03-15.");
const char budget_problem_date_year[] = N_("The date must be in the year of this budget.");
const char budget_problem_event[] = N_("Choose one of this network's events, or none.");
const char budget_problem_partly[] =
    N_("For a partial approval, type an amount that is more than zero and less than what was "
       "asked for.");
const char budget_problem_reason[] =
    N_("Give a reason: the treasurer reads it with your decision.");
const char budget_problem_decided[] = N_("This has been decided already.");
const char budget_problem_waiting[] =
    N_("Decide the requests and expenses that are waiting before you close the year.");
const char budget_problem_event_past[] =
    N_("Choose an event of this network that has not ended yet.");
const char budget_problem_receipt_type[] =
    N_("A receipt must be a PDF, JPEG or PNG file. This file is none of those, or it is "
       "damaged.");
const char budget_problem_receipt_size[] = N_("A receipt can be at most 10 MB.");
const char budget_problem_receipt_empty[] = N_("Choose a file with the receipt.");

/* ---- money ---- */

int
budget_parse_cents(const char *s, bool allow_zero, int64_t *out, const char **problem)
{
	*problem = NULL;
	if (!s) {
		*problem = budget_problem_amount_empty;
		return KR_EINVAL;
	}
	struct str t = str_trim(str_from(s));
	/* An optional euro sign (U+20AC, 3 bytes) in front, with spaces after it. */
	if (t.len >= 3 && memcmp(t.p, "\xe2\x82\xac", 3) == 0) {
		t.p += 3;
		t.len -= 3;
		t = str_trim(t);
	}
	if (t.len == 0) {
		*problem = budget_problem_amount_empty;
		return KR_EINVAL;
	}
	if (t.p[0] == '-') {
		*problem = budget_problem_amount_negative;
		return KR_EINVAL;
	}
	size_t i = 0;
	int64_t euros = 0;
	bool big = false;
	size_t digits = 0;
	for (; i < t.len && t.p[i] >= '0' && t.p[i] <= '9'; i++, digits++) {
		if (euros < 1000000000LL)
			euros = euros * 10 + (t.p[i] - '0');
		else
			big = true;
	}
	int64_t cents = 0;
	size_t decimals = 0;
	if (i < t.len && (t.p[i] == ',' || t.p[i] == '.')) {
		i++;
		/* Digits past the second are counted, not kept: more than two is refused. */
		for (; i < t.len && t.p[i] >= '0' && t.p[i] <= '9'; i++, decimals++)
			if (decimals < 2)
				cents = cents * 10 + (t.p[i] - '0');
		if (decimals == 0) {
			*problem = budget_problem_amount_garbage;
			return KR_EINVAL;
		}
	}
	if (i != t.len || digits == 0) {
		*problem = budget_problem_amount_garbage;
		return KR_EINVAL;
	}
	if (decimals > 2) {
		*problem = budget_problem_amount_decimals;
		return KR_EINVAL;
	}
	if (decimals == 1)
		cents *= 10;
	if (big || euros > BUDGET_CENTS_MAX / 100) {
		*problem = budget_problem_amount_absurd;
		return KR_EINVAL;
	}
	int64_t v = euros * 100 + cents;
	if (v > BUDGET_CENTS_MAX) {
		*problem = budget_problem_amount_absurd;
		return KR_EINVAL;
	}
	if (v == 0 && !allow_zero) {
		*problem = budget_problem_amount_zero;
		return KR_EINVAL;
	}
	*out = v;
	return KR_OK;
}

/* The euros of |cents| with a thousands separator. */
static void
add_grouped(struct strbuf *sb, uint64_t euros, char sep)
{
	char digits[24];
	int n = 0;
	do {
		digits[n++] = (char)('0' + euros % 10);
		euros /= 10;
	} while (euros);
	for (int i = n - 1; i >= 0; i--) {
		strbuf_addch(sb, digits[i]);
		if (i && i % 3 == 0)
			strbuf_addch(sb, sep);
	}
}

void
budget_format_cents(struct strbuf *sb, int64_t cents, const char *lang)
{
	bool nl = lang && strcmp(lang, "nl") == 0;
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	if (cents < 0)
		strbuf_addch(sb, '-');
	strbuf_addstr(sb, nl ? "\xe2\x82\xac " : "\xe2\x82\xac");
	add_grouped(sb, v / 100, nl ? '.' : ',');
	strbuf_addch(sb, nl ? ',' : '.');
	strbuf_addch(sb, (char)('0' + (v % 100) / 10));
	strbuf_addch(sb, (char)('0' + v % 10));
}

const char *
budget_cents_text(struct arena *a, int64_t cents, const char *lang)
{
	struct strbuf sb;
	strbuf_init(&sb, 64);
	budget_format_cents(&sb, cents, lang);
	char *s = arena_strdup(a, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return s;
}

const char *
budget_cents_plain(struct arena *a, int64_t cents)
{
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	return arena_printf(a, "%s%llu.%02llu", cents < 0 ? "-" : "", (unsigned long long)(v / 100),
			    (unsigned long long)(v % 100));
}

/* ---- who ---- */

int
budget_role_of(struct db_conn *c, int64_t network_id, int64_t account_id, enum budget_role *out)
{
	*out = BUDGET_NONE;
	if (account_id <= 0)
		return KR_OK;
	struct arena a;
	arena_init(&a);
	const char *role;
	bool org_contact;
	int err = org_standing(c, &a, network_id, account_id, &role, &org_contact);
	if (!err) {
		enum network_role_kind k = role ? network_role_parse(role) : NROLE_NONE;
		if (org_contact || k == NROLE_CONTACT)
			*out = BUDGET_CONTACT;
		else if (k == NROLE_TREASURER)
			*out = BUDGET_TREASURER;
		else if (k == NROLE_CHAIR)
			*out = BUDGET_CHAIR;
	}
	arena_release(&a);
	return err;
}

/* ---- sealing ---- */

static unsigned char *
seal(struct arena *a, const struct keys *k, const char *ad, const void *plain, size_t plen,
     size_t *len)
{
	unsigned char *box = arena_alloc(a, NONCE + plen + TAG);
	randombytes_buf(box, NONCE);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, plain, plen,
						   (const unsigned char *)ad, strlen(ad), NULL, box,
						   k->data);
	*len = NONCE + (size_t)clen;
	return box;
}

/* The plain bytes (NUL-terminated) or NULL when the box does not open. */
static unsigned char *
unseal(struct arena *a, const struct keys *k, const char *ad, const unsigned char *box, size_t len,
       size_t *plen)
{
	if (!box || len < NONCE + TAG)
		return NULL;
	unsigned char *plain = arena_alloc(a, len - NONCE - TAG + 1);
	unsigned long long n;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &n, NULL, box + NONCE, len - NONCE,
						       (const unsigned char *)ad, strlen(ad), box,
						       k->data) != 0)
		return NULL;
	plain[n] = '\0';
	if (plen)
		*plen = (size_t)n;
	return plain;
}

enum seal_kind { S_REQ_TEXT, S_REQ_REASON, S_EXP_TEXT, S_EXP_REASON, S_RECEIPT };

static const char *
ad_of(char *buf, size_t size, enum seal_kind kind, int64_t id)
{
	static const char *const names[] = { "request justification", "request reason",
					     "expense what", "expense reason", "receipt" };
	snprintf(buf, size, "kring budget v1 %s %lld", names[kind], (long long)id);
	return buf;
}

static unsigned char *
seal_text(struct arena *a, const struct keys *k, enum seal_kind kind, int64_t id, const char *s,
	  size_t *len)
{
	char ad[96];
	return seal(a, k, ad_of(ad, sizeof(ad), kind, id), s, strlen(s), len);
}

static const char *
unseal_text(struct arena *a, const struct keys *k, enum seal_kind kind, int64_t id,
	    const unsigned char *box, size_t len)
{
	char ad[96];
	if (!box)
		return "";
	const char *s = (const char *)unseal(a, k, ad_of(ad, sizeof(ad), kind, id), box, len, NULL);
	return s;
}

/* ---- checks ---- */

static size_t
chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* A text as stored: trimmed, CR dropped; newlines and tabs kept unless one_line. */
static int
text_check(struct arena *a, const char *in, bool one_line, size_t max, const char *empty,
	   const char *toolong, const char **out, const char **problem)
{
	if (!in || !str_is_utf8(str_from(in))) {
		*problem = in ? toolong : empty;
		return KR_EINVAL;
	}
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (const char *p = in; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '\r')
			continue;
		if ((ch < 0x20 && !(!one_line && (ch == '\n' || ch == '\t'))) || ch == 0x7f) {
			strbuf_release(&sb);
			*problem = toolong;
			return KR_EINVAL;
		}
		strbuf_addch(&sb, (char)ch);
	}
	struct str t = str_trim(str_from(sb.buf ? sb.buf : ""));
	while (t.len && (t.p[0] == '\n' || t.p[t.len - 1] == '\n')) {
		if (t.p[0] == '\n') {
			t.p++;
			t.len--;
		} else {
			t.len--;
		}
		t = str_trim(t);
	}
	char *s = arena_strndup(a, t.p ? t.p : "", t.len);
	strbuf_release(&sb);
	if (!*s) {
		*problem = empty;
		return KR_EINVAL;
	}
	if (chars(s) > max) {
		*problem = toolong;
		return KR_EINVAL;
	}
	*out = s;
	return KR_OK;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "YYYY-MM-DD" of a day that exists; *year gets its year. */
static bool
date_ok(const char *s, int *year)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12 || d < 1)
		return false;
	int max = mdays[m - 1] + (m == 2 && leap(y));
	if (d > max)
		return false;
	*year = y;
	return true;
}

int
budget_year_of(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return tm.tm_year + 1900;
}

/* ---- the arithmetic ---- */

static int
source_cmp(const void *pa, const void *pb)
{
	const struct budget_source_total *a = pa, *b = pb;
	return strcmp(a->source, b->source);
}

static struct budget_event_cost *
event_slot(struct budget_event_cost *ev, size_t *n, int64_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (ev[i].event_id == id)
			return &ev[i];
	memset(&ev[*n], 0, sizeof(ev[*n]));
	ev[*n].event_id = id;
	ev[*n].title = "";
	return &ev[(*n)++];
}

void
budget_compute(struct arena *a, struct budget_year *y, int64_t now)
{
	struct budget_totals t = { 0 };
	y->sources = arena_alloc(a, (y->nallocs ? y->nallocs : 1) * sizeof(*y->sources));
	y->nsources = 0;
	for (size_t i = 0; i < y->nallocs; i++) {
		t.allocated += y->allocs[i].cents;
		size_t k = 0;
		while (k < y->nsources && strcmp(y->sources[k].source, y->allocs[i].source) != 0)
			k++;
		if (k == y->nsources) {
			y->sources[k].source = y->allocs[i].source;
			y->sources[k].cents = 0;
			y->nsources++;
		}
		y->sources[k].cents += y->allocs[i].cents;
	}
	if (y->nsources > 1)
		qsort(y->sources, y->nsources, sizeof(*y->sources), source_cmp);
	for (size_t i = 0; i < y->nrequests; i++) {
		t.requested += y->requests[i].asked;
		if (y->requests[i].state == BREQ_APPROVED || y->requests[i].state == BREQ_PARTLY)
			t.approved += y->requests[i].granted;
	}
	size_t cap = y->nexpenses + y->nplanned + 1;
	y->events = arena_alloc(a, cap * sizeof(*y->events));
	y->nevents = 0;
	for (size_t i = 0; i < y->nexpenses; i++) {
		const struct budget_expense *e = &y->expenses[i];
		if (e->state == BEXP_DECLINED)
			continue;
		if (e->state == BEXP_APPROVED)
			t.spent += e->cents;
		else
			t.waiting += e->cents;
		if (e->event_id) {
			struct budget_event_cost *ev =
			    event_slot(y->events, &y->nevents, e->event_id);
			if (e->state == BEXP_APPROVED)
				ev->spent += e->cents;
			else
				ev->waiting += e->cents;
		}
	}
	for (size_t i = 0; i < y->nplanned; i++) {
		const struct budget_planned *p = &y->planned[i];
		struct budget_event_cost *ev = event_slot(y->events, &y->nevents, p->event_id);
		ev->planned = p->cents;
		int64_t rest = p->cents - ev->spent - ev->waiting;
		ev->committed = p->ends_at > now && rest > 0 ? rest : 0;
		t.committed += ev->committed;
	}
	t.available = t.allocated + t.approved;
	t.left = t.available - t.spent - t.waiting - t.committed;
	y->t = t;
}

/* ---- reading a year ---- */

static int
year_load(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id, int year,
	  int64_t now, bool texts, struct budget_year *y)
{
	memset(y, 0, sizeof(*y));
	y->network_id = network_id;
	y->year = year;
	int err = budget_store_closed(c, network_id, year, &y->closed);
	if (!err)
		err = budget_store_limit(c, network_id, &y->approval_limit);
	if (!err)
		err = budget_store_allocs(c, a, network_id, year, &y->allocs, &y->nallocs);
	struct budget_request_row *rr = NULL;
	size_t nr = 0;
	if (!err)
		err = budget_store_requests(c, a, network_id, year, 0, &rr, &nr);
	struct budget_expense_row *er = NULL;
	size_t ne = 0;
	if (!err)
		err = budget_store_expenses(c, a, network_id, year, 0, &er, &ne);
	struct budget_planned *pl = NULL;
	size_t np = 0;
	if (!err)
		err = budget_store_planned(c, a, network_id, &pl, &np);
	if (err)
		return err;
	y->requests = arena_alloc(a, (nr ? nr : 1) * sizeof(*y->requests));
	for (size_t i = 0; i < nr; i++) {
		struct budget_request *q = &y->requests[y->nrequests++];
		*q = rr[i].r;
		q->justification = q->reason = "";
		if (texts) {
			q->justification =
			    unseal_text(a, k, S_REQ_TEXT, q->id, rr[i].sj, rr[i].sjlen);
			q->reason = unseal_text(a, k, S_REQ_REASON, q->id, rr[i].sr, rr[i].srlen);
			if (!q->justification || !q->reason) {
				log_msg(LOG_ERROR, "budget request %lld does not unseal",
					(long long)q->id);
				return KR_EINTERNAL;
			}
		}
	}
	y->expenses = arena_alloc(a, (ne ? ne : 1) * sizeof(*y->expenses));
	for (size_t i = 0; i < ne; i++) {
		struct budget_expense *e = &y->expenses[y->nexpenses++];
		*e = er[i].e;
		e->what = e->reason = "";
		if (texts) {
			e->what = unseal_text(a, k, S_EXP_TEXT, e->id, er[i].sw, er[i].swlen);
			e->reason = unseal_text(a, k, S_EXP_REASON, e->id, er[i].sr, er[i].srlen);
			if (!e->what || !e->reason) {
				log_msg(LOG_ERROR, "budget expense %lld does not unseal",
					(long long)e->id);
				return KR_EINTERNAL;
			}
		}
	}
	/* The planned costs of this year's events: the year of the event's start. */
	y->planned = arena_alloc(a, (np ? np : 1) * sizeof(*y->planned));
	for (size_t i = 0; i < np; i++) {
		struct event ev;
		err = events_get(c, a, pl[i].event_id, &ev);
		if (err == KR_ENOTFOUND)
			continue;
		if (err)
			return err;
		if (budget_year_of(ev.starts_at) != year)
			continue;
		struct budget_planned *p = &y->planned[y->nplanned++];
		*p = pl[i];
		p->ends_at = ev.ends_at;
		p->year = year;
	}
	budget_compute(a, y, now);
	return KR_OK;
}

int
budget_year_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		int year, int64_t now, struct budget_year *out)
{
	int err = year_load(c, k, a, network_id, year, now, true, out);
	if (err)
		return err;
	for (size_t i = 0; i < out->nevents; i++) {
		struct event ev;
		int e2 = events_get(c, a, out->events[i].event_id, &ev);
		if (e2 == KR_OK) {
			out->events[i].title = ev.title;
			out->events[i].starts_at = ev.starts_at;
		} else if (e2 != KR_ENOTFOUND) {
			return e2;
		}
	}
	return KR_OK;
}

const struct budget_request *
budget_find_request(const struct budget_year *y, int64_t id)
{
	for (size_t i = 0; i < y->nrequests; i++)
		if (y->requests[i].id == id)
			return &y->requests[i];
	return NULL;
}

const struct budget_expense *
budget_find_expense(const struct budget_year *y, int64_t id)
{
	for (size_t i = 0; i < y->nexpenses; i++)
		if (y->expenses[i].id == id)
			return &y->expenses[i];
	return NULL;
}

/* ---- changes ---- */

/* The common start of a change: the actor's role (KR_ENOTFOUND for none, KR_EFORBIDDEN when
 * below need), the year's range, and the write transaction. */
static int
change_begin(struct db_conn *c, const struct budget_actor *who, enum budget_role need,
	     enum budget_role *role)
{
	if (who->year < BUDGET_YEAR_MIN || who->year > BUDGET_YEAR_MAX)
		return KR_ENOTFOUND;
	int err = budget_role_of(c, who->network_id, who->account_id, role);
	if (err)
		return err;
	if (*role == BUDGET_NONE)
		return KR_ENOTFOUND;
	if (*role < need)
		return KR_EFORBIDDEN;
	return db_begin(c);
}

static int
audit_money(struct db_conn *c, const struct budget_actor *who, const char *what, int64_t id,
	    int64_t cents)
{
	char detail[160];
	snprintf(detail, sizeof(detail), "%s %lld: %lld cents, network %lld, %d", what,
		 (long long)id, (long long)cents, (long long)who->network_id, who->year);
	return audit_append(c, AUDIT_BUDGET_CHANGED, who->account_id, 0, detail);
}

static int
refuse(const char **problem, const char *p)
{
	*problem = p;
	return KR_EINVAL;
}

static int
open_year(struct db_conn *c, const struct budget_actor *who, const char **problem)
{
	bool closed;
	int err = budget_store_closed(c, who->network_id, who->year, &closed);
	if (err)
		return err;
	return closed ? refuse(problem, budget_problem_closed) : KR_OK;
}

int
budget_allocate(struct db_conn *c, const struct budget_actor *who, const char *source,
		int64_t cents, int64_t *id, const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	const char *src = NULL;
	int err = text_check(&a, source, true, BUDGET_SOURCE_MAX, budget_problem_source_empty,
			     budget_problem_source_long, &src, problem);
	if (!err && (cents <= 0 || cents > BUDGET_CENTS_MAX))
		err = refuse(problem, budget_problem_amount_zero);
	enum budget_role role;
	if (!err && !(err = change_begin(c, who, BUDGET_CONTACT, &role))) {
		err = open_year(c, who, problem);
		if (!err)
			err = budget_store_alloc_insert(c, who->network_id, who->year, src, cents,
							who->account_id, who->now, id);
		if (!err)
			err = audit_money(c, who, "allocation", *id, cents);
		err = db_end(c, err);
	}
	arena_release(&a);
	return err;
}

int
budget_set_limit(struct db_conn *c, const struct budget_actor *who, int64_t cents,
		 const char **problem)
{
	*problem = NULL;
	if (cents < 0 || cents > BUDGET_CENTS_MAX)
		return refuse(problem, budget_problem_amount_absurd);
	enum budget_role role;
	int err = change_begin(c, who, BUDGET_CONTACT, &role);
	if (err)
		return err;
	err = budget_store_set_limit(c, who->network_id, cents);
	if (!err)
		err = audit_money(c, who, "approval limit", who->network_id, cents);
	return db_end(c, err);
}

int
budget_request_add(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
		   int64_t cents, const char *justification, int64_t *id, const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	const char *text = NULL;
	int err = text_check(&a, justification, false, BUDGET_TEXT_MAX, budget_problem_text_empty,
			     budget_problem_text_long, &text, problem);
	if (!err && (cents <= 0 || cents > BUDGET_CENTS_MAX))
		err = refuse(problem, budget_problem_amount_zero);
	enum budget_role role;
	if (!err && !(err = change_begin(c, who, BUDGET_TREASURER, &role))) {
		if (role != BUDGET_TREASURER)
			err = KR_EFORBIDDEN; /* the contact point does not ask itself */
		if (!err)
			err = open_year(c, who, problem);
		if (!err)
			err = budget_store_request_insert(c, who->network_id, who->year, cents,
							  who->account_id, who->now, id);
		if (!err) {
			size_t len;
			unsigned char *box = seal_text(&a, k, S_REQ_TEXT, *id, text, &len);
			err = budget_store_request_seal(c, *id, box, len, NULL, 0);
		}
		if (!err)
			err = audit_money(c, who, "request", *id, cents);
		err = db_end(c, err);
	}
	arena_release_wiped(&a);
	return err;
}

int
budget_request_add_demo(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
			int64_t cents, const char *justification, int64_t *id)
{
	struct arena a;
	arena_init(&a);
	int err = db_begin(c);
	if (!err)
		err = budget_store_request_insert(c, who->network_id, who->year, cents,
						  who->account_id, who->now, id);
	if (!err) {
		size_t len;
		unsigned char *box = seal_text(&a, k, S_REQ_TEXT, *id, justification, &len);
		err = budget_store_request_seal(c, *id, box, len, NULL, 0);
	}
	if (!err)
		err = audit_money(c, who, "request", *id, cents);
	err = db_end(c, err);
	arena_release(&a);
	return err;
}

int
budget_request_decide(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
		      int64_t request_id, enum budget_request_state decision, int64_t cents,
		      const char *reason, const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	const char *why = "";
	int err = KR_OK;
	bool has_reason = reason && str_trim(str_from(reason)).len > 0;
	if (has_reason || decision != BREQ_APPROVED)
		err = text_check(&a, reason, false, BUDGET_TEXT_MAX, budget_problem_reason,
				 budget_problem_text_long, &why, problem);
	if (!err && decision == BREQ_WAITING)
		err = KR_EINVAL;
	enum budget_role role;
	if (!err && !(err = change_begin(c, who, BUDGET_CONTACT, &role))) {
		err = open_year(c, who, problem);
		struct budget_year y = { 0 };
		if (!err)
			err = year_load(c, k, &a, who->network_id, who->year, who->now, false, &y);
		const struct budget_request *q = err ? NULL : budget_find_request(&y, request_id);
		if (!err && !q)
			err = KR_ENOTFOUND;
		if (!err && q->state != BREQ_WAITING)
			err = refuse(problem, budget_problem_decided);
		int64_t granted = 0;
		if (!err && decision == BREQ_APPROVED)
			granted = q->asked;
		if (!err && decision == BREQ_PARTLY) {
			if (cents <= 0 || cents >= q->asked)
				err = refuse(problem, budget_problem_partly);
			granted = cents;
		}
		unsigned char *box = NULL;
		size_t len = 0;
		if (!err && *why)
			box = seal_text(&a, k, S_REQ_REASON, request_id, why, &len);
		if (!err)
			err = budget_store_request_decide(c, request_id, decision, granted, box,
							  len, who->now);
		if (err == KR_ECONFLICT)
			err = refuse(problem, budget_problem_decided);
		if (!err)
			err = audit_money(c, who,
					  decision == BREQ_DECLINED ? "request declined"
					  : decision == BREQ_PARTLY ? "request partly approved"
								    : "request approved",
					  request_id, granted);
		err = db_end(c, err);
	}
	arena_release_wiped(&a);
	return err;
}

int
budget_expense_add(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
		   int64_t cents, const char *date, const char *what, int64_t event_id,
		   bool approve_now, int64_t *id, const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	const char *text = NULL;
	int dyear = 0;
	int err = KR_OK;
	if (cents <= 0 || cents > BUDGET_CENTS_MAX)
		err = refuse(problem, budget_problem_amount_zero);
	if (!err && !date_ok(date, &dyear))
		err = refuse(problem, budget_problem_date);
	if (!err && dyear != who->year)
		err = refuse(problem, budget_problem_date_year);
	if (!err)
		err = text_check(&a, what, false, BUDGET_TEXT_MAX, budget_problem_text_empty,
				 budget_problem_text_long, &text, problem);
	enum budget_role role;
	if (!err && !(err = change_begin(c, who, BUDGET_TREASURER, &role))) {
		if (approve_now && role != BUDGET_CONTACT)
			err = KR_EFORBIDDEN;
		if (!err)
			err = open_year(c, who, problem);
		if (!err && event_id) {
			struct event ev;
			int e2 = events_get(c, &a, event_id, &ev);
			if (e2 == KR_ENOTFOUND || (!e2 && ev.network_id != who->network_id))
				err = refuse(problem, budget_problem_event);
			else
				err = e2;
		}
		struct budget_year y = { 0 };
		if (!err)
			err = year_load(c, k, &a, who->network_id, who->year, who->now, false, &y);
		if (!err) {
			/* What is left after it: the expense on a planned event first uses what
			 * that event has committed. */
			int64_t freed = 0;
			for (size_t i = 0; event_id && i < y.nevents; i++)
				if (y.events[i].event_id == event_id)
					freed = y.events[i].committed < cents
						    ? y.events[i].committed
						    : cents;
			int64_t after = y.t.left - cents + freed;
			if (after < 0 && !(approve_now && role == BUDGET_CONTACT))
				err = refuse(problem, budget_problem_over);
		}
		struct budget_expense e = { .network_id = who->network_id,
					    .year = who->year,
					    .cents = cents,
					    .event_id = event_id,
					    .state = approve_now ? BEXP_APPROVED : BEXP_WAITING,
					    .entered_by = who->account_id,
					    .entered_at = who->now,
					    .decided_at = approve_now ? who->now : 0 };
		if (!err) {
			memcpy(e.date, date, 10);
			e.date[10] = '\0';
			err = budget_store_expense_insert(c, &e, id);
		}
		if (!err) {
			size_t len;
			unsigned char *box = seal_text(&a, k, S_EXP_TEXT, *id, text, &len);
			err = budget_store_expense_seal(c, *id, box, len, NULL, 0);
		}
		if (!err)
			err = audit_money(c, who, approve_now ? "expense approved" : "expense", *id,
					  cents);
		err = db_end(c, err);
	}
	arena_release_wiped(&a);
	return err;
}

/* The expense of the actor's network and year, for a decision. */
static int
expense_load(struct db_conn *c, struct arena *a, const struct budget_actor *who, int64_t id,
	     struct budget_year *y, const struct budget_expense **e)
{
	int err = year_load(c, NULL, a, who->network_id, who->year, who->now, false, y);
	if (err)
		return err;
	*e = budget_find_expense(y, id);
	return *e ? KR_OK : KR_ENOTFOUND;
}

int
budget_expense_approve(struct db_conn *c, const struct budget_actor *who, int64_t expense_id,
		       const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	enum budget_role role;
	int err = change_begin(c, who, BUDGET_TREASURER, &role);
	if (!err) {
		err = open_year(c, who, problem);
		struct budget_year y = { 0 };
		const struct budget_expense *e = NULL;
		if (!err)
			err = expense_load(c, &a, who, expense_id, &y, &e);
		if (!err && e->state != BEXP_WAITING)
			err = refuse(problem, budget_problem_decided);
		if (!err && role == BUDGET_TREASURER && e->cents > y.approval_limit)
			err = refuse(problem, budget_problem_over_limit);
		if (!err)
			err = budget_store_expense_decide(c, expense_id, BEXP_APPROVED, NULL, 0,
							  who->now);
		if (err == KR_ECONFLICT)
			err = refuse(problem, budget_problem_decided);
		if (!err)
			err = audit_money(c, who, "expense approved", expense_id, e->cents);
		err = db_end(c, err);
	}
	arena_release(&a);
	return err;
}

int
budget_expense_decline(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
		       int64_t expense_id, const char *reason, const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	const char *why = NULL;
	int err = text_check(&a, reason, false, BUDGET_TEXT_MAX, budget_problem_reason,
			     budget_problem_text_long, &why, problem);
	enum budget_role role;
	if (!err && !(err = change_begin(c, who, BUDGET_CONTACT, &role))) {
		err = open_year(c, who, problem);
		struct budget_year y = { 0 };
		const struct budget_expense *e = NULL;
		if (!err)
			err = expense_load(c, &a, who, expense_id, &y, &e);
		if (!err && e->state != BEXP_WAITING)
			err = refuse(problem, budget_problem_decided);
		if (!err) {
			size_t len;
			unsigned char *box = seal_text(&a, k, S_EXP_REASON, expense_id, why, &len);
			err = budget_store_expense_decide(c, expense_id, BEXP_DECLINED, box, len,
							  who->now);
		}
		if (err == KR_ECONFLICT)
			err = refuse(problem, budget_problem_decided);
		if (!err)
			err = audit_money(c, who, "expense declined", expense_id, e->cents);
		err = db_end(c, err);
	}
	arena_release_wiped(&a);
	return err;
}

int
budget_plan(struct db_conn *c, const struct budget_actor *who, int64_t event_id, int64_t cents,
	    const char **problem)
{
	*problem = NULL;
	if (cents <= 0 || cents > BUDGET_CENTS_MAX)
		return refuse(problem, budget_problem_amount_zero);
	struct arena a;
	arena_init(&a);
	enum budget_role role;
	int err = change_begin(c, who, BUDGET_TREASURER, &role);
	if (!err) {
		struct event ev;
		int e2 = events_get(c, &a, event_id, &ev);
		if (e2 == KR_ENOTFOUND ||
		    (!e2 && (ev.network_id != who->network_id || ev.ends_at <= who->now)))
			err = refuse(problem, budget_problem_event_past);
		else
			err = e2;
		struct budget_actor in_year = *who;
		if (!err) {
			in_year.year = budget_year_of(ev.starts_at);
			err = open_year(c, &in_year, problem);
		}
		if (!err)
			err = budget_store_plan(c, event_id, who->network_id, cents, who->now);
		if (!err)
			err = audit_money(c, &in_year, "planned cost of event", event_id, cents);
		err = db_end(c, err);
	}
	arena_release(&a);
	return err;
}

int
budget_close(struct db_conn *c, const struct budget_actor *who, const char **problem)
{
	*problem = NULL;
	struct arena a;
	arena_init(&a);
	enum budget_role role;
	int err = change_begin(c, who, BUDGET_CONTACT, &role);
	if (!err) {
		err = open_year(c, who, problem);
		struct budget_year y = { 0 };
		if (!err)
			err =
			    year_load(c, NULL, &a, who->network_id, who->year, who->now, false, &y);
		for (size_t i = 0; !err && i < y.nrequests; i++)
			if (y.requests[i].state == BREQ_WAITING)
				err = refuse(problem, budget_problem_waiting);
		for (size_t i = 0; !err && i < y.nexpenses; i++)
			if (y.expenses[i].state == BEXP_WAITING)
				err = refuse(problem, budget_problem_waiting);
		if (!err)
			err = budget_store_close(c, who->network_id, who->year, who->account_id,
						 who->now);
		if (!err)
			err = audit_money(c, who, "year closed, left", who->network_id, y.t.left);
		err = db_end(c, err);
	}
	arena_release(&a);
	return err;
}

/* ---- receipts ---- */

enum receipt_type
budget_receipt_sniff(const unsigned char *d, size_t len)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	if (len >= 5 && memcmp(d, "%PDF-", 5) == 0) {
		size_t from = len > 1024 ? len - 1024 : 0;
		for (size_t i = from; i + 5 <= len; i++)
			if (memcmp(d + i, "%%EOF", 5) == 0)
				return RECEIPT_PDF;
		return RECEIPT_NONE;
	}
	if (len >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return RECEIPT_JPEG;
	if (len >= 8 && memcmp(d, png, 8) == 0)
		return RECEIPT_PNG;
	return RECEIPT_NONE;
}

const char *
receipt_content_type(enum receipt_type t)
{
	switch (t) {
	case RECEIPT_PDF:
		return "application/pdf";
	case RECEIPT_JPEG:
		return "image/jpeg";
	case RECEIPT_PNG:
		return "image/png";
	default:
		return "application/octet-stream";
	}
}

int
budget_receipt_check(const unsigned char *data, size_t len, enum receipt_type *type,
		     const char **problem)
{
	*problem = NULL;
	if (!data || len == 0)
		return refuse(problem, budget_problem_receipt_empty);
	if (len > BUDGET_RECEIPT_MAX)
		return refuse(problem, budget_problem_receipt_size);
	*type = budget_receipt_sniff(data, len);
	if (*type == RECEIPT_NONE)
		return refuse(problem, budget_problem_receipt_type);
	if (*type == RECEIPT_JPEG || *type == RECEIPT_PNG) {
		/* It must decode: the photo feature's decoder, with its limits. */
		unsigned char *out = NULL;
		size_t outlen = 0;
		const char *p = NULL;
		int err = photo_make(data, len, &out, &outlen, &p);
		photo_free(out);
		if (err == KR_EINVAL)
			return refuse(problem, budget_problem_receipt_type);
		if (err)
			return err;
	}
	return KR_OK;
}

int
budget_receipt_put(struct db_conn *c, const struct keys *k, const struct budget_actor *who,
		   int64_t expense_id, const unsigned char *data, size_t len, const char **problem)
{
	enum receipt_type type = RECEIPT_NONE;
	int err = budget_receipt_check(data, len, &type, problem);
	if (err)
		return err;
	struct arena a;
	arena_init(&a);
	enum budget_role role;
	err = change_begin(c, who, BUDGET_TREASURER, &role);
	if (!err) {
		struct budget_year y = { 0 };
		const struct budget_expense *e = NULL;
		err = expense_load(c, &a, who, expense_id, &y, &e);
		if (!err) {
			char ad[96];
			size_t slen;
			unsigned char *box = seal(
			    &a, k, ad_of(ad, sizeof(ad), S_RECEIPT, expense_id), data, len, &slen);
			err = budget_store_receipt_put(c, expense_id, type, box, slen, who->now);
		}
		if (!err)
			err = audit_money(c, who, "receipt of expense", expense_id, e->cents);
		err = db_end(c, err);
	}
	arena_release_wiped(&a);
	return err;
}

int
budget_receipt_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		   int64_t expense_id, enum receipt_type *type, const unsigned char **data,
		   size_t *len)
{
	/* The expense must be the network's: its row says so. */
	int64_t owner = 0;
	int err = budget_store_expense_network(c, expense_id, &owner);
	if (err)
		return err;
	if (owner != network_id)
		return KR_ENOTFOUND;
	const unsigned char *box;
	size_t blen;
	bool found;
	err = budget_store_receipt_get(c, a, expense_id, type, &box, &blen, &found);
	if (err)
		return err;
	if (!found)
		return KR_ENOTFOUND;
	char ad[96];
	size_t plen = 0;
	unsigned char *plain =
	    unseal(a, k, ad_of(ad, sizeof(ad), S_RECEIPT, expense_id), box, blen, &plen);
	if (!plain) {
		log_msg(LOG_ERROR, "budget receipt %lld does not unseal", (long long)expense_id);
		return KR_EINTERNAL;
	}
	*data = plain;
	*len = plen;
	return KR_OK;
}

/* ---- CSV ---- */

void
budget_csv_field(struct strbuf *sb, const char *s)
{
	bool guard = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		     s[0] == '\r';
	bool quote = guard || strpbrk(s, ",\"\r\n;") != NULL;
	if (quote)
		strbuf_addch(sb, '"');
	if (guard)
		strbuf_addch(sb, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *p);
	}
	if (quote)
		strbuf_addch(sb, '"');
}

static void
csv_row(struct strbuf *sb, struct arena *a, const char *kind, const char *date, const char *source,
	const char *event, const char *text, const char *state, int64_t amount, int64_t granted,
	bool has_granted)
{
	const char *f[] = { kind, date, source, event, text, state };
	for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
		budget_csv_field(sb, f[i] ? f[i] : "");
		strbuf_addch(sb, ',');
	}
	/* Amounts are Kring's own digits: no guard, so a negative figure stays a number. */
	strbuf_addstr(sb, budget_cents_plain(a, amount));
	strbuf_addch(sb, ',');
	if (has_granted)
		strbuf_addstr(sb, budget_cents_plain(a, granted));
	strbuf_addstr(sb, "\r\n");
}

static const char *
day_of(struct arena *a, int64_t t)
{
	char buf[32];
	time_utc_iso_at(t, buf, sizeof(buf));
	buf[10] = '\0';
	return arena_strdup(a, buf);
}

static const char *
event_title(const struct budget_year *y, int64_t id)
{
	for (size_t i = 0; id && i < y->nevents; i++)
		if (y->events[i].event_id == id)
			return y->events[i].title;
	return "";
}

void
budget_csv(struct strbuf *sb, struct arena *a, const struct budget_year *y)
{
	strbuf_addstr(sb, "kind,date,source,event,description,state,amount_eur,granted_eur\r\n");
	for (size_t i = 0; i < y->nallocs; i++)
		csv_row(sb, a, "allocation", day_of(a, y->allocs[i].created_at),
			y->allocs[i].source, "", "", "", y->allocs[i].cents, 0, false);
	for (size_t i = 0; i < y->nrequests; i++) {
		const struct budget_request *q = &y->requests[i];
		csv_row(sb, a, "request", day_of(a, q->asked_at), "", "", q->justification,
			budget_request_state_name(q->state), q->asked, q->granted, true);
	}
	for (size_t i = 0; i < y->nexpenses; i++) {
		const struct budget_expense *e = &y->expenses[i];
		csv_row(sb, a, "expense", e->date, "", event_title(y, e->event_id), e->what,
			budget_expense_state_name(e->state), e->cents, 0, false);
	}
	for (size_t i = 0; i < y->nevents; i++) {
		const struct budget_event_cost *ev = &y->events[i];
		if (ev->planned)
			csv_row(sb, a, "planned", "", "", ev->title, "", "", ev->planned, 0, false);
	}
	const struct {
		const char *name;
		int64_t v;
	} totals[] = {
		{ "allocated", y->t.allocated }, { "requested", y->t.requested },
		{ "approved", y->t.approved },	 { "spent", y->t.spent },
		{ "waiting", y->t.waiting },	 { "committed", y->t.committed },
		{ "left", y->t.left },
	};
	for (size_t i = 0; i < ARRAY_SIZE(totals); i++)
		csv_row(sb, a, "total", "", "", "", totals[i].name, "", totals[i].v, 0, false);
}

/* ---- hooks ---- */

int
budget_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	(void)k;
	return budget_store_forget(c, account_id);
}

static int
reseal(struct arena *a, const struct keys *old, const struct keys *fresh, enum seal_kind kind,
       int64_t id, const unsigned char *box, size_t len, unsigned char **out, size_t *outlen)
{
	*out = NULL;
	*outlen = 0;
	if (!box)
		return KR_OK;
	char ad[96];
	size_t plen;
	unsigned char *plain = unseal(a, old, ad_of(ad, sizeof(ad), kind, id), box, len, &plen);
	if (!plain) {
		log_msg(LOG_ERROR, "budget row %lld does not unseal with the old key",
			(long long)id);
		return KR_EINTERNAL;
	}
	*out = seal(a, fresh, ad, plain, plen, outlen);
	sodium_memzero(plain, plen);
	return KR_OK;
}

int
budget_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	int err = KR_OK;
	*count = 0;
	for (int pass = 0; !err && pass < 2; pass++) {
		struct budget_sealed_row *rows = NULL;
		size_t n = 0;
		err = budget_store_all_sealed(c, &a, pass == 1, &rows, &n);
		for (size_t i = 0; !err && i < n; i++) {
			unsigned char *x, *y;
			size_t xl, yl;
			err = reseal(&a, old, fresh, pass ? S_EXP_TEXT : S_REQ_TEXT, rows[i].id,
				     rows[i].a, rows[i].alen, &x, &xl);
			if (!err)
				err = reseal(&a, old, fresh, pass ? S_EXP_REASON : S_REQ_REASON,
					     rows[i].id, rows[i].b, rows[i].blen, &y, &yl);
			if (!err)
				err = pass ? budget_store_expense_seal(c, rows[i].id, x, xl, y, yl)
					   : budget_store_request_seal(c, rows[i].id, x, xl, y, yl);
			if (!err)
				(*count)++;
		}
	}
	int64_t *ids = NULL;
	size_t nids = 0;
	if (!err)
		err = budget_store_receipt_ids(c, &a, &ids, &nids);
	for (size_t i = 0; !err && i < nids; i++) {
		struct arena one;
		arena_init(&one);
		enum receipt_type t;
		const unsigned char *box;
		size_t blen;
		bool found;
		err = budget_store_receipt_get(c, &one, ids[i], &t, &box, &blen, &found);
		unsigned char *x = NULL;
		size_t xl = 0;
		if (!err && found)
			err = reseal(&one, old, fresh, S_RECEIPT, ids[i], box, blen, &x, &xl);
		if (!err && found)
			err = budget_store_receipt_put(c, ids[i], t, x, xl, time_now());
		if (!err)
			(*count)++;
		arena_release_wiped(&one);
	}
	arena_release_wiped(&a);
	return err;
}

int
budget_erase_old_receipts(struct db_conn *c, int64_t now, int64_t *n)
{
	/* An expense of year Y is kept through the end of Y + 7: its receipt goes on 1 January
	 * of Y + 8. */
	int upto = budget_year_of(now) - BUDGET_RECEIPT_KEEP_YEARS - 1;
	int err = db_begin(c);
	if (err)
		return err;
	err = budget_store_receipts_delete_upto(c, upto, n);
	return db_end(c, err);
}

int
budget_of_account(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		  struct budget_request **reqs, size_t *nreqs, struct budget_expense **exps,
		  size_t *nexps)
{
	struct budget_request_row *rr = NULL;
	struct budget_expense_row *er = NULL;
	size_t nr = 0, ne = 0;
	int err = budget_store_requests(c, a, 0, 0, account_id, &rr, &nr);
	if (!err)
		err = budget_store_expenses(c, a, 0, 0, account_id, &er, &ne);
	if (err)
		return err;
	*reqs = arena_alloc(a, (nr ? nr : 1) * sizeof(**reqs));
	*exps = arena_alloc(a, (ne ? ne : 1) * sizeof(**exps));
	for (size_t i = 0; i < nr; i++) {
		(*reqs)[i] = rr[i].r;
		(*reqs)[i].justification =
		    unseal_text(a, k, S_REQ_TEXT, rr[i].r.id, rr[i].sj, rr[i].sjlen);
		(*reqs)[i].reason =
		    unseal_text(a, k, S_REQ_REASON, rr[i].r.id, rr[i].sr, rr[i].srlen);
		if (!(*reqs)[i].justification || !(*reqs)[i].reason)
			return KR_EINTERNAL;
	}
	for (size_t i = 0; i < ne; i++) {
		(*exps)[i] = er[i].e;
		(*exps)[i].what = unseal_text(a, k, S_EXP_TEXT, er[i].e.id, er[i].sw, er[i].swlen);
		(*exps)[i].reason =
		    unseal_text(a, k, S_EXP_REASON, er[i].e.id, er[i].sr, er[i].srlen);
		if (!(*exps)[i].what || !(*exps)[i].reason)
			return KR_EINTERNAL;
	}
	*nreqs = nr;
	*nexps = ne;
	return KR_OK;
}
