// SPDX-License-Identifier: AGPL-3.0-or-later
/* fuzz_multipart.c: libFuzzer harness for multipart_boundary() and parse_multipart(). The first
 * two bytes choose the limits, the bytes up to the first newline are the Content-Type value,
 * the rest is the body. Fields stay within the limits and are valid UTF-8, files lie inside
 * the body, a failed parse sets nothing, and writing the parts out again with the same boundary
 * parses back to the same parts. */
#include "base/arena.h"
#include "base/strbuf.h"
#include "http/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
write_parts(struct strbuf *sb, struct str boundary, const struct param *f, size_t nf,
	    const struct upload *u, size_t nu)
{
	for (size_t i = 0; i < nf; i++) {
		strbuf_addf(sb, "--%.*s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n",
			    (int)boundary.len, boundary.p, f[i].name);
		strbuf_add(sb, f[i].value, f[i].value_len);
		strbuf_add(sb, "\r\n", 2);
	}
	for (size_t i = 0; i < nu; i++) {
		strbuf_addf(sb,
			    "--%.*s\r\nContent-Disposition: form-data; name=\"%s\"; "
			    "filename=\"x\"\r\nContent-Type: %s\r\n\r\n",
			    (int)boundary.len, boundary.p, u[i].name, u[i].content_type);
		strbuf_add(sb, u[i].data, u[i].len);
		strbuf_add(sb, "\r\n", 2);
	}
	strbuf_addf(sb, "--%.*s--\r\n", (int)boundary.len, boundary.p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	const struct parse_limits lim = {
		.max_fields = data[0] % 16,
		.max_name_len = 64,
		.max_value_len = (size_t)data[1] * 4,
	};
	const size_t max_file = (size_t)data[1] * 16;
	struct str in = { (const char *)data + 2, size - 2 };
	struct str ct, body = str_cut(in, '\n', &ct);
	if (!body.p)
		return 0;
	struct str boundary = { "unset", 5 };
	int err = multipart_boundary(ct, &boundary);
	if (err) {
		if (err != KR_EINVAL || !str_eq_cstr(boundary, "unset"))
			abort();
		boundary = (struct str){ "b", 1 };
	} else if (boundary.len < 1 || boundary.len > 70 || boundary.p < ct.p ||
		   boundary.p + boundary.len > ct.p + ct.len) {
		abort();
	}

	struct arena a;
	arena_init(&a);
	struct param sentinel = { "sentinel", "", 0 };
	struct upload usentinel = { 0 };
	struct param *f = &sentinel;
	struct upload *u = &usentinel;
	size_t nf = SIZE_MAX, nu = SIZE_MAX;
	err = parse_multipart(&a, body, boundary, &lim, max_file, &f, &nf, &u, &nu);
	if (err) {
		if ((err != KR_EINVAL && err != KR_ETOOBIG) || f != &sentinel || u != &usentinel ||
		    nf != SIZE_MAX || nu != SIZE_MAX)
			abort();
		arena_release(&a);
		return 0;
	}
	if (nf + nu > lim.max_fields || (nf && !f) || (nu && !u))
		abort();
	for (size_t i = 0; i < nf; i++) {
		size_t nl = strlen(f[i].name);
		if (!nl || nl > lim.max_name_len || strlen(f[i].value) != f[i].value_len ||
		    f[i].value_len > lim.max_value_len ||
		    !str_is_utf8((struct str){ f[i].value, f[i].value_len }))
			abort();
	}
	for (size_t i = 0; i < nu; i++) {
		const char *p = (const char *)u[i].data;
		if (!strlen(u[i].name) || u[i].len > max_file || p < body.p ||
		    p + u[i].len > body.p + body.len)
			abort();
	}
	/* Each name once, among the text fields and the files together. */
	for (size_t i = 0; i < nf + nu; i++)
		for (size_t j = i + 1; j < nf + nu; j++)
			if (strcmp(i < nf ? f[i].name : u[i - nf].name,
				   j < nf ? f[j].name : u[j - nf].name) == 0)
				abort();

	struct strbuf sb;
	strbuf_init(&sb, STRBUF_DEFAULT_MAX);
	write_parts(&sb, boundary, f, nf, u, nu);
	struct param *f2 = NULL;
	struct upload *u2 = NULL;
	size_t nf2 = 0, nu2 = 0;
	if (!strbuf_ok(&sb) ||
	    parse_multipart(&a, strbuf_view(&sb), boundary, &lim, max_file, &f2, &nf2, &u2, &nu2) ||
	    nf2 != nf || nu2 != nu)
		abort();
	for (size_t i = 0; i < nf; i++)
		if (strcmp(f[i].name, f2[i].name) != 0 || strcmp(f[i].value, f2[i].value) != 0)
			abort();
	for (size_t i = 0; i < nu; i++)
		if (strcmp(u[i].name, u2[i].name) != 0 || u[i].len != u2[i].len ||
		    memcmp(u[i].data, u2[i].data, u[i].len) != 0 ||
		    strcmp(u[i].content_type, u2[i].content_type) != 0)
			abort();
	strbuf_release(&sb);
	arena_release(&a);
	return 0;
}
