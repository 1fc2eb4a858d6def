// SPDX-License-Identifier: AGPL-3.0-or-later
/* pages.c: the embedded stylesheet, script and fonts, and the health check. Assets live under
 * a version that changes with their content, so they can be cached for a year. */
#include "app/app.h"
#include "app/static/pages.h"
#include "base/embed.h"
#include "base/log.h"
#include <sodium.h>

#define ASSET_MAX 16

static struct {
	char etag[24]; /* "\"<16 hex>\"" */
	const char *type;
} asset_meta[ASSET_MAX];

static const char *
type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	if (strcmp(dot, ".js") == 0)
		return "text/javascript; charset=utf-8";
	if (strcmp(dot, ".otf") == 0)
		return "font/otf";
	if (strcmp(dot, ".woff2") == 0)
		return "font/woff2";
	if (strcmp(dot, ".svg") == 0)
		return "image/svg+xml";
	return "application/octet-stream";
}

void
app_assets_init(struct app *app)
{
	if (assets_count > ASSET_MAX)
		BUG("more assets (%zu) than ASSET_MAX", assets_count);
	crypto_generichash_state all;
	crypto_generichash_init(&all, NULL, 0, 8);
	for (size_t i = 0; i < assets_count; i++) {
		unsigned char h[8];
		char hex[17];
		const struct embedded_file *f = &assets_files[i];
		crypto_generichash(h, sizeof(h), f->data, f->len, NULL, 0);
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		snprintf(asset_meta[i].etag, sizeof(asset_meta[i].etag), "\"%s\"", hex);
		asset_meta[i].type = type_of(f->name);
		crypto_generichash_update(&all, h, sizeof(h));
	}
	unsigned char v[8];
	char hex[17];
	crypto_generichash_final(&all, v, sizeof(v));
	sodium_bin2hex(hex, sizeof(hex), v, sizeof(v));
	snprintf(app->asset_prefix, sizeof(app->asset_prefix), "/static/%s", hex);
}

int
page_static(struct request *r)
{
	/* params[0] is the version: any version gets today's file, so a page cached across an
	 * upgrade still finds its stylesheet. */
	struct str name = r->params[1];
	for (size_t i = 0; i < assets_count; i++) {
		const struct embedded_file *f = &assets_files[i];
		if (!str_eq_cstr(name, f->name))
			continue;
		resp_header(r, "ETag", asset_meta[i].etag);
		resp_header(r, "Cache-Control", "public, max-age=31536000, immutable");
		r->content_type = asset_meta[i].type;
		const char *inm = req_header(r, "If-None-Match");
		if (inm && strstr(inm, asset_meta[i].etag)) {
			r->status = 304;
			return KR_OK;
		}
		r->body_is_static = true;
		r->out_static = f->data;
		r->out_static_len = f->len;
		return KR_OK;
	}
	return KR_ENOTFOUND;
}

int
page_healthz(struct request *r)
{
	struct db_conn *c = app_db(r);
	if (!c || db_ping(c)) {
		r->status = 503;
		r->content_type = "text/plain; charset=utf-8";
		strbuf_addstr(&r->out, "database unavailable\n"); /* raw: text/plain */
		return KR_OK;
	}
	r->content_type = "text/plain; charset=utf-8";
	strbuf_addstr(&r->out, "ok\n"); /* raw: text/plain */
	return KR_OK;
}
