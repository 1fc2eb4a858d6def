// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_html.c: the escaping writer, the page layout and the form widgets. _() returns the
 * English message id here (no locale is set), so the expected text is English. */
#include "test.h"
#include "html/form.h"
#include "html/html.h"
#include "html/page.h"
#include <signal.h>
#include <sys/wait.h>

void test_html_escape(void);
void test_html_fmt(void);
void test_html_fmt_bug(void);
void test_html_url_part(void);
void test_html_page_layout(void);
void test_html_page_crumbs_errors(void);
void test_html_form_input(void);
void test_html_form_radios(void);
void test_html_form_checkbox_summary(void);

/* How often needle occurs in hay. */
static int
count(const char *hay, const char *needle)
{
	int n = 0;
	size_t len = strlen(needle);
	for (const char *p = hay; (p = strstr(p, needle)); p += len)
		n++;
	return n;
}

static bool
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* True when some tag carries an inline event handler (" onclick=", " onload=", ...). */
static bool
has_event_attr(const char *doc)
{
	for (const char *p = doc; (p = strstr(p, " on")); p += 3) {
		const char *q = p + 3;
		while (*q >= 'a' && *q <= 'z')
			q++;
		if (q > p + 3 && *q == '=')
			return true;
	}
	return false;
}

/* True when the document has an element with id="id" (id given as pointer and length). */
static bool
has_id(const char *doc, const char *id, size_t len)
{
	char want[256];
	if (len + 7 > sizeof(want))
		return false;
	snprintf(want, sizeof(want), "id=\"%.*s\"", (int)len, id);
	return strstr(doc, want) != NULL;
}

/* How many id="..." values in doc occur more than once (each repeat counted). */
static int
duplicate_ids(const char *doc)
{
	int dups = 0;
	for (const char *p = doc; (p = strstr(p, " id=\"")); p += 5) {
		const char *v = p + 5, *end = strchr(v, '"');
		if (!end)
			return -1;
		char want[256];
		if ((size_t)(end - v) + 8 > sizeof(want))
			return -1;
		snprintf(want, sizeof(want), " id=\"%.*s\"", (int)(end - v), v);
		if (count(doc, want) > 1 && strstr(doc, want) != p)
			dups++;
	}
	return dups;
}

/* Every value of attribute attr (e.g. "for=\"") names ids that exist in the document; returns
 * how many ids were checked, or -1 when one is missing. */
static int
refs_exist(const char *doc, const char *attr)
{
	int checked = 0;
	size_t alen = strlen(attr);
	for (const char *p = doc; (p = strstr(p, attr)); p += alen) {
		const char *v = p + alen, *end = strchr(v, '"');
		if (!end)
			return -1;
		while (v < end) {
			const char *sp = memchr(v, ' ', (size_t)(end - v));
			const char *e = sp ? sp : end;
			if (e > v) {
				if (!has_id(doc, v, (size_t)(e - v))) {
					fprintf(stderr, "    no id for %s%.*s\"\n", attr,
						(int)(e - v), v);
					return -1;
				}
				checked++;
			}
			v = e + 1;
		}
	}
	return checked;
}

void
test_html_escape(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	html_text(&sb, "<a href=\"x\">Tom & 'Jerry'</a>");
	CHECK_STR(sb.buf, "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");

	strbuf_reset(&sb);
	html_text(&sb, NULL);
	html_text(&sb, "");
	CHECK_INT(sb.len, 0);

	strbuf_reset(&sb);
	html_text(&sb, "caf\xc3\xa9 \xe2\x80\x93 plain"); /* UTF-8 passes through untouched */
	CHECK_STR(sb.buf, "caf\xc3\xa9 \xe2\x80\x93 plain");

	strbuf_reset(&sb);
	html_textn(&sb, "a&b<c", 3); /* only the first n bytes */
	CHECK_STR(sb.buf, "a&amp;b");

	strbuf_reset(&sb);
	html_textn(&sb, "&&", 2); /* escapes at both ends */
	CHECK_STR(sb.buf, "&amp;&amp;");
	strbuf_release(&sb);
}

