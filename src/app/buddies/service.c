// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of buddies, and the sealing that keeps a request and a buddy's themes
 * private at rest (buddies.h). */
#include "app/auth/auth.h"
#include "app/buddies/buddies.h"
#include "app/buddies/store.h"
#include "app/coreteam/coreteam.h"
#include "app/mail/mail.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include <sodium.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG   crypto_aead_xchacha20poly1305_ietf_ABYTES

/* ---- names ---- */

static const char *const status_names[BUDDY_NSTATUS] = { "applied", "intake", "trained",
							 "active",  "paused", "stopped" };
static const char *const status_labels[BUDDY_NSTATUS] = {
	N_("Applied"), N_("Intake"), N_("Trained"), N_("Active"), N_("Paused"), N_("Stopped"),
};

const char *
buddy_status_name(enum buddy_status s)
{
	return s < BUDDY_NSTATUS ? status_names[s] : "stopped";
}

const char *
buddy_status_label(enum buddy_status s)
{
	return s < BUDDY_NSTATUS ? status_labels[s] : status_labels[BUDDY_STOPPED];
}

bool
buddy_status_parse(const char *s, enum buddy_status *out)
{
	for (int i = 0; i < BUDDY_NSTATUS; i++)
		if (s && strcmp(s, status_names[i]) == 0) {
			*out = (enum buddy_status)i;
			return true;
		}
	return false;
}

static const char *const intake_names[INTAKE_N] = { "", "go", "not_yet", "no" };
static const char *const intake_labels[INTAKE_N] = {
	N_("Not held yet"),
	N_("Suitable: go on to training"),
	N_("Not yet: talk again later"),
	N_("Not suitable as a buddy"),
};

const char *
buddy_intake_name(enum buddy_intake i)
{
	return i < INTAKE_N ? intake_names[i] : "";
}

const char *
buddy_intake_label(enum buddy_intake i)
{
	return i < INTAKE_N ? intake_labels[i] : intake_labels[0];
}

bool
buddy_intake_parse(const char *s, enum buddy_intake *out)
{
	for (int i = 0; i < INTAKE_N; i++)
		if (s && strcmp(s, intake_names[i]) == 0) {
			*out = (enum buddy_intake)i;
			return true;
		}
	return false;
}

static const char *const request_names[REQ_NSTATUS] = { "waiting",  "proposed", "matched",
							"returned", "ended",	"closed" };

const char *
buddy_request_status_name(enum request_status s)
{
	return s < REQ_NSTATUS ? request_names[s] : "closed";
}

static enum request_status
request_status_of(const char *s)
{
	for (int i = 0; i < REQ_NSTATUS; i++)
		if (strcmp(s, request_names[i]) == 0)
			return (enum request_status)i;
	return REQ_CLOSED;
}

const char *
buddy_match_status_name(enum match_status s)
{
	static const char *const names[] = { "proposed", "declined", "active", "ended",
					     "handed_back" };
	return s <= MATCH_HANDED_BACK ? names[s] : "ended";
}

static const char *const checkin_names[CHECKIN_N] = { "yes", "some", "no" };
static const char *const checkin_labels[CHECKIN_N] = { N_("Yes, it helped"), N_("A little"),
						       N_("No, it did not help") };

const char *
buddy_checkin_name(enum checkin_answer a)
{
	return a < CHECKIN_N ? checkin_names[a] : "no";
}

const char *
buddy_checkin_label(enum checkin_answer a)
{
	return a < CHECKIN_N ? checkin_labels[a] : checkin_labels[CHECKIN_NO];
}

bool
buddy_checkin_parse(const char *s, enum checkin_answer *out)
{
	for (int i = 0; i < CHECKIN_N; i++)
		if (s && strcmp(s, checkin_names[i]) == 0) {
			*out = (enum checkin_answer)i;
			return true;
		}
	return false;
}

/* ---- text ---- */

/* Characters of a clean text, or -1: not UTF-8, or a control byte (newlines and tabs allowed
 * when multiline). */
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
lang_ok(const char *lang, bool either)
{
	return lang && (strcmp(lang, "nl") == 0 || strcmp(lang, "en") == 0 ||
			(either ? *lang == '\0' : strcmp(lang, "both") == 0));
}

/* ---- sealing ---- */

static void
lookup_of(const struct keys *k, const char *what, int64_t account_id, int64_t id,
	  unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, k->lookup, KEY_BYTES, 32);
	crypto_generichash_update(&st, (const unsigned char *)what, strlen(what));
	crypto_generichash_update(&st, (const unsigned char *)&account_id, sizeof(account_id));
	crypto_generichash_update(&st, (const unsigned char *)&id, sizeof(id));
	crypto_generichash_final(&st, out, 32);
}

static void
request_lookup(const struct keys *k, int64_t account_id, int64_t network_id, unsigned char out[32])
{
	lookup_of(k, "kring buddies request v1", account_id, network_id, out);
}

static void
checkin_lookup(const struct keys *k, int64_t account_id, int64_t network_id, unsigned char out[32])
{
	lookup_of(k, "kring buddies checkin v1", account_id, network_id, out);
}

static struct blob
seal(struct arena *a, const struct keys *k, const char *ad, const char *plain)
{
	size_t plen = strlen(plain);
	unsigned char *box = arena_alloc(a, NONCE + plen + TAG);
	randombytes_buf(box, NONCE);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, (const unsigned char *)plain,
						   plen, (const unsigned char *)ad, strlen(ad),
						   NULL, box, k->data);
	return (struct blob){ box, NONCE + (size_t)clen };
}

static int
unseal(struct arena *a, const struct keys *k, const char *ad, struct blob b, char **out)
{
	if (!b.p || b.len < NONCE + TAG)
		return KR_EINTERNAL;
	size_t plen = b.len - NONCE - TAG;
	char *plain = arena_alloc(a, plen + 1);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		(unsigned char *)plain, NULL, NULL, b.p + NONCE, b.len - NONCE,
		(const unsigned char *)ad, strlen(ad), b.p, k->data) != 0)
		return KR_EINTERNAL;
	plain[plen] = '\0';
	*out = plain;
	return KR_OK;
}

