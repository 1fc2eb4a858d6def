// SPDX-License-Identifier: AGPL-3.0-or-later
/* awareness.c: the awareness calendar (events.h, "awareness days"): the yearly rules, expanded
 * with libical's recurrence iterator, and the administrator's confirmed dates. */
#include "app/events/events.h"
#include "base/i18n.h"
#include "base/str.h"
#include <libical/ical.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* libical reports through a global error number: one expansion at a time. */
static pthread_mutex_t recur_lock = PTHREAD_MUTEX_INITIALIZER;

/* What a rule gives in a year, kept per process: libical expands a rule through ICU's
 * calendar, some 30 µs each, and a network's page and the events list ask for every day of
 * two or three years at each request (bench/README.md). A result depends on the rule's text
 * and the year alone, so an edited rule is a new key; the oldest entry makes way when full. */
#define RULE_CACHE 64
static struct {
	int year, month, day;
	bool ok;
	char rrule[201];
} rule_cache[RULE_CACHE];
static size_t rule_cache_len, rule_cache_next;

bool
awareness_rule_date(const char *rrule, int year, int *month, int *day)
{
	if (!rrule || strncmp(rrule, "FREQ=YEARLY;", 12) != 0 || strlen(rrule) > 200 ||
	    year < 2000 || year > 2200)
		return false;
	bool ok = false;
	pthread_mutex_lock(&recur_lock);
	for (size_t i = 0; i < rule_cache_len; i++)
		if (rule_cache[i].year == year && strcmp(rule_cache[i].rrule, rrule) == 0) {
			ok = rule_cache[i].ok;
			*month = rule_cache[i].month;
			*day = rule_cache[i].day;
			pthread_mutex_unlock(&recur_lock);
			return ok;
		}
	int m = 0, dd = 0;
	struct icalrecurrencetype rt = icalrecurrencetype_from_string(rrule);
	if (rt.freq == ICAL_YEARLY_RECURRENCE && rt.count == 0 && icaltime_is_null_time(rt.until)) {
		/* From the last day of the year before: the iterator gives that start first (it
		 * is not in `year`), then the rule's dates in order. */
		struct icaltimetype start = icaltime_null_date();
		start.year = year - 1;
		start.month = 12;
		start.day = 31;
		icalrecur_iterator *it = icalrecur_iterator_new(rt, start);
		for (int i = 0; it && i < 8; i++) {
			struct icaltimetype t = icalrecur_iterator_next(it);
			if (icaltime_is_null_time(t) || t.year > year)
				break;
			if (t.year == year) {
				m = t.month;
				dd = t.day;
				ok = true;
				break;
			}
		}
		if (it)
			icalrecur_iterator_free(it);
	}
	icalerror_clear_errno();
	size_t slot =
	    rule_cache_len < RULE_CACHE ? rule_cache_len++ : rule_cache_next++ % RULE_CACHE;
	snprintf(rule_cache[slot].rrule, sizeof(rule_cache[slot].rrule), "%s", rrule);
	rule_cache[slot].year = year;
	rule_cache[slot].month = m;
	rule_cache[slot].day = dd;
	rule_cache[slot].ok = ok;
	pthread_mutex_unlock(&recur_lock);
	*month = m;
	*day = dd;
	return ok;
}

const char *
awareness_rule_make(struct arena *a, int month, int day, int ordinal, int weekday)
{
	static const char *const wd[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };
	if (month < 1 || month > 12)
		return NULL;
	if (ordinal == 0)
		return day >= 1 && day <= 31
			   ? arena_printf(a, "FREQ=YEARLY;BYMONTH=%d;BYMONTHDAY=%d", month, day)
			   : NULL;
	if (ordinal < -1 || ordinal > 4 || weekday < 0 || weekday > 6)
		return NULL;
	return arena_printf(a, "FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", month, ordinal, wd[weekday]);
}