void
test_html_fmt(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	const struct html_safe safe = { "<em>ok</em>", 11 };
	html_fmt(&sb, "<p class=\"x\">%s|%d|%zu|%ld|%lld|%u|%H|100%%</p>", "<b>&'\"", -5, (size_t)7,
		 -123456789L, 9000000000LL, 42u, &safe);
	CHECK_STR(sb.buf, "<p class=\"x\">&lt;b&gt;&amp;&#39;&quot;|-5|7|-123456789|9000000000|42|"
			  "<em>ok</em>|100%</p>");

	strbuf_reset(&sb);
	html_fmt(&sb, "[%s]", (const char *)NULL); /* NULL writes nothing */
	CHECK_STR(sb.buf, "[]");

	strbuf_reset(&sb);
	html_fmt(&sb, "%s%s", "a", "b"); /* no literal at either end */
	CHECK_STR(sb.buf, "ab");
	strbuf_release(&sb);
}

/* Runs html_fmt with a format it does not know in a child process; true when the child
 * aborted (BUG()) rather than writing something. */
static bool
fmt_aborts(int which)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(3);
		struct strbuf sb;
		strbuf_init(&sb, 0);
		if (which == 0)
			html_fmt(&sb, "<p>%x</p>", 10);
		else if (which == 1)
			html_fmt(&sb, "%lu", 10ul);
		else
			html_fmt(&sb, "100%", 0);
		_exit(0);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid)
		return false;
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

void
test_html_fmt_bug(void)
{
	CHECK(fmt_aborts(0)); /* %x */
	CHECK(fmt_aborts(1)); /* %lu */
	CHECK(fmt_aborts(2)); /* a lone % at the end */
}

void
test_html_url_part(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	html_url_part(&sb, "a b/c?d=e&f#g");
	CHECK_STR(sb.buf, "a%20b%2Fc%3Fd%3De%26f%23g");

	strbuf_reset(&sb);
	html_url_part(&sb, "AZaz09-._~");
	CHECK_STR(sb.buf, "AZaz09-._~");

	strbuf_reset(&sb);
	html_url_part(&sb, "<'\">%+");
	CHECK_STR(sb.buf, "%3C%27%22%3E%25%2B");

	strbuf_reset(&sb);
	html_url_part(&sb, "caf\xc3\xa9");
	CHECK_STR(sb.buf, "caf%C3%A9");

	strbuf_reset(&sb);
	html_url_part(&sb, NULL);
	CHECK_INT(sb.len, 0);
	strbuf_release(&sb);
}