/* Cuts the next line off *s (the rest when there is no newline). */
static char *
next_line(char **s)
{
	char *line = *s;
	char *nl = line ? strchr(line, '\n') : NULL;
	if (nl) {
		*nl = '\0';
		*s = nl + 1;
	} else {
		*s = NULL;
	}
	return line ? line : "";
}

static void
themes_write(struct strbuf *sb, const int64_t *themes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%lld", i ? "," : "", (long long)themes[i]);
	strbuf_addch(sb, '\n');
}

static int
themes_read(const char *line, int64_t *themes, size_t *n)
{
	*n = 0;
	struct str rest = str_from(line), part;
	while (rest.p && rest.len) {
		rest = str_cut(rest, ',', &part);
		long id;
		if (*n == BUDDY_THEMES_MAX || str_to_long(part, 1, INT64_MAX, &id))
			return KR_EINTERNAL;
		themes[(*n)++] = id;
	}
	return KR_OK;
}

static const char *
buddy_ad(struct arena *a, int64_t network_id, int64_t account_id)
{
	return arena_printf(a, "kring buddies buddy v1 %lld %lld", (long long)network_id,
			    (long long)account_id);
}

static struct blob
buddy_seal(struct arena *a, const struct keys *k, const struct buddy *b)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	themes_write(&sb, b->themes, b->nthemes);
	strbuf_addstr(&sb, b->motivation ? b->motivation : "");
	struct blob out = seal(a, k, buddy_ad(a, b->network_id, b->account_id), sb.buf);
	sodium_memzero(sb.buf, sb.len);
	strbuf_release(&sb);
	return out;
}

static int
buddy_open(struct arena *a, const struct keys *k, struct buddy *b, struct blob sealed)
{
	char *plain;
	int err = unseal(a, k, buddy_ad(a, b->network_id, b->account_id), sealed, &plain);
	if (err)
		return err;
	char *rest = plain;
	if ((err = themes_read(next_line(&rest), b->themes, &b->nthemes)))
		return err;
	b->motivation = rest ? rest : "";
	return KR_OK;
}

static const char *
request_ad(struct arena *a, int64_t id)
{
	return arena_printf(a, "kring buddies request v1 %lld", (long long)id);
}

static struct blob
request_seal(struct arena *a, const struct keys *k, const struct buddy_request *q)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	strbuf_addf(&sb, "%lld\n%lld\n%d\n%s\n", (long long)q->account_id, (long long)q->site_id,
		    q->online ? 1 : 0, q->lang ? q->lang : "");
	themes_write(&sb, q->themes, q->nthemes);
	strbuf_addstr(&sb, q->note ? q->note : "");
	struct blob out = seal(a, k, request_ad(a, q->id), sb.buf);
	sodium_memzero(sb.buf, sb.len);
	strbuf_release(&sb);
	return out;
}

static int
request_open(struct arena *a, const struct keys *k, const struct buddies_store_request *row,
	     struct buddy_request *q)
{
	memset(q, 0, sizeof(*q));
	q->id = row->id;
	q->network_id = row->network_id;
	q->status = request_status_of(row->status);
	q->created_at = row->created_at;
	q->ended_at = row->ended_at;
	char *plain;
	int err = unseal(a, k, request_ad(a, row->id), row->sealed, &plain);
	if (err)
		return err;
	char *rest = plain;
	long acc, site, online;
	if (str_to_long(str_from(next_line(&rest)), 1, INT64_MAX, &acc) ||
	    str_to_long(str_from(next_line(&rest)), 0, INT64_MAX, &site) ||
	    str_to_long(str_from(next_line(&rest)), 0, 1, &online))
		return KR_EINTERNAL;
	q->account_id = acc;
	q->site_id = site;
	q->online = online == 1;
	q->lang = next_line(&rest);
	if ((err = themes_read(next_line(&rest), q->themes, &q->nthemes)))
		return err;
	q->note = rest ? rest : "";
	return KR_OK;
}

static const char *
checkin_ad(struct arena *a, int64_t network_id)
{
	return arena_printf(a, "kring buddies checkin v1 %lld", (long long)network_id);
}

/* ---- themes and coordinators ---- */

int
buddy_themes(struct db_conn *c, struct arena *a, int64_t network_id, struct buddy_theme **out,
	     size_t *n)
{
	return buddies_store_themes(c, a, network_id, out, n);
}

int
buddy_theme_add(struct db_conn *c, int64_t network_id, const char *name, int64_t now,
		enum buddy_refusal *why)
{
	*why = BREFUSE_NONE;
	long len = text_chars(name, false);
	if (len < 1 || len > BUDDY_THEME_MAX) {
		*why = BREFUSE_TEXT;
		return KR_EINVAL;
	}
	int err = db_begin(c);
	if (err)
		return err;
	struct arena a;
	arena_init(&a);
	struct buddy_theme *ts;
	size_t n;
	if (!(err = buddies_store_themes(c, &a, network_id, &ts, &n))) {
		if (n >= BUDDY_THEMES_MAX) {
			*why = BREFUSE_THEMES;
			err = KR_EINVAL;
		} else if ((err = buddies_store_theme_insert(c, network_id, name, now)) ==
			   KR_ECONFLICT) {
			*why = BREFUSE_TEXT;
			err = KR_EINVAL;
		}
	}
	arena_release(&a);
	return db_end(c, err);
}

int
buddy_theme_delete(struct db_conn *c, int64_t network_id, int64_t theme_id)
{
	return buddies_store_theme_delete(c, network_id, theme_id);
}

bool
buddy_is_coordinator(struct db_conn *c, int64_t network_id, int64_t account_id)
{
	return account_id && buddies_store_is_coordinator(c, network_id, account_id) &&
	       org_is_core_team(c, network_id, account_id);
}

bool
buddy_is_serving(struct db_conn *c, int64_t network_id, int64_t account_id)
{
	return account_id && buddies_store_is_serving(c, network_id, account_id);
}

int
buddy_coordinators(struct db_conn *c, struct arena *a, int64_t network_id, int64_t **ids,
		   const char ***names, size_t *n)
{
	return buddies_store_coordinators(c, a, network_id, ids, names, n);
}

