/* Unit tests for lib/ingest.c: counts that add up, rejects, the summary. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kcc/ingest.h"
#include "tap.h"

static char dir[] = "/tmp/t_ingest.XXXXXX";

static const char *
path(const char *name)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof buf[i], "%s/%s", dir, name);
	return buf[i];
}

static void
put(const char *name, const char *text)
{
	FILE *fp = fopen(path(name), "w");

	fputs(text, fp);
	fclose(fp);
}

static const char *
slurp(const char *name)
{
	static char buf[8192];
	FILE *fp = fopen(path(name), "r");
	size_t n = fp ? fread(buf, 1, sizeof buf - 1, fp) : 0;

	if (fp)
		fclose(fp);
	buf[n] = '\0';
	return buf;
}

#define GOOD                                                                   \
	"{\"kcc\":1,\"id\":\"a\",\"src\":\"t\",\"start\":"                     \
	"\"2026-03-02T09:00:00Z\",\"channel\":\"phone\",\"direction\":\"in\"}"

int
main(void)
{
	struct kcc_ingest ing;
	struct kcc_out out, rej;
	FILE *summary;
	int devnull = open("/dev/null", O_WRONLY);

	/* Messages about rejects are checked in the CLI tests; drop them. */
	dup2(devnull, 2);
	close(devnull);
	if (mkdtemp(dir) == NULL)
		return 1;
	put("a.jsonl", GOOD "\n[1]\n\n" GOOD "\n{\"kcc\":1}\n");
	put("b.jsonl", GOOD "\n");

	kcc_out_open(&out, path("out.jsonl"));
	kcc_out_open(&rej, path("rejects.jsonl"));
	kcc_ingest_init(&ing, &out, &rej, 1 << 20);
	is_int(kcc_ingest_file(&ing, path("a.jsonl")), 0, "file a read");
	is_int(kcc_ingest_file(&ing, path("b.jsonl")), 0, "file b read");
	is_int(kcc_ingest_file(&ing, path("nosuch.jsonl")), 1,
		"missing file reported");
	is_int(ing.nfiles, 2, "counters for the files that opened");
	is_int(ing.files[0].read, 4, "a: 4 rows read (blank line skipped)");
	is_int(ing.files[0].written, 2, "a: 2 written");
	is_int(ing.files[0].rejected, 2, "a: 2 rejected");
	is_str(ing.files[0].by_reason[0].reason, "invalid JSON",
		"a: first reason");
	is_str(ing.files[0].by_reason[1].reason, "missing field",
		"a: second reason");
	is_int(ing.total.read, ing.total.written + ing.total.rejected,
		"total: read = written + rejected");
	is_int(ing.total.read, 5, "total read");

	summary = tmpfile();
	kcc_ingest_summary(&ing, summary);
	{
		char buf[1024];
		size_t n;
		rewind(summary);
		n = fread(buf, 1, sizeof buf - 1, summary);
		buf[n] = '\0';
		ok(strstr(buf, "a.jsonl: read 4, written 2, rejected 2\n") &&
				strstr(buf, "a.jsonl: rejected 1: invalid "
					    "JSON\n") &&
				strstr(buf, "b.jsonl: read 1, written 1, "
					    "rejected 0\n") &&
				strstr(buf, "total: read 5, written 3, "
					    "rejected 2\n"),
			"summary per file and in total");
		fclose(summary);
	}
	kcc_ingest_release(&ing);
	is_int(kcc_out_close(&out), KCC_OUT_OK, "records closed");
	is_int(kcc_out_close(&rej), KCC_OUT_OK, "rejects closed");
	is_str(slurp("out.jsonl"), GOOD "\n" GOOD "\n" GOOD "\n",
		"good rows written in order");
	{
		const char *r = slurp("rejects.jsonl");
		ok(strstr(r, "\"line\":2,\"column\":1,\"reason\":\"invalid "
			     "JSON\",\"message\":\"expected a JSON object, got "
			     "an array\",\"raw\":\"[1]\"}\n") != NULL,
			"reject with place, reason, message and row");
		ok(strstr(r, "\"line\":5,") != NULL &&
				strstr(r, "\"reason\":\"missing field\"") !=
					NULL,
			"line numbers count the blank line");
	}
	unlink(path("a.jsonl"));
	unlink(path("b.jsonl"));
	unlink(path("out.jsonl"));
	unlink(path("rejects.jsonl"));
	rmdir(dir);
	return tap_done();
}
