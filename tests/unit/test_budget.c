// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_budget.c: a network's budget (issue 14): amounts typed in euros to cents and back in
 * both languages, the arithmetic of a year (committed and left to the cent), the CSV field's
 * formula guard, the receipt's sniffing by content, and on SQLite and (with KRING_TEST_PG)
 * PostgreSQL the rules of the service, erasing an account, the retention of receipts, key
 * rotation, and a copy of the database that shows no sealed text. */
#include "test.h"
#include "tempdb.h"
#include "app/auth/auth.h"
#include "app/budget/budget.h"
#include "app/org/org.h"
#include "base/log.h"
#include "base/strbuf.h"
#include <sodium.h>
#include <string.h>

void test_budget_cents_parse(void);
void test_budget_cents_format(void);
void test_budget_arithmetic(void);
void test_budget_csv_and_sniff(void);
void test_budget_service_rules(void);
void test_budget_erase_retention_rekey(void);

void
test_budget_cents_parse(void)
{
	static const struct {
		const char *in;
		int64_t cents; /* -1: refused */
		const char *problem;
	} cases[] = {
		{ "12,50", 1250, NULL },
		{ "12.50", 1250, NULL },
		{ "12,5", 1250, NULL },
		{ "12", 1200, NULL },
		{ " 7,05 ", 705, NULL },
		{ "\xe2\x82\xac 3,99", 399, NULL },
		{ "\xe2\x82\xac"
		  "3",
		  300, NULL },
		{ "0,01", 1, NULL },
		{ "999999,99", 99999999, NULL },
		{ "000012,00", 1200, NULL },
		{ "1000000", -1, budget_problem_amount_absurd },
		{ "1000000,00", -1, budget_problem_amount_absurd },
		{ "99999999999999999999999", -1, budget_problem_amount_absurd },
		{ "0", -1, budget_problem_amount_zero },
		{ "0,00", -1, budget_problem_amount_zero },
		{ "-5", -1, budget_problem_amount_negative },
		{ "-0,01", -1, budget_problem_amount_negative },
		{ "12,345", -1, budget_problem_amount_decimals },
		{ "12.3456", -1, budget_problem_amount_decimals },
		{ "1.234,56", -1, budget_problem_amount_garbage },
		{ "1,234.56", -1, budget_problem_amount_garbage },
		{ "12,", -1, budget_problem_amount_garbage },
		{ ",50", -1, budget_problem_amount_garbage },
		{ "abc", -1, budget_problem_amount_garbage },
		{ "12a", -1, budget_problem_amount_garbage },
		{ "+12", -1, budget_problem_amount_garbage },
		{ "1e3", -1, budget_problem_amount_garbage },
		{ "12 50", -1, budget_problem_amount_garbage },
		{ "", -1, budget_problem_amount_empty },
		{ "   ", -1, budget_problem_amount_empty },
		{ "\xe2\x82\xac", -1, budget_problem_amount_empty },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int64_t v = -7;
		const char *problem = NULL;
		int err = budget_parse_cents(cases[i].in, false, &v, &problem);
		if (cases[i].cents >= 0) {
			CHECK_INT(err, KR_OK);
			CHECK_INT(v, cases[i].cents);
		} else {
			CHECK_INT(err, KR_EINVAL);
			CHECK_INT(v, -7); /* untouched */
			CHECK(problem == cases[i].problem);
			if (problem != cases[i].problem)
				fprintf(stderr, "    input \"%s\"\n", cases[i].in);
		}
	}
	int64_t v = -1;
	const char *problem;
	CHECK(budget_parse_cents("0", true, &v, &problem) == KR_OK && v == 0);
	CHECK(budget_parse_cents(NULL, false, &v, &problem) == KR_EINVAL);
}

