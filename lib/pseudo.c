/*
 * Keyed pseudonyms through Nettle's HMAC-SHA-256.
 *
 * The key is set once: Nettle's HMAC context then holds the inner and
 * outer hash states, and hmac_sha256_digest() returns it to the keyed
 * state after each digest, so a pseudonym costs one normalisation into a
 * buffer inside the object and four SHA-256 blocks at most, with no
 * allocation (name folding reuses its scratch).  The raw key bytes are
 * cleared as soon as the context has them, and the context when the
 * object is closed.
 *
 * Creating the default key is the one place that writes: a new key goes
 * to a temporary file made by mkstemp(3) (0600) in the key's directory,
 * is synced, and is then link(2)ed to its name, which fails rather than
 * replace a key that appeared in the meantime; the loser of such a race
 * reads the winner's key.  An explicit key file (option or environment)
 * is never created: a mistyped name must not quietly start a new set of
 * pseudonyms.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/hmac.h>

#include "kcc/diag.h"
#include "kcc/fold.h"
#include "kcc/pii.h"
#include "kcc/pseudo.h"

const char *const kcc_id_kind_names[] = {"phone", "email", "bsn", "handle",
	"name", NULL};

#define PLATFORM_MAX 32

struct kcc_pseudo {
	struct hmac_sha256_ctx hmac;
	const struct kcc_pii_phone_plan *plan;
	struct kcc_fold fold;
	char *key_file;
	/* A normal form: "platform:" and a handle are the longest. */
	char norm[PLATFORM_MAX + 1 + KCC_PSEUDO_ID_MAX + 1];
};

/*
 * Key files.
 */

