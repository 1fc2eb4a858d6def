// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_totp.c: one-time codes against the RFCs' own test vectors, the verification window and
 * replay rule, base32 and otpauth:// links, recovery codes, and the QR code's SVG. */
#include "test.h"
#include "app/auth/totp.h"
#include "html/qr.h"
#include <qrencode.h>
#include <sodium.h>

void test_totp_rfc6238_vectors(void);
void test_totp_rfc4226_hotp(void);
void test_totp_verify_window(void);
void test_totp_verify_replay(void);
void test_totp_verify_malformed(void);
void test_totp_verify_spaces(void);
void test_totp_new_secret(void);
void test_totp_base32(void);
void test_totp_uri(void);
void test_recovery_code_format(void);
void test_recovery_code_hash(void);
void test_qr_svg(void);
void test_qr_svg_escapes_label(void);
void test_qr_svg_modules(void);
void test_qr_svg_too_long(void);

static const unsigned char seed20[] = "12345678901234567890";
static const unsigned char seed32[] = "12345678901234567890123456789012";
static const unsigned char seed64[] =
    "1234567890123456789012345678901234567890123456789012345678901234";

/* The six-digit code of a step, as an app would show it. */
static void
code_of(int64_t step, char out[7])
{
	snprintf(out, 7, "%06u",
		 (unsigned)totp_hotp(TOTP_SHA1, seed20, 20, (uint64_t)step, TOTP_DIGITS) %
		     1000000u);
}

/* RFC 6238 Appendix B: every row of the table (T0 = 0, X = 30, eight digits). */
void
test_totp_rfc6238_vectors(void)
{
	static const struct {
		int64_t t;
		uint32_t sha1, sha256, sha512;
	} v[] = {
		{ 59, 94287082, 46119246, 90693936 },
		{ 1111111109, 7081804, 68084774, 25091201 },
		{ 1111111111, 14050471, 67062674, 99943326 },
		{ 1234567890, 89005924, 91819424, 93441116 },
		{ 2000000000, 69279037, 90698825, 38618901 },
		{ 20000000000, 65353130, 77737706, 47863826 },
	};
	CHECK(sizeof(seed20) - 1 == 20 && sizeof(seed32) - 1 == 32 && sizeof(seed64) - 1 == 64);
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		uint64_t step = (uint64_t)(v[i].t / TOTP_PERIOD);
		CHECK_INT(totp_hotp(TOTP_SHA1, seed20, 20, step, 8), v[i].sha1);
		CHECK_INT(totp_hotp(TOTP_SHA256, seed32, 32, step, 8), v[i].sha256);
		CHECK_INT(totp_hotp(TOTP_SHA512, seed64, 64, step, 8), v[i].sha512);
	}
	/* The counter is all 64 bits: its high half changes the code. */
	CHECK(totp_hotp(TOTP_SHA1, seed20, 20, (1ull << 32) + 5, 8) !=
	      totp_hotp(TOTP_SHA1, seed20, 20, 5, 8));
	CHECK(totp_hotp(TOTP_SHA1, seed20, 20, 1ull << 63, 8) !=
	      totp_hotp(TOTP_SHA1, seed20, 20, 0, 8));
	/* Leading zeros are the caller's to print: 07081804. */
	char s[16];
	snprintf(s, sizeof(s), "%08u", (unsigned)totp_hotp(TOTP_SHA1, seed20, 20, 37037036, 8));
	CHECK_STR(s, "07081804");
}

/* RFC 4226 Appendix D: HOTP values for counters 0 to 9, six digits. */
void
test_totp_rfc4226_hotp(void)
{
	static const uint32_t want[] = { 755224, 287082, 359152, 969429, 338314,
					 254676, 287922, 162583, 399871, 520489 };
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		CHECK_INT(totp_hotp(TOTP_SHA1, seed20, 20, i, 6), want[i]);
	/* Seven digits keep one more digit of the same truncated value (Appendix D's decimal
	 * column: 1284755224 for counter 0). */
	CHECK_INT(totp_hotp(TOTP_SHA1, seed20, 20, 0, 7), 4755224);
}