void
test_budget_cents_format(void)
{
	struct arena a;
	arena_init(&a);
	CHECK_STR(budget_cents_text(&a, 123456, "nl"), "\xe2\x82\xac 1.234,56");
	CHECK_STR(budget_cents_text(&a, 123456, "en"), "\xe2\x82\xac"
						       "1,234.56");
	CHECK_STR(budget_cents_text(&a, 0, "nl"), "\xe2\x82\xac 0,00");
	CHECK_STR(budget_cents_text(&a, 5, "en"), "\xe2\x82\xac"
						  "0.05");
	CHECK_STR(budget_cents_text(&a, 99999999, "nl"), "\xe2\x82\xac 999.999,99");
	CHECK_STR(budget_cents_text(&a, 100000000000LL, "en"), "\xe2\x82\xac"
							       "1,000,000,000.00");
	CHECK_STR(budget_cents_text(&a, -1050, "nl"), "-\xe2\x82\xac 10,50");
	CHECK_STR(budget_cents_text(&a, INT64_MIN, "en"), "-\xe2\x82\xac"
							  "92,233,720,368,547,758.08");
	CHECK_STR(budget_cents_plain(&a, -1050), "-10.50");
	CHECK_STR(budget_cents_plain(&a, 7), "0.07");
	/* What is written is read back. */
	for (int64_t c = 1; c < BUDGET_CENTS_MAX; c = c * 7 + 3) {
		const char *s = budget_cents_plain(&a, c);
		int64_t back = 0;
		const char *problem;
		CHECK(budget_parse_cents(s, false, &back, &problem) == KR_OK && back == c);
	}
	arena_release(&a);
}

void
test_budget_arithmetic(void)
{
	struct arena a;
	arena_init(&a);
	struct budget_allocation allocs[] = {
		{ 1, "Netwerkbudget", 100000, 0 },
		{ 2, "D&I-budget", 50001, 0 },
		{ 3, "Netwerkbudget", 99, 0 },
	};
	struct budget_request reqs[] = {
		{ .id = 1, .asked = 30000, .granted = 30000, .state = BREQ_APPROVED },
		{ .id = 2, .asked = 20000, .granted = 12345, .state = BREQ_PARTLY },
		{ .id = 3, .asked = 10000, .granted = 0, .state = BREQ_DECLINED },
		{ .id = 4, .asked = 5000, .granted = 0, .state = BREQ_WAITING },
	};
	struct budget_expense exps[] = {
		{ .id = 1, .cents = 1001, .state = BEXP_APPROVED },
		{ .id = 2, .cents = 2000, .state = BEXP_WAITING, .event_id = 7 },
		{ .id = 3, .cents = 999, .state = BEXP_DECLINED, .event_id = 7 },
		{ .id = 4, .cents = 500, .state = BEXP_APPROVED, .event_id = 7 },
		{ .id = 5, .cents = 9000, .state = BEXP_APPROVED, .event_id = 8 },
	};
	struct budget_planned planned[] = {
		{ .event_id = 7, .cents = 10000, .ends_at = 2000 }, /* to come: 10000-2500 */
		{ .event_id = 8, .cents = 5000, .ends_at = 2000 },  /* overspent: 0 */
		{ .event_id = 9, .cents = 4000, .ends_at = 500 },   /* ended: 0 */
		{ .event_id = 10, .cents = 333, .ends_at = 1001 },  /* to come: 333 */
	};
	struct budget_year y = { .allocs = allocs,
				 .nallocs = ARRAY_SIZE(allocs),
				 .requests = reqs,
				 .nrequests = ARRAY_SIZE(reqs),
				 .expenses = exps,
				 .nexpenses = ARRAY_SIZE(exps),
				 .planned = planned,
				 .nplanned = ARRAY_SIZE(planned) };
	budget_compute(&a, &y, 1000);
	CHECK_INT(y.t.allocated, 150100);
	CHECK_INT(y.t.requested, 65000);
	CHECK_INT(y.t.approved, 42345);
	CHECK_INT(y.t.available, 192445);
	CHECK_INT(y.t.spent, 10501);
	CHECK_INT(y.t.waiting, 2000);
	CHECK_INT(y.t.committed, 7500 + 333);
	CHECK_INT(y.t.left, 192445 - 10501 - 2000 - 7833);
	CHECK_INT(y.nsources, 2);
	CHECK_STR(y.sources[0].source, "D&I-budget");
	CHECK_INT(y.sources[0].cents, 50001);
	CHECK_STR(y.sources[1].source, "Netwerkbudget");
	CHECK_INT(y.sources[1].cents, 100099);
	CHECK_INT(y.nevents, 4);
	for (size_t i = 0; i < y.nevents; i++) {
		const struct budget_event_cost *e = &y.events[i];
		if (e->event_id == 7) {
			CHECK_INT(e->spent, 500);
			CHECK_INT(e->waiting, 2000);
			CHECK_INT(e->committed, 7500);
		} else if (e->event_id == 8) {
			CHECK_INT(e->spent, 9000);
			CHECK_INT(e->committed, 0);
		} else if (e->event_id == 9) {
			CHECK_INT(e->committed, 0);
			CHECK_INT(e->planned, 4000);
		}
	}
	/* The moment an event ends it commits nothing more. */
	budget_compute(&a, &y, 2000);
	CHECK_INT(y.t.committed, 0);
	CHECK_INT(y.t.left, 192445 - 10501 - 2000);
	/* An empty year. */
	struct budget_year empty = { 0 };
	budget_compute(&a, &empty, 0);
	CHECK_INT(empty.t.left, 0);
	CHECK_INT(empty.nsources, 0);
	arena_release(&a);
}