void
test_html_page_layout(void)
{
	const struct page_env env = {
		.lang = "nl",
		.html_class = "calm theme-dark",
		.csrf_token = "tok<1>",
		.path = "/",
		.org_name = "Gemeente & Co",
		.asset_prefix = "/static/abc123",
	};
	const struct page pg = { .title = "Welkom <bij> Kring", .lead = "Het netwerk." };
	struct strbuf sb;
	strbuf_init(&sb, 0);
	page_begin(&sb, &env, &pg);
	html_lit(&sb, "<p>body</p>\n");
	page_end(&sb, &env);
	CHECK(strbuf_ok(&sb));
	const char *out = sb.buf;

	CHECK(starts_with(out, "<!DOCTYPE html>\n<html lang=\"nl\" class=\"calm theme-dark\">"));
	CHECK(strstr(out, "<meta charset=\"utf-8\">"));
	CHECK(strstr(out, "content=\"width=device-width, initial-scale=1\""));
	CHECK(!strstr(out, "user-scalable") && !strstr(out, "maximum-scale"));
	CHECK(strstr(out, "<title>Welkom &lt;bij&gt; Kring – Gemeente &amp; Co</title>"));
	CHECK(strstr(out, "<link rel=\"stylesheet\" href=\"/static/abc123/kring.css\">"));
	CHECK(strstr(out, "<script src=\"/static/abc123/kring.js\" defer></script>"));

	/* The skip link is the first thing in the body and leads to <main>. */
	CHECK(
	    strstr(out, "<body>\n<a class=\"skip-link\" href=\"#main\">Skip to main content</a>"));
	CHECK_INT(count(out, "<main id=\"main\" tabindex=\"-1\">"), 1);
	CHECK_INT(count(out, "id=\"main\""), 1);

	/* Exactly one <h1>, inside <main>, escaped, followed by the lead. */
	CHECK_INT(count(out, "<h1"), 1);
	const char *main_at = strstr(out, "<main"), *h1_at = strstr(out, "<h1");
	CHECK(main_at && h1_at && h1_at > main_at);
	CHECK(strstr(out, "<h1>Welkom &lt;bij&gt; Kring</h1>\n<p class=\"lead\">Het netwerk.</p>"));

	/* Landmarks, in order. */
	const char *hdr = strstr(out, "<header"), *nav = strstr(out, "<nav"),
		   *ftr = strstr(out, "<footer");
	CHECK(hdr && nav && main_at && ftr && hdr < nav && nav < main_at && main_at < ftr);
	CHECK_INT(count(out, "<main"), 1);
	CHECK_INT(count(out, "</main>"), 1);
	CHECK(strstr(out, "<a class=\"site-name\" href=\"/\">Gemeente &amp; Co</a>"));

	/* The current page is marked in the navigation; the other item is not. */
	CHECK(strstr(out, "<a href=\"/\" aria-current=\"page\">Home</a>"));
	CHECK(strstr(out, "<a href=\"/preferences\">Display preferences</a>"));
	CHECK_INT(count(out, "aria-current"), 1);
	CHECK(strstr(out, "<nav class=\"site-nav\" aria-label=\"Main menu\">"));

	/* No crumbs given: no breadcrumb trail. */
	CHECK(!strstr(out, "Breadcrumb"));

	/* The language switch offers English, labelled in English. */
	CHECK(strstr(out, "action=\"/language\""));
	CHECK(strstr(out, "<input type=\"hidden\" name=\"csrf\" value=\"tok&lt;1&gt;\">"));
	CHECK(strstr(out, "<input type=\"hidden\" name=\"back\" value=\"/\">"));
	CHECK(strstr(out, "value=\"en\" lang=\"en\">English</button>"));
	CHECK(!strstr(out, "Nederlands"));

	/* The footer and the end of the document. */
	CHECK(strstr(out, "<a href=\"/accessibility\">Accessibility statement</a>"));
	CHECK(strstr(out, "<p class=\"footer-org\">Gemeente &amp; Co</p>"));
	CHECK_INT(count(out, "</html>"), 1);
	CHECK(strcmp(out + sb.len - 15, "</body>\n</html>") == 0 ||
	      strcmp(out + sb.len - 16, "</body>\n</html>\n") == 0);

	/* No inline style or script: the CSP forbids them. */
	CHECK(!strstr(out, "style="));
	CHECK(!has_event_attr(out));
	CHECK_INT(count(out, "<script"), 1);
	strbuf_release(&sb);
}