int
buddy_coordinator_set(struct db_conn *c, int64_t network_id, int64_t account_id, bool on)
{
	if (on && !org_is_core_team(c, network_id, account_id))
		return KR_EINVAL;
	return buddies_store_coordinator_set(c, network_id, account_id, on);
}

/* ---- buddies ---- */

/* Whether every theme is one of the network's, none twice, and there is at least one. */
static int
themes_check(struct db_conn *c, struct arena *a, int64_t network_id, const int64_t *themes,
	     size_t n, bool *ok)
{
	*ok = false;
	if (n < 1 || n > BUDDY_THEMES_MAX)
		return KR_OK;
	struct buddy_theme *ts;
	size_t nt;
	int err = buddies_store_themes(c, a, network_id, &ts, &nt);
	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		bool known = false;
		for (size_t k = 0; k < nt && !known; k++)
			known = ts[k].id == themes[i];
		for (size_t k = 0; k < i && known; k++)
			known = themes[k] != themes[i];
		if (!known)
			return KR_OK;
	}
	*ok = true;
	return KR_OK;
}

static bool
is_member(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
	  int64_t account_id)
{
	struct membership m;
	return members_get(c, k, a, account_id, network_id, 0, &m) == KR_OK;
}

static bool
site_ok(struct db_conn *c, struct arena *a, int64_t site_id)
{
	if (!site_id)
		return true;
	struct site *ss;
	size_t n;
	if (org_sites(c, a, &ss, &n))
		return false;
	for (size_t i = 0; i < n; i++)
		if (ss[i].id == site_id)
			return true;
	return false;
}

int
buddy_apply(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
	    int64_t account_id, const char *motivation, const int64_t *themes, size_t nthemes,
	    int64_t site_id, bool online, const char *lang, int64_t now, enum buddy_refusal *why)
{
	*why = BREFUSE_NONE;
	long ml = text_chars(motivation, true);
	if (ml < 1 || ml > BUDDY_MOTIVATION_MAX || !lang_ok(lang, false)) {
		*why = BREFUSE_TEXT;
		return KR_EINVAL;
	}
	int err = db_begin(c);
	if (err)
		return err;
	bool ok;
	if ((err = themes_check(c, a, network_id, themes, nthemes, &ok)))
		goto out;
	if (!ok || !site_ok(c, a, site_id)) {
		*why = BREFUSE_THEMES;
		err = KR_EINVAL;
		goto out;
	}
	if (!is_member(c, k, a, network_id, account_id)) {
		*why = BREFUSE_NOT_MEMBER;
		err = KR_EINVAL;
		goto out;
	}
	struct buddy b = { .network_id = network_id,
			   .account_id = account_id,
			   .status = BUDDY_APPLIED,
			   .caseload = BUDDY_CASELOAD_MAX,
			   .site_id = site_id,
			   .online = online,
			   .lang = lang,
			   .applied_at = time_hour(now),
			   .motivation = motivation,
			   .nthemes = nthemes };
	memcpy(b.themes, themes, nthemes * sizeof(*themes));
	int64_t id;
	err = buddies_store_buddy_insert(c, &b, buddy_seal(a, k, &b), &id);
	if (err == KR_ECONFLICT) {
		*why = BREFUSE_ALREADY;
		err = KR_EINVAL;
	}
out:
	return db_end(c, err);
}

static int
buddies_read(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id,
	     int64_t network_id, int64_t account_id, struct buddy **out, size_t *n)
{
	struct blob *sealed;
	int err = buddies_store_buddies(c, a, id, network_id, account_id, out, &sealed, n);
	for (size_t i = 0; !err && i < *n; i++)
		err = buddy_open(a, k, &(*out)[i], sealed[i]);
	return err;
}

int
buddy_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id, struct buddy *out)
{
	struct buddy *bs;
	size_t n;
	int err = buddies_read(c, k, a, id, 0, 0, &bs, &n);
	if (err)
		return err;
	if (n != 1)
		return KR_ENOTFOUND;
	*out = bs[0];
	return KR_OK;
}

int
buddy_list(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
	   struct buddy **out, size_t *n)
{
	return buddies_read(c, k, a, 0, network_id, 0, out, n);
}

int
buddy_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	   struct buddy **out, size_t *n)
{
	return buddies_read(c, k, a, 0, 0, account_id, out, n);
}

int
buddy_record(struct db_conn *c, int64_t buddy_id, enum buddy_status status,
	     enum buddy_intake intake, const char *intake_on, const char *trained_on,
	     const char *intervision_on, enum buddy_refusal *why)
{
	*why = BREFUSE_NONE;
	const char *dates[] = { intake_on, trained_on, intervision_on };
	for (size_t i = 0; i < ARRAY_SIZE(dates); i++)
		if (*dates[i] && !coreteam_date_ok(dates[i])) {
			*why = BREFUSE_DATE;
			return KR_EINVAL;
		}
	if (status >= BUDDY_NSTATUS || intake >= INTAKE_N) {
		*why = BREFUSE_STATE;
		return KR_EINVAL;
	}
	return buddies_store_buddy_record(c, buddy_id, buddy_status_name(status),
					  buddy_intake_name(intake), intake_on, trained_on,
					  intervision_on);
}

int
buddy_set_caseload(struct db_conn *c, int64_t buddy_id, int64_t account_id, int caseload,
		   enum buddy_refusal *why)
{
	*why = BREFUSE_NONE;
	if (caseload < 1 || caseload > BUDDY_CASELOAD_MAX) {
		*why = BREFUSE_CASELOAD;
		return KR_EINVAL;
	}
	int err = db_begin(c);
	if (err)
		return err;
	struct arena a;
	arena_init(&a);
	struct buddy *bs;
	struct blob *sealed;
	size_t n;
	if (!(err = buddies_store_buddies(c, &a, buddy_id, 0, 0, &bs, &sealed, &n))) {
		if (n != 1 || bs[0].account_id != account_id)
			err = KR_ENOTFOUND;
		else
			err = buddies_store_buddy_caseload(c, buddy_id, caseload);
	}
	arena_release(&a);
	return db_end(c, err);
}

/* ---- requests ---- */

