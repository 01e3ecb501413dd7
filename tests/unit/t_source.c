/*
 * Unit tests for lib/source.c: plain files, standard input, compressed
 * files and archives, made at test time with libarchive's write API in a
 * temporary directory; bombs, truncation and corruption.
 */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "kcc/diag.h"
#include "kcc/lines.h"
#include "kcc/source.h"
#include "tap.h"

static char dir[] = "/tmp/t_source.XXXXXX";

/* Filters and formats for fixtures. */
enum { NONE, GZ, BZ2, XZ, ZST };
enum { RAW, TAR, ZIP };

struct member {
	const char *name;
	int type; /* AE_IFREG, AE_IFDIR, AE_IFLNK; 0 ends the list */
	const char *data;
	const char *link; /* symlink target, or hard link target if REG */
};

static struct archive *
writer(const char *path, int format, int filter)
{
	struct archive *a = archive_write_new();

	switch (filter) {
	case GZ:
		archive_write_add_filter_gzip(a);
		break;
	case BZ2:
		archive_write_add_filter_bzip2(a);
		break;
	case XZ:
		archive_write_add_filter_xz(a);
		break;
	case ZST:
		archive_write_add_filter_zstd(a);
		break;
	}
	if (format == RAW)
		archive_write_set_format_raw(a);
	else if (format == TAR)
		archive_write_set_format_pax_restricted(a);
	else
		archive_write_set_format_zip(a);
	archive_write_set_bytes_in_last_block(a, 1);
	if (archive_write_open_filename(a, path) != ARCHIVE_OK) {
		printf("# %s: %s\n", path, archive_error_string(a));
		exit(1);
	}
	return a;
}

static void
header(struct archive *a, const char *name, int type, const char *link,
	size_t size)
{
	struct archive_entry *e = archive_entry_new();
	/* The writers need a UTF-8 locale for UTF-8 names; the reader not. */
	locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	locale_t old = uselocale(utf8);

	archive_entry_set_pathname_utf8(e, name);
	archive_entry_set_filetype(e, (unsigned)type);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, 1700000000, 0);
	if (type == AE_IFLNK)
		archive_entry_set_symlink(e, link);
	else if (link != NULL)
		archive_entry_set_hardlink(e, link);
	if (type == AE_IFREG && link == NULL)
		archive_entry_set_size(e, (la_int64_t)size);
	if (archive_write_header(a, e) != ARCHIVE_OK)
		printf("# header %s: %s\n", name, archive_error_string(a));
	archive_entry_free(e);
	uselocale(old);
	freelocale(utf8);
}

static void
finish(struct archive *a)
{
	if (archive_write_close(a) != ARCHIVE_OK)
		printf("# close: %s\n", archive_error_string(a));
	archive_write_free(a);
}

/* An archive of `m` (format TAR or ZIP) or one compressed file (RAW). */
static void
make(const char *path, int format, int filter, const struct member *m)
{
	struct archive *a = writer(path, format, filter);

	for (; m->type != 0; m++) {
		size_t n = m->data ? strlen(m->data) : 0;
		header(a, m->name, m->type, m->link, n);
		if (n > 0)
			archive_write_data(a, m->data, n);
	}
	finish(a);
}

static void
put(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");

	fwrite(data, 1, n, fp);
	fclose(fp);
}

static off_t
size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Everything written to stderr between capture() and captured(). */
static int saved_stderr = -1;

static void
capture(void)
{
	int fd = open("stderr.txt", O_WRONLY | O_CREAT | O_TRUNC, 0600);

	fflush(stderr);
	saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
}

