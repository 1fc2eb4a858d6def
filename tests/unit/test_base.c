// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_base.c: strbuf, string views, arena, arena arrays. */
#include "test.h"
#include <limits.h>
#include <signal.h>
#include <sys/wait.h>
#include "base/arena.h"
#include "base/log.h"
#include "base/strbuf.h"
#include <pthread.h>
#include <unistd.h>

void test_strbuf_cap(void);
void test_str_utf8(void);
void test_arena_cleanup(void);
void test_log_buffered(void);
void test_arena_vec_grow(void);
void test_arena_vec_cap(void);
void test_arena_vec_overflow(void);
void test_strbuf_numbers(void);

void
test_strbuf_cap(void)
{
	struct strbuf sb;
	strbuf_init(&sb, 10);
	strbuf_addstr(&sb, "hello");
	CHECK(strbuf_ok(&sb));
	CHECK_STR(sb.buf, "hello");
	strbuf_addstr(&sb, "world!"); /* 11 bytes: over the cap, nothing of it is added */
	CHECK(!strbuf_ok(&sb));
	CHECK_STR(sb.buf, "hello");
	strbuf_addstr(&sb, "x"); /* sticky: still ignored */
	CHECK_INT(sb.len, 5);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%d-%s", 42, "ab");
	CHECK_STR(sb.buf, "42-ab");
	strbuf_release(&sb);
	CHECK_INT(sb.len, 0);
}

void
test_str_utf8(void)
{
	CHECK(str_is_utf8(STR_LIT("gewoon tekst")));
	CHECK(str_is_utf8(STR_LIT("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80")));
	CHECK(!str_is_utf8(STR_LIT("\xc0\xaf")));	  /* overlong '/' */
	CHECK(!str_is_utf8(STR_LIT("\xed\xa0\x80")));	  /* surrogate */
	CHECK(!str_is_utf8(STR_LIT("\xe2\x82")));	  /* truncated */
	CHECK(!str_is_utf8((struct str){ "a\0b", 3 }));	  /* NUL */
	CHECK(!str_is_utf8(STR_LIT("\xf4\x90\x80\x80"))); /* past U+10FFFF */
	long v = 0;
	CHECK(str_to_long(STR_LIT("123"), 0, 1000, &v) == KR_OK && v == 123);
	CHECK(str_to_long(STR_LIT("12a"), 0, 1000, &v) == KR_EINVAL);
	CHECK(str_to_long(STR_LIT("2000"), 0, 1000, &v) == KR_EINVAL);
	CHECK(str_to_long(STR_LIT(""), 0, 1000, &v) == KR_EINVAL);
	/* 19 digits: the largest long, and one more (refused, not wrapped). */
	CHECK(str_to_long(STR_LIT("9223372036854775807"), 0, LONG_MAX, &v) == KR_OK &&
	      v == LONG_MAX);
	CHECK(str_to_long(STR_LIT("9223372036854775808"), LONG_MIN, LONG_MAX, &v) == KR_EINVAL);
	CHECK(str_to_long(STR_LIT("-9223372036854775807"), LONG_MIN, 0, &v) == KR_OK &&
	      v == -LONG_MAX);
	CHECK(str_to_long(STR_LIT("9999999999999999999"), 0, LONG_MAX, &v) == KR_EINVAL);
	struct str head, rest = str_cut(STR_LIT("a=b=c"), '=', &head);
	CHECK(str_eq_cstr(head, "a") && str_eq_cstr(rest, "b=c"));
	rest = str_cut(STR_LIT("abc"), '=', &head);
	CHECK(rest.p == NULL && str_eq_cstr(head, "abc"));
}

static void
count_cleanup(void *data)
{
	int *order = data;
	*order = *order * 10 + 1;
}

static void
count_cleanup2(void *data)
{
	int *order = data;
	*order = *order * 10 + 2;
}

void
test_arena_cleanup(void)
{
	struct arena a;
	int order = 0;
	arena_init(&a);
	char *big = arena_alloc(&a, 100000); /* larger than a chunk */
	big[99999] = 'x';
	CHECK_STR(arena_printf(&a, "%s-%d", "n", 7), "n-7");
	arena_on_release(&a, count_cleanup, &order);
	arena_on_release(&a, count_cleanup2, &order);
	CHECK(((uintptr_t)arena_alloc(&a, 3) & 15) == 0);
	arena_release(&a);
	CHECK_INT(order, 21); /* newest first */
	CHECK(a.chunk == NULL);
}

struct row {
	int64_t id;
	const char *name;
};

void
test_arena_vec_grow(void)
{
	struct arena a;
	arena_init(&a);
	struct arena_vec vec;
	arena_vec_init(&vec, &a, sizeof(struct row), 0, 0); /* room for one at least */
	CHECK(vec.len == 0 && vec.alloc == 1);
	for (int64_t i = 0; i < 1000; i++) {
		/* What lies in the room past len is never handed out as it is. */
		memset((unsigned char *)vec.items + vec.len * vec.size, 0xa5,
		       (vec.alloc - vec.len) * vec.size);
		struct row *r = arena_vec_push(&vec);
		CHECK(r->id == 0 && r->name == NULL); /* never NULL without a cap */
		r->id = i * 7;
		r->name = i % 2 ? "odd" : "even";
		CHECK(vec.len <= vec.alloc);
	}
	CHECK_INT(vec.len, 1000);
	CHECK_INT(vec.alloc, 1024); /* doubled from 1 */
	CHECK(!arena_vec_full(&vec));
	const struct row *rows = vec.items;
	bool kept = true;
	for (int64_t i = 0; i < 1000; i++)
		kept = kept && rows[i].id == i * 7 &&
		       strcmp(rows[i].name, i % 2 ? "odd" : "even") == 0;
	CHECK(kept);
	struct arena_vec ids;
	arena_vec_init(&ids, &a, sizeof(int64_t), 4, 0);
	*ARENA_VEC_PUSH(&ids, int64_t) = 42;
	CHECK_INT(((const int64_t *)ids.items)[0], 42);
	arena_release(&a);
}

