/* kcc-ingest: read contact exports and write canonical contact records. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/csv.h"
#include "kcc/diag.h"
#include "kcc/ingest.h"
#include "kcc/jq.h"
#include "kcc/map.h"
#include "kcc/profile.h"
#include "kcc/pseudo.h"
#include "kcc/lines.h"
#include "kcc/out.h"

static const char usage_text[] =
	"kcc-ingest [-hsV] [--agents names] [--delimiter char] "
	"[--encoding name]\n"
	"           [--jq program] [--key-file file] [--map rule]\n"
	"           [--max-expand size] [--max-line size] [--max-members n]\n"
	"           [--max-ratio n] [--no-redact] [-o file] [-p profile]\n"
	"           [--profile-file file] [-r file] [--records path]\n"
	"           [--session-gap seconds] [--tz zone] [file ...]\n";

enum {
	OPT_DELIM = 256,
	OPT_ENCODING,
	OPT_MAP,
	OPT_MAX_EXPAND,
	OPT_MAX_MEMBERS,
	OPT_MAX_RATIO,
	OPT_KEY_FILE,
	OPT_NO_REDACT,
	OPT_AGENTS,
	OPT_SESSION_GAP,
	OPT_RECORDS,
	OPT_PROFILE_FILE,
	OPT_JQ,
	OPT_TZ
};

static const struct option longopts[] = {
	{"agents", required_argument, NULL, OPT_AGENTS},
	{"delimiter", required_argument, NULL, OPT_DELIM},
	{"encoding", required_argument, NULL, OPT_ENCODING},
	{"help", no_argument, NULL, 'h'},
	{"jq", required_argument, NULL, OPT_JQ},
	{"key-file", required_argument, NULL, OPT_KEY_FILE},
	{"no-redact", no_argument, NULL, OPT_NO_REDACT},
	{"map", required_argument, NULL, OPT_MAP},
	{"tz", required_argument, NULL, OPT_TZ},
	{"max-expand", required_argument, NULL, OPT_MAX_EXPAND},
	{"max-line", required_argument, NULL, 'L'},
	{"max-members", required_argument, NULL, OPT_MAX_MEMBERS},
	{"max-ratio", required_argument, NULL, OPT_MAX_RATIO},
	{"output", required_argument, NULL, 'o'},
	{"profile", required_argument, NULL, 'p'},
	{"profile-file", required_argument, NULL, OPT_PROFILE_FILE},
	{"records", required_argument, NULL, OPT_RECORDS},
	{"rejects", required_argument, NULL, 'r'},
	{"session-gap", required_argument, NULL, OPT_SESSION_GAP},
	{"summary", no_argument, NULL, 's'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

/*
 * The mapping for a profile plus the user's --map rules; exits 2 on a bad
 * rule or a missing --tz.
 */
static struct kcc_map *
mapping(const struct kcc_profile *p, char **rules, int nrules,
	struct kcc_tz *tz)
{
	struct kcc_map *m;
	char name[80];
	int i;

	if (p->rules == NULL || p->rules[0] == NULL)
		snprintf(name, sizeof name, "--map");
	else
		snprintf(name, sizeof name, "profile '%s'", p->name);
	m = kcc_map_new(name, tz, 0);
	for (i = 0; p->rules != NULL && p->rules[i]; i++)
		if (kcc_map_rule(m, p->rules[i]) != 0)
			kcc_usage_exit(usage_text);
	for (i = 0; i < nrules; i++)
		if (kcc_map_rule(m, rules[i]) != 0)
			kcc_usage_exit(usage_text);
	if (tz == NULL && (p->needs_tz || kcc_map_needs_tz(m))) {
		kcc_warnx("%s writes local times without a UTC offset: name "
			  "their time zone with --tz (such as --tz "
			  "Europe/Amsterdam)",
			strcmp(name, "--map") != 0 ? name : "the mapping");
		kcc_usage_exit(usage_text);
	}
	return m;
}

