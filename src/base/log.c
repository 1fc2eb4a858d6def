// SPDX-License-Identifier: AGPL-3.0-or-later
/* log.c: timestamped lines on standard error. One write() per line, or per buffer of whole
 * lines, keeps lines whole across threads. */
#include "base/log.h"
#include <pthread.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>

static enum log_level min_level = LOG_INFO;

enum log_level
log_set_level(enum log_level level)
{
	enum log_level old = min_level;
	min_level = level;
	return old;
}

void
time_utc_iso(char *buf, size_t size)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	time_utc_iso_at((int64_t)ts.tv_sec, buf, size);
}

void
time_utc_iso_at(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		memset(&tm, 0, sizeof(tm));
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int64_t
time_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
time_now(void)
{
	return (int64_t)time(NULL);
}

int64_t
time_hour(int64_t t)
{
	return t - (t % 3600 + 3600) % 3600;
}

static const char *const level_names[] = { "debug", "info", "warn", "error" };

/* Formats one line with its timestamp and level into line (LOG_LINE_MAX bytes), newline
 * included, cut to fit; returns its length. */
#define LOG_LINE_MAX 2048
static size_t
format_line(char *line, const char *ts, enum log_level level, const char *fmt, va_list ap)
{
	int n = snprintf(line, LOG_LINE_MAX, "%s %s ", ts, level_names[level]);
	int m = vsnprintf(line + n, LOG_LINE_MAX - (size_t)n - 1, fmt, ap);
	size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
	if (len > LOG_LINE_MAX - 2)
		len = LOG_LINE_MAX - 2;
	line[len++] = '\n';
	return len;
}

static void
write_all(const char *p, size_t len)
{
	while (len) {
		ssize_t w = write(STDERR_FILENO, p, len);
		if (w <= 0)
			return; /* nowhere to report it: the log is what failed */
		p += w;
		len -= (size_t)w;
	}
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	if (level < min_level)
		return;
	char line[LOG_LINE_MAX];
	char ts[32];
	time_utc_iso(ts, sizeof(ts));
	va_list ap;
	va_start(ap, fmt);
	size_t len = format_line(line, ts, level, fmt, ap);
	va_end(ap);
	write_all(line, len);
}

/* ---- buffered lines ---- */

/* One thread's buffer. Its owner appends under `lock`; the flusher takes `lock` too, and finds
 * the buffers through the list under bufs_lock (always bufs_lock first, then a buffer's lock). */
struct log_buf {
	struct log_buf *next;
	pthread_mutex_t lock;
	size_t len;
	int64_t since_ms; /* when the oldest line waiting was added */
	time_t ts_sec;	  /* the second ts was made for */
	char ts[32];
	char data[LOG_BUFFER_BYTES];
};

static pthread_mutex_t bufs_lock = PTHREAD_MUTEX_INITIALIZER;
static struct log_buf *bufs;
static pthread_key_t buf_key;
static pthread_once_t buf_once = PTHREAD_ONCE_INIT;

/* Called with b->lock held. */
static void
buf_write(struct log_buf *b)
{
	write_all(b->data, b->len);
	b->len = 0;
}

/* At thread exit: the thread's lines go out, its buffer is unlisted and freed. */
static void
buf_release(void *p)
{
	struct log_buf *b = p;
	pthread_mutex_lock(&bufs_lock);
	for (struct log_buf **link = &bufs; *link; link = &(*link)->next) {
		if (*link == b) {
			*link = b->next;
			break;
		}
	}
	pthread_mutex_unlock(&bufs_lock);
	pthread_mutex_lock(&b->lock);
	buf_write(b);
	pthread_mutex_unlock(&b->lock);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

static void
buf_init_once(void)
{
	if (pthread_key_create(&buf_key, buf_release) != 0)
		BUG("log: cannot make the thread key for the log buffers");
	atexit(log_flush_all);
}

static struct log_buf *
buf_of_thread(void)
{
	pthread_once(&buf_once, buf_init_once);
	struct log_buf *b = pthread_getspecific(buf_key);
	if (b)
		return b;
	b = xcalloc(1, sizeof(*b));
	pthread_mutex_init(&b->lock, NULL);
	b->ts_sec = -1;
	pthread_mutex_lock(&bufs_lock);
	b->next = bufs;
	bufs = b;
	pthread_mutex_unlock(&bufs_lock);
	if (pthread_setspecific(buf_key, b) != 0)
		BUG("log: cannot keep this thread's log buffer");
	return b;
}

void
log_buffered(const char *fmt, ...)
{
	if (LOG_INFO < min_level)
		return;
	struct log_buf *b = buf_of_thread();
	/* The timestamp changes once a second: made again only then. */
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	if (now.tv_sec != b->ts_sec) {
		struct tm tm;
		gmtime_r(&now.tv_sec, &tm);
		strftime(b->ts, sizeof(b->ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		b->ts_sec = now.tv_sec;
	}
	char line[LOG_LINE_MAX];
	va_list ap;
	va_start(ap, fmt);
	size_t len = format_line(line, b->ts, LOG_INFO, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&b->lock);
	if (b->len + len > sizeof(b->data))
		buf_write(b);
	if (b->len == 0)
		b->since_ms = time_mono_ms();
	memcpy(b->data + b->len, line, len);
	b->len += len;
	pthread_mutex_unlock(&b->lock);
}

static void
flush_where(int64_t max_age_ms, bool all)
{
	int64_t now = time_mono_ms();
	pthread_mutex_lock(&bufs_lock);
	for (struct log_buf *b = bufs; b; b = b->next) {
		pthread_mutex_lock(&b->lock);
		if (b->len && (all || now - b->since_ms >= max_age_ms))
			buf_write(b);
		pthread_mutex_unlock(&b->lock);
	}
	pthread_mutex_unlock(&bufs_lock);
}

void
log_flush_older_than(int64_t max_age_ms)
{
	flush_where(max_age_ms, false);
}

void
log_flush_all(void)
{
	flush_where(0, true);
}
