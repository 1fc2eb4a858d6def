// SPDX-License-Identifier: AGPL-3.0-or-later
/* service.c: the rules of accounts, roles, signing in and sessions. */
#include "app/auth/auth.h"
#include "app/audit/audit.h"
#include "app/auth/password.h"
#include "app/auth/totp.h"
#include "app/mail/mail.h"
#include "app/feature.h"
#include "base/i18n.h"
#include "base/str.h"
#include <sodium.h>

/* Throttles: after this many failures in a row a wait begins, doubling with each further one
 * up to the cap. Per client address the threshold is higher: many people may share one. */
#define THROTTLE_FREE_EMAIL 5
#define THROTTLE_FREE_IP    20
#define THROTTLE_CAP	    900
#define LOCK_AFTER	    100

static const char *const nrole_names[] = {
	[NROLE_NONE] = "",
	[NROLE_CONTACT] = "contact",
	[NROLE_AMBASSADOR] = "ambassador",
	[NROLE_CHAIR] = "chair",
	[NROLE_VICE_CHAIR] = "vice_chair",
	[NROLE_TREASURER] = "treasurer",
	[NROLE_SECRETARY] = "secretary",
	[NROLE_CORE] = "core",
};

const char *
network_role_name(enum network_role_kind k)
{
	return (size_t)k < ARRAY_SIZE(nrole_names) ? nrole_names[k] : "";
}

enum network_role_kind
network_role_parse(const char *name)
{
	for (size_t i = 1; name && i < ARRAY_SIZE(nrole_names); i++)
		if (strcmp(name, nrole_names[i]) == 0)
			return (enum network_role_kind)i;
	return NROLE_NONE;
}

bool
network_role_is_core(enum network_role_kind k)
{
	return k >= NROLE_CHAIR && k <= NROLE_CORE;
}

int
auth_email_normalise(struct arena *a, const char *in, const char **out)
{
	size_t n = in ? strlen(in) : 0;
	/* Surrounding spaces are a typing slip, not part of the address. */
	while (n && (in[0] == ' ' || in[0] == '\t')) {
		in++;
		n--;
	}
	while (n && (in[n - 1] == ' ' || in[n - 1] == '\t'))
		n--;
	if (n < 3 || n > 254)
		return KR_EINVAL;
	char *e = arena_strndup(a, in, n);
	int at = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)e[i];
		if (ch <= 0x20 || ch == 0x7f || ch == '<' || ch == '>' || ch == ',' || ch == ';' ||
		    ch == '"' || ch == '\\')
			return KR_EINVAL;
		if (ch == '@')
			at++;
		if (ch >= 'A' && ch <= 'Z')
			e[i] = (char)(ch - 'A' + 'a');
	}
	const char *dom = strchr(e, '@');
	if (at != 1 || dom == e || !dom[1] || !strchr(dom, '.') || dom[strlen(dom) - 1] == '.' ||
	    !str_is_utf8(str_from(e)))
		return KR_EINVAL;
	*out = e;
	return KR_OK;
}

static bool
name_ok(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	if (n < 1 || n > 100 || !str_is_utf8((struct str){ name, n }))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return false;
	return true;
}

int
auth_account_create(struct db_conn *c, int64_t actor_id, struct arena *a, const char *email,
		    const char *name, const char *password, int64_t *id)
{
	const char *e;
	if (auth_email_normalise(a, email, &e) || !name_ok(name))
		return KR_EINVAL;
	char hash[crypto_pwhash_STRBYTES];
	const char *stored = NULL;
	if (password) {
		const char *problem;
		if (password_policy(password, e, name, &problem))
			return KR_EINVAL;
		if (password_hash(password, hash))
			return KR_EINTERNAL;
		stored = hash;
	}
	int64_t new_id = 0;
	bool own_tx = db_in_transaction(c) == false;
	int err = own_tx ? db_begin(c) : KR_OK;
	if (!err)
		err = auth_store_account_insert(c, e, name, stored, &new_id);
	if (!err)
		err = audit_append(c, AUDIT_ACCOUNT_CREATED, actor_id, new_id,
				   actor_id ? "" : "from the command line");
	if (own_tx)
		err = db_end(c, err);
	sodium_memzero(hash, sizeof(hash));
	if (!err && id)
		*id = new_id;
	return err;
}

