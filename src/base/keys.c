// SPDX-License-Identifier: AGPL-3.0-or-later
/* keys.c: the key file. Format: one line "kring-key-v1 <64 hex digits>". */
#include "base/keys.h"
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>

#define KEY_MAGIC "kring-key-v1 "

int
keys_create(const char *path)
{
	unsigned char master[crypto_kdf_KEYBYTES];
	char hex[crypto_kdf_KEYBYTES * 2 + 1];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return error("cannot create the key file %s: %s", path, strerror(errno)), KR_EIO;
	crypto_kdf_keygen(master);
	sodium_bin2hex(hex, sizeof(hex), master, sizeof(master));
	sodium_memzero(master, sizeof(master));
	char line[sizeof(KEY_MAGIC) + sizeof(hex) + 1];
	int n = snprintf(line, sizeof(line), "%s%s\n", KEY_MAGIC, hex);
	sodium_memzero(hex, sizeof(hex));
	bool ok = n > 0 && write(fd, line, (size_t)n) == n && fsync(fd) == 0;
	sodium_memzero(line, sizeof(line));
	if (close(fd) != 0 || !ok) {
		unlink(path);
		return error("cannot write the key file %s", path), KR_EIO;
	}
	return KR_OK;
}

int
keys_load(const char *path, struct keys *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error("cannot open the key file %s: %s (it is created by `kring init`)",
			     path, strerror(errno)),
		       KR_EIO;
	struct stat sb;
	if (fstat(fd, &sb) != 0 || (sb.st_mode & 077)) {
		close(fd);
		return error("the key file %s must be readable by its owner only (chmod 600)",
			     path),
		       KR_EIO;
	}
	char buf[256];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	unsigned char master[crypto_kdf_KEYBYTES];
	size_t bin_len = 0;
	size_t magic_len = sizeof(KEY_MAGIC) - 1;
	if (n < (ssize_t)(magic_len + 64) || memcmp(buf, KEY_MAGIC, magic_len) != 0 ||
	    sodium_hex2bin(master, sizeof(master), buf + magic_len, 64, NULL, &bin_len, NULL) !=
		0 ||
	    bin_len != sizeof(master)) {
		sodium_memzero(buf, sizeof(buf));
		return error("the key file %s is not a Kring key file", path), KR_EINVAL;
	}
	crypto_kdf_derive_from_key(out->csrf, KEY_BYTES, 1, "kringcsr", master);
	crypto_kdf_derive_from_key(out->session, KEY_BYTES, 2, "kringses", master);
	crypto_kdf_derive_from_key(out->data, KEY_BYTES, 3, "kringdat", master);
	crypto_kdf_derive_from_key(out->lookup, KEY_BYTES, 4, "kringlkp", master);
	crypto_kdf_derive_from_key(out->check, KEY_BYTES, 5, "kringchk", master);
	crypto_kdf_derive_from_key(out->audit, KEY_BYTES, 6, "kringaud", master);
	/* Before any rotation, recovery codes are hashed with the look-up key. */
	memcpy(out->recovery, out->lookup, KEY_BYTES);
	sodium_memzero(master, sizeof(master));
	buf[n] = '\0';
	const char *second = strchr(buf, '\n');
	static const char rec_magic[] = "kring-recovery-v1 ";
	if (second && strncmp(second + 1, rec_magic, sizeof(rec_magic) - 1) == 0) {
		size_t got = 0;
		if (sodium_hex2bin(out->recovery, KEY_BYTES, second + sizeof(rec_magic), 64, NULL,
				   &got, NULL) != 0 ||
		    got != KEY_BYTES) {
			sodium_memzero(buf, sizeof(buf));
			return error("the key file %s has a damaged second line", path), KR_EINVAL;
		}
	}
	sodium_memzero(buf, sizeof(buf));
	return KR_OK;
}

char *
keys_path_for_db(const char *db_path)
{
	size_t n = strlen(db_path);
	if (n > 3 && strcmp(db_path + n - 3, ".db") == 0)
		n -= 3;
	char *p = xmalloc(n + 5);
	snprintf(p, n + 5, "%.*s.key", (int)n, db_path);
	return p;
}

int
keys_create_rotated(const char *path, const unsigned char recovery[KEY_BYTES], struct keys *out)
{
	unsigned char master[crypto_kdf_KEYBYTES];
	char hex[crypto_kdf_KEYBYTES * 2 + 1], rhex[KEY_BYTES * 2 + 1];
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return error("cannot create the key file %s: %s", path, strerror(errno)), KR_EIO;
	crypto_kdf_keygen(master);
	sodium_bin2hex(hex, sizeof(hex), master, sizeof(master));
	sodium_bin2hex(rhex, sizeof(rhex), recovery, KEY_BYTES);
	sodium_memzero(master, sizeof(master));
	char text[256];
	int n = snprintf(text, sizeof(text), "%s%s\nkring-recovery-v1 %s\n", KEY_MAGIC, hex, rhex);
	sodium_memzero(hex, sizeof(hex));
	sodium_memzero(rhex, sizeof(rhex));
	bool ok = n > 0 && write(fd, text, (size_t)n) == n && fsync(fd) == 0;
	sodium_memzero(text, sizeof(text));
	if (close(fd) != 0 || !ok) {
		unlink(path);
		return error("cannot write the key file %s", path), KR_EIO;
	}
	return keys_load(path, out);
}

void
keys_fingerprint(const struct keys *k, unsigned char out[32])
{
	static const char what[] = "kring key check v1";
	crypto_generichash(out, 32, (const unsigned char *)what, sizeof(what) - 1, k->check,
			   KEY_BYTES);
}