void
test_html_page_crumbs_errors(void)
{
	const struct crumb crumbs[] = {
		{ "Settings", "/settings" },
		{ "Display & text", NULL },
	};
	const struct page_env env = {
		.lang = "en",
		.html_class = "",
		.csrf_token = "t",
		.path = "/preferences",
		.org_name = "Org",
		.user_name = "Sam <3",
		.asset_prefix = "/static/x",
	};
	const struct page pg = {
		.title = "Display preferences",
		.crumbs = crumbs,
		.ncrumbs = ARRAY_SIZE(crumbs),
		.has_errors = true,
	};
	struct strbuf sb;
	strbuf_init(&sb, 0);
	page_begin(&sb, &env, &pg);
	page_end(&sb, &env);
	const char *out = sb.buf;

	CHECK(strstr(out, "<html lang=\"en\">")); /* an empty class is left out */
	CHECK(strstr(out, "<title>Error: Display preferences – Org</title>"));
	CHECK_INT(count(out, "<h1"), 1);
	CHECK(strstr(out, "<h1>Display preferences</h1>"));
	CHECK(!strstr(out, "class=\"lead\""));

	/* The navigation marks the preferences page, not Home. */
	CHECK(
	    strstr(out, "<a href=\"/preferences\" aria-current=\"page\">Display preferences</a>"));
	CHECK(strstr(out, "<li><a href=\"/\">Home</a></li>"));

	/* Breadcrumbs: Home first, then the trail; only the last is the current page. */
	const char *bc =
	    strstr(out, "<nav class=\"breadcrumbs\" aria-label=\"Breadcrumb\">\n<ol>\n"
			"<li><a href=\"/\">Home</a></li>\n"
			"<li><a href=\"/settings\">Settings</a></li>\n"
			"<li><span aria-current=\"page\">Display &amp; text</span></li>\n"
			"</ol>\n</nav>");
	CHECK(bc != NULL);
	CHECK_INT(count(out, "aria-current=\"page\""), 2); /* nav item and last crumb */
	CHECK(bc && bc < strstr(out, "<main"));

	/* Two navigation landmarks, each with its own name. */
	CHECK_INT(count(out, "<nav "), 2);

	/* On an English page the switch offers Dutch, labelled in Dutch. */
	CHECK(strstr(out, "value=\"nl\" lang=\"nl\">Nederlands</button>"));
	CHECK(strstr(out, "<input type=\"hidden\" name=\"back\" value=\"/preferences\">"));
	CHECK(strstr(out, "Signed in as <strong>Sam &lt;3</strong>"));

	/* A section below a navigation item is marked as "true", not as the page. */
	struct page_env below = env;
	below.path = "/preferences/text";
	const struct page plain = { .title = "Text" };
	strbuf_reset(&sb);
	page_begin(&sb, &below, &plain);
	CHECK(strstr(sb.buf, "<a href=\"/preferences\" aria-current=\"true\">"));
	CHECK(strstr(sb.buf, "<title>Text – Org</title>"));
	CHECK(!strstr(sb.buf, "aria-current=\"page\""));

	/* A title that is the organisation's name is not repeated in <title>. */
	const struct page home = { .title = "Org" };
	strbuf_reset(&sb);
	page_begin(&sb, &env, &home);
	CHECK(strstr(sb.buf, "<title>Org</title>"));
	strbuf_release(&sb);
}

