// SPDX-License-Identifier: AGPL-3.0-or-later
/* ics.c: one talk of a consultation hour as an iCalendar file (RFC 5545), made with libical as
 * events' files are: CLASS:PRIVATE, a neutral title ("Appointment"), no attendee, and the
 * details only in the description, so that whoever sees the person's calendar learns nothing
 * of a network's consultation hour. */
#include "app/consult/consult.h"
#include "app/events/events.h"
#include "base/log.h"
#include <libical/ical.h>
#include <sodium.h>
#include <stdlib.h>

/* Europe/Amsterdam by the EU rule (as in src/app/events/ics.c). */
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

char *
consult_ics(struct arena *a, const struct keys *k, const struct consult_slot *s,
	    const struct consult_talk *t, const char *title, const char *details, const char *url,
	    int64_t now)
{
	(void)s;
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//Kring//Appointments//EN"));
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	icalcomponent *tz = icalparser_parse_string(amsterdam_vtimezone);
	if (!tz)
		BUG("the VTIMEZONE of %s does not parse", EVENTS_TZ);
	icalcomponent_add_component(cal, tz);
	icalcomponent *ev = icalcomponent_new_vevent();
	/* A stable UID that says nothing: a keyed hash of the talk's id. */
	unsigned char h[12];
	crypto_generichash(h, sizeof(h), (const unsigned char *)&t->id, sizeof(t->id), k->lookup,
			   KEY_BYTES);
	char hex[sizeof(h) * 2 + 1];
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	icalcomponent_add_property(ev, icalproperty_new_uid(arena_printf(a, "%s@kring", hex)));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(
					   (time_t)now, 0, icaltimezone_get_utc_timezone())));
	icalcomponent_add_property(ev, local_time_property(icalproperty_new_dtstart, t->starts_at));
	icalcomponent_add_property(ev, local_time_property(icalproperty_new_dtend, t->ends_at));
	icalcomponent_add_property(ev, icalproperty_new_class(ICAL_CLASS_PRIVATE));
	icalcomponent_add_property(ev, icalproperty_new_transp(ICAL_TRANSP_OPAQUE));
	icalcomponent_add_property(ev, icalproperty_new_summary(title));
	icalcomponent_add_property(ev, icalproperty_new_description(details));
	if (url && *url)
		icalcomponent_add_property(ev, icalproperty_new_url(url));
	icalcomponent_add_component(cal, ev);
	char *str = icalcomponent_as_ical_string_r(cal);
	char *out = arena_strdup(a, str ? str : "");
	free(str);
	icalcomponent_free(cal);
	return out;
}
