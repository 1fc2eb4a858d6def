// SPDX-License-Identifier: AGPL-3.0-or-later
/* ics.c: an event as an iCalendar file (RFC 5545), made with libical. A calendar is a side
 * channel (managers and assistants often see a person's calendar), so every file is
 * CLASS:PRIVATE, names no attendee but its recipient, and can carry a neutral title with the
 * details only in the description (events.h). */
#include "app/events/events.h"
#include "base/log.h"
#include "base/strbuf.h"
#include <libical/ical.h>
#include <sodium.h>
#include <stdlib.h>

/* Europe/Amsterdam by the EU rule in force since 1996 (the last Sunday of March at 02:00 to
 * summer time, the last Sunday of October at 03:00 back), as Outlook writes it: a calendar
 * reads times of any year with it, unlike a zone cut out of the history. */
static const char amsterdam_vtimezone[] = "BEGIN:VTIMEZONE\r\n"
					  "TZID:" EVENTS_TZ "\r\n"
					  "BEGIN:DAYLIGHT\r\n"
					  "TZOFFSETFROM:+0100\r\n"
					  "TZOFFSETTO:+0200\r\n"
					  "TZNAME:CEST\r\n"
					  "DTSTART:19700329T020000\r\n"
					  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
					  "END:DAYLIGHT\r\n"
					  "BEGIN:STANDARD\r\n"
					  "TZOFFSETFROM:+0200\r\n"
					  "TZOFFSETTO:+0100\r\n"
					  "TZNAME:CET\r\n"
					  "DTSTART:19701025T030000\r\n"
					  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
					  "END:STANDARD\r\n"
					  "END:VTIMEZONE\r\n";

const char *
events_uid(struct arena *a, const struct keys *k, int64_t event_id)
{
	/* Stable for the event, and not to be guessed from outside: a keyed hash of its id. */
	unsigned char h[8];
	crypto_generichash(h, sizeof(h), (const unsigned char *)&event_id, sizeof(event_id),
			   k->lookup, KEY_BYTES);
	return arena_printf(a, "event-%lld-%02x%02x%02x%02x%02x%02x%02x%02x@kring",
			    (long long)event_id, h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]);
}

static icalproperty *
local_time_property(icalproperty *(*make)(struct icaltimetype), int64_t utc)
{
	struct local_time t;
	events_utc_to_local(utc, &t);
	struct icaltimetype it = icaltime_null_time();
	it.year = t.year;
	it.month = t.month;
	it.day = t.day;
	it.hour = t.hour;
	it.minute = t.minute;
	it.is_date = 0;
	icalproperty *p = make(it);
	icalproperty_add_parameter(p, icalparameter_new_tzid(EVENTS_TZ));
	return p;
}

/* A VCALENDAR of method with the zone, without events. */
static icalcomponent *
calendar_new(enum ics_method method)
{
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//Kring//Events//EN"));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	static const icalproperty_method methods[] = { ICAL_METHOD_PUBLISH, ICAL_METHOD_REQUEST,
						       ICAL_METHOD_CANCEL };
	icalcomponent_add_property(cal, icalproperty_new_method(methods[method]));
	icalcomponent *tz = icalparser_parse_string(amsterdam_vtimezone);
	if (!tz)
		BUG("the VTIMEZONE of %s does not parse", EVENTS_TZ);
	icalcomponent_add_component(cal, tz);
	return cal;
}

/* The calendar as text, in the arena; frees cal. */
static char *
calendar_text(struct arena *a, icalcomponent *cal)
{
	char *s = icalcomponent_as_ical_string_r(cal);
	char *out = arena_strdup(a, s ? s : "");
	free(s);
	icalcomponent_free(cal);
	return out;
}

