/*
 * The built-in profiles.
 *
 * Each is data: a format and mapping rules in the language of kcc/map.h.
 * The rules say where every canonical field comes from in the source's own
 * column names, so the man page can show them and users can copy one into
 * a profile file to adapt it.  Columns no rule reads land in ext.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/diag.h"

#include "kcc/profile.h"

static const char *const pwc_rules[] = {
	"src := pwc-callcenter",
	"id = Call Id",
	"start = Date + Time | time %Y-%m-%d %H:%M:%S",
	"channel := phone",
	"agent = Agent",
	"topic = Topic",
	"topic_by := source",
	"outcome = Answered (Y/N) | map Y=answered N=abandoned",
	"resolution = Resolved | map Y=first_line N=unresolved",
	"wait_s = Speed of answer in seconds | num",
	"talk_s = AvgTalkDuration | dur",
	"csat = Satisfaction rating | int",
	NULL,
};

static const char *const nyc311_rules[] = {
	"src := nyc311",
	"id = Unique Key",
	"start = Created Date | time %m/%d/%Y %I:%M:%S %p",
	"end = Closed Date | time %m/%d/%Y %I:%M:%S %p",
	"channel = Open Data Channel Type | map PHONE=phone ONLINE=webform "
	"MOBILE=app OTHER=other UNKNOWN=unknown *=other",
	"channel_raw = Open Data Channel Type",
	"team = Agency",
	"topic = Complaint Type",
	"topic_by := source",
	"kind := report",
	"area = Borough",
	"postcode = Incident Zip",
	"lat = Latitude | num",
	"lon = Longitude | num",
	NULL,
};

static const char *const boston311_rules[] = {
	"src := boston311",
	"id = case_enquiry_id",
	"start = open_dt | time %Y-%m-%d %H:%M:%S",
	"end = closed_dt | time %Y-%m-%d %H:%M:%S",
	"channel = source | map Constituent Call=phone; Citizens Connect "
	"App=app; BOS311 App=app; Self Service=webform; Twitter=social; "
	"Employee Generated=other; City Worker App=other; *=other",
	"channel_raw = source",
	"team = department",
	"queue = queue",
	"topic = type",
	"topic_by := source",
	"kind := report",
	"area = neighborhood",
	"postcode = location_zipcode",
	"lat = latitude | num",
	"lon = longitude | num",
	NULL,
};

static const char *const open311_rules[] = {
	"src := open311",
	"id = service_request_id",
	"start = requested_datetime | time iso",
	"channel = extended_attributes.channel + source | map phone=phone; "
	"web=webform; website=webform; open311=app; mobile app=app; "
	"text/sms=sms; sms=sms; twitter=social; facebook=social; "
	"email=email; e-mail=email; walk-in=desk; mail=letter; *=other",
	"channel ?= unknown",
	"channel_raw = extended_attributes.channel + source",
	"team = agency_responsible",
	"topic = service_name",
	"topic_by := source",
	"kind := report",
	"text = description",
	"postcode = zipcode + extended_attributes.zip",
	"area = extended_attributes.ward",
	"lat = lat | num",
	"lon = long | num",
	NULL,
};

static const char *const openklant_rules[] = {
	"src := openklant",
	"id = uuid",
	"start = plaatsgevondenOp | time iso",
	"channel = kanaal | map telefoon=phone; telefonisch=phone; "
	"balie=desk; e-mail=email; email=email; mail=email; "
	"contactformulier=webform; webformulier=webform; formulier=webform; "
	"website=webform; chat=chat; whatsapp=whatsapp; twitter=social; "
	"x=social; facebook=social; instagram=social; brief=letter; "
	"post=letter; sms=sms; app=app; *=other",
	"channel_raw = kanaal",
	"topic = onderwerp",
	"topic_by := source",
	"text = inhoud",
	"lang = taal",
	"outcome = indicatieContactGelukt | map true=answered "
	"false=unanswered",
	"resolution = verdereActieOndernomen | map false=first_line "
	"true=backoffice",
	"agent = hadBetrokkenActoren.0.naam",
	"case_id = referentienummer",
	NULL,
};

static const char *const no_rules[] = {NULL};

static const struct kcc_profile whatsapp_profile = {.name = "whatsapp",
	.format = KCC_FORMAT_WHATSAPP,
	.summary = "WhatsApp chat exports (any locale's date format), "
		   "messages grouped into contacts",
	.needs_tz = 1};

static const struct kcc_profile twcs_profile = {.name = "twcs",
	.format = KCC_FORMAT_TWCS,
	.summary = "customer support on Twitter (twcs.csv): tweets threaded "
		   "into conversations by reply ids, brand accounts the agents",
	.country = "US"};

static const struct kcc_profile kcc_profile = {.name = "kcc",
	.format = KCC_FORMAT_KCC,
	.summary = "canonical contact records as JSON lines"};
static const struct kcc_profile csv_profile = {.name = "csv",
	.format = KCC_FORMAT_CSV,
	.summary = "CSV of one's own, mapped by --map rules",
	.rules = no_rules};
static const struct kcc_profile json_profile = {.name = "json",
	.format = KCC_FORMAT_JSON,
	.summary = "JSON of one's own (an array, a wrapped array, or JSON "
		   "lines), mapped by --map rules",
	.rules = no_rules};
static const struct kcc_profile pwc_profile = {.name = "pwc-callcenter",
	.format = KCC_FORMAT_CSV,
	.summary = "call log with agent, answered, resolved, speed of answer, "
		   "talk duration, satisfaction (PwC call-centre case)",
	.needs_tz = 1,
	.rules = pwc_rules};
static const struct kcc_profile nyc311_profile = {.name = "nyc311",
	.format = KCC_FORMAT_CSV,
	.summary = "NYC 311 service requests (NYC Open Data export)",
	.needs_tz = 1,
	.rules = nyc311_rules,
	.country = "US"};
static const struct kcc_profile boston311_profile = {.name = "boston311",
	.format = KCC_FORMAT_CSV,
	.summary = "Boston 311 service requests (Analyze Boston export)",
	.needs_tz = 1,
	.rules = boston311_rules,
	.country = "US"};
static const struct kcc_profile open311_profile = {.name = "open311",
	.format = KCC_FORMAT_JSON,
	.summary = "Open311 GeoReport v2 requests (JSON), with Chicago's "
		   "extended_attributes.channel",
	.rules = open311_rules,
	.country = "US"};
static const struct kcc_profile openklant_profile = {.name = "openklant",
	.format = KCC_FORMAT_JSON,
	.summary = "VNG Klantinteracties API klantcontacten (Open Klant 2), a "
		   "list or a paged response",
	.records = "results",
	.rules = openklant_rules};

const struct kcc_profile *const kcc_profiles[] = {
	&kcc_profile,
	&csv_profile,
	&json_profile,
	&pwc_profile,
	&nyc311_profile,
	&boston311_profile,
	&open311_profile,
	&openklant_profile,
	&whatsapp_profile,
	&twcs_profile,
	NULL,
};

const struct kcc_profile *
kcc_profile_find(const char *name)
{
	int i;

	for (i = 0; kcc_profiles[i] != NULL; i++)
		if (strcmp(kcc_profiles[i]->name, name) == 0)
			return kcc_profiles[i];
	return NULL;
}

static char *
trimmed(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
				e[-1] == '\n'))
		*--e = '\0';
	return s;
}

struct kcc_profile *
kcc_profile_load(const char *path)
{
	static const char *const formats[] = {"kcc", "csv", "json", "whatsapp",
		"twcs", NULL};
	static const enum kcc_format fmt[] = {KCC_FORMAT_KCC, KCC_FORMAT_CSV,
		KCC_FORMAT_JSON, KCC_FORMAT_WHATSAPP, KCC_FORMAT_TWCS};
	struct kcc_profile *p;
	const char **rules = NULL, *slash;
	char *line = NULL, *s;
	size_t cap = 0, n = 0;
	unsigned long lineno = 0;
	FILE *fp;
	int i;

	if ((fp = fopen(path, "r")) == NULL) {
		kcc_warn("%s", path);
		return NULL;
	}
	p = kcc_xcalloc(1, sizeof *p);
	slash = strrchr(path, '/');
	p->name = kcc_xstrdup(slash ? slash + 1 : path);
	p->format = KCC_FORMAT_CSV;
	p->summary = "a profile file";
	while (getline(&line, &cap, fp) > 0) {
		lineno++;
		s = trimmed(line);
		if (*s == '\0' || *s == '#')
			continue;
		if (strncmp(s, "format ", 7) == 0) {
			char *f = trimmed(s + 7);
			for (i = 0; formats[i] && strcmp(formats[i], f); i++)
				;
			if (formats[i] == NULL) {
				kcc_warnl(path, lineno,
					"unknown format '%s' (kcc, csv, json, "
					"whatsapp, twcs)",
					f);
				goto fail;
			}
			p->format = fmt[i];
		} else if (strncmp(s, "records ", 8) == 0)
			p->records = kcc_xstrdup(trimmed(s + 8));
		else if (strncmp(s, "country ", 8) == 0)
			p->country = kcc_xstrdup(trimmed(s + 8));
		else {
			if (strchr(s, '=') == NULL) {
				kcc_warnl(path, lineno,
					"expected a rule ('field = column') or "
					"a directive (format, records, "
					"country), got '%s'",
					s);
				goto fail;
			}
			rules = kcc_xrealloc(rules, (n + 2) * sizeof *rules);
			rules[n++] = kcc_xstrdup(s);
			rules[n] = NULL;
		}
	}
	if (ferror(fp)) {
		kcc_warn("%s: read error", path);
		goto fail;
	}
	if (rules == NULL) {
		rules = kcc_xcalloc(1, sizeof *rules);
	}
	p->rules = rules;
	free(line);
	fclose(fp);
	return p;
fail:
	p->rules = rules;
	free(line);
	fclose(fp);
	kcc_profile_free(p);
	return NULL;
}

void
kcc_profile_free(struct kcc_profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; p->rules != NULL && p->rules[i] != NULL; i++)
		free((char *)p->rules[i]);
	free((void *)p->rules);
	free((char *)p->name);
	free((char *)p->records);
	free((char *)p->country);
	free(p);
}
