/*
 * json-suite: run kcc_json_validate() over each file named and print one
 * line a file, "ACCEPT name" or "REJECT name: offset N: message", where name
 * is the file's base name (used by tests/cli/t0002-json-conformance.sh).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/diag.h"
#include "kcc/json.h"
#include "kcc/out.h"

/* Read all of path into *buf (grown as needed); returns its length or -1. */
static long
slurp(const char *path, char **buf, size_t *cap)
{
	FILE *fp;
	size_t len = 0, r;

	if ((fp = fopen(path, "rb")) == NULL) {
		kcc_warn("%s", path);
		return -1;
	}
	for (;;) {
		if (len == *cap) {
			*cap = *cap ? *cap * 2 : 64 * 1024;
			*buf = kcc_xrealloc(*buf, *cap);
		}
		r = fread(*buf + len, 1, *cap - len, fp);
		len += r;
		if (r == 0)
			break;
	}
	if (ferror(fp)) {
		kcc_warn("%s: read error", path);
		fclose(fp);
		return -1;
	}
	fclose(fp);
	return (long)len;
}

int
main(int argc, char *argv[])
{
	struct kcc_json_error err;
	struct kcc_out out;
	const char *name;
	char *buf = NULL;
	size_t cap = 0;
	long len;
	int i, status = KCC_EXIT_OK;

	kcc_diag_init(argv[0]);
	if (argc < 2) {
		kcc_usage_exit("json-suite file ...\n");
	}
	kcc_out_init_stdout(&out);
	for (i = 1; i < argc; i++) {
		if ((len = slurp(argv[i], &buf, &cap)) < 0) {
			status = KCC_EXIT_DATA;
			continue;
		}
		name = strrchr(argv[i], '/');
		name = name ? name + 1 : argv[i];
		memset(&err, 0, sizeof err);
		if (kcc_json_validate(buf, (size_t)len, &err) == 0)
			kcc_out_printf(&out, "ACCEPT %s\n", name);
		else
			kcc_out_printf(&out, "REJECT %s: offset %zu: %s\n",
				name, err.offset, err.msg);
	}
	free(buf);
	if (kcc_out_close(&out) == KCC_OUT_ERROR)
		status = KCC_EXIT_DATA;
	return status;
}
