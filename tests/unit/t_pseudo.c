/*
 * Unit tests for lib/pseudo.c: normal forms, HMAC known answers, key
 * files (found, created, refused), guessing the kind of an identifier.
 *
 * The expected pseudonyms were computed independently of this code, as
 *   printf '%s' 'phone:+31612345678' | openssl dgst -sha256 -hmac KEY
 * (and with Python's hmac module), first 32 hex digits.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kcc/diag.h"
#include "kcc/json.h"
#include "kcc/pseudo.h"
#include "kcc/record.h"
#include "tap.h"

#define KEY "0123456789abcdef0123456789abcdef"

static char tmpdir[] = "/tmp/t_pseudo.XXXXXX";

/* tmpdir/name into a static buffer (two in turn). */
static const char *
path(const char *name)
{
	static char buf[2][512];
	static int k;

	k ^= 1;
	snprintf(buf[k], sizeof buf[k], "%s/%s", tmpdir, name);
	return buf[k];
}

static void
put(const char *file, const void *data, size_t n, mode_t mode)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, data, n) != (ssize_t)n || close(fd) != 0 ||
		chmod(file, mode) != 0) {
		perror(file);
		exit(1);
	}
}

/* Standard error of the calls between capture() and captured(). */
static int saved_stderr = -1;

