/* Unit tests for lib/diag.c and lib/out.c: option parsing, checked output. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcc/diag.h"
#include "kcc/out.h"
#include "tap.h"

/* Run f with stderr going to a buffer; returns what was written. */
static const char *
captured(void (*f)(void))
{
	static char buf[1024];
	char path[] = "/tmp/t_diag.XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	ssize_t n;

	fflush(stderr);
	dup2(fd, 2);
	f();
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	lseek(fd, 0, SEEK_SET);
	n = read(fd, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	return buf;
}

static long long ll;
static size_t sz;
static int rc;

static void
parse_bad(void)
{
	rc = kcc_parse_ll("-n", "12x", 0, 100, &ll);
}
static void
parse_range(void)
{
	rc = kcc_parse_ll("-n", "101", 0, 100, &ll);
}
static void
size_bad(void)
{
	rc = kcc_parse_size("--max", "3T", 1, 1u << 30, &sz);
}
static void
warnl(void)
{
	kcc_warnl("a.jsonl", 12, "bad '%s'", "x");
}
static void
warn_noline(void)
{
	kcc_warnl("<stdin>", 0, "empty");
}

static void
full(void)
{
	struct kcc_out out;

	if (kcc_out_open(&out, "/dev/full") != 0) {
		rc = 99;
		return;
	}
	kcc_out_puts(&out, "hello\n");
	rc = kcc_out_close(&out);
}

int
main(void)
{
	/* Expected messages are checked through captured(); drop the rest. */
	int devnull = open("/dev/null", O_WRONLY);
	dup2(devnull, 2);
	close(devnull);
	kcc_diag_init("/usr/bin/kcc-test");
	is_str(kcc_prog(), "kcc-test", "program name is the basename");

	ok(kcc_parse_ll("-n", "42", 0, 100, &ll) == 0 && ll == 42, "parse 42");
	ok(kcc_parse_ll("-n", "-5", -10, 10, &ll) == 0 && ll == -5,
		"parse negative");
	is_str(captured(parse_bad),
		"kcc-test: option '-n': '12x' is not a number\n",
		"trailing junk named");
	is_int(rc, -1, "trailing junk fails");
	is_str(captured(parse_range),
		"kcc-test: option '-n': '101' is out of range 0..100\n",
		"range named");
	ok(kcc_parse_ll("-n", "", 0, 1, &ll) == -1, "empty fails");
	ok(kcc_parse_ll("-n", " 1", 0, 1, &ll) == -1, "leading space fails");
	ok(kcc_parse_ll("-n", "99999999999999999999", 0, 1LL << 62, &ll) == -1,
		"overflow fails");

	ok(kcc_parse_size("--max", "64M", 1, 1u << 30, &sz) == 0 &&
			sz == 64u << 20,
		"64M");
	ok(kcc_parse_size("--max", "1024", 1, 1u << 30, &sz) == 0 && sz == 1024,
		"plain bytes");
	ok(kcc_parse_size("--max", "1k", 1, 1u << 30, &sz) == 0 && sz == 1024,
		"lowercase suffix");
	is_str(captured(size_bad),
		"kcc-test: option '--max': '3T' is not a size (use K, M or "
		"G)\n",
		"bad suffix named");
	ok(kcc_parse_size("--max", "2G", 1, 1u << 30, &sz) == -1,
		"size over the range fails");

	is_str(captured(warnl), "kcc-test: a.jsonl:12: bad 'x'\n",
		"located message");
	is_str(captured(warn_noline), "kcc-test: <stdin>: empty\n",
		"file without line");

	is_str(captured(full),
		"kcc-test: /dev/full: write error: No space left on device\n",
		"write error reported at close");
	is_int(rc, KCC_OUT_ERROR, "close fails on /dev/full");

	{
		/* A closed pipe is quiet. */
		int fds[2];
		struct kcc_out out;
		signal(SIGPIPE, SIG_IGN);
		if (pipe(fds) == 0) {
			close(fds[0]);
			kcc_out_init_stdout(&out);
			out.fd = fds[1];
			kcc_out_puts(&out, "x\n");
			is_int(kcc_out_close(&out), KCC_OUT_EPIPE,
				"EPIPE is its own status");
			close(fds[1]);
		}
	}
	{
		/* Writes larger than the buffer go straight through. */
		struct kcc_out out;
		char path[] = "/tmp/t_out.XXXXXX";
		char *big = malloc(3 * KCC_OUT_BUFSIZE);
		FILE *fp;
		size_t n;
		close(mkstemp(path));
		memset(big, 'z', 3 * KCC_OUT_BUFSIZE);
		kcc_out_open(&out, path);
		kcc_out_puts(&out, "a");
		kcc_out_write(&out, big, 3 * KCC_OUT_BUFSIZE);
		kcc_out_printf(&out, "%d-%s", 7, "b");
		is_int(kcc_out_close(&out), KCC_OUT_OK, "big write ok");
		fp = fopen(path, "r");
		n = fread(big, 1, 3 * KCC_OUT_BUFSIZE, fp);
		n += fread(big, 1, 3 * KCC_OUT_BUFSIZE, fp);
		fclose(fp);
		unlink(path);
		is_int(n, 3 * KCC_OUT_BUFSIZE + 4,
			"all bytes written in order");
		free(big);
	}
	{
		/* Memory output grows and keeps everything. */
		struct kcc_out out;
		size_t i;
		int same = 1;
		kcc_out_init_mem(&out);
		for (i = 0; i < 100000; i++)
			kcc_out_putc(&out, (char)('a' + i % 26));
		kcc_out_printf(&out, "%s", "!");
		for (i = 0; i < 100000; i++)
			same &= out.buf[i] == (char)('a' + i % 26);
		ok(out.len == 100001 && same && out.buf[100000] == '!',
			"memory output keeps every byte");
		is_int(kcc_out_flush(&out), KCC_OUT_OK, "flush is a no-op");
		is_int(kcc_out_close(&out), KCC_OUT_OK, "memory output closes");
	}
	return tap_done();
}