void
test_html_form_input(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	const struct form_field email = {
		.name = "email",
		.label = "E-mail address",
		.hint = "We only use it for <reminders>",
		.error = "Enter an e-mail address like name@example.org",
		.value = "x\"><script>",
		.type = "email",
		.autocomplete = "email",
		.maxlength = 254,
		.required = true,
	};
	form_input(&sb, &email);
	const char *out = sb.buf;
	CHECK(strstr(out, "<label class=\"label\" for=\"f-email\">E-mail address "
			  "<span class=\"required\">(required)</span></label>"));
	CHECK(strstr(out, "id=\"f-email\" name=\"email\" type=\"email\""));
	CHECK(strstr(out, "value=\"x&quot;&gt;&lt;script&gt;\""));
	CHECK(!strstr(out, "<script"));
	CHECK(strstr(out, "aria-describedby=\"f-email-hint f-email-error\""));
	CHECK(strstr(out, "aria-invalid=\"true\""));
	CHECK(strstr(out, " required"));
	CHECK(strstr(out, "autocomplete=\"email\""));
	CHECK(strstr(out, "maxlength=\"254\""));
	CHECK(strstr(out, "<p class=\"hint\" id=\"f-email-hint\">We only use it for "
			  "&lt;reminders&gt;</p>"));
	CHECK(strstr(out, "<p class=\"error-message\" id=\"f-email-error\"><span "
			  "class=\"visually-hidden\">Error:</span> Enter an e-mail address"));
	CHECK(strstr(out, "class=\"field field-error\""));
	CHECK_INT(refs_exist(out, "for=\""), 1);
	CHECK_INT(refs_exist(out, "aria-describedby=\""), 2);

	/* Without an error: no aria-invalid, and only the hint is referenced. */
	struct form_field ok = email;
	ok.error = NULL;
	ok.required = false;
	strbuf_reset(&sb);
	form_input(&sb, &ok);
	CHECK(!strstr(sb.buf, "aria-invalid"));
	CHECK(!strstr(sb.buf, "f-email-error"));
	CHECK(!strstr(sb.buf, "required"));
	CHECK(strstr(sb.buf, "aria-describedby=\"f-email-hint\""));
	CHECK_INT(refs_exist(sb.buf, "aria-describedby=\""), 1);

	/* Neither hint nor error: no aria-describedby at all; the type defaults to text. */
	const struct form_field bare = { .name = "name", .label = "Name" };
	strbuf_reset(&sb);
	form_input(&sb, &bare);
	CHECK(!strstr(sb.buf, "aria-describedby"));
	CHECK(strstr(sb.buf, "type=\"text\""));
	CHECK(!strstr(sb.buf, "value="));
	CHECK_INT(refs_exist(sb.buf, "for=\""), 1);

	/* A number with its range; without one, neither min nor max. */
	const struct form_field days = { .name = "days",
					 .label = "Days",
					 .value = "30",
					 .type = "number",
					 .min = 1,
					 .max = 3650 };
	strbuf_reset(&sb);
	form_input(&sb, &days);
	CHECK(strstr(sb.buf, "type=\"number\" value=\"30\" min=\"1\" max=\"3650\""));
	const struct form_field anyday = { .name = "days", .label = "Days", .type = "number" };
	strbuf_reset(&sb);
	form_input(&sb, &anyday);
	CHECK(!strstr(sb.buf, "min=") && !strstr(sb.buf, "max="));

	/* A password is never written back. */
	const struct form_field pw = {
		.name = "pw", .label = "Password", .value = "secret", .type = "password"
	};
	strbuf_reset(&sb);
	form_input(&sb, &pw);
	CHECK(!strstr(sb.buf, "secret"));

	/* A textarea holds its (escaped) value as content. */
	const struct form_field story = {
		.name = "story",
		.label = "Your story",
		.value = "</textarea>&",
		.multiline = true,
		.error = "Too long",
	};
	strbuf_reset(&sb);
	form_input(&sb, &story);
	CHECK(strstr(sb.buf, "<textarea class=\"textarea\" id=\"f-story\" name=\"story\""));
	CHECK(strstr(sb.buf, ">&lt;/textarea&gt;&amp;</textarea>"));
	CHECK(strstr(sb.buf, "aria-describedby=\"f-story-error\" aria-invalid=\"true\""));
	CHECK_INT(refs_exist(sb.buf, "aria-describedby=\""), 1);
	CHECK_INT(count(sb.buf, "</textarea>"), 1);
	strbuf_release(&sb);
}

