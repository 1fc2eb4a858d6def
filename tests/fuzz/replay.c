// SPDX-License-Identifier: AGPL-3.0-or-later
/* replay.c: a plain main() for a fuzz harness, so `make test` replays the committed corpus
 * without libFuzzer. Each argument is a file, or a directory whose regular files are fed in
 * name order. A crash aborts the process, which is the failure. */
#include "base/kring.h"
#include <dirent.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t inputs;

/* Feeds one file, read into a buffer of exactly its size so that the sanitizers catch any read
 * past the end. */
static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return error("fuzz replay: cannot open %s: %s", path, strerror(errno));
	size_t cap = 4096, len = 0;
	unsigned char *buf = xmalloc(cap);
	for (;;) {
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (len < cap)
			break;
		cap *= 2;
		buf = xrealloc(buf, cap);
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		return error("fuzz replay: cannot read %s", path);
	}
	unsigned char *exact = xmalloc(len ? len : 1);
	if (len)
		memcpy(exact, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	inputs++;
	return 0;
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return error("fuzz replay: cannot open %s: %s", dir, strerror(errno));
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), compare_names);

	int ret = 0;
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]) + 2;
		char *path = xmalloc(len);
		snprintf(path, len, "%s/%s", dir, names[i]);
		struct stat st;
		if (stat(path, &st) != 0)
			ret = error("fuzz replay: cannot stat %s: %s", path, strerror(errno));
		else if (S_ISREG(st.st_mode) && replay_file(path) != 0)
			ret = -1;
		free(path);
		free(names[i]);
	}
	free(names);
	return ret;
}

int
main(int argc, char **argv)
{
	int ret = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0)
			ret = error("fuzz replay: cannot stat %s: %s", argv[i], strerror(errno));
		else if (S_ISDIR(st.st_mode) ? replay_dir(argv[i]) : replay_file(argv[i]))
			ret = -1;
	}
	if (ret)
		return 1;
	printf("fuzz replay: %zu inputs, 0 crashes\n", inputs);
	return 0;
}