static const char *
captured(void)
{
	static char buf[8192];
	FILE *fp;
	size_t n;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	fp = fopen("stderr.txt", "r");
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

static char errs[8192];

/*
 * Read every member of `path` and describe it: "name=content|" per member
 * ("-" for no name; "#length" instead of content when it is long), then
 * "EOF" or "ERR".  Messages land in errs.
 */
static const char *
readall(const char *path, const struct kcc_source_limits *lim)
{
	static char desc[65536];
	static char data[1 << 16];
	struct kcc_source *src;
	const char *member;
	size_t n = 0, len;
	ssize_t r;
	int more;

	desc[0] = '\0';
	capture();
	src = kcc_source_open(path, lim);
	if (src == NULL) {
		snprintf(errs, sizeof errs, "%s", captured());
		return "OPEN FAILED";
	}
	while ((more = kcc_source_next(src, &member)) == 1) {
		len = 0;
		while ((r = kcc_source_read(src, data + (len < 4096 ? len : 0),
				len < 4096 ? 4096 - len : sizeof data)) > 0)
			len += (size_t)r;
		if (r < 0)
			break;
		if (len <= 40)
			n += (size_t)snprintf(desc + n, sizeof desc - n,
				"%s=%.*s|", member ? member : "-", (int)len,
				data);
		else
			n += (size_t)snprintf(desc + n, sizeof desc - n,
				"%s=#%zu|", member ? member : "-", len);
	}
	snprintf(desc + n, sizeof desc - n, "%s", more == 0 ? "EOF" : "ERR");
	if (more == 1) {
		/* A failed read ends the source: later calls fail quietly. */
		more = kcc_source_next(src, &member);
		if (more != -1 || kcc_source_read(src, data, 1) != -1)
			snprintf(desc + n, sizeof desc - n, "NOT DONE");
	}
	kcc_source_close(src);
	snprintf(errs, sizeof errs, "%s", captured());
	return desc;
}

/* Go through the members of `path` without reading them. */
static const char *
skipall(const char *path, const struct kcc_source_limits *lim)
{
	static char desc[4096];
	struct kcc_source *src;
	const char *member;
	size_t n = 0;
	int more;

	capture();
	src = kcc_source_open(path, lim);
	while ((more = kcc_source_next(src, &member)) == 1)
		n += (size_t)snprintf(desc + n, sizeof desc - n, "%s|",
			member ? member : "-");
	snprintf(desc + n, sizeof desc - n, "%s", more == 0 ? "EOF" : "ERR");
	kcc_source_close(src);
	snprintf(errs, sizeof errs, "%s", captured());
	return desc;
}

/* Make standard input read `path` through a pipe fed by a child. */
static pid_t
stdin_from(const char *path, int *saved)
{
	int p[2];
	pid_t pid;

	*saved = dup(0);
	if (pipe(p) != 0)
		exit(1);
	pid = fork();
	if (pid == 0) {
		char buf[65536];
		ssize_t r;
		int fd = open(path, O_RDONLY);
		close(p[0]);
		while ((r = read(fd, buf, sizeof buf)) > 0)
			if (write(p[1], buf, (size_t)r) != r)
				break;
		_exit(0);
	}
	close(p[1]);
	dup2(p[0], 0);
	close(p[0]);
	return pid;
}

static void
stdin_restore(pid_t pid, int saved)
{
	dup2(saved, 0);
	close(saved);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

static const char *
readall_stdin(const char *path, const struct kcc_source_limits *lim)
{
	const char *desc;
	int saved;
	pid_t pid = stdin_from(path, &saved);

	desc = readall("-", lim);
	stdin_restore(pid, saved);
	return desc;
}

/* Some text that compresses a little, n bytes of it. */
static char *
text(size_t n)
{
	char *s = malloc(n + 1);
	unsigned x = 12345;
	size_t i;

	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		s[i] = (x >> 16) % 50 == 0 ? '\n'
					   : (char)('a' + (x >> 20) % 26);
	}
	s[n] = '\0';
	return s;
}

static const struct member files[] = {
	{"a.jsonl", AE_IFREG, "{\"a\":1}\n", NULL},
	{"docs/", AE_IFDIR, NULL, NULL},
	{"docs/b.csv", AE_IFREG, "x,y\n1,2\n", NULL},
	{"latest", AE_IFLNK, NULL, "a.jsonl"},
	{"empty.csv", AE_IFREG, "", NULL},
	{NULL, 0, NULL, NULL},
};

static void
test_plain(void)
{
	static const char data[] = "{\"a\":1}\n{\"a\":2}\n";
	struct kcc_source_limits tiny = {4, 1.0, 1};

	put("plain.jsonl", data, sizeof data - 1);
	is_str(readall("plain.jsonl", NULL), "-={\"a\":1}\n{\"a\":2}\n|EOF",
		"plain file: one member without a name");
	is_str(errs, "", "plain file: no messages");
	is_str(readall("plain.jsonl", &tiny), "-={\"a\":1}\n{\"a\":2}\n|EOF",
		"plain file: the limits are for expanded bytes only");
	is_str(readall_stdin("plain.jsonl", NULL),
		"-={\"a\":1}\n{\"a\":2}\n|EOF", "plain standard input");
	put("empty", "", 0);
	is_str(readall("empty", NULL), "-=|EOF",
		"empty file: one empty member");
	is_str(errs, "", "empty file: no message from the source");
	is_str(readall_stdin("empty", NULL), "-=|EOF",
		"empty standard input: one empty member");
	/* Something tar-like that is not: "ustar" at 257 but no header. */
	{
		char fake[600];
		memset(fake, 'x', sizeof fake);
		memcpy(fake + 257, "ustar", 5);
		put("fake.tar", fake, sizeof fake);
		is_str(readall("fake.tar", NULL), "-=#600|EOF",
			"'ustar' in a text file: read as one file");
	}
	put("a.7z", "7z\xbc\xaf\x27\x1c\x00\x04", 8);
	is_str(readall("a.7z", NULL), "OPEN FAILED", "7z is refused");
	is_str(errs,
		"kcc-test: a.7z: 7z and rar archives cannot be read, only zip "
		"and tar\n",
		"7z: message");
	is_str(readall("missing.jsonl", NULL), "OPEN FAILED",
		"missing file fails to open");
	is_str(errs, "kcc-test: missing.jsonl: No such file or directory\n",
		"missing file: message");
	mkdir("adir", 0700);
	is_str(readall("adir", NULL), "OPEN FAILED", "directory fails to open");
	is_str(errs, "kcc-test: adir: Is a directory\n", "directory: message");
}

static void
test_single(void)
{
	static const struct member one[] = {
		{"data", AE_IFREG, "{\"a\":1}\n", NULL},
		{NULL, 0, NULL, NULL},
	};
	static const struct member none[] = {
		{"data", AE_IFREG, "", NULL},
		{NULL, 0, NULL, NULL},
	};
	static const struct {
		const char *path;
		int filter;
	} kinds[] = {
		{"a.jsonl.gz", GZ},
		{"a.jsonl.bz2", BZ2},
		{"a.jsonl.xz", XZ},
		{"a.jsonl.zst", ZST},
	};
	char name[64];
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		make(kinds[i].path, RAW, kinds[i].filter, one);
		is_str(readall(kinds[i].path, NULL), "-={\"a\":1}\n|EOF",
			"%s: one member without a name", kinds[i].path);
		is_str(errs, "", "%s: no messages", kinds[i].path);
		is_str(readall_stdin(kinds[i].path, NULL), "-={\"a\":1}\n|EOF",
			"%s on standard input", kinds[i].path);
		snprintf(name, sizeof name, "empty-%s", kinds[i].path);
		make(name, RAW, kinds[i].filter, none);
		is_str(readall(name, NULL), "-=|EOF", "%s: one empty member",
			name);
		is_str(errs, "", "%s: no messages", name);
	}
	/* A gzip stream cut short. */
	{
		char *big = text(300000);
		struct member m[] = {
			{"data", AE_IFREG, big, NULL},
			{NULL, 0, NULL, NULL},
		};
		make("cut.gz", RAW, GZ, m);
		truncate("cut.gz", size_of("cut.gz") / 2);
		is_str(readall("cut.gz", NULL), "ERR", "truncated .gz fails");
		ok(strncmp(errs, "kcc-test: cut.gz: ", 18) == 0 &&
				strchr(errs, '\n') == errs + strlen(errs) - 1,
			"truncated .gz: one message naming the file");
		printf("# %s", errs);
		free(big);
	}
	/* A gzip header followed by garbage. */
	{
		char bad[4096];
		memset(bad, 0x5a, sizeof bad);
		memcpy(bad, "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
		put("bad.gz", bad, sizeof bad);
		is_str(readall("bad.gz", NULL), "OPEN FAILED",
			"corrupt .gz fails to open");
		ok(strncmp(errs, "kcc-test: bad.gz: ", 18) == 0,
			"corrupt .gz: message naming the file");
		printf("# %s", errs);
	}
}

static void
test_archives(void)
{
	static const char want[] = "a.jsonl={\"a\":1}\n|docs/b.csv=x,y\n1,2\n|"
				   "empty.csv=|EOF";
	static const char *kinds[] = {"a.tar", "a.tar.gz", "a.tar.bz2",
		"a.tar.xz", "a.tar.zst", "a.zip"};
	static const int filter[] = {NONE, GZ, BZ2, XZ, ZST, NONE};
	char want_errs[1024];
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		make(kinds[i], i == 5 ? ZIP : TAR, filter[i], files);
		snprintf(want_errs, sizeof want_errs,
			"kcc-test: %s: member 'docs/': skipping a directory\n"
			"kcc-test: %s: member 'latest': skipping a symbolic "
			"link\n",
			kinds[i], kinds[i]);
		is_str(readall(kinds[i], NULL), want,
			"%s: regular members in order", kinds[i]);
		is_str(errs, want_errs, "%s: directory and link skipped",
			kinds[i]);
		/* On a pipe, a zip's links look like files: the type is
		 * only in the central directory, at the end. */
		is_str(readall_stdin(kinds[i], NULL),
			i == 5 ? "a.jsonl={\"a\":1}\n|docs/b.csv=x,y\n1,2\n|"
				 "latest=a.jsonl|empty.csv=|EOF"
			       : want,
			"%s on standard input", kinds[i]);
	}
	/* Stop reading a member half way: the next one is still right. */
	{
		struct kcc_source *src = kcc_source_open("a.tar.gz", NULL);
		const char *m;
		char c;
		capture();
		ok(kcc_source_next(src, &m) == 1 &&
				kcc_source_read(src, &c, 1) == 1 && c == '{',
			"first byte of the first member");
		ok(kcc_source_next(src, &m) == 1 &&
				strcmp(m, "docs/b.csv") == 0 &&
				kcc_source_read(src, &c, 1) == 1 && c == 'x',
			"next member after a partial read");
		kcc_source_close(src);
		captured();
	}
	/* A hard link in a tar. */
	{
		static const struct member m[] = {
			{"a.csv", AE_IFREG, "1\n", NULL},
			{"b.csv", AE_IFREG, NULL, "a.csv"},
			{NULL, 0, NULL, NULL},
		};
		make("hard.tar", TAR, NONE, m);
		is_str(readall("hard.tar", NULL), "a.csv=1\n|EOF",
			"hard link skipped");
		is_str(errs,
			"kcc-test: hard.tar: member 'b.csv': skipping a hard "
			"link\n",
			"hard link: message");
	}
	/* UTF-8 names come out as they were written, in any locale. */
	{
		static const struct member m[] = {
			{"\xc3\xa9\xc3\xa9n.csv", AE_IFREG, "1\n", NULL},
			{NULL, 0, NULL, NULL},
		};
		make("utf8.zip", ZIP, NONE, m);
		make("utf8.tar", TAR, NONE, m);
		is_str(readall("utf8.zip", NULL),
			"\xc3\xa9\xc3\xa9n.csv=1\n|EOF",
			"UTF-8 member name in a zip");
		is_str(errs, "", "UTF-8 name in a zip: no messages");
		is_str(readall("utf8.tar", NULL),
			"\xc3\xa9\xc3\xa9n.csv=1\n|EOF",
			"UTF-8 member name in a tar");
		is_str(errs, "", "UTF-8 name in a tar: no messages");
	}
	/* Zip's UTF-8 flag alone, as Python and Windows write it. */
	{
		static const char zip[] =
			"\x50\x4b\x03\x04\x14\x00\x00\x08\x00\x00\x00\x00"
			"\x21\x00\x53\xfc\x51\x67\x02\x00\x00\x00\x02\x00"
			"\x00\x00\x09\x00\x00\x00\x63\x61\x66\xc3\xa9\x2e"
			"\x63\x73\x76\x31\x0a\x50\x4b\x01\x02\x14\x03\x14"
			"\x00\x00\x08\x00\x00\x00\x00\x21\x00\x53\xfc\x51"
			"\x67\x02\x00\x00\x00\x02\x00\x00\x00\x09\x00\x00"
			"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80\x01\x00"
			"\x00\x00\x00\x63\x61\x66\xc3\xa9\x2e\x63\x73\x76"
			"\x50\x4b\x05\x06\x00\x00\x00\x00\x01\x00\x01\x00"
			"\x37\x00\x00\x00\x29\x00\x00\x00\x00\x00";
		put("flag.zip", zip, sizeof zip - 1);
		is_str(readall("flag.zip", NULL), "caf\xc3\xa9.csv=1\n|EOF",
			"zip name marked UTF-8 by the flag only");
		is_str(errs, "", "UTF-8 flag: no messages");
	}
	/* An encrypted zip member cannot be read: an error, not a skip. */
	{
		static const struct member m[] = {
			{"secret.csv", AE_IFREG, "1\n", NULL},
			{NULL, 0, NULL, NULL},
		};
		struct archive *a = archive_write_new();
		archive_write_set_format_zip(a);
		if (archive_write_set_options(a, "zip:encryption=zipcrypt") ==
				ARCHIVE_OK &&
			archive_write_set_passphrase(a, "pw") == ARCHIVE_OK &&
			archive_write_open_filename(a, "secret.zip") ==
				ARCHIVE_OK) {
			header(a, m->name, m->type, NULL, strlen(m->data));
			archive_write_data(a, m->data, strlen(m->data));
			finish(a);
			is_str(readall("secret.zip", NULL), "ERR",
				"encrypted zip member: an error");
			is_str(errs,
				"kcc-test: secret.zip: member 'secret.csv': "
				"encrypted members cannot be read\n",
				"encrypted zip member: message");
		} else {
			printf("ok %d # SKIP no zip encryption in libarchive\n",
				++tap_n);
			printf("ok %d # SKIP\n", ++tap_n);
			archive_write_free(a);
		}
	}
	/* Names with control characters are shown harmless. */
	{
		static const struct member m[] = {
			{"evil\033[2J\n/", AE_IFDIR, NULL, NULL},
			{NULL, 0, NULL, NULL},
		};
		make("evil.tar", TAR, NONE, m);
		readall("evil.tar", NULL);
		is_str(errs,
			"kcc-test: evil.tar: member 'evil?[2J?/': skipping a "
			"directory\n"
			"kcc-test: evil.tar: no files in the archive\n",
			"control characters in member names replaced");
	}
}