void
test_totp_verify_window(void)
{
	const int64_t now = 1111111111, step = now / TOTP_PERIOD;
	char code[7];
	for (int off = -2; off <= 2; off++) {
		code_of(step + off, code);
		int64_t m = -42;
		bool ok = totp_verify(seed20, 20, code, now, 0, &m);
		if (off >= -1 && off <= 1) {
			CHECK(ok);
			CHECK_INT(m, step + off);
		} else {
			CHECK(!ok);
			CHECK_INT(m, -42); /* untouched on failure */
		}
	}
	/* The window follows the clock: at the last second of a step and the first of the
	 * next, the code of that next step is accepted, and two steps on it is not. */
	code_of(step + 1, code);
	CHECK(totp_verify(seed20, 20, code, step * TOTP_PERIOD, 0, NULL));
	CHECK(totp_verify(seed20, 20, code, step * TOTP_PERIOD + 29, 0, NULL));
	CHECK(totp_verify(seed20, 20, code, (step + 2) * TOTP_PERIOD + 29, 0, NULL));
	CHECK(!totp_verify(seed20, 20, code, (step + 3) * TOTP_PERIOD, 0, NULL));
	CHECK(!totp_verify(seed20, 20, code, step * TOTP_PERIOD - 1, 0, NULL));
	/* Another secret's code is refused. */
	code_of(step, code);
	CHECK(!totp_verify(seed32, 32, code, now, 0, NULL));
	CHECK(!totp_verify(seed20, 0, code, now, 0, NULL));
	CHECK(!totp_verify(seed20, 20, code, -1, 0, NULL));
}

void
test_totp_verify_replay(void)
{
	const int64_t now = 1234567890, step = now / TOTP_PERIOD;
	char code[7];
	int64_t m = 0;
	code_of(step, code);
	CHECK(totp_verify(seed20, 20, code, now, step - 1, &m));
	CHECK_INT(m, step);
	/* The same code again, now that its step is stored, and a later step's bound. */
	CHECK(!totp_verify(seed20, 20, code, now, m, &m));
	CHECK(!totp_verify(seed20, 20, code, now + 20, step, NULL));
	CHECK(!totp_verify(seed20, 20, code, now, step + 1, NULL));
	/* An older code inside the window cannot be used after a newer one. */
	code_of(step - 1, code);
	CHECK(!totp_verify(seed20, 20, code, now, step, NULL));
	CHECK(totp_verify(seed20, 20, code, now, step - 2, NULL));
	/* The next step's code is fine after the current one. */
	code_of(step + 1, code);
	CHECK(totp_verify(seed20, 20, code, now, step, &m));
	CHECK_INT(m, step + 1);
}

void
test_totp_verify_malformed(void)
{
	const int64_t now = 2000000000, step = now / TOTP_PERIOD;
	static const char *bad[] = {
		"12345",  "1234567", "12a456", "",	 "      ", "-12345",
		"+12345", "12345\n", "١٢٣٤٥٦", "12345.", "0x1234", "123\t456"
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (totp_verify(seed20, 20, bad[i], now, 0, NULL)) {
			fprintf(stderr, "    accepted \"%s\"\n", bad[i]);
			CHECK(!"a malformed code was accepted");
		}
	}
	/* The right code, spoilt: too short, one digit more, a letter, a stray byte. */
	char code[7], s[16];
	code_of(step, code);
	CHECK(totp_verify(seed20, 20, code, now, 0, NULL));
	snprintf(s, sizeof(s), "%.5s", code);
	CHECK(!totp_verify(seed20, 20, s, now, 0, NULL));
	snprintf(s, sizeof(s), "%s0", code);
	CHECK(!totp_verify(seed20, 20, s, now, 0, NULL));
	snprintf(s, sizeof(s), "0%s", code);
	CHECK(!totp_verify(seed20, 20, s, now, 0, NULL));
	snprintf(s, sizeof(s), "%s", code);
	s[2] = 'a';
	CHECK(!totp_verify(seed20, 20, s, now, 0, NULL));
	snprintf(s, sizeof(s), "%s-", code);
	CHECK(!totp_verify(seed20, 20, s, now, 0, NULL));
	/* One wrong digit. */
	snprintf(s, sizeof(s), "%s", code);
	s[5] = s[5] == '9' ? '0' : (char)(s[5] + 1);
	CHECK(!totp_verify(seed20, 20, s, now, 0, NULL));
}

