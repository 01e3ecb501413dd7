/*
 * Inputs as streams of bytes: plain files, standard input, compressed
 * files and archives, read member by member through libarchive and never
 * extracted to disk.
 *
 * The kind of input is told by its first bytes, not its name.  A plain or
 * single compressed file (gzip, xz, zstd, bzip2) is one member; a zip or
 * tar archive (plain or compressed) is one member per regular file in it.
 * Links, devices and directories in archives are skipped with a warning
 * (the first ten by name, the rest counted); 7z and rar archives are
 * refused rather than read as text.  Limits guard against archive bombs:
 * the total expanded size, the ratio of expanded to compressed bytes, and
 * the number of members.  Every error is reported here, with the file and
 * member, before the call returns its error value; messages about a limit
 * name the option that raises it (--max-expand, --max-ratio,
 * --max-members), which every command reading sources should offer.
 *
 * A plain file is read with read(2) straight into the caller's buffer, as
 * fast as without this module.  An empty file, or an empty compressed
 * file, is one empty member; an archive without regular files has none
 * and says so in a warning.  Zip archives on a pipe are read as a stream:
 * there, a symbolic link is only told from a small file by the central
 * directory at the end, so it is read as a file.
 */
#ifndef KCC_SOURCE_H
#define KCC_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Each limit applies to compressed files and archives only; 0: none. */
struct kcc_source_limits {
	uint64_t max_total;   /* bytes expanded, over the whole input */
	double max_ratio;     /* expanded / compressed bytes, checked once
				 more than 1 MiB has been expanded */
	uint64_t max_members; /* entries, skipped ones included */
};

/* 16 GiB, 1000:1, 100000 members. */
#define KCC_SOURCE_LIMITS_DEFAULT                                              \
	{                                                                      \
		(uint64_t)16 << 30, 1000.0, 100000                             \
	}

struct kcc_source;

/*
 * Open `path` ("-" or NULL: standard input) with the given limits (NULL:
 * the defaults).  Returns NULL after reporting "prog: path: ..." when it
 * cannot be opened: missing, a directory, unreadable, refused, or a
 * compressed file or archive already corrupt at its start.
 */
struct kcc_source *kcc_source_open(const char *path,
	const struct kcc_source_limits *limits);

/*
 * Advance to the next member, skipping what is left of the current one.
 * Returns 1 and sets *member to its name in the archive (borrowed until the
 * next call; NULL for a plain or single compressed file), 0 when there are
 * no more, or -1 after reporting an error (truncated or corrupt archive,
 * an encrypted member, a limit exceeded).  Names are UTF-8 when the archive
 * says so (zip's flag, pax headers), otherwise the bytes as stored, which
 * need not be valid UTF-8.
 *
 * Any error, here or in kcc_source_read(), ends the source: every later
 * call returns -1 without a new message.
 */
int kcc_source_next(struct kcc_source *src, const char **member);

/*
 * Read up to n bytes of the current member into buf.  Returns the number
 * read, 0 at the member's end (or before the first kcc_source_next()), or
 * -1 after reporting an error.
 */
ssize_t kcc_source_read(struct kcc_source *src, void *buf, size_t n);

/* The path as given, "<stdin>" for standard input. */
const char *kcc_source_path(const struct kcc_source *src);

/* Close and free; kcc_source_close(NULL) does nothing. */
void kcc_source_close(struct kcc_source *src);

#endif