static size_t
chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* A one-line text: clean UTF-8 without control characters. */
static bool
line_ok(const char *s)
{
	if (!str_is_utf8(str_from(s)))
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

size_t
awareness_check(const struct awareness_day *d, struct event_problem *out)
{
	size_t n = 0;
	const char *name = d->name ? d->name : "";
	if (!*name)
		out[n++] =
		    (struct event_problem){ "name", N_("Type the name of the day or week.") };
	else if (!line_ok(name) || chars(name) > AWARENESS_NAME_MAX)
		out[n++] =
		    (struct event_problem){ "name",
					    N_("A name is one line of at most 200 characters.") };
	if (d->about && (!line_ok(d->about) || chars(d->about) > AWARENESS_ABOUT_MAX))
		out[n++] = (struct event_problem){
			"about", N_("The description is one line of at most 1,000 characters.")
		};
	/* A rule that gives a date in each of the coming years. */
	bool rule = d->rrule != NULL;
	for (int y = 2024; rule && y <= 2040; y++) {
		int m, dd;
		rule = awareness_rule_date(d->rrule, y, &m, &dd);
	}
	if (!rule)
		out[n++] = (struct event_problem){
			"rule",
			N_("Choose a date that exists every year, for example 10 October or the "
			   "first Monday of October.")
		};
	if (d->days < 1 || d->days > AWARENESS_DAYS_MAX)
		out[n++] =
		    (struct event_problem){ "days", N_("A day or week lasts 1 to 14 days.") };
	return n;
}

int
awareness_days(struct db_conn *c, struct arena *a, struct awareness_day **out, size_t *n)
{
	return events_store_days(c, a, 0, out, n);
}

int
awareness_day_get(struct db_conn *c, struct arena *a, int64_t id, struct awareness_day *out)
{
	struct awareness_day *d;
	size_t n = 0;
	int err = id > 0 ? events_store_days(c, a, id, &d, &n) : KR_OK;
	if (err)
		return err;
	if (!n)
		return KR_ENOTFOUND;
	*out = d[0];
	return KR_OK;
}

int
awareness_day_save(struct db_conn *c, struct awareness_day *d)
{
	struct event_problem p[8];
	if (awareness_check(d, p))
		return KR_EINVAL;
	if (!d->about)
		d->about = "";
	bool found = false;
	int64_t id = 0;
	int err = events_store_day_save(c, d, &id, &found);
	if (err)
		return err;
	if (!found)
		return KR_ENOTFOUND;
	if (!d->id)
		d->id = id;
	return KR_OK;
}

int
awareness_day_delete(struct db_conn *c, int64_t id)
{
	bool found = false;
	int err = events_store_day_delete(c, id, &found);
	return err ? err : found ? KR_OK : KR_ENOTFOUND;
}

int
awareness_confirm(struct db_conn *c, int64_t day_id, int year, const char *date)
{
	if (year < 2000 || year > 2200)
		return KR_EINVAL;
	if (date && *date) {
		struct local_time t;
		if (!events_parse_local(date, "00:00", &t) || t.year != year)
			return KR_EINVAL;
	}
	return events_store_day_date_set(c, day_id, year, date);
}

/* The date `days - 1` days after first. */
static struct local_time
date_plus(struct local_time first, int days)
{
	struct icaltimetype t = icaltime_null_date();
	t.year = first.year;
	t.month = first.month;
	t.day = first.day;
	icaltime_adjust(&t, days, 0, 0, 0);
	return (struct local_time){ t.year, t.month, t.day, 0, 0 };
}

/* The occurrence of d in year: the confirmed date among dates[], else the rule's. False when
 * there is none (a rule that gives no date that year). */
static bool
occurrence(const struct awareness_day *d, int year, const struct awareness_date *dates,
	   size_t ndates, struct awareness_when *out)
{
	struct local_time first = { 0 };
	bool confirmed = false;
	for (size_t i = 0; i < ndates; i++)
		if (dates[i].day_id == d->id && dates[i].year == year &&
		    events_parse_local(dates[i].starts_on, "00:00", &first)) {
			confirmed = true;
			break;
		}
	if (!confirmed) {
		int m, dd;
		if (!awareness_rule_date(d->rrule, year, &m, &dd))
			return false;
		first = (struct local_time){ year, m, dd, 0, 0 };
	}
	pthread_mutex_lock(&recur_lock);
	struct local_time last = date_plus(first, d->days - 1);
	pthread_mutex_unlock(&recur_lock);
	*out = (struct awareness_when){ .day = *d,
					.year = year,
					.first = first,
					.last = last,
					.to_confirm = d->organiser_sets && !confirmed };
	return true;
}

int
awareness_in_year(struct db_conn *c, struct arena *a, const struct awareness_day *d, int year,
		  struct awareness_when *out)
{
	struct awareness_date *dates;
	size_t n;
	int err = events_store_day_dates(c, a, year, year, &dates, &n);
	if (err)
		return err;
	return occurrence(d, year, dates, n, out) ? KR_OK : KR_ENOTFOUND;
}

static int
date_cmp(const struct local_time *x, const struct local_time *y)
{
	int a = (x->year * 13 + x->month) * 32 + x->day,
	    b = (y->year * 13 + y->month) * 32 + y->day;
	return (a > b) - (a < b);
}

static int
when_cmp(const void *x, const void *y)
{
	const struct awareness_when *p = x, *q = y;
	int c = date_cmp(&p->first, &q->first);
	return c ? c : strcmp(p->day.name, q->day.name);
}

int
awareness_upcoming(struct db_conn *c, struct arena *a, int64_t now, int64_t weeks,
		   struct awareness_when **out, size_t *n)
{
	struct local_time today, until;
	events_utc_to_local(now, &today);
	events_utc_to_local(now + weeks * 7 * 86400, &until);
	today.hour = today.minute = until.hour = until.minute = 0;
	struct awareness_day *days;
	size_t nd;
	struct awareness_date *dates;
	size_t ndates;
	int err = awareness_days(c, a, &days, &nd);
	if (!err)
		err = events_store_day_dates(c, a, today.year - 1, until.year, &dates, &ndates);
	if (err)
		return err;
	struct arena_vec vec;
	arena_vec_init(&vec, a, sizeof(struct awareness_when), 16, 0);
	/* A week that began last year may still run; the window may reach into next year. */
	for (size_t i = 0; i < nd; i++)
		for (int y = today.year - 1; y <= until.year; y++) {
			struct awareness_when w;
			if (occurrence(&days[i], y, dates, ndates, &w) &&
			    date_cmp(&w.last, &today) >= 0 && date_cmp(&w.first, &until) <= 0)
				*ARENA_VEC_PUSH(&vec, struct awareness_when) = w;
		}
	qsort(vec.items, vec.len, sizeof(struct awareness_when), when_cmp);
	*out = vec.items;
	*n = vec.len;
	return KR_OK;
}

int
awareness_weeks(struct db_conn *c, int64_t *weeks)
{
	return events_store_awareness_weeks(c, 0, weeks);
}

int
awareness_weeks_set(struct db_conn *c, int64_t weeks)
{
	if (weeks < AWARENESS_WEEKS_MIN || weeks > AWARENESS_WEEKS_MAX)
		return KR_EINVAL;
	return events_store_awareness_weeks(c, weeks, NULL);
}