void
test_totp_verify_spaces(void)
{
	const int64_t now = 20000000000, step = now / TOTP_PERIOD;
	char code[7], s[32];
	code_of(step, code);
	snprintf(s, sizeof(s), "%.3s %s", code, code + 3);
	CHECK(totp_verify(seed20, 20, s, now, 0, NULL));
	snprintf(s, sizeof(s), "  %c %c %c %c %c %c  ", code[0], code[1], code[2], code[3], code[4],
		 code[5]);
	CHECK(totp_verify(seed20, 20, s, now, 0, NULL));
	snprintf(s, sizeof(s), " %s", code);
	CHECK(totp_verify(seed20, 20, s, now, 0, NULL));
	/* Spaces do not make a short code long enough. */
	snprintf(s, sizeof(s), "%.3s  %.2s", code, code + 3);
	CHECK(!totp_verify(seed20, 20, s, now, 0, NULL));
}

void
test_totp_new_secret(void)
{
	unsigned char a[TOTP_SECRET_BYTES], b[TOTP_SECRET_BYTES], zero[TOTP_SECRET_BYTES] = { 0 };
	CHECK(sodium_init() >= 0);
	totp_new_secret(a);
	totp_new_secret(b);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK(memcmp(a, zero, sizeof(a)) != 0);
	/* A fresh secret verifies its own current code. */
	char code[7];
	snprintf(code, sizeof(code), "%06u",
		 (unsigned)totp_hotp(TOTP_SHA1, a, sizeof(a), 1700000000 / 30, 6) % 1000000u);
	CHECK(totp_verify(a, sizeof(a), code, 1700000000, 0, NULL));
}

void
test_totp_base32(void)
{
	/* RFC 4648 section 10, without the padding. */
	static const struct {
		const char *in, *out, *display;
	} v[] = {
		{ "", "", "" },
		{ "f", "MY", "MY" },
		{ "fo", "MZXQ", "MZXQ" },
		{ "foo", "MZXW6", "MZXW 6" },
		{ "foob", "MZXW6YQ", "MZXW 6YQ" },
		{ "fooba", "MZXW6YTB", "MZXW 6YTB" },
		{ "foobar", "MZXW6YTBOI", "MZXW 6YTB OI" },
	};
	struct arena a;
	arena_init(&a);
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		const unsigned char *in = (const unsigned char *)v[i].in;
		CHECK_STR(totp_base32(&a, in, strlen(v[i].in)), v[i].out);
		CHECK_STR(totp_base32_display(&a, in, strlen(v[i].in)), v[i].display);
	}
	/* A real secret: 20 bytes are 32 characters, eight groups. */
	CHECK_STR(totp_base32(&a, seed20, 20), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
	CHECK_STR(totp_base32_display(&a, seed20, 20), "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
	/* Every bit reaches the output: all ones and a single low bit. */
	static const unsigned char ff[5] = { 0xff, 0xff, 0xff, 0xff, 0xff },
				   one[5] = { 0, 0, 0, 0, 1 };
	CHECK_STR(totp_base32(&a, ff, 5), "77777777");
	CHECK_STR(totp_base32(&a, one, 5), "AAAAAAAB");
	arena_release(&a);
}

void
test_totp_uri(void)
{
	struct arena a;
	arena_init(&a);
	CHECK_STR(totp_uri(&a, "Kring Demo", "ana+test@example.org", seed20, 20),
		  "otpauth://totp/Kring%20Demo:ana%2Btest%40example.org"
		  "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Kring%20Demo"
		  "&algorithm=SHA1&digits=6&period=30");
	/* UTF-8 byte by byte; reserved characters of a URI (: ? & = # / %) are encoded too, so
	 * a name can never add a parameter or end the label. */
	CHECK_STR(totp_uri(&a, "Zoë & co", "a:b?c=d#e/f%g", (const unsigned char *)"f", 1),
		  "otpauth://totp/Zo%C3%AB%20%26%20co:a%3Ab%3Fc%3Dd%23e%2Ff%25g"
		  "?secret=MY&issuer=Zo%C3%AB%20%26%20co&algorithm=SHA1&digits=6&period=30");
	CHECK_STR(totp_uri(&a, "K-r.i_n~g", "", (const unsigned char *)"", 0),
		  "otpauth://totp/K-r.i_n~g:?secret=&issuer=K-r.i_n~g"
		  "&algorithm=SHA1&digits=6&period=30");
	arena_release(&a);
}

void
test_recovery_code_format(void)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	bool seen[256] = { false };
	char first[RECOVERY_CODE_LEN + 1], code[RECOVERY_CODE_LEN + 1];
	bool all_same = true;
	CHECK(sodium_init() >= 0);
	recovery_code_new(first);
	for (int i = 0; i < 1000; i++) {
		memset(code, 'X', sizeof(code));
		recovery_code_new(code);
		CHECK_INT(strlen(code), RECOVERY_CODE_LEN);
		CHECK_INT(strlen(code), 11);
		CHECK(code[5] == '-');
		for (int j = 0; j < RECOVERY_CODE_LEN; j++) {
			if (j == 5)
				continue;
			unsigned char c = (unsigned char)code[j];
			CHECK(c && strchr(alphabet, c));
			CHECK(!strchr("0O1lIoi", c));
			seen[c] = true;
		}
		if (strcmp(code, first) != 0)
			all_same = false;
	}
	CHECK(!all_same);
	/* 10,000 draws from 31 characters: every one of them turns up (else the generator
	 * uses only part of the alphabet, and the codes are weaker than they look). */
	for (const char *p = alphabet; *p; p++)
		CHECK(seen[(unsigned char)*p]);
	CHECK_INT(strlen(alphabet), 31);
}

