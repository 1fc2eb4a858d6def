-- SPDX-License-Identifier: AGPL-3.0-or-later
-- 0025_awareness.sql: the awareness calendar (issue 11): days and weeks a network works
-- towards, each with a yearly rule (an iCalendar RRULE, FREQ=YEARLY, expanded with libical),
-- or set by its organiser each year, which reads "date to be confirmed" until the
-- administrator enters that year's date. Nothing here is about a person.

CREATE TABLE awareness_day (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200), -- in the organisation's language
	about TEXT NOT NULL DEFAULT '' CHECK (length(about) <= 1000),
	rrule TEXT NOT NULL CHECK (length(rrule) BETWEEN 1 AND 200), -- FREQ=YEARLY;...: the usual date
	days INTEGER NOT NULL DEFAULT 1 CHECK (days BETWEEN 1 AND 14),   -- 1 a day, 5 to 7 a week
	organiser_sets INTEGER NOT NULL DEFAULT 0 CHECK (organiser_sets IN (0, 1))
);

-- A year's date as the administrator confirmed it (for a day its organiser sets, or to move
-- one that has a rule).
CREATE TABLE awareness_date (
	day_id INTEGER NOT NULL REFERENCES awareness_day (id) ON DELETE CASCADE,
	year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2200),
	starts_on TEXT NOT NULL CHECK (length(starts_on) = 10), -- YYYY-MM-DD
	PRIMARY KEY (day_id, year)
);

-- How many weeks ahead a network sees the days coming (default 8).
ALTER TABLE organisation ADD COLUMN awareness_weeks INTEGER NOT NULL DEFAULT 8
	CHECK (awareness_weeks BETWEEN 1 AND 26);

-- The day an event was planned for, if any.
ALTER TABLE event ADD COLUMN awareness_day_id INTEGER REFERENCES awareness_day (id)
	ON DELETE SET NULL;

-- The built-in calendar (/work notes: the organisers' own sites). The administrator can change
-- and remove these and add the organisation's own.
INSERT INTO awareness_day (name, about, rrule, days, organiser_sets) VALUES
	('Internationale Dag van Mensen met een Beperking',
	 'Wereld Gehandicaptendag, 3 december. Ook #PurpleLightUp, geleid door netwerken van medewerkers met een beperking.',
	 'FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=3', 1, 0),
	('Wereld Mentale Gezondheidsdag', 'World Mental Health Day, 10 oktober.',
	 'FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=10', 1, 0),
	('Week van de Toegankelijkheid',
	 'Van Ieder(in). Begint op de eerste maandag van oktober, maandag tot en met zaterdag.',
	 'FREQ=YEARLY;BYMONTH=10;BYDAY=1MO', 6, 0),
	('Neurodiversity Celebration Week',
	 'De organisator kiest elk jaar de week; de laatste jaren de week vanaf de derde maandag van maart.',
	 'FREQ=YEARLY;BYMONTH=3;BYDAY=3MO', 7, 1),
	('Global Accessibility Awareness Day', 'De derde donderdag van mei.',
	 'FREQ=YEARLY;BYMONTH=5;BYDAY=3TH', 1, 0),
	('Week van de Mentale Gezondheid',
	 'Van MIND. De organisator kiest elk jaar de week; sinds 2024 de week vanaf de eerste maandag van juni.',
	 'FREQ=YEARLY;BYMONTH=6;BYDAY=1MO', 6, 1),
	('Wereld Autisme Dag', 'World Autism Awareness Day, 2 april.',
	 'FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=2', 1, 0),
	('Diversity Day', 'Van Diversiteit in Bedrijf: de eerste dinsdag van oktober.',
	 'FREQ=YEARLY;BYMONTH=10;BYDAY=1TU', 1, 0),
	('Dag van de Mantelzorg', '10 november. Veel collega''s combineren werk met zorg voor een naaste.',
	 'FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=10', 1, 0),
	('Internationale Week van Doven',
	 'De laatste volle week van september (maandag tot en met zondag). De Internationale Dag van Gebarentalen is 23 september.',
	 'FREQ=YEARLY;BYMONTH=9;BYDAY=MO;BYMONTHDAY=18,19,20,21,22,23,24', 7, 0),
	('Week van de Dyslexie', 'De eerste volle week van oktober.',
	 'FREQ=YEARLY;BYMONTH=10;BYDAY=1MO', 7, 0);
