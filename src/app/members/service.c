// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of membership, and the sealing that keeps it private at rest. */
#include "app/members/members.h"
#include "app/audit/audit.h"
#include "app/feature.h"
#include "app/mail/mail.h"
#include "app/org/org.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include <pthread.h>
#include <sodium.h>
#include <wctype.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG   crypto_aead_xchacha20poly1305_ietf_ABYTES

const char members_problem_pseudonym_empty[] = N_("Type the name you want to appear under.");
const char members_problem_pseudonym_long[] = N_("A pseudonym has at most 40 characters.");
const char members_problem_pseudonym_taken[] =
    N_("Someone in this group uses this pseudonym already. Choose another one.");
const char members_problem_line_long[] = N_("The line about yourself has at most 140 characters.");

static const char *const appearance_names[] = { "visible", "pseudonym", "silent" };

const char *
appearance_name(enum appearance a)
{
	return (size_t)a < ARRAY_SIZE(appearance_names) ? appearance_names[a] : "silent";
}

bool
appearance_parse(const char *s, enum appearance *out)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(appearance_names); i++)
		if (strcmp(s, appearance_names[i]) == 0) {
			*out = (enum appearance)i;
			return true;
		}
	return false;
}

/* ---- keys and sealing ---- */

static void
group_lookup(const struct keys *k, int64_t account_id, int64_t network_id, int64_t subgroup_id,
	     unsigned char out[32])
{
	int64_t v[3] = { account_id, network_id, subgroup_id };
	crypto_generichash_state st;
	crypto_generichash_init(&st, k->lookup, KEY_BYTES, 32);
	crypto_generichash_update(&st, (const unsigned char *)"kring membership v1", 20);
	crypto_generichash_update(&st, (const unsigned char *)v, sizeof(v));
	crypto_generichash_final(&st, out, 32);
}

/* Case-folding needs a Unicode-aware locale of its own: the thread's locale is the reader's
 * language, which must not change how pseudonyms compare. */