void
test_recovery_code_hash(void)
{
	unsigned char key[KEY_BYTES], key2[KEY_BYTES];
	unsigned char h[32], h2[32], zero[32] = { 0 };
	char code[RECOVERY_CODE_LEN + 1], other[RECOVERY_CODE_LEN + 1];
	CHECK(sodium_init() >= 0);
	memset(key, 7, sizeof(key));
	memset(key2, 8, sizeof(key2));

	recovery_code_hash(key, "abcde-fghjk", h);
	CHECK(memcmp(h, zero, 32) != 0);
	static const char *same[] = { "abcdefghjk",    "ABCDE-FGHJK",	"AbCdE fGhJk",
				      " abcde-fghjk ", "abcde - fghjk", "ab-cd-ef-gh-jk",
				      "\tabcdefghjk" };
	for (size_t i = 0; i < ARRAY_SIZE(same); i++) {
		recovery_code_hash(key, same[i], h2);
		if (memcmp(h, h2, 32) != 0) {
			fprintf(stderr, "    \"%s\" hashes differently\n", same[i]);
			CHECK(!"the same code typed differently must hash the same");
		}
	}
	static const char *differ[] = { "abcde-fghjm", "abcdefghj",   "abcdefghjkk",
					"bacde-fghjk", "abcde_fghjk", "" };
	for (size_t i = 0; i < ARRAY_SIZE(differ); i++) {
		recovery_code_hash(key, differ[i], h2);
		if (memcmp(h, h2, 32) == 0) {
			fprintf(stderr, "    \"%s\" hashes the same\n", differ[i]);
			CHECK(!"another code must hash differently");
		}
	}
	/* Another key, another hash: the hash is keyed. */
	recovery_code_hash(key2, "abcde-fghjk", h2);
	CHECK(memcmp(h, h2, 32) != 0);

	/* Generated codes round-trip, without the dash and in capitals. */
	recovery_code_new(code);
	do
		recovery_code_new(other);
	while (strcmp(code, other) == 0);
	recovery_code_hash(key, code, h);
	char typed[RECOVERY_CODE_LEN + 1];
	size_t n = 0;
	for (const char *p = code; *p; p++)
		if (*p != '-')
			typed[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	typed[n] = '\0';
	recovery_code_hash(key, typed, h2);
	CHECK(memcmp(h, h2, 32) == 0);
	recovery_code_hash(key, other, h2);
	CHECK(memcmp(h, h2, 32) != 0);
	/* A long input is hashed whole (it crosses the internal chunk of 64 bytes). */
	char long1[200], long2[200];
	memset(long1, 'a', sizeof(long1) - 1);
	long1[sizeof(long1) - 1] = '\0';
	memcpy(long2, long1, sizeof(long2));
	long2[150] = 'b';
	recovery_code_hash(key, long1, h);
	recovery_code_hash(key, long2, h2);
	CHECK(memcmp(h, h2, 32) != 0);
}

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

void
test_qr_svg(void)
{
	struct arena a;
	arena_init(&a);
	const char *uri = totp_uri(&a, "Kring", "ana@example.org", seed20, 20);
	struct html_safe h = qr_svg(&a, uri, "QR code to set up your authenticator app");
	CHECK(h.html != NULL);
	if (!h.html) {
		arena_release(&a);
		return;
	}
	CHECK_INT(strlen(h.html), h.len);
	CHECK(strncmp(h.html, "<svg ", 5) == 0);
	CHECK(strstr(h.html, "</svg>") == h.html + h.len - 6);
	CHECK_INT(count(h.html, "role=\"img\""), 1);
	CHECK(strstr(h.html, "aria-label=\"QR code to set up your authenticator app\""));
	CHECK(strstr(h.html, "<title>QR code to set up your authenticator app</title>"));
	CHECK(strstr(h.html, "viewBox=\"0 0 "));
	CHECK(strstr(h.html, "xmlns=\"http://www.w3.org/2000/svg\""));
	CHECK_INT(count(h.html, "<path "), 1);
	CHECK(strstr(h.html, "fill=\"#fff\""));
	CHECK(strstr(h.html, "fill=\"#000\""));
	/* Nothing a CSP without 'unsafe-inline' would block, nothing executable. */
	CHECK(!strstr(h.html, "style"));
	CHECK(!strstr(h.html, "<script"));
	CHECK(!strstr(h.html, " on"));
	CHECK(!strstr(h.html, "href"));
	/* Written with html_fmt's %H, it arrives verbatim. */
	struct strbuf sb;
	strbuf_init(&sb, STRBUF_DEFAULT_MAX);
	html_fmt(&sb, "<p>%H</p>", &h);
	CHECK(sb.len == h.len + 7 && memcmp(sb.buf + 3, h.html, h.len) == 0);
	strbuf_release(&sb);
	arena_release(&a);
}

void
test_qr_svg_escapes_label(void)
{
	struct arena a;
	arena_init(&a);
	struct html_safe h =
	    qr_svg(&a, "otpauth://totp/x", "<script>alert(1)</script>\" onload=\"x'&");
	CHECK(h.html != NULL);
	if (h.html) {
		CHECK(!strstr(h.html, "<script"));
		CHECK(!strstr(h.html, "\" onload"));
		CHECK_INT(count(h.html, "&lt;script&gt;alert(1)&lt;/script&gt;&quot; "
					"onload=&quot;x&#39;&amp;"),
			  2);
		CHECK(strstr(h.html, "aria-label=\"&lt;script&gt;"));
		CHECK(strstr(h.html, "<title>&lt;script&gt;"));
	}
	arena_release(&a);
}

/* Reads the path back into a grid and compares it with libqrencode's own matrix: every dark
 * module drawn once, nothing else, and a white quiet zone of four modules all round. */
void
test_qr_svg_modules(void)
{
	struct arena a;
	arena_init(&a);
	const char *text = totp_uri(&a, "Kring Demo", "bob.de.vries@example.org", seed20, 20);
	struct html_safe h = qr_svg(&a, text, "QR");
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	CHECK(h.html && qr);
	if (!h.html || !qr) {
		if (qr)
			QRcode_free(qr);
		arena_release(&a);
		return;
	}
	int w = qr->width, size = 0, s2 = 0;
	CHECK(sscanf(strstr(h.html, "viewBox=\"0 0 "), "viewBox=\"0 0 %d %d\"", &size, &s2) == 2);
	CHECK_INT(size, w + 8);
	CHECK_INT(s2, w + 8);
	unsigned char *grid = xcalloc((size_t)(size * size), 1);
	const char *d = strstr(h.html, " d=\"");
	CHECK(d != NULL);
	int rects = 0, bad = 0;
	for (const char *p = d ? d + 4 : ""; *p == 'M';) {
		int x, y, n, n2, used = 0;
		if (sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &n, &n2, &used) != 4 || !used ||
		    n != n2 || n < 1) {
			bad++;
			break;
		}
		rects++;
		for (int i = 0; i < n; i++) {
			if (x + i < 4 || x + i >= size - 4 || y < 4 || y >= size - 4)
				bad++;
			else if (grid[y * size + x + i]++)
				bad++; /* drawn twice */
		}
		p += used;
	}
	CHECK_INT(bad, 0);
	CHECK(rects > w); /* more runs than rows: the code is really there */
	int mismatched = 0;
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if ((qr->data[y * w + x] & 1) != grid[(y + 4) * size + x + 4])
				mismatched++;
	CHECK_INT(mismatched, 0);
	free(grid);
	QRcode_free(qr);
	arena_release(&a);
}

void
test_qr_svg_too_long(void)
{
	struct arena a;
	arena_init(&a);
	char *text = xmalloc(5001);
	memset(text, 'x', 5000);
	text[5000] = '\0';
	struct html_safe h = qr_svg(&a, text, "QR");
	CHECK(h.html == NULL && h.len == 0);
	free(text);
	arena_release(&a);
}