/* Many skipped entries: ten are named, the rest counted. */
static void
test_skips(void)
{
	struct archive *a = writer("dirs.zip", ZIP, NONE);
	char name[32], want[2048];
	size_t n = 0;
	int i;

	for (i = 1; i <= 15; i++) {
		snprintf(name, sizeof name, "d%02d/", i);
		header(a, name, AE_IFDIR, NULL, 0);
		if (i <= 10)
			n += (size_t)snprintf(want + n, sizeof want - n,
				"kcc-test: dirs.zip: member '%s': "
				"skipping a directory\n",
				name);
	}
	header(a, "x.csv", AE_IFREG, NULL, 2);
	archive_write_data(a, "1\n", 2);
	finish(a);
	snprintf(want + n, sizeof want - n,
		"kcc-test: dirs.zip: skipped 5 more links, devices and "
		"directories\n");
	is_str(readall("dirs.zip", NULL), "x.csv=1\n|EOF",
		"fifteen directories and a file");
	is_str(errs, want, "ten skips named, five counted");
}

static void
test_broken(void)
{
	char *big = text(400000);
	struct member m[] = {
		{"one.jsonl", AE_IFREG, "{}\n", NULL},
		{"big.jsonl", AE_IFREG, big, NULL},
		{NULL, 0, NULL, NULL},
	};
	static const struct member nothing[] = {{NULL, 0, NULL, NULL}};

	make("cut.tar.gz", TAR, GZ, m);
	truncate("cut.tar.gz", size_of("cut.tar.gz") * 2 / 3);
	is_str(readall("cut.tar.gz", NULL), "one.jsonl={}\n|ERR",
		"truncated tar.gz: members before the cut, then an error");
	ok(strncmp(errs, "kcc-test: cut.tar.gz: member 'big.jsonl': ", 42) ==
				0 &&
			strchr(errs, '\n') == errs + strlen(errs) - 1,
		"truncated tar.gz: one message naming file and member");
	printf("# %s", errs);

	make("cut.zip", ZIP, NONE, m);
	truncate("cut.zip", size_of("cut.zip") * 2 / 3);
	is_str(readall("cut.zip", NULL), "one.jsonl={}\n|ERR",
		"truncated zip: an error after the first member");
	ok(strncmp(errs, "kcc-test: cut.zip: ", 19) == 0 &&
			strchr(errs, '\n') == errs + strlen(errs) - 1,
		"truncated zip: one message naming the file");
	printf("# %s", errs);
	is_str(readall_stdin("cut.zip", NULL), "one.jsonl={}\n|ERR",
		"truncated zip on standard input");
	printf("# %s", errs);

	/* A tar whose second header is damaged. */
	make("badhdr.tar", TAR, NONE, m);
	{
		FILE *fp = fopen("badhdr.tar", "r+b");
		fseek(fp, 1024 + 148, SEEK_SET);
		fwrite("9999", 1, 4, fp);
		fclose(fp);
	}
	is_str(readall("badhdr.tar", NULL), "one.jsonl={}\n|ERR",
		"damaged tar header: an error after the first member");
	is_str(errs,
		"kcc-test: badhdr.tar: after member 'one.jsonl': corrupt "
		"archive: damaged tar archive\n",
		"damaged tar header: message after the first member");

	/* A zip whose second member's data is overwritten. */
	make("bad.zip", ZIP, NONE, m);
	{
		FILE *fp = fopen("bad.zip", "r+b");
		char junk[2000];
		memset(junk, 0x77, sizeof junk);
		fseek(fp, 20000, SEEK_SET);
		fwrite(junk, 1, sizeof junk, fp);
		fclose(fp);
	}
	is_str(readall("bad.zip", NULL), "one.jsonl={}\n|ERR",
		"corrupt zip: an error on the damaged member");
	ok(strncmp(errs, "kcc-test: bad.zip: member 'big.jsonl': ", 39) == 0,
		"corrupt zip: message naming file and member");
	printf("# %s", errs);

	make("empty.zip", ZIP, NONE, nothing);
	is_str(readall("empty.zip", NULL), "EOF", "empty zip: no members");
	is_str(errs, "kcc-test: empty.zip: no files in the archive\n",
		"empty zip: message");
	is_str(readall_stdin("empty.zip", NULL), "EOF",
		"empty zip on standard input");
	is_str(errs, "kcc-test: <stdin>: no files in the archive\n",
		"empty zip on standard input: message");
	make("empty.tar.gz", TAR, GZ, nothing);
	is_str(readall("empty.tar.gz", NULL), "EOF", "empty tar.gz");
	is_str(errs, "kcc-test: empty.tar.gz: no files in the archive\n",
		"empty tar.gz: message");
	free(big);
}