int
auth_account_by_email(struct db_conn *c, struct arena *a, const char *email, struct account *out)
{
	const char *e;
	bool found;
	if (auth_email_normalise(a, email, &e))
		return KR_ENOTFOUND;
	int err = auth_store_account_get(c, a, e, 0, out, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
auth_account_by_id(struct db_conn *c, struct arena *a, int64_t id, struct account *out)
{
	bool found;
	int err = auth_store_account_get(c, a, NULL, id, out, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
auth_accounts(struct db_conn *c, struct arena *a, struct account **out, size_t *n)
{
	return auth_store_accounts(c, a, out, n);
}

int
auth_roles_of(struct db_conn *c, int64_t account_id, unsigned *roles)
{
	struct arena a;
	struct account acc;
	arena_init(&a);
	int err = auth_account_by_id(c, &a, account_id, &acc);
	if (!err) {
		*roles = ROLE_EMPLOYEE | (acc.is_admin ? ROLE_ADMIN : 0) |
			 (acc.is_contact ? ROLE_CONTACT : 0);
		err = auth_store_network_roles(c, account_id, roles);
	}
	arena_release(&a);
	return err;
}

/* KR_ECONFLICT when acc is the last active administrator: the organisation would have none
 * left if it lost the role, was blocked or was deleted. */
static int
last_admin_guard(struct db_conn *c, const struct account *acc)
{
	int64_t admins = 0;
	if (!acc->is_admin || acc->disabled)
		return KR_OK;
	int err = auth_store_active_admins(c, &admins);
	return err ? err : admins <= 1 ? KR_ECONFLICT : KR_OK;
}

/* Sets one role flag of an account; when it changes, the account's sessions end (a new token
 * at every change of role) and the change is audited. Inside the caller's transaction. */
static int
role_flag_change(struct db_conn *c, int64_t actor_id, int64_t id, const char *flag, bool was,
		 bool now, const char *detail)
{
	int err = auth_store_set_flag(c, id, flag, now);
	if (err || was == now)
		return err;
	err = auth_store_sessions_delete_account(c, id);
	return err ? err : audit_append(c, AUDIT_ROLE_CHANGED, actor_id, id, detail);
}

int
auth_account_set_disabled(struct db_conn *c, int64_t actor_id, int64_t id, bool disabled)
{
	int err = db_begin(c);
	if (err)
		return err;
	if (disabled) {
		struct arena a;
		struct account acc;
		arena_init(&a);
		err = auth_account_by_id(c, &a, id, &acc);
		if (!err)
			err = last_admin_guard(c, &acc);
		arena_release(&a);
	}
	if (!err)
		err = auth_store_set_flag(c, id, "disabled", disabled);
	if (!err)
		err = auth_store_sessions_delete_account(c, id);
	if (!err)
		err = audit_append(c, AUDIT_ACCOUNT_DISABLED, actor_id, id,
				   disabled ? "disabled" : "enabled again");
	return db_end(c, err);
}

int
auth_set_admin(struct db_conn *c, int64_t actor_id, int64_t id, bool admin)
{
	int err = db_begin(c);
	if (err)
		return err;
	struct arena a;
	struct account acc;
	arena_init(&a);
	err = auth_account_by_id(c, &a, id, &acc);
	if (!err && !admin)
		err = last_admin_guard(c, &acc);
	arena_release(&a);
	if (!err)
		err = role_flag_change(c, actor_id, id, "is_admin", acc.is_admin, admin,
				       admin ? "administrator: yes" : "administrator: no");
	return db_end(c, err);
}

int
auth_set_contact(struct db_conn *c, int64_t actor_id, int64_t id, bool contact)
{
	int err = db_begin(c);
	if (err)
		return err;
	struct arena a;
	struct account acc;
	arena_init(&a);
	err = auth_account_by_id(c, &a, id, &acc);
	arena_release(&a);
	if (!err)
		err = role_flag_change(c, actor_id, id, "is_contact", acc.is_contact, contact,
				       contact ? "contact point: yes" : "contact point: no");
	return db_end(c, err);
}

int
auth_set_network_role(struct db_conn *c, int64_t actor_id, int64_t network_id, int64_t account_id,
		      enum network_role_kind k)
{
	int err = db_begin(c);
	if (err)
		return err;
	return db_end(c, auth_set_network_role_in(c, actor_id, network_id, account_id, k));
}

int
auth_set_network_role_in(struct db_conn *c, int64_t actor_id, int64_t network_id,
			 int64_t account_id, enum network_role_kind k)
{
	int err = auth_store_set_network_role(c, network_id, account_id,
					      k == NROLE_NONE ? NULL : network_role_name(k));
	if (!err)
		err = auth_store_sessions_delete_account(c, account_id);
	if (!err) {
		char detail[96];
		snprintf(detail, sizeof(detail), "network %lld: %s", (long long)network_id,
			 k == NROLE_NONE ? "no role" : network_role_name(k));
		err = audit_append(c, AUDIT_ROLE_CHANGED, actor_id, account_id, detail);
	}
	return err;
}

int
auth_set_password(struct db_conn *c, int64_t actor_id, struct arena *a, int64_t id,
		  const char *password, const char **problem)
{
	struct account acc;
	int err = auth_account_by_id(c, a, id, &acc);
	if (err)
		return err;
	if (password_policy(password, acc.email, acc.name, problem))
		return KR_EINVAL;
	char hash[crypto_pwhash_STRBYTES];
	if (password_hash(password, hash))
		return KR_EINTERNAL;
	if (!(err = db_begin(c))) {
		err = auth_store_set_password(c, id, hash);
		if (!err)
			err = auth_store_sessions_delete_account(c, id);
		if (!err)
			err = audit_append(c, AUDIT_PASSWORD_CHANGED, actor_id, id, "");
		err = db_end(c, err);
	}
	sodium_memzero(hash, sizeof(hash));
	return err;
}

int
auth_save_prefs(struct db_conn *c, int64_t id, const char *prefs)
{
	return auth_store_set_prefs(c, id, prefs);
}

/* ---- signing in ---- */

static void
throttle_key(const struct keys *k, const char *kind, const char *value, unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, k->lookup, KEY_BYTES, 32);
	crypto_generichash_update(&st, (const unsigned char *)kind, strlen(kind) + 1);
	crypto_generichash_update(&st, (const unsigned char *)value, strlen(value));
	crypto_generichash_final(&st, out, 32);
}

/* Seconds still to wait after `failures` failures, the last at last_at. */
static int64_t
throttle_wait(int64_t failures, int64_t last_at, int64_t free, int64_t now)
{
	if (failures < free)
		return 0;
	int64_t shift = failures - free;
	/* Seconds are whole: start at 2 so the wait is never less than a full second. */
	int64_t delay = shift >= 9 ? THROTTLE_CAP : ((int64_t)2 << shift);
	if (delay > THROTTLE_CAP)
		delay = THROTTLE_CAP;
	int64_t left = last_at + delay - now;
	return left > 0 ? left : 0;
}

int
auth_sign_in(struct db_conn *c, struct arena *a, const struct keys *k, const char *email,
	     const char *password, const char *client_ip, int64_t now, struct sign_in_result *res)
{
	memset(res, 0, sizeof(*res));
	const char *e = NULL;
	if (auth_email_normalise(a, email, &e))
		e = email ? email : "";
	unsigned char kmail[32], kip[32];
	throttle_key(k, "email", e, kmail);
	throttle_key(k, "ip", client_ip ? client_ip : "", kip);
	int64_t fm, lm, fi, li;
	if (auth_store_throttle_get(c, kmail, &fm, &lm) ||
	    auth_store_throttle_get(c, kip, &fi, &li))
		return KR_EDB;
	int64_t wait_m = throttle_wait(fm, lm, THROTTLE_FREE_EMAIL, now);
	int64_t wait_i = throttle_wait(fi, li, THROTTLE_FREE_IP, now);
	if (wait_m || wait_i) {
		res->retry_after = wait_m > wait_i ? wait_m : wait_i;
		return KR_ETHROTTLED;
	}

	struct account acc = { 0 };
	int err = auth_account_by_email(c, a, e, &acc);
	if (err && err != KR_ENOTFOUND)
		return err;
	bool ok = false, rehash = false;
	if (err == KR_ENOTFOUND || !acc.password_hash) {
		password_verify_dummy(password ? password : "");
	} else {
		ok = password_verify(acc.password_hash, password ? password : "", &rehash) == KR_OK;
	}
	bool usable = ok && !acc.disabled && !acc.locked;

	if ((err = db_begin(c)))
		return err;
	if (!usable) {
		bool now_locked = acc.id && !ok && !acc.locked && acc.failures + 1 >= LOCK_AFTER;
		err = auth_store_throttle_set(c, kmail, fm + 1, now);
		if (!err)
			err = auth_store_throttle_set(c, kip, fi + 1, now);
		if (!err && acc.id && !ok)
			err = auth_store_failures(c, acc.id, acc.failures + 1,
						  acc.locked || acc.failures + 1 >= LOCK_AFTER);
		/* An unknown address is logged without it: it may be anyone's. */
		if (!err)
			err = audit_append(c, AUDIT_SIGN_IN_FAILED, 0, acc.id,
					   !acc.id	  ? "unknown address"
					   : acc.disabled ? "account disabled"
					   : acc.locked	  ? "account locked"
							  : "wrong password");
		if (!err && now_locked)
			err = audit_append(c, AUDIT_ACCOUNT_LOCKED, 0, acc.id,
					   "100 failed sign-ins in a row");
	} else {
		err = auth_store_throttle_clear(c, kmail);
		if (!err)
			err = auth_store_failures(c, acc.id, 0, false);
		if (!err)
			err = audit_append(c, AUDIT_SIGN_IN_OK, acc.id, acc.id,
					   acc.has_totp ? "password; second factor to follow"
							: "password");
		if (!err && rehash) {
			char hash[crypto_pwhash_STRBYTES];
			if (password_hash(password, hash) == KR_OK)
				err = auth_store_set_password(c, acc.id, hash);
			sodium_memzero(hash, sizeof(hash));
		}
	}
	if (err) {
		db_rollback(c);
		return err;
	}
	if ((err = db_commit(c)))
		return err;
	if (!usable)
		return KR_EFORBIDDEN;
	unsigned roles = 0;
	if ((err = auth_roles_of(c, acc.id, &roles)))
		return err;
	res->account_id = acc.id;
	res->needs_second_factor = acc.has_totp;
	res->must_set_up_totp = !acc.has_totp && (roles & ROLES_PRIVILEGED);
	return KR_OK;
}

int
auth_sso_sign_in(struct db_conn *c, struct arena *a, const char *email, struct sign_in_result *res)
{
	memset(res, 0, sizeof(*res));
	struct account acc;
	int err = auth_account_by_email(c, a, email, &acc);
	if (err == KR_ENOTFOUND || (!err && acc.disabled))
		return KR_EFORBIDDEN;
	unsigned roles = 0;
	if (err || (err = auth_roles_of(c, acc.id, &roles)))
		return err;
	if ((err = db_begin(c)))
		return err;
	err = audit_append(c, AUDIT_SIGN_IN_OK, acc.id, acc.id, "single sign-on");
	if ((err = db_end(c, err)))
		return err;
	res->account_id = acc.id;
	res->needs_second_factor = acc.has_totp;
	res->must_set_up_totp = !acc.has_totp && (roles & ROLES_PRIVILEGED);
	return KR_OK;
}

/* ---- sessions ---- */

static void
session_hash(const struct keys *k, const char *token, unsigned char out[32])
{
	crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), k->session,
			   KEY_BYTES);
}

int
auth_session_create(struct db_conn *c, const struct keys *k, int64_t account_id, bool second_factor,
		    int64_t now, char token[SESSION_TOKEN_LEN + 1])
{
	unsigned char raw[32], hash[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, SESSION_TOKEN_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	session_hash(k, token, hash);
	return auth_store_session_insert(c, hash, account_id, second_factor, now);
}

int
auth_session_get(struct db_conn *c, struct arena *a, const struct keys *k,
		 const struct session_limits *lim, const char *token, int64_t now,
		 struct session *out)
{
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return KR_ENOTFOUND;
	unsigned char hash[32];
	session_hash(k, token, hash);
	int64_t account_id, created, last_seen;
	bool second_factor, found;
	int err = auth_store_session_get(c, a, hash, &account_id, &created, &last_seen,
					 &second_factor, &found);
	if (err || !found)
		return err ? err : KR_ENOTFOUND;
	struct account acc;
	unsigned roles = 0;
	if ((err = auth_account_by_id(c, a, account_id, &acc)) ||
	    (err = auth_roles_of(c, account_id, &roles)))
		return err == KR_ENOTFOUND ? KR_ENOTFOUND : err;
	bool privileged = (roles & ROLES_PRIVILEGED) != 0;
	int64_t idle = privileged ? lim->idle_privileged : lim->idle_member;
	int64_t absolute = privileged ? lim->absolute_privileged : lim->absolute_member;
	if (acc.disabled || acc.locked || now - last_seen > idle || now - created > absolute) {
		/* An ended session is removed now; if that fails it is refused all the same. */
		if (auth_store_session_delete(c, hash))
			return KR_EDB;
		return KR_ENOTFOUND;
	}
	/* The last use to five minutes, written at most once in each (a page view should not
	 * cost a write each time): the row never holds the second of a request, which the access
	 * log does, so the two together do not tell whose session made a forum post
	 * (docs/PRIVACY.md, "The forum"). An idle session may end up to five minutes early. */
	int64_t seen = now - now % SESSION_SEEN_STEP;
	if (seen > last_seen && (err = auth_store_session_touch(c, hash, seen)))
		return err;
	out->account_id = account_id;
	out->roles = roles;
	out->name = acc.name;
	out->prefs = acc.prefs;
	out->second_factor = second_factor;
	out->privileged = privileged;
	return KR_OK;
}

int
auth_session_mark_second_factor(struct db_conn *c, const struct keys *k, const char *token)
{
	unsigned char hash[32];
	session_hash(k, token, hash);
	return auth_store_session_second_factor(c, hash);
}

/* A 6-digit code as one types it ("123 456"), into out; false for anything else. */
static bool
six_digits(const char *s, char out[7])
{
	size_t n = 0;
	for (; s && *s; s++) {
		if (*s == ' ')
			continue;
		if (*s < '0' || *s > '9' || n == 6)
			return false;
		out[n++] = *s;
	}
	out[n] = '\0';
	return n == 6;
}

int
auth_step_up_check(struct db_conn *c, struct arena *a, const struct keys *k, const char *token,
		   int64_t account_id, const char *proof, const char *client_ip, int64_t now,
		   int64_t *retry_after)
{
	*retry_after = 0;
	if (!token)
		return KR_EFORBIDDEN;
	struct account acc;
	int err = auth_account_by_id(c, a, account_id, &acc);
	if (err)
		return err;
	char code[7];
	if (acc.has_totp && six_digits(proof, code)) {
		err = auth_second_factor(c, k, account_id, code, now, retry_after);
	} else {
		struct sign_in_result res;
		err = auth_sign_in(c, a, k, acc.email, proof, client_ip, now, &res);
		*retry_after = res.retry_after;
		if (!err && res.account_id != account_id)
			err = KR_EFORBIDDEN;
	}
	if (err)
		return err;
	unsigned char hash[32];
	session_hash(k, token, hash);
	return auth_store_session_step_up_set(c, hash, now);
}

int
auth_step_up_fresh(struct db_conn *c, const struct keys *k, const char *token, int64_t now,
		   bool *fresh)
{
	*fresh = false;
	if (!token)
		return KR_OK;
	unsigned char hash[32];
	int64_t at = 0;
	session_hash(k, token, hash);
	int err = auth_store_session_step_up_get(c, hash, &at);
	*fresh = !err && at > 0 && at <= now && now - at < STEP_UP_LIFETIME;
	return err;
}

int
auth_session_end(struct db_conn *c, const struct keys *k, const char *token)
{
	unsigned char hash[32];
	if (!token)
		return KR_OK;
	session_hash(k, token, hash);
	return auth_store_session_delete(c, hash);
}

int
auth_sessions_end_all(struct db_conn *c, int64_t account_id)
{
	return auth_store_sessions_delete_account(c, account_id);
}

/* ---- the second factor ---- */

static void
totp_ad(int64_t account_id, char *ad, size_t size)
{
	snprintf(ad, size, "kring totp %lld", (long long)account_id);
}

void
auth_totp_seal(const struct keys *k, int64_t account_id, const unsigned char *secret,
	       unsigned char box[TOTP_BOX_LEN])
{
	char ad[48];
	totp_ad(account_id, ad, sizeof(ad));
	randombytes_buf(box, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	    box + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, NULL, secret, TOTP_SECRET_BYTES,
	    (const unsigned char *)ad, strlen(ad), NULL, box, k->data);
}

int
auth_totp_open(const struct keys *k, int64_t account_id, const unsigned char *box,
	       unsigned char *secret)
{
	char ad[48];
	totp_ad(account_id, ad, sizeof(ad));
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		secret, NULL, NULL, box + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
		TOTP_BOX_LEN - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES,
		(const unsigned char *)ad, strlen(ad), box, k->data) != 0)
		return KR_EINVAL;
	return KR_OK;
}