static locale_t fold_locale;
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void
fold_init(void)
{
	fold_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

/* The pseudonym as compared: every letter lower-cased (É and é are one), as UTF-8. */
static void
pseudonym_lookup(const struct keys *k, int64_t network_id, int64_t subgroup_id, const char *p,
		 unsigned char out[32])
{
	int64_t v[2] = { network_id, subgroup_id };
	crypto_generichash_state st;
	crypto_generichash_init(&st, k->lookup, KEY_BYTES, 32);
	crypto_generichash_update(&st, (const unsigned char *)"kring pseudonym v1", 19);
	crypto_generichash_update(&st, (const unsigned char *)v, sizeof(v));
	pthread_once(&fold_once, fold_init);
	const unsigned char *u = (const unsigned char *)p;
	while (*u) {
		/* Decode one code point of (validated) UTF-8. */
		uint32_t cp = *u;
		size_t n = 1;
		if (cp >= 0xF0 && u[1] && u[2] && u[3]) {
			cp = ((cp & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) | ((u[2] & 0x3Fu) << 6) |
			     (u[3] & 0x3Fu);
			n = 4;
		} else if (cp >= 0xE0 && u[1] && u[2]) {
			cp = ((cp & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
			n = 3;
		} else if (cp >= 0xC0 && u[1]) {
			cp = ((cp & 0x1Fu) << 6) | (u[1] & 0x3Fu);
			n = 2;
		}
		uint32_t lower = fold_locale ? (uint32_t)towlower_l((wint_t)cp, fold_locale)
					     : (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
		/* The folded code point, as 4 bytes: a fixed width keeps the hash input unique. */
		unsigned char enc[4] = { (unsigned char)(lower >> 24), (unsigned char)(lower >> 16),
					 (unsigned char)(lower >> 8), (unsigned char)lower };
		crypto_generichash_update(&st, enc, sizeof(enc));
		u += n;
	}
	crypto_generichash_final(&st, out, 32);
}

static void
seal_ad(int64_t network_id, int64_t subgroup_id, char *ad, size_t size)
{
	snprintf(ad, size, "kring membership v1 %lld %lld", (long long)network_id,
		 (long long)subgroup_id);
}

/* Plain text: "account\nappearance\nally\njoined\npseudonym\nline" (no field holds a newline). */
static unsigned char *
seal(struct arena *a, const struct keys *k, const struct membership *m, size_t *len)
{
	const char *plain = arena_printf(
	    a, "%lld\n%s\n%d\n%lld\n%s\n%s", (long long)m->account_id,
	    appearance_name(m->choice.appearance), m->choice.ally ? 1 : 0, (long long)m->joined_at,
	    m->choice.pseudonym ? m->choice.pseudonym : "", m->choice.line ? m->choice.line : "");
	size_t plen = strlen(plain);
	unsigned char *box = arena_alloc(a, NONCE + plen + TAG);
	char ad[64];
	seal_ad(m->network_id, m->subgroup_id, ad, sizeof(ad));
	randombytes_buf(box, NONCE);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(box + NONCE, &clen, (const unsigned char *)plain,
						   plen, (const unsigned char *)ad, strlen(ad),
						   NULL, box, k->data);
	sodium_memzero((void *)(uintptr_t)plain, plen);
	*len = NONCE + (size_t)clen;
	return box;
}

static int
unseal(struct arena *a, const struct keys *k, const struct member_row *row, struct membership *m)
{
	if (row->sealed_len < NONCE + TAG)
		return KR_EINVAL;
	size_t plen = row->sealed_len - NONCE - TAG;
	char *plain = arena_alloc(a, plen + 1);
	char ad[64];
	seal_ad(row->network_id, row->subgroup_id, ad, sizeof(ad));
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		(unsigned char *)plain, NULL, NULL, row->sealed + NONCE, row->sealed_len - NONCE,
		(const unsigned char *)ad, strlen(ad), row->sealed, k->data) != 0)
		return KR_EINVAL;
	plain[plen] = '\0';
	char *f[6];
	size_t nf = 0;
	f[nf++] = plain;
	for (char *p = plain; *p && nf < 6; p++)
		if (*p == '\n') {
			*p = '\0';
			f[nf++] = p + 1;
		}
	long acc, ally, joined;
	if (nf != 6 || str_to_long(str_from(f[0]), 1, INT64_MAX, &acc) ||
	    !appearance_parse(f[1], &m->choice.appearance) ||
	    str_to_long(str_from(f[2]), 0, 1, &ally) ||
	    str_to_long(str_from(f[3]), 0, INT64_MAX, &joined))
		return KR_EINVAL;
	m->account_id = acc;
	m->network_id = row->network_id;
	m->subgroup_id = row->subgroup_id;
	m->choice.ally = ally != 0;
	m->joined_at = joined;
	m->choice.pseudonym = f[4];
	m->choice.line = f[5];
	return KR_OK;
}

/* ---- rules ---- */

static size_t
chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static bool
text_clean(const char *s)
{
	if (!str_is_utf8(str_from(s)))
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* Normalises a choice (only the fields its appearance uses are kept) and checks it. */
static int
choice_check(struct arena *a, const struct member_choice *in, struct member_choice *out,
	     const char **problem)
{
	*out = (struct member_choice){
		.appearance = in->appearance, .ally = in->ally, .pseudonym = "", .line = ""
	};
	if (in->appearance == APPEAR_PSEUDONYM) {
		struct str p = str_trim(str_from(in->pseudonym ? in->pseudonym : ""));
		char *ps = arena_strndup(a, p.p ? p.p : "", p.len);
		if (!*ps || !text_clean(ps)) {
			*problem = members_problem_pseudonym_empty;
			return KR_EINVAL;
		}
		if (chars(ps) > PSEUDONYM_MAX) {
			*problem = members_problem_pseudonym_long;
			return KR_EINVAL;
		}
		out->pseudonym = ps;
	} else if (in->appearance == APPEAR_VISIBLE && in->line && *in->line) {
		struct str l = str_trim(str_from(in->line));
		char *ls = arena_strndup(a, l.p ? l.p : "", l.len);
		if (!text_clean(ls) || chars(ls) > LINE_MAX_CHARS) {
			*problem = members_problem_line_long;
			return KR_EINVAL;
		}
		out->line = ls;
	}
	return KR_OK;
}

static int
store_choice(struct db_conn *c, const struct keys *k, struct arena *a, const struct membership *m,
	     bool insert, const char **problem)
{
	unsigned char lookup[32], plook[32];
	group_lookup(k, m->account_id, m->network_id, m->subgroup_id, lookup);
	bool pseud = m->choice.appearance == APPEAR_PSEUDONYM;
	if (pseud) {
		bool taken = false;
		pseudonym_lookup(k, m->network_id, m->subgroup_id, m->choice.pseudonym, plook);
		int err = members_store_pseudonym_owner(c, plook, lookup, &taken);
		if (err)
			return err;
		if (taken) {
			*problem = members_problem_pseudonym_taken;
			return KR_EINVAL;
		}
	}
	size_t len;
	unsigned char *box = seal(a, k, m, &len);
	if (insert)
		return members_store_insert(c, m->network_id, m->subgroup_id, lookup,
					    pseud ? plook : NULL, box, len);
	bool found = false;
	int err = members_store_update(c, lookup, pseud ? plook : NULL, box, len, &found);
	if (err == KR_ECONFLICT) {
		*problem = members_problem_pseudonym_taken; /* taken in the meantime */
		return KR_EINVAL;
	}
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
members_join(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
	     int64_t subgroup_id, const struct member_choice *choice, int64_t now,
	     const char **problem)
{
	struct arena a;
	arena_init(&a);
	*problem = NULL;
	struct membership m = { network_id, subgroup_id, account_id, { 0 }, now };
	int err = choice_check(&a, choice, &m.choice, problem);
	if (!err && subgroup_id) {
		/* A subgroup is part of its network: join the network first. */
		struct membership net;
		err = members_get(c, k, &a, account_id, network_id, 0, &net);
	}
	if (!err && !(err = db_begin(c))) {
		err = store_choice(c, k, &a, &m, true, problem);
		if (err == KR_ECONFLICT && !*problem) {
			/* The lookup is unique: a member already (the pseudonym was checked). */
			err = KR_ECONFLICT;
		}
		err = db_end(c, err);
	}
	if (!err)
		members_cache_forget(network_id, subgroup_id);
	arena_release(&a);
	return err;
}

int
members_update(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
	       int64_t subgroup_id, const struct member_choice *choice, const char **problem)
{
	struct arena a;
	arena_init(&a);
	*problem = NULL;
	struct membership old, m;
	int err = members_get(c, k, &a, account_id, network_id, subgroup_id, &old);
	if (!err) {
		m = old;
		err = choice_check(&a, choice, &m.choice, problem);
	}
	if (!err && !(err = db_begin(c)))
		err = db_end(c, store_choice(c, k, &a, &m, false, problem));
	if (!err)
		members_cache_forget(network_id, subgroup_id);
	arena_release(&a);
	return err;
}

int
members_leave(struct db_conn *c, const struct keys *k, int64_t account_id, int64_t network_id,
	      int64_t subgroup_id)
{
	struct arena a;
	arena_init(&a);
	unsigned char lookup[32];
	bool found = false;
	group_lookup(k, account_id, network_id, subgroup_id, lookup);
	int err = db_begin(c);
	if (!err)
		err = members_store_delete(c, lookup, &found);
	if (!err && !found)
		err = KR_ENOTFOUND;
	if (!err && !subgroup_id) {
		/* Leaving a network leaves its subgroups too. */
		struct subgroup *subs;
		size_t n;
		err = members_store_subgroups(c, &a, network_id, &subs, &n);
		for (size_t i = 0; !err && i < n; i++) {
			group_lookup(k, account_id, network_id, subs[i].id, lookup);
			err = members_store_delete(c, lookup, &found);
		}
	}
	/* Each feature's part: anonymous and pseudonymous forum posts stay, no longer tied to
	 * the account; so do published anonymous and pseudonymous stories of a network left. */
	if (!err)
		err = features_leave_group(c, k, account_id, network_id, subgroup_id);
	err = db_end(c, err);
	if (!err)
		members_cache_forget(network_id, subgroup_id ? subgroup_id : -1);
	arena_release(&a);
	return err;
}

int
members_get(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	    int64_t network_id, int64_t subgroup_id, struct membership *out)
{
	unsigned char lookup[32];
	struct member_row row;
	bool found = false;
	group_lookup(k, account_id, network_id, subgroup_id, lookup);
	int err = members_store_get(c, a, lookup, &row, &found);
	if (err || !found)
		return err ? err : KR_ENOTFOUND;
	if (unseal(a, k, &row, out) || out->account_id != account_id)
		return KR_EINTERNAL; /* a row that does not open with our key: never show it */
	return KR_OK;
}

int
members_of_account(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		   struct membership **out, size_t *n)
{
	int64_t *nets, *subs;
	size_t ngroups;
	int err = members_store_groups(c, a, &nets, &subs, &ngroups);
	if (err)
		return err;
	struct membership *v = ARENA_ARRAY(a, struct membership, ngroups ? ngroups : 1);
	size_t len = 0;
	for (size_t i = 0; i < ngroups; i++) {
		err = members_get(c, k, a, account_id, nets[i], subs[i], &v[len]);
		if (err == KR_ENOTFOUND)
			continue;
		if (err)
			return err;
		len++;
	}
	*out = v;
	*n = len;
	return KR_OK;
}

int
members_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	int64_t *nets, *subs;
	size_t ngroups;
	int err = members_store_groups(c, &a, &nets, &subs, &ngroups);
	bool own = !err && !db_in_transaction(c);
	if (own)
		err = db_begin(c);
	for (size_t i = 0; !err && i < ngroups; i++) {
		unsigned char lookup[32];
		bool found;
		group_lookup(k, account_id, nets[i], subs[i], lookup);
		err = members_store_delete(c, lookup, &found);
	}
	if (!err)
		err = members_store_coordinator_erase(c, account_id);
	if (own)
		err = db_end(c, err);
	/* Even inside the caller's transaction: an entry opened again before it commits carries
	 * the old version, which the commit moves on. */
	members_cache_clear();
	arena_release(&a);
	return err;
}

static int
directory_cmp(const void *pa, const void *pb)
{
	const struct directory_entry *x = pa, *y = pb;
	return strcasecmp(x->shown_name, y->shown_name);
}

int
members_directory_open(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		       int64_t subgroup_id, struct directory *out)
{
	/* What is opened on the way (every row, silent followers' too) stays in a scratch arena
	 * that is wiped; only what the list shows, and who is a member, goes into `a`. */
	struct arena tmp;
	arena_init(&tmp);
	struct member_row *rows;
	size_t nrows;
	int err = members_store_group(c, &tmp, network_id, subgroup_id, &rows, &nrows);
	if (err)
		goto out;
	/* Open every row first, then ask for the names of all who may appear in one query. */
	struct membership *ms = ARENA_ARRAY(&tmp, struct membership, nrows ? nrows : 1);
	int64_t *ids = ARENA_ARRAY(&tmp, int64_t, nrows ? nrows : 1);
	int64_t *all = ARENA_ARRAY(a, int64_t, nrows ? nrows : 1);
	size_t nms = 0, nall = 0;
	for (size_t i = 0; i < nrows; i++) {
		if (unseal(&tmp, k, &rows[i], &ms[nms]))
			continue; /* never show what does not open */
		all[nall++] = ms[nms].account_id;
		if (ms[nms].choice.appearance == APPEAR_SILENT)
			continue;
		ids[nms] = ms[nms].account_id;
		nms++;
	}
	const char **names;
	if ((err = members_store_names_of(c, &tmp, ids, nms, &names)))
		goto out;
	struct directory_entry *v = ARENA_ARRAY(a, struct directory_entry, nms ? nms : 1);
	size_t len = 0;
	for (size_t i = 0; i < nms; i++) {
		const struct membership *m = &ms[i];
		/* A blocked account appears nowhere, under a pseudonym neither. */
		if (!names[i])
			continue;
		if (m->choice.appearance == APPEAR_PSEUDONYM)
			v[len++] = (struct directory_entry){ arena_strdup(a, m->choice.pseudonym),
							     "", true, m->choice.ally, 0 };
		else
			v[len++] = (struct directory_entry){ arena_strdup(a, names[i]),
							     arena_strdup(a, m->choice.line), false,
							     m->choice.ally, m->account_id };
	}
	qsort(v, len, sizeof(*v), directory_cmp);
	qsort(all, nall, sizeof(*all), kr_cmp_int64);
	*out = (struct directory){ network_id, subgroup_id, v, len, all, nall };
out:
	arena_release_wiped(&tmp);
	return err;
}

int
members_directory(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		  int64_t subgroup_id, const struct directory_entry **out, size_t *n)
{
	struct directory d;
	int err = members_directory_open(c, k, a, network_id, subgroup_id, &d);
	if (!err) {
		*out = d.v;
		*n = d.n;
	}
	return err;
}

int
members_count(struct db_conn *c, int64_t network_id, int64_t subgroup_id, int64_t *n)
{
	return members_store_count(c, network_id, subgroup_id, false, n);
}

int
members_count_live(struct db_conn *c, int64_t network_id, int64_t subgroup_id, int64_t *n)
{
	return members_store_count(c, network_id, subgroup_id, true, n);
}

int
members_counts_refresh(struct db_conn *c, int64_t now)
{
	int err = db_begin(c);
	if (err)
		return err;
	return db_end(c, members_store_counts_snapshot(c, now));
}

int
members_counts_taken_at(struct db_conn *c, int64_t *out)
{
	return members_store_counts_taken_at(c, out);
}

int64_t
members_counts_due_since(int64_t now)
{
	time_t t = (time_t)now;
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return 0; /* cannot happen for a time of this era; never due then */
	bool before_hour = tm.tm_hour < MEMBERS_COUNTS_HOUR;
	tm.tm_hour = MEMBERS_COUNTS_HOUR;
	tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1; /* whatever daylight saving time says on that day */
	if (before_hour)
		tm.tm_mday--; /* yesterday's; mktime() normalises the date */
	time_t due = mktime(&tm);
	if (due == (time_t)-1)
		return 0;
	/* On the day the clock jumps over the hour mktime() may land after now: a day back. */
	return due > t ? (int64_t)due - 86400 : (int64_t)due;
}

/* ---- subgroups ---- */

int
subgroups_of(struct db_conn *c, struct arena *a, int64_t network_id, struct subgroup **out,
	     size_t *n)
{
	return members_store_subgroups(c, a, network_id, out, n);
}

int
subgroup_by_slug(struct db_conn *c, struct arena *a, int64_t network_id, const char *slug,
		 struct subgroup *out)
{
	bool found;
	int err = members_store_subgroup_by_slug(c, a, network_id, slug, out, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
subgroup_create(struct db_conn *c, int64_t actor_id, int64_t network_id, const char *slug,
		const char *name, const char *description, int64_t *id)
{
	(void)actor_id;
	size_t nl = name ? strlen(name) : 0, dl = description ? strlen(description) : 0;
	if (!org_slug_ok(slug) || nl < 1 || nl > 200 || !text_clean(name) || dl > 2000 ||
	    !str_is_utf8(str_from(description ? description : "")))
		return KR_EINVAL;
	return members_store_subgroup_insert(c, network_id, slug, name, description, id);
}

int
subgroup_set_coordinator(struct db_conn *c, int64_t subgroup_id, int64_t account_id,
			 bool coordinator)
{
	bool changed;
	return coordinator
		   ? members_store_coordinator_insert(c, subgroup_id, account_id, true, time_now(),
						      &changed)
		   : members_store_coordinator_delete(c, subgroup_id, account_id, NULL, &changed);
}

/* "subgroup 12": the audit detail of every coordinator step. A subgroup's name may tell a
 * condition (autism, oncology), so the log refers to it by its id only. */
static void
subgroup_detail(char *buf, size_t size, int64_t subgroup_id)
{
	snprintf(buf, size, "subgroup %lld", (long long)subgroup_id);
}

int
subgroup_coordinator_ask(struct db_conn *c, int64_t actor_id, const char *network_name,
			 int64_t subgroup_id, int64_t account_id, const char *name,
			 const char *email, const char *base_url, int64_t now)
{
	/* The e-mail may be read by others (a shared mailbox, a phone on the desk): it names the
	 * network and that there is a request, never the subgroup; the page it links to, for the
	 * signed-in person only, tells the rest. */
	struct arena a;
	arena_init(&a);
	const char *body = arena_printf(
	    &a,
	    "Hallo %s,\n\n"
	    "In Kring is je gevraagd om een rol op je te nemen in het netwerk %s. Open deze link "
	    "om te lezen wat de rol is en om ja of nee te zeggen. Je logt daarvoor in bij "
	    "Kring:\n\n"
	    "%s/me/coordinator\n\n"
	    "Niemand ziet je naam bij deze rol zolang je geen ja hebt gezegd.\n\n"
	    "-- \n\n"
	    "Hello %s,\n\n"
	    "In Kring you have been asked to take on a role in the network %s. Open the link "
	    "above to read what the role is and to say yes or no; you sign in to Kring for it. "
	    "Nobody sees your name with this role unless you say yes.\n",
	    name, network_name, base_url, name, network_name);
	char detail[64];
	subgroup_detail(detail, sizeof(detail), subgroup_id);
	bool inserted = false;
	int err = db_begin(c);
	if (!err) {
		err = members_store_coordinator_insert(c, subgroup_id, account_id, false, now,
						       &inserted);
		if (!err && !inserted)
			err = KR_ECONFLICT;
		if (!err)
			err =
			    mail_enqueue(c, email, "Een vraag in Kring / A request in Kring", body);
		if (!err)
			err =
			    audit_append(c, AUDIT_COORDINATOR_ASKED, actor_id, account_id, detail);
		err = db_end(c, err);
	}
	arena_release(&a);
	return err;
}

/* One step on a role in a transaction with its audit entry; KR_ENOTFOUND when there was
 * nothing to change (nothing is logged then). */
static int
coordinator_step(struct db_conn *c, enum audit_event ev, int64_t actor_id, int64_t subgroup_id,
		 int64_t account_id, const char *state, bool accept)
{
	char detail[64];
	subgroup_detail(detail, sizeof(detail), subgroup_id);
	bool found = false;
	int err = db_begin(c);
	if (err)
		return err;
	err = accept ? members_store_coordinator_accept(c, subgroup_id, account_id, &found)
		     : members_store_coordinator_delete(c, subgroup_id, account_id, state, &found);
	if (!err && !found)
		err = KR_ENOTFOUND;
	if (!err)
		err = audit_append(c, ev, actor_id, account_id, detail);
	return db_end(c, err);
}

int
subgroup_coordinator_answer(struct db_conn *c, int64_t subgroup_id, int64_t account_id, bool accept)
{
	return coordinator_step(c, accept ? AUDIT_COORDINATOR_ACCEPTED : AUDIT_COORDINATOR_DECLINED,
				account_id, subgroup_id, account_id, "asked", accept);
}

int
subgroup_coordinator_step_down(struct db_conn *c, int64_t subgroup_id, int64_t account_id)
{
	return coordinator_step(c, AUDIT_COORDINATOR_STEPPED_DOWN, account_id, subgroup_id,
				account_id, "accepted", false);
}

int
subgroup_coordinator_remove(struct db_conn *c, int64_t actor_id, int64_t subgroup_id,
			    int64_t account_id)
{
	int err = coordinator_step(c, AUDIT_COORDINATOR_REMOVED, actor_id, subgroup_id, account_id,
				   NULL, false);
	return err == KR_ENOTFOUND ? KR_OK : err;
}

int
subgroup_coordinators(struct db_conn *c, struct arena *a, int64_t subgroup_id, const char ***names,
		      int64_t **ids, size_t *n)
{
	return members_store_coordinators(c, a, subgroup_id, "accepted", names, ids, n);
}

int
subgroup_coordinators_asked(struct db_conn *c, struct arena *a, int64_t subgroup_id,
			    const char ***names, int64_t **ids, size_t *n)
{
	return members_store_coordinators(c, a, subgroup_id, "asked", names, ids, n);
}

/* Whether an active account has accepted the role (want_accepted) or is asked; false when
 * the database fails. */
static bool
coordinator_state_is(struct db_conn *c, int64_t subgroup_id, int64_t account_id, bool want_accepted)
{
	bool asked, accepted;
	if (members_store_coordinator_state(c, subgroup_id, account_id, &asked, &accepted))
		return false;
	return want_accepted ? accepted : asked;
}

bool
subgroup_is_coordinator(struct db_conn *c, int64_t subgroup_id, int64_t account_id)
{
	return coordinator_state_is(c, subgroup_id, account_id, true);
}

bool
subgroup_is_asked(struct db_conn *c, int64_t subgroup_id, int64_t account_id)
{
	return coordinator_state_is(c, subgroup_id, account_id, false);
}

int
subgroup_coordinator_roles(struct db_conn *c, struct arena *a, int64_t account_id,
			   struct coordinator_role **out, size_t *n)
{
	return members_store_coordinator_roles(c, a, account_id, out, n);
}

int
members_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	struct member_row *rows;
	size_t n;
	arena_init(&a);
	/* Nothing opened under the old key stays in memory. */
	members_cache_clear();
	int err = members_store_all(c, &a, &rows, &n);
	*count = 0;
	for (size_t i = 0; !err && i < n; i++) {
		struct membership m;
		if (unseal(&a, old, &rows[i], &m)) {
			error("membership %lld does not open with the current key",
			      (long long)rows[i].id);
			err = KR_EINTERNAL;
			break;
		}
		unsigned char lookup[32], plook[32];
		bool pseud = m.choice.appearance == APPEAR_PSEUDONYM;
		group_lookup(fresh, m.account_id, m.network_id, m.subgroup_id, lookup);
		if (pseud)
			pseudonym_lookup(fresh, m.network_id, m.subgroup_id, m.choice.pseudonym,
					 plook);
		size_t len;
		unsigned char *box = seal(&a, fresh, &m, &len);
		err = members_store_replace(c, rows[i].id, lookup, pseud ? plook : NULL, box, len);
		if (!err)
			(*count)++;
	}
	arena_release(&a);
	return err;
}
