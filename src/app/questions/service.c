// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of the questions desk, and the sealing that keeps questions private at
 * rest (questions.h). */
#include "app/questions/questions.h"
#include "app/audit/audit.h"
#include "app/auth/auth.h"
#include "app/mail/mail.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/str.h"
#include "base/strbuf.h"
#include <sodium.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG   crypto_aead_xchacha20poly1305_ietf_ABYTES

const char questions_problem_empty[] = N_("Type your question.");
const char questions_problem_long[] = N_("A text has at most 10,000 characters.");
const char questions_problem_text[] =
    N_("The text has characters Kring cannot store. Type it again without them.");
const char questions_problem_code[] =
    N_("This code opens no question. Check the code: it has 20 letters and digits. A question "
       "that was erased cannot be opened any more.");
const char questions_problem_referral[] =
    N_("Choose only entries of the directory, each one once.");

static const char *const how_names[] = { "named", "anonymous", "code" };

const char *
question_how_name(enum question_how h)
{
	return (size_t)h < ARRAY_SIZE(how_names) ? how_names[h] : "anonymous";
}

bool
question_how_parse(const char *s, enum question_how *out)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(how_names); i++)
		if (strcmp(s, how_names[i]) == 0) {
			*out = (enum question_how)i;
			return true;
		}
	return false;
}

/* ---- addresses, codes and look-ups ---- */

/* Letters and digits that cannot be mistaken for each other (no I, L, O, U, 0 or 1). */
static const char code_alphabet[] = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

static void
random_chars(char *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = code_alphabet[randombytes_uniform(sizeof(code_alphabet) - 1)];
}

static void
new_ref(char ref[QUESTION_REF_SIZE])
{
	random_chars(ref, QUESTION_REF_SIZE - 1);
	for (size_t i = 0; i < QUESTION_REF_SIZE - 1; i++)
		ref[i] = (char)(ref[i] >= 'A' && ref[i] <= 'Z' ? ref[i] + 32 : ref[i]);
	ref[QUESTION_REF_SIZE - 1] = '\0';
}

/* 20 characters of 30 (98 bits), as "ABCD-EFGH-JKMN-PQRS-TVWX". */
static void
new_code(char code[QUESTION_CODE_SIZE])
{
	char raw[QUESTION_CODE_CHARS];
	random_chars(raw, sizeof(raw));
	size_t o = 0;
	for (size_t i = 0; i < QUESTION_CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			code[o++] = '-';
		code[o++] = raw[i];
	}
	code[o] = '\0';
	sodium_memzero(raw, sizeof(raw));
}

/* The code as typed, normalised: spaces and dashes dropped, lower case raised; false unless
 * exactly QUESTION_CODE_CHARS characters of the alphabet are left. */
static bool
code_normalise(const char *in, char out[QUESTION_CODE_CHARS + 1])
{
	size_t n = 0;
	for (const char *p = in; p && *p; p++) {
		char ch = *p;
		if (ch == ' ' || ch == '-' || ch == '\t')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 32);
		if (!strchr(code_alphabet, ch) || ch == '\0' || n == QUESTION_CODE_CHARS)
			return false;
		out[n++] = ch;
	}
	out[n] = '\0';
	return n == QUESTION_CODE_CHARS;
}

/* Unkeyed on purpose: the code has 98 random bits, and a rotation of the key file must not
 * make the codes people keep useless. */
static void
code_hash(const char norm[QUESTION_CODE_CHARS + 1], unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)"kring question code v1", 22);
	crypto_generichash_update(&st, (const unsigned char *)norm, QUESTION_CODE_CHARS);
	crypto_generichash_final(&st, out, 32);
}

static void
owner_lookup(const struct keys *k, int64_t account_id, const char *ref, unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, k->lookup, KEY_BYTES, 32);
	crypto_generichash_update(&st, (const unsigned char *)"kring question owner v1", 23);
	crypto_generichash_update(&st, (const unsigned char *)&account_id, sizeof(account_id));
	crypto_generichash_update(&st, (const unsigned char *)ref, strlen(ref));
	crypto_generichash_final(&st, out, 32);
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

