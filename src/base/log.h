/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* log.h: one line per event on standard error, with a UTC timestamp and a level. Never log
 * personal data, secrets, query strings or request bodies. Thread-safe. */
#ifndef KRING_LOG_H
#define KRING_LOG_H

#include "base/kring.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Sets the lowest level written; returns the one before. */
enum log_level log_set_level(enum log_level level);
void log_msg(enum log_level level, const char *fmt, ...) PRINTF(2, 3);
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

/* An info line that may wait in this thread's buffer instead of being written at once: for the
 * access log, one line per request. The buffer is written when the next line would not fit
 * (LOG_BUFFER_BYTES), by log_flush_older_than() (the HTTP server calls it every 200 ms), when
 * the thread ends, and by log_flush_all() (at shutdown, and at exit). Lines stay whole and in
 * order within a thread; lines of other threads and from log_msg() may come between them. */
#define LOG_BUFFER_BYTES 16384
void log_buffered(const char *fmt, ...) PRINTF(1, 2);
/* Writes every buffer whose oldest line waited at least max_age_ms. Thread-safe. */
void log_flush_older_than(int64_t max_age_ms);
/* Writes every buffer, now. */
void log_flush_all(void);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
void time_utc_iso(char *buf, size_t size);
/* The same for t, seconds since the epoch. */
void time_utc_iso_at(int64_t t, char *buf, size_t size);
/* Monotonic milliseconds, for timeouts and durations. */
int64_t time_mono_ms(void);
/* Seconds since the epoch, UTC. */
int64_t time_now(void);
/* t rounded down to its hour: what is stored of a moment that could point to a person
 * (an anonymous post, a question, a booking; docs/PRIVACY.md). */
int64_t time_hour(int64_t t);

#endif