static void
test_limits(void)
{
	struct kcc_source_limits by_total = {4u << 20, 0, 0};
	struct kcc_source_limits by_ratio = {0, 100, 0};
	struct kcc_source_limits by_members = {0, 0, 10};
	struct archive *a;
	static char zeros[1 << 20];
	char name[32];
	int i;

	/*
	 * A line, then 200 MB of zeros, written as it is compressed: about
	 * 200 KB.  (Zeros from the start would read as an empty tar.)
	 */
	a = writer("bomb.gz", RAW, GZ);
	header(a, "data", AE_IFREG, NULL, ((size_t)200 << 20) + 3);
	archive_write_data(a, "{}\n", 3);
	for (i = 0; i < 200; i++)
		archive_write_data(a, zeros, sizeof zeros);
	finish(a);
	printf("# bomb.gz: %lld bytes\n", (long long)size_of("bomb.gz"));
	is_str(readall("bomb.gz", &by_total), "ERR",
		"bomb stopped by the total");
	is_str(errs,
		"kcc-test: bomb.gz: expanded past the limit of 4 MiB "
		"(see --max-expand)\n",
		"total: message");
	is_str(readall("bomb.gz", &by_ratio), "ERR",
		"bomb stopped by the ratio");
	is_str(errs,
		"kcc-test: bomb.gz: expanded more than 100 times its "
		"compressed size (see --max-ratio)\n",
		"ratio: message");
	is_str(readall("bomb.gz", NULL), "ERR",
		"bomb stopped by the default limits");
	printf("# %s", errs);

	a = writer("zeros.gz", RAW, GZ);
	header(a, "data", AE_IFREG, NULL, (size_t)20 << 20);
	for (i = 0; i < 20; i++)
		archive_write_data(a, zeros, sizeof zeros);
	finish(a);
	is_str(readall("zeros.gz", &by_total), "EOF",
		"compressed zeros: an empty tar, read no further");
	is_str(errs, "kcc-test: zeros.gz: no files in the archive\n",
		"compressed zeros: message");

	/* The bomb as a member of a zip. */
	a = writer("bomb.zip", ZIP, NONE);
	header(a, "ok.csv", AE_IFREG, NULL, 2);
	archive_write_data(a, "1\n", 2);
	header(a, "zeros.csv", AE_IFREG, NULL, (size_t)50 << 20);
	for (i = 0; i < 50; i++)
		archive_write_data(a, zeros, sizeof zeros);
	finish(a);
	is_str(readall("bomb.zip", &by_total), "ok.csv=1\n|ERR",
		"zip bomb stopped by the total");
	is_str(errs,
		"kcc-test: bomb.zip: member 'zeros.csv': expanded past the "
		"limit of 4 MiB (see --max-expand)\n",
		"zip bomb: message names the member");

	/* A bomb in a tar.gz, skipped rather than read. */
	a = writer("bomb.tar.gz", TAR, GZ);
	header(a, "ok.csv", AE_IFREG, NULL, 2);
	archive_write_data(a, "1\n", 2);
	header(a, "zeros.csv", AE_IFREG, NULL, (size_t)50 << 20);
	for (i = 0; i < 50; i++)
		archive_write_data(a, zeros, sizeof zeros);
	header(a, "after.csv", AE_IFREG, NULL, 2);
	archive_write_data(a, "2\n", 2);
	finish(a);
	is_str(skipall("bomb.tar.gz", &by_total), "ok.csv|zeros.csv|ERR",
		"tar.gz bomb stopped while skipped");
	is_str(errs,
		"kcc-test: bomb.tar.gz: member 'zeros.csv': expanded past the "
		"limit of 4 MiB (see --max-expand)\n",
		"skipped bomb: message names the member");
	{
		struct kcc_source_limits none = {0, 0, 0};
		is_str(skipall("bomb.tar.gz", &none),
			"ok.csv|zeros.csv|after.csv|EOF",
			"without limits, skipping goes on");
	}

	a = writer("many.tar", TAR, NONE);
	for (i = 1; i <= 20; i++) {
		snprintf(name, sizeof name, "f%02d", i);
		header(a, name, AE_IFREG, NULL, 1);
		archive_write_data(a, "x", 1);
	}
	finish(a);
	is_str(readall("many.tar", &by_members),
		"f01=x|f02=x|f03=x|f04=x|f05=x|f06=x|f07=x|f08=x|f09=x|f10=x|"
		"ERR",
		"too many members: ten read, then an error");
	is_str(errs,
		"kcc-test: many.tar: member 'f11': more than 10 members "
		"(see --max-members)\n",
		"too many members: message");
}