/* A question's plain text: "account\nhow\ntext" (account 0 with a code). */
static unsigned char *
seal_question(struct arena *a, const struct keys *k, const char *ref, int64_t account_id,
	      enum question_how how, const char *text, size_t *len)
{
	char ad[64];
	snprintf(ad, sizeof(ad), "kring question v1 %s", ref);
	char *plain =
	    arena_printf(a, "%lld\n%s\n%s", (long long)account_id, question_how_name(how), text);
	unsigned char *box = seal_text(a, k, ad, plain, len);
	sodium_memzero(plain, strlen(plain));
	return box;
}

static int
open_question(struct arena *a, const struct keys *k, const struct question_row *row,
	      struct question *q)
{
	char ad[64];
	snprintf(ad, sizeof(ad), "kring question v1 %s", row->ref);
	char *plain = unseal_text(a, k, ad, row->sealed, row->sealed_len);
	if (!plain)
		return KR_EINTERNAL; /* a row that does not open with our key: never show it */
	char *nl1 = strchr(plain, '\n'), *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
	if (!nl2)
		return KR_EINTERNAL;
	*nl1 = *nl2 = '\0';
	long acc;
	memset(q, 0, sizeof(*q));
	if (str_to_long(str_from(plain), 0, INT64_MAX, &acc) ||
	    !question_how_parse(nl1 + 1, &q->how))
		return KR_EINTERNAL;
	q->id = row->id;
	memcpy(q->ref, row->ref, sizeof(q->ref));
	q->network_id = row->network_id;
	q->asker_id = acc;
	q->text = nl2 + 1;
	q->state = row->state;
	q->taken_by = row->taken_by;
	q->taken_by_name = row->taken_by ? row->taken_by_name : NULL;
	q->asked_at = row->asked_at;
	q->answered_at = row->answered_at;
	q->closed_at = row->closed_at;
	q->faq_consent = row->faq_consent;
	return KR_OK;
}

static void
msg_ad(char *ad, size_t size, const char *ref)
{
	snprintf(ad, size, "kring question message v1 %s", ref);
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

/* A text as stored: trimmed, with CR LF made LF; tabs and newlines are kept, other control
 * characters refused. */
static int
text_check(struct arena *a, const char *in, const char **out, const char **problem)
{
	if (!in || !str_is_utf8(str_from(in))) {
		*problem = in ? questions_problem_text : questions_problem_empty;
		return KR_EINVAL;
	}
	struct strbuf sb;
	strbuf_init(&sb, 0);
	for (const char *p = in; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '\r')
			continue;
		if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f) {
			strbuf_release(&sb);
			*problem = questions_problem_text;
			return KR_EINVAL;
		}
		strbuf_addch(&sb, (char)ch);
	}
	struct str t = str_trim(str_from(sb.buf));
	while (t.len && (t.p[0] == '\n' || t.p[t.len - 1] == '\n')) {
		if (t.p[0] == '\n') {
			t.p++;
			t.len--;
		} else
			t.len--;
		t = str_trim(t);
	}
	char *s = arena_strndup(a, t.p ? t.p : "", t.len);
	sodium_memzero(sb.buf, sb.len);
	strbuf_release(&sb);
	if (!*s) {
		*problem = questions_problem_empty;
		return KR_EINVAL;
	}
	if (chars(s) > QUESTION_TEXT_MAX) {
		*problem = questions_problem_long;
		return KR_EINVAL;
	}
	*out = s;
	return KR_OK;
}

/* Every time of a question and its messages is stored as its hour (time_hour()): the second
 * would let a copy of the database meet the access log's line of the request. */
int
questions_ask(struct db_conn *c, const struct keys *k, int64_t network_id, int64_t account_id,
	      enum question_how how, const char *text, int64_t now, char ref[QUESTION_REF_SIZE],
	      char code[QUESTION_CODE_SIZE], const char **problem)
{
	now = time_hour(now);
	struct arena a;
	arena_init(&a);
	*problem = NULL;
	code[0] = '\0';
	const char *clean;
	int err = text_check(&a, text, &clean, problem);
	if (err)
		goto out;
	if (how != QUESTION_CODE && account_id <= 0) {
		err = KR_EINVAL;
		goto out;
	}
	for (int attempt = 0; attempt < 4; attempt++) {
		unsigned char look[32], hash[32];
		new_ref(ref);
		size_t len;
		unsigned char *box;
		if (how == QUESTION_CODE) {
			char norm[QUESTION_CODE_CHARS + 1];
			new_code(code);
			if (!code_normalise(code, norm))
				BUG("a new code does not read back");
			code_hash(norm, hash);
			sodium_memzero(norm, sizeof(norm));
			box = seal_question(&a, k, ref, 0, how, clean, &len);
		} else {
			owner_lookup(k, account_id, ref, look);
			box = seal_question(&a, k, ref, account_id, how, clean, &len);
		}
		int64_t id;
		err =
		    questions_store_insert(c, ref, network_id, how == QUESTION_CODE ? NULL : look,
					   how == QUESTION_CODE ? hash : NULL, box, len, now, &id);
		if (err != KR_ECONFLICT)
			break; /* a ref or code drawn twice: 2^-80, but draw again */
	}
out:
	if (err)
		code[0] = '\0';
	arena_release(&a);
	return err;
}

