// SPDX-License-Identifier: AGPL-3.0-or-later
/* test_keyring.c: a database and its key file belong together; rotation keeps everything
 * readable, and an interrupted rotation is finished at the next open. */
#include "test.h"
#include "app/auth/auth.h"
#include "app/keyring/keyring.h"
#include "app/members/members.h"
#include "app/org/org.h"
#include <sodium.h>
#include <sys/stat.h>

void test_keyring_rotate(void);

static bool
copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	bool ok = in && out;
	char buf[4096];
	size_t n;
	while (ok && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		ok = fwrite(buf, 1, n, out) == n;
	if (in)
		fclose(in);
	if (out)
		fclose(out);
	return ok && chmod(to, 0600) == 0;
}

void
test_keyring_rotate(void)
{
	char dir[] = "/tmp/kring-keyring-XXXXXX";
	CHECK(mkdtemp(dir) != NULL && sodium_init() >= 0);
	char db_path[96], key_path[96], new_path[112], old_copy[112];
	snprintf(db_path, sizeof(db_path), "%s/k.db", dir);
	snprintf(key_path, sizeof(key_path), "%s/k.key", dir);
	snprintf(new_path, sizeof(new_path), "%s.new", key_path);
	snprintf(old_copy, sizeof(old_copy), "%s/old.key", dir);
	struct db *db;
	struct keys k;
	CHECK(keys_create(key_path) == KR_OK);
	CHECK(db_open(&db, db_path, DB_CREATE) == KR_OK && db_migrate(db, NULL) == KR_OK);
	struct db_conn *c = db_conn(db);
	CHECK(keyring_open(c, key_path, &k) == KR_OK); /* the first open binds them */
	struct arena a;
	arena_init(&a);
	int64_t net, sam;
	struct network nw = { .slug = "n", .name = "N", .kind = NETWORK_NARROW };
	CHECK(org_create(c, "Org", "") == KR_OK && org_network_add(c, &nw, &net) == KR_OK);
	CHECK(auth_account_create(c, 0, &a, "sam@x.nl", "Sam", NULL, &sam) == KR_OK);
	const char *problem;
	struct member_choice ps = { .appearance = APPEAR_PSEUDONYM, .pseudonym = "Merel" };
	CHECK(members_join(c, &k, sam, net, 0, &ps, 1, &problem) == KR_OK);
	CHECK(copy_file(key_path, old_copy));

	struct keyring_result res;
	CHECK(keyring_rotate(c, key_path, &res) == KR_OK);
	CHECK_INT(res.sealed, 1);
	struct keys k2;
	CHECK(keyring_open(c, key_path, &k2) == KR_OK);
	CHECK(memcmp(k.data, k2.data, KEY_BYTES) != 0);
	CHECK(memcmp(k.recovery, k2.recovery, KEY_BYTES) == 0); /* carried over */
	struct membership m;
	CHECK(members_get(c, &k2, &a, sam, net, 0, &m) == KR_OK);
	CHECK_STR(m.choice.pseudonym, "Merel");
	CHECK(members_get(c, &k, &a, sam, net, 0, &m) ==
	      KR_ENOTFOUND); /* the old key opens nothing */
	/* The pseudonym is still taken under the new key. */
	int64_t kim;
	CHECK(auth_account_create(c, 0, &a, "kim@x.nl", "Kim", NULL, &kim) == KR_OK);
	ps.pseudonym = "merel";
	CHECK(members_join(c, &k2, kim, net, 0, &ps, 1, &problem) == KR_EINVAL);

	/* The old key file no longer belongs to the database. */
	struct keys wrong;
	CHECK(keyring_open(c, old_copy, &wrong) == KR_EINVAL);
	/* Interrupted after the commit: the new file still beside the old one. */
	CHECK(rename(key_path, new_path) == 0);
	CHECK(copy_file(old_copy, key_path));
	struct keys k3;
	CHECK(keyring_open(c, key_path, &k3) == KR_OK);
	CHECK(memcmp(k3.data, k2.data, KEY_BYTES) == 0);
	CHECK(access(new_path, F_OK) != 0); /* renamed into place */

	arena_release(&a);
	db_close(db);
	static const char *const names[] = { "k.db", "k.db-wal", "k.db-shm", "k.key", "old.key" };
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char p[128];
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
		unlink(p);
	}
	rmdir(dir);
}
