/*
 * Input sources: plain files, standard input, compressed files and archives.
 *
 * Opening a source reads its first bytes (at most 512, fewer on a pipe
 * once a line has been seen, so that a live stream is not held up) and
 * decides by magic number: gzip, bzip2, xz and zstd streams and zip and
 * tar archives go through libarchive, 7z and rar are refused rather than
 * read as text, everything else is plain.  A plain input is read with
 * read(2) straight into the caller's buffer, so JSON lines and CSV pay
 * nothing for the archive support.  On a pipe the bytes read for the
 * decision are kept and handed out first; on a regular file they are read
 * with pread(2), and libarchive gets a seek callback so that zip archives
 * are read through their central directory.
 *
 * This is the only module that includes archive.h.  libarchive sees only
 * the filters and formats listed above (plus "raw" for a single compressed
 * file and "empty" for an empty one), never the external-program filters.
 * Bytes handed to libarchive are counted as compressed, bytes handed to the
 * caller as expanded; the limits compare the two after every read, so a
 * bomb is stopped within one buffer of the limit and nothing beyond it
 * reaches the caller.  A member the caller leaves unfinished is read to its
 * end here before moving on, because libarchive would decompress it anyway
 * to skip it, out of sight of the limits.  Every entry counts against the
 * member limit, and only the first few skipped ones are named, so an
 * archive of a million directories costs neither time nor a screenful.
 *
 * Any error ends the source: it is reported once, and every later call
 * returns -1 quietly.  That includes a damaged tar header, after which
 * libarchive could resynchronise: what the header described would be lost
 * without a trace, so it is an error, not a warning.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "kcc/diag.h"
#include "kcc/source.h"

#define PEEK_MAX       512
#define INBUF          (128u << 10)
#define RATIO_MIN      ((uint64_t)1 << 20)
#define NAME_MAX_SHOWN 256
#define SKIPS_SHOWN    10
#define DRAIN          (64u << 10)

enum { BEFORE, IN_MEMBER, DONE, FAILED };

struct kcc_source {
	char *path; /* for messages */
	int fd, owns_fd, seekable;
	off_t base; /* offset of the input's start in fd */
	struct kcc_source_limits lim;
	int state;
	unsigned char peek[PEEK_MAX];
	size_t peek_off, peek_len; /* peeked bytes still to hand out */
	struct archive *ar;        /* NULL: plain */
	int single;                /* single compressed file: no member names */
	int ar_eof;   /* libarchive said ARCHIVE_EOF: never call it again */
	int archive;  /* zip or tar, not just a compressed file */
	int in_eof;   /* the input has ended: an error now means truncated */
	int in_error; /* the input could not be read: libarchive says why */
	unsigned char *inbuf;
	uint64_t compressed, expanded;
	uint64_t entries, members, skipped; /* members: regular files */
	char *drain;                    /* for skipping the rest of a member */
	locale_t utf8;                  /* for libarchive's name conversions */
	const char *member;             /* borrowed from libarchive's entry */
	char shown[NAME_MAX_SHOWN + 4]; /* member, printable, for messages */
	int shown_set;
	int read_all; /* the caller read the member to its end */
	int after;    /* looking for the next member: "after member 'x'" */
};

/* "prog: path: member 'name': msg", or without the member. */
static void report(struct kcc_source *src, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
report(struct kcc_source *src, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (src->shown_set && !src->single)
		kcc_warnl(src->path, 0, "%smember '%s': %s",
			src->after ? "after " : "", src->shown, msg);
	else
		kcc_warnl(src->path, 0, "%s", msg);
}

static void fail(struct kcc_source *src, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
fail(struct kcc_source *src, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	report(src, "%s", msg);
	src->state = FAILED;
}

/*
 * libarchive's message for the last error, in kcc's shape: lowercase
 * unless it starts with an acronym, no final period.
 */
static const char *
ar_message(struct kcc_source *src, char *buf, size_t n)
{
	const char *s = archive_error_string(src->ar);
	size_t len;

	if (s == NULL || *s == '\0')
		s = "unknown libarchive error";
	snprintf(buf, n, "%s", s);
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == '.' || buf[len - 1] == ' ' ||
				  buf[len - 1] == '\n'))
		buf[--len] = '\0';
	return buf;
}