int
buddy_request_add(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		  int64_t account_id, const int64_t *themes, size_t nthemes, int64_t site_id,
		  bool online, const char *lang, const char *note, int64_t now, int64_t *id,
		  enum buddy_refusal *why)
{
	*why = BREFUSE_NONE;
	long nl = text_chars(note, false);
	if (nl < 0 || nl > BUDDY_NOTE_MAX || !lang_ok(lang, true)) {
		*why = BREFUSE_TEXT;
		return KR_EINVAL;
	}
	int err = db_begin(c);
	if (err)
		return err;
	bool ok;
	if ((err = themes_check(c, a, network_id, themes, nthemes, &ok)))
		goto out;
	if (!ok || !site_ok(c, a, site_id)) {
		*why = BREFUSE_THEMES;
		err = KR_EINVAL;
		goto out;
	}
	if (!is_member(c, k, a, network_id, account_id)) {
		*why = BREFUSE_NOT_MEMBER;
		err = KR_EINVAL;
		goto out;
	}
	unsigned char l[32];
	request_lookup(k, account_id, network_id, l);
	struct buddies_store_request *rows;
	size_t n;
	if ((err = buddies_store_requests(c, a, 0, l, 0, &rows, &n)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		enum request_status s = request_status_of(rows[i].status);
		if (s != REQ_ENDED && s != REQ_CLOSED) {
			*why = BREFUSE_ALREADY;
			err = KR_EINVAL;
			goto out;
		}
	}
	/* The id binds the seal: insert, then seal under it (one transaction). */
	if ((err = buddies_store_request_insert(c, network_id, l,
						(struct blob){ (const unsigned char *)"", 0 },
						time_hour(now), id)))
		goto out;
	struct buddy_request q = { .id = *id,
				   .network_id = network_id,
				   .account_id = account_id,
				   .site_id = site_id,
				   .online = online,
				   .lang = lang,
				   .nthemes = nthemes,
				   .note = note };
	memcpy(q.themes, themes, nthemes * sizeof(*themes));
	err = buddies_store_request_reseal(c, *id, l, request_seal(a, k, &q));
out:
	return db_end(c, err);
}

static int
requests_read(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id,
	      const unsigned char *lookup, int64_t network_id, struct buddy_request **out,
	      size_t *n)
{
	struct buddies_store_request *rows;
	size_t nr;
	int err = buddies_store_requests(c, a, id, lookup, network_id, &rows, &nr);
	if (err)
		return err;
	*out = ARENA_ARRAY(a, struct buddy_request, nr ? nr : 1);
	for (size_t i = 0; i < nr; i++)
		if ((err = request_open(a, k, &rows[i], &(*out)[i])))
			return err;
	*n = nr;
	return KR_OK;
}

int
buddy_request_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t id,
		  struct buddy_request *out)
{
	struct buddy_request *qs;
	size_t n;
	int err = requests_read(c, k, a, id, NULL, 0, &qs, &n);
	if (err)
		return err;
	if (n != 1)
		return KR_ENOTFOUND;
	*out = qs[0];
	return KR_OK;
}

int
buddy_requests_open(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		    struct buddy_request **out, size_t *n)
{
	return requests_read(c, k, a, 0, NULL, network_id, out, n);
}

int
buddy_requests_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		    struct buddy_request **out, size_t *n)
{
	struct network *nws;
	size_t nn;
	int err = org_networks(c, a, &nws, &nn);
	if (err)
		return err;
	struct arena_vec v;
	arena_vec_init(&v, a, sizeof(struct buddy_request), 4, 0);
	for (size_t i = 0; i < nn; i++) {
		unsigned char l[32];
		request_lookup(k, account_id, nws[i].id, l);
		struct buddy_request *qs;
		size_t nq;
		if ((err = requests_read(c, k, a, 0, l, 0, &qs, &nq)))
			return err;
		for (size_t j = 0; j < nq; j++)
			if (qs[j].account_id == account_id)
				*ARENA_VEC_PUSH(&v, struct buddy_request) = qs[j];
	}
	*out = v.items;
	*n = v.len;
	return KR_OK;
}

int
buddy_request_close(struct db_conn *c, const struct keys *k, int64_t request_id, int64_t asker_id,
		    int64_t now, enum buddy_refusal *why)
{
	*why = BREFUSE_NONE;
	int err = db_begin(c);
	if (err)
		return err;
	struct arena a;
	arena_init(&a);
	struct buddy_request q;
	bool ok = false;
	if ((err = buddy_request_get(c, k, &a, request_id, &q)))
		goto out;
	if (asker_id && q.account_id != asker_id) {
		err = KR_ENOTFOUND;
		goto out;
	}
	if ((err =
		 buddies_store_request_move(c, request_id, "waiting|returned", "closed", now, &ok)))
		goto out;
	if (!ok) {
		*why = BREFUSE_STATE;
		err = KR_EINVAL;
	}
out:
	arena_release(&a);
	return db_end(c, err);
}

/* ---- suggestions ---- */

static int
shared_themes(const struct buddy *b, const struct buddy_request *q)
{
	int n = 0;
	for (size_t i = 0; i < q->nthemes; i++)
		for (size_t k = 0; k < b->nthemes; k++)
			if (b->themes[k] == q->themes[i])
				n++;
	return n;
}

static bool
lang_fits(const struct buddy *b, const struct buddy_request *q)
{
	return !*q->lang || strcmp(b->lang, "both") == 0 || strcmp(b->lang, q->lang) == 0;
}

