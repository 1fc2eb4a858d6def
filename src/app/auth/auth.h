/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* auth.h: accounts, roles, sessions and signing in (the service; SQL is in store.c, pages in
 * pages.c). Secrets never reach the database in the clear: session tokens, reset and
 * invitation links and recovery codes are stored as keyed BLAKE2b hashes, passwords as
 * argon2id strings (password.h), TOTP secrets encrypted with the data key. */
#ifndef KRING_AUTH_H
#define KRING_AUTH_H

#include "base/arena.h"
#include "base/keys.h"
#include "db/db.h"

/* Role bits, as route->roles and request->roles use them. A person has the union of their
 * roles over the organisation and every network. */
enum role {
	ROLE_EMPLOYEE = 1 << 0,	  /* every signed-in person */
	ROLE_ADMIN = 1 << 1,	  /* runs the installation */
	ROLE_CONTACT = 1 << 2,	  /* contact point (HR / D&I), of the organisation or a network */
	ROLE_AMBASSADOR = 1 << 3, /* ambassador of a network */
	ROLE_CORE = 1 << 4,	  /* a core-team position in a network */
};

/* Roles that must sign in with a second factor and get the short session limits. */
#define ROLES_PRIVILEGED (ROLE_ADMIN | ROLE_CORE)

enum network_role_kind {
	NROLE_NONE = 0,
	NROLE_CONTACT,
	NROLE_AMBASSADOR,
	NROLE_CHAIR,
	NROLE_VICE_CHAIR,
	NROLE_TREASURER,
	NROLE_SECRETARY,
	NROLE_CORE,
};
/* "contact", "chair", ... and back; NROLE_NONE for an unknown name. */
const char *network_role_name(enum network_role_kind k);
enum network_role_kind network_role_parse(const char *name);
bool network_role_is_core(enum network_role_kind k);

struct account {
	int64_t id;
	const char *email;
	const char *name;
	const char *password_hash; /* NULL: signs in through the SSO proxy only */
	bool is_admin, is_contact, disabled, locked;
	bool has_totp;
	int64_t failures;
	const char *prefs; /* display preferences, as in the cookie */
};

/* Limits of a session, in seconds: privileged roles get the short ones. */
struct session_limits {
	int64_t idle_privileged, absolute_privileged;
	int64_t idle_member, absolute_member;
};
/* What a session's last use is rounded down to when it is stored (seconds). */
#define SESSION_SEEN_STEP 300
#define SESSION_LIMITS_DEFAULT                                                                     \
	{                                                                                          \
		30 * 60, 12 * 3600, 8 * 3600, 14 * 24 * 3600                                       \
	}

/* ---- accounts ---- */

/* Lower-cases and checks an e-mail address (one '@', no spaces or control bytes, 3–254 bytes):
 * KR_EINVAL when it is not one. The result is in the arena. */
int auth_email_normalise(struct arena *a, const char *in, const char **out) MUST_CHECK;
/* Creates an account; password may be NULL (SSO, or set later by invitation/reset).
 * KR_ECONFLICT when the address has an account; KR_EINVAL for a bad address, name or a
 * password the policy refuses. */
/* actor_id (in this and the calls below that change something): who does it, for the audit
 * log; 0 for the command line. */
int auth_account_create(struct db_conn *c, int64_t actor_id, struct arena *a, const char *email,
			const char *name, const char *password, int64_t *id) MUST_CHECK;
int auth_account_by_email(struct db_conn *c, struct arena *a, const char *email,
			  struct account *out) MUST_CHECK; /* KR_ENOTFOUND */
int auth_account_by_id(struct db_conn *c, struct arena *a, int64_t id,
		       struct account *out) MUST_CHECK; /* KR_ENOTFOUND */
