// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of hours agreements, bookings and the energy guard (hours.h), and the
 * sealing of a manager's address and of a decision's reason. */
#include "app/hours/hours.h"
#include "app/auth/auth.h"
#include "app/buddies/buddies.h"
#include "app/events/events.h"
#include "app/mail/mail.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/strbuf.h"
#include <sodium.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG   crypto_aead_xchacha20poly1305_ietf_ABYTES

const char hours_problem_period[] =
    N_("Type a start and an end date (YYYY-MM-DD). The end is on or after the start, and an "
       "agreement runs at most one year.");
const char hours_problem_amount[] =
    N_("Type the hours: per week at most 40, per year at most 2080, and more than 0.");
const char hours_problem_address[] = N_("Type your manager's work e-mail address.");
const char hours_problem_own_address[] =
    N_("This is your own address. You cannot approve your own agreement: type your manager's "
       "address, or ask the contact point.");
const char hours_problem_domain[] =
    N_("This address is not one of the organisation's. Type your manager's work address.");
const char hours_problem_waiting[] =
    N_("You have three requests waiting already. Wait for an answer first.");
const char hours_problem_reason[] =
    N_("Give a reason when you decline, of at most 500 characters.");
const char hours_problem_duration[] =
    N_("Type a time of at least 1 minute and at most 24 hours: hours from 0 to 24, minutes "
       "from 0 to 59.");
const char hours_problem_day_full[] =
    N_("With this, you would have booked more than 24 hours on that day. Check the time.");
const char hours_problem_no_agreement[] =
    N_("You have no approved agreement for this network on this date. You can book only "
       "within the period of an approved agreement.");
const char hours_problem_future[] = N_("You can book time only for today or a day before.");
const char hours_problem_activity[] = N_("Choose what you did.");
const char hours_problem_attending[] =
    N_("In your organisation, attending an activity does not count as working time.");
const char hours_problem_date[] = N_("Type the date as YYYY-MM-DD, for example 2026-03-09.");

static const char *const basis_names[] = { "week", "year" };
static const char *const level_names[] = { "all", "fewer", "quiet" };

const char *
hours_basis_name(enum hours_basis b)
{
	return (size_t)b < ARRAY_SIZE(basis_names) ? basis_names[b] : "week";
}

bool
hours_basis_parse(const char *s, enum hours_basis *out)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(basis_names); i++)
		if (strcmp(s, basis_names[i]) == 0) {
			*out = (enum hours_basis)i;
			return true;
		}
	return false;
}

const char *
hours_guard_level_name(enum guard_level l)
{
	return (size_t)l < ARRAY_SIZE(level_names) ? level_names[l] : "all";
}

bool
hours_guard_level_parse(const char *s, enum guard_level *out)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(level_names); i++)
		if (strcmp(s, level_names[i]) == 0) {
			*out = (enum guard_level)i;
			return true;
		}
	return false;
}

/* ---- days (the proleptic Gregorian calendar, after Howard Hinnant's algorithms) ---- */