int
buddy_suggestions(struct db_conn *c, const struct keys *k, struct arena *a,
		  const struct buddy_request *q, struct buddy **out, int **shared, size_t *n)
{
	struct buddy *bs;
	size_t nb;
	int err = buddy_list(c, k, a, q->network_id, &bs, &nb);
	if (err)
		return err;
	struct buddy *pick = ARENA_ARRAY(a, struct buddy, nb ? nb : 1);
	int *sh = ARENA_ARRAY(a, int, nb ? nb : 1);
	int *score = ARENA_ARRAY(a, int, nb ? nb : 1);
	size_t np = 0;
	for (size_t i = 0; i < nb; i++) {
		const struct buddy *b = &bs[i];
		if (b->status != BUDDY_ACTIVE || b->load >= b->caseload ||
		    b->account_id == q->account_id || !lang_fits(b, q))
			continue;
		bool same_site = q->site_id && b->site_id == q->site_id;
		if (q->site_id && !same_site && !(q->online && b->online))
			continue; /* a site was asked and they cannot meet there or online */
		int s = shared_themes(b, q);
		/* most shared themes first, then the same site, then the fewest matches */
		int key = s * 100 + (same_site ? 10 : 0) + (BUDDY_CASELOAD_MAX - b->load);
		size_t at = np;
		while (at > 0 && score[at - 1] < key) {
			pick[at] = pick[at - 1];
			sh[at] = sh[at - 1];
			score[at] = score[at - 1];
			at--;
		}
		pick[at] = *b;
		sh[at] = s;
		score[at] = key;
		np++;
	}
	*out = pick;
	*shared = sh;
	*n = np < BUDDY_SUGGEST_MAX ? np : BUDDY_SUGGEST_MAX;
	return KR_OK;
}

/* ---- e-mail: that something waits and where; never a theme, a note or the network ---- */

static int
mail_to(struct db_conn *c, struct arena *a, int64_t account_id, const char *subject,
	const char *text, const char *base_url, const char *path)
{
	struct account acc;
	int err = auth_account_by_id(c, a, account_id, &acc);
	if (err == KR_ENOTFOUND || (err == KR_OK && acc.disabled))
		return KR_OK; /* nobody to tell */
	if (err)
		return err;
	const char *body = arena_printf(a, "%s %s,\n\n%s\n", _("Hello"), acc.name, text);
	if (base_url && *base_url && path)
		body = arena_printf(a, "%s\n%s%s\n", body, base_url, path);
	return mail_enqueue(c, acc.email, subject, body);
}

static int
introduce(struct db_conn *c, struct arena *a, int64_t to, int64_t other, const char *text)
{
	struct account o;
	int err = auth_account_by_id(c, a, other, &o);
	if (err == KR_ENOTFOUND)
		return KR_OK;
	if (err)
		return err;
	return mail_to(c, a, to, _("Introduction to your buddy match"),
		       arena_printf(a, "%s\n\n%s\n%s\n\n%s", text, o.name, o.email,
				    _("A buddy is a colleague to talk with, not a care provider. "
				      "Agree together when and where you meet.")),
		       NULL, NULL);
}

/* ---- matches ---- */

int
buddy_match_get(struct db_conn *c, int64_t id, struct buddy_match *out)
{
	struct arena a;
	arena_init(&a);
	struct buddy_match *ms;
	size_t n;
	int err = buddies_store_matches(c, &a, id, 0, 0, 0, &ms, &n);
	if (!err && n != 1)
		err = KR_ENOTFOUND;
	if (!err)
		*out = ms[0];
	arena_release(&a);
	return err;
}

int
buddy_matches_of_request(struct db_conn *c, struct arena *a, int64_t request_id,
			 struct buddy_match **out, size_t *n)
{
	return buddies_store_matches(c, a, 0, request_id, 0, 0, out, n);
}

int
buddy_matches_of_buddy(struct db_conn *c, struct arena *a, int64_t buddy_id,
		       struct buddy_match **out, size_t *n)
{
	return buddies_store_matches(c, a, 0, 0, buddy_id, 0, out, n);
}

int
buddy_propose(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
	      int64_t request_id, int64_t buddy_id, const char *base_url, int64_t now,
	      int64_t *match_id, enum buddy_refusal *why)
{
	*why = BREFUSE_NONE;
	int err = db_begin(c);
	if (err)
		return err;
	struct buddy_request q;
	struct buddy b;
	bool ok = false;
	if ((err = buddy_request_get(c, k, a, request_id, &q)))
		goto out;
	err = buddy_get(c, k, a, buddy_id, &b);
	if (err == KR_ENOTFOUND ||
	    (!err && (b.network_id != network_id || q.network_id != network_id))) {
		*why = BREFUSE_STATE;
		err = KR_EINVAL;
		goto out;
	}
	if (err)
		goto out;
	if (b.account_id == q.account_id) {
		*why = BREFUSE_SELF;
		err = KR_EINVAL;
		goto out;
	}
	if (b.status != BUDDY_ACTIVE) {
		*why = BREFUSE_NOT_ACTIVE;
		err = KR_EINVAL;
		goto out;
	}
	if ((err =
		 buddies_store_request_move(c, request_id, "waiting|returned", "proposed", 0, &ok)))
		goto out;
	if (!ok) {
		*why = BREFUSE_STATE;
		err = KR_EINVAL;
		goto out;
	}
	if ((err = buddies_store_buddy_take(c, buddy_id, &ok)))
		goto out;
	if (!ok) {
		*why = BREFUSE_FULL;
		err = KR_EINVAL;
		goto out;
	}
	if ((err = buddies_store_match_insert(c, request_id, buddy_id, "proposed", time_hour(now),
					      0, 0, match_id)))
		goto out;
	err = mail_to(c, a, b.account_id, _("A buddy request for you"),
		      _("A coordinator asks whether you will be someone's buddy. Please answer "
			"in Kring: you may say no without giving a reason."),
		      base_url, "/buddies");
out:
	return db_end(c, err);
}

bool
buddy_match_is_buddy(struct db_conn *c, const struct buddy_match *m, int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	struct buddy *bs;
	struct blob *sealed;
	size_t n;
	bool yes = buddies_store_buddies(c, &a, m->buddy_id, 0, 0, &bs, &sealed, &n) == KR_OK &&
		   n == 1 && bs[0].account_id == account_id;
	arena_release(&a);
	return yes;
}

bool
buddy_match_is_asker(struct db_conn *c, const struct keys *k, const struct buddy_match *m,
		     int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	struct buddy_request q;
	bool yes =
	    buddy_request_get(c, k, &a, m->request_id, &q) == KR_OK && q.account_id == account_id;
	arena_release(&a);
	return yes;
}

/* The match with its request and buddy, for a change by one of its sides. */
struct match_ctx {
	struct buddy_match m;
	struct buddy_request q;
	struct buddy b;
	bool is_buddy, is_asker;
};