static void
capture(void)
{
	int fd;

	fflush(stderr);
	saved_stderr = dup(2);
	fd = open(path("stderr"), O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
}

static const char *
captured(void)
{
	static char buf[4096];
	ssize_t n;
	int fd;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	fd = open(path("stderr"), O_RDONLY);
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* The pseudonym of s, or "-". */
static const char *
id(struct kcc_pseudo *p, enum kcc_id_kind kind, const char *s)
{
	static char out[KCC_PSEUDO_HEX + 1];

	if (kcc_pseudo_id(p, kind, s, strlen(s), out) != 0)
		return "-";
	return out;
}

/* The normal form of s, or "-". */
static const char *
norm(struct kcc_pseudo *p, enum kcc_id_kind kind, const char *s)
{
	static char buf[KCC_PSEUDO_ID_MAX + 64];
	const char *f;
	size_t len;

	if (kcc_pseudo_norm(p, kind, s, strlen(s), &f, &len) != 0)
		return "-";
	snprintf(buf, sizeof buf, "%.*s", (int)len, f);
	return buf;
}

static void
test_norm(struct kcc_pseudo *p)
{
	static const struct {
		enum kcc_id_kind kind;
		const char *in, *want;
	} v[] = {
		{KCC_ID_PHONE, "06-12345678", "+31612345678"},
		{KCC_ID_PHONE, "0612345678", "+31612345678"},
		{KCC_ID_PHONE, "+31 6 12345678", "+31612345678"},
		{KCC_ID_PHONE, "0031612345678", "+31612345678"},
		{KCC_ID_PHONE, "06 12 34 56 78", "+31612345678"},
		{KCC_ID_PHONE, "+31 (0)6 1234 5678", "+31612345678"},
		{KCC_ID_PHONE, "612345678", "+31612345678"},   /* Excel */
		{KCC_ID_PHONE, "31612345678", "+31612345678"}, /* no '+' */
		{KCC_ID_PHONE, " tel:+31612345678 ", "+31612345678"},
		{KCC_ID_PHONE, "(020) 123 4567", "+31201234567"},
		{KCC_ID_PHONE, "020-1234567", "+31201234567"},
		{KCC_ID_PHONE, "+1 212 555 0100", "+12125550100"},
		{KCC_ID_PHONE, "+44 20 7946 0958", "+442079460958"},
		{KCC_ID_PHONE, "anonymous", "-"},
		{KCC_ID_PHONE, "06-1234", "-"},
		{KCC_ID_PHONE, "", "-"},
		{KCC_ID_EMAIL, " Jan.Jansen@Example.COM ",
			"jan.jansen@example.com"},
		{KCC_ID_EMAIL, "Jan <jan.jansen@example.com>",
			"jan.jansen@example.com"},
		{KCC_ID_EMAIL, "mailto:JAN.JANSEN@EXAMPLE.COM",
			"jan.jansen@example.com"},
		{KCC_ID_EMAIL, "jan.jansen", "-"},
		{KCC_ID_BSN, "123456782", "123456782"},
		{KCC_ID_BSN, "1234.56.782", "123456782"},
		{KCC_ID_BSN, "12345672", "012345672"},
		{KCC_ID_BSN, "123456789", "-"},
		{KCC_ID_HANDLE, "twitter:@Gemeente", "twitter:gemeente"},
		{KCC_ID_HANDLE, "Twitter: gemeente ", "twitter:gemeente"},
		{KCC_ID_HANDLE, "@gemeente", "-"}, /* which platform? */
		{KCC_ID_HANDLE, "twitter:", "-"},
		{KCC_ID_HANDLE, "twitter:ge meente", "-"},
		{KCC_ID_HANDLE, "twit ter:gemeente", "-"},
		{KCC_ID_NAME, "  Jan   de VRIES ", "jan de vries"},
		{KCC_ID_NAME, "JAN DE VRIES", "jan de vries"},
		{KCC_ID_NAME,
			"Ay\xc5\x9f"
			"e \xc3\x96zdemir",
			"ay\xc5\x9f"
			"e \xc3\xb6zdemir"},
		{KCC_ID_NAME, "Onbekend", "-"},
		{KCC_ID_NAME, "anonymous", "-"},
		{KCC_ID_NAME, "-", "-"},
		{KCC_ID_NAME, " ", "-"},
		{KCC_ID_NAME, "Jan \xff", "-"},
	};
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		is_str(norm(p, v[i].kind, v[i].in), v[i].want, "%s '%s'",
			kcc_id_kind_names[v[i].kind], v[i].in);
	ok(kcc_pseudo_set_country(p, "US") == 0, "country US");
	is_str(norm(p, KCC_ID_PHONE, "(212) 555-0100"), "+12125550100",
		"US national number");
	is_str(norm(p, KCC_ID_PHONE, "0612345678"), "-",
		"a Dutch national number is no US number");
	is_str(norm(p, KCC_ID_PHONE, "+31 6 12345678"), "+31612345678",
		"international numbers whatever the country");
	ok(kcc_pseudo_set_country(p, "XX") == -1, "country XX refused");
	ok(kcc_pseudo_set_country(p, "NL") == 0, "country NL");
}

static void
test_hmac(struct kcc_pseudo *p)
{
	static const struct {
		enum kcc_id_kind kind;
		const char *in, *want;
	} v[] = {
		/* phone:+31612345678 */
		{KCC_ID_PHONE, "06-12345678",
			"4d592544369bba3631bd3f48dd296fee"},
		{KCC_ID_PHONE, "+31 6 12345678",
			"4d592544369bba3631bd3f48dd296fee"},
		{KCC_ID_PHONE, "0031612345678",
			"4d592544369bba3631bd3f48dd296fee"},
		/* phone:+31201234567 */
		{KCC_ID_PHONE, "(020) 123 4567",
			"9ed2ff2fa2badd0437b576e41616c630"},
		/* phone:+12125550100 */
		{KCC_ID_PHONE, "+1 212 555 0100",
			"c2d0d8d78f6187d9bd93bf2683e055a5"},
		/* email:jan.jansen@example.com */
		{KCC_ID_EMAIL, "Jan.Jansen@Example.com",
			"49e55290c59e7a7405323ff382e4f44a"},
		/* bsn:123456782 */
		{KCC_ID_BSN, "123456782", "3ebe98ee8b65252f9d696d38a0205645"},
		/* bsn:012345672 */
		{KCC_ID_BSN, "12345672", "4bcc5607c7e2b3751ae024fc8242b54d"},
		/* handle:twitter:gemeente */
		{KCC_ID_HANDLE, "twitter:@Gemeente",
			"1e0036b182b0ffc6858838f8dcc2e717"},
		/* name:jan de vries */
		{KCC_ID_NAME, "Jan  de Vries",
			"fbf73f623e900626c64c8e9d0d4c1214"},
		/* name:ayşe özdemir */
		{KCC_ID_NAME,
			"Ay\xc5\x9f"
			"e \xc3\x96zdemir",
			"b20fa66c2f7032f5572520a9a1ca8fd3"},
		{KCC_ID_NAME,
			"AY\xc5\x9e"
			"E \xc3\x96ZDEMIR",
			"b20fa66c2f7032f5572520a9a1ca8fd3"},
	};
	char out[KCC_PSEUDO_HEX + 1], out2[KCC_PSEUDO_HEX + 1];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		is_str(id(p, v[i].kind, v[i].in), v[i].want, "hmac %s '%s'",
			kcc_id_kind_names[v[i].kind], v[i].in);
	ok(kcc_pseudo_handle(p, "Twitter", "@GEMEENTE", 9, out) == 0 &&
			strcmp(out, "1e0036b182b0ffc6858838f8dcc2e717") == 0,
		"handle with its platform apart");
	ok(kcc_pseudo_handle(p, NULL, "@gemeente", 9, out) == -1,
		"handle without a platform");
	ok(kcc_pseudo_handle(p, "twit ter", "@gemeente", 9, out) == -1,
		"handle with a bad platform");

	/* The same digits as a BSN and as a phone number: domain separated. */
	ok(kcc_pseudo_id(p, KCC_ID_BSN, "123456782", 9, out) == 0 &&
			kcc_pseudo_id(p, KCC_ID_PHONE, "123456782", 9, out2) ==
				0 &&
			strcmp(out, out2) != 0,
		"a BSN and a phone number with the same digits differ");
	is_str(norm(p, KCC_ID_PHONE, "123456782"), "+31123456782",
		"(the phone number read from those digits)");

	/* The format of the record's citizen field. */
	for (i = 0; i < KCC_PSEUDO_HEX; i++)
		if (!((out[i] >= '0' && out[i] <= '9') ||
			    (out[i] >= 'a' && out[i] <= 'f')))
			break;
	ok(i == KCC_PSEUDO_HEX && out[i] == '\0', "32 lowercase hex digits");
	{
		struct kcc_record rec;
		struct kcc_json_error err;
		char line[512];
		int n = snprintf(line, sizeof line,
			"{\"kcc\":1,\"id\":\"x\",\"src\":\"t\",\"start\":"
			"\"2026-03-02T09:14:00+01:00\",\"channel\":\"phone\","
			"\"citizen\":\"%s\"}",
			out);
		kcc_record_init(&rec);
		ok(kcc_record_parse(&rec, line, (size_t)n, &err) == 0,
			"a record accepts it as citizen");
		kcc_record_release(&rec);
	}
}

static void
test_guess(struct kcc_pseudo *p)
{
	static const struct {
		const char *in;
		int want;
	} v[] = {
		{"jan@example.com", KCC_ID_EMAIL},
		{" Jan <jan@example.com> ", KCC_ID_EMAIL},
		{"@gemeente", KCC_ID_HANDLE},
		{"twitter:@gemeente", KCC_ID_HANDLE},
		{"+31 6 12345678", KCC_ID_PHONE},
		{"06-12345678", KCC_ID_PHONE},
		{"\xe2\x80\xaa+31 6 12345678\xe2\x80\xac", KCC_ID_PHONE},
		{"123456782", KCC_ID_BSN},
		{"1234.56.782", KCC_ID_BSN},
		{"612345678", -1}, /* a phone number without 0, or what? */
		{"123456789", -1}, /* no BSN, no phone number */
		{"Jan de Vries", KCC_ID_NAME},
		{"Ay\xc5\x9f"
		 "e",
			KCC_ID_NAME},
		{"Anonymous", -1},
		{"onbekend", -1},
		{"visitor_123", -1},
		{"jan@", -1},
		{"@", -1},
		{"", -1},
		{"   ", -1},
		{"---", -1},
	};
	char out[KCC_PSEUDO_HEX + 1];
	static char big[KCC_PSEUDO_ID_MAX + 2];
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		is_int(kcc_pseudo_guess(p, v[i].in, strlen(v[i].in)), v[i].want,
			"guess '%s'", v[i].in);
	memset(big, 'a', sizeof big);
	big[0] = '@';
	is_int(kcc_pseudo_guess(p, big, KCC_PSEUDO_ID_MAX), KCC_ID_HANDLE,
		"guess: a handle of the longest length");
	is_int(kcc_pseudo_guess(p, big, KCC_PSEUDO_ID_MAX + 1), -1,
		"guess: one byte longer is refused");
	is_int(kcc_pseudo_any(p, "twitter", big, KCC_PSEUDO_ID_MAX, out),
		KCC_ID_HANDLE, "any: the longest handle");

	is_int(kcc_pseudo_any(p, NULL, "06-12345678", 11, out), KCC_ID_PHONE,
		"any: a phone number");
	is_str(out, "4d592544369bba3631bd3f48dd296fee", "any: its pseudonym");
	is_int(kcc_pseudo_any(p, NULL, "@Gemeente", 9, out), -1,
		"any: a handle needs a platform");
	is_int(kcc_pseudo_any(p, "twitter", "@Gemeente", 9, out), KCC_ID_HANDLE,
		"any: a handle on the platform given");
	is_str(out, "1e0036b182b0ffc6858838f8dcc2e717", "any: its pseudonym");
	is_int(kcc_pseudo_any(p, "facebook", "twitter:@gemeente", 17, out),
		KCC_ID_HANDLE, "any: a handle's own platform first");
	is_str(out, "1e0036b182b0ffc6858838f8dcc2e717", "any: its pseudonym");
	is_int(kcc_pseudo_any(p, NULL, "Anonymous", 9, out), -1,
		"any: no pseudonym for a placeholder");
}

/* Names of the entries of directory d, sorted, joined by ' '. */
static const char *
list(const char *d)
{
	static char buf[1024];
	struct dirent **e;
	int n, i;
	size_t k = 0;

	buf[0] = '\0';
	n = scandir(d, &e, NULL, alphasort);
	for (i = 0; i < n; i++) {
		if (e[i]->d_name[0] != '.' || strlen(e[i]->d_name) > 2)
			k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s",
				k ? " " : "", e[i]->d_name);
		free(e[i]);
	}
	free(e);
	return n < 0 ? "(none)" : buf;
}

static mode_t
mode_of(const char *f)
{
	struct stat st;

	return stat(f, &st) == 0 ? st.st_mode & 07777 : (mode_t)-1;
}

static off_t
size_of(const char *f)
{
	struct stat st;

	return stat(f, &st) == 0 ? st.st_size : -1;
}

static void
test_key_files(void)
{
	struct kcc_pseudo *p;
	char want[512];
	const char *err;
	char k100[100];

	unsetenv("KCC_KEY_FILE");

	put(path("key"), KEY, 32, 0600);
	p = kcc_pseudo_open(path("key"));
	ok(p != NULL, "key file opens");
	is_str(id(p, KCC_ID_PHONE, "0612345678"),
		"4d592544369bba3631bd3f48dd296fee",
		"the key is the file's content");
	is_str(kcc_pseudo_key_file(p), path("key"), "key file named");
	kcc_pseudo_close(p);

	memset(k100, 'k', sizeof k100);
	put(path("key100"), k100, sizeof k100, 0400);
	p = kcc_pseudo_open(path("key100"));
	is_str(p ? id(p, KCC_ID_PHONE, "0612345678") : "(refused)",
		"27bc8585f38f5341b7aee62f959a910e",
		"a 100-byte key (longer than a block), mode 0400");
	kcc_pseudo_close(p);

	{
		unsigned char bin[32];
		int i;
		for (i = 0; i < 32; i++)
			bin[i] = (unsigned char)i;
		put(path("keybin"), bin, sizeof bin, 0600);
		p = kcc_pseudo_open(path("keybin"));
		is_str(p ? id(p, KCC_ID_EMAIL, "jan.jansen@example.com")
			 : "(refused)",
			"c0faa4d3e795a151d27bc5a4558190d5",
			"a binary key with a NUL byte");
		kcc_pseudo_close(p);
	}

	put(path("open"), KEY, 32, 0644);
	capture();
	p = kcc_pseudo_open(path("open"));
	err = captured();
	ok(p == NULL, "a key readable by others is refused");
	snprintf(want, sizeof want,
		"t_pseudo: %s: key file may be read or written by others "
		"(mode 0644); make it private with chmod 600\n",
		path("open"));
	is_str(err, want, "with a message that says what to do");

	put(path("gw"), KEY, 32, 0620);
	capture();
	p = kcc_pseudo_open(path("gw"));
	captured();
	ok(p == NULL, "a key writable by the group is refused");

	put(path("short"), KEY, 15, 0600);
	capture();
	p = kcc_pseudo_open(path("short"));
	err = captured();
	ok(p == NULL, "a 15-byte key is refused");
	snprintf(want, sizeof want,
		"t_pseudo: %s: key file has 15 bytes; a key needs at least "
		"16\n",
		path("short"));
	is_str(err, want, "with its length");

	put(path("sixteen"), KEY, 16, 0600);
	p = kcc_pseudo_open(path("sixteen"));
	ok(p != NULL, "a 16-byte key is enough");
	kcc_pseudo_close(p);

	put(path("empty"), "", 0, 0600);
	capture();
	p = kcc_pseudo_open(path("empty"));
	err = captured();
	ok(p == NULL && strstr(err, "key file has 0 bytes") != NULL,
		"an empty key is refused");

	{
		static char big[KCC_PSEUDO_KEY_MAX + 1];
		memset(big, 'x', sizeof big);
		put(path("big"), big, sizeof big, 0600);
		capture();
		p = kcc_pseudo_open(path("big"));
		err = captured();
		ok(p == NULL && strstr(err, "longer than 4096 bytes") != NULL,
			"a key file over 4096 bytes is refused");
		put(path("big"), big, KCC_PSEUDO_KEY_MAX, 0600);
		p = kcc_pseudo_open(path("big"));
		ok(p != NULL, "one of 4096 bytes is taken");
		kcc_pseudo_close(p);
	}

	mkdir(path("dir"), 0700);
	capture();
	p = kcc_pseudo_open(path("dir"));
	err = captured();
	ok(p == NULL && strstr(err, "not a regular file") != NULL,
		"a directory is refused");

	capture();
	p = kcc_pseudo_open(path("missing"));
	err = captured();
	ok(p == NULL && strstr(err, "cannot open key file: No such file") !=
				NULL,
		"a missing key file given is an error");
	ok(size_of(path("missing")) == -1, "and is not created");

	/* The environment variable. */
	setenv("KCC_KEY_FILE", path("key100"), 1);
	p = kcc_pseudo_open(NULL);
	is_str(p ? id(p, KCC_ID_PHONE, "0612345678") : "(refused)",
		"27bc8585f38f5341b7aee62f959a910e",
		"KCC_KEY_FILE names the key");
	kcc_pseudo_close(p);
	p = kcc_pseudo_open(path("key"));
	is_str(p ? id(p, KCC_ID_PHONE, "0612345678") : "(refused)",
		"4d592544369bba3631bd3f48dd296fee",
		"a key file given wins over KCC_KEY_FILE");
	kcc_pseudo_close(p);
	setenv("KCC_KEY_FILE", path("missing"), 1);
	capture();
	p = kcc_pseudo_open(NULL);
	captured();
	ok(p == NULL && size_of(path("missing")) == -1,
		"a missing KCC_KEY_FILE is an error, not created");
	setenv("KCC_KEY_FILE", "", 1);
	setenv("XDG_CONFIG_HOME", path("xdg-empty-env"), 1);
	capture();
	p = kcc_pseudo_open(NULL);
	captured();
	ok(p != NULL, "an empty KCC_KEY_FILE means the default");
	kcc_pseudo_close(p);
	unsetenv("KCC_KEY_FILE");
}

static void
test_default_key(void)
{
	char want[1024], a[KCC_PSEUDO_HEX + 1], b[KCC_PSEUDO_HEX + 1];
	struct kcc_pseudo *p;
	const char *err;

	unsetenv("KCC_KEY_FILE");
	setenv("XDG_CONFIG_HOME", path("xdg"), 1);
	capture();
	p = kcc_pseudo_open(NULL);
	err = captured();
	ok(p != NULL, "no key: one is created");
	snprintf(want, sizeof want,
		"t_pseudo: created pseudonymisation key %s/kcc/key; keep it "
		"safe: the same key gives the same pseudonyms\n",
		path("xdg"));
	is_str(err, want, "and its place said once");
	is_str(p ? kcc_pseudo_key_file(p) : NULL, path("xdg/kcc/key"),
		"at $XDG_CONFIG_HOME/kcc/key");
	is_int(mode_of(path("xdg")), 0700, "directory created 0700");
	is_int(mode_of(path("xdg/kcc")), 0700, "kcc directory created 0700");
	is_int(mode_of(path("xdg/kcc/key")), 0600, "key created 0600");
	is_int(size_of(path("xdg/kcc/key")), 32, "of 32 bytes");
	is_str(list(path("xdg/kcc")), "key", "no temporary file left");
	snprintf(a, sizeof a, "%s", p ? id(p, KCC_ID_PHONE, "0612345678") : "");
	kcc_pseudo_close(p);

	capture();
	p = kcc_pseudo_open(NULL);
	err = captured();
	ok(p != NULL && err[0] == '\0', "the next run finds it, quietly");
	snprintf(b, sizeof b, "%s", p ? id(p, KCC_ID_PHONE, "0612345678") : "");
	ok(a[0] != '\0' && strcmp(a, b) == 0, "and gives the same pseudonyms");
	kcc_pseudo_close(p);

	/* Not $XDG_CONFIG_HOME when relative: ~/.config. */
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	setenv("HOME", path("home"), 1);
	mkdir(path("home"), 0755);
	capture();
	p = kcc_pseudo_open(NULL);
	captured();
	is_str(p ? kcc_pseudo_key_file(p) : NULL, path("home/.config/kcc/key"),
		"a relative XDG_CONFIG_HOME is ignored: ~/.config/kcc/key");
	kcc_pseudo_close(p);
	unsetenv("XDG_CONFIG_HOME");
	p = kcc_pseudo_open(NULL);
	is_str(p ? kcc_pseudo_key_file(p) : NULL, path("home/.config/kcc/key"),
		"no XDG_CONFIG_HOME: ~/.config/kcc/key");
	kcc_pseudo_close(p);

	/* An existing key is used, never replaced. */
	mkdir(path("xdg2"), 0700);
	mkdir(path("xdg2/kcc"), 0700);
	put(path("xdg2/kcc/key"), KEY, 32, 0600);
	setenv("XDG_CONFIG_HOME", path("xdg2"), 1);
	capture();
	p = kcc_pseudo_open(NULL);
	err = captured();
	is_str(p ? id(p, KCC_ID_PHONE, "0612345678") : "(refused)",
		"4d592544369bba3631bd3f48dd296fee",
		"an existing default key is used");
	ok(err[0] == '\0', "without a word");
	kcc_pseudo_close(p);

	/* A default key with a bad mode is refused, not replaced. */
	chmod(path("xdg2/kcc/key"), 0644);
	capture();
	p = kcc_pseudo_open(NULL);
	err = captured();
	ok(p == NULL && strstr(err, "mode 0644") != NULL,
		"a default key readable by others is refused");
	is_int(size_of(path("xdg2/kcc/key")), 32, "and left as it was");

	/* Where the directory cannot be made. */
	put(path("file"), "x", 1, 0600);
	setenv("XDG_CONFIG_HOME", path("file"), 1);
	capture();
	p = kcc_pseudo_open(NULL);
	err = captured();
	ok(p == NULL && strstr(err, "Not a directory") != NULL,
		"a key directory that cannot be made is an error");
	setenv("XDG_CONFIG_HOME", path("xdg3"), 1);
	mkdir(path("xdg3"), 0700);
	put(path("xdg3/kcc"), "x", 1, 0600);
	capture();
	p = kcc_pseudo_open(NULL);
	err = captured();
	ok(p == NULL && strstr(err, "Not a directory") != NULL,
		"a file where the kcc directory belongs is an error");
	setenv("XDG_CONFIG_HOME", path("no/such/dir"), 1);
	capture();
	p = kcc_pseudo_open(NULL);
	err = captured();
	ok(p == NULL && strstr(err, "cannot create directory for the key") !=
				NULL,
		"only the last directory is created, not its parents");

	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	capture();
	p = kcc_pseudo_open(NULL);
	err = captured();
	ok(p == NULL && strstr(err, "HOME is not set") != NULL,
		"no HOME, no XDG_CONFIG_HOME: an error");
}

/*
 * Processes that start at once without a key all end up with the same
 * one: the creation is atomic, and whoever loses reads the winner's key.
 */
static void
test_race(void)
{
	enum { N = 6 };
	int go[2], res[2], i, same = 1, status, made = 0;
	char got[N][KCC_PSEUDO_HEX + 1], c;
	pid_t pid[N];

	unsetenv("KCC_KEY_FILE");
	setenv("XDG_CONFIG_HOME", path("race"), 1);
	if (pipe(go) != 0 || pipe(res) != 0)
		exit(1);
	capture(); /* the children's too */
	for (i = 0; i < N; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			struct kcc_pseudo *p;
			char out[KCC_PSEUDO_HEX + 2];
			close(go[1]);
			if (read(go[0], &c, 1) != 0)
				_exit(3);
			p = kcc_pseudo_open(NULL);
			if (p == NULL)
				_exit(2);
			snprintf(out, sizeof out, "%s\n",
				id(p, KCC_ID_PHONE, "0612345678"));
			if (write(res[1], out, KCC_PSEUDO_HEX + 1) < 0)
				_exit(4);
			kcc_pseudo_close(p);
			_exit(0);
		}
	}
	close(go[0]);
	close(res[1]);
	close(go[1]); /* all go */
	for (i = 0; i < N; i++) {
		char line[KCC_PSEUDO_HEX + 1];
		if (read(res[0], line, sizeof line) != (ssize_t)sizeof line)
			same = 0;
		memcpy(got[i], line, KCC_PSEUDO_HEX);
		got[i][KCC_PSEUDO_HEX] = '\0';
		if (i > 0 && strcmp(got[i], got[0]) != 0)
			same = 0;
	}
	for (i = 0; i < N; i++)
		if (waitpid(pid[i], &status, 0) < 0 || !WIFEXITED(status) ||
			WEXITSTATUS(status) != 0)
			same = 0;
	{
		const char *err = captured(), *s = err;
		while ((s = strstr(s, "created pseudonymisation key")) !=
			NULL) {
			made++;
			s++;
		}
	}
	close(res[0]);
	ok(same, "%d processes racing to create the key agree", N);
	is_int(made, 1, "one of them created it");
	is_str(list(path("race/kcc")), "key", "one key, no temporary file");
	is_int(mode_of(path("race/kcc/key")), 0600, "mode 0600");
	unsetenv("XDG_CONFIG_HOME");
}

static void
rm_rf(const char *d)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", d);
}

int
main(void)
{
	struct kcc_pseudo *p;

	kcc_diag_init("t_pseudo");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	p = kcc_pseudo_open_key(KEY, 32);
	test_norm(p);
	test_hmac(p);
	test_guess(p);
	kcc_pseudo_close(p);
	kcc_pseudo_close(NULL);
	test_key_files();
	test_default_key();
	test_race();
	rm_rf(tmpdir);
	return tap_done();
}
