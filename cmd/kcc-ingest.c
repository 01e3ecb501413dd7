/* kcc-ingest: read contact exports and write canonical contact records. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/diag.h"
#include "kcc/ingest.h"
#include "kcc/lines.h"
#include "kcc/out.h"

static const char usage_text[] =
	"kcc-ingest [-hsV] [--max-line size] [-o file] [-p profile] "
	"[-r file] [file ...]\n";

static const struct option longopts[] = {
	{"help", no_argument, NULL, 'h'},
	{"max-line", required_argument, NULL, 'L'},
	{"output", required_argument, NULL, 'o'},
	{"profile", required_argument, NULL, 'p'},
	{"rejects", required_argument, NULL, 'r'},
	{"summary", no_argument, NULL, 's'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

int
main(int argc, char *argv[])
{
	struct kcc_ingest ing;
	struct kcc_out out, rejects;
	const char *output = "-", *rejects_path = NULL, *profile = "kcc";
	size_t max_line = KCC_LINES_DEFAULT_MAX;
	int c, i, summary = 0, status = KCC_EXIT_OK;

	kcc_diag_init(argv[0]);
	argv[0] = (char *)kcc_prog(); /* getopt's messages use it too */
	while ((c = getopt_long(argc, argv, "ho:p:r:sV", longopts, NULL)) !=
		-1) {
		switch (c) {
		case 'h':
			printf("usage: %s", usage_text);
			return fflush(stdout) == 0 ? KCC_EXIT_OK
						   : KCC_EXIT_DATA;
		case 'L':
			if (kcc_parse_size("--max-line", optarg, 2,
				    KCC_LINES_LIMIT, &max_line) != 0)
				kcc_usage_exit(usage_text);
			break;
		case 'o':
			output = optarg;
			break;
		case 'p':
			profile = optarg;
			break;
		case 'r':
			rejects_path = optarg;
			break;
		case 's':
			summary = 1;
			break;
		case 'V':
			kcc_version_exit();
		default:
			kcc_usage_exit(usage_text);
		}
	}
	argc -= optind;
	argv += optind;
	if (strcmp(profile, "kcc") != 0) {
		kcc_warnx("option '--profile': unknown profile '%s' "
			  "(available: kcc)",
			profile);
		kcc_usage_exit(usage_text);
	}

	if (kcc_out_open(&out, output) != 0)
		return KCC_EXIT_DATA;
	if (rejects_path != NULL && kcc_out_open(&rejects, rejects_path) != 0)
		return KCC_EXIT_DATA;
	kcc_ingest_init(&ing, &out, rejects_path ? &rejects : NULL, max_line);
	if (argc == 0)
		status |= kcc_ingest_file(&ing, "-");
	for (i = 0; i < argc; i++)
		status |= kcc_ingest_file(&ing, argv[i]);
	if (summary || ing.total.rejected > 0)
		kcc_ingest_summary(&ing, stderr);
	if (ing.total.rejected > 0 && rejects_path == NULL)
		status = KCC_EXIT_DATA;
	kcc_ingest_release(&ing);
	switch (kcc_out_close(&out)) {
	case KCC_OUT_EPIPE:
		return KCC_EXIT_DATA;
	case KCC_OUT_ERROR:
		status = KCC_EXIT_DATA;
	}
	if (rejects_path != NULL && kcc_out_close(&rejects) != KCC_OUT_OK)
		status = KCC_EXIT_DATA;
	return status ? KCC_EXIT_DATA : KCC_EXIT_OK;
}