static int
match_load(struct db_conn *c, const struct keys *k, struct arena *a, int64_t match_id,
	   int64_t account_id, struct match_ctx *x)
{
	int err = buddy_match_get(c, match_id, &x->m);
	if (!err)
		err = buddy_request_get(c, k, a, x->m.request_id, &x->q);
	if (!err)
		err = buddy_get(c, k, a, x->m.buddy_id, &x->b);
	if (err)
		return err;
	x->is_buddy = x->b.account_id == account_id;
	x->is_asker = x->q.account_id == account_id;
	return x->is_buddy || x->is_asker ? KR_OK : KR_ENOTFOUND;
}

int
buddy_answer(struct db_conn *c, const struct keys *k, struct arena *a, int64_t match_id,
	     int64_t account_id, bool accept, const char *base_url, int64_t now,
	     enum buddy_refusal *why)
{
	(void)base_url;
	*why = BREFUSE_NONE;
	int err = db_begin(c);
	if (err)
		return err;
	struct match_ctx x;
	bool ok = false;
	if ((err = match_load(c, k, a, match_id, account_id, &x)))
		goto out;
	if (!x.is_buddy) {
		err = KR_ENOTFOUND;
		goto out;
	}
	if (accept)
		err = buddies_store_match_move(c, match_id, "proposed", "active", now,
					       now + (int64_t)BUDDY_MATCH_DAYS * 86400, 0, &ok);
	else
		err = buddies_store_match_move(c, match_id, "proposed", "declined", 0, 0, now, &ok);
	if (err)
		goto out;
	if (!ok) {
		*why = BREFUSE_ANSWERED;
		err = KR_EINVAL;
		goto out;
	}
	if (!accept) {
		if (!(err = buddies_store_buddy_release(c, x.b.id)))
			err = buddies_store_request_move(c, x.q.id, "proposed", "waiting", 0, &ok);
		goto out;
	}
	if ((err = buddies_store_request_move(c, x.q.id, "proposed", "matched", 0, &ok)))
		goto out;
	/* Only the other's name and address: nothing of the request or the themes. */
	if (!(err = introduce(c, a, x.q.account_id, x.b.account_id,
			      _("A buddy has said yes to your request. This is your buddy; they "
				"will get in touch with you, or you may write to them:"))))
		err = introduce(c, a, x.b.account_id, x.q.account_id,
				_("Thank you for saying yes. This is the colleague you will be a "
				  "buddy for; please get in touch with them:"));
out:
	return db_end(c, err);
}

/* Ends x's match (in `from`) as `to` at now: the caseload is freed, the request moves. */
static int
match_finish(struct db_conn *c, const struct keys *k, struct arena *a, struct match_ctx *x,
	     const char *from, const char *to, enum request_status next, int64_t now, bool *ok)
{
	int err = buddies_store_match_move(c, x->m.id, from, to, 0, 0, now, ok);
	if (err || !*ok)
		return err;
	if ((err = buddies_store_buddy_release(c, x->b.id)))
		return err;
	bool moved;
	if ((err = buddies_store_request_move(c, x->q.id, "proposed|matched",
					      buddy_request_status_name(next),
					      next == REQ_ENDED ? now : 0, &moved)))
		return err;
	if (next != REQ_ENDED)
		return KR_OK;
	/* Both get an anonymous check-in. */
	int64_t sides[2] = { x->q.account_id, x->b.account_id };
	for (size_t i = 0; !err && i < 2; i++) {
		unsigned char l[32];
		checkin_lookup(k, sides[i], x->q.network_id, l);
		char acc[24];
		snprintf(acc, sizeof(acc), "%lld", (long long)sides[i]);
		err = buddies_store_checkin_insert(c, x->q.network_id, l,
						   seal(a, k, checkin_ad(a, x->q.network_id), acc),
						   now - now % 86400);
	}
	return err;
}

int
buddy_end(struct db_conn *c, const struct keys *k, struct arena *a, int64_t match_id,
	  int64_t account_id, const char *base_url, int64_t now, enum buddy_refusal *why)
{
	*why = BREFUSE_NONE;
	int err = db_begin(c);
	if (err)
		return err;
	struct match_ctx x;
	bool ok = false;
	if ((err = match_load(c, k, a, match_id, account_id, &x)) ||
	    (err = match_finish(c, k, a, &x, "active", "ended", REQ_ENDED, now, &ok)))
		goto out;
	if (!ok) {
		*why = BREFUSE_STATE;
		err = KR_EINVAL;
		goto out;
	}
	err = mail_to(c, a, x.is_buddy ? x.q.account_id : x.b.account_id,
		      _("Your buddy match has ended"),
		      _("Your buddy match has been ended. Kring asks you in a short, anonymous "
			"check-in whether it helped."),
		      base_url, "/buddies");
out:
	return db_end(c, err);
}

int
buddy_renew(struct db_conn *c, const struct keys *k, struct arena *a, int64_t match_id,
	    int64_t account_id, int64_t now, enum buddy_refusal *why)
{
	*why = BREFUSE_NONE;
	int err = db_begin(c);
	if (err)
		return err;
	struct match_ctx x;
	if ((err = match_load(c, k, a, match_id, account_id, &x)))
		goto out;
	if (x.m.status != MATCH_ACTIVE) {
		*why = BREFUSE_STATE;
		err = KR_EINVAL;
		goto out;
	}
	err = buddies_store_match_renew(c, match_id, now + (int64_t)BUDDY_MATCH_DAYS * 86400);
out:
	return db_end(c, err);
}

int
buddy_hand_back(struct db_conn *c, const struct keys *k, struct arena *a, int64_t match_id,
		int64_t account_id, const char *base_url, int64_t now, enum buddy_refusal *why)
{
	*why = BREFUSE_NONE;
	int err = db_begin(c);
	if (err)
		return err;
	struct match_ctx x;
	bool ok = false;
	if ((err = match_load(c, k, a, match_id, account_id, &x)))
		goto out;
	if (!x.is_buddy) {
		err = KR_ENOTFOUND;
		goto out;
	}
	if ((err = match_finish(c, k, a, &x, "proposed|active", "handed_back", REQ_RETURNED, now,
				&ok)))
		goto out;
	if (!ok) {
		*why = BREFUSE_STATE;
		err = KR_EINVAL;
		goto out;
	}
	int64_t *ids;
	const char **names;
	size_t n;
	if ((err = buddies_store_coordinators(c, a, x.q.network_id, &ids, &names, &n)))
		goto out;
	for (size_t i = 0; !err && i < n; i++)
		err =
		    mail_to(c, a, ids[i], _("A buddy match was handed back"),
			    _("A buddy has handed a match back to the coordinators. Please "
			      "look at the request in Kring."),
			    base_url, arena_printf(a, "/buddies/requests/%lld", (long long)x.q.id));
out:
	return db_end(c, err);
}

