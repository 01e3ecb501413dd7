/* Unit tests for lib/lines.c: line splitting, limits, line numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcc/lines.h"
#include "tap.h"

static char path[] = "/tmp/t_lines.XXXXXX";

static void
put(const char *data, size_t n)
{
	FILE *fp = fopen(path, "w");

	fwrite(data, 1, n, fp);
	fclose(fp);
}

/*
 * Read the file with limit `max` and describe what came out:
 * "lineno:text|" per line, "lineno:LONG|" per overlong line.
 */
static const char *
readall(size_t max)
{
	static char desc[65536];
	struct kcc_lines lr;
	const char *line;
	size_t len, n = 0;
	int r;

	desc[0] = '\0';
	if (kcc_lines_open(&lr, path, max) != 0)
		return "open failed";
	while ((r = kcc_lines_next(&lr, &line, &len)) != KCC_LINES_EOF) {
		if (r == KCC_LINES_ERROR)
			return "error";
		if (r == KCC_LINES_TOOLONG)
			n += (size_t)snprintf(desc + n, sizeof desc - n,
				"%lu:LONG|", lr.lineno);
		else
			n += (size_t)snprintf(desc + n, sizeof desc - n,
				"%lu:%.*s|", lr.lineno, (int)len, line);
		if (n >= sizeof desc)
			return "overflow";
	}
	kcc_lines_close(&lr);
	return desc;
}

#define CASE(data, max, want, name)                                            \
	do {                                                                   \
		put(data, sizeof(data) - 1);                                   \
		is_str(readall(max), want, name);                              \
	} while (0)

int
main(void)
{
	int fd = mkstemp(path);
	char *big;
	size_t i;

	close(fd);
	CASE("", 0, "", "empty file");
	CASE("a\nb\n", 0, "1:a|2:b|", "two lines");
	CASE("a\nb", 0, "1:a|2:b|", "no final newline");
	CASE("a\r\nb\r\n", 0, "1:a|2:b|", "CRLF");
	CASE("a\n\n  \t\r\nb\n", 0, "1:a|4:b|", "blank lines skipped, counted");
	CASE("\xEF\xBB\xBF{}\n{}\n", 0, "1:{}|2:{}|", "BOM skipped");
	CASE("\xEF\xBB", 0, "1:\xEF\xBB|", "two bytes are no BOM");
	CASE("{}\n\xEF\xBB\xBF{}\n", 0, "1:{}|2:\xEF\xBB\xBF{}|",
		"BOM only at the start");
	CASE("1234\n123456\n12\n", 5, "1:1234|2:LONG|3:12|",
		"overlong line skipped, reading goes on");
	CASE("12345\n", 5, "1:12345|", "line of exactly the limit");
	CASE("1234567", 5, "1:LONG|", "overlong last line without newline");
	CASE("\n\n", 0, "", "only blank lines");

	/* Lines across many buffer refills: 3 MB of short lines. */
	big = malloc(3 << 20);
	for (i = 0; i < (3u << 20); i++)
		big[i] = (i % 100 == 99) ? '\n' : 'x';
	put(big, 3 << 20);
	{
		struct kcc_lines lr;
		const char *line;
		size_t len, count = 0, badlen = 0;
		kcc_lines_open(&lr, path, 0);
		while (kcc_lines_next(&lr, &line, &len) == KCC_LINES_OK) {
			count++;
			if (len != 99)
				badlen++;
		}
		kcc_lines_close(&lr);
		is_int(count, (3u << 20) / 100 + 1, "all lines across refills");
		is_int(badlen, 1, "only the last, partial line is short");
	}
	/* One line longer than the initial buffer, within the limit. */
	memset(big, 'y', 2u << 20);
	big[2u << 20] = '\n';
	put(big, (2u << 20) + 1);
	{
		struct kcc_lines lr;
		const char *line;
		size_t len = 0;
		kcc_lines_open(&lr, path, 4u << 20);
		ok(kcc_lines_next(&lr, &line, &len) == KCC_LINES_OK &&
				len == 2u << 20,
			"2 MiB line grows the buffer");
		kcc_lines_close(&lr);
		kcc_lines_open(&lr, path, 1u << 20);
		ok(kcc_lines_next(&lr, &line, &len) == KCC_LINES_TOOLONG &&
				lr.lineno == 1,
			"2 MiB line over a 1 MiB limit");
		ok(kcc_lines_next(&lr, &line, &len) == KCC_LINES_EOF,
			"then the end");
		kcc_lines_close(&lr);
	}
	free(big);
	unlink(path);
	{
		struct kcc_lines lr;
		int saved = dup(2);
		freopen("/dev/null", "w", stderr);
		ok(kcc_lines_open(&lr, "/nonexistent/x", 0) == -1,
			"missing file fails to open");
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
	}
	return tap_done();
}