/* Report libarchive's error, saying whether the input ended early. */
static void
fail_ar(struct kcc_source *src)
{
	char buf[512];

	ar_message(src, buf, sizeof buf);
	if (src->in_error)
		fail(src, "%s", buf);
	else
		fail(src, "%s %s: %s", src->in_eof ? "truncated" : "corrupt",
			src->archive ? "archive" : "compressed file", buf);
}

/* A byte count as the user would write it for an option. */
static const char *
human(uint64_t n, char *buf, size_t size)
{
	if (n >= (1u << 30) && n % (1u << 30) == 0)
		snprintf(buf, size, "%llu GiB", (unsigned long long)(n >> 30));
	else if (n >= (1u << 20) && n % (1u << 20) == 0)
		snprintf(buf, size, "%llu MiB", (unsigned long long)(n >> 20));
	else if (n >= (1u << 10) && n % (1u << 10) == 0)
		snprintf(buf, size, "%llu KiB", (unsigned long long)(n >> 10));
	else
		snprintf(buf, size, "%llu bytes", (unsigned long long)n);
	return buf;
}

static void
set_member(struct kcc_source *src, const char *name)
{
	size_t i;

	src->member = name;
	src->shown_set = name != NULL;
	src->after = src->read_all = 0;
	if (name == NULL)
		return;
	/* Control characters in a name could rewrite the terminal. */
	for (i = 0; name[i] != '\0' && i < NAME_MAX_SHOWN; i++) {
		src->shown[i] = name[i];
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			src->shown[i] = '?';
	}
	if (name[i] != '\0') {
		memcpy(src->shown + i, "...", 3);
		i += 3;
	}
	src->shown[i] = '\0';
}

static ssize_t
xread(int fd, void *buf, size_t n)
{
	ssize_t r;

	do
		r = read(fd, buf, n);
	while (r < 0 && errno == EINTR);
	return r;
}

/*
 * Fill src->peek from the input.  On a regular file, pread leaves the
 * offset alone; on a pipe, stop at 512 bytes, at the end, or once a newline
 * has shown up where a tar header could not have one.
 */
static int
peek(struct kcc_source *src)
{
	ssize_t r;

	if (src->seekable) {
		do
			r = pread(src->fd, src->peek, PEEK_MAX, src->base);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return -1;
		src->peek_len = (size_t)r;
		return 0;
	}
	while (src->peek_len < PEEK_MAX) {
		r = xread(src->fd, src->peek + src->peek_len,
			PEEK_MAX - src->peek_len);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		src->peek_len += (size_t)r;
		if (memchr(src->peek, '\n',
			    src->peek_len < 257 ? src->peek_len : 257))
			break;
	}
	return 0;
}

/*
 * Does the input start like something for libarchive?  Returns 0 (no),
 * 1 (a compressed stream), 2 (an archive) or 3 (an archive of a kind that
 * is refused rather than read as text).
 */
static int
sniff(const unsigned char *p, size_t n)
{
	static const struct {
		const char *magic;
		size_t off, len;
		int kind;
	} m[] = {
		{"\x1f\x8b", 0, 2, 1},                 /* gzip */
		{"BZh", 0, 3, 1},                      /* bzip2, then 1-9 */
		{"\xfd\x37\x7a\x58\x5a\x00", 0, 6, 1}, /* xz */
		{"\x28\xb5\x2f\xfd", 0, 4, 1},         /* zstd */
		{"PK\x03\x04", 0, 4, 2},               /* zip */
		{"PK\x05\x06", 0, 4, 2},               /* empty zip */
		{"PK\x07\x08", 0, 4, 2},               /* spanned zip */
		{"ustar", 257, 5, 2},                  /* POSIX and GNU tar */
		{"7z\xbc\xaf\x27\x1c", 0, 6, 3},       /* 7-Zip */
		{"Rar!\x1a\x07", 0, 6, 3},             /* RAR */
	};
	size_t i;

	if (n >= 4 && memcmp(p, "BZh", 3) == 0 && (p[3] < '1' || p[3] > '9'))
		return 0;
	for (i = 0; i < sizeof m / sizeof m[0]; i++)
		if (n >= m[i].off + m[i].len &&
			memcmp(p + m[i].off, m[i].magic, m[i].len) == 0)
			return m[i].kind;
	return 0;
}