int auth_accounts(struct db_conn *c, struct arena *a, struct account **out, size_t *n) MUST_CHECK;
/* The role bits of an account over the organisation and all networks. */
int auth_roles_of(struct db_conn *c, int64_t account_id, unsigned *roles) MUST_CHECK;
/* Disables (or enables) an account and ends its sessions. */
int auth_account_set_disabled(struct db_conn *c, int64_t actor_id, int64_t id,
			      bool disabled) MUST_CHECK;
/* Makes an account administrator or not. KR_ECONFLICT when it would leave no active
 * administrator. Ends the account's sessions (a new token at every change of role). */
int auth_set_admin(struct db_conn *c, int64_t actor_id, int64_t id, bool admin) MUST_CHECK;
int auth_set_contact(struct db_conn *c, int64_t actor_id, int64_t id, bool contact) MUST_CHECK;
/* Sets (NROLE_NONE: removes) a person's role in a network; ends their sessions. */
int auth_set_network_role(struct db_conn *c, int64_t actor_id, int64_t network_id,
			  int64_t account_id, enum network_role_kind k) MUST_CHECK;
/* The same inside the caller's write transaction (db_begin()), for a feature that records
 * more in the same transaction (src/app/coreteam: terms). */
int auth_set_network_role_in(struct db_conn *c, int64_t actor_id, int64_t network_id,
			     int64_t account_id, enum network_role_kind k) MUST_CHECK;
/* Sets a new password (checked against the policy); ends every session of the account. */
int auth_set_password(struct db_conn *c, int64_t actor_id, struct arena *a, int64_t id,
		      const char *password, const char **problem) MUST_CHECK;
int auth_save_prefs(struct db_conn *c, int64_t id, const char *prefs) MUST_CHECK;

/* ---- signing in ---- */

struct sign_in_result {
	int64_t account_id;	  /* when the password was right */
	bool needs_second_factor; /* has TOTP: ask for a code before the session counts */
	bool must_set_up_totp;	  /* privileged without TOTP: set it up first */
	int64_t retry_after;	  /* when throttled: seconds to wait */
};

/* Checks e-mail and password with the throttles (per address and per client), the lock after
 * 100 failures in a row, and about the same time for an unknown address as for a wrong
 * password. KR_OK with res->account_id; KR_EFORBIDDEN for any wrong combination (the same for
 * unknown, wrong, disabled or locked); KR_ETHROTTLED with res->retry_after. Audited. */
int auth_sign_in(struct db_conn *c, struct arena *a, const struct keys *k, const char *email,
		 const char *password, const char *client_ip, int64_t now,
		 struct sign_in_result *res) MUST_CHECK;

/* Single sign-on: the organisation's sign-in proxy vouches for the e-mail address (a header
 * the server believes only from the configured proxy addresses). KR_OK with res->account_id
 * for an active account with that address (the second factor rules as for a password);
 * KR_EFORBIDDEN when there is none, or it is disabled. Audited. */
int auth_sso_sign_in(struct db_conn *c, struct arena *a, const char *email,
		     struct sign_in_result *res) MUST_CHECK;

/* ---- sessions ---- */

#define SESSION_TOKEN_LEN 43 /* 32 random bytes, base64url without padding */

struct session {
	int64_t account_id;
	unsigned roles;
	const char *name;
	const char *prefs;
	bool second_factor; /* false: only the second-factor pages may be used */
	bool privileged;
};

/* Creates a session and writes its token (for the cookie) into token. */
int auth_session_create(struct db_conn *c, const struct keys *k, int64_t account_id,
			bool second_factor, int64_t now,
			char token[SESSION_TOKEN_LEN + 1]) MUST_CHECK;
/* Finds the session of a cookie token and checks its limits (ending it when they are passed);
 * KR_ENOTFOUND when there is none (or it ended). Touches last_seen at most once a minute. */
int auth_session_get(struct db_conn *c, struct arena *a, const struct keys *k,
		     const struct session_limits *lim, const char *token, int64_t now,
		     struct session *out) MUST_CHECK;
int auth_session_mark_second_factor(struct db_conn *c, const struct keys *k,
				    const char *token) MUST_CHECK;
