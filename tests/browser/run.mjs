// SPDX-License-Identifier: AGPL-3.0-or-later
// run.mjs: Kring's browser tests. Starts the real `kring serve` on 127.0.0.1 with a fresh demo
// database, drives Debian's Chromium through playwright-core and checks every page the way a
// colleague with a disability meets it: axe-core (WCAG 2.2 AA) in both languages and every
// display preference, reflow at 320 px and with the largest text, a keyboard-only walk, the
// preferences form, the language switch, a subgroup's coordinator form and the step-up before
// setting up two-step sign-in again by keyboard, and the error summary of a form.
//
//   node tests/browser/run.mjs build/release/kring
//
// Also: WCAG 1.4.12 text spacing, focus-ring contrast, forced colours, no movement when asked,
// text in the page's language, and no script, CSP or loading errors. The HTML of every page
// any check opens is kept (once per distinct document) and checked at the end by the W3C Nu
// Html Checker (vnu-jar, one Java process for all of them) and for repeated ids and skipped
// heading levels, which vnu does not count as errors.
//
// Prints one line per failed check and ends with exactly "browser: N passed, N failed"; exits 0
// only when nothing failed. Screenshots go to a temporary folder whose path is printed (it is
// kept, to look at). KRING_BROWSER_DEBUG=1 prints timings and every keyboard walk on stderr.
// A page is an entry of PAGES below: a later issue adds its pages there (and a form of its own
// gets checks like checkPrefsByKeyboard and checkErrorSummary). A page behind signing in names
// its session in `as`: the sessions are made once at start-up through the sign-in form over
// HTTP (Server.signIns), and such pages are checked in fewer display variants.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve('axe-core/axe.min.js');
const VNU_JAR = String(require('vnu-jar')); // the package's export is the jar's path
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WORKERS = 6;             // pages checked at the same time, each in its own context
// KRING_BROWSER_SLOW=N stretches the two time limits below N times, for a machine busy with
// other work (the run itself stays bounded).
const SLOW = Math.min(Math.max(Number(process.env.KRING_BROWSER_SLOW) || 1, 1), 10);
// The whole run: with the stories, knowledge, buddies, FAQ and awareness pages it passed 600 s in
// CI (2026-12-03); a hang must still not block `make test` for ever.
const RUN_TIMEOUT_MS = 1500000 * SLOW;
const STEP_TIMEOUT_MS = 15000 * SLOW; // one navigation or wait
const VNU_TIMEOUT_MS = 120000; // the Nu Html Checker over every document (a few seconds)
const MAX_TABS = 200;          // the keyboard walk's bound
const LANGS = ['nl', 'en'];
const DEBUG = !!process.env.KRING_BROWSER_DEBUG; // timings and each keyboard walk, on stderr

// The display preferences a colleague can choose (the `prefs` cookie, urlencoded), and the
// classes the server must then put on <html>.
const VARIANTS = [
	{ name: 'default', prefs: '' },
	{ name: 'text=largest', prefs: 'text=largest', classes: ['text-largest'] },
	{ name: 'font=dyslexic', prefs: 'font=dyslexic', classes: ['font-dyslexic'] },
	{ name: 'calm=1', prefs: 'calm=1', classes: ['calm'], still: true },
	{ name: 'contrast=high', prefs: 'contrast=high', classes: ['contrast-high'] },
	{ name: 'theme=dark', prefs: 'theme=dark', classes: ['theme-dark'] },
	{ name: 'theme=dark&contrast=high', prefs: 'theme=dark&contrast=high',
		classes: ['theme-dark', 'contrast-high'] },
	{ name: 'theme=dark&calm=1', prefs: 'theme=dark&calm=1', classes: ['theme-dark', 'calm'],
		still: true },
	{ name: 'motion=reduce', prefs: 'motion=reduce', classes: ['motion-reduce'], still: true },
];
const variant = (name) => VARIANTS.find((v) => v.name === name);
// Pages behind signing in are checked in fewer variants, to keep the run short: the default,
// the strongest contrast, calm and the largest text. The sign-in error page in fewer still:
// each opening is a failed sign-in from 127.0.0.1, and the server throttles a client after 20.
const SIGNED_IN_VARIANTS = ['default', 'theme=dark&contrast=high', 'calm=1', 'text=largest'];
const SIGN_IN_ERROR_VARIANTS = ['default', 'theme=dark&contrast=high', 'text=largest'];

// What the operating system or browser asks for, emulated once each on the home page.
const EMULATIONS = [
	{ name: 'OS dark, theme=system', prefs: 'theme=system', context: { colorScheme: 'dark' },
		expectDark: true },
	{ name: 'OS light, theme=system', prefs: 'theme=system', context: { colorScheme: 'light' },
		expectDark: false },
	{ name: 'OS reduced motion', prefs: '', context: { reducedMotion: 'reduce' }, still: true },
	{ name: 'OS forced colours', prefs: '', context: { forcedColors: 'active' } },
	{ name: 'OS more contrast', prefs: '', context: { contrast: 'more' } },
	// lang=auto: the browser's languages decide; Dutch when neither is asked for.
	{ name: 'lang=auto, browser en-GB', prefs: 'lang=auto', context: { locale: 'en-GB' },
		lang: 'en' },
	{ name: 'lang=auto, browser nl-NL', prefs: 'lang=auto', context: { locale: 'nl-NL' },
		lang: 'nl' },
	{ name: 'lang=auto, browser de-DE', prefs: 'lang=auto', context: { locale: 'de-DE' },
		lang: 'nl' },
];

// The subgroup the demo chair starts at start-up (Server.signIns).
const SUBGROUP = 'autisme';
// The colleagues whose photos the keyboard check uploads and removes, one per language (the
// languages run at the same time).
// The colleagues of the step-up check (two-step sign-in on), one per language.
const STEP_UP_PERSON = {
	nl: { email: 'stap@rijnstad.example', name: 'Sanne Stap' },
	en: { email: 'step@rijnstad.example', name: 'Sam Step' },
};
const PHOTO_PERSON = {
	nl: { email: 'foto.nl@rijnstad.example', name: 'Fenna Foto' },
	en: { email: 'foto.en@rijnstad.example', name: 'Frank Foto' },
};

// A w × h RGB PNG with a colour gradient, for photo uploads (zlib for the data, CRC-32 here).
function crc32(buf) {
	let c = ~0;
	for (const b of buf) {
		c ^= b;
		for (let k = 0; k < 8; k++)
			c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
	}
	return ~c >>> 0;
}
function pngImage(w, h) {
	const chunk = (type, data) => {
		const len = Buffer.alloc(4);
		len.writeUInt32BE(data.length);
		const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(td));
		return Buffer.concat([len, td, crc]);
	};
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	const rows = [];
	for (let y = 0; y < h; y++) {
		rows.push(0);
		for (let x = 0; x < w; x++)
			rows.push((x * 3) & 255, (y * 2) & 255, 140);
	}
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(Buffer.from(rows))),
		chunk('IEND', Buffer.alloc(0))]);
}

// The main form of the preferences page (not the language switch in the header).
const PREFS_FORM = 'main form[method="post" i]';

// Submits the preferences form after `mutate` has run in the page; resolves to the response.
function prefsFormPost(mutate) {
	return async (page, base) => {
		await goto(page, base + '/preferences');
		const found = await page.evaluate(mutate, PREFS_FORM);
		if (found !== true)
			throw new Error(`cannot prepare the preferences form: ${found}`);
		return navigation(page, () => page.evaluate((sel) => {
			const form = document.querySelector(sel);
			const submit = form.querySelector('button[type="submit"], button:not([type]), input[type="submit"]');
			form.requestSubmit(submit || undefined);
		}, PREFS_FORM));
	};
}

// Opens /sign-in (or /reset) and submits its form with `fields`; resolves to the response.
function formPost(url, fields) {
	return async (page, base) => {
		await goto(page, base + url);
		const form = `main form[action="${url}"]`;
		for (const [name, value] of Object.entries(typeof fields === 'function' ? fields() : fields))
			await page.fill(`${form} [name="${name}"]`, value);
		return navigation(page, () => page.evaluate((sel) => {
			const f = document.querySelector(sel);
			f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
		}, form));
	};
}

// A new unknown address each time: a wrong sign-in for one address more than 5 times is
// throttled (429), and this page must show the ordinary error.
let unknownAddresses = 0;
const unknownAddress = () => `niemand-${++unknownAddresses}@rijnstad.example`;

async function errorSummaryShown(page) {
	const s = await page.evaluate(() => ({
		summary: !!document.querySelector('.error-summary'),
		links: document.querySelectorAll('.error-summary a[href^="#"]').length,
		invalid: document.querySelectorAll('[aria-invalid="true"]').length,
	}));
	const p = [];
	if (!s.summary)
		p.push('no error summary (.error-summary)');
	else if (s.links === 0)
		p.push('the error summary has no links to the fields');
	if (s.invalid === 0)
		p.push('no field is marked aria-invalid="true"');
	return p;
}

async function statusShown(page) {
	const s = await page.evaluate(() => {
		const el = document.querySelector('[role="status"]');
		if (!el)
			return 'no element with role="status"';
		const r = el.getBoundingClientRect();
		if (!el.textContent.trim() || r.width === 0 || r.height === 0)
			return 'the role="status" message is empty or not shown';
		return null;
	});
	return s ? [s] : [];
}

