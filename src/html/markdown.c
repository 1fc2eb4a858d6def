// SPDX-License-Identifier: AGPL-3.0-or-later
/* markdown.c: CommonMark (cmark's parser) written as HTML through the escaping writer; the
 * rules are in markdown.h. cmark's own HTML renderer is not used: it has no rel attribute and
 * keeps links to any scheme it does not know to be dangerous; here only what is listed below
 * becomes markup. */
#include "html/markdown.h"
#include "html/html.h"
#include <cmark.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* What was written lately, for the whole process: a forum topic's 50 posts are parsed once, not
 * on every view. A slot is found by a BLAKE2b-128 of (top_heading, text), so an edited post is a
 * new key and a stale answer cannot come back; outputs over MD_SLOT_MAX are not kept, so the
 * cache holds at most MD_SLOTS x MD_SLOT_MAX bytes (4 MiB), and nothing before the first text.
 * One mutex: a lookup is a compare and a copy of about a kilobyte. The texts are members' words
 * (docs/PRIVACY.md, "Written texts in memory"): an entry pushed out is wiped before it is freed,
 * and nothing here is ever logged or written to disk. */
#define MD_SLOTS    512
#define MD_SLOT_MAX 8192

struct md_slot {
	unsigned char key[16];
	size_t len;
	char *html; /* NULL: empty slot */
};

static struct md_slot md_cache[MD_SLOTS];
static pthread_mutex_t md_lock = PTHREAD_MUTEX_INITIALIZER;

bool
markdown_url_ok(const char *url)
{
	if (!url)
		return false;
	if (strncasecmp(url, "https://", 8) != 0 && strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "mailto:", 7) != 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f)
			return false;
	return true;
}

/* A paragraph directly inside an item of a tight list is written without <p>, as cmark does. */
static bool
paragraph_is_tight(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n);
	cmark_node *list = item ? cmark_node_parent(item) : NULL;
	return item && list && cmark_node_get_type(item) == CMARK_NODE_ITEM &&
	       cmark_node_get_list_tight(list);
}

static void
link_open(struct strbuf *sb, cmark_node *n)
{
	const char *url = cmark_node_get_url(n);
	const char *title = cmark_node_get_title(n);
	if (!markdown_url_ok(url))
		return;
	if (title && *title)
		html_fmt(sb, "<a href=\"%s\" title=\"%s\" rel=\"noopener nofollow ugc\">", url,
			 title);
	else
		html_fmt(sb, "<a href=\"%s\" rel=\"noopener nofollow ugc\">", url);
}

static void
link_close(struct strbuf *sb, cmark_node *n)
{
	if (markdown_url_ok(cmark_node_get_url(n)))
		html_lit(sb, "</a>");
}

static int
heading_level(cmark_node *n, int top)
{
	int level = top + cmark_node_get_heading_level(n) - 1;
	return level > 6 ? 6 : level;
}

