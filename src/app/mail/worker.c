// SPDX-License-Identifier: AGPL-3.0-or-later
/* worker.c: the thread that delivers the outbox over SMTP with libcurl (see mail.h for the
 * delivery guarantees). It logs outbox ids and errors, never addresses, subjects or bodies. */
#include "app/mail/mail.h"
#include "base/log.h"
#include "base/str.h"
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>

#define CONNECT_TIMEOUT_S 10
#define TOTAL_TIMEOUT_S	  30
#define MARK_SENT_TRIES	  3

struct mail_worker {
	struct db *db;
	struct mail_config cfg; /* points into the copies below */
	char *url, *from, *username, *password, *install_id;
	unsigned char msgid_key[32];
	int poll_ms;
	int retry_base_s;
	int64_t pause_until; /* the relay was down: no attempt before this (worker thread only) */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	atomic_bool stopping;
};

enum outcome {
	SENT,
	REJECTED,   /* the relay refused this message for good: never tried again */
	FAILED,	    /* this message failed; others may go */
	RELAY_DOWN, /* the relay cannot be reached or refuses us: the rest of the batch waits */
	ABORTED,    /* mail_worker_stop() during the transfer */
};

struct upload {
	const char *p;
	size_t len, off;
};

static size_t
upload_read(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload *up = arg;
	size_t n = size * nitems, left = up->len - up->off;
	if (n > left)
		n = left;
	memcpy(buf, up->p + up->off, n);
	up->off += n;
	return n;
}

/* libcurl calls this at least once a second during a transfer: non-zero aborts it. */
static int
upload_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		curl_off_t ulnow)
{
	struct mail_worker *w = arg;
	return atomic_load(&w->stopping) ? 1 : 0;
}

/* libcurl shows every command it sends (CURLOPT_DEBUGFUNCTION): this notes which stage of
 * the conversation the relay's next reply answers. Only the command's first word is looked at,
 * and nothing is kept or logged (RCPT TO holds the address). */
static int
note_stage(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	enum mail_stage *stage = arg;
	struct str cmd = { data, size };
	if (type == CURLINFO_DATA_OUT ||
	    (type == CURLINFO_HEADER_OUT && str_starts_with(cmd, "DATA")))
		*stage = MAIL_STAGE_MESSAGE;
	else if (type != CURLINFO_HEADER_OUT)
		return 0;
	else if (str_starts_with(cmd, "MAIL FROM:"))
		*stage = MAIL_STAGE_SENDER;
	else if (str_starts_with(cmd, "RCPT TO:"))
		*stage = MAIL_STAGE_RECIPIENT;
	return 0;
}

static bool
relay_down(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_USE_SSL_FAILED:
	case CURLE_LOGIN_DENIED:
	case CURLE_GOT_NOTHING:
		return true;
	default:
		return false;
	}
}

/* Sends one claimed row. err gets a short reason without personal data: curl's generic text
 * for the error code and the relay's reply code, never the reply text. */
static enum outcome
send_one(struct mail_worker *w, struct arena *a, const struct mail_row *r, char *err,
	 size_t errsize)
{
	char *msg = mail_format_calendar(a, &w->cfg, r->id, r->to, r->subject, r->body, r->calendar,
					 time_now());
	if (!msg) {
		snprintf(err, errsize, "the message breaks the rules for e-mail");
		return FAILED;
	}
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(err, errsize, "libcurl could not be initialised");
		return RELAY_DOWN;
	}
	struct upload up = { msg, strlen(msg), 0 };
	struct curl_slist *rcpt = curl_slist_append(NULL, arena_printf(a, "<%s>", r->to));
	curl_easy_setopt(h, CURLOPT_URL, w->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, arena_printf(a, "<%s>", w->from));
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)up.len);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)TOTAL_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, upload_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, w);
	enum mail_stage stage = MAIL_STAGE_SESSION;
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, note_stage);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, &stage);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L); /* to the function above, not to stderr */
	if (w->username) {
		curl_easy_setopt(h, CURLOPT_USERNAME, w->username);
		curl_easy_setopt(h, CURLOPT_PASSWORD, w->password ? w->password : "");
		/* Never send the password in the clear: smtp:// then needs STARTTLS. */
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	}
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	if (rc == CURLE_OK)
		return SENT;
	if (rc == CURLE_ABORTED_BY_CALLBACK && atomic_load(&w->stopping)) {
		snprintf(err, errsize, "stopped");
		return ABORTED;
	}
	if (code > 0)
		snprintf(err, errsize, "%s (SMTP %ld)", curl_easy_strerror(rc), code);
	else
		snprintf(err, errsize, "%s", curl_easy_strerror(rc));
	if (mail_rejected_for_good(stage, code))
		return REJECTED;
	return relay_down(rc) ? RELAY_DOWN : FAILED;
}