int auth_session_end(struct db_conn *c, const struct keys *k, const char *token) MUST_CHECK;
int auth_sessions_end_all(struct db_conn *c, int64_t account_id) MUST_CHECK;
/* Signing out (this session, or every session of the account), audited. */
int auth_sign_out(struct db_conn *c, const struct keys *k, int64_t account_id,
		  const char *token) MUST_CHECK;
int auth_sign_out_everywhere(struct db_conn *c, int64_t account_id) MUST_CHECK;

/* ---- the second factor (TOTP) ---- */

#define TOTP_BOX_LEN   60 /* nonce 24 + secret 20 + tag 16 */
#define RECOVERY_CODES 10

/* Seals a new secret for the set-up form (so the secret can travel in a hidden field without
 * being changed or read by anyone else) and opens it again. The seal is bound to the account. */
void auth_totp_seal(const struct keys *k, int64_t account_id, const unsigned char *secret,
		    unsigned char box[TOTP_BOX_LEN]);
int auth_totp_open(const struct keys *k, int64_t account_id, const unsigned char *box,
		   unsigned char *secret) MUST_CHECK;
/* Checks the code against the new secret; when right, stores the secret (encrypted with the
 * data key), replaces the recovery codes with new ones (written, shown once, into codes) and
 * audits. KR_EINVAL for a wrong code. */
int auth_totp_enable(struct db_conn *c, const struct keys *k, int64_t account_id,
		     const unsigned char *secret, const char *code, int64_t now,
		     char codes[RECOVERY_CODES][16]) MUST_CHECK;
/* Checks a code from the app, or a recovery code (each works once), for the second step of
 * signing in; throttled like passwords. KR_OK, KR_EFORBIDDEN or KR_ETHROTTLED (retry_after). */
int auth_second_factor(struct db_conn *c, const struct keys *k, int64_t account_id,
		       const char *code, int64_t now, int64_t *retry_after) MUST_CHECK;

/* ---- step-up: the password or a current code again, for a change that asks for it ---- */

#define STEP_UP_LIFETIME (5 * 60) /* a step-up holds for 5 minutes, in its session only */

/* Checks proof, given in the session of token by its account: a current code from the app
 * when the account has two-step sign-in and proof is 6 digits (spaces allowed; a password is
 * never that short), otherwise the password. Counted, locked and audited as a sign-in is (the
 * same throttles: per address and client for a password, per account for a code; never a
 * recovery code). When right, stores now as the session's step-up time (server-side, with the
 * session). KR_OK; KR_EFORBIDDEN when wrong; KR_ETHROTTLED with *retry_after. */
int auth_step_up_check(struct db_conn *c, struct arena *a, const struct keys *k, const char *token,
		       int64_t account_id, const char *proof, const char *client_ip, int64_t now,
		       int64_t *retry_after) MUST_CHECK;
/* *fresh: the session of token stepped up less than STEP_UP_LIFETIME seconds before now. */
int auth_step_up_fresh(struct db_conn *c, const struct keys *k, const char *token, int64_t now,
		       bool *fresh) MUST_CHECK;

/* ---- links by e-mail: password resets, invitations, sign-up ---- */

#define RESET_LIFETIME	(30 * 60)	 /* a reset link works for 30 minutes */
#define INVITE_LIFETIME (14 * 24 * 3600) /* an invitation for two weeks */
#define LINK_TOKEN_LEN	43		 /* 32 random bytes, base64url */

/* When an active account has this address, makes a single-use reset link (stored only as a
 * keyed hash) and puts the e-mail with it in the outbox, in one transaction, and audits.
 * Returns KR_OK whether or not there is such an account: the page says the same either way. */
int auth_reset_request(struct db_conn *c, const struct keys *k, const char *email,
		       const char *base_url, int64_t now) MUST_CHECK;
/* KR_OK with the account when the link is valid (known, not used, not expired), else
 * KR_ENOTFOUND. */