void
test_budget_csv_and_sniff(void)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain", "plain" },
		{ "=1+1", "\"'=1+1\"" },
		{ "+31", "\"'+31\"" },
		{ "-2", "\"'-2\"" },
		{ "@SUM(A1)", "\"'@SUM(A1)\"" },
		{ "\tx", "\"'\tx\"" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\nlines", "\"two\nlines\"" },
		{ "", "" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct strbuf sb;
		strbuf_init(&sb, 0);
		budget_csv_field(&sb, cases[i].in);
		CHECK_STR(sb.buf ? sb.buf : "", cases[i].out);
		strbuf_release(&sb);
	}
	const unsigned char pdf[] = "%PDF-1.7\n...\n%%EOF\n";
	const unsigned char nopdf[] = "%PDF-1.7\n... no end";
	const unsigned char png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0 };
	const unsigned char jpg[] = { 0xff, 0xd8, 0xff, 0xe0 };
	CHECK_INT(budget_receipt_sniff(pdf, sizeof(pdf) - 1), RECEIPT_PDF);
	CHECK_INT(budget_receipt_sniff(nopdf, sizeof(nopdf) - 1), RECEIPT_NONE);
	CHECK_INT(budget_receipt_sniff(png, sizeof(png)), RECEIPT_PNG);
	CHECK_INT(budget_receipt_sniff(jpg, sizeof(jpg)), RECEIPT_JPEG);
	CHECK_INT(budget_receipt_sniff((const unsigned char *)"GIF89a", 6), RECEIPT_NONE);
	/* %%EOF more than 1024 bytes before the end does not count. */
	static unsigned char far[4096];
	memset(far, ' ', sizeof(far));
	memcpy(far, "%PDF-1.4\n%%EOF", 14);
	CHECK_INT(budget_receipt_sniff(far, sizeof(far)), RECEIPT_NONE);
	enum receipt_type t;
	const char *problem;
	CHECK(budget_receipt_check(png, sizeof(png), &t, &problem) == KR_EINVAL &&
	      problem == budget_problem_receipt_type); /* a PNG signature that does not decode */
	CHECK(budget_receipt_check(pdf, 0, &t, &problem) == KR_EINVAL &&
	      problem == budget_problem_receipt_empty);
	CHECK(budget_receipt_check(pdf, BUDGET_RECEIPT_MAX + 1, &t, &problem) == KR_EINVAL &&
	      problem == budget_problem_receipt_size);
}