static la_ssize_t
ar_read(struct archive *ar, void *data, const void **buf)
{
	struct kcc_source *src = data;
	ssize_t r;

	if (src->peek_off < src->peek_len) {
		*buf = src->peek + src->peek_off;
		r = (ssize_t)(src->peek_len - src->peek_off);
		src->peek_off = src->peek_len;
	} else {
		*buf = src->inbuf;
		r = xread(src->fd, src->inbuf, INBUF);
		if (r < 0) {
			archive_set_error(ar, errno, "read error: %s",
				strerror(errno));
			src->in_error = 1;
			return -1;
		}
		if (r == 0)
			src->in_eof = 1;
	}
	src->compressed += (uint64_t)r;
	return r;
}

static la_int64_t
ar_seek(struct archive *ar, void *data, la_int64_t offset, int whence)
{
	struct kcc_source *src = data;
	off_t r;

	if (whence == SEEK_SET)
		offset += src->base;
	r = lseek(src->fd, (off_t)offset, whence);
	if (r < 0) {
		archive_set_error(ar, errno, "seek error: %s", strerror(errno));
		src->in_error = 1;
		return ARCHIVE_FATAL;
	}
	src->in_eof = 0;
	return r - src->base;
}

/*
 * libarchive converts member names to the current locale's charset, which
 * in a program that never calls setlocale is ASCII: every other name would
 * fail.  Around its calls, this thread uses a UTF-8 locale instead.
 */
static locale_t
enter_utf8(struct kcc_source *src)
{
	return src->utf8 != (locale_t)0 ? uselocale(src->utf8) : (locale_t)0;
}

static void
leave_utf8(locale_t old)
{
	if (old != (locale_t)0)
		uselocale(old);
}

static int
open_archive(struct kcc_source *src)
{
	struct archive *ar;

	src->inbuf = kcc_xmalloc(INBUF);
	ar = src->ar = archive_read_new();
	if (ar == NULL) {
		kcc_warnx("%s: out of memory", src->path);
		return -1;
	}
	archive_read_support_filter_gzip(ar);
	archive_read_support_filter_bzip2(ar);
	archive_read_support_filter_xz(ar);
	archive_read_support_filter_zstd(ar);
	archive_read_support_format_tar(ar);
	archive_read_support_format_zip(ar);
	archive_read_support_format_raw(ar);
	archive_read_support_format_empty(ar);
	archive_read_set_callback_data(ar, src);
	archive_read_set_read_callback(ar, ar_read);
	if (src->seekable)
		archive_read_set_seek_callback(ar, ar_seek);
	if (archive_read_open1(ar) != ARCHIVE_OK) {
		fail_ar(src);
		return -1;
	}
	return 0;
}

