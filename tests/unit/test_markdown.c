// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_markdown.c: Markdown as safe HTML (html/markdown.h): the markup it writes, raw HTML shown
 * as text, only http(s) and mailto links, images never loaded, headings below the page's. */
#include "test.h"
#include "html/markdown.h"

void test_markdown_blocks(void);
void test_markdown_raw_html(void);
void test_markdown_links(void);
void test_markdown_headings_images(void);
void test_markdown_cache(void);

/* The HTML of src, in a static buffer (tests only). */
static const char *
md(const char *src, int top)
{
	static struct strbuf sb;
	strbuf_release(&sb);
	strbuf_init(&sb, 1u << 20);
	markdown_html(&sb, src, strlen(src), top);
	CHECK(strbuf_ok(&sb));
	return sb.buf;
}

void
test_markdown_blocks(void)
{
	CHECK_STR(md("", 3), "");
	CHECK_STR(md("Hallo *allemaal* en **welkom**", 3),
		  "<p>Hallo <em>allemaal</em> en <strong>welkom</strong></p>\n");
	CHECK_STR(md("- een\n- twee\n", 3), "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n");
	CHECK_STR(md("3. drie\n4. vier\n", 3),
		  "<ol start=\"3\">\n<li>drie</li>\n<li>vier</li>\n</ol>\n");
	CHECK_STR(md("- een\n\n- twee\n", 3),
		  "<ul>\n<li><p>een</p>\n</li>\n<li><p>twee</p>\n</li>\n</ul>\n");
	CHECK_STR(md("> geciteerd\n", 3), "<blockquote>\n<p>geciteerd</p>\n</blockquote>\n");
	CHECK_STR(md("`a<b`\n\n    x & y\n", 3),
		  "<p><code>a&lt;b</code></p>\n<pre><code>x &amp; y\n</code></pre>\n");
	CHECK_STR(md("regel  \nvolgende\nzelfde\n\n---\n", 3),
		  "<p>regel<br>\nvolgende\nzelfde</p>\n<hr>\n");
	/* A NUL ends the text; invalid UTF-8 becomes U+FFFD. */
	struct strbuf sb;
	strbuf_init(&sb, 4096);
	markdown_html(&sb, "ab\0cd", 5, 3);
	CHECK_STR(sb.buf, "<p>ab</p>\n");
	strbuf_reset(&sb);
	markdown_html(&sb, "a\xff", 2, 3);
	CHECK_STR(sb.buf, "<p>a\xef\xbf\xbd</p>\n");
	strbuf_release(&sb);
}

void
test_markdown_raw_html(void)
{
	CHECK_STR(md("<script>alert(1)</script>\n", 3),
		  "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
	CHECK_STR(md("een <b onclick=\"x()\">vet</b> woord", 3),
		  "<p>een &lt;b onclick=&quot;x()&quot;&gt;vet&lt;/b&gt; woord</p>\n");
	CHECK_STR(md("&lt;b&gt; &amp; &copy;", 3), "<p>&lt;b&gt; &amp; \xc2\xa9</p>\n");
}

void
test_markdown_links(void)
{
	CHECK_STR(md("[site](https://example.org/a?b=1&c=\"2\")", 3),
		  "<p><a href=\"https://example.org/a?b=1&amp;c=&quot;2&quot;\" "
		  "rel=\"noopener nofollow ugc\">site</a></p>\n");
	CHECK_STR(md("[mail](mailto:kring@example.org \"Schrijf ons\")", 3),
		  "<p><a href=\"mailto:kring@example.org\" title=\"Schrijf ons\" "
		  "rel=\"noopener nofollow ugc\">mail</a></p>\n");
	CHECK_STR(md("<https://example.org>", 3),
		  "<p><a href=\"https://example.org\" rel=\"noopener nofollow ugc\">"
		  "https://example.org</a></p>\n");
	/* Other schemes, relative and protocol-relative addresses: the text stays, the link goes.
	 */
	CHECK_STR(md("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1))", 3), "<p>x y</p>\n");
	CHECK_STR(
	    md("[d](data:text/html,hoi) [f](file:///etc/passwd) [r](/admin) [p](//evil.example)",
	       3),
	    "<p>d f r p</p>\n");
	CHECK(markdown_url_ok("HTTPS://example.org"));
	CHECK(markdown_url_ok("http://example.org"));
	CHECK(!markdown_url_ok("https://exa mple.org"));
	CHECK(!markdown_url_ok("https://example.org/\x01"));
	CHECK(!markdown_url_ok("ftp://example.org"));
	CHECK(!markdown_url_ok(NULL));
}

void
test_markdown_headings_images(void)
{
	CHECK_STR(md("# Een\n## Twee\n###### Zes\n", 3),
		  "<h3>Een</h3>\n<h4>Twee</h4>\n<h6>Zes</h6>\n");
	CHECK_STR(md("# Een\n", 1), "<h1>Een</h1>\n");
	/* An image is a link to it with its description; a tracking pixel loads nothing. */
	CHECK_STR(md("![een grafiek](https://example.org/g.png)", 3),
		  "<p><a href=\"https://example.org/g.png\" rel=\"noopener nofollow ugc\">"
		  "een grafiek</a></p>\n");
	CHECK_STR(md("![](data:image/png;base64,AAAA)", 3), "<p></p>\n");
	CHECK(!strstr(md("![x](https://t.example/p.gif)", 3), "<img"));
}

/* A text written again comes from the thread's cache: the same bytes, also after other output
 * in the buffer; the heading level is part of the key; a write cut off by the buffer's cap is
 * never kept, and a long text (not kept) is written whole each time. */
void
test_markdown_cache(void)
{
	const char *src = "# Kop\n\nTekst met een [link](https://example.org).\n";
	const char *want = "<h3>Kop</h3>\n<p>Tekst met een <a href=\"https://example.org\" "
			   "rel=\"noopener nofollow ugc\">link</a>.</p>\n";
	struct strbuf sb;
	strbuf_init(&sb, 1u << 20);
	strbuf_addstr(&sb, "voor:");
	markdown_html(&sb, src, strlen(src), 3);
	markdown_html(&sb, src, strlen(src), 3);
	char both[512];
	snprintf(both, sizeof(both), "voor:%s%s", want, want);
	CHECK_STR(sb.buf, both);
	strbuf_reset(&sb);
	markdown_html(&sb, src, strlen(src), 2);
	CHECK(strncmp(sb.buf, "<h2>Kop</h2>", 12) == 0);
	strbuf_release(&sb);

	const char *other = "Een *andere* tekst die nog niet geschreven is.";
	strbuf_init(&sb, 10);
	markdown_html(&sb, other, strlen(other), 3);
	CHECK(!strbuf_ok(&sb));
	strbuf_release(&sb);
	CHECK_STR(md(other, 3), "<p>Een <em>andere</em> tekst die nog niet geschreven is.</p>\n");

	struct strbuf longer;
	strbuf_init(&longer, 1u << 20);
	for (int i = 0; i < 1000; i++)
		strbuf_addstr(&longer, "Een regel van een lange tekst.\n\n");
	char *first = strdup(md(longer.buf, 3));
	CHECK(strlen(first) > 8192);
	CHECK_STR(md(longer.buf, 3), first);
	free(first);
	strbuf_release(&longer);
}