int
main(int argc, char *argv[])
{
	struct kcc_ingest ing;
	struct kcc_out out, rejects;
	const char *output = "-", *rejects_path = NULL, *profile = NULL;
	const char *zone = NULL, *why, *key_file = NULL;
	struct kcc_pseudo *pseudo = NULL;
	const char *records = NULL, *profile_file = NULL;
	struct kcc_profile *loaded = NULL;
	const char *jq_program = NULL;
	struct kcc_jq *jq = NULL;
	const char **agents = NULL;
	size_t nagents = 0;
	long long session_gap = -1;
	int redact = 1;
	const struct kcc_profile *p = NULL;
	struct kcc_csv_options csv_opt = {0};
	struct kcc_map *map = NULL;
	struct kcc_tz *tz = NULL;
	struct kcc_source_limits limits = KCC_SOURCE_LIMITS_DEFAULT;
	size_t max_line = KCC_LINES_DEFAULT_MAX, size;
	long long ll;
	char **rules = NULL;
	int c, i, nrules = 0, summary = 0, status = KCC_EXIT_OK;

	kcc_diag_init(argv[0]);
	argv[0] = (char *)kcc_prog(); /* getopt's messages use it too */
	while ((c = getopt_long(argc, argv, "ho:p:r:sV", longopts, NULL)) !=
		-1) {
		switch (c) {
		case 'h':
			kcc_help_exit(usage_text);
		case OPT_DELIM:
			if (strcmp(optarg, "tab") == 0 ||
				strcmp(optarg, "\\t") == 0)
				csv_opt.delim = '\t';
			else if (strlen(optarg) == 1 && optarg[0] != '"' &&
				 optarg[0] != '\n' && optarg[0] != '\r')
				csv_opt.delim = (unsigned char)optarg[0];
			else {
				kcc_warnx("option '--delimiter': '%s' is not "
					  "one character or 'tab'",
					optarg);
				kcc_usage_exit(usage_text);
			}
			break;
		case OPT_ENCODING:
			if ((csv_opt.encoding = kcc_csv_encoding_parse(
				     optarg)) < 0) {
				kcc_warnx("option '--encoding': unknown "
					  "encoding '%s' (utf-8, windows-1252, "
					  "iso-8859-1, utf-16le, utf-16be)",
					optarg);
				kcc_usage_exit(usage_text);
			}
			break;
		case OPT_MAP:
			rules = kcc_xrealloc(rules,
				(size_t)(nrules + 1) * sizeof *rules);
			rules[nrules++] = optarg;
			break;
		case OPT_TZ:
			zone = optarg;
			break;
		case OPT_KEY_FILE:
			key_file = optarg;
			break;
		case OPT_NO_REDACT:
			redact = 0;
			break;
		case OPT_RECORDS:
			records = optarg;
			break;
		case OPT_PROFILE_FILE:
			profile_file = optarg;
			break;
		case OPT_JQ:
			jq_program = optarg;
			break;
		case OPT_AGENTS: {
			char *list = optarg, *tok, *save = NULL;
			for (tok = strtok_r(list, ",", &save); tok != NULL;
				tok = strtok_r(NULL, ",", &save)) {
				agents = kcc_xrealloc(agents,
					(nagents + 1) * sizeof *agents);
				agents[nagents++] = tok;
			}
			break;
		}
		case OPT_SESSION_GAP:
			if (kcc_parse_ll("--session-gap", optarg, 0,
				    366LL * 86400, &ll) != 0)
				kcc_usage_exit(usage_text);
			session_gap = ll;
			break;
		case OPT_MAX_EXPAND:
			if (kcc_parse_size("--max-expand", optarg, 0, SIZE_MAX,
				    &size) != 0)
				kcc_usage_exit(usage_text);
			limits.max_total = size;
			break;
		case OPT_MAX_MEMBERS:
			if (kcc_parse_ll("--max-members", optarg, 0, 1000000000,
				    &ll) != 0)
				kcc_usage_exit(usage_text);
			limits.max_members = (uint64_t)ll;
			break;
		case OPT_MAX_RATIO:
			if (kcc_parse_ll("--max-ratio", optarg, 0, 1000000000,
				    &ll) != 0)
				kcc_usage_exit(usage_text);
			limits.max_ratio = (double)ll;
			break;
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
	if (profile != NULL && profile_file != NULL) {
		kcc_warnx("options '--profile' and '--profile-file' exclude "
			  "each other");
		kcc_usage_exit(usage_text);
	}
	if (profile_file != NULL &&
		(p = loaded = kcc_profile_load(profile_file)) == NULL)
		kcc_usage_exit(usage_text);
	if (profile != NULL && (p = kcc_profile_find(profile)) == NULL) {
		kcc_warnx("option '--profile': unknown profile '%s' (see "
			  "kcc-ingest(1))",
			profile);
		kcc_usage_exit(usage_text);
	}
	if (p == NULL)
		p = kcc_profile_find(nrules == 0 ? "kcc" : "csv");
	if (p != NULL && p->format == KCC_FORMAT_KCC && nrules > 0) {
		kcc_warnx("option '--map': profile 'kcc' reads canonical "
			  "records; --map is for other sources");
		kcc_usage_exit(usage_text);
	}
	if (zone != NULL && (tz = kcc_tz_load(zone, &why)) == NULL) {
		kcc_warnx("option '--tz': '%s': %s", zone, why);
		kcc_usage_exit(usage_text);
	}
	if (p->format == KCC_FORMAT_WHATSAPP && tz == NULL) {
		kcc_warnx("profile '%s' writes local times without a UTC "
			  "offset: name their time zone with --tz (such as "
			  "--tz Europe/Amsterdam)",
			p->name);
		kcc_usage_exit(usage_text);
	}
	if (jq_program != NULL) {
		if (p->format != KCC_FORMAT_CSV &&
			p->format != KCC_FORMAT_JSON) {
			kcc_warnx("option '--jq': for CSV and JSON sources "
				  "(profile '%s' is neither)",
				p->name);
			kcc_usage_exit(usage_text);
		}
		jq = kcc_jq_new("--jq");
		if (kcc_jq_compile(jq, jq_program) != 0) {
			kcc_warnx("%s", kcc_jq_error(jq));
			kcc_usage_exit(usage_text);
		}
	}
	if (p->format == KCC_FORMAT_CSV || p->format == KCC_FORMAT_JSON)
		map = mapping(p, rules, nrules, tz);
	csv_opt.max_row = max_line;

	if (kcc_out_open(&out, output) != 0)
		return KCC_EXIT_DATA;
	if (rejects_path != NULL && kcc_out_open(&rejects, rejects_path) != 0)
		return KCC_EXIT_DATA;
	kcc_ingest_init(&ing, &out, rejects_path ? &rejects : NULL, max_line);
	ing.format = p->format;
	ing.map = map;
	ing.csv_opt = csv_opt;
	ing.limits = limits;
	ing.records_path = records ? records : p->records;
	ing.jq = jq;
	ing.chat_opt.tz = tz;
	ing.chat_opt.agents = agents;
	ing.chat_opt.nagents = nagents;
	if (session_gap >= 0)
		ing.chat_opt.session_gap = session_gap;
	if (p->format == KCC_FORMAT_WHATSAPP || p->format == KCC_FORMAT_TWCS) {
		if ((pseudo = kcc_pseudo_open(key_file)) == NULL)
			return KCC_EXIT_DATA;
		ing.pseudo = pseudo;
		kcc_redact_init(&ing.redact);
		ing.redact_on = redact;
	}
	if (map != NULL) {
		if (kcc_map_uses_pseudonyms(map) &&
			(pseudo = kcc_pseudo_open(key_file)) == NULL)
			return KCC_EXIT_DATA;
		ing.pseudo = pseudo;
		kcc_ingest_hooks(&ing, map, redact, p->country);
	}
	if (argc == 0)
		status |= kcc_ingest_file(&ing, "-");
	for (i = 0; i < argc; i++)
		status |= kcc_ingest_file(&ing, argv[i]);
	if (summary || ing.total.rejected > 0)
		kcc_ingest_summary(&ing, stderr);
	if (ing.total.rejected > 0 && rejects_path == NULL)
		status = KCC_EXIT_DATA;
	kcc_ingest_release(&ing);
	kcc_map_free(map);
	kcc_pseudo_close(pseudo);
	kcc_tz_free(tz);
	free(rules);
	free(agents);
	kcc_profile_free(loaded);
	kcc_jq_free(jq);
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