int
auth_totp_enable(struct db_conn *c, const struct keys *k, int64_t account_id,
		 const unsigned char *secret, const char *code, int64_t now,
		 char codes[RECOVERY_CODES][16])
{
	int64_t step = 0;
	if (!totp_verify(secret, TOTP_SECRET_BYTES, code ? code : "", now, 0, &step))
		return KR_EINVAL;
	unsigned char box[TOTP_BOX_LEN];
	unsigned char hashes[RECOVERY_CODES][32];
	auth_totp_seal(k, account_id, secret, box);
	for (size_t i = 0; i < RECOVERY_CODES; i++) {
		recovery_code_new(codes[i]);
		recovery_code_hash(k->recovery, codes[i], hashes[i]);
	}
	int err = db_begin(c);
	if (err)
		return err;
	err = auth_store_totp_set(c, account_id, box, sizeof(box), step);
	if (!err)
		err = auth_store_recovery_replace(c, account_id, hashes, RECOVERY_CODES);
	if (!err)
		err = audit_append(c, AUDIT_SECOND_FACTOR_SET_UP, account_id, account_id, "");
	return db_end(c, err);
}

int
auth_second_factor(struct db_conn *c, const struct keys *k, int64_t account_id, const char *code,
		   int64_t now, int64_t *retry_after)
{
	char who[32];
	unsigned char key[32];
	snprintf(who, sizeof(who), "%lld", (long long)account_id);
	throttle_key(k, "second factor", who, key);
	int64_t failures, last_at;
	int err = auth_store_throttle_get(c, key, &failures, &last_at);
	if (err)
		return err;
	if ((*retry_after = throttle_wait(failures, last_at, THROTTLE_FREE_EMAIL, now)))
		return KR_ETHROTTLED;
	unsigned char box[TOTP_BOX_LEN], secret[TOTP_SECRET_BYTES];
	size_t len;
	int64_t last_step = 0, step = 0;
	if ((err = auth_store_totp_get(c, account_id, box, sizeof(box), &len, &last_step)))
		return err;
	bool ok = false, recovery = false;
	if (len == TOTP_BOX_LEN && auth_totp_open(k, account_id, box, secret) == KR_OK)
		ok = totp_verify(secret, sizeof(secret), code ? code : "", now, last_step, &step);
	sodium_memzero(secret, sizeof(secret));
	if ((err = db_begin(c)))
		return err;
	if (!ok && code && strlen(code) >= RECOVERY_CODE_CHARS) {
		unsigned char h[32];
		recovery_code_hash(k->recovery, code, h);
		err = auth_store_recovery_use(c, account_id, h, now, &recovery);
		ok = recovery;
	}
	if (!err && ok) {
		err = step ? auth_store_totp_step(c, account_id, step) : KR_OK;
		if (!err)
			err = auth_store_throttle_clear(c, key);
		if (!err)
			err =
			    audit_append(c, recovery ? AUDIT_RECOVERY_CODE_USED : AUDIT_SIGN_IN_OK,
					 account_id, account_id, recovery ? "" : "second factor");
	} else if (!err) {
		err = auth_store_throttle_set(c, key, failures + 1, now);
		if (!err)
			err =
			    audit_append(c, AUDIT_SECOND_FACTOR_FAILED, account_id, account_id, "");
	}
	if (err) {
		db_rollback(c);
		return err;
	}
	if ((err = db_commit(c)))
		return err;
	return ok ? KR_OK : KR_EFORBIDDEN;
}