struct fixture {
	struct tempdb t;
	int64_t net, other, contact, treasurer, chair, nobody;
};

static bool
fixture_open(struct fixture *f)
{
	if (!tempdb_open(&f->t))
		return false;
	struct tempdb *t = &f->t;
	struct network nw = { .slug = "neuro", .name = "Neurokring", .kind = NETWORK_NARROW };
	struct network ow = { .slug = "ander", .name = "Ander netwerk", .kind = NETWORK_BROAD };
	if (org_create(t->c, "Gemeente", "") == KR_OK &&
	    org_network_add(t->c, &nw, &f->net) == KR_OK &&
	    org_network_add(t->c, &ow, &f->other) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "hr@x.example", "HR", NULL, &f->contact) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "pm@x.example", "Penning Zbnaam", NULL,
				&f->treasurer) == KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "vz@x.example", "Voorzitter", NULL, &f->chair) ==
		KR_OK &&
	    auth_account_create(t->c, 0, &t->a, "lid@x.example", "Lid", NULL, &f->nobody) ==
		KR_OK &&
	    auth_set_network_role(t->c, 0, f->net, f->contact, NROLE_CONTACT) == KR_OK &&
	    auth_set_network_role(t->c, 0, f->net, f->treasurer, NROLE_TREASURER) == KR_OK &&
	    auth_set_network_role(t->c, 0, f->net, f->chair, NROLE_CHAIR) == KR_OK)
		return true;
	test_fail(__FILE__, __LINE__, "two networks and four accounts with their roles");
	tempdb_close(t);
	return false;
}