/* Read the key in `path` into key[KCC_PSEUDO_KEY_MAX]; -1 if reported. */
static int
read_key(const char *path, unsigned char *key, size_t *len)
{
	struct stat st;
	ssize_t r;
	size_t n = 0;
	unsigned char extra;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		kcc_warnl(path, 0, "cannot open key file: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		kcc_warnl(path, 0, "cannot read key file: %s", strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		kcc_warnl(path, 0, "key file is not a regular file");
		goto fail;
	}
	if (st.st_mode & 077) {
		kcc_warnl(path, 0,
			"key file may be read or written by others (mode "
			"%04o); make it private with chmod 600",
			(unsigned)(st.st_mode & 07777));
		goto fail;
	}
	while (n < KCC_PSEUDO_KEY_MAX) {
		r = read(fd, key + n, KCC_PSEUDO_KEY_MAX - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			kcc_warnl(path, 0, "cannot read key file: %s",
				strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n == KCC_PSEUDO_KEY_MAX) {
		while ((r = read(fd, &extra, 1)) < 0 && errno == EINTR)
			;
		if (r != 0) {
			kcc_warnl(path, 0,
				"key file is longer than %d bytes; is it a "
				"key?",
				KCC_PSEUDO_KEY_MAX);
			goto fail;
		}
	}
	if (n < KCC_PSEUDO_KEY_MIN) {
		kcc_warnl(path, 0,
			"key file has %zu byte%s; a key needs at least %d", n,
			n == 1 ? "" : "s", KCC_PSEUDO_KEY_MIN);
		goto fail;
	}
	close(fd);
	*len = n;
	return 0;
fail:
	close(fd);
	explicit_bzero(key, KCC_PSEUDO_KEY_MAX);
	return -1;
}

/* Fill b[0..n) from the kernel's random source. */
static int
random_bytes(unsigned char *b, size_t n)
{
	size_t got = 0;
	ssize_t r;
	int fd;

	while (got < n) {
		r = getrandom(b + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			break;
		got += (size_t)r;
	}
	if (got == n)
		return 0;
	/* No getrandom(2) (ENOSYS under old kernels or seccomp). */
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while (got < n) {
		r = read(fd, b + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	return got == n ? 0 : -1;
}

/* mkdir 0700 unless it is there. */
static int
make_dir(const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0700) == 0) {
		(void)chmod(dir, 0700); /* whatever the umask */
		return 0;
	}
	if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	kcc_warnl(dir, 0, "cannot create directory for the key: %s",
		strerror(errno));
	return -1;
}

/* Write everything; -1 with errno set on error. */
static int
write_all(int fd, const unsigned char *b, size_t n)
{
	ssize_t r;

	while (n > 0) {
		r = write(fd, b, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * Create the key `path` in directory `dir`.  Returns 0 when there is a
 * key at `path` afterwards (ours, or one that another process made first).
 */
static int
create_key(const char *dir, const char *path)
{
	unsigned char key[KCC_PSEUDO_KEY_NEW];
	char tmp[PATH_MAX];
	int fd, e, dfd;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s/.key.XXXXXX", dir) >=
		sizeof tmp) {
		kcc_warnl(dir, 0, "directory name too long");
		return -1;
	}
	if (random_bytes(key, sizeof key) != 0) {
		kcc_warnx("cannot get random bytes for a pseudonymisation "
			  "key: %s",
			strerror(errno));
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		kcc_warnl(dir, 0, "cannot create key file: %s",
			strerror(errno));
		explicit_bzero(key, sizeof key);
		return -1;
	}
	e = 0;
	if (fchmod(fd, 0600) != 0 || write_all(fd, key, sizeof key) != 0 ||
		fsync(fd) != 0)
		e = errno;
	explicit_bzero(key, sizeof key);
	if (close(fd) != 0 && e == 0)
		e = errno;
	if (e == 0 && link(tmp, path) != 0)
		e = errno;
	unlink(tmp);
	if (e == EEXIST)
		return 0; /* another process was first: use its key */
	if (e != 0) {
		kcc_warnl(path, 0, "cannot create key file: %s", strerror(e));
		return -1;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	kcc_warnx("created pseudonymisation key %s; keep it safe: the same "
		  "key gives the same pseudonyms",
		path);
	return 0;
}

/*
 * The default key: find it, or create it.  Sets *path (allocated).
 * Returns 0, or -1 after reporting.
 */
static int
default_key(char **path)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char base[PATH_MAX], dir[PATH_MAX], file[PATH_MAX];
	struct stat st;
	int l;

	if (xdg != NULL && xdg[0] == '/')
		l = snprintf(base, sizeof base, "%s", xdg);
	else if (home != NULL && home[0] != '\0')
		l = snprintf(base, sizeof base, "%s/.config", home);
	else {
		kcc_warnx("no place for the pseudonymisation key: HOME is not "
			  "set; give a key file");
		return -1;
	}
	if (l < 0 || (size_t)l >= sizeof base - 8 ||
		(size_t)snprintf(dir, sizeof dir, "%s/kcc", base) >=
			sizeof dir ||
		(size_t)snprintf(file, sizeof file, "%s/key", dir) >=
			sizeof file) {
		kcc_warnl(base, 0, "directory name too long");
		return -1;
	}
	*path = kcc_xstrdup(file);
	if (stat(file, &st) == 0 || errno != ENOENT)
		return 0; /* there (or a problem read_key() will report) */
	if (make_dir(base) != 0 || make_dir(dir) != 0 ||
		create_key(dir, file) != 0) {
		free(*path);
		*path = NULL;
		return -1;
	}
	return 0;
}

struct kcc_pseudo *
kcc_pseudo_open_key(const void *key, size_t n)
{
	struct kcc_pseudo *p = kcc_xcalloc(1, sizeof *p);

	hmac_sha256_set_key(&p->hmac, n, key);
	p->plan = kcc_pii_phone_plan(NULL);
	kcc_fold_init(&p->fold);
	return p;
}

struct kcc_pseudo *
kcc_pseudo_open(const char *key_file)
{
	unsigned char key[KCC_PSEUDO_KEY_MAX];
	struct kcc_pseudo *p;
	const char *env;
	char *path = NULL;
	size_t n;

	if (key_file == NULL && (env = getenv("KCC_KEY_FILE")) != NULL &&
		env[0] != '\0')
		key_file = env;
	if (key_file != NULL)
		path = kcc_xstrdup(key_file);
	else if (default_key(&path) != 0)
		return NULL;
	if (read_key(path, key, &n) != 0) {
		free(path);
		return NULL;
	}
	p = kcc_pseudo_open_key(key, n);
	explicit_bzero(key, sizeof key);
	p->key_file = path;
	return p;
}

void
kcc_pseudo_close(struct kcc_pseudo *p)
{
	if (p == NULL)
		return;
	kcc_fold_release(&p->fold);
	free(p->key_file);
	explicit_bzero(p, sizeof *p);
	free(p);
}

const char *
kcc_pseudo_key_file(const struct kcc_pseudo *p)
{
	return p->key_file;
}

int
kcc_pseudo_set_country(struct kcc_pseudo *p, const char *country)
{
	const struct kcc_pii_phone_plan *plan = kcc_pii_phone_plan(country);

	if (country == NULL || plan == NULL)
		return -1;
	p->plan = plan;
	return 0;
}

/*
 * Normal forms.
 */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Case-insensitive (ASCII) equality of s[0..n) and the string w. */
static int
same(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n && w[i] != '\0'; i++)
		if (lower((unsigned char)s[i]) != w[i])
			return 0;
	return i == n && w[i] == '\0';
}

/* What a source writes when it has no name. */
static int
placeholder(const char *s, size_t n)
{
	static const char *const words[] = {"anonymous", "anoniem", "anonym",
		"anon", "unknown", "onbekend", "private", "prive",
		"priv\xc3\xa9", "withheld", "restricted", "unavailable", "none",
		"null", "nil", "n/a", "na", "nvt", "n.v.t.", "geen", "nobody",
		"niemand", "unknown caller", "anonymous caller",
		"anonieme beller", "visitor", "bezoeker", "customer", "klant",
		"citizen", "burger", "test"};
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (same(s, n, words[i]))
			return 1;
	return 0;
}

static int
has_letter(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			c >= 0x80)
			return 1;
	}
	return 0;
}

static int
has_digit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

static int
platform_byte(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/*
 * "platform:handle" into out: the platform given (pn bytes), or, when
 * pl is NULL, the one before a ':' in s.  Returns the length, or -1.
 */
static int
handle_norm(const char *pl, size_t pn, const char *s, size_t n, char *out)
{
	const char *colon;
	size_t i, k = 0;

	kcc_pii_trim(&s, &n);
	if (pl == NULL) {
		colon = memchr(s, ':', n);
		if (colon == NULL)
			return -1;
		pl = s;
		pn = (size_t)(colon - s);
		n -= pn + 1;
		s = colon + 1;
		kcc_pii_trim(&s, &n);
	}
	if (pn == 0 || pn > PLATFORM_MAX)
		return -1;
	for (i = 0; i < pn; i++) {
		if (!platform_byte((unsigned char)pl[i]))
			return -1;
		out[k++] = (char)lower((unsigned char)pl[i]);
	}
	out[k++] = ':';
	if (n > 0 && s[0] == '@') {
		s++;
		n--;
	}
	if (n == 0 || n > KCC_PSEUDO_ID_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f || c == '@' ||
			kcc_pii_space(s + i, n - i) > 0)
			return -1;
		out[k++] = (char)lower(c);
	}
	return (int)k;
}

int
kcc_pseudo_norm(struct kcc_pseudo *p, enum kcc_id_kind kind, const char *s,
	size_t n, const char **norm, size_t *len)
{
	const char *f;
	int r;

	if (n > KCC_PSEUDO_ID_MAX)
		return -1;
	*norm = p->norm;
	switch (kind) {
	case KCC_ID_PHONE:
		if (kcc_pii_phone_norm(p->plan, s, n, KCC_PII_PHONE_LENIENT,
			    p->norm) != 0)
			return -1;
		*len = strlen(p->norm);
		return 0;
	case KCC_ID_EMAIL:
		if ((r = kcc_pii_email_norm(s, n, p->norm)) < 0)
			return -1;
		*len = (size_t)r;
		return 0;
	case KCC_ID_BSN:
		if (kcc_pii_bsn_norm(s, n, p->norm) != 0)
			return -1;
		*len = 9;
		return 0;
	case KCC_ID_HANDLE:
		if ((r = handle_norm(NULL, 0, s, n, p->norm)) < 0)
			return -1;
		*len = (size_t)r;
		return 0;
	case KCC_ID_NAME:
		f = kcc_fold_str(&p->fold, s, n, len);
		if (f == NULL || *len == 0 || *len > KCC_PSEUDO_ID_MAX ||
			!has_letter(f, *len) || placeholder(f, *len))
			return -1;
		*norm = f;
		return 0;
	default:
		return -1;
	}
}

/* HMAC of "kind:norm", its first 128 bits in hex. */
static void
hash(struct kcc_pseudo *p, enum kcc_id_kind kind, const char *norm, size_t len,
	char out[KCC_PSEUDO_HEX + 1])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t d[KCC_PSEUDO_HEX / 2];
	const char *name = kcc_id_kind_names[kind];
	size_t i;

	hmac_sha256_update(&p->hmac, strlen(name), (const uint8_t *)name);
	hmac_sha256_update(&p->hmac, 1, (const uint8_t *)":");
	hmac_sha256_update(&p->hmac, len, (const uint8_t *)norm);
	hmac_sha256_digest(&p->hmac, sizeof d, d);
	for (i = 0; i < sizeof d; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[KCC_PSEUDO_HEX] = '\0';
}

int
kcc_pseudo_id(struct kcc_pseudo *p, enum kcc_id_kind kind, const char *s,
	size_t n, char out[KCC_PSEUDO_HEX + 1])
{
	const char *norm;
	size_t len;

	if (kcc_pseudo_norm(p, kind, s, n, &norm, &len) != 0)
		return -1;
	hash(p, kind, norm, len, out);
	return 0;
}

int
kcc_pseudo_handle(struct kcc_pseudo *p, const char *platform, const char *s,
	size_t n, char out[KCC_PSEUDO_HEX + 1])
{
	int r;

	if (platform == NULL)
		return -1;
	r = handle_norm(platform, strlen(platform), s, n, p->norm);
	if (r < 0)
		return -1;
	hash(p, KCC_ID_HANDLE, p->norm, (size_t)r, out);
	return 0;
}

int
kcc_pseudo_guess(const struct kcc_pseudo *p, const char *s, size_t n)
{
	char buf[PLATFORM_MAX + 1 + KCC_PSEUDO_ID_MAX + 1];
	char e164[KCC_PII_E164_SIZE];
	const char *at, *colon;

	kcc_pii_trim(&s, &n);
	if (n == 0 || n > KCC_PSEUDO_ID_MAX)
		return -1;
	at = memchr(s, '@', n);
	if (at != NULL) {
		if (at == s)
			return handle_norm("x", 1, s, n, buf) > 0
				       ? KCC_ID_HANDLE
				       : -1;
		if (kcc_pii_email_norm(s, n, buf) > 0)
			return KCC_ID_EMAIL;
		colon = memchr(s, ':', n);
		if (colon != NULL && colon + 1 < s + n && colon[1] == '@' &&
			handle_norm(NULL, 0, s, n, buf) > 0)
			return KCC_ID_HANDLE;
		return -1;
	}
	if (kcc_pii_bsn_norm(s, n, buf) == 0)
		return KCC_ID_BSN;
	if (kcc_pii_phone_norm(p->plan, s, n, 0, e164) == 0)
		return KCC_ID_PHONE;
	if (has_digit(s, n) || !has_letter(s, n) || placeholder(s, n))
		return -1;
	return KCC_ID_NAME;
}

int
kcc_pseudo_any(struct kcc_pseudo *p, const char *platform, const char *s,
	size_t n, char out[KCC_PSEUDO_HEX + 1])
{
	int kind = kcc_pseudo_guess(p, s, n);

	if (kind < 0)
		return -1;
	if (kind == KCC_ID_HANDLE) {
		kcc_pii_trim(&s, &n);
		if (s[0] == '@')
			return kcc_pseudo_handle(p, platform, s, n, out) == 0
				       ? kind
				       : -1;
	}
	return kcc_pseudo_id(p, (enum kcc_id_kind)kind, s, n, out) == 0 ? kind
									: -1;
}