void
test_html_form_radios(void)
{
	const struct form_option opts[] = {
		{ "visible", "Visible", "Your name is shown" },
		{ "pseudonym", "Under a pseudonym", NULL },
		{ "silent", "Silent follower", "Nobody sees you" },
	};
	struct form_choice c = {
		.name = "visibility",
		.legend = "How do you appear?",
		.hint = "You can change this later",
		.options = opts,
		.noptions = ARRAY_SIZE(opts),
		.selected = "pseudonym",
	};
	struct strbuf sb;
	strbuf_init(&sb, 0);
	form_radios(&sb, &c);
	const char *out = sb.buf;
	CHECK(strstr(out, "<fieldset class=\"fieldset\" aria-describedby=\"f-visibility-hint\">\n"
			  "<legend class=\"legend\">How do you appear?</legend>"));
	/* The first radio has the group's id, so the error summary's link lands on it. */
	CHECK(strstr(out,
		     "type=\"radio\" id=\"f-visibility\" name=\"visibility\" value=\"visible\""));
	CHECK(strstr(out, "id=\"f-visibility-pseudonym\" name=\"visibility\" value=\"pseudonym\" "
			  "checked>"));
	CHECK(strstr(out, "id=\"f-visibility-silent\""));
	CHECK_INT(count(out, "checked"), 1);
	CHECK_INT(count(out, "type=\"radio\""), 3);
	CHECK_INT(refs_exist(out, "for=\""), 3);
	CHECK_INT(refs_exist(out, "aria-describedby=\""), 3); /* group hint and two option hints */
	/* The first option's hint is not the group's hint: every id once. */
	CHECK_INT(duplicate_ids(out), 0);
	CHECK(strstr(out, "aria-describedby=\"f-visibility-visible-hint\""));
	CHECK(strstr(out, "id=\"f-visibility-visible-hint\">Your name is shown</p>"));
	CHECK(!strstr(out, "aria-invalid"));

	c.error = "Choose how you appear";
	c.selected = NULL;
	strbuf_reset(&sb);
	form_radios(&sb, &c);
	out = sb.buf;
	CHECK(strstr(out, "aria-describedby=\"f-visibility-hint f-visibility-error\""));
	CHECK(strstr(out, "id=\"f-visibility-error\"><span class=\"visually-hidden\">Error:</span> "
			  "Choose how you appear</p>"));
	CHECK_INT(count(out, "aria-invalid=\"true\""), 3);
	CHECK_INT(count(out, "checked"), 0);
	CHECK_INT(refs_exist(out, "aria-describedby=\""), 4);
	CHECK_INT(duplicate_ids(out), 0);
	strbuf_release(&sb);
}

void
test_html_form_checkbox_summary(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	form_checkbox(&sb, "newsletter", "Send me the newsletter", "Once a month", true);
	const char *out = sb.buf;
	const char *input = strstr(out, "<input"), *label = strstr(out, "<label");
	CHECK(input && label && input < label); /* the box comes before its label */
	CHECK(strstr(out, "type=\"checkbox\" id=\"f-newsletter\" name=\"newsletter\" value=\"1\" "
			  "checked aria-describedby=\"f-newsletter-hint\">"));
	CHECK_INT(refs_exist(out, "for=\""), 1);
	CHECK_INT(refs_exist(out, "aria-describedby=\""), 1);

	strbuf_reset(&sb);
	form_checkbox(&sb, "calm", "Calm screen", NULL, false);
	CHECK(!strstr(sb.buf, "checked"));
	CHECK(!strstr(sb.buf, "aria-describedby"));

	/* The error summary links to each field's control. */
	const struct form_error errs[] = {
		{ "email", "Enter your e-mail address" },
		{ "visibility", "Choose <one>" },
	};
	strbuf_reset(&sb);
	form_error_summary(&sb, errs, 0);
	CHECK_INT(sb.len, 0);
	form_error_summary(&sb, errs, ARRAY_SIZE(errs));
	out = sb.buf;
	CHECK(strstr(out, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" "
			  "aria-labelledby=\"error-summary-title\">"));
	CHECK(strstr(out, "<h2 id=\"error-summary-title\">There is a problem</h2>"));
	CHECK(strstr(out, "<li><a href=\"#f-email\">Enter your e-mail address</a></li>"));
	CHECK(strstr(out, "<li><a href=\"#f-visibility\">Choose &lt;one&gt;</a></li>"));
	CHECK_INT(refs_exist(out, "aria-labelledby=\""), 1);

	/* form_begin: post, the token, and novalidate: Kring's own error summary, in the page's
	 * language, replaces the browser's pop-ups (as in the GOV.UK design system). */
	strbuf_reset(&sb);
	form_begin(&sb, "/preferences", "a\"b");
	form_submit(&sb, "Save");
	form_end(&sb);
	out = sb.buf;
	CHECK(strstr(out, "method=\"post\" action=\"/preferences\""));
	CHECK(strstr(out, "<input type=\"hidden\" name=\"csrf\" value=\"a&quot;b\">"));
	CHECK(strstr(out, "novalidate>"));
	CHECK(strstr(out, "<button type=\"submit\" class=\"button\">Save</button>"));
	CHECK(strstr(out, "</form>"));
	strbuf_release(&sb);
}