/* ---- check-ins ---- */

int
buddy_checkins_due(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		   int64_t **network_ids, size_t *n)
{
	struct network *nws;
	size_t nn;
	int err = org_networks(c, a, &nws, &nn);
	if (err)
		return err;
	struct arena_vec v;
	arena_vec_init(&v, a, sizeof(int64_t), 4, 0);
	for (size_t i = 0; i < nn; i++) {
		unsigned char l[32];
		checkin_lookup(k, account_id, nws[i].id, l);
		int64_t *ids;
		size_t ni;
		if ((err = buddies_store_checkins_of(c, a, l, &ids, &ni)))
			return err;
		for (size_t j = 0; j < ni; j++)
			*ARENA_VEC_PUSH(&v, int64_t) = ids[j];
	}
	*network_ids = v.items;
	*n = v.len;
	return KR_OK;
}

int
buddy_checkin_answer(struct db_conn *c, const struct keys *k, int64_t network_id,
		     int64_t account_id, enum checkin_answer answer)
{
	if (answer >= CHECKIN_N)
		return KR_EINVAL;
	int err = db_begin(c);
	if (err)
		return err;
	unsigned char l[32];
	checkin_lookup(k, account_id, network_id, l);
	bool ok;
	if (!(err = buddies_store_checkin_delete(c, network_id, l, &ok))) {
		if (!ok)
			err = KR_ENOTFOUND;
		else
			err =
			    buddies_store_checkin_count(c, network_id, buddy_checkin_name(answer));
	}
	return db_end(c, err);
}

int
buddy_counts(struct db_conn *c, int64_t network_id, struct buddy_counts *out)
{
	return buddies_store_counts(c, network_id, out);
}

/* ---- hooks ---- */

int
buddy_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	int64_t now = time_now();
	/* As a buddy: their open matches go back to the coordinators, then the rows go. */
	struct buddy *bs;
	size_t nb;
	int err = buddy_mine(c, k, &a, account_id, &bs, &nb);
	for (size_t i = 0; !err && i < nb; i++) {
		struct buddy_match *ms;
		size_t nm;
		if ((err = buddy_matches_of_buddy(c, &a, bs[i].id, &ms, &nm)))
			break;
		for (size_t j = 0; !err && j < nm; j++) {
			bool ok;
			if (ms[j].status == MATCH_PROPOSED || ms[j].status == MATCH_ACTIVE)
				err = buddies_store_request_move(
				    c, ms[j].request_id, "proposed|matched", "returned", 0, &ok);
		}
		if (!err)
			err = buddies_store_buddy_delete(c, bs[i].id);
	}
	/* As an asker: their requests go, with their matches (the buddy's caseload freed). */
	struct buddy_request *qs;
	size_t nq = 0;
	if (!err)
		err = buddy_requests_mine(c, k, &a, account_id, &qs, &nq);
	for (size_t i = 0; !err && i < nq; i++) {
		struct buddy_match *ms;
		size_t nm;
		if ((err = buddy_matches_of_request(c, &a, qs[i].id, &ms, &nm)))
			break;
		for (size_t j = 0; !err && j < nm; j++) {
			if (ms[j].status != MATCH_PROPOSED && ms[j].status != MATCH_ACTIVE)
				continue;
			struct buddy b;
			if ((err = buddies_store_buddy_release(c, ms[j].buddy_id)) ||
			    (err = buddy_get(c, k, &a, ms[j].buddy_id, &b)))
				break;
			if (b.account_id != account_id)
				err = mail_to(c, &a, b.account_id, _("Your buddy match has ended"),
					      _("Your buddy match has been ended."), NULL, NULL);
		}
		if (!err)
			err = buddies_store_request_delete(c, qs[i].id);
	}
	/* Their check-ins still due, and their coordinator role. */
	struct network *nws;
	size_t nn = 0;
	if (!err)
		err = org_networks(c, &a, &nws, &nn);
	for (size_t i = 0; !err && i < nn; i++) {
		unsigned char l[32];
		bool ok;
		checkin_lookup(k, account_id, nws[i].id, l);
		err = buddies_store_checkin_delete(c, 0, l, &ok);
	}
	if (!err)
		err = buddies_store_coordinator_forget(c, account_id);
	(void)now;
	arena_release(&a);
	return err;
}

int
buddy_retention_run(struct db_conn *c, const struct keys *k, int64_t now, int64_t *ended,
		    int64_t *erased)
{
	*ended = *erased = 0;
	int err = db_begin(c);
	if (err)
		return err;
	struct arena a;
	arena_init(&a);
	/* Matches past their end, unless renewed, end by themselves. */
	struct buddy_match *ms;
	size_t nm;
	err = buddies_store_matches(c, &a, 0, 0, 0, now, &ms, &nm);
	for (size_t i = 0; !err && i < nm; i++) {
		struct match_ctx x = { .m = ms[i] };
		bool ok;
		if ((err = buddy_request_get(c, k, &a, ms[i].request_id, &x.q)) ||
		    (err = buddy_get(c, k, &a, ms[i].buddy_id, &x.b)) ||
		    (err = match_finish(c, k, &a, &x, "active", "ended", REQ_ENDED, now, &ok)))
			break;
		if (ok)
			(*ended)++;
	}
	int64_t *ids;
	size_t n = 0;
	if (!err)
		err = buddies_store_requests_ended_before(
		    c, &a, now - (int64_t)BUDDY_KEEP_DAYS * 86400, &ids, &n);
	for (size_t i = 0; !err && i < n; i++)
		if (!(err = buddies_store_request_delete(c, ids[i])))
			(*erased)++;
	int64_t gone = 0;
	if (!err)
		err = buddies_store_checkins_erase_before(
		    c, now - (int64_t)BUDDY_CHECKIN_DAYS * 86400, &gone);
	arena_release(&a);
	return db_end(c, err);
}