void
test_budget_service_rules(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	enum budget_role role;
	CHECK(budget_role_of(t->c, f.net, f.contact, &role) == KR_OK && role == BUDGET_CONTACT);
	CHECK(budget_role_of(t->c, f.net, f.treasurer, &role) == KR_OK && role == BUDGET_TREASURER);
	CHECK(budget_role_of(t->c, f.net, f.chair, &role) == KR_OK && role == BUDGET_CHAIR);
	CHECK(budget_role_of(t->c, f.net, f.nobody, &role) == KR_OK && role == BUDGET_NONE);
	CHECK(budget_role_of(t->c, f.other, f.treasurer, &role) == KR_OK && role == BUDGET_NONE);
	/* The organisation's contact point is every network's. */
	CHECK(auth_set_contact(t->c, 0, f.nobody, true) == KR_OK);
	CHECK(budget_role_of(t->c, f.other, f.nobody, &role) == KR_OK && role == BUDGET_CONTACT);
	CHECK(auth_set_contact(t->c, 0, f.nobody, false) == KR_OK);

	struct budget_actor cp = { f.contact, f.net, 2030, 1000 };
	struct budget_actor tr = { f.treasurer, f.net, 2030, 1000 };
	struct budget_actor ch = { f.chair, f.net, 2030, 1000 };
	struct budget_actor no = { f.nobody, f.net, 2030, 1000 };
	const char *problem;
	int64_t id, req, e1;
	CHECK(budget_allocate(t->c, &cp, "Netwerkbudget", 10000, &id, &problem) == KR_OK);
	CHECK(budget_allocate(t->c, &tr, "Netwerkbudget", 10000, &id, &problem) == KR_EFORBIDDEN);
	CHECK(budget_allocate(t->c, &ch, "Netwerkbudget", 10000, &id, &problem) == KR_EFORBIDDEN);
	CHECK(budget_allocate(t->c, &no, "Netwerkbudget", 10000, &id, &problem) == KR_ENOTFOUND);
	CHECK(budget_allocate(t->c, &cp, "two\nlines", 10000, &id, &problem) == KR_EINVAL);
	CHECK(budget_request_add(t->c, &t->k, &tr, 5000, "Zbwaarom", &req, &problem) == KR_OK);
	CHECK(budget_request_add(t->c, &t->k, &cp, 5000, "x", &id, &problem) == KR_EFORBIDDEN);
	CHECK(budget_request_decide(t->c, &t->k, &cp, req, BREQ_PARTLY, 5000, "r", &problem) ==
	      KR_EINVAL);
	CHECK(problem == budget_problem_partly);
	CHECK(budget_request_decide(t->c, &t->k, &cp, req, BREQ_APPROVED, 0, "", &problem) ==
	      KR_OK);
	CHECK(budget_request_decide(t->c, &t->k, &cp, req, BREQ_DECLINED, 0, "r", &problem) ==
	      KR_EINVAL);
	CHECK(problem == budget_problem_decided);
	/* Left: 15000. Over it by one cent is refused for the treasurer. */
	CHECK(budget_expense_add(t->c, &t->k, &tr, 15001, "2030-01-01", "Zbkoffie", 0, false, &id,
				 &problem) == KR_EINVAL);
	CHECK(problem == budget_problem_over);
	CHECK(budget_expense_add(t->c, &t->k, &tr, 15000, "2030-01-01", "Zbkoffie", 0, false, &e1,
				 &problem) == KR_OK);
	CHECK(budget_expense_approve(t->c, &tr, e1, &problem) == KR_EINVAL);
	CHECK(problem == budget_problem_over_limit);
	CHECK(budget_set_limit(t->c, &cp, 15000, &problem) == KR_OK);
	CHECK(budget_expense_approve(t->c, &tr, e1, &problem) == KR_OK);
	CHECK(budget_expense_add(t->c, &t->k, &cp, 1, "2030-12-31", "boven", 0, true, &id,
				 &problem) == KR_OK);
	CHECK(budget_expense_add(t->c, &t->k, &tr, 1, "2031-01-01", "x", 0, false, &id, &problem) ==
	      KR_EINVAL);
	CHECK(problem == budget_problem_date_year);
	CHECK(budget_expense_add(t->c, &t->k, &tr, 1, "2030-02-29", "x", 0, false, &id, &problem) ==
	      KR_EINVAL);
	CHECK(problem == budget_problem_date);
	struct budget_year y;
	CHECK(budget_year_get(t->c, &t->k, &t->a, f.net, 2030, 1000, &y) == KR_OK);
	CHECK_INT(y.t.available, 15000);
	CHECK_INT(y.t.spent, 15001);
	CHECK_INT(y.t.left, -1);
	CHECK(y.nrequests == 1 && strcmp(y.requests[0].justification, "Zbwaarom") == 0);
	CHECK(budget_close(t->c, &cp, &problem) == KR_OK);
	CHECK(budget_allocate(t->c, &cp, "Laat", 1, &id, &problem) == KR_EINVAL);
	CHECK(problem == budget_problem_closed);
	/* Another network's year is apart. */
	CHECK(budget_year_get(t->c, &t->k, &t->a, f.other, 2030, 1000, &y) == KR_OK);
	CHECK(y.nexpenses == 0 && y.t.allocated == 0 && !y.closed);
	tempdb_close(t);
}

static bool
contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

