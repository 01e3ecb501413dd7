/*
 * The built-in profiles.
 *
 * Each is data: a format and mapping rules in the language of kcc/map.h.
 * The rules say where every canonical field comes from in the source's own
 * column names, so the man page can show them and users can copy one into
 * a profile file to adapt it.  Columns no rule reads land in ext.
 */
#include <string.h>

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