// Every page checked. `path` for a GET; `open` when the page is the answer to a form post.
// `status` is what the server must answer; `focusOnLoad` an element that takes focus on load;
// `expect` adds the page's own checks (resolves to a list of problems); `as` the session the
// page is opened with (see Server.signIn; none: signed out); `variants` limits the display
// preferences axe checks it in (names from VARIANTS; all when absent).
const PAGES = [
	{ name: 'home', path: '/', status: 200 },
	{ name: 'preferences', path: '/preferences', status: 200 },
	{
		name: 'preferences saved', path: '/preferences?saved=1', status: 200,
		expect: async (page) => {
			const s = await page.evaluate(() => {
				const el = document.querySelector('[role="status"]');
				if (!el)
					return 'no element with role="status"';
				const r = el.getBoundingClientRect();
				if (!el.textContent.trim() || r.width === 0 || r.height === 0)
					return 'the role="status" message is empty or not shown';
				return null;
			});
			return s ? [s] : [];
		},
	},
	{ name: 'accessibility', path: '/accessibility', status: 200 },
	{ name: '404', path: '/does-not-exist', status: 404 },
	{ name: '405', path: '/language', status: 405 },
	{
		name: '400 form error', status: 400, focusOnLoad: '.error-summary',
		open: prefsFormPost((sel) => {
			const form = document.querySelector(sel);
			if (!form)
				return 'no form';
			const radio = form.querySelector('input[type="radio"]:checked') ||
				form.querySelector('input[type="radio"]');
			if (!radio)
				return 'no radio button';
			radio.checked = true;
			radio.value = 'huge';
			return true;
		}),
		expect: async (page) => {
			const p = [];
			const s = await page.evaluate(() => ({
				summary: !!document.querySelector('.error-summary'),
				links: document.querySelectorAll('.error-summary a[href^="#"]').length,
				invalid: document.querySelectorAll('[aria-invalid="true"]').length,
			}));
			if (!s.summary)
				p.push('no error summary (.error-summary)');
			else if (s.links === 0)
				p.push('the error summary has no links to the fields');
			if (s.invalid === 0)
				p.push('no field is marked aria-invalid="true"');
			return p;
		},
	},
	{ name: 'sign-in', path: '/sign-in', status: 200 },
	{
		name: 'sign-in error', status: 400, focusOnLoad: '.error-summary',
		variants: SIGN_IN_ERROR_VARIANTS,
		open: formPost('/sign-in', () => ({ email: unknownAddress(), password: 'Niet-het-wachtwoord-1' })),
		expect: errorSummaryShown,
	},
	{ name: 'reset', path: '/reset', status: 200 },
	{
		name: 'reset sent', status: 200,
		open: formPost('/reset', () => ({ email: unknownAddress() })),
		expect: statusShown,
	},
	{ name: 'sign-up', path: '/sign-up', status: 200 },
	{ name: 'networks', path: '/networks', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS },
	{
		name: 'network', path: '/n/iedereen-telt', status: 200, as: 'employee',
		variants: SIGNED_IN_VARIANTS,
	},
	{ name: 'account', path: '/account', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS },
	{
		// The demo administrator before setting up two-step sign-in (a partial session).
		name: 'two-step set-up', path: '/account/two-factor', status: 200, as: 'adminSetUp',
		variants: SIGNED_IN_VARIANTS,
	},
	{
		// The demo chair, two-step sign-in set up, after the password (a partial session).
		name: 'sign-in code', path: '/sign-in/code', status: 200, as: 'chairCode',
		variants: SIGNED_IN_VARIANTS,
	},
	{
		// Setting up two-step sign-in again asks for the password or a code first (the chair's
		// session never steps up, so this stays the step-up form).
		name: 'two-step again: step-up', path: '/account/two-factor', status: 200, as: 'chair',
		variants: SIGNED_IN_VARIANTS,
		expect: async (page) => {
			const f = await page.evaluate(() => ({
				proof: !!document.querySelector('main form[action="/account/step-up"] ' +
					'input[name="proof"]'),
				box: !!document.querySelector('input[name="box"]'),
			}));
			return f.proof && !f.box ? [] : ['no step-up form (password or code), or a new key ' +
				'offered without one'];
		},
	},
	// Membership (issue 4). The sessions `member`, `chair` and the subgroup are made once at
	// start-up (Server.signIns): the member joined Neurokring (visible, with a line, an ally)
	// and Iedereen Telt and its subgroup; the employee is a member of nothing.
	{
		name: 'join', path: '/n/neurokring/join', status: 200, as: 'employee',
		variants: SIGNED_IN_VARIANTS,
	},
	{
		name: 'how you appear', path: '/n/neurokring/me', status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS,
	},
	{
		name: 'leave', path: '/n/neurokring/leave', status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS,
	},
	{
		name: 'members', path: '/n/neurokring/members', status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS,
		expect: async (page) => {
			const n = await page.evaluate(() => document.querySelectorAll('main li.card').length);
			return n ? [] : ['the directory lists nobody (the member who joined is visible)'];
		},
	},
	{
		name: 'start a subgroup', path: '/n/iedereen-telt/groups', status: 200, as: 'chair',
		variants: SIGNED_IN_VARIANTS,
	},
	{
		name: 'subgroup', path: `/n/iedereen-telt/g/${SUBGROUP}`, status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS,
	},
	{ name: 'my data', path: '/me/data', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS },
	// Coordinator consent: the person asked (Server.signIns) sees the notice on the home page
	// and the request with its two buttons; the chair, who started the subgroup, may step down.
	{
		name: 'home with a request', path: '/', status: 200, as: 'asked',
		variants: SIGNED_IN_VARIANTS,
		expect: async (page) => (await page.evaluate(() =>
			!!document.querySelector('main .notice a[href="/me/coordinator"]')))
			? [] : ['the home page of the person asked has no notice linking to /me/coordinator'],
	},
	{
		name: 'coordinator request', path: '/me/coordinator', status: 200, as: 'asked',
		variants: SIGNED_IN_VARIANTS,
		expect: async (page) => {
			const n = await page.evaluate(() => document.querySelectorAll(
				'main form[action$="/coordinators/accept"], main form[action$="/coordinators/decline"]').length);
			return n === 2 ? [] : [`the request page has ${n} accept/decline forms, expected 2`];
		},
	},
	{
		name: 'step down', path: `/n/iedereen-telt/g/${SUBGROUP}/coordinators/step-down`,
		status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
	},
	{
		// The member has a photo (Server.signIns): it is shown, with a button to remove it.
		name: 'your photo', path: '/account/photo', status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS,
		expect: async (page) => {
			const ok = await page.evaluate(() => {
				const img = document.querySelector('main img.photo');
				return !!img && img.complete && img.naturalWidth === 256;
			});
			return ok ? [] : ['the member\'s photo is not shown (a 256-pixel image)'];
		},
	},
	{
		name: 'delete account', path: '/me/delete', status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS,
	},
	// The administrator's pages (an administrator of the run's own with two-step sign-in set
	// up: the demo administrator stays at its first sign-in for 'two-step set-up').
	...['/admin', '/admin/organisation', '/admin/sites', '/admin/networks', '/admin/networks/new',
		'/admin/networks/iedereen-telt', '/admin/accounts', '/admin/audit', '/admin/retention',
		'/admin/rooms', '/admin/questions', '/admin/referrals/1']
		.map((path) => ({ name: `admin ${path.slice(7) || 'home'}`, path, status: 200, as: 'admin',
			variants: SIGNED_IN_VARIANTS })),
	{
		name: '403 no csrf', status: 403,
		open: prefsFormPost((sel) => {
			const form = document.querySelector(sel);
			if (!form)
				return 'no form';
			const csrf = form.querySelector('input[name="csrf"]');
			if (!csrf)
				return 'no csrf input';
			csrf.remove();
			return true;
		}),
	},
	// Events (src/app/events): the demo's first event is Iedereen Telt's meeting, on site and
	// online; the chair is its core team.
	{ name: 'events', path: '/events', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS },
	{ name: 'event', path: '/events/1', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS },
	{
		name: 'event register', path: '/events/1/register', status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS,
	},
	{
		name: 'event as organiser', path: '/events/1', status: 200, as: 'chair',
		variants: SIGNED_IN_VARIANTS,
	},
	{
		name: 'plan an event', path: '/events/new?network=iedereen-telt', status: 200,
		as: 'chair', variants: SIGNED_IN_VARIANTS,
	},
	{
		name: 'plan an event with errors', status: 400, as: 'chair', variants: SIGNED_IN_VARIANTS,
		focusOnLoad: '.error-summary', expect: errorSummaryShown,
		open: formPost('/events/new?network=iedereen-telt', { title: '', capacity_site: '-1' }),
	},
	// Access needs: one's needs for an event, one's kept profile (Server.signIns), and the
	// organisers' checklist without names (the demo's registrations give needs).
	{ name: 'event needs', path: '/events/3/needs', status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS },
	{ name: 'access needs profile', path: '/events/needs', status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS },
	{ name: 'event arrangements', path: '/events/1/arrangements', status: 200, as: 'chair',
		variants: SIGNED_IN_VARIANTS },
	{
		name: 'event needs with errors', status: 400, as: 'member', variants: SIGNED_IN_VARIANTS,
		focusOnLoad: '.error-summary', expect: errorSummaryShown,
		// Own words past the limit: the maxlength is lifted, as a script could.
		open: async (page, base) => {
			await goto(page, base + '/events/3/needs');
			return navigation(page, () => page.evaluate(() => {
				const f = document.querySelector('main form[action="/events/3/needs"]');
				const t = f.querySelector('textarea[name="need_other"]');
				t.removeAttribute('maxlength');
				t.value = 'x'.repeat(301);
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}));
		},
	},
	// Feedback after an event: the form for the member (Server.signIns: an event of the run's
	// own, moved into the past), and the answers of the demo's film evening for its organisers.
	{
		name: 'event feedback', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS,
		open: (page, base) => goto(page, `${base}/events/${server.pastEvent}/feedback`),
	},
	{
		name: 'event feedback with errors', status: 400, as: 'member', variants: SIGNED_IN_VARIANTS,
		focusOnLoad: '.error-summary', expect: errorSummaryShown,
		// Sent without a rating or an answer to "was it accessible?".
		open: async (page, base) => {
			await goto(page, `${base}/events/${server.pastEvent}/feedback`);
			return navigation(page, () => page.evaluate(() => {
				const f = document.querySelector('main form[action$="/feedback"]');
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}));
		},
	},
	{ name: 'event answers', path: '/events/4/answers', status: 200, as: 'chair',
		variants: SIGNED_IN_VARIANTS },
	{ name: 'change an event', path: '/events/1/edit', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	// Calendar feeds: one's own, and a network's for its core team (the chair).
	{ name: 'events feeds', path: '/events/feeds', status: 200, as: 'chair',
		variants: SIGNED_IN_VARIANTS },
	// One's default for what events are called in one's calendar (the invitations).
	{ name: 'events calendar', path: '/events/calendar', status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS },
	{
		name: 'events calendar with errors', status: 400, as: 'member', variants: SIGNED_IN_VARIANTS,
		focusOnLoad: '.error-summary', expect: errorSummaryShown,
		// A radio cannot be filled: the checked one is given a value the form does not offer.
		open: async (page, base) => {
			await goto(page, base + '/events/calendar');
			return navigation(page, () => page.evaluate(() => {
				const f = document.querySelector('main form[action="/events/calendar"]');
				f.querySelector('input[name="title"]:checked').value = 'other';
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}));
		},
	},
	// The forum (src/app/forum): a member of Iedereen Telt (Server.signIns) reads the demo's
	// categories and topics; ids are random, so a page is reached through the links before it.
	{ name: 'forum', path: '/n/iedereen-telt/forum', status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS },
	{ name: 'forum category', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS,
		open: forumLinks(['main a[href*="/forum/c/"]']) },
	{ name: 'forum topic', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS,
		open: forumLinks(['main a[href*="/forum/c/"]', 'main a[href*="/forum/t/"]']),
		expect: async (page) => (await page.evaluate(() =>
			!!document.querySelector('main fieldset input[type="radio"][value="only-me"]')))
			? [] : ['the topic page has no choice of how a reply appears'] },
	{ name: 'forum new topic', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS,
		open: forumLinks(['main a[href*="/forum/c/"]', 'main a[href$="/new"]']) },
	{ name: 'forum own posts', path: '/n/iedereen-telt/forum/mine', status: 200, as: 'member',
		variants: SIGNED_IN_VARIANTS },
	{ name: 'forum empty reply', status: 400, as: 'member', variants: SIGNED_IN_VARIANTS,
		focusOnLoad: '.error-summary',
		open: async (page, base) => {
			await forumLinks(['main a[href*="/forum/c/"]', 'main a[href*="/forum/t/"]'])(page, base);
			return navigation(page, () => page.evaluate(() => {
				const f = document.querySelector('main form[method="post"]');
				f.querySelector('textarea[name="body"]').value = '';
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}));
		} },
	// The questions desk (src/app/questions): asking, the asker's pages, the directory, and the
	// core team's queue with one of the demo's questions.
	{
		name: 'ask a question', path: '/n/neurokring/ask', status: 200, as: 'employee',
		variants: SIGNED_IN_VARIANTS,
	},
	{
		name: 'ask a question: empty', status: 400, as: 'employee', focusOnLoad: '.error-summary',
		variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/neurokring/ask');
			const form = 'main form[action="/n/neurokring/ask"]';
			return navigation(page, () => page.evaluate((sel) => {
				const f = document.querySelector(sel);
				f.querySelector('[name="text"]').removeAttribute('required');
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}, form));
		},
	},
	{ name: 'my questions', path: '/questions', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS },
	{
		name: 'open with a code', path: '/questions/code', status: 200, as: 'employee',
		variants: SIGNED_IN_VARIANTS,
	},
	{ name: 'referral directory', path: '/referrals', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS },
	{
		name: 'questions queue', path: '/n/iedereen-telt/questions', status: 200, as: 'chair',
		variants: SIGNED_IN_VARIANTS,
	},
	{
		name: 'a question for the core team', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/iedereen-telt/questions');
			const href = await page.evaluate(() => {
				const a = document.querySelector('main ol.queue a');
				return a ? a.getAttribute('href') : null;
			});
			if (!href)
				throw new Error('the queue of Iedereen Telt lists no question');
			return goto(page, base + href);
		},
	},
	// The budget (src/app/budget): the chair of Iedereen Telt reads the demo's budget of this
	// year, one of its expenses (the one with a receipt) and the request that waits.
	{ name: 'budget', path: '/n/iedereen-telt/budget', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{
		name: 'budget expense', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/iedereen-telt/budget');
			const href = await page.evaluate(() => {
				const a = document.querySelector('main a[href*="/expenses/"]');
				return a ? a.getAttribute('href') : null;
			});
			if (!href)
				throw new Error('the budget of Iedereen Telt lists no expense');
			return goto(page, base + href);
		},
	},
	{
		name: 'budget request', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/iedereen-telt/budget');
			const href = await page.evaluate(() => {
				const a = document.querySelector('main a[href*="/requests/"]');
				return a ? a.getAttribute('href') : null;
			});
			if (!href)
				throw new Error('the budget of Iedereen Telt lists no request');
			return goto(page, base + href);
		},
	},
	// A core team that lasts (src/app/coreteam): the team page with its warnings and forms, a
	// term refused for an end before its start, a term's page, the history and the chair's
	// handover notes; the open role on the network's page is on 'network page' above.
	{ name: 'core team', path: '/n/iedereen-telt/team', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{
		name: 'core team: end before start', status: 400, as: 'chair', focusOnLoad: '.error-summary',
		variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/iedereen-telt/team');
			const form = 'main form[action="/n/iedereen-telt/team/terms"]';
			return navigation(page, () => page.evaluate((sel) => {
				const f = document.querySelector(sel);
				f.querySelector('[name="role"][value="secretary"]').checked = true;
				f.querySelector('[name="email"]').value = 'medewerker@rijnstad.example';
				f.querySelector('[name="starts"]').value = '2026-06-01';
				f.querySelector('[name="planned_end"]').value = '2026-05-01';
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}, form));
		},
	},
	{
		name: 'core team term', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/iedereen-telt/team');
			const href = await page.evaluate(() => {
				const a = document.querySelector('main table a[href*="/team/terms/"]');
				return a ? a.getAttribute('href') : null;
			});
			if (!href)
				throw new Error('the team page of Iedereen Telt links no term');
			return goto(page, base + href);
		},
	},
	{ name: 'core team history', path: '/n/iedereen-telt/team/history', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{ name: 'handover notes', path: '/n/iedereen-telt/team/notes/chair', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	// The consultation hour (src/app/consult): Neurokring's hours, and the demo employee's
	// appointments (the small demo books one talk for them).
	{ name: 'consultation hours', path: '/n/neurokring/consult', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS },
	{ name: 'my appointments', path: '/consult', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS },
	{ name: 'figures of the consultation hour', path: '/n/iedereen-telt/consult/figures', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{ name: 'awareness days', path: '/admin/awareness', status: 200, as: 'admin', variants: SIGNED_IN_VARIANTS },
	{ name: 'one awareness day', path: '/admin/awareness/4', status: 200, as: 'admin', variants: SIGNED_IN_VARIANTS },
	{ name: 'figures of the questions desk', path: '/n/iedereen-telt/questions/figures', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{ name: 'frequently asked questions', path: '/n/iedereen-telt/faq', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS },
	{ name: 'change a question in the FAQ', path: '/n/iedereen-telt/faq/1', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	// Experience stories (src/app/stories): the list an employee reads (stories for the whole
	// organisation), a members' story behind its content note, writing one (and its error
	// summary), the chair's own stories with the interview the demo gave them, and the review.
	{ name: 'stories', path: '/n/iedereen-telt/stories', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS },
	{
		name: 'story with a content note', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/iedereen-telt/stories');
			const href = await page.evaluate(() => {
				for (const li of document.querySelectorAll('main ul.stories > li'))
					if (li.querySelector('.content-note'))
						return li.querySelector('a').getAttribute('href');
				return null;
			});
			if (!href)
				throw new Error('the stories of Iedereen Telt have none with a content note');
			return goto(page, base + href);
		},
	},
	{ name: 'write a story', path: '/n/iedereen-telt/stories/new', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS },
	{
		name: 'write a story: empty', status: 400, as: 'member', focusOnLoad: '.error-summary',
		variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/iedereen-telt/stories/new');
			return navigation(page, () => page.evaluate(() => {
				const f = document.querySelector('main form[action$="/stories/new"]');
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}));
		},
	},
	{ name: 'your stories', path: '/n/iedereen-telt/stories/mine', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{
		name: 'your story', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/iedereen-telt/stories/mine');
			const href = await page.evaluate(() => {
				const a = document.querySelector('main a[href$="/write"]');
				return a ? a.getAttribute('href') : null;
			});
			if (!href)
				throw new Error('the chair has no story of their own in the demo');
			return goto(page, base + href);
		},
	},
	// A story with the demo's comments (the story the chair pinned on the network's page), its
	// comment form sent empty, and the core team's page to hide a comment.
	{ name: 'story with comments', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS,
		open: openPinnedStory,
		expect: async (page) => (await page.evaluate(() =>
			document.querySelectorAll('main article.post').length > 0 &&
			!!document.querySelector('main form[action$="/comments"] input[type="radio"][value="only-me"]')))
			? [] : ['the pinned story has no comments or no choice of how a comment appears'] },
	{ name: 'story comment: empty', status: 400, as: 'member', focusOnLoad: '.error-summary',
		variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await openPinnedStory(page, base);
			return navigation(page, () => page.evaluate(() => {
				const f = document.querySelector('main form[action$="/comments"]');
				f.querySelector('textarea[name="body"]').value = '';
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}));
		} },
	{ name: 'hide a comment', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await openPinnedStory(page, base);
			const href = await page.evaluate(() => {
				const a = document.querySelector('main a[href$="/hide"]');
				return a ? a.getAttribute('href') : null;
			});
			if (!href)
				throw new Error('the core team has no link to hide a comment');
			return goto(page, base + href);
		} },
	{ name: 'stories to review', path: '/n/iedereen-telt/stories/review', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{
		name: 'review a story', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/iedereen-telt/stories/review');
			const href = await page.evaluate(() => {
				const a = document.querySelector('main a[href$="/review"]');
				return a ? a.getAttribute('href') : null;
			});
			if (!href)
				throw new Error('no story waits for the core team of Iedereen Telt in the demo');
			return goto(page, base + href);
		},
	},
	// Buddies (src/app/buddies): the member's pages in Neurokring (what a buddy is, asking for
	// one, applying, a request refused for lacking a theme, my buddy page), and the pages of
	// the chair, who coordinates Iedereen Telt's buddies in the small demo: the requests, one
	// request with its suggestions, one buddy's record, the themes and the figures.
	{ name: 'buddies', path: '/n/neurokring/buddies', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS },
	{ name: 'ask for a buddy', path: '/n/neurokring/buddies/ask', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS },
	{
		name: 'ask for a buddy: no theme', status: 400, as: 'member', focusOnLoad: '.error-summary',
		variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/neurokring/buddies/ask');
			const form = 'main form[action="/n/neurokring/buddies/ask"]';
			return navigation(page, () => page.evaluate((sel) => {
				const f = document.querySelector(sel);
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}, form));
		},
	},
	{ name: 'become a buddy', path: '/n/neurokring/buddies/apply', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS },
	{ name: 'my buddy page', path: '/buddies', status: 200, as: 'member', variants: SIGNED_IN_VARIANTS },
	{ name: 'buddy requests', path: '/n/iedereen-telt/buddies/coordinate', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{
		name: 'buddy request', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
		open: buddyLink('main a[href^="/buddies/requests/"]'),
	},
	{
		name: 'buddy record', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
		open: buddyLink('main a[href*="/buddies/b/"]'),
	},
	{ name: 'buddy themes', path: '/n/iedereen-telt/buddies/settings', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{ name: 'figures of the buddies', path: '/n/iedereen-telt/buddies/figures', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	// Hours and the energy guard (src/app/hours): the chair of Iedereen Telt has an approved
	// yearly agreement there and bookings in the demo; the administrator sets the rule.
	{ name: 'my hours', path: '/me/hours', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{ name: 'book time', path: '/n/iedereen-telt/hours', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{
		name: 'book time: too long', status: 400, as: 'chair', focusOnLoad: '.error-summary',
		variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await goto(page, base + '/n/iedereen-telt/hours');
			const form = 'main form[action="/n/iedereen-telt/hours"]';
			return navigation(page, () => page.evaluate((sel) => {
				const f = document.querySelector(sel);
				const h = f.querySelector('[name="hours"]');
				h.removeAttribute('max');
				h.value = '25';
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}, form));
		},
	},
	{
		name: 'ask for an hours agreement', path: '/n/iedereen-telt/hours/agreement', status: 200,
		as: 'chair', variants: SIGNED_IN_VARIANTS,
	},
	{ name: 'load of the core team', path: '/n/iedereen-telt/load', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{ name: 'hours rule', path: '/hours/rule', status: 200, as: 'admin', variants: SIGNED_IN_VARIANTS },
	// The search (src/app/search): results of every kind for a member of Iedereen Telt (the
	// chair), one kind with its pages, and a query of only operators refused.
	{ name: 'search', path: '/search?q=werkplek', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{ name: 'search in the forum', path: '/search?q=de&in=forum', status: 200, as: 'chair', variants: ['default', 'calm=1'] },
	{ name: 'search refused', path: '/search?q=%2A%2A', status: 400, as: 'employee', focusOnLoad: '.error-summary', variants: ['default', 'theme=dark&contrast=high'] },
	// The knowledge base (src/app/knowledge): Iedereen Telt's list as an employee (organisation
	// pages only) and as its chair, the route to an adjustment (three versions in the demo) as
	// both, its versions and its first version, the forms, and a save refused for an empty title.
	{ name: 'knowledge base', path: '/n/iedereen-telt/knowledge', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS },
	{ name: 'knowledge base (core team)', path: '/n/iedereen-telt/knowledge', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{ name: 'knowledge page', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS, open: knowledgeLinks([]) },
	{ name: 'knowledge page (core team)', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS, open: knowledgeLinks([]) },
	{
		name: 'knowledge versions', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS,
		open: knowledgeLinks(['main a[href$="/versions"]']),
	},
	{
		name: 'knowledge old version', status: 200, as: 'employee', variants: SIGNED_IN_VARIANTS,
		open: knowledgeLinks(['main a[href$="/versions"]', 'main table a[href$="/versions/1"]']),
	},
	{ name: 'knowledge new page', path: '/n/iedereen-telt/knowledge/new', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS },
	{
		name: 'knowledge edit', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
		open: knowledgeLinks(['main a[href$="/edit"]']),
	},
	{
		// The first of deleting's two steps, which changes nothing.
		name: 'knowledge delete: confirm', status: 200, as: 'chair', variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await knowledgeLinks([])(page, base);
			return navigation(page, () => page.evaluate(() => {
				const f = document.querySelector('main form[action$="/delete"]');
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}));
		},
	},
	{
		name: 'knowledge edit: empty title', status: 400, as: 'chair', focusOnLoad: '.error-summary',
		variants: SIGNED_IN_VARIANTS,
		open: async (page, base) => {
			await knowledgeLinks(['main a[href$="/edit"]'])(page, base);
			return navigation(page, () => page.evaluate(() => {
				const f = document.querySelector('main form[action$="/edit"]');
				f.querySelector('[name="title"]').removeAttribute('required');
				f.querySelector('[name="title"]').value = '';
				f.requestSubmit(f.querySelector('button[type="submit"]') || undefined);
			}));
		},
	},
];

// Opens Iedereen Telt's route to an adjustment (from its knowledge base) and follows the first
// link matching each selector in turn.
function knowledgeLinks(selectors) {
	return async (page, base) => {
		let resp = await goto(page, base + '/n/iedereen-telt/knowledge');
		for (const sel of ['main a[href*="/knowledge/"][lang]', ...selectors]) {
			const href = await page.evaluate((q) => {
				const all = [...document.querySelectorAll(q)];
				const a = q.includes('[lang]')
					? all.find((e) => e.textContent.startsWith('Routekaart')) : all[0];
				return a ? a.getAttribute('href') : null;
			}, sel);
			if (!href)
				throw new Error(`no link ${sel} on ${page.url()}`);
			resp = await goto(page, base + href);
		}
		return resp;
	};
}

// Opens the buddy coordinators' page of Iedereen Telt and follows its first link matching sel.
function buddyLink(sel) {
	return async (page, base) => {
		await goto(page, base + '/n/iedereen-telt/buddies/coordinate');
		const href = await page.evaluate((q) => {
			const a = document.querySelector(q);
			return a ? a.getAttribute('href') : null;
		}, sel);
		if (!href)
			throw new Error(`no link ${sel} on the buddy coordinators' page of Iedereen Telt`);
		return goto(page, base + href);
	};
}

// Opens the story the demo's chair pinned on the page of Iedereen Telt (the first story link
// there: the pinned ones come before the new ones).
async function openPinnedStory(page, base) {
	await goto(page, base + '/n/iedereen-telt');
	const href = await page.evaluate(() => {
		for (const a of document.querySelectorAll('main a[href*="/stories/"]'))
			if (/\/stories\/\d+$/.test(a.getAttribute('href')))
				return a.getAttribute('href');
		return null;
	});
	if (!href)
		throw new Error('the page of Iedereen Telt shows no story');
	return goto(page, base + href);
}

// Opens the forum of Iedereen Telt and follows the first link matching each selector in turn.
function forumLinks(selectors) {
	return async (page, base) => {
		let resp = await goto(page, base + '/n/iedereen-telt/forum');
		for (const sel of selectors) {
			const href = await page.evaluate((q) => {
				const a = document.querySelector(q);
				return a ? a.getAttribute('href') : null;
			}, sel);
			if (!href)
				throw new Error(`no link ${sel} on ${page.url()}`);
			resp = await goto(page, base + href);
		}
		return resp;
	};
}

// ---------------------------------------------------------------------------------------------
// Helpers that run inside the page. Installed as an init script (CDP injects it, so the page's
// CSP does not apply) as window.__kringTest; it only reads the page.
function kringTestHelpers() {
	const FOCUSABLE = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, ' +
		'iframe, summary, [tabindex], [contenteditable]:not([contenteditable="false"]), ' +
		'audio[controls], video[controls]';

	function describe(el) {
		if (!el)
			return 'nothing';
		if (el === document.body)
			return '<body>';
		let s = el.tagName.toLowerCase();
		if (el.id)
			s += '#' + el.id;
		const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/) : [];
		for (const c of cls.filter(Boolean).slice(0, 2))
			s += '.' + c;
		for (const a of ['name', 'value', 'href'])
			if (el.hasAttribute(a) && el.tagName !== 'TEXTAREA')
				s += `[${a}="${el.getAttribute(a).slice(0, 30)}"]`;
		const text = (el.getAttribute('aria-label') || el.textContent || '').trim()
			.replace(/\s+/g, ' ').slice(0, 40);
		if (text && el.tagName !== 'MAIN' && el.tagName !== 'FORM')
			s += ` "${text}"`;
		return s;
	}

	function disabled(el) {
		if (!el.matches('button, input, select, textarea'))
			return false;
		if (el.disabled)
			return true;
		const fs = el.closest('fieldset[disabled]');
		if (!fs)
			return false;
		const legend = fs.querySelector(':scope > legend');
		return !(legend && legend.contains(el));
	}

	function scrollContainer(el) {
		const cs = getComputedStyle(el);
		const scrolls = (o) => o === 'auto' || o === 'scroll';
		const over = (scrolls(cs.overflowX) && el.scrollWidth > el.clientWidth) ||
			(scrolls(cs.overflowY) && el.scrollHeight > el.clientHeight);
		return over && !el.querySelector(FOCUSABLE);
	}

	// The elements Tab stops at, in DOM order, as Chromium does it: one radio button per group
	// (the checked one, else the first), no disabled, inert, hidden or tabindex<0 elements,
	// scroll containers without focusable content.
	function tabbables() {
		const all = [];
		for (const el of document.querySelectorAll('body *')) {
			if (!el.matches(FOCUSABLE) && !scrollContainer(el))
				continue;
			if (el.hasAttribute('tabindex') && el.tabIndex < 0)
				continue;
			if (el.tagName === 'SUMMARY' && !el.hasAttribute('tabindex') &&
				!(el.parentElement && el.parentElement.tagName === 'DETAILS' &&
					el.parentElement.querySelector(':scope > summary') === el))
				continue;
			if (disabled(el) || el.closest('[inert]'))
				continue;
			if (!el.checkVisibility({ visibilityProperty: true }))
				continue;
			all.push(el);
		}
		const groups = new Map();
		for (const el of all) {
			if (el.tagName !== 'INPUT' || el.type !== 'radio' || !el.name)
				continue;
			const key = el.form || document;
			if (!groups.has(key))
				groups.set(key, new Map());
			const byName = groups.get(key);
			if (!byName.has(el.name))
				byName.set(el.name, []);
			byName.get(el.name).push(el);
		}
		const skip = new Set();
		for (const byName of groups.values()) {
			for (const radios of byName.values()) {
				const keep = radios.find((r) => r.checked) || radios[0];
				for (const r of radios)
					if (r !== keep)
						skip.add(r);
			}
		}
		return all.filter((el) => !skip.has(el));
	}

	function candidates(el) {
		const c = [[el, null, 'element'], [el, '::before', 'element::before'],
			[el, '::after', 'element::after']];
		for (const l of el.labels || [])
			c.push([l, null, 'label'], [l, '::before', 'label::before'],
				[l, '::after', 'label::after']);
		return c;
	}

	function ring(e, pseudo) {
		const s = getComputedStyle(e, pseudo);
		return {
			outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
			outlineColor: s.outlineColor, boxShadow: s.boxShadow, content: s.content,
		};
	}

	function transparent(color) {
		return color === 'transparent' || /^rgba\(.*,\s*0(\.0+)?\)$/.test(color);
	}

	function ringShows(r) {
		return (r.outlineStyle !== 'none' && r.outlineWidth >= 2 && !transparent(r.outlineColor)) ||
			(r.boxShadow && r.boxShadow !== 'none');
	}

	function snapshot(el) {
		const s = {};
		for (const [e, pseudo, what] of candidates(el))
			s[what] = JSON.stringify(ring(e, pseudo));
		return s;
	}

	// Can the element itself be seen (not the visually-hidden input behind a styled label)?
	function seen(el) {
		const r = el.getBoundingClientRect();
		if (r.width < 2 || r.height < 2)
			return false;
		for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
			const cs = getComputedStyle(e);
			if (parseFloat(cs.opacity) < 0.1)
				return false;
			if (cs.clip === 'rect(0px, 0px, 0px, 0px)' || /inset\(50%\)/.test(cs.clipPath))
				return false;
		}
		return true;
	}

	// The focus indicator on el, compared with how el looked before anything had focus: an
	// outline of at least 2 px or a box-shadow, on the element, its pseudo-elements, or its
	// label (for inputs drawn by their label). Returns where it shows, or null.
	function indicator(el) {
		const before = state.snap.get(el);
		for (const [e, pseudo, what] of candidates(el)) {
			const now = ring(e, pseudo);
			if (pseudo && (now.content === 'none' || now.content === 'normal'))
				continue;
			if (!ringShows(now))
				continue;
			if (what === 'element' && !seen(el))
				continue;
			if (before && before[what] === JSON.stringify(now))
				continue; /* looks the same without focus: not a focus indicator */
			return { where: what, contrast: ringContrast(e, pseudo, now) };
		}
		return null;
	}

	function rgba(color) {
		const m = /rgba?\(([^)]+)\)/.exec(color || '');
		if (!m)
			return null;
		const v = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
		return { r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1 };
	}

	function luminance(c) {
		const f = (x) => {
			x /= 255;
			return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
		};
		return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
	}

	// The opaque background colour behind e, or null when an image or gradient is in the way.
	function backgroundOf(e) {
		for (; e; e = e.parentElement) {
			const cs = getComputedStyle(e);
			if (cs.backgroundImage && cs.backgroundImage !== 'none')
				return null;
			const c = rgba(cs.backgroundColor);
			if (c && c.a >= 0.99)
				return c;
			if (c && c.a > 0.01)
				return null; /* translucent: too unsure to judge */
		}
		return { r: 255, g: 255, b: 255, a: 1 };
	}

	// WCAG 1.4.11: the focus ring against what surrounds it (an outline drawn outside the
	// element meets the parent's background; an inset one the element's own).
	function ringContrast(e, pseudo, r) {
		let color;
		if (r.outlineStyle !== 'none' && r.outlineWidth >= 2)
			color = rgba(r.outlineColor);
		else
			color = rgba((/rgba?\([^)]+\)/.exec(r.boxShadow) || [''])[0]);
		const outside = r.outlineStyle !== 'none' &&
			parseFloat(getComputedStyle(e, pseudo).outlineOffset) >= 0;
		const bg = backgroundOf(outside && !pseudo ? e.parentElement : e);
		if (!color || !bg || color.a < 0.99)
			return null;
		const [l1, l2] = [luminance(color), luminance(bg)].sort((x, y) => y - x);
		return Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100;
	}

	// Text in the other language, not marked with its own lang (WCAG 3.1.1, 3.1.2): a few
	// common words decide; names, addresses and short labels have none and are left alone.
	const WORDS = {
		nl: new Set(('de het een van en je jij jouw niet op dat die voor met naar er ook wat hoe ' +
			'zijn wordt worden kun kunt kan bij aan als dit deze nog geen wij ze hun zich maar om ' +
			'uit moet heeft hebben ik jullie waar dan wel alle elke iedereen onze ons te tot nu zo ' +
			'staat gaat wil heb').split(' ')),
		en: new Set(('the and to you your are this that with for on at not it be can there here ' +
			'what how from by or will has have page which who our their they more about been does ' +
			'into than these those when where why would should its an a').split(' ')),
	};
	function languageOf(text) {
		const words = text.toLowerCase().match(/[a-zà-ÿ']+/g) || [];
		if (words.length < 4)
			return null;
		const hits = { nl: 0, en: 0 };
		for (const w of words)
			for (const l of ['nl', 'en'])
				if (WORDS[l].has(w))
					hits[l]++;
		if (hits.nl >= 2 && hits.nl > 2 * hits.en)
			return 'nl';
		if (hits.en >= 2 && hits.en > 2 * hits.nl)
			return 'en';
		return null;
	}
	function wrongLanguage() {
		const out = [];
		const htmlLang = document.documentElement.getAttribute('lang');
		const t = languageOf(document.title);
		if (t && t !== htmlLang)
			out.push(`<title> is in ${t}: "${document.title}"`);
		const taken = new Set();
		for (const el of document.querySelectorAll('body *')) {
			if (el.closest('script, style, template') || !el.checkVisibility())
				continue;
			const own = [...el.childNodes].some((n) => n.nodeType === 3 && /\p{L}/u.test(n.data));
			if (!own)
				continue;
			let up = el.parentElement;
			while (up && !taken.has(up))
				up = up.parentElement;
			if (up)
				continue;
			taken.add(el);
			// a part with its own lang says its language itself and is not counted here
			const walker = document.createTreeWalker(el, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
				acceptNode: (n) => n.nodeType === 1 && n !== el && n.hasAttribute('lang')
					? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
			});
			let text = '';
			for (let n = walker.nextNode(); n; n = walker.nextNode())
				if (n.nodeType === 3)
					text += n.data;
			text = text.replace(/\s+/g, ' ').trim();
			const found = languageOf(text);
			const declared = (el.closest('[lang]') || document.documentElement).getAttribute('lang');
			// lang="zxx": no language at all (a hash, a key to type in), so nothing to match.
			if (found && declared && declared !== 'zxx' && found !== declared.slice(0, 2)) {
				const quote = text.length > 70 ? text.slice(0, 70) + '…' : text;
				const where = describe(el).replace(/ ".*/, '');
				out.push(`text in ${found} inside lang="${declared}": "${quote}" (${where})`);
			}
		}
		return out;
	}

	// Anything that still moves (WCAG 2.3.3, and what motion=reduce and calm promise).
	function moving() {
		const out = [];
		for (const el of document.querySelectorAll('*')) {
			for (const pseudo of [null, '::before', '::after']) {
				const cs = getComputedStyle(el, pseudo);
				const secs = (v) => Math.max(...v.split(',')
					.map((x) => parseFloat(x) * (/ms/.test(x) ? 0.001 : 1)));
				const what = describe(el).replace(/ ".*/, '') + (pseudo || '');
				if (cs.animationName !== 'none' && secs(cs.animationDuration) > 0.01)
					out.push(`${what} animation ${cs.animationName}`);
				else if (secs(cs.transitionDuration) > 0.01 && cs.transitionProperty !== 'none')
					out.push(`${what} transition ${cs.transitionProperty} ${cs.transitionDuration}`);
			}
		}
		return out;
	}

	// Text cut off by its box (for WCAG 1.4.12 text spacing): a box that hides overflow while
	// its content is larger.
	function clipped() {
		const out = [];
		for (const el of document.querySelectorAll('body *')) {
			const cs = getComputedStyle(el);
			const hides = (o) => o === 'hidden' || o === 'clip';
			if (!el.checkVisibility() || !el.textContent.trim())
				continue;
			const r = el.getBoundingClientRect();
			if (r.width <= 2 || r.height <= 2)
				continue; /* visually hidden on purpose */
			if ((hides(cs.overflowY) && el.scrollHeight > el.clientHeight + 1) ||
				(hides(cs.overflowX) && el.scrollWidth > el.clientWidth + 1))
				out.push(describe(el));
		}
		return out;
	}

	function obscured(el) {
		const r = el.getBoundingClientRect();
		const x0 = Math.max(r.left, 0), x1 = Math.min(r.right, innerWidth);
		const y0 = Math.max(r.top, 0), y1 = Math.min(r.bottom, innerHeight);
		if (x1 <= x0 || y1 <= y0)
			return false; /* reported as "outside the viewport" */
		const labels = [...(el.labels || [])];
		const pts = [[(x0 + x1) / 2, (y0 + y1) / 2], [x0 + 1, y0 + 1], [x1 - 1, y0 + 1],
			[x0 + 1, y1 - 1], [x1 - 1, y1 - 1]];
		for (const [x, y] of pts) {
			const hit = document.elementFromPoint(x, y);
			if (hit && (hit === el || el.contains(hit) || hit.contains(el) ||
				labels.some((l) => l.contains(hit))))
				return false;
		}
		return describe(document.elementFromPoint((x0 + x1) / 2, (y0 + y1) / 2));
	}

	const state = { list: [], snap: new Map() };

	return {
		describe,
		wrongLanguage,
		moving,
		clipped,
		// Takes the tab order of the page as it is now, and how each stop looks unfocused.
		prepare() {
			state.list = tabbables();
			state.snap = new Map(state.list.map((el) => [el, snapshot(el)]));
			const a = document.activeElement;
			const focused = a && a !== document.body ? a : null;
			let next = 0;
			if (focused) {
				next = state.list.findIndex((el) => el !== focused &&
					(focused.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
			}
			const main = document.getElementById('main');
			return {
				stops: state.list.map(describe),
				// where Tab goes after the skip link moved only the starting point to <main>
				afterMain: main ? state.list.findIndex((el) =>
					main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) : 0,
				positive: [...document.querySelectorAll('[tabindex]')]
					.filter((el) => el.tabIndex > 0).map(describe),
				focused: focused ? describe(focused) : null,
				next,
			};
		},
		// Where focus is now, and whether a sighted keyboard user can see it.
		focus() {
			const el = document.activeElement;
			if (!el || el === document.body)
				return { body: true, idx: -1, desc: '<body>' };
			const r = el.getBoundingClientRect();
			return {
				body: false,
				idx: state.list.indexOf(el),
				desc: describe(el),
				main: el.id === 'main' && el.tagName === 'MAIN',
				inViewport: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 &&
					r.left < innerWidth && r.top < innerHeight,
				wholly: r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 &&
					r.right <= innerWidth && r.bottom <= innerHeight,
				indicator: indicator(el),
				obscuredBy: obscured(el),
				// the next tab stop after this element, when it is not a stop itself (main)
				next: state.list.findIndex((e) => e !== el &&
					(el.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING)),
			};
		},
		// The outermost elements that stick out to the right of the viewport.
		overflowing() {
			const w = window.innerWidth;
			const out = [];
			for (const el of document.querySelectorAll('body *')) {
				const r = el.getBoundingClientRect();
				if (r.width === 0 || r.right <= w + 0.5)
					continue;
				const pr = el.parentElement.getBoundingClientRect();
				if (el.parentElement !== document.body && pr.right > w + 0.5)
					continue;
				out.push(`${describe(el)} (right edge ${Math.round(r.right)} px)`);
			}
			return out;
		},
	};
}

// ---------------------------------------------------------------------------------------------
// The run: results, the server, the browser.

const results = []; // { name, problems: [] } in the order the checks were defined
const notes = [];

let aborting = false; // once set, only abort() writes

function fail(msg) {
	if (!aborting)
		process.stdout.write(msg + '\n');
}

// ", and 3 more" when a list was cut to its first n.
function more(list, n) {
	return list.length > n ? `, and ${list.length - n} more` : '';
}

function shorten(s, n = 300) {
	s = String(s).replace(/\s+/g, ' ').trim();
	return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

async function goto(page, url) {
	return page.goto(url, { waitUntil: 'load', timeout: STEP_TIMEOUT_MS });
}

// Runs action (which makes the page navigate) and resolves to the navigation's final response.
async function navigation(page, action) {
	const [resp] = await Promise.all([
		page.waitForNavigation({ waitUntil: 'load', timeout: STEP_TIMEOUT_MS }),
		action(),
	]);
	return resp;
}

function prefsValue(prefs, lang) {
	const p = new URLSearchParams(prefs);
	if (lang)
		p.set('lang', lang);
	return p.toString();
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function csrfOf(html) {
	const m = /name="csrf" value="([^"]+)"/.exec(html);
	if (!m)
		throw new Error('no csrf token in the page');
	return m[1];
}

// The value of cookie `name` a response sets, or null.
function setCookie(resp, name) {
	for (const line of resp.headers.getSetCookie()) {
		const [pair] = line.split(';');
		const eq = pair.indexOf('=');
		if (pair.slice(0, eq).trim() === name)
			return pair.slice(eq + 1).trim() || null;
	}
	return null;
}

// RFC 6238: the 6-digit code of a base32 secret for a 30-second step (HMAC-SHA1).
function totp(secret, step) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const ch of secret.replace(/\s+/g, '').toUpperCase())
		bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
	const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(step));
	const mac = crypto.createHmac('sha1', key).update(msg).digest();
	const off = mac[mac.length - 1] & 0x0f;
	return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

class Server {
	constructor(bin, dir) {
		this.bin = bin;
		this.dir = dir;
		this.db = path.join(dir, 'kring.db');
		this.log = '';
		this.proc = null;
		this.exited = null;
		this.sessions = {};
		this.csrfCookie = null;
	}

	admin(args, input) {
		const r = spawnSync(this.bin, args, { encoding: 'utf8', timeout: 30000, input });
		if (r.status !== 0)
			throw new Error(`\`kring ${args.join(' ')}\` failed (${r.error ? r.error.message :
				'exit ' + r.status}): ${shorten(r.stderr + r.stdout)}`);
	}

	async start() {
		this.admin(['init', '--db', this.db]);
		this.admin(['demo', '--db', this.db]);
		const port = await freePort();
		this.base = `http://127.0.0.1:${port}`;
		this.proc = spawn(this.bin, ['serve', '--db', this.db, '--listen', `127.0.0.1:${port}`],
			{ stdio: ['ignore', 'pipe', 'pipe'] });
		const keep = (d) => { this.log = (this.log + d).slice(-4000); };
		this.proc.stdout.on('data', keep);
		this.proc.stderr.on('data', keep);
		this.proc.on('exit', (code, sig) => { this.exited = sig || code; });
		const deadline = Date.now() + 15000;
		while (Date.now() < deadline) {
			if (this.exited !== null)
				throw new Error(`kring serve exited (${this.exited}): ${shorten(this.log)}`);
			try {
				const r = await fetch(this.base + '/healthz', { signal: AbortSignal.timeout(1000) });
				if (r.status === 200)
					return;
			} catch {
				/* not listening yet */
			}
			await sleep(100);
		}
		throw new Error(`kring serve did not answer GET /healthz with 200 within 15 s: ${shorten(this.log)}`);
	}

	// The sessions pages are opened with (PAGES[].as), made once through the sign-in form over
	// HTTP and shared by every browser context (the pages only read).
	async signIns() {
		this.sessions = {};
		this.sessions.employee = (await this.signIn('medewerker@rijnstad.example', '/')).session;
		this.sessions.adminSetUp = (await this.signIn('beheer@rijnstad.example',
			'/account/two-factor')).session;
		// The chair sets up two-step sign-in, then signs in again: the session waits for the code.
		const first = await this.signIn('voorzitter@rijnstad.example', '/account/two-factor');
		// That session is now signed in all the way: the chair, core team of Iedereen Telt,
		// starts a subgroup with it.
		this.sessions.chair = await this.setUpTwoStep(first.session, 'the chair');
		await this.post('/n/iedereen-telt/groups', this.sessions.chair, { name: 'Autisme',
			slug: SUBGROUP, description: 'Voor collega\'s met autisme.' },
			`/n/iedereen-telt/g/${SUBGROUP}?done=started`);
		// A member: an account of its own, joined through the two steps of each join form.
		this.admin(['user', 'add', 'lid@rijnstad.example', 'Lotte de Lid', '--password-stdin',
			'--db', this.db], 'Rijnstad-demo-2026\n');
		this.sessions.member = (await this.signIn('lid@rijnstad.example', '/')).session;
		for (const [group, choice] of [
			['/n/neurokring', { appearance: 'visible', pseudonym: '', line: 'Werkt bij Burgerzaken',
				ally: '1' }],
			['/n/iedereen-telt', { appearance: 'pseudonym', pseudonym: 'Zonnebloem', line: '' }],
			[`/n/iedereen-telt/g/${SUBGROUP}`, { appearance: 'silent', pseudonym: '', line: '' }],
		])
			await this.post(`${group}/join`, this.sessions.member, choice, `${group}?done=joined`);
		// The member registers for Neurokring's workshop with access needs and keeps them
		// (src/app/events/needs_pages.c): the pages of one's needs and one's profile.
		await this.post('/events/3/register', this.sessions.member, { place: 'site',
			need_quiet: '1', need_breaks: '1', need_other: 'Graag de dia\'s vooraf.',
			keep_needs: '1' }, '/events/3?done=registered');
		// Feedback after an event (src/app/events/feedback_pages.c): the chair plans an event,
		// the member registers, and the run moves it into the past in the database (an event
		// cannot be planned or joined there through the pages).
		this.pastEvent = await this.planEvent(this.sessions.chair, 'iedereen-telt',
			'Terugkijkmiddag');
		await this.post(`/events/${this.pastEvent}/register`, this.sessions.member,
			{ place: 'site' }, `/events/${this.pastEvent}?done=registered`);
		const now = Math.floor(Date.now() / 1000);
		const sql = spawnSync('sqlite3', ['-cmd', '.timeout 10000', this.db,
			`UPDATE event SET starts_at = ${now - 7200}, ends_at = ${now - 3600}, ` +
			`deadline = ${now - 90000} WHERE id = ${this.pastEvent}`], { encoding: 'utf8' });
		if (sql.status !== 0)
			throw new Error(`moving the event into the past: ${sql.stderr}`);
		await this.upload('/account/photo', this.sessions.member, 'photo', pngImage(120, 90),
			'/account/photo?done=saved');
		for (const lang of LANGS)
			this.admin(['user', 'add', PHOTO_PERSON[lang].email, PHOTO_PERSON[lang].name,
				'--password-stdin', '--db', this.db], 'Rijnstad-demo-2026\n');
		this.sessions.photo = {};
		for (const lang of LANGS)
			this.sessions.photo[lang] = (await this.signIn(PHOTO_PERSON[lang].email, '/')).session;
		this.sessions.chairCode = (await this.signIn('voorzitter@rijnstad.example',
			'/sign-in/code?next=/')).session;
		// Asked by the chair to coordinate the subgroup, never answering: the request page
		// and the home page's notice stay as they are. The colleagues of the keyboard check
		// of the coordinator form answer for themselves.
		this.admin(['user', 'add', ASKED.email, ASKED.name, '--password-stdin', '--db', this.db],
			'Rijnstad-demo-2026\n');
		await this.post(`/n/iedereen-telt/g/${SUBGROUP}/coordinators`, this.sessions.chair,
			{ email: ASKED.email, action: 'add' }, `/n/iedereen-telt/g/${SUBGROUP}?done=asked`,
			`/n/iedereen-telt/g/${SUBGROUP}`);
		this.sessions.asked = (await this.signIn(ASKED.email, '/')).session;
		this.sessions.colleague = {};
		for (const lang of LANGS)
			this.sessions.colleague[lang] = (await this.signIn(COORDINATOR[lang].email, '/')).session;
		// An administrator of the run's own, two-step sign-in set up, for the administrator's pages.
		this.admin(['user', 'add', ADMIN.email, ADMIN.name, '--password-stdin', '--db', this.db],
			'Rijnstad-demo-2026\n');
		this.admin(['user', 'role', ADMIN.email, 'admin', '--db', this.db]);
		const adminFirst = await this.signIn(ADMIN.email, '/account/two-factor');
		this.sessions.admin = await this.setUpTwoStep(adminFirst.session, ADMIN.email);
		// The colleagues who set up two-step sign-in again in the step-up check, one per language.
		this.sessions.stepUp = {};
		for (const lang of LANGS) {
			this.admin(['user', 'add', STEP_UP_PERSON[lang].email, STEP_UP_PERSON[lang].name,
				'--password-stdin', '--db', this.db], 'Rijnstad-demo-2026\n');
			const s = (await this.signIn(STEP_UP_PERSON[lang].email, '/')).session;
			this.sessions.stepUp[lang] = await this.setUpTwoStep(s, STEP_UP_PERSON[lang].email);
		}
	}

	// Plans a published event 30 days ahead, on site in room 1, through the planning form;
	// resolves to its id.
	async planEvent(session, network, title) {
		const day = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
		const before = new Date(Date.now() + 29 * 86400000).toISOString().slice(0, 10);
		const from = `/events/new?network=${network}`;
		const page = await this.fetch(from, { session });
		if (page.status !== 200)
			throw new Error(`GET ${from} answered ${page.status}`);
		const r = await this.fetch(from, { session, form: { csrf: csrfOf(await page.text()),
			kind: 'meeting', title, description: 'Samen terugkijken.', agenda: '', speakers: '',
			start_date: day, start_time: '14:00', end_date: day, end_time: '16:00',
			deadline_date: before, deadline_time: '12:00', audience: 'organisation', room: '1',
			capacity_site: '10', capacity_online: '0', meeting_url: '', state: 'published' } });
		const m = /^\/events\/(\d+)\?done=saved$/.exec(r.headers.get('location') || '');
		if (r.status !== 303 || !m)
			throw new Error(`planning an event answered ${r.status} to ${r.headers.get('location')}`);
		return Number(m[1]);
	}

	// Sets up two-step sign-in with `session` (which may do so without a step-up: the account
	// has none yet); resolves to the session to go on with, signed in all the way.
	async setUpTwoStep(session, who) {
		const setUp = await this.fetch('/account/two-factor', { session });
		const html = await setUp.text();
		const secret = (/<code class="secret"[^>]*>([^<]+)<\/code>/.exec(html) || [])[1];
		const box = (/name="box" value="([^"]+)"/.exec(html) || [])[1];
		if (!secret || !box)
			throw new Error(`the two-step set-up page for ${who} shows no key or no box`);
		const on = await this.fetch('/account/two-factor', { session,
			form: { csrf: csrfOf(html), box, code: totp(secret, Math.floor(Date.now() / 30000)) } });
		if (on.status !== 200)
			throw new Error(`setting up two-step sign-in for ${who} answered ${on.status}`);
		return setCookie(on, 'session') || session;
	}

	// GET (or POST `form`, urlencoded, as a same-origin form) with the csrf cookie and an optional
	// session; keeps the csrf cookie the server sets.
	async fetch(path, { session, form } = {}) {
		const cookies = [];
		if (this.csrfCookie)
			cookies.push(`csrf=${this.csrfCookie}`);
		if (session)
			cookies.push(`session=${session}`);
		const headers = { Cookie: cookies.join('; ') };
		if (form)
			Object.assign(headers, { 'Content-Type': 'application/x-www-form-urlencoded',
				Origin: this.base, 'Sec-Fetch-Site': 'same-origin' });
		const r = await fetch(this.base + path, { method: form ? 'POST' : 'GET', headers,
			body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual',
			signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
		const csrf = setCookie(r, 'csrf');
		if (csrf)
			this.csrfCookie = csrf;
		return r;
	}

	// Opens `path` (or `from`, the page whose form posts to path) with `session` for its form's
	// token, then posts `form` to path; checks that the answer is 303 to `expect`.
	async post(path, session, form, expect, from = path) {
		const page = await this.fetch(from, { session });
		if (page.status !== 200)
			throw new Error(`GET ${from} answered ${page.status}, expected 200`);
		const r = await this.fetch(path, { session, form: { csrf: csrfOf(await page.text()), ...form } });
		if (r.status !== 303 || r.headers.get('location') !== expect)
			throw new Error(`POST ${path} answered ${r.status} to ${r.headers.get('location')}, ` +
				`expected 303 to ${expect}`);
	}

	// Signs in with the demo password through the form; resolves to { session } and checks
	// that the answer sends the browser to `expect`.
	// POSTs a file as a browser's upload form does (multipart/form-data, with the page's token);
	// requires a 303 to `expect`.
	async upload(path, session, field, bytes, expect) {
		const page = await (await this.fetch(path, { session })).text();
		const form = new FormData();
		form.append('csrf', csrfOf(page));
		form.append(field, new Blob([bytes], { type: 'image/png' }), 'foto.png');
		const r = await fetch(this.base + path, { method: 'POST', body: form, redirect: 'manual',
			headers: { Cookie: `csrf=${this.csrfCookie}; session=${session}`, Origin: this.base,
				'Sec-Fetch-Site': 'same-origin' },
			signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
		if (r.status !== 303 || r.headers.get('location') !== expect)
			throw new Error(`uploading to ${path} answered ${r.status} to ` +
				`${r.headers.get('location')}, expected 303 to ${expect}`);
	}

	async signIn(email, expect) {
		const page = await (await this.fetch('/sign-in')).text();
		const r = await this.fetch('/sign-in', { form: { csrf: csrfOf(page), email,
			password: 'Rijnstad-demo-2026', next: '/' } });
		const session = setCookie(r, 'session');
		if (r.status !== 303 || !session || r.headers.get('location') !== expect)
			throw new Error(`signing in as ${email} answered ${r.status} to ` +
				`${r.headers.get('location')}, expected 303 to ${expect} with a session`);
		return { session };
	}

	async stop() {
		if (!this.proc || this.exited !== null)
			return;
		const gone = new Promise((r) => this.proc.once('exit', r));
		this.proc.kill('SIGTERM');
		// A timer that is cleared: one left running would keep the process alive for 5 s
		// after the summary, long enough for the watchdog to fire on a run near its limit.
		let timer;
		const late = new Promise((r) => { timer = setTimeout(() => r(false), 5000); });
		const stopped = await Promise.race([gone.then(() => true), late]);
		clearTimeout(timer);
		if (stopped)
			return;
		this.proc.kill('SIGKILL');
		await Promise.race([gone, sleep(2000)]);
	}
}

let browser = null;
let server = null;

// Opens a fresh context (own cookies and emulation) with one page, runs fn(page, events) and
// closes the context. `events` collects what a page must never do: script errors, CSP
// violations, console errors and sub-resources that fail to load.
async function withPage(opts, fn) {
	const reads = []; // the pages' HTML being kept (keepDocument)
	const ctx = await browser.newContext({
		viewport: opts.viewport || { width: 1280, height: 800 },
		bypassCSP: !!opts.bypassCSP,
		...opts.context,
	});
	try {
		ctx.setDefaultTimeout(STEP_TIMEOUT_MS);
		if (opts.prefs)
			await ctx.addCookies([{ name: 'prefs', value: opts.prefs, url: server.base + '/' }]);
		await ctx.addInitScript(`window.__kringTest = (${kringTestHelpers.toString()})();`);
		const page = await ctx.newPage();
		const events = [];
		page.on('response', (r) => {
			if (r.request().isNavigationRequest() && r.frame() === page.mainFrame())
				reads.push(keepDocument(r, events.check || opts.name || 'a check'));
		});
		page.on('pageerror', (e) => events.push(`script error: ${shorten(e.message, 160)}`));
		page.on('console', (m) => {
			if (m.type() === 'error' && !/^Failed to load resource/.test(m.text()))
				events.push(`console error: ${shorten(m.text(), 160)}`);
		});
		page.on('requestfailed', (r) => {
			// ERR_ABORTED: the page navigated away while it loaded; that is the test's doing
			if (!r.isNavigationRequest() && !/favicon\.ico$/.test(r.url()) &&
				r.failure()?.errorText !== 'net::ERR_ABORTED')
				events.push(`${r.url().replace(server.base, '')} failed to load: ${r.failure()?.errorText}`);
		});
		page.on('response', (r) => {
			if (!r.request().isNavigationRequest() && r.status() >= 400 &&
				!/favicon\.ico$/.test(r.url()))
				events.push(`${r.url().replace(server.base, '')} answered ${r.status()}`);
		});
		return await fn(page, events);
	} finally {
		await Promise.all(reads);
		await ctx.close().catch(() => {});
	}
}

// ---------------------------------------------------------------------------------------------
// The HTML of every page opened, as the server sent it, checked once at the end (checkHtml).
// Two answers that differ only in what changes per request or per display preference (the
// form token, the CSP nonce, the classes on <html>) are one document.
const documents = new Map(); // key → { html, what, check }
const unread = [];           // pages whose HTML could not be read: a failure, not a skip

async function keepDocument(resp, check) {
	const type = resp.headers()['content-type'] || '';
	if (resp.status() >= 300 && resp.status() < 400)
		return; // a redirect: its page is the next response
	const what = `${resp.request().method()} ${resp.url().replace(server.base, '')} ` +
		`(${resp.status()})`;
	if (!/^text\/html\b/i.test(type))
		return;
	let html;
	try {
		html = await resp.text();
	} catch (e) {
		unread.push(`${what}, opened by "${check}": ${shorten(e.message, 120)}`);
		return;
	}
	const key = html.replace(/(name="csrf" value=")[^"]*"/g, '$1"')
		.replace(/\snonce="[^"]*"/g, '')
		.replace(/(<html\b[^>]*?)\sclass="[^"]*"/, '$1');
	const hash = crypto.createHash('sha256').update(key).digest('hex');
	if (!documents.has(hash))
		documents.set(hash, { html, what, check });
}

// What the Nu Html Checker does not call an error, read from the source (Kring's HTML writer
// escapes every "<" in text and attribute values and quotes every attribute with "), so a
// regular expression finds each tag: an id used twice, and a heading more than one level below
// the heading before it (h1 then h3), or a first heading that is not the <h1>.
function sourceProblems(html) {
	const p = [];
	const ids = new Map();
	let prev = 0;
	for (const [tag, name] of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>/g)) {
		const id = /\sid="([^"]*)"/.exec(tag);
		if (id)
			ids.set(id[1], (ids.get(id[1]) || 0) + 1);
		const h = /^h([1-6])$/i.exec(name);
		if (h) {
			const level = Number(h[1]);
			if (level > prev + 1)
				p.push(`heading level skipped: <h${level}> after ` +
					(prev ? `<h${prev}>` : 'the start of the page'));
			prev = level;
		}
	}
	const dup = [...ids].filter(([, n]) => n > 1).map(([id, n]) => `"${id}" (${n}×)`);
	if (dup.length)
		p.push(`duplicate ids: ${dup.slice(0, 5).join(', ')}${more(dup, 5)}`);
	return p;
}

// Runs `java -jar vnu.jar` once over the files; resolves to its messages (JSON format).
function runVnu(files) {
	return new Promise((resolve, reject) => {
		// A short run: the quick compiler only and the simple collector halve its CPU time;
		// that compiler needs a deeper stack for vnu's schema than the default.
		const proc = spawn('java', ['-Xss8m', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC',
			'-jar', VNU_JAR, '--errors-only', '--format', 'json',
			'--stdout', '--exit-zero-always', ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '', err = '';
		proc.stdout.on('data', (d) => { out += d; });
		proc.stderr.on('data', (d) => { err += d; });
		const timer = setTimeout(() => proc.kill('SIGKILL'), VNU_TIMEOUT_MS);
		proc.on('error', (e) => {
			clearTimeout(timer);
			reject(new Error(`cannot start java (scripts/install-deps installs ` +
				`default-jre-headless): ${e.message}`));
		});
		proc.on('close', (code, sig) => {
			clearTimeout(timer);
			try {
				if (code !== 0)
					throw new Error(`exit ${sig || code}`);
				resolve(JSON.parse(out).messages);
			} catch (e) {
				reject(new Error(`vnu failed (${e.message}): ${shorten(err + out)}`));
			}
		});
	});
}

// One check per distinct document: no error by the Nu Html Checker, no repeated id, no
// skipped heading level. Plus one that fails when a page's HTML could not be read.
async function checkHtml(dir) {
	const docs = [...documents.values()];
	const files = docs.map((d, i) => {
		d.file = path.join(dir, `page-${String(i).padStart(3, '0')}.html`);
		fs.writeFileSync(d.file, d.html);
		return d.file;
	});
	const t = Date.now();
	let messages = [];
	let broken = null;
	try {
		messages = docs.length ? await runVnu(files) : [];
	} catch (e) {
		broken = e.message;
	}
	notes.push(`vnu checked ${docs.length} documents in ${((Date.now() - t) / 1000).toFixed(1)} s`);
	const byFile = new Map(files.map((f) => [f, []]));
	for (const m of messages) {
		const file = m.url ? decodeURIComponent(new URL(m.url).pathname) : '';
		const where = m.lastLine ? `line ${m.lastLine}: ` : '';
		const list = byFile.get(file);
		if (list)
			list.push(`vnu: ${where}${shorten(m.message, 200)}`);
		else
			broken = `vnu: ${shorten(m.message, 200)} (${file || 'no file'})`;
	}
	const checks = [{ name: 'html read', problems: unread.slice(0, 5).concat(
		unread.length > 5 ? [`and ${unread.length - 5} more`] : []) }];
	if (docs.length === 0)
		checks[0].problems.push('no page\'s HTML was kept');
	if (broken)
		checks.push({ name: 'html vnu', problems: [broken] });
	for (const d of docs) {
		const p = [...byFile.get(d.file), ...sourceProblems(d.html)];
		checks.push({ name: `html ${d.what}, opened by "${d.check}"`,
			problems: p.length > 6 ? [...p.slice(0, 6), `and ${p.length - 6} more`] : p });
	}
	return checks;
}

async function openPage(page, pg) {
	const ctx = page.context();
	if (pg.as) {
		if (!server.sessions[pg.as])
			throw new Error(`no session "${pg.as}" (signing in at start-up failed)`);
		await ctx.addCookies([{ name: 'session', value: server.sessions[pg.as], url: server.base + '/',
			httpOnly: true, sameSite: 'Lax' }]);
	} else {
		await ctx.clearCookies({ name: 'session' });
	}
	return pg.open ? pg.open(page, server.base) : goto(page, server.base + pg.path);
}

async function htmlState(page) {
	return page.evaluate(() => ({
		lang: document.documentElement.getAttribute('lang'),
		classes: [...document.documentElement.classList],
		h1: document.querySelectorAll('h1').length,
		main: !!document.querySelector('main#main'),
		title: document.title,
	}));
}

// ---------------------------------------------------------------------------------------------
// The checks. Each returns a list of problems; an empty list passes.

// 1. axe-core, the language and the classes on <html>, the status, the page's own checks.
async function checkAxe(page, pg, lang, v, emulation) {
	const p = [];
	const resp = await openPage(page, pg);
	if (resp.status() !== pg.status)
		p.push(`answered ${resp.status()}, expected ${pg.status}`);
	const h = await htmlState(page);
	if (h.lang !== lang)
		p.push(`<html lang="${h.lang}">, expected "${lang}"`);
	for (const c of (v && v.classes) || [])
		if (!h.classes.includes(c))
			p.push(`<html> lacks class "${c}" (has "${h.classes.join(' ')}")`);
	if (h.h1 !== 1)
		p.push(`${h.h1} <h1> elements, expected 1`);
	if (!h.main)
		p.push('no <main id="main">');
	if (!h.title.trim())
		p.push('empty <title>');
	if (emulation && emulation.expectDark !== undefined) {
		const dark = await page.evaluate(() => {
			const c = getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g)
				.map(Number);
			const lum = (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255;
			return c.length > 3 && c[3] === 0 ? null : lum < 0.5;
		});
		if (dark !== null && dark !== emulation.expectDark)
			p.push(`the page is ${dark ? 'dark' : 'light'}, expected it to follow the OS ` +
				`(${emulation.expectDark ? 'dark' : 'light'})`);
	}
	if ((v && v.still) || (emulation && emulation.still)) {
		const m = await page.evaluate(() => window.__kringTest.moving());
		if (m.length)
			p.push(`still moves: ${m.slice(0, 3).join('; ')}${more(m, 3)}`);
	}
	const wrong = await page.evaluate(() => window.__kringTest.wrongLanguage());
	if (wrong.length)
		p.push(wrong.slice(0, 3).join('; ') + more(wrong, 3));
	if (pg.expect)
		p.push(...await pg.expect(page, lang));
	p.push(...await axeProblems(page));
	return p;
}

// axe-core's violations on the page as it is now (the context must bypass the CSP).
async function axeProblems(page) {
	await page.evaluate(() => document.fonts.ready);
	await page.addScriptTag({ path: AXE_PATH });
	const violations = await page.evaluate(async (tags) => {
		const r = await window.axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations'],
		});
		return r.violations.map((x) => ({
			id: x.id,
			nodes: x.nodes.map((n) => ({
				target: n.target.join(' '),
				why: (n.any[0] || n.all[0] || n.none[0] || {}).message || '',
			})),
		}));
	}, AXE_TAGS);
	return violations.map((x) => {
		const nodes = x.nodes.slice(0, 4).map((n) => `${n.target} (${shorten(n.why, 140)})`);
		return `axe ${x.id}: ${nodes.join('; ')}${more(x.nodes, 4)}`;
	});
}

// 2. No horizontal scrolling (WCAG 1.4.10).
async function checkReflow(page, pg) {
	await openPage(page, pg);
	await page.evaluate(() => document.fonts.ready);
	const r = await page.evaluate(() => ({
		sw: document.documentElement.scrollWidth,
		w: window.innerWidth,
		out: window.__kringTest.overflowing().slice(0, 4),
	}));
	if (r.sw <= r.w)
		return [];
	return [`scrolls sideways: scrollWidth ${r.sw} > ${r.w}; sticking out: ${r.out.join('; ') || '?'}`];
}

// WCAG 1.4.12: with more line, paragraph, letter and word spacing nothing is cut off or
// pushes the page sideways.
async function checkTextSpacing(page, pg) {
	await openPage(page, pg);
	await page.addStyleTag({ content: '* { line-height: 1.5 !important; ' +
		'letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } ' +
		'p { margin-bottom: 2em !important; }' });
	await page.evaluate(() => document.fonts.ready);
	const r = await page.evaluate(() => ({
		sw: document.documentElement.scrollWidth,
		w: window.innerWidth,
		out: window.__kringTest.overflowing().slice(0, 3),
		clipped: window.__kringTest.clipped().slice(0, 4),
	}));
	const p = [];
	if (r.sw > r.w)
		p.push(`scrolls sideways with text spacing: ${r.out.join('; ')}`);
	if (r.clipped.length)
		p.push(`text cut off with text spacing: ${r.clipped.join('; ')}`);
	return p;
}

// 3. The keyboard walk: skip link first and visible, Enter on it focuses <main>, then Tab visits
// every tab stop once in DOM order with a visible focus indicator and wraps round, no trap.
// Also collects the script, CSP and loading errors of the page.
async function checkKeyboardWalk(page, events, pg) {
	const p = [];
	await openPage(page, pg);
	const prep = await page.evaluate(() => window.__kringTest.prepare());
	const n = prep.stops.length;
	if (prep.positive.length)
		p.push(`positive tabindex breaks the order: ${prep.positive.join('; ')}`);
	if (n === 0)
		return [...p, 'no tab stops at all'];
	const seen = new Set();
	const look = (f) => {
		if (seen.has(f.idx))
			return;
		seen.add(f.idx);
		if (!f.inViewport)
			p.push(`${f.desc} is focused but not inside the viewport`);
		else if (f.obscuredBy)
			p.push(`${f.desc} is focused but hidden under ${f.obscuredBy}`);
		if (!f.indicator)
			p.push(`no visible focus indicator on ${f.desc}`);
		else if (f.indicator.contrast !== null && f.indicator.contrast < 3)
			p.push(`the focus indicator on ${f.desc} (${f.indicator.where}) has contrast ` +
				`${f.indicator.contrast}:1 with its background, below 3:1`);
	};
	const tab = async () => {
		await page.keyboard.press('Tab');
		return page.evaluate(() => window.__kringTest.focus());
	};

	let start; // the index of the first stop expected after the starting point
	let skipChecked = false; // the first Tab from the top reached the skip link
	if (pg.focusOnLoad) {
		if (!prep.focused)
			p.push(`nothing has focus on load (expected ${pg.focusOnLoad})`);
		start = prep.next;
	} else {
		if (prep.focused)
			p.push(`${prep.focused} has focus on load`);
		if (!/^a[#.].*"/.test(prep.stops[0]) || !/skip|main|inhoud/i.test(prep.stops[0]))
			p.push(`the first tab stop is ${prep.stops[0]}, not a skip link`);
		const f = await tab();
		skipChecked = f.idx === 0;
		if (f.idx !== 0)
			p.push(`the first Tab focused ${f.desc}, expected ${prep.stops[0]}`);
		else if (!f.wholly)
			p.push(`the skip link ${f.desc} is not wholly visible when focused`);
		look(f);
		await page.keyboard.press('Enter');
		await sleep(50);
		const m = await page.evaluate(() => window.__kringTest.focus());
		if (!m.main)
			p.push(`Enter on the skip link left focus on ${m.desc}, not on <main id="main">`);
		start = m.body ? prep.afterMain : m.idx >= 0 ? m.idx + 1 : m.next;
	}
	if (start < 0)
		start = 0;
	start %= n;

	// Expected: start, start+1, ..., n-1, (the browser's own UI: <body>), 0, ..., start.
	const visits = [];
	let wrapped = false;
	let trap = null;
	let prevIdx = null;
	for (let i = 0; i < Math.min(MAX_TABS, n + 3); i++) {
		const f = await tab();
		if (f.body) {
			if (wrapped || prevIdx !== n - 1)
				p.push(`focus fell back to <body> after ${prevIdx === null ? 'the start' :
					prep.stops[prevIdx] || '?'}`);
			wrapped = true;
			prevIdx = null;
			continue;
		}
		if (f.idx < 0) {
			p.push(`Tab focused ${f.desc}, which the walk did not expect (hidden or out of order?)`);
			visits.push(-1);
			prevIdx = -1;
			continue;
		}
		if (f.idx === prevIdx) {
			trap = f.desc;
			break;
		}
		// Coming back in from the browser's own UI, a loaded machine sometimes lands on the
		// second stop: the first (the skip link) was already checked as the first Tab from
		// the top of the page, so that counts as having come round to it.
		if (((wrapped && prevIdx === null) || prevIdx === n - 1) && f.idx === 1 && skipChecked &&
		    start !== 1 && !visits.includes(0))
			visits.push(0);
		look(f);
		if (DEBUG)
			console.error(`  ${pg.name}: ${f.desc} focus ${JSON.stringify(f.indicator)}`);
		visits.push(f.idx);
		prevIdx = f.idx;
		if (visits.length > 1 && f.idx === start)
			break;
	}
	if (DEBUG)
		console.error(`walk ${pg.name}: ${n} stops, start ${start}, visits ${visits}: ` +
			prep.stops.join(' ; '));
	if (trap)
		p.push(`keyboard trap: Tab stays on ${trap}`);
	const expected = [];
	for (let k = 0; k <= n; k++)
		expected.push((start + k) % n);
	for (let k = 0; k < Math.min(visits.length, expected.length); k++) {
		if (visits[k] !== expected[k]) {
			const after = k === 0 ? 'the starting point' : (prep.stops[visits[k - 1]] || '?');
			const went = visits[k] < 0 ? 'an unexpected element' : prep.stops[visits[k]];
			p.push(`after ${after}, Tab went to ${went}, expected ${prep.stops[expected[k]]} ` +
				'(DOM order)');
			break;
		}
	}
	const missed = prep.stops.filter((_, k) => !visits.includes(k));
	if (missed.length)
		p.push(`never reached by Tab: ${missed.slice(0, 5).join('; ')}${more(missed, 5)}`);
	else if (!trap && visits[visits.length - 1] !== start)
		p.push(`Tab did not come round to ${prep.stops[start]} again (no wrap)`);
	p.push(...new Set(events));
	return p;
}

// Presses Tab until `match` (run in the page) holds for the focused element; bounded.
async function tabTo(page, match, arg, what, limit = 60) {
	for (let i = 0; i < limit; i++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate(match, arg))
			return;
	}
	throw new Error(`${limit} Tab presses did not reach ${what}`);
}

// Presses key until the radio group `name` has `value` checked; bounded.
async function arrowTo(page, name, value) {
	const checked = (nm) => {
		const r = document.querySelector(`main input[type="radio"][name="${nm}"]:checked`);
		return r ? r.value : null;
	};
	for (let i = 0; i < 8; i++) {
		if (await page.evaluate(checked, name) === value)
			return;
		await page.keyboard.press('ArrowDown');
	}
	throw new Error(`the arrow keys did not check ${name}=${value} (now ${await page.evaluate(checked, name)})`);
}

const focusedRadio = (name) => {
	const a = document.activeElement;
	return !!a && a.matches(`main input[type="radio"][name="${name}"]`);
};

// 4a. The preferences form by keyboard only: largest text and dark theme, then submit.
async function checkPrefsByKeyboard(page, events, lang) {
	const p = [];
	await goto(page, server.base + '/preferences');
	await tabTo(page, focusedRadio, 'text', 'the text size radio buttons');
	await arrowTo(page, 'text', 'largest');
	await tabTo(page, focusedRadio, 'theme', 'the theme radio buttons');
	await arrowTo(page, 'theme', 'dark');
	await tabTo(page, (sel) => {
		const a = document.activeElement;
		return !!a && a.matches(`${sel} button, ${sel} input[type="submit"]`) &&
			(a.type === 'submit');
	}, PREFS_FORM, 'the submit button');
	const resp = await navigation(page, () => page.keyboard.press('Enter'));
	if (resp && resp.status() !== 200)
		p.push(`saving answered ${resp.status()}`);
	const h = await htmlState(page);
	for (const c of ['text-largest', 'theme-dark'])
		if (!h.classes.includes(c))
			p.push(`after saving, <html> lacks class "${c}" (has "${h.classes.join(' ')}")`);
	if (h.lang !== lang)
		p.push(`after saving, <html lang="${h.lang}">, expected "${lang}"`);
	const status = await page.evaluate(() => {
		const el = document.querySelector('[role="status"]');
		if (!el)
			return null;
		const r = el.getBoundingClientRect();
		return { text: el.textContent.trim(), shown: r.width > 0 && r.height > 0 };
	});
	if (!status)
		p.push('after saving, no success message with role="status"');
	else if (!status.text || !status.shown)
		p.push('after saving, the role="status" message is empty or not shown');
	p.push(...new Set(events));
	return p;
}

// 4b. The language switch in the header, by keyboard, there and back; the page stays the same.
async function checkLanguageByKeyboard(page, events, from) {
	const to = from === 'nl' ? 'en' : 'nl';
	const p = [];
	await goto(page, server.base + '/preferences');
	for (const want of [to, from]) {
		await tabTo(page, () => {
			const a = document.activeElement;
			return !!a && !!a.closest('header form[action$="/language"]') &&
				a.matches('button, input[type="submit"]');
		}, null, 'the language button in the header');
		const resp = await navigation(page, () => page.keyboard.press('Enter'));
		if (resp && resp.status() !== 200)
			p.push(`switching to ${want} answered ${resp.status()}`);
		const h = await htmlState(page);
		if (h.lang !== want)
			p.push(`after the language button, <html lang="${h.lang}">, expected "${want}"`);
		const where = new URL(page.url()).pathname;
		if (where !== '/preferences')
			p.push(`the language switch went to ${where}, not back to /preferences`);
	}
	p.push(...new Set(events));
	return p;
}

// For page.evaluate: whether the focused element matches sel.
function focusedIn(sel) {
	const a = document.activeElement;
	return !!a && a.matches(sel);
}

// A form that came back with an error: its summary (whether it has focus, where its links go)
// and the field `fieldSel` (aria-invalid, its error message tied to it, its value).
async function summaryState(page, fieldSel) {
	return page.evaluate((sel) => {
		const sum = document.querySelector('.error-summary');
		const a = document.activeElement;
		const field = document.querySelector(sel);
		return {
			has: !!sum,
			focused: !!sum && !!a && sum.contains(a),
			active: window.__kringTest.describe(a),
			links: sum ? [...sum.querySelectorAll('a[href^="#"]')].map((l) => l.getAttribute('href')) : [],
			invalid: !!field && field.getAttribute('aria-invalid') === 'true',
			described: !!field && (field.getAttribute('aria-describedby') || '').split(/\s+/)
				.some((id) => id && document.getElementById(id) &&
					document.getElementById(id).classList.contains('error-message')),
			value: field ? field.value : null,
		};
	}, fieldSel);
}

// Focus on `what` must be seen: in the viewport, with a focus indicator; else a problem in p.
async function focusSeen(page, p, what) {
	const f = await page.evaluate(() => window.__kringTest.focus());
	if (f.body)
		p.push(`${what}: focus is on <body>`);
	else if (!f.inViewport)
		p.push(`${what}: ${f.desc} is focused outside the viewport`);
	else if (!f.indicator)
		p.push(`${what}: no visible focus indicator on ${f.desc}`);
}

// 4c. The coordinator form of a subgroup, by keyboard only, as the chair (core team of the
// network, so she may appoint): first an address without an account (the error summary takes
// focus, its link leads back to the field, which kept what was typed), then the colleague's:
// asked, the notice announced and listed as asked but not named as coordinator. Then the
// colleague, by keyboard too, accepts on /me/coordinator: named. Then the chair stops them as
// coordinator again.
// Each language appoints its own colleague, so the two checks never see each other's change;
// neither colleague is a session of PAGES, whose pages stay as they are.
const COORDINATOR = {
	nl: { email: 'hr@rijnstad.example', name: 'Hanna de Vries' },
	en: { email: 'directeur@rijnstad.example', name: 'Dirk Jansen' },
};
// Asked to coordinate the subgroup at start-up; never answers (PAGES "coordinator request").
const ASKED = { email: 'gevraagd@rijnstad.example', name: 'Greet Gevraagd' };
// The administrator of the administrator's pages (PAGES 'admin …').
const ADMIN = { email: 'beheerder@rijnstad.example', name: 'Bram Beheerder' };

async function checkCoordinatorsByKeyboard(page, events, lang) {
	const p = [];
	const who = COORDINATOR[lang];
	const url = `/n/iedereen-telt/g/${SUBGROUP}`;
	const form = 'main form[action$="/coordinators"]';
	await page.context().addCookies([{ name: 'session', value: server.sessions.chair,
		url: server.base + '/', httpOnly: true, sameSite: 'Lax' }]);
	await goto(page, server.base + url);
	const normalTitle = await page.title();
	// The names under the heading "Coordinators" (the <ul> right after an <h2> in <main>).
	const coordinators = () => page.evaluate(() => [...document.querySelectorAll('main h2 + ul li')]
		.map((li) => li.textContent.trim()));
	const seen = (what) => focusSeen(page, p, what);
	// Tab to the address field, type, choose the action with the arrow keys, Tab to Save, Enter.
	const submit = async (email, action) => {
		await page.evaluate(() => window.__kringTest.prepare());
		await tabTo(page, focusedIn, `${form} input[name="email"]`, 'the e-mail field');
		await seen('the e-mail field');
		await page.keyboard.press('Control+A');
		await page.keyboard.type(email);
		await tabTo(page, focusedIn, `${form} input[type="radio"][name="action"]`,
			'the radio buttons "what to do"');
		await seen('the radio buttons');
		await arrowTo(page, 'action', action);
		await tabTo(page, focusedIn, `${form} button[type="submit"]`, 'the Save button');
		await seen('the Save button');
		return navigation(page, () => page.keyboard.press('Enter'));
	};
	// After a save: the notice is announced (role=status, in the title) before the form, and
	// focus starts at the top, so the first Tab is the skip link.
	const saved = async (what, done = 'coordinators') => {
		const s = await page.evaluate((sel) => {
			const el = document.querySelector('main [role="status"]');
			const f = document.querySelector(sel);
			const r = el && el.getBoundingClientRect();
			return {
				text: el ? el.textContent.trim() : null,
				shown: !!r && r.width > 0 && r.height > 0,
				beforeForm: !!el && !!f &&
					!!(el.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING),
				focused: window.__kringTest.describe(document.activeElement),
				title: document.title,
				path: location.pathname + location.search,
			};
		}, form);
		if (s.path !== `${url}?done=${done}`)
			p.push(`${what}: landed on ${s.path}, not the subgroup's page with done=${done}`);
		if (!s.text || !s.shown)
			p.push(`${what}: no success notice with role="status" shown`);
		else {
			if (!s.beforeForm)
				p.push(`${what}: the notice comes after the form`);
			if (!s.title.startsWith(s.text))
				p.push(`${what}: <title> "${s.title}" does not start with the notice "${s.text}"`);
		}
		if (s.focused !== '<body>')
			p.push(`${what}: ${s.focused} has focus on load, expected none (the top of the page)`);
		await page.keyboard.press('Tab');
		const first = await page.evaluate(() => {
			const a = document.activeElement;
			return { skip: !!a && a.matches('a.skip-link'), desc: window.__kringTest.describe(a) };
		});
		if (!first.skip)
			p.push(`${what}: the first Tab went to ${first.desc}, not the skip link`);
	};

	if ((await coordinators()).includes(who.name))
		return [`${who.name} is a coordinator before the check began`];
	// 1. An address without an account, with "stop as coordinator" chosen.
	let resp = await submit('niemand-coordinator@rijnstad.example', 'remove');
	if (resp && resp.status() !== 400)
		p.push(`an address without an account answered ${resp.status()}, expected 400`);
	await sleep(100);
	await page.evaluate(() => window.__kringTest.prepare());
	const e = {
		...await summaryState(page, 'main form input[name="email"]'),
		...await page.evaluate(() => ({
			remove: !!document.querySelector(
				'main form input[name="action"][value="remove"]:checked'),
			title: document.title,
		})),
	};
	if (!e.has)
		return [...p, 'an address without an account: no .error-summary on the page', ...events];
	if (!e.focused)
		p.push(`the error summary does not have focus on load (${e.active} has)`);
	if (e.title === normalTitle || !e.title.endsWith(normalTitle))
		p.push(`<title> "${e.title}" does not announce the error before "${normalTitle}"`);
	if (e.links.join() !== '#f-email')
		p.push(`the error summary links to [${e.links}], expected #f-email`);
	if (!e.invalid || !e.described)
		p.push('the e-mail field is not aria-invalid with its error message in aria-describedby');
	if (e.value !== 'niemand-coordinator@rijnstad.example')
		p.push(`the e-mail field came back with "${e.value}", not what was typed`);
	if (!e.remove)
		p.push('after the error, "stop as coordinator" is no longer chosen (the form came ' +
			'back with "make coordinator")');
	// From the summary, Tab reaches its link and Enter on it moves focus to the field.
	await tabTo(page, focusedIn, '.error-summary a[href="#f-email"]',
		'the error summary\'s link', 3);
	await seen('the error summary\'s link');
	await page.keyboard.press('Enter');
	await sleep(50);
	if (!await page.evaluate(focusedIn, `${form} input[name="email"]`))
		p.push('Enter on the summary\'s link did not move focus to the e-mail field');
	else
		await seen('the e-mail field, from the summary');
	// 2. The colleague: appointed. (submit() Tabs on from the top of this page to the field.)
	await page.keyboard.press('Shift+Tab');
	resp = await submit(who.email, 'add');
	if (resp && resp.status() !== 200)
		p.push(`appointing ${who.email} answered ${resp.status()}`);
	await saved('after appointing', 'asked');
	const asked = await page.evaluate(() => [...document.querySelectorAll(
		'main ul[aria-labelledby="coordinators-asked"] li')].map((li) => li.textContent.trim()));
	if (!asked.includes(who.name))
		p.push(`after appointing, those asked are [${asked.join(', ')}], without ${who.name}`);
	if ((await coordinators()).includes(who.name))
		p.push(`after appointing, ${who.name} is named as coordinator before saying yes`);
	// The colleague accepts by keyboard: Tab to "Yes", Enter.
	await page.context().addCookies([{ name: 'session', value: server.sessions.colleague[lang],
		url: server.base + '/', httpOnly: true, sameSite: 'Lax' }]);
	await goto(page, server.base + '/me/coordinator');
	const accept = `main form[action="${url}/coordinators/accept"] button[type="submit"]`;
	await page.evaluate(() => window.__kringTest.prepare());
	await tabTo(page, focusedIn, accept, 'the button to accept');
	await seen('the button to accept');
	resp = await navigation(page, () => page.keyboard.press('Enter'));
	if (resp && resp.status() !== 200)
		p.push(`accepting answered ${resp.status()}`);
	await saved('after accepting', 'accepted');
	const after = await coordinators();
	if (!after.includes(who.name))
		p.push(`after accepting, the coordinators are [${after.join(', ')}], without ${who.name}`);
	await page.context().addCookies([{ name: 'session', value: server.sessions.chair,
		url: server.base + '/', httpOnly: true, sameSite: 'Lax' }]);
	await goto(page, server.base + url);
	// 3. Stopped again, which leaves the subgroup as it was.
	resp = await submit(who.email, 'remove');
	if (resp && resp.status() !== 200)
		p.push(`stopping ${who.email} as coordinator answered ${resp.status()}`);
	await saved('after stopping');
	const end = await coordinators();
	if (end.includes(who.name))
		p.push(`after stopping, ${who.name} is still among the coordinators [${end.join(', ')}]`);
	p.push(...new Set(events));
	return p;
}

// 6. The 400 page: the error summary has focus on load and its links move focus to the fields.
async function checkErrorSummary(page, events, lang) {
	const p = [];
	await goto(page, server.base + '/preferences');
	const normalTitle = await page.title();
	// As a person would: change one answer (dark), get another wrong; the page that comes back
	// must still show the dark choice.
	const resp = await prefsFormPost((sel) => {
		const form = document.querySelector(sel);
		const dark = form && form.querySelector('input[name="theme"][value="dark"]');
		const text = form && form.querySelector('input[name="text"]:checked');
		if (!dark || !text)
			return 'no theme=dark or checked text radio';
		dark.checked = true;
		text.value = 'huge';
		return true;
	})(page, server.base);
	if (resp.status() !== 400)
		p.push(`an invalid text size answered ${resp.status()}, expected 400`);
	await sleep(100);
	const s = await page.evaluate(() => {
		const a = document.activeElement;
		const sum = document.querySelector('.error-summary');
		return {
			has: !!sum,
			focused: !!sum && !!a && sum.contains(a),
			active: window.__kringTest.describe(a),
			links: sum ? [...sum.querySelectorAll('a[href^="#"]')].map((l) => l.getAttribute('href')) : [],
			darkKept: !!document.querySelector('main form input[name="theme"][value="dark"]:checked'),
			title: document.title,
		};
	});
	if (!s.has)
		return ['no .error-summary on the page', ...events];
	if (!s.focused)
		p.push(`the error summary does not have focus on load (${s.active} has)`);
	if (s.title === normalTitle || !s.title.endsWith(normalTitle))
		p.push(`<title> "${s.title}" does not announce the error before "${normalTitle}"`);
	if (!s.links.length)
		p.push('the error summary has no links');
	if (!s.darkKept)
		p.push('the form that came back with the error forgot the other answers ' +
			'(theme=dark was chosen, it is no longer checked)');
	for (const href of s.links) {
		await page.locator(`.error-summary a[href="${href}"]`).focus();
		await page.keyboard.press('Enter');
		await sleep(50);
		const r = await page.evaluate((id) => {
			const target = document.getElementById(decodeURIComponent(id.slice(1)));
			const a = document.activeElement;
			if (!target)
				return { missing: true };
			const ok = a === target || (target.contains(a) && a !== document.body);
			const rc = a.getBoundingClientRect();
			let label = null;
			const lab = (a.labels && a.labels[0]) ||
				(a.closest('fieldset') && a.closest('fieldset').querySelector('legend'));
			if (lab) {
				const lr = lab.getBoundingClientRect();
				label = lr.bottom > 0 && lr.top < innerHeight;
			}
			return {
				ok, active: window.__kringTest.describe(a),
				inView: rc.bottom > 0 && rc.top < innerHeight, label,
			};
		}, href);
		if (r.missing)
			p.push(`the summary link ${href} points to no element`);
		else if (!r.ok)
			p.push(`the summary link ${href} left focus on ${r.active}, not on the field`);
		else if (!r.inView)
			p.push(`the summary link ${href} focused the field outside the viewport`);
		else if (r.label === false)
			notes.push(`400 [${lang}]: after the summary link ${href} the field's label or ` +
				'legend is scrolled out of view');
	}
	p.push(...new Set(events));
	return p;
}

// 5. Screenshots, to look at as a colleague would.
async function screenshots(dir) {
	const shots = [];
	for (const [pname, url] of [['home', '/'], ['preferences', '/preferences']]) {
		shots.push([`${pname}-default`, url, '', null]);
		shots.push([`${pname}-dark-largest`, url, 'theme=dark&text=largest', null]);
		shots.push([`${pname}-calm`, url, 'calm=1', null]);
		shots.push([`${pname}-320px`, url, '', { width: 320, height: 640 }]);
	}
	const out = await pool(shots.map(([file, url, prefs, viewport]) => () =>
		withPage({ prefs: prefsValue(prefs, 'nl'), viewport }, async (page) => {
			await goto(page, server.base + url);
			await page.evaluate(() => document.fonts.ready);
			await page.screenshot({ path: path.join(dir, file + '.png'), fullPage: true });
		})));
	const err = out.find((x) => x instanceof Error);
	if (err)
		throw err;
}

async function pool(tasks, n = WORKERS) {
	const out = new Array(tasks.length);
	let next = 0;
	async function worker() {
		while (next < tasks.length) {
			const i = next++;
			try {
				out[i] = await tasks[i]();
			} catch (e) {
				out[i] = e;
			}
		}
	}
	await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker));
	return out;
}

// The checks, in groups that share one browser context (one set of preferences and emulation)
// and run one after the other in it; the groups run side by side.
function planChecks() {
	const groups = [];
	const group = (opts) => {
		const g = { opts, checks: [] };
		groups.push(g);
		return (name, fn) => g.checks.push({ name, fn });
	};
	// Languages alternate, so a server thread that kept the last request's language shows.
	for (const v of VARIANTS) {
		for (const lang of LANGS) {
			const add = group({ prefs: prefsValue(v.prefs, lang), bypassCSP: true });
			for (const pg of PAGES.filter((p) => !p.variants || p.variants.includes(v.name)))
				add(`axe ${pg.name} [${lang}, ${v.name}]`, (page) => checkAxe(page, pg, lang, v));
		}
	}
	const home = PAGES[0];
	for (const e of EMULATIONS) {
		for (const lang of e.lang ? [e.lang] : LANGS) {
			const add = group({ prefs: e.lang ? e.prefs : prefsValue(e.prefs, lang),
				bypassCSP: true, context: e.context });
			add(`axe ${home.name} [${lang}, ${e.name}]`, (page) => checkAxe(page, home, lang, null, e));
		}
	}
	const reflow = [
		{ name: '320×640', viewport: { width: 320, height: 640 }, prefs: '' },
		{ name: '1280 px, text=largest', viewport: { width: 1280, height: 800 },
			prefs: 'text=largest' },
	];
	for (const cond of reflow) {
		for (const lang of LANGS) {
			const add = group({ prefs: prefsValue(cond.prefs, lang), viewport: cond.viewport });
			for (const pg of PAGES)
				add(`reflow ${pg.name} [${lang}, ${cond.name}]`, (page) => checkReflow(page, pg));
		}
	}
	for (const v of [variant('default'), variant('theme=dark&contrast=high')]) {
		for (const lang of LANGS) {
			const add = group({ prefs: prefsValue(v.prefs, lang) });
			for (const pg of PAGES)
				add(`keyboard ${pg.name} [${lang}, ${v.name}]`,
					(page, events) => checkKeyboardWalk(page, events, pg));
		}
	}
	{
		// Windows high contrast and the like: box-shadows vanish, outlines must remain.
		const add = group({ prefs: prefsValue('', 'nl'), context: { forcedColors: 'active' } });
		for (const pg of PAGES)
			add(`keyboard ${pg.name} [nl, OS forced colours]`,
				(page, events) => checkKeyboardWalk(page, events, pg));
	}
	for (const lang of LANGS) {
		const add = group({ prefs: prefsValue('', lang), bypassCSP: true });
		for (const pg of PAGES)
			add(`text spacing ${pg.name} [${lang}]`, (page) => checkTextSpacing(page, pg));
	}
	for (const lang of LANGS) {
		group({ prefs: prefsValue('', lang) })(`keyboard preferences form [${lang}]`,
			(page, events) => checkPrefsByKeyboard(page, events, lang));
		group({ prefs: prefsValue('', lang) })(`keyboard language switch [from ${lang}]`,
			(page, events) => checkLanguageByKeyboard(page, events, lang));
		group({ prefs: prefsValue('', lang) })(`error summary [${lang}]`,
			(page, events) => checkErrorSummary(page, events, lang));
		group({ prefs: prefsValue('', lang) })(`keyboard coordinator form [${lang}]`,
			(page, events) => checkCoordinatorsByKeyboard(page, events, lang));
		group({ prefs: prefsValue('', lang) })(`keyboard photo upload [${lang}]`,
			(page, events) => checkPhotoByKeyboard(page, events, lang));
		group({ prefs: prefsValue('', lang) })(`keyboard event registration [${lang}]`,
			(page, events) => checkEventRegistrationByKeyboard(page, events, lang));
		group({ prefs: prefsValue('', lang) })(`keyboard anonymous story comment [${lang}]`,
			(page, events) => checkStoryCommentByKeyboard(page, events, lang));
		group({ prefs: prefsValue('', lang), bypassCSP: true })(
			`keyboard and axe step-up [${lang}]`,
			(page, events) => checkStepUpByKeyboard(page, events, lang));
	}
	// KRING_BROWSER_ONLY=REGEX keeps only the checks whose name matches (one feature's pages
	// while working on it; the whole run is what `make test` does).
	if (process.env.KRING_BROWSER_ONLY) {
		const only = new RegExp(process.env.KRING_BROWSER_ONLY);
		for (const g of groups)
			g.checks = g.checks.filter((c) => only.test(c.name));
		return groups.filter((g) => g.checks.length);
	}
	return groups;
}

// Setting up two-step sign-in again, by keyboard only, as a colleague who has it on: the page
// asks for the password or a code first. A wrong password: 400, the error summary takes focus,
// its link leads to the field, and axe finds nothing on that page; then the right password: the
// set-up form with a new key. Each language has its own colleague (one wrong try each: far
// from the sign-in throttle).
async function checkStepUpByKeyboard(page, events, lang) {
	const p = [];
	await page.context().addCookies([{ name: 'session', value: server.sessions.stepUp[lang],
		url: server.base + '/', httpOnly: true, sameSite: 'Lax' }]);
	await goto(page, server.base + '/account/two-factor');
	const form = 'main form[action="/account/step-up"]';
	const seen = (what) => focusSeen(page, p, what);
	const submit = async (proof) => {
		await page.evaluate(() => window.__kringTest.prepare());
		await tabTo(page, focusedIn, `${form} input[name="proof"]`, 'the password or code field');
		await seen('the password or code field');
		await page.keyboard.press('Control+A');
		await page.keyboard.type(proof);
		await tabTo(page, focusedIn, `${form} button[type="submit"]`, 'the Continue button');
		await seen('the Continue button');
		return navigation(page, () => page.keyboard.press('Enter'));
	};
	if (!await page.evaluate((sel) => !!document.querySelector(sel), form))
		return ['/account/two-factor shows no step-up form for a colleague with two-step sign-in'];
	let resp = await submit('Niet-het-wachtwoord-1');
	if (resp && resp.status() !== 400)
		p.push(`a wrong password answered ${resp.status()}, expected 400`);
	await sleep(100);
	const e = await summaryState(page, 'main form input[name="proof"]');
	if (!e.has)
		return [...p, 'a wrong password: no .error-summary on the page', ...events];
	if (!e.focused)
		p.push(`the error summary does not have focus on load (${e.active} has)`);
	if (e.links.join() !== '#f-proof')
		p.push(`the error summary links to [${e.links}], expected #f-proof`);
	if (!e.invalid || !e.described)
		p.push('the password or code field is not aria-invalid with its error message in ' +
			'aria-describedby');
	if (e.value !== '')
		p.push('the password or code field came back filled in (a password is never sent back)');
	p.push(...(await axeProblems(page)).map((x) => `on the 400 page: ${x}`));
	await page.evaluate(() => window.__kringTest.prepare());
	await tabTo(page, focusedIn, '.error-summary a[href="#f-proof"]', 'the error summary\'s link', 3);
	await page.keyboard.press('Enter');
	await sleep(50);
	if (!await page.evaluate(focusedIn, `${form} input[name="proof"]`))
		p.push('Enter on the summary\'s link did not move focus to the field');
	await page.keyboard.press('Shift+Tab');
	resp = await submit('Rijnstad-demo-2026');
	if (resp && resp.status() !== 200)
		p.push(`the right password answered ${resp.status()} in the end, expected the set-up page`);
	const after = await page.evaluate(() => ({
		path: location.pathname,
		box: !!document.querySelector('main input[name="box"]'),
	}));
	if (after.path !== '/account/two-factor' || !after.box)
		p.push(`after the right password: ${after.path}, ${after.box ? '' : 'no '}set-up form`);
	p.push(...new Set(events));
	return p;
}

// The photo page by keyboard only, as a colleague without a photo: Tab to the file field, give
// it a photo (as the browser's file dialog would), Tab to Save and press Enter: the notice is
// announced and the photo shown. Then a file that is no photo: the error summary takes focus
// and its link leads to the file field. Then Tab to "Remove your photo" and Enter: removed.
async function checkPhotoByKeyboard(page, events, lang) {
	const p = [];
	await page.context().addCookies([{ name: 'session', value: server.sessions.photo[lang],
		url: server.base + '/', httpOnly: true, sameSite: 'Lax' }]);
	await goto(page, server.base + '/account/photo');
	const seen = (what) => focusSeen(page, p, what);
	const upload = async (file) => {
		await page.evaluate(() => window.__kringTest.prepare());
		await tabTo(page, focusedIn, 'main form input[type="file"][name="photo"]',
			'the file field');
		await seen('the file field');
		// The file dialog is the browser's own, not the page's (and headless Chromium under
		// load does not always open one for Space): the file is given to the focused field
		// as that dialog would; what the page owes is a field reached by Tab, labelled, with
		// focus seen.
		await page.setInputFiles('main input[type="file"][name="photo"]', file);
		await tabTo(page, focusedIn, 'main form[action="/account/photo"] button[type="submit"]',
			'the Save photo button');
		await seen('the Save photo button');
		return navigation(page, () => page.keyboard.press('Enter'));
	};
	const state = () => page.evaluate(() => {
		const el = document.querySelector('main [role="status"]');
		const img = document.querySelector('main img.photo');
		return {
			notice: el ? el.textContent.trim() : null,
			title: document.title,
			photo: !!img && img.complete && img.naturalWidth > 0,
			focused: window.__kringTest.describe(document.activeElement),
			path: location.pathname + location.search,
		};
	});
	if ((await state()).photo)
		return ['the colleague has a photo before the check began'];
	// 1. A photo.
	let resp = await upload({ name: 'foto.png', mimeType: 'image/png', buffer: pngImage(80, 60) });
	if (resp && resp.status() !== 200)
		p.push(`saving a photo answered ${resp.status()}`);
	let st = await state();
	if (st.path !== '/account/photo?done=saved')
		p.push(`after saving: landed on ${st.path}`);
	if (!st.notice || !st.title.startsWith(st.notice))
		p.push(`after saving: no notice with role="status" at the start of the title ("${st.title}")`);
	if (!st.photo)
		p.push('after saving: the photo is not shown');
	if (st.focused !== '<body>')
		p.push(`after saving: ${st.focused} has focus on load, expected none`);
	// 2. A file that is no photo: refused, the error summary has focus, its link leads back.
	resp = await upload({ name: 'notities.txt', mimeType: 'text/plain', buffer: Buffer.from('Geen foto.') });
	if (resp && resp.status() !== 400)
		p.push(`a text file answered ${resp.status()}, expected 400`);
	await sleep(100);
	await page.evaluate(() => window.__kringTest.prepare());
	const e = await page.evaluate(() => {
		const sum = document.querySelector('.error-summary');
		const a = document.activeElement;
		const field = document.querySelector('main input[type="file"][name="photo"]');
		return {
			focused: !!sum && !!a && sum.contains(a),
			active: window.__kringTest.describe(a),
			links: sum ? [...sum.querySelectorAll('a[href^="#"]')].map((l) => l.getAttribute('href')) : [],
			invalid: !!field && field.getAttribute('aria-invalid') === 'true',
			photo: !!document.querySelector('main img.photo'),
		};
	});
	if (!e.focused)
		p.push(`a text file: the error summary does not have focus (${e.active} has)`);
	if (e.links.join() !== '#f-photo')
		p.push(`a text file: the error summary links to [${e.links}], expected #f-photo`);
	if (!e.invalid)
		p.push('a text file: the file field is not aria-invalid');
	if (!e.photo)
		p.push('a text file: the photo saved before is no longer shown');
	await tabTo(page, focusedIn, '.error-summary a[href="#f-photo"]', 'the error summary\'s link', 3);
	await page.keyboard.press('Enter');
	await sleep(50);
	if (!await page.evaluate(focusedIn, 'main input[type="file"][name="photo"]'))
		p.push('Enter on the summary\'s link did not move focus to the file field');
	// 3. Removed, by keyboard, from the top of the page.
	await goto(page, server.base + '/account/photo');
	await page.evaluate(() => window.__kringTest.prepare());
	await tabTo(page, focusedIn, 'main form[action="/account/photo/remove"] button',
		'the Remove your photo button');
	await seen('the Remove your photo button');
	resp = await navigation(page, () => page.keyboard.press('Enter'));
	st = await state();
	if (st.path !== '/account/photo?done=removed')
		p.push(`after removing: landed on ${st.path}`);
	if (!st.notice)
		p.push('after removing: no notice with role="status"');
	if (st.photo)
		p.push('after removing: a photo is still shown');
	p.push(...new Set(events));
	return p;
}

// Runs a group's checks; fills in each check's `problems` (an error is a problem too).
async function runGroup(g) {
	try {
		await withPage(g.opts, async (page, events) => {
			for (const c of g.checks) {
				events.length = 0;
				events.check = c.name;
				const t = Date.now();
				try {
					c.problems = await c.fn(page, events);
				} catch (e) {
					c.problems = [`error: ${shorten(e.message.split('\n')[0], 300)}`];
				}
				c.ms = Date.now() - t;
			}
		});
	} catch (e) {
		for (const c of g.checks)
			if (!c.problems)
				c.problems = [`error: ${shorten(e.message.split('\n')[0], 300)}`];
	}
}

async function main() {
	const bin = process.argv[2];
	if (!bin) {
		process.stderr.write('usage: node tests/browser/run.mjs BUILD/kring\n');
		return 2;
	}
	if (!fs.existsSync(bin)) {
		fail(`FAIL setup: ${bin} does not exist (run make first)`);
		fail('browser: 0 passed, 1 failed');
		return 1;
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-browser-'));
	const shotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kring-screens-'));
	let passed = 0, failed = 0;
	try {
		server = new Server(path.resolve(bin), dir);
		await server.start();
		await server.signIns();
		// Ctrl-C and the like are ours to handle (abort below), in the right order.
		browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS,
			handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
		const groups = planChecks();
		await pool(groups.map((g) => () => runGroup(g)));
		const checks = groups.flatMap((g) => g.checks);
		checks.push(...await checkHtml(dir));
		if (DEBUG) {
			const times = {};
			for (const c of checks)
				times[c.name.split(' ')[0]] = (times[c.name.split(' ')[0]] || 0) + c.ms;
			console.error(times);
		}
		let shots;
		try {
			await screenshots(shotDir);
			shots = `screenshots: ${shotDir}`;
		} catch (e) {
			shots = `screenshots failed: ${shorten(e.message)}`;
		}
		for (const c of checks) {
			if (c.problems.length === 0) {
				passed++;
			} else {
				failed++;
				fail(`FAIL ${c.name}: ${c.problems.join(' | ')}`);
			}
		}
		if (server.exited !== null) {
			failed++;
			fail(`FAIL server: kring serve exited during the run (${server.exited}): ${shorten(server.log)}`);
		}
		fail(shots);
		for (const n of notes)
			fail(`note: ${n}`);
	} catch (e) {
		failed++;
		fail(`FAIL setup: ${shorten(e.message, 600)}`);
	} finally {
		if (browser)
			await browser.close().catch(() => {});
		if (server)
			await server.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	}
	fail(`browser: ${passed} passed, ${failed} failed`);
	return failed === 0 ? 0 : 1;
}

// Stop the server and the browser on Ctrl-C, and when the whole run takes too long.
async function abort(why) {
	if (aborting)
		return;
	aborting = true;
	process.stdout.write(`FAIL run: ${why}\nbrowser: 0 passed, 1 failed\n`);
	if (server) {
		await server.stop();
		fs.rmSync(server.dir, { recursive: true, force: true });
	}
	if (browser)
		await browser.close().catch(() => {});
	process.exit(1);
}
process.on('SIGINT', () => abort('interrupted'));
process.on('SIGTERM', () => abort('terminated'));
const watchdog = setTimeout(() => abort(`took longer than ${RUN_TIMEOUT_MS / 1000} s`), RUN_TIMEOUT_MS);
watchdog.unref();
process.exitCode = await main();

// Registering for an event and cancelling, by keyboard only (src/app/events): the demo's
// second event (Iedereen Telt's lunch & learn, on site, open to everyone). Each language signs
// in a colleague of its own, so the two checks never see each other's registration. From the
// event's page: the Register link, the "show me" checkbox by Space, an access need by Space and
// one's own words typed, the Yes button by Enter (the event's page then shows the needs);
// the notice is announced; then Cancel, in its two steps as well.
async function checkEventRegistrationByKeyboard(page, events, lang) {
	const p = [];
	const email = `deelnemer-${lang}@rijnstad.example`;
	server.admin(['user', 'add', email, `Deelnemer ${lang}`, '--password-stdin', '--db', server.db],
		'Rijnstad-demo-2026\n');
	const { session } = await server.signIn(email, '/');
	await page.context().addCookies([{ name: 'session', value: session, url: server.base + '/',
		httpOnly: true, sameSite: 'Lax' }]);
	const seen = (what) => focusSeen(page, p, what);
	const state = () => page.evaluate(() => {
		const el = document.querySelector('main [role="status"]');
		return { notice: el ? el.textContent.trim() : null, title: document.title,
			path: location.pathname + location.search };
	});
	await goto(page, server.base + '/events/2');
	await page.evaluate(() => window.__kringTest.prepare());
	await tabTo(page, focusedIn, 'main a[href="/events/2/register"]', 'the Register link');
	await seen('the Register link');
	await navigation(page, () => page.keyboard.press('Enter'));
	if ((await state()).path !== '/events/2/register')
		p.push(`the Register link led to ${(await state()).path}`);
	await page.evaluate(() => window.__kringTest.prepare());
	await tabTo(page, focusedIn, 'main input[type="checkbox"][name="named"]', 'the "show me" checkbox');
	await seen('the "show me" checkbox');
	await page.keyboard.press('Space');
	if (!await page.evaluate(() => document.querySelector('main input[name="named"]').checked))
		p.push('Space did not tick the "show me" checkbox');
	// An access need by Space, and one's own words typed (src/app/events/needs_pages.c).
	await tabTo(page, focusedIn, 'main input[type="checkbox"][name="need_captions"]',
		'the captions checkbox');
	await seen('the captions checkbox');
	await page.keyboard.press('Space');
	if (!await page.evaluate(() => document.querySelector('main input[name="need_captions"]').checked))
		p.push('Space did not tick the captions checkbox');
	await tabTo(page, focusedIn, 'main textarea[name="need_other"]', 'the own words of one\'s needs');
	await seen('the own words of one\'s needs');
	const words = `Zqbehoefte ${lang}: een stoel met leuning.`;
	await page.keyboard.type(words);
	await tabTo(page, focusedIn, 'main form[action="/events/2/register"] button[type="submit"]',
		'the Yes, register button');
	await seen('the Yes, register button');
	let resp = await navigation(page, () => page.keyboard.press('Enter'));
	if (resp && resp.status() !== 200)
		p.push(`registering answered ${resp.status()}`);
	let st = await state();
	if (st.path !== '/events/2?done=registered')
		p.push(`after registering: landed on ${st.path}`);
	if (!st.notice || !st.title.startsWith(st.notice))
		p.push(`after registering: no notice with role="status" at the start of the title ("${st.title}")`);
	if (!await page.evaluate((w) => document.querySelector('main').textContent.includes(w), words))
		p.push('after registering: the event\'s page does not show one\'s own words of one\'s needs');
	await page.evaluate(() => window.__kringTest.prepare());
	await tabTo(page, focusedIn, 'main a[href="/events/2/cancel"]', 'the Cancel link');
	await seen('the Cancel link');
	await navigation(page, () => page.keyboard.press('Enter'));
	await page.evaluate(() => window.__kringTest.prepare());
	await tabTo(page, focusedIn, 'main form[action="/events/2/cancel"] button[type="submit"]',
		'the Yes, cancel button');
	await seen('the Yes, cancel button');
	resp = await navigation(page, () => page.keyboard.press('Enter'));
	st = await state();
	if (st.path !== '/events/2?done=cancelled')
		p.push(`after cancelling: landed on ${st.path}`);
	if (!st.notice)
		p.push('after cancelling: no notice with role="status"');
	return p;
}

// Writing an anonymous comment under a story by keyboard only (src/app/stories): a colleague of
// each language's own, who is no member of Iedereen Telt, opens the story its chair pinned (for
// everyone in the organisation), Tabs to the comment's text and types it, Tabs to the choice of
// how it appears (anonymous, where a colleague who is no member starts), Tabs to "Place the
// comment" and presses Enter. The notice is announced, and the comment shows as "Anonymous N".
async function checkStoryCommentByKeyboard(page, events, lang) {
	const p = [];
	const email = `opmerker-${lang}@rijnstad.example`;
	server.admin(['user', 'add', email, `Opmerker ${lang}`, '--password-stdin', '--db', server.db],
		'Rijnstad-demo-2026\n');
	const { session } = await server.signIn(email, '/');
	await page.context().addCookies([{ name: 'session', value: session, url: server.base + '/',
		httpOnly: true, sameSite: 'Lax' }]);
	const seen = (what) => focusSeen(page, p, what);
	await openPinnedStory(page, server.base);
	const story = new URL(page.url()).pathname;
	const text = `Zqtoetsenbord ${lang}: dank je voor dit verhaal.`;
	await page.evaluate(() => window.__kringTest.prepare());
	await tabTo(page, focusedIn, 'main form[action$="/comments"] textarea[name="body"]',
		'the comment\'s text');
	await seen('the comment\'s text');
	await page.keyboard.type(text);
	await tabTo(page, focusedRadio, 'shown', 'the choice of how the comment appears');
	await seen('the choice of how the comment appears');
	await arrowTo(page, 'shown', 'anonymous');
	await tabTo(page, focusedIn, 'main form[action$="/comments"] button[type="submit"]',
		'the Place the comment button');
	await seen('the Place the comment button');
	const resp = await navigation(page, () => page.keyboard.press('Enter'));
	if (resp && resp.status() !== 200)
		p.push(`placing the comment answered ${resp.status()}`);
	const st = await page.evaluate((t) => {
		const el = document.querySelector('main [role="status"]');
		const mine = [...document.querySelectorAll('main article.post')]
			.find((a) => a.textContent.includes(t));
		return { notice: el ? el.textContent.trim() : null, title: document.title,
			path: location.pathname + location.search,
			heading: mine ? mine.querySelector('h3').textContent.trim() : null };
	}, text);
	if (st.path !== `${story}?done=commented`)
		p.push(`after placing the comment: landed on ${st.path}`);
	if (!st.notice || !st.title.startsWith(st.notice))
		p.push(`after placing the comment: no notice with role="status" at the start of the title ("${st.title}")`);
	if (!st.heading || !/^(Anonymous|Anoniem) \d+$/.test(st.heading))
		p.push(`the comment does not show as anonymous (heading ${JSON.stringify(st.heading)})`);
	p.push(...new Set(events));
	return p;
}