/* One step of the walk: a node entered (or a leaf), or a container left. */
static void
write_node(struct strbuf *sb, cmark_node *n, bool enter, int top)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
		if (enter)
			html_lit(sb, "<blockquote>\n");
		else
			html_lit(sb, "</blockquote>\n");
		break;
	case CMARK_NODE_LIST: {
		bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		int start = cmark_node_get_list_start(n);
		if (enter && ordered && start != 1)
			html_fmt(sb, "<ol start=\"%d\">\n", start);
		else if (enter && ordered)
			html_lit(sb, "<ol>\n");
		else if (enter)
			html_lit(sb, "<ul>\n");
		else if (ordered)
			html_lit(sb, "</ol>\n");
		else
			html_lit(sb, "</ul>\n");
		break;
	}
	case CMARK_NODE_ITEM:
		if (enter)
			html_lit(sb, "<li>");
		else
			html_lit(sb, "</li>\n");
		break;
	case CMARK_NODE_PARAGRAPH:
		if (paragraph_is_tight(n))
			break;
		if (enter)
			html_lit(sb, "<p>");
		else
			html_lit(sb, "</p>\n");
		break;
	case CMARK_NODE_HEADING:
		if (enter)
			html_fmt(sb, "<h%d>", heading_level(n, top));
		else
			html_fmt(sb, "</h%d>\n", heading_level(n, top));
		break;
	case CMARK_NODE_CODE_BLOCK:
		html_fmt(sb, "<pre><code>%s</code></pre>\n", cmark_node_get_literal(n));
		break;
	case CMARK_NODE_HTML_BLOCK: { /* raw HTML is shown as what was typed */
		const char *lit = cmark_node_get_literal(n);
		size_t len = strlen(lit);
		while (len && lit[len - 1] == '\n')
			len--;
		html_lit(sb, "<p>");
		html_textn(sb, lit, len);
		html_lit(sb, "</p>\n");
		break;
	}
	case CMARK_NODE_THEMATIC_BREAK:
		html_lit(sb, "<hr>\n");
		break;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_HTML_INLINE:
		html_text(sb, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_SOFTBREAK:
		html_lit(sb, "\n");
		break;
	case CMARK_NODE_LINEBREAK:
		html_lit(sb, "<br>\n");
		break;
	case CMARK_NODE_CODE:
		html_fmt(sb, "<code>%s</code>", cmark_node_get_literal(n));
		break;
	case CMARK_NODE_EMPH:
		if (enter)
			html_lit(sb, "<em>");
		else
			html_lit(sb, "</em>");
		break;
	case CMARK_NODE_STRONG:
		if (enter)
			html_lit(sb, "<strong>");
		else
			html_lit(sb, "</strong>");
		break;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE: /* never loaded: a link to it, its description as the link text */
		if (enter)
			link_open(sb, n);
		else
			link_close(sb, n);
		break;
	default: /* the document, custom nodes (cmark never makes them from text) */
		break;
	}
}

static void markdown_render(struct strbuf *sb, const char *src, size_t len, int top_heading);

void
markdown_html(struct strbuf *sb, const char *src, size_t len, int top_heading)
{
	if (top_heading < 1 || top_heading > 6)
		BUG("markdown_html: top_heading %d", top_heading);
	len = strnlen(src, len);
	if (len == 0)
		return;
	unsigned char key[16], th = (unsigned char)top_heading;
	crypto_generichash_state h;
	crypto_generichash_init(&h, NULL, 0, sizeof(key));
	crypto_generichash_update(&h, &th, 1);
	crypto_generichash_update(&h, (const unsigned char *)src, len);
	crypto_generichash_final(&h, key, sizeof(key));
	struct md_slot *slot = &md_cache[(key[0] | (size_t)key[1] << 8) % MD_SLOTS];
	pthread_mutex_lock(&md_lock);
	bool hit = slot->html && memcmp(slot->key, key, sizeof(key)) == 0;
	if (hit)
		strbuf_add(sb, slot->html, slot->len);
	pthread_mutex_unlock(&md_lock);
	if (hit)
		return;
	size_t from = sb->len;
	markdown_render(sb, src, len, top_heading);
	size_t n = sb->len - from;
	if (!strbuf_ok(sb) || n > MD_SLOT_MAX)
		return;
	char *copy = malloc(n ? n : 1);
	if (!copy)
		return;
	memcpy(copy, sb->buf + from, n);
	pthread_mutex_lock(&md_lock);
	char *old = slot->html;
	size_t old_len = slot->len;
	memcpy(slot->key, key, sizeof(key));
	slot->html = copy;
	slot->len = n;
	pthread_mutex_unlock(&md_lock);
	if (old) {
		sodium_memzero(old, old_len);
		free(old);
	}
}

static void
markdown_render(struct strbuf *sb, const char *src, size_t len, int top_heading)
{
	cmark_node *doc = cmark_parse_document(src, len, CMARK_OPT_VALIDATE_UTF8);
	if (!doc)
		BUG("cmark: out of memory");
	cmark_iter *it = cmark_iter_new(doc);
	if (!it)
		BUG("cmark: out of memory");
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		write_node(sb, cmark_iter_get_node(it), ev == CMARK_EVENT_ENTER, top_heading);
	cmark_iter_free(it);
	cmark_node_free(doc);
}