int auth_reset_check(struct db_conn *c, const struct keys *k, const char *token, int64_t now,
		     int64_t *account_id) MUST_CHECK;
/* Sets the new password, uses up the link, ends every session, unlocks, audits. KR_EINVAL
 * with *problem when the policy refuses the password; KR_ENOTFOUND for a bad link. */
int auth_reset_complete(struct db_conn *c, const struct keys *k, struct arena *a, const char *token,
			const char *password, int64_t now, const char **problem) MUST_CHECK;

/* Invites someone by e-mail (an administrator or contact point does, or the person themself
 * through open sign-up): KR_ECONFLICT when the address has an account; KR_EINVAL for a bad
 * address. */
int auth_invite(struct db_conn *c, const struct keys *k, int64_t actor_id, const char *email,
		const char *base_url, int64_t now) MUST_CHECK;
/* The same, with an invitation to join a network (network_id, its name and address): after
 * making the account the person lands on the network's join page, where they choose whether
 * and how to join. Nobody becomes a member without saying yes. */
int auth_invite_to_network(struct db_conn *c, const struct keys *k, int64_t actor_id,
			   const char *email, int64_t network_id, const char *network_name,
			   const char *network_slug, const char *base_url, int64_t now) MUST_CHECK;
/* KR_OK with the invited address (in the arena) while the invitation can be used. */
int auth_invite_check(struct db_conn *c, const struct keys *k, struct arena *a, const char *token,
		      int64_t now, const char **email) MUST_CHECK;
/* The problem auth_invite_accept() names for a refused name (compare the pointer). */
extern const char auth_name_problem[];
/* Creates the account of an invitation and uses it up. KR_ENOTFOUND for a used or expired
 * one; KR_EINVAL with *problem for a refused name or password. */
int auth_invite_accept(struct db_conn *c, const struct keys *k, struct arena *a, const char *token,
		       const char *name, const char *password, int64_t now, int64_t *account_id,
		       int64_t *network_id, const char **problem) MUST_CHECK;
/* Open sign-up: when the organisation allows it and the address is in one of its domains
 * (and has no account), sends an invitation to that address. KR_OK in every other case too,
 * except KR_EINVAL for something that is not an e-mail address and KR_EFORBIDDEN when the
 * domain is not the organisation's (that is no secret: the domains are on the page). */
int auth_sign_up(struct db_conn *c, const struct keys *k, const char *email, const char *base_url,
		 int64_t now) MUST_CHECK;

/* Deletes an account and everything Kring holds about the person: what each feature holds (its
 * erase hook, src/app/feature.h: memberships and the rest), roles, sessions, links, recovery
 * codes, mail to their address, and the account itself, in one transaction; the audit log keeps
 * only the bare account number of what happened. KR_ECONFLICT for the last administrator. The
 * database is checkpointed afterwards so that (with secure_delete on) the old contents do not
 * linger in the WAL. */
int auth_account_delete(struct db_conn *c, const struct keys *k, int64_t account_id) MUST_CHECK;

/* Encrypts every TOTP secret again under `fresh` (a key rotation; inside the caller's
 * transaction). */
int auth_rekey(struct db_conn *c, const struct keys *old, const struct keys *fresh,
	       int64_t *count) MUST_CHECK;

/* ---- store.c ---- */

int auth_store_account_insert(struct db_conn *c, const char *email, const char *name,
			      const char *hash, int64_t *id) MUST_CHECK;
int auth_store_account_get(struct db_conn *c, struct arena *a, const char *email, int64_t id,
			   struct account *out, bool *found) MUST_CHECK;
int auth_store_accounts(struct db_conn *c, struct arena *a, struct account **out,
			size_t *n) MUST_CHECK;
int auth_store_network_roles(struct db_conn *c, int64_t account_id, unsigned *roles) MUST_CHECK;
int auth_store_active_admins(struct db_conn *c, int64_t *n) MUST_CHECK;
int auth_store_set_flag(struct db_conn *c, int64_t id, const char *flag, bool v) MUST_CHECK;
int auth_store_set_network_role(struct db_conn *c, int64_t network_id, int64_t account_id,
				const char *role) MUST_CHECK;