void
test_arena_vec_cap(void)
{
	struct arena a;
	arena_init(&a);
	struct arena_vec vec;
	arena_vec_init(&vec, &a, sizeof(int64_t), 2, 5);
	for (int64_t i = 0; i < 5; i++) {
		int64_t *p = arena_vec_push(&vec);
		CHECK(p != NULL);
		if (p)
			*p = i;
	}
	CHECK(arena_vec_full(&vec));
	CHECK(arena_vec_push(&vec) == NULL); /* nothing added past the cap */
	CHECK_INT(vec.len, 5);
	CHECK_INT(vec.alloc, 5); /* growth stops at the cap: 2, 4, 5 */
	CHECK_INT(((const int64_t *)vec.items)[4], 4);
	/* Room asked for past the cap is the cap; a cap of one holds one. */
	arena_vec_init(&vec, &a, sizeof(int64_t), 100, 3);
	CHECK_INT(vec.alloc, 3);
	arena_vec_init(&vec, &a, sizeof(int64_t), 0, 1);
	CHECK(vec.items != NULL && !arena_vec_full(&vec));
	CHECK(arena_vec_push(&vec) != NULL && arena_vec_push(&vec) == NULL);
	arena_release(&a);
}

/* Room that would not fit in a size_t is a bug: the process aborts, it never wraps around to
 * a small allocation. */
void
test_arena_vec_overflow(void)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct arena a;
		arena_init(&a);
		struct arena_vec vec;
		arena_vec_init(&vec, &a, SIZE_MAX / 4, 4, 0);
		_exit(0);
	}
	int status = 0;
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

/* What has reached the file behind fd so far. */
static size_t
written(int fd)
{
	off_t n = lseek(fd, 0, SEEK_END);
	return n < 0 ? 0 : (size_t)n;
}

static void *
log_and_exit(void *arg)
{
	(void)arg;
	log_buffered("line from a thread that ends");
	return NULL;
}

void
test_log_buffered(void)
{
	char path[] = "/tmp/kring-unit-log-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	unlink(path);
	int saved = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	enum log_level level = log_set_level(LOG_INFO);

	log_buffered("GET %s %d %dms", "/healthz", 200, 0);
	size_t after_one = written(fd);
	log_flush_older_than(60 * 1000); /* not a minute old: stays */
	size_t after_young = written(fd);
	log_flush_older_than(0);
	size_t after_flush = written(fd);
	/* By size: lines of about 100 bytes until the buffer is full, without any flush call. */
	size_t before_fill = written(fd);
	for (int i = 0; i < LOG_BUFFER_BYTES / 100 + 2; i++)
		log_buffered("%090d", i);
	size_t after_fill = written(fd);
	log_flush_all();
	size_t after_all = written(fd);
	pthread_t t;
	CHECK_INT(pthread_create(&t, NULL, log_and_exit, NULL), 0);
	pthread_join(t, NULL);
	size_t after_thread = written(fd);

	log_set_level(level);
	dup2(saved, STDERR_FILENO);
	close(saved);
	CHECK_INT(after_one, 0);
	CHECK_INT(after_young, 0);
	CHECK(after_flush > 30);
	CHECK(after_fill > before_fill + LOG_BUFFER_BYTES / 2);
	CHECK(after_all > after_fill);
	CHECK(after_thread > after_all);
	/* Whole lines, in order, each with its timestamp and level. */
	char buf[256] = "";
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	CHECK(n > 0);
	CHECK(strstr(buf, " info GET /healthz 200 0ms\n") != NULL);
	CHECK(buf[4] == '-' && buf[19] == 'Z');
	close(fd);
}

void
test_strbuf_numbers(void)
{
	static const long long cases[] = { 0,	      7,	-7,   10,
					   99,	      100,	-100, 1234567890123LL,
					   LLONG_MAX, LLONG_MIN };
	struct strbuf sb, want;
	strbuf_init(&sb, 100);
	strbuf_init(&want, 100);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		strbuf_reset(&sb);
		strbuf_reset(&want);
		strbuf_add_int(&sb, cases[i]);
		strbuf_addf(&want, "%lld", cases[i]);
		CHECK_STR(sb.buf, want.buf);
	}
	strbuf_reset(&sb);
	strbuf_add_uint(&sb, ULLONG_MAX);
	CHECK_STR(sb.buf, "18446744073709551615");
	strbuf_reset(&sb);
	strbuf_add_uint(&sb, 0);
	CHECK_STR(sb.buf, "0");
	strbuf_release(&sb);
	strbuf_release(&want);
}