void
test_budget_erase_retention_rekey(void)
{
	struct fixture f;
	if (!fixture_open(&f))
		return;
	struct tempdb *t = &f.t;
	int64_t now = time_now();
	int cur = budget_year_of(now);
	const char *problem;
	int64_t id, old_e = 0, kept_e = 0;
	static const unsigned char pdf[] = "%PDF-1.4\nZbpdfmarker\n%%EOF\n";
	int64_t eold = 0;
	for (int back = 8; back >= 7; back--) {
		struct budget_actor cp = { f.contact, f.net, cur - back, now };
		struct budget_actor tr = { f.treasurer, f.net, cur - back, now };
		char date[24];
		snprintf(date, sizeof(date), "%04d-06-01", cur - back);
		CHECK(budget_allocate(t->c, &cp, "Netwerkbudget", 10000, &id, &problem) == KR_OK);
		CHECK(budget_expense_add(t->c, &t->k, &tr, 100, date, "Zbtolkmarker", 0, false,
					 &eold, &problem) == KR_OK);
		CHECK(budget_receipt_put(t->c, &t->k, &tr, eold, pdf, sizeof(pdf) - 1, &problem) ==
		      KR_OK);
		if (back == 8)
			old_e = eold;
		else
			kept_e = eold;
	}
	/* A copy of the files shows no sealed text and no receipt. */
	size_t len = 0;
	char *raw = tempdb_raw(t, &len);
	CHECK(raw && len > 0);
	if (raw) {
		CHECK(!contains(raw, len, "Zbtolkmarker"));
		CHECK(!contains(raw, len, "Zbpdfmarker"));
	}
	free(raw);
	/* Retention: the receipt of the year 8 back goes, of 7 back stays. */
	int64_t n = 0;
	CHECK(budget_erase_old_receipts(t->c, now, &n) == KR_OK);
	CHECK_INT(n, 1);
	enum receipt_type type;
	const unsigned char *data;
	size_t dlen;
	CHECK(budget_receipt_get(t->c, &t->k, &t->a, f.net, old_e, &type, &data, &dlen) ==
	      KR_ENOTFOUND);
	CHECK(budget_receipt_get(t->c, &t->k, &t->a, f.net, kept_e, &type, &data, &dlen) == KR_OK);
	CHECK(budget_receipt_get(t->c, &t->k, &t->a, f.other, kept_e, &type, &data, &dlen) ==
	      KR_ENOTFOUND);
	/* Key rotation: everything opens with the fresh keys only. */
	struct keys fresh = t->k;
	randombytes_buf(fresh.data, sizeof(fresh.data));
	int64_t count = 0;
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(budget_rekey(t->c, &t->k, &fresh, &count) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK_INT(count, 2 + 1); /* two expenses, one receipt */
	CHECK(budget_receipt_get(t->c, &fresh, &t->a, f.net, kept_e, &type, &data, &dlen) == KR_OK);
	CHECK(dlen == sizeof(pdf) - 1 && memcmp(data, pdf, dlen) == 0);
	struct budget_year y;
	CHECK(budget_year_get(t->c, &fresh, &t->a, f.net, cur - 7, now, &y) == KR_OK);
	CHECK(y.nexpenses == 1 && strcmp(y.expenses[0].what, "Zbtolkmarker") == 0);
	CHECK(budget_year_get(t->c, &t->k, &t->a, f.net, cur - 7, now, &y) == KR_EINTERNAL);
	/* Erasing the treasurer's account: the bookkeeping stays, unlinked. */
	struct budget_request *reqs;
	struct budget_expense *exps;
	size_t nr, ne;
	CHECK(budget_of_account(t->c, &fresh, &t->a, f.treasurer, &reqs, &nr, &exps, &ne) == KR_OK);
	CHECK_INT(ne, 2);
	CHECK(db_begin(t->c) == KR_OK);
	CHECK(budget_erase_account(t->c, &fresh, f.treasurer) == KR_OK);
	CHECK(db_commit(t->c) == KR_OK);
	CHECK(budget_of_account(t->c, &fresh, &t->a, f.treasurer, &reqs, &nr, &exps, &ne) == KR_OK);
	CHECK_INT(ne, 0);
	CHECK(budget_year_get(t->c, &fresh, &t->a, f.net, cur - 7, now, &y) == KR_OK);
	CHECK(y.nexpenses == 1 && y.expenses[0].entered_by == 0);
	tempdb_close(t);
}