static void
record(struct mail_worker *w, struct db_conn *c, const struct mail_row *r, enum outcome o,
       const char *err)
{
	int64_t now = time_now();
	if (o == SENT) {
		int rc = KR_EDB;
		for (int i = 0; i < MARK_SENT_TRIES && rc; i++)
			rc = mail_store_mark_sent(c, r->id, now);
		if (rc)
			error("mail: outbox %lld was sent but could not be marked sent; it will be "
			      "sent again (with the same Message-ID) after %d s",
			      (long long)r->id, MAIL_CLAIM_SECONDS);
		else
			log_info("mail: outbox %lld sent", (long long)r->id);
		return;
	}
	if (o == REJECTED) {
		if (mail_store_mark_undeliverable(c, r->id, err, now))
			error("mail: outbox %lld was refused for good (%s) and that could not be "
			      "recorded; it will be tried again",
			      (long long)r->id, err);
		else
			log_warn(
			    "mail: outbox %lld is undeliverable: the relay refused it for good "
			    "(%s); it is not tried again",
			    (long long)r->id, err);
		return;
	}
	if (o == ABORTED) {
		if (mail_store_release(c, r->id, now))
			error("mail: outbox %lld could not be released", (long long)r->id);
		return;
	}
	int64_t wait = mail_backoff(r->attempts + 1, w->retry_base_s);
	if (mail_store_mark_failed(c, r->id, err, now + wait))
		error("mail: outbox %lld failed (%s) and the failure could not be recorded",
		      (long long)r->id, err);
	else
		log_warn("mail: outbox %lld not sent (attempt %d): %s; next attempt in %lld s",
			 (long long)r->id, r->attempts + 1, err, (long long)wait);
	if (o == RELAY_DOWN)
		w->pause_until = now + wait;
}

static void
run_batch(struct mail_worker *w, struct db_conn *c)
{
	int64_t now = time_now();
	if (now < w->pause_until)
		return;
	struct arena a;
	arena_init(&a);
	struct mail_row *rows;
	size_t n;
	if (mail_store_due(c, &a, now, MAIL_BATCH, &rows, &n)) {
		error("mail: the outbox could not be read");
		n = 0;
	}
	for (size_t i = 0; i < n && !atomic_load(&w->stopping); i++) {
		const struct mail_row *r = &rows[i];
		bool claimed = false;
		if (mail_store_claim(c, r->id, r->next_attempt_at, time_now() + MAIL_CLAIM_SECONDS,
				     &claimed)) {
			error("mail: outbox %lld could not be claimed", (long long)r->id);
			break;
		}
		if (!claimed)
			continue; /* another worker has it, or it changed since we read it */
		char err[MAIL_ERROR_MAX + 1] = "";
		enum outcome o = send_one(w, &a, r, err, sizeof(err));
		record(w, c, r, o, err);
		if (o == RELAY_DOWN || o == ABORTED)
			break;
	}
	arena_release(&a);
}

/* Sleeps ms, or less when mail_worker_stop() signals. */
static void
pause_ms(struct mail_worker *w, int ms)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->lock);
	while (!atomic_load(&w->stopping))
		if (pthread_cond_timedwait(&w->wake, &w->lock, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&w->lock);
}

static void *
worker_main(void *arg)
{
	struct mail_worker *w = arg;
	while (!atomic_load(&w->stopping)) {
		struct db_conn *c = db_conn(w->db); /* this thread's own; NULL is logged */
		if (c)
			run_batch(w, c);
		pause_ms(w, w->poll_ms);
	}
	return NULL;
}