/* The messages of q, opened, with their referrals. */
static int
load_messages(struct db_conn *c, const struct keys *k, struct arena *a, struct question *q)
{
	struct question_msg_row *rows;
	size_t n;
	int err = questions_store_messages(c, a, q->id, &rows, &n);
	if (err)
		return err;
	char ad[64];
	msg_ad(ad, sizeof(ad), q->ref);
	q->msgs = ARENA_ARRAY(a, struct question_msg, n ? n : 1);
	q->nmsgs = n;
	for (size_t i = 0; i < n; i++) {
		struct question_msg *m = &q->msgs[i];
		memset(m, 0, sizeof(*m));
		m->id = rows[i].id;
		m->kind = rows[i].kind;
		m->author_id = rows[i].author_id;
		m->signed_by_name = rows[i].signed_by_name && rows[i].author_id;
		m->author_name = rows[i].author_id ? rows[i].author_name : NULL;
		m->created_at = rows[i].created_at;
		if (!(m->text = unseal_text(a, k, ad, rows[i].sealed, rows[i].sealed_len)))
			return KR_EINTERNAL;
		if (m->kind == QMSG_ANSWER && (err = questions_store_message_referrals(
						   c, a, m->id, &m->referrals, &m->nreferrals)))
			return err;
	}
	return KR_OK;
}

/* The asker's name, for a question asked under it. */
static void
fill_asker_name(struct db_conn *c, struct arena *a, struct question *q)
{
	struct account acc;
	if (q->how == QUESTION_NAMED && q->asker_id &&
	    auth_account_by_id(c, a, q->asker_id, &acc) == KR_OK)
		q->asker_name = acc.name;
}

int
questions_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
	       struct question **out, size_t *n)
{
	struct question_row *owned;
	size_t nowned;
	int err = questions_store_owned(c, a, &owned, &nowned);
	if (err)
		return err;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct question), 8, 0);
	for (size_t i = 0; i < nowned; i++) {
		unsigned char look[32];
		owner_lookup(k, account_id, owned[i].ref, look);
		if (!owned[i].owner_lookup || sodium_memcmp(look, owned[i].owner_lookup, 32) != 0)
			continue;
		struct question_row row;
		bool found;
		if ((err = questions_store_by_ref(c, a, owned[i].ref, &row, &found)))
			return err;
		struct question q;
		if (!found)
			continue;
		if ((err = open_question(a, k, &row, &q)))
			return err;
		if (q.asker_id != account_id)
			return KR_EINTERNAL;
		*ARENA_VEC_PUSH(&vec, struct question) = q;
	}
	/* Newest first. */
	struct question *v = vec.items;
	for (size_t i = 0; i < vec.len / 2; i++) {
		struct question t = v[i];
		v[i] = v[vec.len - 1 - i];
		v[vec.len - 1 - i] = t;
	}
	*out = v;
	*n = vec.len;
	return KR_OK;
}