int auth_store_set_password(struct db_conn *c, int64_t id, const char *hash) MUST_CHECK;
int auth_store_set_prefs(struct db_conn *c, int64_t id, const char *prefs) MUST_CHECK;
int auth_store_failures(struct db_conn *c, int64_t id, int64_t failures, bool locked) MUST_CHECK;
int auth_store_throttle_get(struct db_conn *c, const unsigned char key[32], int64_t *failures,
			    int64_t *last_at) MUST_CHECK;
int auth_store_throttle_set(struct db_conn *c, const unsigned char key[32], int64_t failures,
			    int64_t now) MUST_CHECK;
int auth_store_throttle_clear(struct db_conn *c, const unsigned char key[32]) MUST_CHECK;
int auth_store_session_insert(struct db_conn *c, const unsigned char hash[32], int64_t account_id,
			      bool second_factor, int64_t now) MUST_CHECK;
int auth_store_session_get(struct db_conn *c, struct arena *a, const unsigned char hash[32],
			   int64_t *account_id, int64_t *created, int64_t *last_seen,
			   bool *second_factor, bool *found) MUST_CHECK;
int auth_store_session_touch(struct db_conn *c, const unsigned char hash[32],
			     int64_t now) MUST_CHECK;
int auth_store_session_second_factor(struct db_conn *c, const unsigned char hash[32]) MUST_CHECK;
int auth_store_session_step_up_set(struct db_conn *c, const unsigned char hash[32],
				   int64_t now) MUST_CHECK;
/* *at: the session's step-up time, 0 when none (or no such session). */
int auth_store_session_step_up_get(struct db_conn *c, const unsigned char hash[32],
				   int64_t *at) MUST_CHECK;
int auth_store_session_delete(struct db_conn *c, const unsigned char hash[32]) MUST_CHECK;
int auth_store_sessions_delete_account(struct db_conn *c, int64_t account_id) MUST_CHECK;
int auth_store_totp_set(struct db_conn *c, int64_t id, const unsigned char *box, size_t len,
			int64_t step) MUST_CHECK;
int auth_store_totp_get(struct db_conn *c, int64_t id, unsigned char *box, size_t cap, size_t *len,
			int64_t *last_step) MUST_CHECK;
int auth_store_totp_step(struct db_conn *c, int64_t id, int64_t step) MUST_CHECK;
int auth_store_token_insert(struct db_conn *c, const unsigned char hash[32], const char *kind,
			    const char *email, int64_t account_id, int64_t network_id,
			    int64_t created_by, int64_t expires_at) MUST_CHECK;
/* The token's row when it is of this kind, unused and not expired. */
int auth_store_token_get(struct db_conn *c, struct arena *a, const unsigned char hash[32],
			 const char *kind, int64_t now, const char **email, int64_t *account_id,
			 int64_t *network_id, bool *found) MUST_CHECK;
/* Uses the token up; *ok false when it was used in the meantime. */
int auth_store_token_use(struct db_conn *c, const unsigned char hash[32], int64_t now,
			 bool *ok) MUST_CHECK;
int auth_store_signup_allowed(struct db_conn *c, const char *domain, bool *open,
			      bool *domain_ok) MUST_CHECK;
int auth_store_totp_accounts(struct db_conn *c, struct arena *a, int64_t **ids,
			     size_t *n) MUST_CHECK;
int auth_store_account_delete(struct db_conn *c, int64_t id, const char *email) MUST_CHECK;
int auth_store_recovery_replace(struct db_conn *c, int64_t id, unsigned char hashes[][32],
				size_t n) MUST_CHECK;
/* Marks the code used; *used false when there was no unused code with that hash. */
int auth_store_recovery_use(struct db_conn *c, int64_t id, const unsigned char hash[32],
			    int64_t now, bool *used) MUST_CHECK;

#endif