/* ---- links by e-mail ---- */

const char auth_name_problem[] =
    N_("Type your name, as colleagues know you (at most 100 characters).");

static void
link_token_new(const struct keys *k, char token[LINK_TOKEN_LEN + 1], unsigned char hash[32])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, LINK_TOKEN_LEN + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	crypto_generichash(hash, 32, (const unsigned char *)token, strlen(token), k->session,
			   KEY_BYTES);
}

static bool
link_token_hash(const struct keys *k, const char *token, unsigned char hash[32])
{
	if (!token || strlen(token) != LINK_TOKEN_LEN)
		return false;
	crypto_generichash(hash, 32, (const unsigned char *)token, strlen(token), k->session,
			   KEY_BYTES);
	return true;
}

int
auth_reset_request(struct db_conn *c, const struct keys *k, const char *email, const char *base_url,
		   int64_t now)
{
	struct arena a;
	struct account acc;
	arena_init(&a);
	int err = auth_account_by_email(c, &a, email, &acc);
	if (err == KR_ENOTFOUND || (!err && acc.disabled)) {
		arena_release(&a);
		return KR_OK; /* nothing to send, and nothing to tell */
	}
	char token[LINK_TOKEN_LEN + 1];
	unsigned char hash[32];
	link_token_new(k, token, hash);
	const char *body = arena_printf(
	    &a,
	    "Hallo %s,\n\n"
	    "Iemand vroeg om een nieuw wachtwoord voor je account bij Kring. Was jij dat? Open dan "
	    "deze link en kies een nieuw wachtwoord. De link werkt 30 minuten en maar één keer:\n\n"
	    "%s/reset/%s\n\n"
	    "Vroeg je niet om een nieuw wachtwoord? Dan hoef je niets te doen. Je wachtwoord "
	    "blijft hetzelfde.\n\n"
	    "-- \n\n"
	    "Hello %s,\n\n"
	    "Someone asked for a new password for your Kring account. Was it you? Then open the "
	    "link above and choose a new password. It works for 30 minutes, and only once. If "
	    "you did not ask for it, you need not do anything.\n",
	    acc.name, base_url, token, acc.name);
	if (!err && !(err = db_begin(c))) {
		err = auth_store_token_insert(c, hash, "reset", acc.email, acc.id, 0, 0,
					      now + RESET_LIFETIME);
		if (!err)
			err = mail_enqueue(c, acc.email,
					   "Nieuw wachtwoord voor Kring / New password for Kring",
					   body);
		if (!err)
			err = audit_append(c, AUDIT_PASSWORD_RESET_REQUESTED, 0, acc.id, "");
		err = db_end(c, err);
	}
	sodium_memzero(token, sizeof(token));
	arena_release(&a);
	return err;
}