static bool
ref_ok(const char *ref)
{
	size_t n = 0;
	for (const char *p = ref; p && *p; p++, n++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			return false;
	return n == QUESTION_REF_SIZE - 1;
}

int
questions_get_mine(struct db_conn *c, const struct keys *k, struct arena *a, int64_t account_id,
		   const char *ref, struct question *out)
{
	struct question_row row;
	bool found = false;
	int err = ref_ok(ref) ? questions_store_by_ref(c, a, ref, &row, &found) : KR_OK;
	if (err || !found)
		return err ? err : KR_ENOTFOUND;
	unsigned char look[32];
	owner_lookup(k, account_id, ref, look);
	if (!row.owner_lookup || sodium_memcmp(look, row.owner_lookup, 32) != 0)
		return KR_ENOTFOUND; /* someone else's: as if there were none */
	if ((err = open_question(a, k, &row, out)) || out->asker_id != account_id)
		return err ? err : KR_EINTERNAL;
	fill_asker_name(c, a, out);
	return load_messages(c, k, a, out);
}

int
questions_get_by_code(struct db_conn *c, const struct keys *k, struct arena *a, const char *code,
		      struct question *out)
{
	char norm[QUESTION_CODE_CHARS + 1];
	if (!code_normalise(code, norm))
		return KR_EINVAL;
	unsigned char hash[32];
	code_hash(norm, hash);
	sodium_memzero(norm, sizeof(norm));
	struct question_row row;
	bool found = false;
	int err = questions_store_by_code(c, a, hash, &row, &found);
	if (err || !found)
		return err ? err : KR_ENOTFOUND;
	if ((err = open_question(a, k, &row, out)))
		return err;
	return load_messages(c, k, a, out);
}

int
questions_get_for_team(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		       const char *ref, struct question *out)
{
	struct question_row row;
	bool found = false;
	int err = ref_ok(ref) ? questions_store_by_ref(c, a, ref, &row, &found) : KR_OK;
	if (err || !found || row.network_id != network_id)
		return err ? err : KR_ENOTFOUND;
	if ((err = open_question(a, k, &row, out)))
		return err;
	fill_asker_name(c, a, out);
	return load_messages(c, k, a, out);
}

int
questions_queue(struct db_conn *c, const struct keys *k, struct arena *a, int64_t network_id,
		int64_t offset, int64_t limit, struct question **out, size_t *n)
{
	struct question_row *rows;
	size_t nrows;
	int err = questions_store_queue(c, a, network_id, offset, limit, &rows, &nrows);
	if (err)
		return err;
	struct question *v = ARENA_ARRAY(a, struct question, nrows ? nrows : 1);
	for (size_t i = 0; i < nrows; i++) {
		if ((err = open_question(a, k, &rows[i], &v[i])))
			return err;
		fill_asker_name(c, a, &v[i]);
	}
	*out = v;
	*n = nrows;
	return KR_OK;
}

/* The row of a question of network_id that is not closed. */
static int
open_row(struct db_conn *c, struct arena *a, int64_t network_id, const char *ref,
	 struct question_row *row)
{
	bool found = false;
	int err = ref_ok(ref) ? questions_store_by_ref(c, a, ref, row, &found) : KR_OK;
	if (err || !found || row->network_id != network_id)
		return err ? err : KR_ENOTFOUND;
	return row->state == QSTATE_CLOSED ? KR_ECONFLICT : KR_OK;
}

int
questions_take(struct db_conn *c, int64_t network_id, const char *ref, int64_t actor_id)
{
	struct arena a;
	arena_init(&a);
	struct question_row row;
	int err = db_begin(c);
	if (!err) {
		err = open_row(c, &a, network_id, ref, &row);
		if (!err)
			err = questions_store_take(c, row.id, actor_id);
		err = db_end(c, err);
	}
	arena_release(&a);
	return err;
}

/* The e-mail to the asker: that there is an answer (or a question back) and where to read it;
 * never the network (its name may say something about the asker), the question or the
 * answer. */
static int
notify_asker(struct db_conn *c, struct arena *a, const struct question *q,
	     enum question_msg_kind kind, const char *base_url)
{
	struct account acc;
	if (q->how == QUESTION_CODE || !q->asker_id || !base_url)
		return KR_OK; /* no address: the code's holder looks themselves */
	int err = auth_account_by_id(c, a, q->asker_id, &acc);
	if (err == KR_ENOTFOUND || (!err && acc.disabled))
		return KR_OK;
	if (err)
		return err;
	bool back = kind == QMSG_ASK_BACK;
	const char *body = arena_printf(
	    a,
	    "Hallo %s,\n\n"
	    "%s Je leest het in Kring, bij je vragen. Je logt daarvoor in:\n\n"
	    "%s/questions\n\n"
	    "In deze e-mail staat niets over je vraag of het antwoord.\n\n"
	    "-- \n\n"
	    "Hello %s,\n\n"
	    "%s You can read it in Kring, under your questions (the link above; you sign in "
	    "for it). This e-mail says nothing about your question or the answer.\n",
	    acc.name,
	    back ? "Er is een vraag terug over je vraag." : "Er is een antwoord op je vraag.",
	    base_url ? base_url : "", acc.name,
	    back ? "There is a question back about your question."
		 : "Your question has an answer.");
	return mail_enqueue(c, acc.email,
			    back ? "Een vraag terug in Kring / A question back in Kring"
				 : "Een antwoord in Kring / An answer in Kring",
			    body);
}

int
questions_respond(struct db_conn *c, const struct keys *k, int64_t network_id, const char *ref,
		  int64_t actor_id, enum question_msg_kind kind, const char *text,
		  bool signed_by_name, const int64_t *referrals, size_t nreferrals,
		  const char *base_url, int64_t now, const char **problem)
{
	now = time_hour(now);
	struct arena a;
	arena_init(&a);
	*problem = NULL;
	const char *clean;
	struct question_row row;
	struct question q;
	int err = kind == QMSG_REPLY ? KR_EINVAL : KR_OK;
	if (!err)
		err = text_check(&a, text, &clean, problem);
	if (!err && (nreferrals > QUESTION_REFERRALS_MAX || (kind != QMSG_ANSWER && nreferrals))) {
		*problem = questions_problem_referral;
		err = KR_EINVAL;
	}
	for (size_t i = 0; !err && i < nreferrals; i++)
		for (size_t j = 0; j < i; j++)
			if (referrals[j] == referrals[i]) {
				*problem = questions_problem_referral;
				err = KR_EINVAL;
			}
	for (size_t i = 0; !err && i < nreferrals; i++)
		if (!questions_store_referral_exists(c, referrals[i])) {
			*problem = questions_problem_referral;
			err = KR_EINVAL;
		}
	if (err || (err = db_begin(c)))
		goto out;
	err = open_row(c, &a, network_id, ref, &row);
	if (!err)
		err = open_question(&a, k, &row, &q);
	if (!err) {
		char ad[64];
		size_t len;
		int64_t mid;
		msg_ad(ad, sizeof(ad), row.ref);
		unsigned char *box = seal_text(&a, k, ad, clean, &len);
		err = questions_store_message_insert(c, row.id, kind, actor_id, signed_by_name, box,
						     len, now, &mid);
		for (size_t i = 0; !err && i < nreferrals; i++)
			err = questions_store_referral_link(c, mid, referrals[i]);
	}
	if (!err)
		err = questions_store_set_state(
		    c, row.id, kind == QMSG_ANSWER ? QSTATE_ANSWERED : QSTATE_ASKED_BACK, now);
	/* Who answers has the question, if nobody had. */
	if (!err && !row.taken_by)
		err = questions_store_take(c, row.id, actor_id);
	if (!err)
		err = notify_asker(c, &a, &q, kind, base_url);
	err = db_end(c, err);
out:
	arena_release(&a);
	return err;
}

int
questions_close(struct db_conn *c, int64_t network_id, const char *ref, int64_t now)
{
	now = time_hour(now);
	struct arena a;
	arena_init(&a);
	struct question_row row;
	int err = db_begin(c);
	if (!err) {
		err = open_row(c, &a, network_id, ref, &row);
		if (!err)
			err = questions_store_set_state(c, row.id, QSTATE_CLOSED, now);
		err = db_end(c, err);
	}
	arena_release(&a);
	return err;
}

int
questions_reply(struct db_conn *c, const struct keys *k, const struct question *q, const char *text,
		int64_t now, const char **problem)
{
	now = time_hour(now);
	struct arena a;
	arena_init(&a);
	*problem = NULL;
	const char *clean;
	int err = text_check(&a, text, &clean, problem);
	if (!err && q->state == QSTATE_CLOSED)
		err = KR_ECONFLICT;
	if (!err && !(err = db_begin(c))) {
		char ad[64];
		size_t len;
		int64_t mid;
		msg_ad(ad, sizeof(ad), q->ref);
		unsigned char *box = seal_text(&a, k, ad, clean, &len);
		err = questions_store_message_insert(c, q->id, QMSG_REPLY, 0, false, box, len, now,
						     &mid);
		/* Back in the queue as open, with whoever had it. */
		if (!err)
			err = questions_store_set_state(c, q->id, QSTATE_OPEN, now);
		err = db_end(c, err);
	}
	arena_release(&a);
	return err;
}

int
questions_erase(struct db_conn *c, int64_t question_id)
{
	bool own = !db_in_transaction(c);
	int err = own ? db_begin(c) : KR_OK;
	if (!err)
		err = questions_store_delete(c, question_id);
	return own ? db_end(c, err) : err;
}

/* ---- time ---- */

int64_t
questions_working_days(int64_t from, int64_t to)
{
	int64_t d0 = from / 86400, d1 = to / 86400, n = 0;
	/* 1970-01-01 was a Thursday: day d is a weekday unless (d + 4) % 7 is 0 or 6. */
	for (int64_t d = d0 + 1; d <= d1 && n < 10000; d++) {
		int64_t wd = (d + 4) % 7;
		n += wd != 0 && wd != 6;
	}
	return n;
}

bool
questions_overdue(const struct question *q, int64_t flag_days, int64_t now)
{
	return q->state == QSTATE_OPEN && !q->answered_at &&
	       questions_working_days(q->asked_at, now) > flag_days;
}

int64_t
questions_months_before(int64_t now, int64_t months)
{
	time_t t = (time_t)now;
	struct tm tm;
	gmtime_r(&t, &tm);
	tm.tm_mon -= (int)months;
	return (int64_t)timegm(&tm);
}

/* ---- settings, retention ---- */

int
questions_settings_get(struct db_conn *c, struct questions_settings *out)
{
	return questions_store_settings_get(c, out);
}

int
questions_settings_set(struct db_conn *c, int64_t actor_id, const struct questions_settings *s)
{
	if (s->flag_days < QUESTIONS_FLAG_DAYS_MIN || s->flag_days > QUESTIONS_FLAG_DAYS_MAX ||
	    s->keep_months < QUESTIONS_KEEP_MONTHS_MIN ||
	    s->keep_months > QUESTIONS_KEEP_MONTHS_MAX)
		return KR_EINVAL;
	char detail[96];
	snprintf(detail, sizeof(detail),
		 "questions: flagged after %lld working days, kept %lld "
		 "months after closing",
		 (long long)s->flag_days, (long long)s->keep_months);
	int err = db_begin(c);
	if (err)
		return err;
	err = questions_store_settings_set(c, s);
	if (!err)
		err = audit_append(c, AUDIT_SETTINGS_CHANGED, actor_id, 0, detail);
	return db_end(c, err);
}

int
questions_erase_closed_before(struct db_conn *c, int64_t before, int64_t *n)
{
	*n = 0;
	for (;;) {
		int64_t ids[100];
		size_t got;
		int err = questions_store_closed_before(c, before, ids, ARRAY_SIZE(ids), &got);
		if (err)
			return err;
		if (!got)
			return KR_OK;
		if ((err = db_begin(c)))
			return err;
		for (size_t i = 0; !err && i < got; i++)
			err = questions_store_delete(c, ids[i]);
		if ((err = db_end(c, err)))
			return err;
		*n += (int64_t)got;
	}
}

/* ---- hooks ---- */

int
questions_erase_account(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	struct arena a;
	arena_init(&a);
	struct question_row *owned;
	size_t n;
	int err = questions_store_owned(c, &a, &owned, &n);
	bool own = !err && !db_in_transaction(c);
	if (own)
		err = db_begin(c);
	for (size_t i = 0; !err && i < n; i++) {
		unsigned char look[32];
		owner_lookup(k, account_id, owned[i].ref, look);
		if (owned[i].owner_lookup && sodium_memcmp(look, owned[i].owner_lookup, 32) == 0)
			err = questions_store_delete(c, owned[i].id);
	}
	if (!err)
		err = questions_store_forget_member(c, account_id);
	if (own)
		err = db_end(c, err);
	arena_release(&a);
	return err;
}

int
questions_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	arena_init(&a);
	struct question_row *rows;
	size_t n;
	int64_t *qids;
	struct question_msg_row *msgs;
	size_t nmsgs;
	*count = 0;
	int err = questions_store_all(c, &a, &rows, &n);
	for (size_t i = 0; !err && i < n; i++) {
		struct question q;
		if ((err = open_question(&a, old, &rows[i], &q)))
			break;
		size_t len;
		unsigned char *box =
		    seal_question(&a, fresh, rows[i].ref, q.asker_id, q.how, q.text, &len);
		unsigned char look[32];
		if (q.how != QUESTION_CODE)
			owner_lookup(fresh, q.asker_id, rows[i].ref, look);
		err = questions_store_reseal(c, rows[i].id, q.how == QUESTION_CODE ? NULL : look,
					     box, len);
		(*count)++;
	}
	if (!err)
		err = questions_store_all_messages(c, &a, &qids, &msgs, &nmsgs);
	for (size_t i = 0; !err && i < nmsgs; i++) {
		const char *ref = NULL;
		for (size_t j = 0; j < n && !ref; j++)
			if (rows[j].id == qids[i])
				ref = rows[j].ref;
		char ad[64];
		msg_ad(ad, sizeof(ad), ref ? ref : "");
		char *text = unseal_text(&a, old, ad, msgs[i].sealed, msgs[i].sealed_len);
		if (!text) {
			err = KR_EINTERNAL;
			break;
		}
		size_t len;
		unsigned char *box = seal_text(&a, fresh, ad, text, &len);
		err = questions_store_message_reseal(c, msgs[i].id, box, len);
		(*count)++;
	}
	arena_release(&a);
	return err;
}