static void
test_lines(void)
{
	static const struct member m[] = {
		{"a.jsonl", AE_IFREG, "\xEF\xBB\xBF{}\n\n{\"b\":2}", NULL},
		{"b.jsonl", AE_IFREG, "\xEF\xBB\xBF[1]\r\n", NULL},
		{NULL, 0, NULL, NULL},
	};
	struct kcc_source *src;
	struct kcc_lines lr;
	const char *member, *line;
	char desc[256];
	size_t len, n = 0;
	int r;

	make("lines.tar.xz", TAR, XZ, m);
	src = kcc_source_open("lines.tar.xz", NULL);
	while (kcc_source_next(src, &member) == 1) {
		kcc_lines_open_source(&lr, src, member, 0);
		while ((r = kcc_lines_next(&lr, &line, &len)) == KCC_LINES_OK)
			n += (size_t)snprintf(desc + n, sizeof desc - n,
				"%s:%lu:%.*s|", lr.name, lr.lineno, (int)len,
				line);
		kcc_lines_close(&lr);
	}
	kcc_source_close(src);
	is_str(desc, "a.jsonl:1:{}|a.jsonl:3:{\"b\":2}|b.jsonl:1:[1]|",
		"lines per member: numbers, BOM and CR per member");

	/* A read error ends the lines with an error, reported once. */
	src = kcc_source_open("bomb.gz",
		&(struct kcc_source_limits){1 << 20, 0, 0});
	kcc_source_next(src, &member);
	kcc_lines_open_source(&lr, src, NULL, 0);
	ok(strcmp(lr.name, "bomb.gz") == 0, "name defaults to the path");
	capture();
	r = kcc_lines_next(&lr, &line, &len);
	ok(r == KCC_LINES_OK && len == 2, "the line before the bomb");
	r = kcc_lines_next(&lr, &line, &len);
	is_int(r, KCC_LINES_ERROR, "error from the source ends the lines");
	is_str(captured(),
		"kcc-test: bomb.gz: expanded past the limit of 1 MiB "
		"(see --max-expand)\n",
		"reported once, by the source");
	kcc_lines_close(&lr);
	kcc_source_close(src);
}