static bool
url_ok(const char *u)
{
	if (strncmp(u, "smtp://", 7) != 0 && strncmp(u, "smtps://", 8) != 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			return false;
	return strlen(u) > 8 && strlen(u) < 1024;
}

static int
retry_base(const struct mail_config *cfg, int *out)
{
	*out = MAIL_RETRY_BASE_DEFAULT;
	if (cfg->retry_base_s > 0) {
		*out = cfg->retry_base_s;
		return KR_OK;
	}
	const char *env = getenv("KRING_MAIL_RETRY_BASE");
	if (!env || !env[0])
		return KR_OK;
	long v;
	if (str_to_long(str_from(env), 1, MAIL_RETRY_CAP, &v))
		return error("mail: KRING_MAIL_RETRY_BASE wants seconds from 1 to %d",
			     MAIL_RETRY_CAP),
		       KR_EINVAL;
	*out = (int)v;
	return KR_OK;
}

static void
worker_free(struct mail_worker *w)
{
	free(w->url);
	free(w->from);
	free(w->username);
	if (w->password)
		sodium_memzero(w->password, strlen(w->password));
	free(w->password);
	free(w->install_id);
	sodium_memzero(w->msgid_key, sizeof(w->msgid_key));
	free(w);
}

int
mail_worker_start(struct mail_worker **out, struct db *db, const struct mail_config *cfg)
{
	*out = NULL;
	if (!cfg->smtp_url || !cfg->smtp_url[0]) {
		log_info("mail: no SMTP relay configured (--smtp or KRING_SMTP_URL): e-mail waits "
			 "in the outbox and is not sent");
		return KR_OK;
	}
	if (!url_ok(cfg->smtp_url))
		return error("mail: the SMTP relay must be an smtp:// or smtps:// URL"), KR_EINVAL;
	if (!mail_address_ok(cfg->from))
		return error("mail: a plain sender address is needed (--mail-from or "
			     "KRING_MAIL_FROM)"),
		       KR_EINVAL;
	int base;
	if (retry_base(cfg, &base))
		return KR_EINVAL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return error("mail: libcurl could not be initialised"), KR_EINTERNAL;

	struct mail_worker *w = xcalloc(1, sizeof(*w));
	w->db = db;
	w->url = xstrdup(cfg->smtp_url);
	w->from = xstrdup(cfg->from);
	w->username = cfg->username && cfg->username[0] ? xstrdup(cfg->username) : NULL;
	w->password = cfg->password ? xstrdup(cfg->password) : NULL;
	w->poll_ms = cfg->poll_ms > 0 ? cfg->poll_ms : 1000;
	w->retry_base_s = base;
	if (cfg->install_id) {
		w->install_id = xstrdup(cfg->install_id);
	} else {
		struct arena a;
		arena_init(&a);
		const char *id = "";
		struct db_conn *c = db_conn(db);
		if (!c || mail_store_install_id(c, &a, &id))
			error("mail: the installation's id could not be read; Message-IDs still "
			      "differ per outbox row");
		w->install_id = xstrdup(id);
		arena_release(&a);
	}
	w->cfg = (struct mail_config){ .smtp_url = w->url,
				       .from = w->from,
				       .username = w->username,
				       .password = w->password,
				       .poll_ms = w->poll_ms,
				       .retry_base_s = base,
				       .install_id = w->install_id };
	if (cfg->msgid_key) {
		memcpy(w->msgid_key, cfg->msgid_key, sizeof(w->msgid_key));
		w->cfg.msgid_key = w->msgid_key;
	}
	atomic_init(&w->stopping, false);
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->wake, &ca);
	pthread_condattr_destroy(&ca);
	int rc = pthread_create(&w->thread, NULL, worker_main, w);
	if (rc) {
		error("mail: the worker thread could not be started: %s", strerror(rc));
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->lock);
		worker_free(w);
		curl_global_cleanup();
		return KR_EINTERNAL;
	}
	log_info("mail: delivering the outbox through the SMTP relay (first retry after %d s)",
		 base);
	*out = w;
	return KR_OK;
}

void
mail_worker_stop(struct mail_worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	atomic_store(&w->stopping, true);
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	worker_free(w);
	curl_global_cleanup();
}