struct kcc_source *
kcc_source_open(const char *path, const struct kcc_source_limits *limits)
{
	static const struct kcc_source_limits defaults =
		KCC_SOURCE_LIMITS_DEFAULT;
	struct kcc_source *src;
	struct stat st;
	locale_t old;
	int kind, r;

	src = kcc_xcalloc(1, sizeof *src);
	src->lim = limits ? *limits : defaults;
	if (path == NULL || strcmp(path, "-") == 0) {
		src->fd = STDIN_FILENO;
		src->path = kcc_xstrdup("<stdin>");
	} else {
		src->path = kcc_xstrdup(path);
		src->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (src->fd < 0) {
			kcc_warn("%s", path);
			goto fail;
		}
		src->owns_fd = 1;
	}
	if (fstat(src->fd, &st) != 0) {
		kcc_warn("%s", src->path);
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		kcc_warn("%s", src->path);
		goto fail;
	}
	if (S_ISREG(st.st_mode) &&
		(src->base = lseek(src->fd, 0, SEEK_CUR)) >= 0)
		src->seekable = 1;
	if (peek(src) != 0) {
		kcc_warn("%s: read error", src->path);
		goto fail;
	}
	kind = sniff(src->peek, src->peek_len);
	if (kind == 3) {
		kcc_warnl(src->path, 0,
			"7z and rar archives cannot be read, only zip and tar");
		goto fail;
	}
	if (kind != 0) {
		src->archive = kind == 2;
		if (src->seekable)
			src->peek_len = 0; /* libarchive reads from the start */
		src->utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		old = enter_utf8(src);
		r = open_archive(src);
		leave_utf8(old);
		if (r != 0)
			goto fail;
	} else if (src->seekable) {
		src->peek_len = 0;
	}
	return src;
fail:
	kcc_source_close(src);
	return NULL;
}

/* Is the entry something to read?  Warn about what is skipped. */
static int
wanted(struct kcc_source *src, struct archive_entry *e)
{
	const char *what;

	if (archive_entry_hardlink(e) != NULL)
		what = "a hard link";
	else
		switch (archive_entry_filetype(e)) {
		case AE_IFREG:
			return 1;
		case AE_IFDIR:
			what = "a directory";
			break;
		case AE_IFLNK:
			what = "a symbolic link";
			break;
		case AE_IFCHR:
		case AE_IFBLK:
			what = "a device";
			break;
		case AE_IFIFO:
			what = "a fifo";
			break;
		case AE_IFSOCK:
			what = "a socket";
			break;
		default:
			what = "an entry of unknown type";
			break;
		}
	if (++src->skipped <= SKIPS_SHOWN)
		report(src, "skipping %s", what);
	return 0;
}

static const char *
entry_name(struct archive_entry *e)
{
	const char *name = archive_entry_pathname_utf8(e);

	if (name == NULL)
		name = archive_entry_pathname(e);
	return name ? name : "";
}

static int
next_archive(struct kcc_source *src, const char **member)
{
	struct archive_entry *e;
	char buf[512];
	ssize_t n;
	int r;

	/*
	 * Skipping the rest of a compressed member decompresses it all the
	 * same; read it here instead, so that the limits see every byte.
	 */
	if (src->state == IN_MEMBER && !src->read_all && !src->ar_eof &&
		(archive_filter_count(src->ar) > 1 || !src->seekable)) {
		if (src->drain == NULL)
			src->drain = kcc_xmalloc(DRAIN);
		while ((n = kcc_source_read(src, src->drain, DRAIN)) > 0)
			continue;
		if (n < 0)
			return -1;
	}
	for (;;) {
		/*
		 * The entry goes; its name stays shown while the rest of it is
		 * skipped, or as the place of trouble after it.
		 */
		src->member = NULL;
		src->after = src->read_all;
		if (src->ar_eof)
			break;
		r = archive_read_next_header(src->ar, &e);
		if (r == ARCHIVE_EOF) {
			src->ar_eof = 1;
			set_member(src, NULL);
			break;
		}
		/* ARCHIVE_RETRY: a damaged header; what it held is lost. */
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			fail_ar(src);
			return -1;
		}
		src->single = archive_format(src->ar) == ARCHIVE_FORMAT_RAW;
		src->archive = !src->single;
		set_member(src, entry_name(e));
		if (r == ARCHIVE_WARN)
			report(src, "%s", ar_message(src, buf, sizeof buf));
		if (++src->entries > src->lim.max_members &&
			src->lim.max_members > 0) {
			fail(src, "more than %llu members (see --max-members)",
				(unsigned long long)src->lim.max_members);
			return -1;
		}
		if (!src->single && !wanted(src, e))
			continue;
		if (archive_entry_is_encrypted(e)) {
			fail(src, "encrypted members cannot be read");
			return -1;
		}
		src->members++;
		src->state = IN_MEMBER;
		*member = src->single ? NULL : src->member;
		return 1;
	}
	if (src->members == 0 && src->state == BEFORE &&
		archive_format(src->ar) == ARCHIVE_FORMAT_EMPTY &&
		archive_filter_count(src->ar) > 1) {
		/* An empty compressed file: one empty member. */
		src->members++;
		src->single = 1;
		src->state = IN_MEMBER;
		*member = NULL;
		return 1;
	}
	if (src->skipped > SKIPS_SHOWN)
		report(src, "skipped %llu more links, devices and directories",
			(unsigned long long)(src->skipped - SKIPS_SHOWN));
	if (src->members == 0)
		report(src, "no files in the archive");
	src->state = DONE;
	return 0;
}

