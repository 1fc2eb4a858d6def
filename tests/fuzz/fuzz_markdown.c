// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_markdown.c: libFuzzer harness for markdown_html(): whatever the text, every '<' in the
 * output opens one of the tags markdown.c writes, a link's address is http(s) or mailto, and
 * nothing else of markup (no event handler, no image, no script) can come out. */
#include "base/strbuf.h"
#include "html/markdown.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const tags[] = {
	"p>",
	"/p>",
	"em>",
	"/em>",
	"strong>",
	"/strong>",
	"code>",
	"/code>",
	"pre>",
	"/pre>",
	"blockquote>",
	"/blockquote>",
	"ul>",
	"/ul>",
	"ol>",
	"ol start=\"",
	"/ol>",
	"li>",
	"/li>",
	"br>",
	"hr>",
	"/a>",
	"h1>",
	"h2>",
	"h3>",
	"h4>",
	"h5>",
	"h6>",
	"/h1>",
	"/h2>",
	"/h3>",
	"/h4>",
	"/h5>",
	"/h6>",
	"a href=\"https://",
	"a href=\"http://",
	"a href=\"mailto:",
};

static bool
tag_ok(const char *p)
{
	for (size_t i = 0; i < ARRAY_SIZE(tags); i++)
		if (strncasecmp(p, tags[i], strlen(tags[i])) == 0)
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MARKDOWN_MAX)
		return 0;
	struct strbuf sb;
	strbuf_init(&sb, 64u << 20);
	markdown_html(&sb, (const char *)data, size, 3);
	if (!strbuf_ok(&sb))
		abort();
	for (const char *p = sb.buf; (p = strchr(p, '<')); p++)
		if (!tag_ok(p + 1))
			abort();
	/* Attribute values are escaped: no quote inside one can end it early. */
	for (const char *p = sb.buf; (p = strstr(p, "<a href=\"")); p++) {
		const char *end = strchr(p + 9, '"');
		if (!end || strncmp(end, "\" rel=\"noopener nofollow ugc\">", 30) != 0) {
			if (!end || strncmp(end, "\" title=\"", 9) != 0)
				abort();
			const char *t = strchr(end + 9, '"');
			if (!t || strncmp(t, "\" rel=\"noopener nofollow ugc\">", 30) != 0)
				abort();
		}
		for (const char *q = p + 9; q < end; q++)
			if ((unsigned char)*q <= 0x20 || *q == '<' || *q == '>')
				abort();
	}
	strbuf_release(&sb);
	return 0;
}