/* ---- the referral directory ---- */

static const char *const referral_kind_names[] = {
	"company-doctor", "confidential-adviser", "hr", "adjustments", "works-council", "outside",
};
static const char *const referral_kind_labels[] = {
	N_("Company doctor and occupational health service"),
	N_("Confidential adviser"),
	N_("HR"),
	N_("Adjustments desk"),
	N_("Works council"),
	N_("Outside the organisation"),
};

const char *
referral_kind_name(enum referral_kind k)
{
	return (size_t)k < ARRAY_SIZE(referral_kind_names) ? referral_kind_names[k] : "outside";
}

const char *
referral_kind_label(enum referral_kind k)
{
	return (size_t)k < ARRAY_SIZE(referral_kind_labels) ? referral_kind_labels[k]
							    : referral_kind_labels[5];
}

bool
referral_kind_parse(const char *s, enum referral_kind *out)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(referral_kind_names); i++)
		if (strcmp(s, referral_kind_names[i]) == 0) {
			*out = (enum referral_kind)i;
			return true;
		}
	return false;
}

static bool
line_ok(const char *s, size_t max, bool multiline)
{
	if (!s || !*s || !str_is_utf8(str_from(s)) || chars(s) > max)
		return false;
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && !(multiline && (*s == '\n' || *s == '\r'))) ||
		    *s == 0x7f)
			return false;
	return true;
}