int
buddy_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	*count = 0;
	struct buddy *bs;
	struct blob *sealed;
	size_t n;
	struct network *nws;
	size_t nn = 0;
	int err = org_networks(c, &a, &nws, &nn);
	for (size_t w = 0; !err && w < nn; w++) {
		if ((err = buddies_store_buddies(c, &a, 0, nws[w].id, 0, &bs, &sealed, &n)))
			break;
		for (size_t i = 0; !err && i < n; i++)
			if (!(err = buddy_open(&a, old, &bs[i], sealed[i])) &&
			    !(err = buddies_store_buddy_reseal(c, bs[i].id,
							       buddy_seal(&a, fresh, &bs[i]))))
				(*count)++;
	}
	struct buddies_store_request *rows;
	size_t nr = 0;
	if (!err)
		err = buddies_store_requests(c, &a, 0, NULL, 0, &rows, &nr);
	for (size_t i = 0; !err && i < nr; i++) {
		struct buddy_request q;
		unsigned char l[32];
		if ((err = request_open(&a, old, &rows[i], &q)))
			break;
		request_lookup(fresh, q.account_id, q.network_id, l);
		if (!(err = buddies_store_request_reseal(c, q.id, l, request_seal(&a, fresh, &q))))
			(*count)++;
	}
	struct buddies_store_checkin *cs;
	size_t nc = 0;
	if (!err)
		err = buddies_store_checkins_all(c, &a, &cs, &nc);
	for (size_t i = 0; !err && i < nc; i++) {
		char *acc;
		long id;
		unsigned char l[32];
		if ((err = unseal(&a, old, checkin_ad(&a, cs[i].network_id), cs[i].sealed, &acc)))
			break;
		if (str_to_long(str_from(acc), 1, INT64_MAX, &id)) {
			err = KR_EINTERNAL;
			break;
		}
		checkin_lookup(fresh, id, cs[i].network_id, l);
		if (!(err = buddies_store_checkin_reseal(
			  c, cs[i].id, l, seal(&a, fresh, checkin_ad(&a, cs[i].network_id), acc))))
			(*count)++;
	}
	arena_release(&a);
	return err;
}

int
buddy_demo_match(struct db_conn *c, int64_t request_id, int64_t buddy_id, enum match_status status,
		 int64_t proposed_at, int64_t now)
{
	bool live = status == MATCH_PROPOSED || status == MATCH_ACTIVE;
	bool ok = true;
	int err = KR_OK;
	if (live && (err = buddies_store_buddy_take(c, buddy_id, &ok)))
		return err;
	if (!ok)
		return KR_ECONFLICT;
	int64_t started = status == MATCH_PROPOSED || status == MATCH_DECLINED ? 0 : proposed_at;
	int64_t id;
	if ((err = buddies_store_match_insert(
		 c, request_id, buddy_id, buddy_match_status_name(status), time_hour(proposed_at),
		 started, started ? started + (int64_t)BUDDY_MATCH_DAYS * 86400 : 0, &id)))
		return err;
	if (status == MATCH_ENDED &&
	    (err = buddies_store_match_move(c, id, "ended", "ended", 0, 0, now, &ok)))
		return err;
	const char *next = status == MATCH_PROPOSED ? "proposed"
			   : status == MATCH_ACTIVE ? "matched"
			   : status == MATCH_ENDED  ? "ended"
						    : "waiting";
	return buddies_store_request_move(c, request_id, "waiting", next,
					  status == MATCH_ENDED ? now : 0, &ok);
}

int
buddy_demo_buddy(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		 int64_t account_id, const char *motivation, const int64_t *themes, size_t nthemes,
		 int64_t site_id, enum buddy_status status, const char *trained_on, int64_t now,
		 int64_t *id)
{
	struct buddy b = { .network_id = network_id,
			   .account_id = account_id,
			   .status = status,
			   .caseload = BUDDY_CASELOAD_MAX,
			   .site_id = site_id,
			   .online = true,
			   .lang = "both",
			   .applied_at = time_hour(now),
			   .motivation = motivation,
			   .nthemes = nthemes < BUDDY_THEMES_MAX ? nthemes : BUDDY_THEMES_MAX };
	memcpy(b.themes, themes, b.nthemes * sizeof(*themes));
	int err = buddies_store_buddy_insert(c, &b, buddy_seal(a, k, &b), id);
	if (err)
		return err;
	bool trained = status >= BUDDY_TRAINED;
	return buddies_store_buddy_record(c, *id, buddy_status_name(status),
					  status >= BUDDY_INTAKE ? "go" : "",
					  trained ? trained_on : "", trained ? trained_on : "", "");
}

int
buddy_demo_request(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		   int64_t account_id, const int64_t *themes, size_t nthemes, int64_t site_id,
		   const char *note, int64_t created_at, int64_t *id)
{
	unsigned char l[32];
	request_lookup(k, account_id, network_id, l);
	int err = buddies_store_request_insert(c, network_id, l,
					       (struct blob){ (const unsigned char *)"", 0 },
					       time_hour(created_at), id);
	if (err)
		return err;
	struct buddy_request q = { .id = *id,
				   .network_id = network_id,
				   .account_id = account_id,
				   .site_id = site_id,
				   .online = true,
				   .lang = "",
				   .nthemes =
				       nthemes < BUDDY_THEMES_MAX ? nthemes : BUDDY_THEMES_MAX,
				   .note = note };
	memcpy(q.themes, themes, q.nthemes * sizeof(*themes));
	return buddies_store_request_reseal(c, *id, l, request_seal(a, k, &q));
}

int
buddy_demo_answers(struct db_conn *c, int64_t network_id, enum checkin_answer answer, int64_t n)
{
	int err = KR_OK;
	for (int64_t i = 0; !err && i < n; i++)
		err = buddies_store_checkin_count(c, network_id, buddy_checkin_name(answer));
	return err;
}