int
kcc_source_next(struct kcc_source *src, const char **member)
{
	locale_t old;
	int r;

	*member = NULL;
	switch (src->state) {
	case FAILED:
		return -1;
	case DONE:
		return 0;
	}
	if (src->ar == NULL) {
		/* A plain input is one member. */
		if (src->state == BEFORE) {
			src->state = IN_MEMBER;
			return 1;
		}
		src->state = DONE;
		return 0;
	}
	old = enter_utf8(src);
	r = next_archive(src, member);
	leave_utf8(old);
	return r;
}

/* Is `expanded` past a limit?  Then say which in msg. */
static int
over_limit(struct kcc_source *src, uint64_t expanded, char *msg, size_t n)
{
	char a[64];

	if (src->lim.max_total > 0 && expanded > src->lim.max_total) {
		snprintf(msg, n,
			"expanded past the limit of %s (see --max-expand)",
			human(src->lim.max_total, a, sizeof a));
		return 1;
	}
	if (src->lim.max_ratio > 0 && expanded > RATIO_MIN &&
		(double)expanded >
			src->lim.max_ratio * (double)src->compressed) {
		snprintf(msg, n,
			"expanded more than %.10g times its compressed size "
			"(see --max-ratio)",
			src->lim.max_ratio);
		return 1;
	}
	return 0;
}

static int
within_limits(struct kcc_source *src, size_t n)
{
	char msg[128];

	src->expanded += n;
	if (over_limit(src, src->expanded, msg, sizeof msg)) {
		fail(src, "%s", msg);
		return 0;
	}
	return 1;
}

ssize_t
kcc_source_read(struct kcc_source *src, void *buf, size_t n)
{
	ssize_t r;
	size_t k;

	if (src->state == FAILED)
		return -1;
	if (src->state != IN_MEMBER || n == 0)
		return 0;
	if (src->ar == NULL) {
		if (src->peek_off < src->peek_len) {
			k = src->peek_len - src->peek_off;
			if (k > n)
				k = n;
			memcpy(buf, src->peek + src->peek_off, k);
			src->peek_off += k;
			return (ssize_t)k;
		}
		r = xread(src->fd, buf, n);
		if (r < 0)
			fail(src, "read error: %s", strerror(errno));
		return r;
	}
	if (src->ar_eof)
		return 0; /* the empty member of an empty compressed file */
	r = archive_read_data(src->ar, buf, n);
	if (r < 0) {
		/* Even a warning here is a failed check (a bad CRC). */
		fail_ar(src);
		return -1;
	}
	if (r > 0 && !within_limits(src, (size_t)r))
		return -1;
	if (r == 0)
		src->read_all = 1;
	return r;
}

const char *
kcc_source_path(const struct kcc_source *src)
{
	return src->path;
}

void
kcc_source_close(struct kcc_source *src)
{
	if (src == NULL)
		return;
	if (src->ar != NULL)
		archive_read_free(src->ar);
	if (src->utf8 != (locale_t)0)
		freelocale(src->utf8);
	if (src->owns_fd)
		close(src->fd);
	free(src->inbuf);
	free(src->drain);
	free(src->path);
	free(src);
}