int
auth_reset_check(struct db_conn *c, const struct keys *k, const char *token, int64_t now,
		 int64_t *account_id)
{
	unsigned char hash[32];
	struct arena a;
	const char *email;
	bool found = false;
	if (!link_token_hash(k, token, hash))
		return KR_ENOTFOUND;
	arena_init(&a);
	int64_t network_id;
	int err = auth_store_token_get(c, &a, hash, "reset", now, &email, account_id, &network_id,
				       &found);
	arena_release(&a);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
auth_reset_complete(struct db_conn *c, const struct keys *k, struct arena *a, const char *token,
		    const char *password, int64_t now, const char **problem)
{
	int64_t id;
	int err = auth_reset_check(c, k, token, now, &id);
	if (err)
		return err;
	struct account acc;
	if ((err = auth_account_by_id(c, a, id, &acc)))
		return err;
	if (password_policy(password, acc.email, acc.name, problem))
		return KR_EINVAL;
	char hash_pw[PASSWORD_HASH_BYTES];
	if (password_hash(password, hash_pw))
		return KR_EINTERNAL;
	unsigned char th[32];
	bool used = false;
	link_token_hash(k, token, th);
	if (!(err = db_begin(c))) {
		err = auth_store_token_use(c, th, now, &used);
		if (!err && !used)
			err = KR_ENOTFOUND; /* used in the meantime: the link is single-use */
		if (!err)
			err = auth_store_set_password(c, id, hash_pw);
		if (!err)
			err = auth_store_sessions_delete_account(c, id);
		if (!err) {
			/* Whoever reads the owner's e-mail is the owner: the wait ends too. */
			unsigned char km[32];
			throttle_key(k, "email", acc.email, km);
			err = auth_store_throttle_clear(c, km);
		}
		if (!err)
			err = audit_append(c, AUDIT_PASSWORD_RESET_DONE, id, id, "");
		err = db_end(c, err);
	}
	sodium_memzero(hash_pw, sizeof(hash_pw));
	return err;
}

int
auth_invite(struct db_conn *c, const struct keys *k, int64_t actor_id, const char *email,
	    const char *base_url, int64_t now)
{
	return auth_invite_to_network(c, k, actor_id, email, 0, NULL, NULL, base_url, now);
}

int
auth_invite_to_network(struct db_conn *c, const struct keys *k, int64_t actor_id, const char *email,
		       int64_t network_id, const char *network_name, const char *network_slug,
		       const char *base_url, int64_t now)
{
	struct arena a;
	struct account acc;
	const char *e;
	arena_init(&a);
	int err = auth_email_normalise(&a, email, &e) ? KR_EINVAL : KR_OK;
	if (!err) {
		err = auth_account_by_email(c, &a, e, &acc);
		err = err == KR_ENOTFOUND ? KR_OK : err ? err : KR_ECONFLICT;
	}
	if (err) {
		arena_release(&a);
		return err;
	}
	char token[LINK_TOKEN_LEN + 1];
	unsigned char hash[32];
	link_token_new(k, token, hash);
	const char *body = arena_printf(
	    &a,
	    "Hallo,\n\n"
	    "Je bent uitgenodigd voor Kring, de plek van de medewerkersnetwerken van je "
	    "organisatie. Open deze link om je account te maken. De link werkt twee weken en "
	    "maar één keer:\n\n"
	    "%s/invite/%s\n\n"
	    "Een account zegt niets over jou: of je ergens lid van wordt, kies je altijd zelf.\n\n"
	    "-- \n\n"
	    "Hello,\n\n"
	    "You are invited to Kring, the place of your organisation's employee networks. Open "
	    "the link above to make your account. It works for two weeks, and only once. An "
	    "account says nothing about you: whether you join anything is always your choice.\n",
	    base_url, token);
	if (network_id)
		body = arena_printf(
		    &a,
		    "%s\n"
		    "Na het maken van je account zie je de pagina van %s (%s/n/%s). Daar "
		    "kies je zelf of en hoe je lid wordt.\n"
		    "After making your account you see the page of %s, where you decide "
		    "whether and how to join.\n",
		    body, network_name, base_url, network_slug, network_name);
	if (!(err = db_begin(c))) {
		err = auth_store_token_insert(c, hash, "invite", e, 0, network_id, actor_id,
					      now + INVITE_LIFETIME);
		if (!err)
			err = mail_enqueue(c, e, "Uitnodiging voor Kring / Invitation to Kring",
					   body);
		if (!err)
			err = audit_append(c, AUDIT_INVITATION_SENT, actor_id, 0,
					   actor_id ? "" : "open sign-up");
		err = db_end(c, err);
	}
	sodium_memzero(token, sizeof(token));
	arena_release(&a);
	return err;
}

int
auth_invite_check(struct db_conn *c, const struct keys *k, struct arena *a, const char *token,
		  int64_t now, const char **email)
{
	unsigned char hash[32];
	int64_t unused, network_unused;
	bool found = false;
	if (!link_token_hash(k, token, hash))
		return KR_ENOTFOUND;
	int err = auth_store_token_get(c, a, hash, "invite", now, email, &unused, &network_unused,
				       &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
auth_invite_accept(struct db_conn *c, const struct keys *k, struct arena *a, const char *token,
		   const char *name, const char *password, int64_t now, int64_t *account_id,
		   int64_t *network_id, const char **problem)
{
	const char *email;
	unsigned char th0[32];
	int64_t unused;
	bool found = false;
	*network_id = 0;
	if (!link_token_hash(k, token, th0))
		return KR_ENOTFOUND;
	int err =
	    auth_store_token_get(c, a, th0, "invite", now, &email, &unused, network_id, &found);
	if (!err && !found)
		err = KR_ENOTFOUND;
	if (err)
		return err;
	*problem = NULL;
	if (!name_ok(name)) {
		*problem = auth_name_problem;
		return KR_EINVAL;
	}
	if (password_policy(password, email, name, problem))
		return KR_EINVAL;
	char hash_pw[PASSWORD_HASH_BYTES];
	if (password_hash(password, hash_pw))
		return KR_EINTERNAL;
	unsigned char th[32];
	bool used = false;
	link_token_hash(k, token, th);
	if (!(err = db_begin(c))) {
		err = auth_store_token_use(c, th, now, &used);
		if (!err && !used)
			err = KR_ENOTFOUND;
		if (!err)
			err = auth_store_account_insert(c, email, name, hash_pw, account_id);
		if (!err)
			err = audit_append(c, AUDIT_INVITATION_ACCEPTED, *account_id, *account_id,
					   "");
		err = db_end(c, err);
	}
	sodium_memzero(hash_pw, sizeof(hash_pw));
	return err;
}

int
auth_sign_up(struct db_conn *c, const struct keys *k, const char *email, const char *base_url,
	     int64_t now)
{
	struct arena a;
	const char *e;
	arena_init(&a);
	if (auth_email_normalise(&a, email, &e)) {
		arena_release(&a);
		return KR_EINVAL;
	}
	bool open, domain_ok;
	int err = auth_store_signup_allowed(c, strchr(e, '@') + 1, &open, &domain_ok);
	if (!err && (!open || !domain_ok))
		err = KR_EFORBIDDEN;
	if (!err) {
		err = auth_invite(c, k, 0, e, base_url, now);
		if (err == KR_ECONFLICT)
			err = KR_OK; /* has an account: say nothing more than for anyone else */
	}
	arena_release(&a);
	return err;
}

int
auth_sign_out(struct db_conn *c, const struct keys *k, int64_t account_id, const char *token)
{
	int err = db_begin(c);
	if (err)
		return err;
	err = auth_session_end(c, k, token);
	if (!err && account_id)
		err = audit_append(c, AUDIT_SIGN_OUT, account_id, account_id, "");
	return db_end(c, err);
}

int
auth_sign_out_everywhere(struct db_conn *c, int64_t account_id)
{
	int err = db_begin(c);
	if (err)
		return err;
	err = auth_store_sessions_delete_account(c, account_id);
	if (!err)
		err = audit_append(c, AUDIT_SIGN_OUT_EVERYWHERE, account_id, account_id, "");
	return db_end(c, err);
}

int
auth_account_delete(struct db_conn *c, const struct keys *k, int64_t account_id)
{
	struct arena a;
	struct account acc;
	arena_init(&a);
	int err = auth_account_by_id(c, &a, account_id, &acc);
	if (!err)
		err = last_admin_guard(c, &acc);
	if (!err && !(err = db_begin(c))) {
		unsigned char km[32];
		throttle_key(k, "email", acc.email, km);
		err = features_erase_account(c, k, account_id);
		if (!err)
			err = auth_store_throttle_clear(c, km);
		if (!err)
			err = auth_store_account_delete(c, account_id, acc.email);
		if (!err)
			err = audit_append(c, AUDIT_ACCOUNT_DELETED, account_id, account_id, "");
		err = db_end(c, err);
	}
	/* secure_delete overwrote the freed pages; move them out of the WAL too. */
	if (!err)
		err = db_checkpoint(c);
	arena_release(&a);
	return err;
}

int
auth_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh, int64_t *count)
{
	struct arena a;
	int64_t *ids;
	size_t n;
	arena_init(&a);
	int err = auth_store_totp_accounts(c, &a, &ids, &n);
	*count = 0;
	for (size_t i = 0; !err && i < n; i++) {
		unsigned char box[TOTP_BOX_LEN], secret[TOTP_SECRET_BYTES];
		size_t len = 0;
		int64_t step = 0;
		if ((err = auth_store_totp_get(c, ids[i], box, sizeof(box), &len, &step)))
			break;
		if (len != TOTP_BOX_LEN || auth_totp_open(old, ids[i], box, secret)) {
			error(
			    "the second factor of account %lld does not open with the current key",
			    (long long)ids[i]);
			err = KR_EINTERNAL;
			break;
		}
		auth_totp_seal(fresh, ids[i], secret, box);
		sodium_memzero(secret, sizeof(secret));
		if (!(err = auth_store_totp_set(c, ids[i], box, sizeof(box), step)))
			(*count)++;
	}
	arena_release(&a);
	return err;
}