/* One VEVENT of e for f. */
static icalcomponent *
vevent_of(struct arena *a, const struct keys *k, const struct event *e, const struct ics_for *f)
{
	icalcomponent *ev = icalcomponent_new_vevent();
	icalcomponent_add_property(ev, icalproperty_new_uid(events_uid(a, k, e->id)));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(
					   (time_t)f->now, 0, icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(ev, icalproperty_new_sequence((int)e->sequence));
	icalcomponent_add_property(ev, local_time_property(icalproperty_new_dtstart, e->starts_at));
	icalcomponent_add_property(ev, local_time_property(icalproperty_new_dtend, e->ends_at));
	icalcomponent_add_property(ev, icalproperty_new_class(ICAL_CLASS_PRIVATE));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
	bool cancelled = e->state == EVENT_CANCELLED || f->method == ICS_CANCEL;
	icalcomponent_add_property(
	    ev, icalproperty_new_status(cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
	if (f->method != ICS_PUBLISH && f->organizer && *f->organizer) {
		/* The sender, as the From of the e-mail: never a network's or subgroup's name. */
		icalproperty *org =
		    icalproperty_new_organizer(arena_printf(a, "mailto:%s", f->organizer));
		icalproperty_add_parameter(org, icalparameter_new_cn("Kring"));
		icalcomponent_add_property(ev, org);
	}
	const char *url =
	    arena_printf(a, "%s/events/%lld", f->base_url ? f->base_url : "", (long long)e->id);
	struct strbuf d;
	strbuf_init(&d, 0);
	if (f->neutral) {
		/* The details only in the description: a calendar shared with others shows the
		 * neutral title and, as a private appointment, nothing more. */
		icalcomponent_add_property(ev, icalproperty_new_summary(f->neutral_title));
		strbuf_addf(&d, "%s\n", e->title);
		if (f->where && *f->where)
			strbuf_addf(&d, "%s\n", f->where);
	} else {
		icalcomponent_add_property(ev, icalproperty_new_summary(e->title));
		if (f->where && *f->where)
			icalcomponent_add_property(ev, icalproperty_new_location(f->where));
	}
	if (f->meeting_url && *f->meeting_url)
		strbuf_addf(&d, "%s %s\n", f->meeting_label, f->meeting_url);
	if (!f->neutral && e->description && *e->description)
		strbuf_addf(&d, "\n%s\n", e->description);
	strbuf_addf(&d, "\n%s\n", url);
	icalcomponent_add_property(ev, icalproperty_new_description(d.buf));
	strbuf_release(&d);
	if (f->base_url && *f->base_url)
		icalcomponent_add_property(ev, icalproperty_new_url(url));
	if (f->recipient_email && *f->recipient_email) {
		icalproperty *att =
		    icalproperty_new_attendee(arena_printf(a, "mailto:%s", f->recipient_email));
		if (f->recipient_name && *f->recipient_name)
			icalproperty_add_parameter(att, icalparameter_new_cn(f->recipient_name));
		icalproperty_add_parameter(att, icalparameter_new_partstat(ICAL_PARTSTAT_ACCEPTED));
		icalproperty_add_parameter(att, icalparameter_new_rsvp(ICAL_RSVP_FALSE));
		icalcomponent_add_property(ev, att);
	}
	return ev;
}

char *
events_ics(struct arena *a, const struct keys *k, const struct event *e, const struct ics_for *f)
{
	icalcomponent *cal = calendar_new(f->method);
	icalcomponent_add_component(cal, vevent_of(a, k, e, f));
	return calendar_text(a, cal);
}

char *
events_ics_feed(struct arena *a, const struct keys *k, const struct event *evs,
		const struct ics_for *fors, size_t n, const char *const *more, size_t nmore)
{
	icalcomponent *cal = calendar_new(ICS_PUBLISH);
	for (size_t i = 0; i < n; i++)
		icalcomponent_add_component(cal, vevent_of(a, k, &evs[i], &fors[i]));
	for (size_t i = 0; i < nmore; i++) {
		icalcomponent *other = icalparser_parse_string(more[i]);
		if (!other || icalcomponent_isa(other) != ICAL_VCALENDAR_COMPONENT) {
			log_warn("calendar feed: an entry of another feature does not parse");
			if (other)
				icalcomponent_free(other);
			continue;
		}
		/* Moved one at a time: removing a component while iterating skips the next. */
		icalcomponent *ev;
		while ((ev = icalcomponent_get_first_component(other, ICAL_VEVENT_COMPONENT))) {
			icalcomponent_remove_component(other, ev);
			icalcomponent_add_component(cal, ev);
		}
		icalcomponent_free(other);
	}
	return calendar_text(a, cal);
}