size_t
referral_check(const struct referral *e, struct referral_problem out[3])
{
	size_t n = 0;
	if (!line_ok(e->name, REFERRAL_NAME_MAX, false))
		out[n++] =
		    (struct referral_problem){ "name",
					       N_("Name: type 1 to 200 characters on one line.") };
	if (!line_ok(e->reach, REFERRAL_REACH_MAX, true))
		out[n++] = (struct referral_problem){
			"reach", N_("How to reach them: type 1 to 1,000 characters.")
		};
	if (!line_ok(e->purpose, REFERRAL_PURPOSE_MAX, true))
		out[n++] = (struct referral_problem){
			"purpose", N_("What they are for: type 1 to 2,000 characters.")
		};
	return n;
}

int
referral_list(struct db_conn *c, struct arena *a, struct referral **out, size_t *n)
{
	return questions_store_referral_list(c, a, out, n);
}

int
referral_add(struct db_conn *c, const struct referral *e, int64_t now, int64_t *id)
{
	struct referral_problem p[3];
	if (referral_check(e, p))
		return KR_EINVAL;
	return questions_store_referral_insert(c, e, now, id);
}

int
referral_update(struct db_conn *c, const struct referral *e)
{
	struct referral_problem p[3];
	bool found = false;
	if (referral_check(e, p))
		return KR_EINVAL;
	int err = questions_store_referral_update(c, e, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
referral_delete(struct db_conn *c, int64_t id)
{
	bool found = false;
	int err = db_begin(c);
	if (!err)
		err = db_end(c, questions_store_referral_delete(c, id, &found));
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

/* ---- the FAQ ---- */

const char faq_problem_question[] = N_("Type the question as it goes in the FAQ.");
const char faq_problem_answer[] = N_("Type the answer.");
const char faq_problem_question_long[] = N_("A question in the FAQ has at most 500 characters.");
const char faq_problem_full[] =
    N_("This FAQ has 200 questions already. Remove one before you add another.");

int
questions_faq_consent(struct db_conn *c, const struct question *q, bool yes)
{
	if (!q->answered_at)
		return KR_ECONFLICT; /* nothing to make an entry of yet */
	return questions_store_set_consent(c, q->id, yes);
}

int
faq_list(struct db_conn *c, struct arena *a, int64_t network_id, struct faq_entry **out, size_t *n)
{
	return questions_store_faq_list(c, a, network_id, out, n);
}

int
faq_count(struct db_conn *c, int64_t network_id, int64_t *n)
{
	return questions_store_faq_count(c, network_id, n);
}

int
faq_get(struct db_conn *c, struct arena *a, int64_t network_id, int64_t id, struct faq_entry *out)
{
	bool found = false;
	int err = questions_store_faq_get(c, a, network_id, id, out, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
faq_save(struct db_conn *c, struct arena *a, struct faq_entry *e, int64_t now, const char **field,
	 const char **problem)
{
	const char *q, *ans;
	*field = "question";
	if (text_check(a, e->question, &q, problem)) {
		if (*problem == questions_problem_empty)
			*problem = faq_problem_question;
		return KR_EINVAL;
	}
	if (chars(q) > FAQ_QUESTION_MAX) {
		*problem = faq_problem_question_long;
		return KR_EINVAL;
	}
	*field = "answer";
	if (text_check(a, e->answer, &ans, problem)) {
		if (*problem == questions_problem_empty)
			*problem = faq_problem_answer;
		return KR_EINVAL;
	}
	*field = NULL;
	e->question = q;
	e->answer = ans;
	e->changed_on = now - now % 86400; /* the day, never the second */
	if (e->id) {
		bool found = false;
		int err = questions_store_faq_update(c, e, &found);
		return err ? err : found ? KR_OK : KR_ENOTFOUND;
	}
	/* The count and the insert in one transaction: two at once never make 201. */
	int err = db_begin(c);
	if (err)
		return err;
	int64_t n = 0;
	err = questions_store_faq_count(c, e->network_id, &n);
	if (!err && n >= FAQ_ENTRIES_MAX)
		err = KR_ECONFLICT;
	if (!err)
		err = questions_store_faq_insert(c, e, &e->id);
	if (err == KR_ECONFLICT)
		*problem = faq_problem_full;
	return db_end(c, err);
}

int
faq_delete(struct db_conn *c, int64_t network_id, int64_t id)
{
	bool found = false;
	int err = questions_store_faq_delete(c, network_id, id, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

/* ---- figures ---- */

int64_t
questions_week_start(int64_t t)
{
	/* 1970-01-05, four days after the epoch, was a Monday. */
	int64_t monday = 4 * 86400;
	int64_t into = (t - monday) % QUESTION_WEEK;
	if (into < 0)
		into += QUESTION_WEEK;
	return t - into;
}

int
questions_figures(struct db_conn *c, int64_t network_id, int64_t now, struct question_figures *out)
{
	memset(out, 0, sizeof(*out));
	int64_t to = questions_week_start(now);
	int64_t from = to - (int64_t)QUESTION_FIGURE_WEEKS * QUESTION_WEEK;
	for (int i = 0; i < QUESTION_FIGURE_WEEKS; i++)
		out->week_start[i] = from + (int64_t)i * QUESTION_WEEK;
	struct arena a;
	arena_init(&a);
	int64_t *delays;
	size_t n = 0, nk = 0;
	const char **kinds;
	int64_t *ns;
	int err =
	    questions_store_asked_by_week(c, network_id, from, QUESTION_FIGURE_WEEKS, out->asked);
	if (!err)
		err = questions_store_answer_delays(c, &a, network_id, from, to, &delays, &n);
	if (!err && n) {
		out->answered = (int64_t)n;
		/* The middle one, or the mean of the two in the middle; times are whole hours. */
		int64_t mid = n % 2 ? delays[n / 2] : (delays[n / 2 - 1] + delays[n / 2]) / 2;
		out->median_hours = (mid + 1800) / 3600;
	}
	if (!err)
		err = questions_store_referral_kinds(c, &a, network_id, from, to, &kinds, &ns, &nk);
	for (size_t i = 0; !err && i < nk; i++) {
		enum referral_kind k;
		if (referral_kind_parse(kinds[i], &k)) {
			out->referrals[k] += ns[i];
			out->nreferrals += ns[i];
		}
	}
	arena_release(&a);
	return err;
}