/* A pipe that stays open: one line must be enough to decide. */
static void
test_live(void)
{
	struct kcc_source *src;
	const char *member;
	char buf[16];
	int p[2], saved = dup(0);

	if (pipe(p) != 0)
		exit(1);
	if (write(p[1], "{}\n", 3) != 3)
		exit(1);
	dup2(p[0], 0);
	close(p[0]);
	alarm(10);
	src = kcc_source_open("-", NULL);
	ok(src != NULL && kcc_source_next(src, &member) == 1 &&
			kcc_source_read(src, buf, sizeof buf) == 3,
		"a live pipe is not held up to fill the peek buffer");
	alarm(0);
	close(p[1]);
	ok(kcc_source_read(src, buf, sizeof buf) == 0, "then its end");
	is_str(kcc_source_path(src), "<stdin>", "standard input's name");
	kcc_source_close(src);
	dup2(saved, 0);
	close(saved);
}

int
main(void)
{
	kcc_diag_init("kcc-test");
	if (mkdtemp(dir) == NULL || chdir(dir) != 0) {
		perror(dir);
		return 1;
	}
	test_plain();
	test_single();
	test_archives();
	test_skips();
	test_broken();
	test_limits();
	test_lines();
	test_live();
	kcc_source_close(NULL);
	if (chdir("/") == 0) {
		char cmd[64];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
	}
	return tap_done();
}
