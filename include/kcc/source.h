/*
 * Inputs as streams of bytes: plain files, standard input, compressed
 * files and archives, read member by member through libarchive and never
 * extracted to disk.
 *
 * A plain or single compressed file (.gz, .xz, .zst, .bz2) is one member;
 * a zip or tar archive (plain or compressed) is one member per regular file
 * in it.  Links, devices and directories in archives are skipped with a
 * warning.  Limits guard against archive bombs: the total expanded size,
 * the ratio of expanded to compressed bytes, and the number of members.
 * Every error is reported here, with the file and member, before the call
 * returns its error value.
 */
#ifndef KCC_SOURCE_H
#define KCC_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct kcc_source_limits {
	uint64_t max_total;   /* bytes expanded, over the whole input */
	double max_ratio;     /* expanded / compressed bytes, checked once
				 more than 1 MiB has been expanded */
	uint64_t max_members; /* regular-file members */
};

/* 16 GiB, 1000:1, 100000 members. */
#define KCC_SOURCE_LIMITS_DEFAULT                                              \
	{                                                                      \
		(uint64_t)16 << 30, 1000.0, 100000                             \
	}

struct kcc_source;

/*
 * Open `path` ("-": standard input) with the given limits (NULL: the
 * defaults).  Returns NULL after reporting "prog: path: ..." when it cannot
 * be opened.
 */
struct kcc_source *kcc_source_open(const char *path,
	const struct kcc_source_limits *limits);

/*
 * Advance to the next member.  Returns 1 and sets *member to its name in
 * the archive (borrowed until the next call; NULL for a plain or single
 * compressed file), 0 when there are no more, or -1 after reporting an
 * error (truncated or corrupt archive, a limit exceeded); after -1 the
 * source is done.
 */
int kcc_source_next(struct kcc_source *src, const char **member);

/*
 * Read up to n bytes of the current member into buf.  Returns the number
 * read, 0 at the member's end, or -1 after reporting an error.
 */
ssize_t kcc_source_read(struct kcc_source *src, void *buf, size_t n);

/* The path as given, "<stdin>" for standard input. */
const char *kcc_source_path(const struct kcc_source *src);

/* Close and free; kcc_source_close(NULL) does nothing. */
void kcc_source_close(struct kcc_source *src);

#endif