int64_t
hours_day_from_ymd(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
hours_ymd(int64_t day, int *y, int *m, int *d)
{
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int64_t
hours_day_of(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

bool
hours_parse_day(const char *s, int64_t *day)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	int64_t n = hours_day_from_ymd(y, m, d);
	int yy, mm, dd;
	hours_ymd(n, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return false; /* the 31st of a shorter month, 29 February of a common year */
	*day = n;
	return true;
}

const char *
hours_day_text(struct arena *a, int64_t day)
{
	int y, m, d;
	hours_ymd(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

int64_t
hours_week_start(int64_t day)
{
	/* Day 0 (1970-01-01) was a Thursday: Monday is (day + 3) % 7 == 0. */
	int64_t dow = ((day + 3) % 7 + 7) % 7;
	return day - dow;
}

const char *
hours_minutes_text(struct arena *a, int64_t minutes)
{
	bool neg = minutes < 0;
	int64_t m = neg ? -minutes : minutes;
	return arena_printf(a, "%s%lld:%02lld", neg ? "-" : "", (long long)(m / 60),
			    (long long)(m % 60));
}

/* ---- the guard's arithmetic ---- */

int64_t
hours_allowance(enum hours_basis b, int64_t minutes, int64_t period_days)
{
	if (period_days <= 0 || minutes <= 0)
		return 0;
	if (b == HOURS_PER_YEAR)
		return period_days >= 365 ? minutes : minutes * period_days / 365;
	return minutes * period_days / 7;
}

bool
hours_pace_ahead(int64_t booked, int64_t elapsed_days, int64_t period_days, int64_t allowance)
{
	if (booked > allowance)
		return true;
	if (elapsed_days < HOURS_PACE_MIN_DAYS || period_days <= 0)
		return false;
	if (elapsed_days > period_days)
		elapsed_days = period_days;
	return booked * period_days > allowance * elapsed_days;
}

int
hours_weeks_over(const int64_t weeks[4], int64_t weekly)
{
	int n = 0;
	for (int i = 0; i < 4; i++)
		n += weeks[i] > weekly;
	return n;
}

bool
hours_weeks_warn(const int64_t weeks[4], int64_t weekly)
{
	return hours_weeks_over(weeks, weekly) >= HOURS_WEEKS_OVER_WARN;
}

bool
hours_outside_warn(int64_t n)
{
	return n >= HOURS_OUTSIDE_WARN;
}

bool
hours_organise_warn(int64_t n, int64_t max)
{
	return n > max;
}

bool
hours_load_heavy(int64_t minutes, int64_t total)
{
	return total > 0 && minutes * 2 > total;
}

/* ---- the rule ---- */

int
hours_rule_get(struct db_conn *c, struct arena *a, struct hours_rule *out)
{
	return hours_store_rule_get(c, a, out);
}

int
hours_rule_set(struct db_conn *c, const struct hours_rule *r, const char **field,
	       const char **problem)
{
	int64_t max = r->basis == HOURS_PER_YEAR ? HOURS_YEAR_MAX : HOURS_WEEK_MAX;
	if (r->minutes < 0 || r->minutes > max) {
		*field = "hours";
		*problem = N_("Type the hours: per week 0 to 40, per year 0 to 2080.");
		return KR_EINVAL;
	}
	if (!r->code || strlen(r->code) > HOURS_CODE_MAX || !str_is_utf8(str_from(r->code)) ||
	    strpbrk(r->code, "\r\n\t")) {
		*field = "code";
		*problem = N_("The time-registration code has at most 64 characters on one line.");
		return KR_EINVAL;
	}
	if (r->organise_max < 1 || r->organise_max > HOURS_ORGANISE_LIMIT) {
		*field = "organise_max";
		*problem = N_("Type a number of activities from 1 to 31.");
		return KR_EINVAL;
	}
	return hours_store_rule_set(c, r);
}

bool
hours_is_active(struct db_conn *c, const struct hours_rule *rule, int64_t network_id,
		int64_t account_id)
{
	bool has = false;
	if ((rule->core || rule->organisers) &&
	    hours_store_role(c, network_id, account_id, true, &has) == KR_OK && has)
		return true;
	if (rule->coordinators &&
	    hours_store_coordinator(c, network_id, account_id, &has) == KR_OK && has)
		return true;
	return rule->buddies && buddy_is_serving(c, network_id, account_id);
}

/* ---- sealing ---- */

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

static void
ad_manager(char *buf, size_t n, int64_t id)
{
	snprintf(buf, n, "kring hours manager v1 %lld", (long long)id);
}

static void
ad_reason(char *buf, size_t n, int64_t id)
{
	snprintf(buf, n, "kring hours reason v1 %lld", (long long)id);
}

/* Unkeyed on purpose: the token has 256 random bits, and the hash is only for finding it. */
static void
token_hash(const char *token, unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)"kring hours link v1", 19);
	crypto_generichash_update(&st, (const unsigned char *)token, strlen(token));
	crypto_generichash_final(&st, out, 32);
}

static void
token_new(char token[HOURS_TOKEN_LEN + 1], unsigned char hash[32])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, HOURS_TOKEN_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	token_hash(token, hash);
}

static bool
token_shape_ok(const char *t)
{
	if (!t || strlen(t) != HOURS_TOKEN_LEN)
		return false;
	for (const char *p = t; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

static void
fill_reason(struct arena *a, const struct keys *k, struct hours_agreement_row *r)
{
	char ad[64];
	ad_reason(ad, sizeof(ad), r->a.id);
	const char *t =
	    r->reason_sealed ? unseal_text(a, k, ad, r->reason_sealed, r->reason_len) : NULL;
	r->a.reason = t ? t : "";
}

/* ---- agreements ---- */

static bool
domain_allowed(struct db_conn *c, struct arena *a, const char *email)
{
	struct org_settings s;
	if (org_settings_get(c, a, &s) != KR_OK || !s.ndomains)
		return true;
	const char *at = strrchr(email, '@');
	for (size_t i = 0; at && i < s.ndomains; i++)
		if (strcmp(at + 1, s.domains[i]) == 0)
			return true;
	return false;
}

int
hours_agreement_ask(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		    int64_t network_id, enum hours_basis basis, int64_t minutes, int64_t starts_on,
		    int64_t ends_on, enum agreement_approver approver, const char *manager_email,
		    const char *base_url, int64_t now, int64_t *id, const char **problem)
{
	struct hours_rule rule;
	int err = hours_rule_get(c, a, &rule);
	if (err)
		return err;
	if (!hours_is_active(c, &rule, network_id, account_id))
		return KR_EFORBIDDEN;
	int64_t max = basis == HOURS_PER_YEAR ? HOURS_YEAR_MAX : HOURS_WEEK_MAX;
	if (minutes < 1 || minutes > max) {
		*problem = hours_problem_amount;
		return KR_EINVAL;
	}
	if (ends_on < starts_on || ends_on - starts_on + 1 > HOURS_PERIOD_MAX_DAYS) {
		*problem = hours_problem_period;
		return KR_EINVAL;
	}
	struct account me;
	const char *email = NULL;
	if ((err = auth_account_by_id(c, a, account_id, &me)))
		return err;
	if (approver == APPROVER_MANAGER) {
		if (!manager_email || auth_email_normalise(a, manager_email, &email) ||
		    !mail_address_ok(email)) {
			*problem = hours_problem_address;
			return KR_EINVAL;
		}
		if (strcmp(email, me.email) == 0) {
			*problem = hours_problem_own_address;
			return KR_EINVAL;
		}
		if (!domain_allowed(c, a, email)) {
			*problem = hours_problem_domain;
			return KR_EINVAL;
		}
	}
	int64_t waiting = 0;
	if ((err = hours_store_count_waiting(c, account_id, &waiting)))
		return err;
	if (waiting >= HOURS_WAITING_MAX) {
		*problem = hours_problem_waiting;
		return KR_EINVAL;
	}
	char token[HOURS_TOKEN_LEN + 1];
	unsigned char hash[32];
	token_new(token, hash);
	struct hours_agreement g = { .account_id = account_id,
				     .network_id = network_id,
				     .basis = basis,
				     .minutes = minutes,
				     .starts_on = starts_on,
				     .ends_on = ends_on,
				     .approver = approver,
				     .created_at = now };
	bool invite = false;
	if (!(err = db_begin(c))) {
		err = hours_store_agreement_insert(c, &g,
						   approver == APPROVER_MANAGER ? hash : NULL, id);
		if (!err && approver == APPROVER_MANAGER) {
			char ad[64];
			ad_manager(ad, sizeof(ad), *id);
			size_t len;
			unsigned char *box = seal_text(a, k, ad, email, &len);
			err = hours_store_agreement_seal(c, *id, box, len, NULL, 0);
		}
		if (!err && approver == APPROVER_MANAGER && base_url) {
			/* The e-mail names the member, not the network: a mailbox may be read by
			 * others, and the network is for the signed-in page only. */
			const char *body = arena_printf(
			    a,
			    "Hallo,\n\n"
			    "%s vraagt je om een afspraak over uren goed te keuren: uren voor werk "
			    "in een medewerkersnetwerk. Open deze link en log in met dit "
			    "e-mailadres om de vraag te zien:\n\n"
			    "%s/hours/approve/%s\n\n"
			    "Heb je nog geen account in Kring? Dan krijg je ook een uitnodiging. "
			    "De link werkt 30 dagen.\n\n"
			    "-- \n\n"
			    "Hello,\n\n"
			    "%s asks you to approve an agreement about hours for work in an "
			    "employee network. Open the link above and sign in with this address "
			    "to see the request. No account in Kring yet? You get an invitation as "
			    "well. The link works for 30 days.\n",
			    me.name, base_url, token, me.name);
			err = mail_enqueue(c, email,
					   "Vraag om uren goed te keuren / Hours to approve", body);
		}
		err = db_end(c, err);
	}
	sodium_memzero(token, sizeof(token));
	if (!err && approver == APPROVER_MANAGER && base_url) {
		struct account acc;
		invite = auth_account_by_email(c, a, email, &acc) == KR_ENOTFOUND;
	}
	if (invite) {
		int ie = auth_invite(c, k, account_id, email, base_url, now);
		if (ie && ie != KR_ECONFLICT)
			log_warn("hours: the manager's invitation was not sent (%s)",
				 kr_err_name(ie));
	}
	return err;
}

int
hours_agreements_of(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		    struct hours_agreement **out, size_t *n)
{
	struct hours_agreement_row *rows;
	int err = hours_store_agreements_of(c, a, account_id, &rows, n);
	if (err)
		return err;
	*out = arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		fill_reason(a, k, &rows[i]);
		(*out)[i] = rows[i].a;
	}
	return KR_OK;
}

/* The waiting request of a manager's link, when it was sent to account_id's address. */
static int
manager_row(struct db_conn *c, const struct keys *k, struct arena *a, const char *token,
	    int64_t account_id, struct hours_agreement_row *row)
{
	if (!token_shape_ok(token))
		return KR_ENOTFOUND;
	unsigned char hash[32];
	token_hash(token, hash);
	bool found = false;
	int err = hours_store_agreement_by_token(c, a, hash, row, &found);
	if (err)
		return err;
	if (!found || row->a.state != AGR_WAITING || row->a.approver != APPROVER_MANAGER ||
	    row->a.account_id == account_id)
		return KR_ENOTFOUND;
	struct account acc;
	if ((err = auth_account_by_id(c, a, account_id, &acc)))
		return err == KR_ENOTFOUND ? KR_ENOTFOUND : err;
	char ad[64];
	ad_manager(ad, sizeof(ad), row->a.id);
	const char *addr = unseal_text(a, k, ad, row->manager_sealed, row->manager_len);
	if (!addr || strcmp(addr, acc.email) != 0)
		return KR_ENOTFOUND;
	return KR_OK;
}

int
hours_manager_request(struct db_conn *c, const struct keys *k, struct arena *a, const char *token,
		      int64_t account_id, struct hours_agreement *out)
{
	struct hours_agreement_row row;
	int err = manager_row(c, k, a, token, account_id, &row);
	if (!err)
		*out = row.a;
	return err;
}

static int
decide(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id, int64_t decided_by,
       bool approve, const char *reason, int64_t now, const char **problem)
{
	const char *t = reason ? reason : "";
	struct str s = str_trim(str_from(t));
	size_t chars = 0;
	for (size_t i = 0; i < s.len; i++)
		chars += ((unsigned char)s.p[i] & 0xC0) != 0x80;
	if (!str_is_utf8(s) || chars > HOURS_REASON_MAX || (!approve && !s.len)) {
		*problem = hours_problem_reason;
		return KR_EINVAL;
	}
	unsigned char *box = NULL;
	size_t len = 0;
	if (s.len) {
		char ad[64];
		ad_reason(ad, sizeof(ad), id);
		box = seal_text(a, k, ad, arena_strndup(a, s.p, s.len), &len);
	}
	bool changed = false;
	int err = hours_store_agreement_decide(c, id, approve ? AGR_APPROVED : AGR_DECLINED,
					       decided_by, box, len, now, &changed);
	return err ? err : changed ? KR_OK : KR_ENOTFOUND;
}

int
hours_manager_decide(struct db_conn *c, const struct keys *k, struct arena *a, const char *token,
		     int64_t account_id, bool approve, const char *reason, int64_t now,
		     const char **problem)
{
	struct hours_agreement_row row;
	int err = manager_row(c, k, a, token, account_id, &row);
	return err ? err : decide(c, k, a, row.a.id, 0, approve, reason, now, problem);
}

const char *
hours_role_in(struct db_conn *c, struct arena *a, int64_t network_id, int64_t account_id)
{
	struct network_role_holder *h;
	size_t n;
	if (org_network_roles(c, a, network_id, &h, &n) != KR_OK)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (h[i].account_id == account_id)
			return h[i].role;
	return NULL;
}

static bool
contact_of(struct db_conn *c, struct arena *a, int64_t network_id, int64_t account_id)
{
	const char *role = hours_role_in(c, a, network_id, account_id);
	return role && strcmp(role, "contact") == 0;
}

int
hours_contact_requests(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		       bool all_networks, struct hours_agreement **out, size_t *n)
{
	struct hours_agreement_row *rows;
	size_t nrows;
	int err = hours_store_agreements_waiting(c, a, false, &rows, &nrows);
	if (err)
		return err;
	(void)k;
	*out = arena_alloc(a, (nrows ? nrows : 1) * sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < nrows; i++)
		if (rows[i].a.account_id != account_id &&
		    (all_networks || contact_of(c, a, rows[i].a.network_id, account_id)))
			(*out)[(*n)++] = rows[i].a;
	return KR_OK;
}

int
hours_contact_decide(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id,
		     int64_t account_id, bool all_networks, bool approve, const char *reason,
		     int64_t now, const char **problem)
{
	struct hours_agreement_row row;
	bool found = false;
	int err = hours_store_agreement_by_id(c, a, id, &row, &found);
	if (err)
		return err;
	/* Nobody approves their own agreement, and a manager's request is the manager's. */
	if (!found || row.a.state != AGR_WAITING || row.a.approver != APPROVER_CONTACT ||
	    row.a.account_id == account_id ||
	    !(all_networks || contact_of(c, a, row.a.network_id, account_id)))
		return KR_ENOTFOUND;
	return decide(c, k, a, id, account_id, approve, reason, now, problem);
}

/* ---- bookings ---- */

int
hours_book(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	   int64_t network_id, enum booking_activity act, int64_t event_id, int64_t day,
	   int64_t minutes, bool outside, int64_t now, int64_t *id, const char **problem)
{
	if (minutes < 1 || minutes > HOURS_DAY_MINUTES) {
		*problem = hours_problem_duration;
		return KR_EINVAL;
	}
	if (day > hours_day_of(now)) {
		*problem = hours_problem_future;
		return KR_EINVAL;
	}
	struct hours_rule rule;
	int err = hours_rule_get(c, a, &rule);
	if (err)
		return err;
	if (!hours_is_active(c, &rule, network_id, account_id))
		return KR_EFORBIDDEN;
	bool core = org_is_core_team(c, network_id, account_id);
	switch (act) {
	case ACT_ORGANISE:
	case ACT_ATTEND: {
		struct event e;
		if (!event_id || events_get(c, a, event_id, &e) || e.network_id != network_id) {
			*problem = hours_problem_activity;
			return KR_EINVAL;
		}
		if (act == ACT_ORGANISE && !core) {
			*problem = hours_problem_activity;
			return KR_EINVAL;
		}
		if (act == ACT_ATTEND) {
			struct registration reg;
			if (!rule.attending_counts) {
				*problem = hours_problem_attending;
				return KR_EINVAL;
			}
			if (!core &&
			    events_registration_of(c, k, a, event_id, account_id, &reg) != KR_OK) {
				*problem = hours_problem_activity;
				return KR_EINVAL;
			}
		}
		break;
	}
	case ACT_QUESTIONS:
		if (!core) { /* the questions desk is answered by the core team */
			*problem = hours_problem_activity;
			return KR_EINVAL;
		}
		event_id = 0;
		break;
	case ACT_BUDDY: /* one's own matches, never which one */
		if (!buddy_is_serving(c, network_id, account_id)) {
			*problem = hours_problem_activity;
			return KR_EINVAL;
		}
		event_id = 0;
		break;
	default:
		event_id = 0;
		break;
	}
	if ((err = db_begin(c)))
		return err;
	struct hours_agreement_row g;
	bool found = false;
	int64_t that_day = 0;
	err = hours_store_agreement_on(c, a, account_id, network_id, day, &g, &found);
	if (!err && !found) {
		*problem = hours_problem_no_agreement;
		err = KR_EINVAL;
	}
	if (!err)
		err = hours_store_sum(c, account_id, 0, day, day, &that_day);
	if (!err && that_day + minutes > HOURS_DAY_MINUTES) {
		*problem = hours_problem_day_full;
		err = KR_EINVAL;
	}
	if (!err) {
		struct hours_booking b = { .account_id = account_id,
					   .network_id = network_id,
					   .event_id = event_id,
					   .activity = act,
					   .day = day,
					   .minutes = minutes,
					   .outside = outside,
					   .created_at = now };
		err = hours_store_booking_insert(c, &b, id);
	}
	return db_end(c, err);
}

int
hours_bookings_of(struct db_conn *c, struct arena *a, int64_t account_id, int64_t from,
		  size_t limit, struct hours_booking **out, size_t *n)
{
	return hours_store_bookings_of(c, a, account_id, from, limit, out, n);
}

int
hours_sum(struct db_conn *c, int64_t account_id, int64_t network_id, int64_t from, int64_t to,
	  int64_t *minutes)
{
	return hours_store_sum(c, account_id, network_id, from, to, minutes);
}

/* ---- the guard ---- */

int
hours_guard(struct db_conn *c, struct arena *a, int64_t account_id, int64_t today,
	    struct guard_warnings *out)
{
	memset(out, 0, sizeof(*out));
	struct hours_rule rule;
	struct hours_agreement_row *rows;
	size_t n;
	int err = hours_rule_get(c, a, &rule);
	if (!err)
		err = hours_store_agreements_of(c, a, account_id, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		const struct hours_agreement *g = &rows[i].a;
		if (g->state != AGR_APPROVED || g->starts_on > today || g->ends_on < today)
			continue;
		if (g->basis == HOURS_PER_YEAR) {
			int64_t booked = 0, period = g->ends_on - g->starts_on + 1;
			if ((err = hours_store_sum(c, account_id, g->network_id, g->starts_on,
						   today, &booked)))
				break;
			if (hours_pace_ahead(booked, today - g->starts_on + 1, period,
					     hours_allowance(g->basis, g->minutes, period))) {
				out->pace_year = true;
				out->pace_network = g->network_name;
			}
		} else {
			int64_t weeks[4], ws = hours_week_start(today);
			for (int w = 0; !err && w < 4; w++)
				err = hours_store_sum(c, account_id, g->network_id, ws - 7 * w,
						      ws - 7 * w + 6, &weeks[w]);
			if (!err && hours_weeks_warn(weeks, g->minutes)) {
				out->pace_week = true;
				out->pace_network = g->network_name;
			}
		}
	}
	if (!err)
		err = hours_store_count_outside(c, account_id, today - 27, today,
						&out->outside_count);
	int y, m, d;
	hours_ymd(today, &y, &m, &d);
	int64_t first = hours_day_from_ymd(y, m, 1);
	int64_t next = m == 12 ? hours_day_from_ymd(y + 1, 1, 1) : hours_day_from_ymd(y, m + 1, 1);
	if (!err)
		err = hours_store_count_organised(c, account_id, first, next - 1,
						  &out->organised_count);
	if (err)
		return err;
	out->outside = hours_outside_warn(out->outside_count);
	out->organise = hours_organise_warn(out->organised_count, rule.organise_max);
	return KR_OK;
}

int
hours_guard_level(struct db_conn *c, int64_t account_id, enum guard_level *out)
{
	struct arena a;
	arena_init(&a);
	const char *s = NULL;
	int err = hours_store_level(c, account_id, &s, &a);
	if (!err && !hours_guard_level_parse(s, out))
		*out = GUARD_ALL;
	arena_release(&a);
	return err;
}

int
hours_guard_level_set(struct db_conn *c, int64_t account_id, enum guard_level l)
{
	return hours_store_level_set(c, account_id, hours_guard_level_name(l));
}

/* ---- totals and the load view ---- */

int
hours_network_months(struct db_conn *c, struct arena *a, int64_t network_id, int64_t today,
		     struct hours_month_total **out, size_t *n)
{
	int y, m, d;
	hours_ymd(today, &y, &m, &d);
	struct hours_month_total *t = arena_alloc(a, 12 * sizeof(*t));
	int64_t firsts[13];
	for (int i = 0; i < 12; i++) {
		/* Oldest first: eleven months back up to this one. */
		int mm = m - 11 + i, yy = y;
		while (mm < 1) {
			mm += 12;
			yy--;
		}
		t[i] = (struct hours_month_total){ yy, mm, 0, 0 };
		firsts[i] = hours_day_from_ymd(yy, mm, 1);
	}
	firsts[12] = m == 12 ? hours_day_from_ymd(y + 1, 1, 1) : hours_day_from_ymd(y, m + 1, 1);
	int64_t *days, *mins, *accs;
	size_t nrows;
	int err = hours_store_months(c, a, network_id, firsts[0], firsts[12] - 1, &days, &mins,
				     &accs, &nrows);
	if (err)
		return err;
	/* Rows come by day, then account: count each account once per month. */
	for (int i = 0; i < 12; i++) {
		int64_t *seen = arena_alloc(a, (nrows ? nrows : 1) * sizeof(int64_t));
		size_t nseen = 0;
		for (size_t r = 0; r < nrows; r++) {
			if (days[r] < firsts[i] || days[r] >= firsts[i + 1])
				continue;
			t[i].minutes += mins[r];
			bool dup = false;
			for (size_t s = 0; s < nseen && !dup; s++)
				dup = seen[s] == accs[r];
			if (!dup)
				seen[nseen++] = accs[r];
		}
		t[i].people = (int64_t)nseen;
	}
	*out = t;
	*n = 12;
	return KR_OK;
}

int
hours_load(struct db_conn *c, struct arena *a, int64_t network_id, int64_t today,
	   struct hours_load_row **out, size_t *n, int64_t *total)
{
	int err = hours_store_load(c, a, network_id, today - HOURS_LOAD_DAYS + 1, today, out, n);
	*total = 0;
	for (size_t i = 0; !err && i < *n; i++)
		*total += (*out)[i].minutes;
	return err;
}

/* ---- hooks ---- */

int
hours_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	struct account acc;
	int err = auth_account_by_id(c, &a, account_id, &acc);
	if (err == KR_ENOTFOUND)
		err = KR_OK, acc.email = NULL;
	/* Requests sent to this person as a manager lapse, and their address goes with them. */
	struct hours_agreement_row *rows;
	size_t n = 0;
	if (!err && acc.email)
		err = hours_store_agreements_waiting(c, &a, true, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		char ad[64];
		ad_manager(ad, sizeof(ad), rows[i].a.id);
		const char *addr =
		    unseal_text(&a, k, ad, rows[i].manager_sealed, rows[i].manager_len);
		bool changed;
		if (addr && strcmp(addr, acc.email) == 0)
			err = hours_store_agreement_decide(c, rows[i].a.id, AGR_LAPSED, 0, NULL, 0,
							   time_now(), &changed);
	}
	if (!err)
		err = hours_store_erase(c, account_id);
	arena_release(&a);
	return err;
}

int
hours_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	struct hours_agreement_row *rows;
	size_t n;
	*count = 0;
	int err = hours_store_agreements_all(c, &a, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		char adm[64], adr[64];
		ad_manager(adm, sizeof(adm), rows[i].a.id);
		ad_reason(adr, sizeof(adr), rows[i].a.id);
		unsigned char *mbox = NULL, *rbox = NULL;
		size_t mlen = 0, rlen = 0;
		if (rows[i].manager_sealed) {
			char *t =
			    unseal_text(&a, old, adm, rows[i].manager_sealed, rows[i].manager_len);
			if (!t) {
				err = KR_EINTERNAL;
				break;
			}
			mbox = seal_text(&a, fresh, adm, t, &mlen);
		}
		if (rows[i].reason_sealed) {
			char *t =
			    unseal_text(&a, old, adr, rows[i].reason_sealed, rows[i].reason_len);
			if (!t) {
				err = KR_EINTERNAL;
				break;
			}
			rbox = seal_text(&a, fresh, adr, t, &rlen);
		}
		err = hours_store_agreement_seal(c, rows[i].a.id, mbox, mlen, rbox, rlen);
		(*count)++;
	}
	arena_release(&a);
	return err;
}

int
hours_retention_run(struct db_conn *c, int64_t now, int64_t *bookings, int64_t *agreements,
		    int64_t *lapsed)
{
	int y, m, d;
	int64_t today = hours_day_of(now);
	hours_ymd(today, &y, &m, &d);
	int64_t before = hours_day_from_ymd(y - HOURS_KEEP_YEARS, 1, 1);
	struct arena a;
	arena_init(&a);
	struct hours_agreement_row *rows;
	size_t n;
	*lapsed = 0;
	int err = db_begin(c);
	if (!err)
		err = hours_store_retention(c, before, bookings, agreements);
	if (!err)
		err = hours_store_agreements_waiting(c, &a, true, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		if (rows[i].a.created_at > now - HOURS_REQUEST_DAYS * 86400)
			continue;
		bool changed;
		err = hours_store_agreement_decide(c, rows[i].a.id, AGR_LAPSED, 0, NULL, 0, now,
						   &changed);
		*lapsed += changed;
	}
	err = db_end(c, err);
	arena_release(&a);
	return err;
}
