/*
 * kcc-gen: write seeded, realistic contact data for Lindendam, a fictional
 * Dutch municipality, as canonical records and as raw source exports.
 *
 * The same seed and options give byte-identical output, in order of
 * arrival (outbound callbacks in order of their due time): the generator
 * uses its own PRNG (xoshiro256** seeded by splitmix64, never rand(3)) and
 * its own exp and log from basic IEEE arithmetic, with no fused
 * multiply-add (gcc does not contract in ISO C mode; clang is told below),
 * so that libm and CPU differences do not show; sqrt is IEEE's, which is
 * exactly rounded everywhere.  Local time is Europe/Amsterdam through
 * lib/time.c.  Memory does not grow with -n: contacts are simulated one day
 * at a time, and repeat contacts come from bounded heaps of open
 * histories.
 *
 * The model, per day:
 *   - agents (-a, default n/5000 within 10..200) in teams by channel group:
 *     phone (Telefonie 1..k), desk (Balie), chat/WhatsApp/social
 *     (Digitaal), e-mail/web form/letter (Schriftelijk); each works a
 *     pattern (full day with lunch, early or late shift) on 3 to 5
 *     weekdays, with random absence; offices close on weekends and Dutch
 *     public holidays;
 *   - phone and chat arrivals follow a forecast by weekday and quarter
 *     hour that the rota was made for (square-root staffing: an offered
 *     load of N - beta*sqrt(N) Erlangs for the N agents on duty on
 *     average), times an intraday and weekday curve; callers wait in a FIFO
 *     queue served by the first free agent and hang up when their patience
 *     runs out (some within 5 s), so absence and chance make queues; chat
 *     agents hold up to 3 sessions at a time, and sessions run long; desk
 *     visitors come by appointment;
 *   - e-mail, web form, WhatsApp, social and letter arrive around the clock
 *     by hourly and weekday curves, at volumes that give the channel mix
 *     (phone 55%, desk 8%, e-mail 12%, web form 12%, chat 5%, WhatsApp 5%,
 *     social 2%, letter 1%), and are picked up in office hours;
 *   - a contact gets a topic (39 municipal products and reports, with
 *     seasons), a kind, a resolution, Dutch free text (sometimes English,
 *     Polish or Turkish), sometimes a survey (CSAT on about a quarter of
 *     contacts, chat highest; some NPS and CES), and the wijk and PC4 of the
 *     citizen or of the reported place;
 *   - unresolved matters come back: the same citizen contacts again about
 *     the same topic (often on another channel), callback requests become
 *     outbound calls; every contact of such a history carries
 *     "ext":{"truth_history":"h0000001"} and the history* fields are left
 *     out;
 *   - one wijk has a surge of one report topic in one week: those contacts
 *     carry "ext":{"truth_hotspot":1};
 *   - some texts hold personal data: a BSN (valid by the 11-test), an IBAN
 *     (valid by mod 97), a phone number, an e-mail address, a postcode with
 *     house number, a full name; "ext":{"truth_pii":["bsn",...]} lists the
 *     kinds present, in that order.
 *
 * Identifiers are fake: BSNs start with 999, IBANs use the bank code TEST,
 * e-mail addresses use the example.com/.net/.org domains reserved for
 * documentation (RFC 2606).  The Dutch numbering plan has, as far as we
 * know, no range for fiction, so phone numbers are random.  The citizen field is a 32-hex
 * pseudonym derived from the fictional citizen number and the seed (it
 * stands for an HMAC).
 *
 * Raw exports (--raw DIR), the same contacts as their source systems
 * write them:
 *
 *   telephony.csv   every phone contact.  RFC 4180 CSV, UTF-8, LF, header
 *       call_id,direction,queue,agent,caller,start,answered,end,
 *       wait_s,talk_s,hold_s,acw_s,result,wrapup,notes
 *     times local Europe/Amsterdam "YYYY-MM-DD HH:MM:SS" without offset;
 *     answered empty when not answered; caller (the citizen's number for
 *     outbound calls) "+31612345678" or "anonymous"; result answered,
 *     abandoned or no_answer; wrapup the topic chosen by the agent; notes
 *     free text, quoted when needed (may hold newlines).
 *
 *   chat.json       every chat contact.  One JSON object:
 *       {"export":{"platform":"...","conversations":[ {...}, ... ],
 *        "count":N}}
 *     one conversation a line: id, status ("closed" or "missed"),
 *     created_at/accepted_at/closed_at in UTC ("...Z"), queue,
 *     agent {id,name} or null, visitor {name,email} or null, tags [topic],
 *     rating {score,comment} or null, messages [{author ("visitor",
 *     "agent"), at, text}].
 *
 *   webform.csv     every web form contact, as Dutch Excel saves it:
 *     ';'-separated, Windows-1252 (characters outside it become '?'), CRLF
 *     line ends (LF inside quoted cells), dd-mm-yyyy HH:MM local times,
 *     decimal commas.  Header:
 *       Zaaknummer;Formulier;Onderwerp;Ingediend op;Naam;E-mailadres;
 *       Telefoonnummer;Postcode;Huisnummer;Wijk;Breedtegraad;Lengtegraad;
 *       Omschrijving;Foto's;Behandelaar;Afgehandeld op;Doorlooptijd (dagen)
 *     Postcode is the full "1234 AB"; Formulier is "Melding openbare
 *     ruimte", "Klacht of compliment" or "Contactformulier".
 *
 *   whatsapp/WhatsApp-chat met NAME.txt   the conversations of the first
 *     20 citizens who use WhatsApp, one file each, as WhatsApp (Dutch,
 *     Android) exports a chat: "dd-mm-yyyy HH:MM - Name: message",
 *     continuation lines of a multi-line message without prefix, media as
 *     "<Media weggelaten>", the municipality as "Gemeente Lindendam".
 *
 * Desk, e-mail, letter and social contacts are registered in the contact
 * registration system (src "kiss") and have no raw export here.
 */
/* No fused multiply-add: it would change results between machines. */
#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <iconv.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kcc/diag.h"
#include "kcc/json.h"
#include "kcc/out.h"
#include "kcc/record.h"
#include "kcc/time.h"

/* Bump when the output for a given seed and options changes. */
#define GEN_VERSION 1

#define DAY_S 86400
#define NEVER INT64_MAX

/* ---------------------------------------------------------------- PRNG */

struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A hash of three words, for values that must not depend on call order. */
static uint64_t
mix3(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t x = a ^ (b * 0xd1b54a32d192ed03u) ^ (c * 0x8cb92ba72f3d8dd7u);

	splitmix64(&x);
	return splitmix64(&x);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* Uniform in [0, 1). */
static double
rng_unif(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n), n > 0 (Lemire's multiply, rejection for exactness). */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	uint64_t m = (uint64_t)(uint32_t)(rng_next(r) >> 32) * n;
	uint32_t lo = (uint32_t)m, t;

	if (lo < n) {
		t = (uint32_t)(-n) % n;
		while (lo < t) {
			m = (uint64_t)(uint32_t)(rng_next(r) >> 32) * n;
			lo = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

/* Uniform integer in [lo, hi]. */
static int
rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

static int
rng_chance(struct rng *r, double p)
{
	return rng_unif(r) < p;
}

/*
 * exp and log from basic IEEE operations only, so that every platform
 * computes the same bits (libm implementations differ in the last place).
 */
static double
det_exp(double x)
{
	/* 1/k! for k = 13 down to 1, for Horner's rule. */
	static const double inv_fact[] = {1.6059043836821613e-10,
		2.08767569878681e-09, 2.505210838544172e-08,
		2.755731922398589e-07, 2.7557319223985893e-06,
		2.48015873015873e-05, 0.0001984126984126984,
		0.001388888888888889, 0.008333333333333333,
		0.041666666666666664, 0.16666666666666666, 0.5, 1};
	static const double ln2 = 0.6931471805599453;
	double k, r, sum, scale;
	size_t i;
	int ik;

	if (x < -700)
		return 0;
	if (x > 700)
		x = 700;
	k = (double)(int64_t)(x / ln2 + (x >= 0 ? 0.5 : -0.5));
	r = x - k * ln2;
	sum = 0;
	for (i = 0; i < sizeof inv_fact / sizeof inv_fact[0]; i++)
		sum = (sum + inv_fact[i]) * r;
	sum += 1;
	scale = 1;
	ik = (int)k;
	while (ik > 0) {
		scale *= 2;
		ik--;
	}
	while (ik < 0) {
		scale *= 0.5;
		ik++;
	}
	return sum * scale;
}

static double
det_log(double x)
{
	static const double ln2 = 0.6931471805599453,
			    sqrt2 = 1.4142135623730951;
	double s, s2, term, sum;
	int e = 0, i;

	if (x <= 0)
		return -745;
	while (x >= sqrt2) {
		x *= 0.5;
		e++;
	}
	while (x < sqrt2 / 2) {
		x *= 2;
		e--;
	}
	s = (x - 1) / (x + 1);
	s2 = s * s;
	term = s;
	sum = 0;
	for (i = 1; i < 24; i += 2) {
		sum += term / i;
		term *= s2;
	}
	return 2 * sum + e * ln2;
}

/* IEEE 754 requires a correctly rounded square root: the same
 * everywhere. */
static double
det_sqrt(double x)
{
	return x > 0 ? sqrt(x) : 0;
}

static double
rng_exp(struct rng *r, double mean)
{
	return -mean * det_log(1 - rng_unif(r));
}

/* Standard normal (Marsaglia's polar method). */
static double
rng_normal(struct rng *r)
{
	double u, v, s;

	do {
		u = 2 * rng_unif(r) - 1;
		v = 2 * rng_unif(r) - 1;
		s = u * u + v * v;
	} while (s >= 1 || s == 0);
	return u * det_sqrt(-2 * det_log(s) / s);
}

static double
rng_lognormal(struct rng *r, double median, double sigma)
{
	return median * det_exp(sigma * rng_normal(r));
}

static uint32_t
rng_poisson(struct rng *r, double mean)
{
	double l, p, x;
	uint32_t k = 0;

	if (mean <= 0)
		return 0;
	if (mean > 40) {
		x = mean + det_sqrt(mean) * rng_normal(r) + 0.5;
		return x < 0 ? 0 : (uint32_t)x;
	}
	l = det_exp(-mean);
	p = rng_unif(r);
	while (p > l) {
		k++;
		p *= rng_unif(r);
	}
	return k;
}

/* Index drawn from weights w[0..n). */
static int
rng_pick(struct rng *r, const double *w, int n)
{
	double sum = 0, x;
	int i;

	for (i = 0; i < n; i++)
		sum += w[i];
	x = rng_unif(r) * sum;
	for (i = 0; i < n - 1; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

static int
iround(double x)
{
	return (int)(x < 0 ? x - 0.5 : x + 0.5);
}

static int
clampi(int x, int lo, int hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* -------------------------------------------------------------- tables */

/* The town: a fictional centre in the woods of the Veluwe. */
#define TOWN     "Lindendam"
#define TOWN_LAT 52.1150
#define TOWN_LON 5.8350

static const struct wijk {
	const char *name;
	double weight;     /* share of the population */
	int pc4, npc4;     /* postcodes pc4 .. pc4 + npc4 - 1 */
	double dlat, dlon; /* centre relative to the town's */
	const char *streets[6];
} wijken[] = {
	{"Centrum", 8, 7341, 2, 0, 0,
		{"Markt", "Kerkstraat", "Hoogstraat", "Molenstraat",
			"Lange Gracht", "Stationsplein"}},
	{"Oude Haven", 7, 7343, 2, -0.006, 0.011,
		{"Havenkade", "Visserstraat", "Schippersgracht", "Touwbaan",
			"Kaai", "Zoutsteeg"}},
	{"Lindenhof", 11, 7345, 2, 0.012, 0.004,
		{"Lindelaan", "Kastanjelaan", "Berkenweg", "Eikenlaan",
			"Beukenhof", "Esdoornstraat"}},
	{"Vogelbuurt", 10, 7347, 2, 0.016, -0.012,
		{"Merelstraat", "Lijsterlaan", "Spreeuwstraat", "Koolmeesweg",
			"Reigerhof", "Zwaluwstraat"}},
	{"Bloemenwijk", 9, 7349, 2, -0.014, -0.009,
		{"Tulpstraat", "Rozenlaan", "Narcisweg", "Irisstraat",
			"Dahliahof", "Goudsbloemstraat"}},
	{"De Weiden", 10, 7351, 2, -0.021, 0.006,
		{"Weidelaan", "Slootkant", "Koeienpad", "Hooiberg", "Griendweg",
			"Ossenweide"}},
	{"Molenkwartier", 8, 7353, 1, 0.004, 0.021,
		{"Molenweg", "Korenstraat", "Maalderij", "Wiekenlaan",
			"Meelzak", "Zeilberg"}},
	{"Zuiderpark", 9, 7354, 2, -0.028, -0.017,
		{"Parklaan", "Vijverstraat", "Zuiderbrink", "Rododendronlaan",
			"Prieel", "Karperweg"}},
	{"Het Broek", 7, 7356, 1, 0.024, 0.015,
		{"Broekweg", "Elzenstraat", "Wilgenhof", "Veenpad", "Rietkraag",
			"Biezenlaan"}},
	{"Kerkebuurt", 6, 7357, 1, 0.007, -0.022,
		{"Kosterstraat", "Pastoriehof", "Klokkenlaan", "Torenstraat",
			"Abdijweg", "Kloosterhof"}},
	{"Nieuw-Lindendam", 12, 7358, 2, 0.031, -0.003,
		{"Mondriaanlaan", "Escherstraat", "Rembrandtweg", "Vermeerhof",
			"Appelstraat", "Cézannelaan"}},
	{"Buitengebied", 3, 7360, 1, -0.035, 0.032,
		{"Heideweg", "Zandpad", "Dennenlaan", "Boswachtersweg",
			"Schaapskooi", "Vennenpad"}},
};
#define NWIJK (int)(sizeof wijken / sizeof wijken[0])

static const char *const first_names[] = {"Jan", "Sanne", "Mohammed", "Fatima",
	"Daan", "Emma", "Anouk", "Thijs", "Noah", "Lotte", "Sem", "Julia",
	"Bram", "Eva", "Ahmet", "Ayşe", "Chloé", "Zoë", "Joëlle", "René",
	"Kees", "Marieke", "Henk", "Ingrid", "Youssef", "Priya", "Wim", "Els",
	"Lars", "Femke", "Piet", "Annemarie", "Stijn", "Linda", "Mehmet",
	"Nadia", "Gerrit", "Ria", "Tim", "Sophie", "Łukasz", "Agnieszka",
	"Björn", "Noémie", "Kevin", "Demi", "Ruud", "Joke", "Hasan", "Ilse"};
#define NFIRST (int)(sizeof first_names / sizeof first_names[0])

static const char *const last_names[] = {"de Vries", "Jansen", "van den Berg",
	"Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
	"Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
	"de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Yılmaz",
	"El Amrani", "Kaya", "Nguyen", "Kowalski", "Öztürk", "'t Hart",
	"van 't Hof", "Boukhari", "Schouten", "van Dijk", "Willems", "Koster",
	"Prins", "Huisman", "Kuipers", "Verbeek", "Postma", "Koç", "Wiśniewski",
	"Hoekstra", "van Rijn", "Sarmo", "Lambrechts", "de Jong", "Janssen"};
#define NLAST (int)(sizeof last_names / sizeof last_names[0])

static const char *const email_domains[] = {"example.com", "example.net",
	"example.org"};

enum { LANG_NLD, LANG_ENG, LANG_POL, LANG_TUR };
static const char *const lang_codes[] = {"nld", "eng", "pol", "tur"};

/* Channel groups, each served by its own team(s). */
enum { G_PHONE, G_DESK, G_DIGITAL, G_WRITTEN, G__N };

/* Channels this generator uses, in kcc_channel order. */
static const struct chan {
	const char *src; /* source system */
	double share;    /* share of all contacts */
	int grp;
	double csat_p;    /* chance of a survey answer */
	double csat_mean; /* mean CSAT before adjustments */
	double text_p;    /* chance of a text */
} chans[] = {
	[KCC_CH_PHONE] = {"telephony", 0.55, G_PHONE, 0.34, 4.0, 0.7},
	[KCC_CH_DESK] = {"kiss", 0.08, G_DESK, 0.28, 4.2, 0.5},
	[KCC_CH_EMAIL] = {"kiss", 0.12, G_WRITTEN, 0.15, 3.7, 1},
	[KCC_CH_WEBFORM] = {"webform", 0.12, G_WRITTEN, 0.11, 3.6, 1},
	[KCC_CH_CHAT] = {"chat", 0.05, G_DIGITAL, 0.46, 4.5, 1},
	[KCC_CH_WHATSAPP] = {"whatsapp", 0.05, G_DIGITAL, 0.34, 4.3, 1},
	[KCC_CH_SOCIAL] = {"kiss", 0.02, G_DIGITAL, 0.10, 3.4, 1},
	[KCC_CH_APP] = {"app", 0, G_WRITTEN, 0, 3.5, 1},
	[KCC_CH_LETTER] = {"kiss", 0.01, G_WRITTEN, 0.03, 3.5, 1},
};
#define NCHAN (KCC_CH_LETTER + 1)

/* Weights of topic affinity per channel, in kcc_channel order up to
 * letter: phone, desk, email, webform, chat, whatsapp, social, app,
 * letter. */
enum { A_CIVIL, A_REPORT, A_INFO, A_INCOME, A_TAX, A_PERMIT, A_FEEDBACK, A__N };
static const double affinity[A__N][NCHAN] = {
	[A_CIVIL] = {1, 5, 0.6, 0.5, 1, 0.8, 0.3, 0, 0.5},
	[A_REPORT] = {1, 0.1, 0.6, 3, 0.6, 2, 2, 0, 0.2},
	[A_INFO] = {1, 0.5, 1, 0.8, 1.2, 1, 1, 0, 0.5},
	[A_INCOME] = {1.2, 1, 1, 0.6, 0.8, 0.5, 0.2, 0, 3},
	[A_TAX] = {1.2, 0.3, 1.2, 1, 1, 0.6, 0.3, 0, 2},
	[A_PERMIT] = {1, 0.4, 1.5, 1.5, 0.8, 0.5, 0.2, 0, 1.5},
	[A_FEEDBACK] = {0.8, 0.3, 1.5, 2, 0.5, 0.6, 3, 0, 2},
};

enum {
	S_FLAT,
	S_LEAVES,
	S_WOZ,
	S_TRAVEL,
	S_SPRING,
	S_WINTER,
	S_SUMMER,
	S_SCHOOL,
	S__N
};
static const double season[S__N][12] = {
	[S_FLAT] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
	[S_LEAVES] = {0.3, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 2.5, 4, 2},
	[S_WOZ] = {0.8, 3, 2.5, 1.5, 0.8, 0.6, 0.5, 0.5, 0.5, 0.6, 0.6, 0.6},
	[S_TRAVEL] = {0.7, 0.8, 1.3, 1.6, 1.8, 1.6, 1.1, 0.8, 0.7, 0.7, 0.7,
		0.8},
	[S_SPRING] = {0.7, 0.8, 1.3, 1.5, 1.4, 1.3, 1, 0.9, 1, 1, 0.8, 0.6},
	[S_WINTER] = {2, 1.8, 1, 0.6, 0.4, 0.3, 0.3, 0.3, 0.6, 1, 1.5, 2},
	[S_SUMMER] = {0.5, 0.5, 0.8, 1, 1.4, 1.6, 1.6, 1.5, 1.1, 0.8, 0.6, 0.5},
	[S_SCHOOL] = {0.8, 0.6, 0.6, 0.8, 1, 1.4, 1.6, 2.5, 1.8, 0.8, 0.6, 0.5},
};

enum { Q_BZ, Q_AFVAL, Q_VERG, Q_BEL, Q_WI, Q_ZORG, Q_ALG, Q__N };
static const char *const queue_names[Q__N] = {"Burgerzaken",
	"Afval en buitenruimte", "Vergunningen", "Belastingen",
	"Werk en inkomen", "Zorg en WMO", "Algemeen"};

enum { K_QUESTION, K_COMPLAINT, K_COMPLIMENT, K_REPORT };
/* Kind profiles: P(question, complaint, compliment, report). */
enum { KP_Q, KP_REPORT, KP_NUISANCE, KP_COMPLAINT, KP_COMPLIMENT };
static const double kind_profile[][4] = {
	[KP_Q] = {0.96, 0.03, 0.01, 0},
	[KP_REPORT] = {0.07, 0.08, 0.0, 0.85},
	[KP_NUISANCE] = {0.05, 0.35, 0, 0.60},
	[KP_COMPLAINT] = {0, 1, 0, 0},
	[KP_COMPLIMENT] = {0, 0, 1, 0},
};

/* PII kinds, in the order ext lists them. */
enum {
	PII_BSN = 1,
	PII_IBAN = 2,
	PII_PHONE = 4,
	PII_EMAIL = 8,
	PII_ADDRESS = 16,
	PII_NAME = 32
};
static const char *const pii_names[] = {"bsn", "iban", "phone", "email",
	"address", "name"};

/*
 * Topics.  Texts use: %S a street of the place, %W the wijk, %D a recent
 * date ("12 maart"), %T a weekday, %N a small number, %Z the case number,
 * %% a percent sign.  cit: what citizens write; note: what agents note.
 */
struct topic {
	const char *name;
	const char *en; /* for English texts */
	int queue, aff, seas, kprof;
	double weight, aht; /* relative frequency, handle-time factor */
	int pii;            /* PII kinds citizens add for this topic */
	const char *cit[3];
	const char *note[2];
};

#define PII_ID      (PII_BSN | PII_PHONE | PII_EMAIL | PII_ADDRESS)
#define PII_MONEY   (PII_BSN | PII_IBAN | PII_PHONE | PII_EMAIL)
#define PII_CONTACT (PII_PHONE | PII_EMAIL | PII_ADDRESS)

static const struct topic topics[] = {
	{"paspoort aanvragen", "passport application", Q_BZ, A_CIVIL, S_TRAVEL,
		KP_Q, 9, 1.0, PII_ID,
		{"Mijn paspoort verloopt over %N weken en we gaan op vakantie. "
		 "Kan ik nog op tijd een nieuw paspoort krijgen?",
			"Ik wil een paspoort aanvragen voor mijn dochter van "
			"%N. "
			"Moet zij zelf mee naar de balie?",
			"Is mijn nieuwe paspoort al klaar? Ik heb het op %D "
			"aangevraagd en nog geen bericht gehad."},
		{"Uitleg gegeven over aanvraag paspoort, afspraak gemaakt "
		 "voor %T.",
			"Vraag over levertijd paspoort, "
			"spoedprocedure uitgelegd (extra kosten)."}},
	{"identiteitskaart aanvragen", "identity card", Q_BZ, A_CIVIL, S_TRAVEL,
		KP_Q, 5, 0.9, PII_ID,
		{"Wat kost een ID-kaart en hoe lang duurt het voordat hij "
		 "klaar is?",
			"Mijn ID-kaart is gestolen. Moet ik eerst aangifte "
			"doen "
			"bij de politie of kan ik direct een nieuwe aanvragen?",
			"Kan ik mijn identiteitskaart ook op zaterdag "
			"ophalen?"},
		{"ID-kaart kwijt: vermissing en nieuwe aanvraag uitgelegd.",
			"Tarief ID-kaart doorgegeven, afspraak ingepland."}},
	{"rijbewijs verlengen", "driving licence renewal", Q_BZ, A_CIVIL,
		S_FLAT, KP_Q, 5, 1.0, PII_ID,
		{"Mijn rijbewijs verloopt op %D. Ik ben 75+, heb ik een "
		 "Gezondheidsverklaring nodig van het CBR?",
			"Kan ik mijn rijbewijs online verlengen of moet ik "
			"naar "
			"het stadhuis komen?",
			"Ik heb mijn rijbewijs aangevraagd maar het CBR zegt "
			"\"aanvraag onvolledig\". Wat moet ik doen?"},
		{"Verlenging rijbewijs: pasfoto en oude rijbewijs meenemen, "
		 "afspraak %T.",
			"Burger verwezen naar CBR voor "
			"gezondheidsverklaring."}},
	{"verhuizing doorgeven", "change of address", Q_BZ, A_CIVIL, S_SPRING,
		KP_Q, 6, 0.9, PII_ID,
		{"Wij verhuizen op %D naar de %S. Hoe geef ik dat door, en "
		 "moet mijn vriendin het apart doen?",
			"Ik heb mijn verhuizing online doorgegeven maar ik "
			"krijg "
			"een foutmelding bij DigiD.",
			"Mijn zoon woont nog op ons adres ingeschreven maar "
			"hij "
			"woont al in het buitenland. Wat nu?"},
		{"Verhuizing: uitgelegd dat het online kan met DigiD, "
		 "link gestuurd.",
			"Adreswijziging niet verwerkt, "
			"doorgezet naar backoffice Burgerzaken."}},
	{"uittreksel BRP aanvragen", "extract from the population register",
		Q_BZ, A_CIVIL, S_FLAT, KP_Q, 3, 0.8, PII_ID,
		{"Ik heb een uittreksel uit de BRP nodig voor mijn nieuwe "
		 "werkgever. Kan dat digitaal?",
			"Hoeveel kost een internationaal uittreksel?",
			"Kan mijn vader een uittreksel voor mij ophalen?"},
		{"Uittreksel BRP: online aanvragen uitgelegd.",
			"Uittreksel klaargezet, burger haalt op %T op."}},
	{"aangifte geboorte", "registering a birth", Q_BZ, A_CIVIL, S_FLAT,
		KP_Q, 1.5, 1.2, PII_ID,
		{"Onze dochter is op %D geboren. Hoe doen we aangifte en "
		 "moeten we allebei komen?",
			"Kan de erkenning van ons kind al voor de geboorte?",
			"Binnen hoeveel dagen moet ik aangifte doen van de "
			"geboorte van onze zoon?"},
		{"Aangifte geboorte: afspraak ingepland, uitgelegd wat mee "
		 "te nemen.",
			"Vraag over erkenning ongeboren vrucht "
			"beantwoord."}},
	{"huwelijk en partnerschap", "marriage and partnership", Q_BZ, A_CIVIL,
		S_SPRING, KP_Q, 1.5, 1.3, PII_ID,
		{"We willen op %D trouwen in het stadhuis. Is die datum nog "
		 "vrij en wat kost een gratis huwelijk?",
			"Kunnen wij onze trouwlocatie zelf kiezen, "
			"bijvoorbeeld "
			"een café in het Centrum?",
			"Welke documenten heeft mijn partner uit het "
			"buitenland "
			"nodig voor de melding voorgenomen huwelijk?"},
		{"Melding voorgenomen huwelijk uitgelegd, doorverbonden met "
		 "trouwambtenaar.",
			"Beschikbaarheid trouwdata "
			"nagevraagd, burger mailt voorkeur."}},
	{"afspraak maken of wijzigen", "making an appointment", Q_BZ, A_CIVIL,
		S_FLAT, KP_Q, 6, 0.6, PII_CONTACT,
		{"Ik kan niet op mijn afspraak van %T komen. Kan ik die "
		 "verzetten?",
			"Waarom kan ik online pas over %N weken terecht? Dat "
			"is "
			"echt te laat.",
			"Ik wil graag een afspraak maken voor de balie, liefst "
			"op donderdagavond."},
		{"Afspraak verzet naar %T.", "Afspraak ingepland, "
					     "bevestiging per e-mail."}},
	{"afvalinzameling grofvuil", "bulky waste collection", Q_AFVAL, A_INFO,
		S_SPRING, KP_Q, 8, 0.8, PII_CONTACT,
		{"Ik wil grofvuil laten ophalen: een bank, twee matrassen "
		 "en een kast. Hoe maak ik een afspraak?",
			"Het grofvuil is op %D niet opgehaald terwijl ik de "
			"bevestiging “afspraak ingepland” heb gekregen. Het "
			"staat nog steeds aan de straat!",
			"Mag een oude koelkast ook bij het grofvuil, of moet "
			"die "
			"naar de milieustraat?"},
		{"Afspraak grofvuil ingepland op %T, max. 2 m³.",
			"Grofvuil niet opgehaald, melding doorgezet naar "
			"inzamelaar."}},
	{"container kapot of vermist", "damaged or missing bin", Q_AFVAL,
		A_REPORT, S_FLAT, KP_REPORT, 4, 0.8, PII_CONTACT,
		{"Onze groene container is kapot: het deksel is eraf "
		 "gebroken bij het legen.",
			"Onze grijze container is na het legen op %D niet "
			"teruggezet en nu weg. Kunnen we een nieuwe krijgen?",
			"De ondergrondse container in de %S zit vol en de klep "
			"klemt."},
		{"Melding kapotte container aangemaakt voor inzamelaar.",
			"Vervangende container aangevraagd."}},
	{"afval niet opgehaald", "missed collection", Q_AFVAL, A_REPORT, S_FLAT,
		KP_REPORT, 5, 0.7, PII_CONTACT,
		{"De papiercontainers in de %S zijn vandaag niet geleegd.",
			"Al twee weken wordt ons gft niet opgehaald, het "
			"stinkt "
			"enorm met deze temperaturen.",
			"Waarom is de vuilniswagen op %T onze straat "
			"overgeslagen?"},
		{"Melding niet geleegd doorgezet, inhaalronde morgen.",
			"Afval niet opgehaald i.v.m. geparkeerde auto’s, "
			"uitgelegd."}},
	{"bladkorven", "leaf baskets", Q_AFVAL, A_REPORT, S_LEAVES, KP_REPORT,
		3, 0.6, PII_CONTACT,
		{"De bladkorf in de %S zit helemaal vol, er ligt overal "
		 "blad op de stoep en het is glad.",
			"Kunnen we een bladkorf krijgen in onze straat? Er "
			"staan "
			"zes grote eiken.",
			"De bladkorf bij de speeltuin is omgewaaid en ligt op "
			"de weg."},
		{"Melding volle bladkorf doorgezet naar buitendienst.",
			"Verzoek extra bladkorf genoteerd, beoordeling door "
			"wijkbeheer."}},
	{"afvalpas", "waste pass", Q_AFVAL, A_INFO, S_FLAT, KP_Q, 2, 0.6,
		PII_CONTACT,
		{"Ik ben mijn afvalpas kwijt, hoe kom ik aan een nieuwe?",
			"Mijn pas werkt niet bij de container in de %S, het "
			"lampje blijft rood.",
			"Hoeveel keer per jaar mag ik gratis naar de "
			"milieustraat?"},
		{"Nieuwe afvalpas aangevraagd (kosten uitgelegd).",
			"Pas geblokkeerd, gedeblokkeerd."}},
	{"straatverlichting defect", "broken street light", Q_AFVAL, A_REPORT,
		S_WINTER, KP_REPORT, 3, 0.6, PII_CONTACT,
		{"De lantaarnpaal in de %S doet het al een week niet meer. "
		 "Het is 's avonds echt donker.",
			"Twee lantaarnpalen bij het fietspad langs de %S "
			"knipperen de hele nacht.",
			"De straatverlichting op de hoek van de %S brandt "
			"overdag en is 's nachts uit?!"},
		{"Melding defecte lantaarnpaal doorgezet.",
			"Storing straatverlichting bekend, reparatie "
			"gepland."}},
	{"losliggende stoeptegels", "loose paving stones", Q_AFVAL, A_REPORT,
		S_FLAT, KP_REPORT, 3, 0.6, PII_CONTACT,
		{"In de %S liggen stoeptegels los, mijn moeder is er bijna "
		 "over gevallen met haar rollator.",
			"Door boomwortels staat de stoep in de %S helemaal "
			"scheef.",
			"Er zit een gat in het fietspad bij de %S, "
			"levensgevaarlijk "
			"in het donker."},
		{"Melding losse tegels aangemaakt.",
			"Gevaarlijke situatie: spoedmelding wegbeheer."}},
	{"wateroverlast", "flooding", Q_AFVAL, A_REPORT, S_WINTER, KP_REPORT,
		1.5, 0.8, PII_CONTACT,
		{"Na de regen staat de %S helemaal blank, het water komt "
		 "bijna over de drempel.",
			"De put in de %S is verstopt en het water loopt niet "
			"weg.",
			"Ons souterrain staat onder water, ik denk dat het "
			"riool "
			"overstroomt. Wat kan de gemeente doen?"},
		{"Melding wateroverlast doorgezet naar riolering.",
			"Verstopte kolk gemeld, ploeg komt langs."}},
	{"overlast ratten en ongedierte", "rats and vermin", Q_AFVAL, A_REPORT,
		S_SUMMER, KP_REPORT, 1.5, 0.8, PII_CONTACT,
		{"Ik zie al dagen ratten bij de containers in de %S.",
			"Er zit een wespennest in de boom voor ons huis, is de "
			"gemeente daarvoor?",
			"Bij het speelveld in %W lopen ratten rond, er wordt "
			"brood gevoerd aan de eenden."},
		{"Melding ratten doorgezet naar ongediertebestrijding.",
			"Wespennest op privéterrein: verwezen naar "
			"bestrijder."}},
	{"zwerfafval", "litter", Q_AFVAL, A_REPORT, S_SUMMER, KP_REPORT, 2, 0.5,
		PII_CONTACT,
		{"Er is in de %S een hele berg afval gedumpt: matrassen, "
		 "verfblikken en zakken.",
			"Na het weekend ligt het park in %W vol met blikjes en "
			"lachgascilinders.",
			"Iemand zet elke week vuilniszakken naast de container "
			"in de %S."},
		{"Melding illegale dump doorgezet naar handhaving.",
			"Zwerfafval gemeld, veegploeg ingepland."}},
	{"gladheidsbestrijding", "gritting", Q_AFVAL, A_REPORT, S_WINTER,
		KP_REPORT, 1, 0.5, PII_CONTACT,
		{"Waarom wordt het fietspad langs de %S niet gestrooid? Het "
		 "is spiegelglad.",
			"Kunnen jullie de stoep bij het verzorgingshuis in %W "
			"strooien?",
			"Er is gisteren niet gestrooid in onze wijk en mijn "
			"buurman is gevallen."},
		{"Strooiroute uitgelegd, melding doorgezet.",
			"Gladheid gemeld bij steunpunt."}},
	{"overlast", "nuisance", Q_AFVAL, A_REPORT, S_SUMMER, KP_NUISANCE, 3,
		1.1, PII_CONTACT,
		{"Elke avond hangt een groep jongeren bij het winkelcentrum "
		 "in %W, met harde muziek en scooters.",
			"De buren houden al weken na middernacht feestjes. Wat "
			"kan ik doen?",
			"Er staat al %N weken een caravan in de %S die niet "
			"van "
			"een bewoner is."},
		{"Overlast jongeren: doorgezet naar wijkagent en boa's.",
			"Burenoverlast: verwezen naar buurtbemiddeling."}},
	{"bomen en groenonderhoud", "trees and green maintenance", Q_AFVAL,
		A_REPORT, S_SUMMER, KP_REPORT, 2, 0.6, PII_CONTACT,
		{"De heg in de %S is zo hoog dat je het verkeer niet meer "
		 "ziet.",
			"Er is een grote tak uit de boom in de %S gewaaid die "
			"op "
			"de stoep ligt.",
			"Wanneer wordt het gras in het plantsoen in %W weer "
			"gemaaid?"},
		{"Groenmelding aangemaakt voor wijkbeheer.",
			"Snoeiplanning doorgegeven."}},
	{"parkeervergunning", "parking permit", Q_VERG, A_PERMIT, S_FLAT, KP_Q,
		5, 0.9, PII_CONTACT | PII_IBAN,
		{"Ik heb een nieuwe auto, hoe zet ik het kenteken op mijn "
		 "parkeervergunning?",
			"Waarom kost een tweede parkeervergunning in het "
			"Centrum "
			"zoveel meer?",
			"Mijn bezoekersvergunning werkt niet in de app."},
		{"Kenteken gewijzigd op vergunning.",
			"Wachtlijst "
			"parkeervergunning uitgelegd."}},
	{"kapvergunning", "tree felling permit", Q_VERG, A_PERMIT, S_SPRING,
		KP_Q, 1.5, 1.0, PII_CONTACT,
		{"Heb ik een kapvergunning nodig voor een berk van ongeveer "
		 "%N meter in mijn achtertuin?",
			"Mijn buurman kapt een boom zonder vergunning, denk "
			"ik. "
			"Kan de gemeente dat controleren?",
			"Hoe lang duurt het voordat ik hoor of de "
			"kapvergunning "
			"(%Z) is verleend?"},
		{"Kapvergunning: criteria uitgelegd, verwezen naar "
		 "Omgevingsloket.",
			"Status kapvergunning opgevraagd "
			"bij vakafdeling."}},
	{"omgevingsvergunning", "environment permit", Q_VERG, A_PERMIT,
		S_SPRING, KP_Q, 2.5, 1.3, PII_CONTACT,
		{"Mag ik zonder vergunning een dakkapel aan de achterkant "
		 "plaatsen?",
			"We willen een uitbouw van %N meter. Wie kan met ons "
			"meekijken naar de tekeningen?",
			"Ik heb bezwaar tegen de bouwplannen van de buren in "
			"de "
			"%S. Hoe doe ik dat?"},
		{"Vergunningcheck Omgevingsloket uitgelegd.",
			"Terugbelverzoek "
			"voor vergunningverlener."}},
	{"evenementenvergunning", "event permit", Q_VERG, A_PERMIT, S_SUMMER,
		KP_Q, 1, 1.2, PII_CONTACT,
		{"We organiseren op %D een buurtbarbecue in de %S. Moeten "
		 "we de straat laten afsluiten?",
			"Hoe ver van tevoren moet ik een evenementenvergunning "
			"aanvragen?",
			"Is er een melding gedaan voor het festival in het "
			"Zuiderpark? Het geluid is enorm."},
		{"Evenementenvergunning: termijnen uitgelegd.",
			"Buurtfeest: melding i.p.v. vergunning voldoende."}},
	{"gehandicaptenparkeerkaart", "disabled parking card", Q_VERG, A_PERMIT,
		S_FLAT, KP_Q, 1, 1.1, PII_ID,
		{"Mijn man kan nog maar %N meter lopen. Komt hij in "
		 "aanmerking voor een gehandicaptenparkeerkaart?",
			"Mijn gehandicaptenparkeerkaart verloopt, moet ik weer "
			"een keuring?",
			"Kan er een gehandicaptenparkeerplaats voor onze deur "
			"in "
			"de %S komen?"},
		{"Aanvraag GPK uitgelegd, formulier gestuurd.",
			"Medische keuring GPK: doorgezet naar Zorg."}},
	{"belastingen WOZ-waarde", "property valuation (WOZ)", Q_BEL, A_TAX,
		S_WOZ, KP_Q, 4, 1.0, PII_MONEY | PII_ADDRESS,
		{"De WOZ-waarde van ons huis is met %N0%% gestegen. Hoe kan "
		 "ik bezwaar maken?",
			"Ik wil het taxatieverslag van mijn woning in de %S "
			"inzien.",
			"Ik heb op %D bezwaar gemaakt tegen de WOZ-beschikking "
			"en nog niets gehoord."},
		{"Bezwaar WOZ uitgelegd, taxatieverslag via Mijn "
		 "Lindendam.",
			"Status bezwaar WOZ opgevraagd."}},
	{"kwijtschelding gemeentelijke belastingen", "tax remission", Q_BEL,
		A_TAX, S_WOZ, KP_Q, 2, 1.2, PII_MONEY,
		{"Ik heb een bijstandsuitkering, kan ik kwijtschelding "
		 "krijgen voor de afvalstoffenheffing?",
			"Mijn verzoek om kwijtschelding is afgewezen maar mijn "
			"inkomen is echt te laag.",
			"Moet ik elk jaar opnieuw kwijtschelding aanvragen?"},
		{"Kwijtschelding: normen uitgelegd, formulier gestuurd.",
			"Afwijzing kwijtschelding: administratief beroep "
			"uitgelegd."}},
	{"afvalstoffenheffing en rioolheffing", "waste and sewer charges",
		Q_BEL, A_TAX, S_WOZ, KP_Q, 2, 0.9, PII_MONEY,
		{"Ik woon alleen, waarom betaal ik het tarief voor een "
		 "meerpersoonshuishouden?",
			"Ik wil de aanslag in %N termijnen betalen via "
			"automatische incasso.",
			"Ik heb de aanslag dubbel betaald, kan ik het geld "
			"terugkrijgen?"},
		{"Aanslag gecorrigeerd naar eenpersoonshuishouden.",
			"Automatische incasso uitgelegd."}},
	{"hondenbelasting", "dog tax", Q_BEL, A_TAX, S_FLAT, KP_Q, 0.7, 0.7,
		PII_MONEY,
		{"Onze hond is overleden, hoe meld ik hem af voor de "
		 "hondenbelasting?",
			"Waarom betalen we hondenbelasting als er nergens "
			"poepzakjes zijn in %W?",
			"We hebben sinds %D een puppy. Moet ik die aanmelden?"},
		{"Hond afgemeld per %D.", "Hondenbelasting: aanmelding "
					  "verwerkt."}},
	{"bijstandsuitkering", "social assistance", Q_WI, A_INCOME, S_FLAT,
		KP_Q, 4, 1.4, PII_MONEY | PII_ADDRESS,
		{"Mijn uitkering is deze maand niet op mijn rekening "
		 "gestort. Ik heb geen geld voor boodschappen.",
			"Ik ben mijn baan kwijt. Kan ik bijstand aanvragen en "
			"hoe lang duurt dat?",
			"Moet ik het doorgeven als mijn dochter weer bij mij "
			"komt wonen?"},
		{"Betaling uitkering nagevraagd bij backoffice W&I.",
			"Aanvraag bijstand: uitgelegd via werk.nl, "
			"terugbelverzoek consulent."}},
	{"schuldhulpverlening", "debt counselling", Q_WI, A_INCOME, S_FLAT,
		KP_Q, 2, 1.5, PII_MONEY,
		{"Ik heb schulden en de deurwaarder staat op %D voor de "
		 "deur. Kan iemand mij helpen?",
			"Hoe lang duurt het voordat ik een gesprek krijg bij "
			"schuldhulpverlening?",
			"Mijn broer durft zelf niet te bellen over zijn "
			"schulden, kan ik dat voor hem doen?"},
		{"Aanmelding schuldhulp, terugbelverzoek consulent.",
			"Spoed: beslag dreigt, doorgezet naar schuldhulp."}},
	{"energietoeslag", "energy allowance", Q_WI, A_INCOME, S_WINTER, KP_Q,
		1, 1.0, PII_MONEY,
		{"Kom ik in aanmerking voor de energietoeslag? Mijn "
		 "inkomen is net boven het minimum.",
			"Ik heb de energietoeslag aangevraagd op %D, wanneer "
			"wordt die uitbetaald?",
			"Waarom is mijn aanvraag voor de energietoeslag "
			"afgewezen?"},
		{"Voorwaarden energietoeslag uitgelegd.",
			"Status aanvraag energietoeslag opgevraagd."}},
	{"WMO-voorziening", "social support (WMO)", Q_ZORG, A_INCOME, S_FLAT,
		KP_Q, 4, 1.5, PII_ID,
		{"Mijn moeder (%N0 jaar) kan niet meer zelf douchen. Kan ze "
		 "hulp bij het huishouden of een aanpassing krijgen via "
		 "de Wmo?",
			"De scootmobiel van mijn vader is al %N weken kapot en "
			"de leverancier reageert niet.",
			"Wanneer komt het keukentafelgesprek? Ik heb me op %D "
			"gemeld."},
		{"Wmo-melding aangemaakt, consulent neemt contact op.",
			"Klacht leverancier hulpmiddel doorgezet naar Wmo."}},
	{"leerlingenvervoer", "school transport", Q_ZORG, A_INCOME, S_SCHOOL,
		KP_Q, 1, 1.2, PII_ID,
		{"Mijn zoon gaat na de zomer naar het speciaal onderwijs. "
		 "Hoe vraag ik leerlingenvervoer aan?",
			"De taxi voor het leerlingenvervoer was vanochtend "
			"weer "
			"niet gekomen!",
			"Kan de taxi onze dochter op %T later ophalen?"},
		{"Aanvraag leerlingenvervoer uitgelegd.",
			"Klacht vervoerder doorgezet."}},
	{"jeugdhulp", "youth care", Q_ZORG, A_INCOME, S_FLAT, KP_Q, 1.5, 1.6,
		PII_ID,
		{"Wij zoeken hulp voor onze zoon van %N, waar moeten we "
		 "beginnen?",
			"Onze beschikking jeugdhulp loopt af, hoe verlengen we "
			"die?",
			"Ik maak me zorgen over de kinderen van de buren."},
		{"Doorverbonden met het sociaal wijkteam.",
			"Verlenging beschikking: doorgezet naar Jeugd."}},
	{"klacht over dienstverlening", "complaint about service", Q_ALG,
		A_FEEDBACK, S_FLAT, KP_COMPLAINT, 2, 1.4, PII_CONTACT,
		{"Ik heb %N keer gebeld en ben steeds doorverbonden zonder "
		 "antwoord. Dit is echt onacceptabel.",
			"De medewerker aan de balie was onbeleefd en heeft mij "
			"niet geholpen.",
			"Ik heb op %D een e-mail gestuurd en na drie weken nog "
			"geen reactie, terwijl er op de website “binnen vijf "
			"werkdagen” staat."},
		{"Klacht geregistreerd, klachtcoördinator neemt contact op.",
			"Klacht over bereikbaarheid genoteerd."}},
	{"compliment", "compliment", Q_ALG, A_FEEDBACK, S_FLAT, KP_COMPLIMENT,
		0.6, 0.6, 0,
		{"Ik wil de medewerker van vanochtend bedanken, wat een "
		 "fijne hulp!",
			"Complimenten voor de buitendienst: binnen een dag was "
			"de lantaarnpaal gerepareerd.",
			"Top geholpen aan de balie, heel vriendelijk en snel. "
			"👍"},
		{"Compliment doorgegeven aan teamleider.",
			"Compliment voor buitendienst genoteerd."}},
	{"algemene informatie", "general information", Q_ALG, A_INFO, S_FLAT,
		KP_Q, 4, 0.6, 0,
		{"Wat zijn de openingstijden van het stadhuis rond de "
		 "feestdagen?",
			"Waar kan ik mijn stem uitbrengen als ik niet in "
			"Lindendam ben?",
			"Kunnen jullie mij het telefoonnummer van de "
			"woningcorporatie geven?"},
		{"Openingstijden doorgegeven.", "Doorverwezen naar externe "
						"organisatie."}},
};
#define NTOPIC (int)(sizeof topics / sizeof topics[0])

/* Openers and closers of what citizens write, by style. */
static const char *const open_formal[] = {"Geachte heer/mevrouw,\n\n",
	"Beste gemeente,\n\n", "Goedemiddag,\n\n", "L.S.,\n\n",
	"Beste medewerker,\n\n"};
static const char *const open_informal[] = {"Hoi, ", "Goedemorgen! ", "Hallo, ",
	"Hee, ", "", "Goedemiddag, "};
static const char *const close_formal[] = {"\n\nMet vriendelijke groet,\n",
	"\n\nVriendelijke groeten,\n", "\n\nAlvast bedankt,\n", "\n\nGroet,\n"};
static const char *const close_informal[] = {"", " Alvast bedankt!",
	" Groetjes", " Dank je wel 🙂", "", " Thanks!"};
static const char *const social_prefix[] = {"@gemeentelindendam ",
	"@Lindendam ", "Hee @gemeentelindendam, ", ""};

/* A contact again about a matter already raised. */
static const char *const followup_cit[] = {
	("Ik heb hier op %D al over contact gehad, maar er is nog niets "
	 "gebeurd. "),
	"Dit is al de %Ne keer dat ik hierover contact opneem. ",
	"Graag een reactie op mijn eerdere melding (%Z). ",
	"Ik zou teruggebeld worden maar heb niets gehoord. ",
	"Vervolg op mijn vraag van %T: ",
};
static const char *const followup_note[] =
	{("Eerder contact over deze vraag, "), "Belt opnieuw: ",
		"Vervolgcontact (%Z): ", "Burger heeft al eerder gebeld, "};

/* English, Polish, Turkish texts. */
static const char *const foreign_text[][3] = {
	[LANG_ENG] = {"Hello, I recently moved to Lindendam and I have a "
		      "question about %E. Could you help me in English?",
		"Hi, what do I need to do for %E? My Dutch is not good "
		"enough yet, sorry.",
		"Dear municipality, I'm writing about %E. Can someone call "
		"me back?"},
	[LANG_POL] = {"Dzień dobry, mam pytanie w sprawie %E. "
		      "Czy mogę pisać po polsku?",
		"Dzień dobry, pracuję w Lindendam i "
		"potrzebuję informacji: %E.",
		"Proszę o pomoc: %E."},
	[LANG_TUR] = {"Merhaba, %E hakkında bir sorum var.",
		"İyi günler, %E için ne yapmam "
		"gerekiyor?",
		"Merhaba, annem için yardım istiyorum: %E."},
};

/* What agents write in chat and WhatsApp (raw exports only). */
static const char *const agent_greet[] =
	{("Goedemorgen, u spreekt met %A van de gemeente Lindendam. "
	  "Waarmee kan ik u helpen?"),
		"Hallo! Ik ben %A, ik kijk even met u mee.",
		"Goedemiddag, dank voor uw bericht. Ik zoek het voor u uit."};
static const char *const agent_mid[] = {"Een moment, ik zoek het even op.",
	"Dank u. Kunt u mij uw postcode en huisnummer geven?",
	"Ik zie het, dat klopt. Ik heb het voor u doorgezet.",
	("Dat kan via Mijn Lindendam met DigiD, ik stuur u de link:\n"
	 "https://www.lindendam.example/mijn"),
	("Helaas kan ik dat niet direct regelen, een collega neemt binnen "
	 "twee werkdagen contact met u op.")};
static const char *const agent_close[] = {"Graag gedaan! Fijne dag nog.",
	"Kan ik u verder nog ergens mee helpen? Dan sluit ik de chat.",
	"Bedankt voor het doorgeven, prettige dag!"};
static const char *const citizen_mid[] = {"Oké, ik wacht even.",
	"Ja hoor, dat is goed.", "Dank je! Is het dan morgen opgelost?",
	"Hoe lang gaat dat duren?", "Super, bedankt.", "Ok", "👍",
	"Nee, dat was het. Dank u wel!"};
static const char *const rating_comment[] = {"Snel en vriendelijk "
					     "geholpen",
	"Duidelijk antwoord",
	"Duurde lang voordat er iemand "
	"reageerde",
	"Prima", "Vraag niet opgelost", "Top!"};

static const char *const month_nl[] = {"januari", "februari", "maart", "april",
	"mei", "juni", "juli", "augustus", "september", "oktober", "november",
	"december"};
static const char *const wday_nl[] = {"", "maandag", "dinsdag", "woensdag",
	"donderdag", "vrijdag", "zaterdag", "zondag"};

/* --------------------------------------------------------------- state */

struct citizen {
	uint32_t id;
	int first, last, wijk, street, houseno, mobile;
	char suffix[3]; /* "", "A", "-2" */
	char pcl[3];    /* postcode letters */
	int pc4;
	char phone[11];                       /* national form, "0612345678" */
	int email_form, email_dom, email_num; /* see citizen_email() */
	char bsn[10];
	char iban[19];
};

/* A working day's windows as instants: [s1, e1) and [s2, e2); s1 NEVER
 * when off. */
struct shift {
	int64_t s1, e1, s2, e2;
};

struct agent {
	char id[16];
	char name[64];
	char team_name[24];
	int grp, team, pattern, lunch, dayoff, dayoff2;
	double speed;    /* handle-time factor */
	struct shift sh; /* today */
	int64_t free_at; /* phone, desk */
	int64_t slot[3]; /* chat sessions */
};

/* A local calendar day. */
struct day {
	int64_t days;      /* since 1970-01-01 */
	int y, m, d, dow;  /* dow: 1 Monday .. 7 Sunday */
	int holiday, open; /* open: a weekday that is not a holiday */
	int32_t off;       /* UTC offset at midnight */
	int trans;         /* the offset changes during the day */
};

/* An open history: a matter that will bring its citizen back. */
struct hist {
	int64_t due;
	uint32_t hid, cid, case_no;
	uint16_t topic;
	uint8_t kind, seq, forced, attempts, loc_wijk, loc_street;
	uint8_t hot;
};

struct heap {
	struct hist *a;
	size_t n, cap;
};

struct slot {
	int64_t t;
	uint32_t n; /* tie-breaker: order of creation */
	uint8_t ch, hot;
};

struct contact {
	int ch, dir, topic, topic_shown, topic_by, kind, lang;
	int64_t start, end;
	int wait, talk, hold, acw, handle; /* -1: absent */
	int agent;                         /* -1: absent */
	const char *queue;
	int outcome, resolution, csat, nps, ces; /* -1: absent */
	int topic_conf;                          /* percent, -1 absent */
	int has_citizen, has_area, has_loc, wijk, street, pc4;
	uint32_t cid;
	int32_t lat_u, lon_u; /* micro-degrees */
	int messages, media;  /* -1: absent */
	uint32_t case_no;
	uint32_t hid; /* 0: none */
	int seq, hot, followup;
	unsigned pii;
	const char *channel_raw;
	char id[24];
	char text[2048];
	size_t text_n;
	struct citizen cz; /* valid if has_citizen */
	uint64_t raw_seed; /* for raw-only details */
};

struct raw;

struct gen {
	uint64_t seed, n, emitted;
	struct rng r;
	struct kcc_tz *tz;
	int64_t day0;
	int nagents, grp_first[G__N], grp_n[G__N], nphone_teams;
	struct agent *agents;
	uint32_t population;
	double beta, scale_desk;
	/* The forecast of phone and chat arrivals by weekday and quarter
	 * hour from 08:30. */
#define NRATE 48
	double rate[2][8][NRATE];
	double weekly[NCHAN]; /* expected arrivals a week, async */
	double topic_w[12][NCHAN][NTOPIC];
	double wijk_w[NWIJK];
	/* the hotspot */
	int hot_wijk, hot_topic, hot_total;
	int64_t hot_day; /* first day (days since epoch) */
	/* open histories, min-heaps on (due, hid): citizens coming back,
	 * and callbacks the organisation owes */
	struct heap back, callbacks;
	uint32_t next_hid, next_case;
	uint32_t n_tel, n_kc, n_wf, n_ch, n_wa;
	struct slot *slots;
	size_t nslots, capslots;
	uint32_t slot_n;
	struct day today;
	struct contact c; /* the contact being made */
	struct kcc_out out;
	struct raw *raw;
};

/* ------------------------------------------------------------ calendar */

/* Easter Sunday (Gregorian), as days since the epoch. */
static int64_t
easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;

	return kcc_days_from_civil(y, (unsigned)month, (unsigned)day);
}

/* Dutch public holidays on which the offices close. */
static int
is_holiday(int64_t days, int y, int m, int d, int dow)
{
	int64_t e = easter(y);

	if ((m == 1 && d == 1) || (m == 12 && (d == 25 || d == 26)))
		return 1;
	/* King's Day: 27 April, or the 26th when the 27th is a Sunday. */
	if (m == 4 && ((d == 27 && dow != 7) || (d == 26 && dow == 6)))
		return 1;
	return days == e + 1 || days == e + 39 || days == e + 50;
}

static void
day_make(struct gen *g, int64_t days, struct day *dy)
{
	int64_t y;
	unsigned m, d;

	kcc_civil_from_days(days, &y, &m, &d);
	dy->days = days;
	dy->y = (int)y;
	dy->m = (int)m;
	dy->d = (int)d;
	dy->dow = (int)((days % 7 + 7 + 3) % 7) + 1;
	dy->holiday = is_holiday(days, dy->y, dy->m, dy->d, dy->dow);
	dy->open = dy->dow <= 5 && !dy->holiday;
	/* Offsets of Europe/Amsterdam at local midnight and a day later. */
	dy->off = kcc_tz_offset(g->tz, days * DAY_S - 3600);
	dy->off = kcc_tz_offset(g->tz, days * DAY_S - dy->off);
	dy->trans =
		kcc_tz_offset(g->tz, (days + 1) * DAY_S - dy->off) != dy->off;
}

/* The instant of local time `sod` seconds after midnight of day dy. */
static int64_t
at(struct gen *g, const struct day *dy, int sod)
{
	struct kcc_time t;
	const char *why;

	if (!dy->trans)
		return dy->days * DAY_S + sod - dy->off;
	if (sod >= DAY_S)
		sod = DAY_S - 1;
	if (kcc_tz_local(g->tz, dy->y, dy->m, dy->d, sod / 3600, sod / 60 % 60,
		    sod % 60, 0, KCC_GAP_SHIFT, KCC_FOLD_EARLIER, &t, &why) < 0)
		return dy->days * DAY_S + sod - dy->off;
	return t.sec;
}

/* Local day number and seconds of day of an instant. */
static int64_t
local_day(struct gen *g, int64_t t, int *sod)
{
	int64_t local = t + kcc_tz_offset(g->tz, t);
	int64_t days = local >= 0 ? local / DAY_S : (local - DAY_S + 1) / DAY_S;

	if (sod != NULL)
		*sod = (int)(local - days * DAY_S);
	return days;
}

#define HM(h, m) ((h)*3600 + (m)*60)

/*
 * The first instant not before t that falls within [open_s, close_s) on
 * an open day; an instant outside is moved to the next opening plus up to
 * `jitter` seconds.
 */
static int64_t
office_next(struct gen *g, int64_t t, int open_s, int close_s, int jitter,
	struct rng *r)
{
	struct day dy;
	int sod, i;
	int64_t days = local_day(g, t, &sod);

	for (i = 0; i < 30; i++, days++, sod = 0) {
		day_make(g, days, &dy);
		if (!dy.open || sod >= close_s)
			continue;
		if (sod >= open_s)
			return t;
		return at(g, &dy,
			open_s + (int)rng_below(r, (uint32_t)jitter + 1));
	}
	return t;
}

/* -------------------------------------------------------------- agents */

static const char *const grp_team[G__N] = {"Telefonie", "Balie", "Digitaal",
	"Schriftelijk"};

/* Agent a's working windows on day dy. */
static void
agent_shift(struct gen *g, int ai, const struct day *dy, struct shift *sh)
{
	const struct agent *a = &g->agents[ai];
	int s1, e1, s2, e2, lunch;

	sh->s1 = sh->e1 = sh->s2 = sh->e2 = NEVER;
	if (!dy->open || dy->dow == a->dayoff || dy->dow == a->dayoff2)
		return;
	/* Sick, on leave or on a course: about 8 in 100 working days. */
	if (mix3(g->seed, (uint64_t)ai + 1, (uint64_t)dy->days) % 1000 < 80)
		return;
	lunch = HM(12, 0) + a->lunch * 1800;
	switch (a->grp) {
	case G_PHONE:
	case G_WRITTEN:
		s1 = HM(8, 30);
		e2 = HM(17, 0);
		break;
	case G_DESK:
		s1 = HM(9, 0);
		e2 = HM(16, 30);
		if (a->pattern == 3) {
			/* Thursday evening opening: 13:00 to 20:00. */
			if (dy->dow == 4) {
				s1 = HM(13, 0);
				e2 = HM(20, 0);
				lunch = HM(17, 0);
			}
		}
		break;
	default:
		s1 = HM(9, 0);
		e2 = HM(17, 0);
		break;
	}
	if (a->pattern == 1) { /* early */
		e2 = HM(12, 30);
		e1 = s2 = e2;
	} else if (a->pattern == 2) { /* late */
		s1 = HM(12, 30);
		e1 = s2 = s1;
	} else {
		e1 = lunch;
		s2 = lunch + 1800;
	}
	sh->s1 = at(g, dy, s1);
	sh->e1 = at(g, dy, e1);
	sh->s2 = at(g, dy, s2);
	sh->e2 = at(g, dy, e2);
}

/* Earliest instant >= t at which the agent, free from `free_at`, can take
 * a new contact within today's windows; NEVER if none is left. */
static int64_t
agent_avail(const struct shift *sh, int64_t t, int64_t free_at)
{
	int64_t x = t > free_at ? t : free_at;

	if (sh->s1 == NEVER)
		return NEVER;
	if (x < sh->s1)
		x = sh->s1;
	if (x >= sh->e1 && x < sh->s2)
		x = sh->s2;
	if (x >= sh->e2)
		return NEVER;
	return x;
}

static int
agent_on_at(const struct shift *sh, int64_t t)
{
	return sh->s1 != NEVER &&
	       ((t >= sh->s1 && t < sh->e1) || (t >= sh->s2 && t < sh->e2));
}

static void
agents_make(struct gen *g, int nagents)
{
	/* Shares of the staff by the work each group carries (contacts x
	 * handle time / concurrency); one agent at least, two for chat so
	 * that it stays open; the phone gets the rest. */
	static const double work[G__N] = {0.48, 0.18, 0.08, 0.26};
	static const int dayoffs[] = {0, 3, 5, 2, 4, 0, 3, 5, 1, 4, 0, 2};
#define NDAYOFF (int)(sizeof dayoffs / sizeof dayoffs[0])
	int grp, i, k, n[G__N], rest, off;
	struct rng r;

	rng_seed(&r, mix3(g->seed, 0xa6e47, 0));
	rest = nagents;
	for (grp = G_DESK; grp < G__N; grp++) {
		n[grp] = (int)(work[grp] * nagents);
		if (n[grp] < 1 + (grp == G_DIGITAL))
			n[grp] = 1 + (grp == G_DIGITAL);
		rest -= n[grp];
	}
	n[G_PHONE] = rest;
	g->nagents = nagents;
	g->agents = kcc_xcalloc((size_t)nagents, sizeof *g->agents);
	g->nphone_teams = (n[G_PHONE] + 14) / 15;
	for (grp = 0, i = 0; grp < G__N; grp++) {
		g->grp_first[grp] = i;
		g->grp_n[grp] = n[grp];
		off = (int)rng_below(&r, NDAYOFF);
		for (k = 0; k < n[grp]; k++, i++) {
			struct agent *a = &g->agents[i];
			snprintf(a->id, sizeof a->id, "mw%03d", i + 1);
			snprintf(a->name, sizeof a->name, "%s %s",
				first_names[rng_below(&r, NFIRST)],
				last_names[rng_below(&r, NLAST)]);
			a->grp = grp;
			a->team = grp == G_PHONE ? k % g->nphone_teams : 0;
			/* 60% full days, then early and late shifts; some desk
			 * staff work the Thursday evening. */
			a->pattern = rng_chance(&r, 0.6)
					     ? 0
					     : 1 + (int)rng_below(&r, 2);
			if (grp == G_DESK && rng_chance(&r, 0.3))
				a->pattern = 3;
			a->lunch = (int)rng_below(&r, 3);
			/* Days off in turn through the team, so that small
			 * teams stay staffed: few on Monday, most on
			 * Wednesday and Friday. */
			a->dayoff = dayoffs[(k + off) % NDAYOFF];
			a->dayoff2 = 0;
			if (a->pattern == 1 || a->pattern == 2) {
				a->dayoff2 = dayoffs[(k + off + 3) % NDAYOFF];
				if (a->dayoff2 == 0 || a->dayoff2 == a->dayoff)
					a->dayoff2 = a->dayoff == 5 ? 2 : 5;
			}
			a->speed = rng_lognormal(&r, 1, 0.15);
			if (grp == G_PHONE && g->nphone_teams > 1)
				snprintf(a->team_name, sizeof a->team_name,
					"%s %d", grp_team[grp], a->team + 1);
			else
				snprintf(a->team_name, sizeof a->team_name,
					"%s", grp_team[grp]);
		}
	}
}

/* A random agent of group grp working on day dy (any, if none is). */
static int
agent_pick(struct gen *g, int grp, const struct day *dy, int64_t t,
	struct rng *r)
{
	struct shift sh;
	int i, ai = g->grp_first[grp];

	for (i = 0; i < 24; i++) {
		ai = g->grp_first[grp] +
		     (int)rng_below(r, (uint32_t)g->grp_n[grp]);
		agent_shift(g, ai, dy, &sh);
		if (sh.s1 != NEVER && (t == 0 || agent_on_at(&sh, t)))
			return ai;
	}
	return ai;
}

/* ------------------------------------------------------------ citizens */

/* Lowercase ASCII form of a name for e-mail addresses. */
static size_t
ascii_fold(const char *s, char *out, size_t cap)
{
	static const struct {
		const char *u;
		char a;
	} fold[] = {{"é", 'e'}, {"ë", 'e'}, {"ö", 'o'}, {"ü", 'u'}, {"Ö", 'o'},
		{"ç", 'c'}, {"ş", 's'}, {"ı", 'i'}, {"Ł", 'l'}, {"ś", 's'}};
	size_t n = 0, i;

	while (*s && n + 1 < cap) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80) {
			for (i = 0; i < sizeof fold / sizeof fold[0]; i++)
				if (strncmp(s, fold[i].u, 2) == 0)
					break;
			if (i < sizeof fold / sizeof fold[0])
				out[n++] = fold[i].a;
			s += 2;
			continue;
		}
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[n++] = (char)c;
		else if (c >= 'A' && c <= 'Z')
			out[n++] = (char)(c - 'A' + 'a');
		s++;
	}
	out[n] = '\0';
	return n;
}

static void
digits(struct rng *r, char *p, int n)
{
	while (n-- > 0)
		*p++ = (char)('0' + rng_below(r, 10));
}

/* A BSN passing the 11-test, in the 999 block. */
static void
make_bsn(struct rng *r, char bsn[10])
{
	int i, sum;

	for (;;) {
		memcpy(bsn, "999", 3);
		digits(r, bsn + 3, 5);
		for (i = 0, sum = 0; i < 8; i++)
			sum += (9 - i) * (bsn[i] - '0');
		if (sum % 11 == 10)
			continue;
		bsn[8] = (char)('0' + sum % 11);
		bsn[9] = '\0';
		return;
	}
}

/* An NL IBAN with bank code TEST, valid by mod 97. */
static void
make_iban(struct rng *r, char iban[19])
{
	char acct[11];
	const char *p;
	unsigned rem = 0, chk;
	int i;

	digits(r, acct, 10);
	acct[10] = '\0';
	/* BBAN, then "NL00", letters as 10..35. */
	for (i = 0; i < 2; i++) {
		p = i == 0 ? "TEST" : "NL";
		for (; *p; p++)
			rem = (rem * 100 + (unsigned)(*p - 'A' + 10)) % 97;
		if (i == 0)
			for (p = acct; *p; p++)
				rem = (rem * 10 + (unsigned)(*p - '0')) % 97;
	}
	rem = rem * 100 % 97;
	chk = 98 - rem;
	iban[0] = 'N';
	iban[1] = 'L';
	iban[2] = (char)('0' + chk / 10);
	iban[3] = (char)('0' + chk % 10);
	memcpy(iban + 4, "TEST", 4);
	memcpy(iban + 8, acct, 11);
}

static void
citizen_make(const struct gen *g, uint32_t cid, struct citizen *c)
{
	static const char letters[] = "ABCDEGHJKLMNPRSTVWXZ";
	struct rng r;

	rng_seed(&r, mix3(g->seed, 0xc171e2, cid));
	c->id = cid;
	c->first = (int)rng_below(&r, NFIRST);
	c->last = (int)rng_below(&r, NLAST);
	c->wijk = rng_pick(&r, g->wijk_w, NWIJK);
	c->street = (int)rng_below(&r, 6);
	c->houseno = 1 + (int)(rng_unif(&r) * rng_unif(&r) * 180);
	c->suffix[0] = '\0';
	if (rng_chance(&r, 0.08)) {
		c->suffix[0] = (char)('A' + rng_below(&r, 3));
		c->suffix[1] = '\0';
	} else if (rng_chance(&r, 0.05)) {
		c->suffix[0] = '-';
		c->suffix[1] = (char)('1' + rng_below(&r, 3));
		c->suffix[2] = '\0';
	}
	c->pc4 = wijken[c->wijk].pc4 +
		 (int)rng_below(&r, (uint32_t)wijken[c->wijk].npc4);
	do {
		c->pcl[0] = letters[rng_below(&r, sizeof letters - 1)];
		c->pcl[1] = letters[rng_below(&r, sizeof letters - 1)];
	} while (c->pcl[0] == 'S' &&
		 (c->pcl[1] == 'A' || c->pcl[1] == 'D' || c->pcl[1] == 'S'));
	c->pcl[2] = '\0';
	c->mobile = rng_chance(&r, 0.85);
	if (c->mobile) {
		memcpy(c->phone, "06", 2);
		c->phone[2] = (char)('1' + rng_below(&r, 5));
		digits(&r, c->phone + 3, 7);
	} else {
		memcpy(c->phone, "055", 3);
		c->phone[3] = (char)('2' + rng_below(&r, 7));
		digits(&r, c->phone + 4, 6);
	}
	c->phone[10] = '\0';
	c->email_form = (int)rng_below(&r, 4);
	c->email_dom = (int)rng_below(&r, 3);
	c->email_num = (int)rng_below(&r, 100);
	make_bsn(&r, c->bsn);
	make_iban(&r, c->iban);
}

/* The citizen's e-mail address (made only when a text or export needs
 * it). */
static void
citizen_email(const struct citizen *c, char *buf, size_t n)
{
	const char *dom = email_domains[c->email_dom];
	char f[40], l[40];

	ascii_fold(first_names[c->first], f, sizeof f);
	ascii_fold(last_names[c->last], l, sizeof l);
	switch (c->email_form) {
	case 0:
		snprintf(buf, n, "%s.%s@%s", f, l, dom);
		break;
	case 1:
		snprintf(buf, n, "%c.%s@%s", f[0], l, dom);
		break;
	case 2:
		snprintf(buf, n, "%s%s%02d@%s", f, l, c->email_num, dom);
		break;
	default:
		snprintf(buf, n, "%s_%d@%s", f, 1950 + c->email_num / 2, dom);
		break;
	}
}

/* The citizen's pseudonym: 32 lowercase hex digits. */
static void
pseudonym(const struct gen *g, uint32_t cid, char out[33])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t w[2];
	int i, k;

	w[0] = mix3(g->seed ^ 0x5eed5eed, cid, 1);
	w[1] = mix3(g->seed ^ 0x5eed5eed, cid, 2);
	for (k = 0; k < 2; k++)
		for (i = 0; i < 16; i++)
			out[k * 16 + i] = hex[(w[k] >> (60 - 4 * i)) & 15];
	out[32] = '\0';
}

/* ----------------------------------------------------------- histories */

static int
hist_less(const struct hist *a, const struct hist *b)
{
	return a->due < b->due || (a->due == b->due && a->hid < b->hid);
}

static int
heap_push(struct heap *hp, const struct hist *h)
{
	size_t i;

	if (hp->n == hp->cap)
		return -1;
	i = hp->n++;
	while (i > 0 && hist_less(h, &hp->a[(i - 1) / 2])) {
		hp->a[i] = hp->a[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	hp->a[i] = *h;
	return 0;
}

/* The first due time, NEVER when empty. */
static int64_t
heap_due(const struct heap *hp)
{
	return hp->n > 0 ? hp->a[0].due : NEVER;
}

static void
heap_pop(struct heap *hp, struct hist *out)
{
	struct hist last;
	size_t i = 0, c;

	*out = hp->a[0];
	last = hp->a[--hp->n];
	for (;;) {
		c = 2 * i + 1;
		if (c >= hp->n)
			break;
		if (c + 1 < hp->n && hist_less(&hp->a[c + 1], &hp->a[c]))
			c++;
		if (!hist_less(&hp->a[c], &last))
			break;
		hp->a[i] = hp->a[c];
		i = c;
	}
	if (hp->n > 0)
		hp->a[i] = last;
}

/* ------------------------------------------------------------ arrivals */

/* Mean agent seconds per call and chat session. */
#define AHT_PHONE  330.0
#define AHT_CHAT   900.0
#define CHAT_SLOTS 3

/* Phone intraday curve: relative load by local time of day. */
static double
phone_shape(int sod)
{
	if (sod < HM(9, 0))
		return 0.78;
	if (sod < HM(11, 0))
		return 1.12;
	if (sod < HM(12, 0))
		return 1.0;
	if (sod < HM(13, 30))
		return 0.88;
	if (sod < HM(15, 30))
		return 1.0;
	return 0.8;
}

static const double phone_dow[8] = {0, 1.08, 1.0, 0.97, 0.97, 0.92, 0, 0};

/* Hourly arrival weights of the channels that arrive around the clock. */
static const double hourly[NCHAN][24] = {
	[KCC_CH_EMAIL] = {0.4, 0.2, 0.1, 0.1, 0.1, 0.2, 0.6, 1.5, 3, 4, 4.2,
		3.8, 3, 3.4, 3.5, 3.2, 2.8, 2.2, 2, 2.4, 2.6, 2.2, 1.4, 0.8},
	[KCC_CH_WEBFORM] = {0.5, 0.2, 0.1, 0.1, 0.1, 0.2, 0.7, 1.6, 2.8, 3.5,
		3.7, 3.4, 3, 3.2, 3.2, 3, 2.8, 2.6, 2.6, 3, 3.1, 2.6, 1.7, 1},
	[KCC_CH_WHATSAPP] = {0.2, 0.1, 0, 0, 0, 0, 0.3, 1.2, 2.6, 3.4, 3.6, 3.2,
		2.8, 3, 3, 2.8, 2.6, 2.4, 2.5, 3, 3.2, 2.6, 1.5, 0.6},
	[KCC_CH_SOCIAL] = {0.5, 0.3, 0.1, 0.1, 0.1, 0.2, 0.5, 1.2, 2, 2.5, 2.6,
		2.5, 2.6, 2.5, 2.4, 2.3, 2.4, 2.6, 2.8, 3, 3, 2.6, 1.8, 1},
	[KCC_CH_LETTER] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 2, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0},
};
/* Weekend and holiday weight of a day against a weekday's 1. */
static const double weekend_w[NCHAN] = {[KCC_CH_EMAIL] = 0.35,
	[KCC_CH_WEBFORM] = 0.5,
	[KCC_CH_WHATSAPP] = 0.6,
	[KCC_CH_SOCIAL] = 0.8,
	[KCC_CH_LETTER] = 0};
static const int async_chans[] = {KCC_CH_EMAIL, KCC_CH_WEBFORM, KCC_CH_WHATSAPP,
	KCC_CH_SOCIAL, KCC_CH_LETTER};
#define NASYNC (int)(sizeof async_chans / sizeof async_chans[0])

static double
day_weight(int ch, const struct day *dy)
{
	if (!dy->open)
		return weekend_w[ch];
	return dy->dow == 1 ? 1.15 : dy->dow == 5 ? 0.9 : 1.0;
}

static double
week_weight(int ch)
{
	return 1.15 + 3 + 0.9 + 2 * weekend_w[ch];
}

/* Number of agents of group grp on duty at local time sod today. */
static int
on_duty(struct gen *g, int grp, int64_t t)
{
	int i, n = 0;

	for (i = g->grp_first[grp]; i < g->grp_first[grp] + g->grp_n[grp]; i++)
		n += agent_on_at(&g->agents[i].sh, t);
	return n;
}

/*
 * The forecast: expected arrivals of phone (i = 0) and chat (i = 1) in the
 * 15-minute interval k (from 08:30) of weekday dow, for the team the rota
 * puts on duty on average (n).  The planners staff to the forecast, so
 * the forecast follows the rota: square-root staffing for the phone
 * (offered load n - beta*sqrt(n) Erlangs), a fixed occupancy of the chat
 * slots.  On a given day, absence and chance make the queues.
 */
static double
forecast(struct gen *g, int i, int dow, int k, double n)
{
	double load;

	if (i == 1)
		return 0.7 * n * 2.2 * 900 / AHT_CHAT;
	/* A team of one or two still takes some calls. */
	load = n - g->beta * det_sqrt(n);
	if (load < 0.35 * n)
		load = 0.35 * n;
	return phone_shape(HM(8, 30) + 900 * k) * phone_dow[dow] * load * 900 /
	       AHT_PHONE;
}

static void
slot_add(struct gen *g, int64_t t, int ch, int hot)
{
	struct slot *s;

	if (g->nslots == g->capslots) {
		g->capslots = g->capslots ? 2 * g->capslots : 4096;
		g->slots = kcc_xrealloc(g->slots, g->capslots * sizeof *s);
	}
	s = &g->slots[g->nslots++];
	s->t = t;
	s->n = g->slot_n++;
	s->ch = (uint8_t)ch;
	s->hot = (uint8_t)hot;
}

static int
slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->n < y->n ? -1 : x->n > y->n;
}

/*
 * Desk visitors come by appointment: each quarter hour of a desk agent's
 * shift is booked with a chance, and visitors come a little early or late.
 * With `expect` set, only returns the expected number of visits.
 */
static double
desk_visits(struct gen *g, int expect)
{
	double fill = 0.9 * g->scale_desk, n = 0;
	int64_t t, w[2][2];
	int i, k;

	for (i = g->grp_first[G_DESK];
		i < g->grp_first[G_DESK] + g->grp_n[G_DESK]; i++) {
		const struct shift *sh = &g->agents[i].sh;
		if (sh->s1 == NEVER)
			continue;
		w[0][0] = sh->s1;
		w[0][1] = sh->e1;
		w[1][0] = sh->s2;
		w[1][1] = sh->e2;
		for (k = 0; k < 2; k++)
			for (t = w[k][0]; t + 900 <= w[k][1]; t += 900) {
				if (expect)
					n += fill;
				else if (rng_chance(&g->r, fill))
					slot_add(g,
						t - 150 +
							iround(200 *
								rng_normal(
									&g->r)),
						KCC_CH_DESK, 0);
			}
	}
	return n;
}

/* Opening hours of phone and chat: [open, close) in seconds of day. */
static void
hours(int ch, int *open, int *close)
{
	*open = ch == KCC_CH_PHONE ? HM(8, 30) : HM(9, 0);
	*close = HM(17, 0);
}

static int
hour_sod(struct gen *g, int ch)
{
	int h = rng_pick(&g->r, hourly[ch], 24);

	return h * 3600 + (int)rng_below(&g->r, 3600);
}

/* All of today's arrivals, in time order. */
static void
arrivals(struct gen *g)
{
	static const int staffed[] = {KCC_CH_PHONE, KCC_CH_CHAT};
	static const double hot_w[7] = {0.6, 1.6, 2, 1.4, 1, 0.6, 0.4};
	const struct day *dy = &g->today;
	double noise = rng_lognormal(&g->r, 1, 0.06), mean;
	int i, k, sod, open, close, ch;
	uint32_t n;

	g->nslots = 0;
	if (dy->open) {
		desk_visits(g, 0);
		for (i = 0; i < 2; i++) {
			ch = staffed[i];
			hours(ch, &open, &close);
			for (sod = open; sod < close; sod += 900) {
				mean = g->rate[i][dy->dow]
					      [(sod - HM(8, 30)) / 900] *
				       noise;
				n = rng_poisson(&g->r, mean);
				while (n-- > 0)
					slot_add(g,
						at(g, dy,
							sod + (int)rng_below(
								      &g->r,
								      900)),
						ch, 0);
			}
		}
	}
	for (i = 0; i < NASYNC; i++) {
		ch = async_chans[i];
		mean = g->weekly[ch] * day_weight(ch, dy) / week_weight(ch);
		n = rng_poisson(&g->r, mean * noise);
		while (n-- > 0)
			slot_add(g, at(g, dy, hour_sod(g, ch)), ch, 0);
	}
	/* The hotspot: a surge of one report topic in one wijk. */
	k = (int)(dy->days - g->hot_day);
	if (k >= 0 && k < 7) {
		static const double hot_ch[4] = {0.45, 0.3, 0.15, 0.1};
		n = rng_poisson(&g->r, g->hot_total * hot_w[k] / 7.6);
		while (n-- > 0) {
			static const int chs[4] = {KCC_CH_WEBFORM, KCC_CH_PHONE,
				KCC_CH_WHATSAPP, KCC_CH_EMAIL};
			ch = chs[rng_pick(&g->r, hot_ch, 4)];
			if (ch == KCC_CH_PHONE && !dy->open)
				ch = KCC_CH_WEBFORM;
			sod = ch == KCC_CH_PHONE
				      ? HM(8, 30) +
						(int)rng_below(&g->r, HM(8, 0))
				      : hour_sod(g, ch);
			slot_add(g, at(g, dy, sod), ch, 1);
		}
	}
	qsort(g->slots, g->nslots, sizeof *g->slots, slot_cmp);
}

/* ------------------------------------------------------------- service */

/* The agent of group grp who can take a contact soonest at or after t
 * (for chat: the agent with the fewest open sessions among the soonest),
 * or -1; *when and *slot get the instant and the chat slot. */
static int
first_free(struct gen *g, int grp, int64_t t, int64_t *when, int *slot)
{
	int i, k, best = -1, best_busy = 0, busy, nslot;
	int64_t bx = NEVER, bfree = NEVER, x, fr;

	nslot = grp == G_DIGITAL ? CHAT_SLOTS : 1;
	for (i = g->grp_first[grp]; i < g->grp_first[grp] + g->grp_n[grp];
		i++) {
		struct agent *a = &g->agents[i];
		for (k = 0; k < nslot; k++) {
			fr = nslot == 1 ? a->free_at : a->slot[k];
			x = agent_avail(&a->sh, t, fr);
			if (x == NEVER || x > bx)
				continue;
			busy = 0;
			if (nslot > 1) {
				int j;
				for (j = 0; j < nslot; j++)
					busy += a->slot[j] > x;
			}
			if (x < bx || busy < best_busy ||
				(busy == best_busy && fr < bfree)) {
				bx = x;
				bfree = fr;
				best = i;
				best_busy = busy;
				*slot = k;
			}
		}
	}
	*when = bx;
	return best;
}

static int
secs(double x, int lo, int hi)
{
	return clampi(iround(x), lo, hi);
}

enum { O_ANSWERED, O_ABANDONED, O_UNANSWERED };
enum { R_FIRST, R_CALLBACK, R_BACKOFFICE, R_EXPERT, R_REFERRED, R_UNRESOLVED };

static const double resolution_w[NCHAN][6] = {
	[KCC_CH_PHONE] = {0.72, 0.10, 0.10, 0.03, 0.03, 0.02},
	[KCC_CH_DESK] = {0.86, 0.02, 0.07, 0.02, 0.02, 0.01},
	[KCC_CH_EMAIL] = {0.62, 0.06, 0.24, 0.04, 0.03, 0.01},
	[KCC_CH_WEBFORM] = {0.55, 0.08, 0.30, 0.03, 0.03, 0.01},
	[KCC_CH_CHAT] = {0.70, 0.14, 0.10, 0.02, 0.03, 0.01},
	[KCC_CH_WHATSAPP] = {0.72, 0.08, 0.13, 0.02, 0.04, 0.01},
	[KCC_CH_SOCIAL] = {0.60, 0.05, 0.15, 0, 0.15, 0.05},
	[KCC_CH_APP] = {0.3, 0, 0.7, 0, 0, 0},
	[KCC_CH_LETTER] = {0.40, 0.05, 0.45, 0.05, 0.03, 0.02},
};

static int
pick_resolution(struct gen *g, const struct contact *c)
{
	static const double report[6] = {0.15, 0.03, 0.75, 0, 0.05, 0.02};
	static const double complaint[6] = {0.3, 0.15, 0.5, 0, 0, 0.05};
	static const double again[6] = {0.8, 0.05, 0.08, 0.03, 0.02, 0.02};

	if (c->kind == K_REPORT)
		return rng_pick(&g->r, report, 6);
	if (c->kind == K_COMPLAINT)
		return rng_pick(&g->r, complaint, 6);
	if (c->seq >= 3)
		return rng_pick(&g->r, again, 6);
	return rng_pick(&g->r, resolution_w[c->ch], 6);
}

static void
phone_times(struct gen *g, struct contact *c, const struct agent *a)
{
	double f = topics[c->topic].aht * a->speed;

	c->talk = secs(rng_lognormal(&g->r, 220 * f, 0.55), 15, 5400);
	c->hold = rng_chance(&g->r, 0.25)
			  ? secs(rng_lognormal(&g->r, 40, 0.7), 5, 1200)
			  : 0;
	c->acw = secs(rng_lognormal(&g->r, 35 * a->speed, 0.6) +
			      (c->resolution == R_CALLBACK ||
						      c->resolution ==
							      R_BACKOFFICE
					      ? 60
					      : 0),
		0, 1800);
}

static void
serve_phone_in(struct gen *g, struct contact *c)
{
	int announce = rng_range(&g->r, 3, 12), slot, patience, ai;
	int64_t t0 = c->start, when;

	if (rng_chance(&g->r, 0.015))
		patience = (int)rng_below(&g->r, 5); /* misdial, hangs up */
	else
		patience = announce + secs(rng_exp(&g->r, 200), 0, 3600);
	ai = first_free(g, G_PHONE, t0 + announce, &when, &slot);
	if (ai < 0 || when - t0 > patience) {
		c->outcome = O_ABANDONED;
		c->wait = patience;
		c->end = t0 + patience;
		return;
	}
	c->outcome = O_ANSWERED;
	c->agent = ai;
	c->wait = (int)(when - t0);
	c->resolution = pick_resolution(g, c);
	phone_times(g, c, &g->agents[ai]);
	c->handle = c->talk + c->hold + c->acw;
	c->end = when + c->talk + c->hold;
	g->agents[ai].free_at = when + c->handle;
}

static void
serve_desk(struct gen *g, struct contact *c)
{
	int slot, ai, patience = secs(rng_exp(&g->r, 2400), 60, 10800);
	int64_t when;
	struct agent *a;

	ai = first_free(g, G_DESK, c->start, &when, &slot);
	if (ai < 0 || when - c->start > patience) {
		c->outcome = O_ABANDONED;
		c->wait = patience;
		c->end = c->start + patience;
		return;
	}
	a = &g->agents[ai];
	c->outcome = O_ANSWERED;
	c->agent = ai;
	c->wait = (int)(when - c->start);
	c->resolution = pick_resolution(g, c);
	c->talk = secs(rng_lognormal(&g->r,
			       420 * topics[c->topic].aht * a->speed, 0.5),
		60, 5400);
	c->acw = secs(rng_lognormal(&g->r, 60 * a->speed, 0.6), 0, 1800);
	c->handle = c->talk + c->acw;
	c->end = when + c->talk;
	a->free_at = when + c->handle;
}

static void
serve_chat(struct gen *g, struct contact *c)
{
	int slot = 0, ai, patience = secs(rng_exp(&g->r, 300), 5, 3600), d;
	int64_t when;

	ai = first_free(g, G_DIGITAL, c->start, &when, &slot);
	if (ai < 0 || when - c->start > patience) {
		c->outcome = O_ABANDONED;
		c->wait = patience;
		c->end = c->start + patience;
		c->messages = 1 + (int)rng_below(&g->r, 2);
		return;
	}
	c->outcome = O_ANSWERED;
	c->agent = ai;
	c->wait = (int)(when - c->start);
	c->resolution = pick_resolution(g, c);
	/* Sessions run long: citizens leave the chat open and come back. */
	d = secs(rng_lognormal(&g->r, 600 * topics[c->topic].aht, 0.7), 60,
		5400);
	if (rng_chance(&g->r, 0.12))
		d += rng_range(&g->r, 900, 2700);
	c->handle = d;
	c->end = when + d;
	c->messages = clampi(4 + (int)rng_poisson(&g->r, d / 100.0), 2, 80);
	g->agents[ai].slot[slot] = c->end;
}

/* E-mail, web form, letter, WhatsApp and social: picked up later. */
static void
serve_async(struct gen *g, struct contact *c)
{
	int64_t pickup, t = c->start;
	double base, f = topics[c->topic].aht;
	int grp = chans[c->ch].grp, ai, sod;
	struct day dy;
	struct agent *a;

	switch (c->ch) {
	case KCC_CH_WHATSAPP:
	case KCC_CH_SOCIAL:
		pickup =
			t + secs(rng_exp(&g->r,
					 c->ch == KCC_CH_WHATSAPP ? 900 : 2400),
				    10, 86400);
		local_day(g, t, &sod);
		if (!g->today.open || sod < HM(9, 0) || sod >= HM(17, 0))
			pickup = office_next(g, t, HM(9, 0), HM(17, 0), 5400,
				&g->r);
		pickup = office_next(g, pickup, HM(9, 0), HM(17, 0), 3600,
			&g->r);
		base = c->ch == KCC_CH_WHATSAPP ? 240 : 180;
		break;
	case KCC_CH_EMAIL:
		pickup = office_next(g,
			t + secs(rng_lognormal(&g->r, 18 * 3600, 0.9), 60,
				    30 * 86400),
			HM(8, 30), HM(17, 0), 7200, &g->r);
		base = 360;
		break;
	case KCC_CH_LETTER:
		pickup = office_next(g,
			t + secs(rng_lognormal(&g->r, 2.5 * 86400, 0.5), 3600,
				    60 * 86400),
			HM(8, 30), HM(17, 0), 7200, &g->r);
		base = 900;
		break;
	default:
		pickup = office_next(g,
			t + secs(rng_lognormal(&g->r,
					 c->kind == K_REPORT ? 3 * 3600
							     : 20 * 3600,
					 0.9),
				    60, 30 * 86400),
			HM(8, 30), HM(17, 0), 7200, &g->r);
		base = 240;
		break;
	}
	day_make(g, local_day(g, pickup, NULL), &dy);
	ai = agent_pick(g, grp, &dy, pickup, &g->r);
	a = &g->agents[ai];
	c->agent = ai;
	c->wait = (int)(pickup - t);
	c->resolution = pick_resolution(g, c);
	c->handle =
		secs(rng_lognormal(&g->r, base * f * a->speed, 0.6), 30, 7200);
	c->end = pickup + c->handle;
	if (c->ch != KCC_CH_WEBFORM && c->ch != KCC_CH_LETTER)
		c->outcome = O_ANSWERED;
	if (c->ch == KCC_CH_WHATSAPP)
		c->messages = 3 + (int)rng_poisson(&g->r, 4);
	else if (c->ch == KCC_CH_SOCIAL)
		c->messages = 2 + (int)rng_poisson(&g->r, 2);
	else if (c->ch == KCC_CH_EMAIL)
		c->messages = 2;
}

/* A callback the organisation owes: an outbound call at or after `due`.
 * Returns -1 when no agent is left today. */
static int
serve_phone_out(struct gen *g, struct contact *c, int64_t due)
{
	int slot, ai;
	int64_t when;
	struct agent *a;

	ai = first_free(g, G_PHONE, due, &when, &slot);
	if (ai < 0)
		return -1;
	a = &g->agents[ai];
	c->agent = ai;
	c->start = when;
	if (rng_chance(&g->r, 0.78)) {
		static const double w[6] = {0.75, 0, 0.15, 0.05, 0.05, 0};
		c->outcome = O_ANSWERED;
		c->resolution = rng_pick(&g->r, w, 6);
		phone_times(g, c, a);
		c->end = when + c->talk + c->hold;
	} else {
		c->outcome = O_UNANSWERED;
		c->talk = 0;
		c->hold = 0;
		c->acw = rng_range(&g->r, 10, 40);
		c->end = when + rng_range(&g->r, 20, 35);
	}
	c->handle = c->talk + c->hold + c->acw;
	a->free_at = c->end + c->acw;
	return 0;
}

/* ---------------------------------------------------------------- text */

struct sbuf {
	char *p;
	size_t n, cap;
};

/* Append s[0..n); a piece that does not fit is left out whole, so that
 * the text stays valid UTF-8. */
static void
sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->n + n >= b->cap)
		return;
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
sb_puts(struct sbuf *b, const char *s)
{
	sb_put(b, s, strlen(s));
}

static void sb_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof tmp)
		sb_put(b, tmp, (size_t)n);
}

/* Write v in decimal, at least `width` digits, at p; returns the end. */
static char *
fmt_u(char *p, uint64_t v, int width)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0 || n < width);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* "ZAAK-0001234" into buf (at least 24 bytes). */
static void
case_id(uint32_t case_no, char *buf, size_t n)
{
	char *p = buf;

	(void)n;
	memcpy(p, "ZAAK-", 5);
	p = fmt_u(p + 5, case_no, 7);
	*p = '\0';
}

/* A phone number as people write it. */
static void
phone_text(struct rng *r, const char *ph, struct sbuf *b)
{
	if (ph[1] != '6') {
		sb_printf(b, "%.3s-%s", ph, ph + 3);
		return;
	}
	switch (rng_below(r, 5)) {
	case 0:
		sb_printf(b, "06-%s", ph + 2);
		break;
	case 1:
		sb_printf(b, "06 %.4s %s", ph + 2, ph + 6);
		break;
	case 2:
		sb_puts(b, ph);
		break;
	case 3:
		sb_printf(b, "+31 6 %s", ph + 2);
		break;
	default:
		sb_printf(b, "06 %.2s %.2s %.2s %.2s", ph + 2, ph + 4, ph + 6,
			ph + 8);
		break;
	}
}

static void
address_text(struct rng *r, const struct citizen *cz, struct sbuf *b)
{
	switch (rng_below(r, 3)) {
	case 0:
		sb_printf(b, "%s %d%s, %d %s %s",
			wijken[cz->wijk].streets[cz->street], cz->houseno,
			cz->suffix, cz->pc4, cz->pcl, TOWN);
		break;
	case 1:
		sb_printf(b, "%d %s %d%s", cz->pc4, cz->pcl, cz->houseno,
			cz->suffix);
		break;
	default:
		sb_printf(b, "%d%s, huisnummer %d%s", cz->pc4, cz->pcl,
			cz->houseno, cz->suffix);
		break;
	}
}

/* One sentence giving personal data of kind k (a PII_* bit). */
static void
pii_sentence(struct rng *r, const struct citizen *cz, unsigned k,
	struct sbuf *b)
{
	char mail[100];

	switch (k) {
	case PII_BSN:
		switch (rng_below(r, 3)) {
		case 0:
			sb_printf(b, " Mijn BSN is %s.", cz->bsn);
			break;
		case 1:
			sb_printf(b, " Burgerservicenummer: %s.", cz->bsn);
			break;
		default:
			sb_printf(b, " (BSN %.4s.%.2s.%s)", cz->bsn,
				cz->bsn + 4, cz->bsn + 6);
			break;
		}
		break;
	case PII_IBAN:
		if (rng_chance(r, 0.5))
			sb_printf(b, " Mijn rekeningnummer is %s.", cz->iban);
		else
			sb_printf(b,
				" Graag terugstorten op %.4s %.4s %.4s "
				"%.4s %s.",
				cz->iban, cz->iban + 4, cz->iban + 8,
				cz->iban + 12, cz->iban + 16);
		break;
	case PII_PHONE:
		sb_puts(b, rng_chance(r, 0.5) ? " U kunt mij bereiken op "
					      : " Bel me gerust terug: ");
		phone_text(r, cz->phone, b);
		sb_puts(b, ".");
		break;
	case PII_EMAIL:
		citizen_email(cz, mail, sizeof mail);
		sb_printf(b,
			rng_chance(r, 0.5) ? " Mijn e-mailadres is %s."
					   : " Mail mij op %s",
			mail);
		break;
	case PII_ADDRESS:
		sb_puts(b,
			rng_chance(r, 0.5) ? " Ik woon op " : " Mijn adres: ");
		address_text(r, cz, b);
		sb_puts(b, ".");
		break;
	}
}

static void
sb_name(struct sbuf *b, const struct citizen *cz)
{
	sb_printf(b, "%s %s", first_names[cz->first], last_names[cz->last]);
}

/* Expand a template (see the topic table for the escapes). */
static void
expand(struct gen *g, const struct contact *c, const char *s, struct sbuf *b,
	struct rng *r)
{
	const struct wijk *w = &wijken[c->wijk];
	const char *p;
	char buf[32];
	int64_t y, days;
	unsigned m, d;

	while ((p = strchr(s, '%')) != NULL) {
		sb_put(b, s, (size_t)(p - s));
		switch (p[1]) {
		case 'S':
			sb_puts(b, w->streets[c->street]);
			break;
		case 'W':
			sb_puts(b, w->name);
			break;
		case 'D':
			days = local_day(g, c->start, NULL) -
			       rng_range(r, 1, 20);
			kcc_civil_from_days(days, &y, &m, &d);
			sb_printf(b, "%u %s", d, month_nl[m - 1]);
			break;
		case 'T':
			sb_puts(b, wday_nl[rng_range(r, 1, 5)]);
			break;
		case 'N':
			sb_printf(b, "%d", rng_range(r, 2, 9));
			break;
		case 'Z':
			case_id(c->case_no ? c->case_no
					   : 1 + rng_below(r, g->next_case + 1),
				buf, sizeof buf);
			sb_puts(b, buf);
			break;
		case 'E':
			sb_puts(b, topics[c->topic].en);
			break;
		case 'A':
			if (c->agent >= 0) {
				const char *nm = g->agents[c->agent].name;
				sb_put(b, nm, strcspn(nm, " "));
			}
			break;
		case '%':
			sb_put(b, "%", 1);
			break;
		default:
			sb_put(b, p, 2);
			break;
		}
		s = p + 2;
	}
	sb_puts(b, s);
}

static const char *
pick_str(struct rng *r, const char *const *v, size_t n)
{
	return v[rng_below(r, (uint32_t)n)];
}
#define PICK(r, v) pick_str((r), (v), sizeof(v) / sizeof((v)[0]))

/* The person whose data a text gives: the citizen, or someone made up
 * for an anonymous contact. */
static const struct citizen *
text_person(struct gen *g, struct contact *c, struct citizen *tmp)
{
	if (c->has_citizen)
		return &c->cz;
	citizen_make(g, rng_below(&g->r, g->population), tmp);
	return tmp;
}

/* Up to two kinds of personal data from the topic's set. */
static void
add_pii(struct gen *g, struct contact *c, struct sbuf *b)
{
	struct citizen tmp;
	const struct citizen *cz = text_person(g, c, &tmp);
	unsigned set = (unsigned)topics[c->topic].pii & ~(unsigned)PII_NAME;
	unsigned kinds[6], nk = 0, k, i, want;

	for (k = 1; k <= PII_ADDRESS; k <<= 1)
		if (set & k)
			kinds[nk++] = k;
	if (nk == 0)
		return;
	want = rng_chance(&g->r, 0.3) ? 2 : 1;
	for (i = 0; i < want; i++) {
		k = kinds[rng_below(&g->r, nk)];
		if (c->pii & k)
			continue;
		pii_sentence(&g->r, cz, k, b);
		c->pii |= k;
	}
}

static void
compose_note(struct gen *g, struct contact *c, struct sbuf *b)
{
	const struct topic *tp = &topics[c->topic];

	if (c->dir == 1) {
		if (c->outcome == O_UNANSWERED) {
			sb_puts(b, rng_chance(&g->r, 0.5)
					   ? "Niet bereikt, "
					     "voicemail ingesproken."
					   : "Geen gehoor.");
			return;
		}
		sb_puts(b, "Teruggebeld n.a.v. terugbelverzoek. ");
	} else if (c->followup && rng_chance(&g->r, 0.5)) {
		expand(g, c, PICK(&g->r, followup_note), b, &g->r);
	}
	expand(g, c, tp->note[rng_below(&g->r, 2)], b, &g->r);
	if (c->resolution == R_CALLBACK && rng_chance(&g->r, 0.5)) {
		struct citizen tmp;
		sb_puts(b, " Terugbellen op ");
		phone_text(&g->r, text_person(g, c, &tmp)->phone, b);
		sb_puts(b, ".");
		c->pii |= PII_PHONE;
	}
	/* What quality monitoring looks for: a BSN in a note. */
	if (rng_chance(&g->r, 0.01)) {
		struct citizen tmp;
		sb_printf(b, " BSN %s geverifieerd.",
			text_person(g, c, &tmp)->bsn);
		c->pii |= PII_BSN;
	}
}

static void
compose_citizen(struct gen *g, struct contact *c, struct sbuf *b)
{
	const struct topic *tp = &topics[c->topic];
	int formal = c->ch == KCC_CH_EMAIL || c->ch == KCC_CH_LETTER ||
		     (c->ch == KCC_CH_WEBFORM && rng_chance(&g->r, 0.3));
	double pii_p = c->ch == KCC_CH_SOCIAL ? 0 : formal ? 0.16 : 0.10;
	char buf[32];
	size_t k;

	if (c->lang != LANG_NLD) {
		expand(g, c, foreign_text[c->lang][rng_below(&g->r, 3)], b,
			&g->r);
		return;
	}
	if (c->ch == KCC_CH_LETTER && c->case_no && rng_chance(&g->r, 0.3)) {
		case_id(c->case_no, buf, sizeof buf);
		sb_printf(b, "Kenmerk:\t%s\n", buf);
	}
	if (c->ch == KCC_CH_SOCIAL)
		sb_puts(b, PICK(&g->r, social_prefix));
	else
		sb_puts(b, formal ? PICK(&g->r, open_formal)
				  : PICK(&g->r, open_informal));
	if (c->followup && rng_chance(&g->r, 0.7))
		expand(g, c, PICK(&g->r, followup_cit), b, &g->r);
	k = b->n;
	expand(g, c, tp->cit[rng_below(&g->r, 3)], b, &g->r);
	/* "Hoi, de buren ...": no capital after a greeting's comma. */
	if (k >= 2 && b->p[k - 2] == ',' && b->n > k + 1 && b->p[k] >= 'A' &&
		b->p[k] <= 'Z' && !(b->p[k + 1] >= 'A' && b->p[k + 1] <= 'Z'))
		b->p[k] = (char)(b->p[k] - 'A' + 'a');
	if (rng_chance(&g->r, pii_p))
		add_pii(g, c, b);
	if (c->ch == KCC_CH_EMAIL && rng_chance(&g->r, 0.01))
		sb_puts(b, "\n(bijlage: C:\\Users\\Public\\Documents\\"
			   "scan_001.pdf)");
	if (formal) {
		sb_puts(b, PICK(&g->r, close_formal));
		if (rng_chance(&g->r, 0.8)) {
			struct citizen tmp;
			sb_name(b, text_person(g, c, &tmp));
			c->pii |= PII_NAME;
		} else {
			sb_puts(b, "Een bewoner");
		}
	} else if (c->ch == KCC_CH_SOCIAL) {
		if (rng_chance(&g->r, 0.3))
			sb_puts(b, " #Lindendam");
	} else {
		const char *close = PICK(&g->r, close_informal);
		/* On a phone, the greeting often goes on a line of its own. */
		if (close[0] == ' ' && c->ch == KCC_CH_WHATSAPP &&
			rng_chance(&g->r, 0.5)) {
			sb_puts(b, "\n");
			close++;
		}
		sb_puts(b, close);
	}
}

static void
compose_text(struct gen *g, struct contact *c)
{
	struct sbuf b = {c->text, 0, sizeof c->text};

	c->text_n = 0;
	if (c->outcome == O_ABANDONED && c->ch == KCC_CH_PHONE)
		return;
	if (c->ch == KCC_CH_PHONE || c->ch == KCC_CH_DESK) {
		if (c->outcome == O_ANSWERED || c->dir == 1)
			if (rng_chance(&g->r, chans[c->ch].text_p))
				compose_note(g, c, &b);
	} else {
		compose_citizen(g, c, &b);
	}
	c->text_n = b.n;
}

/* ------------------------------------------------------------ contacts */

/* Chance that a fresh contact is tied to a known citizen. */
static const double citizen_known[NCHAN] = {[KCC_CH_PHONE] = 0.82,
	[KCC_CH_DESK] = 0.75,
	[KCC_CH_EMAIL] = 1,
	[KCC_CH_WEBFORM] = 0.92,
	[KCC_CH_CHAT] = 0.55,
	[KCC_CH_WHATSAPP] = 1,
	[KCC_CH_SOCIAL] = 1,
	[KCC_CH_APP] = 1,
	[KCC_CH_LETTER] = 1};
static const double lang_w[4] = {0.965, 0.025, 0.006, 0.004};

static void
contact_init(struct contact *c, int ch, int64_t t)
{
	c->ch = ch;
	c->dir = 0;
	c->topic = 0;
	c->topic_shown = 0;
	c->topic_by = -1;
	c->kind = K_QUESTION;
	c->lang = LANG_NLD;
	c->start = t;
	c->end = 0;
	c->wait = c->talk = c->hold = c->acw = c->handle = -1;
	c->agent = -1;
	c->queue = NULL;
	c->outcome = c->resolution = c->csat = c->nps = c->ces = -1;
	c->topic_conf = -1;
	c->has_citizen = c->has_area = c->has_loc = 0;
	c->wijk = c->street = c->pc4 = 0;
	c->cid = 0;
	c->lat_u = c->lon_u = 0;
	c->messages = c->media = -1;
	c->case_no = 0;
	c->hid = 0;
	c->seq = 1;
	c->hot = c->followup = 0;
	c->pii = 0;
	c->channel_raw = NULL;
	c->text_n = 0;
}

static void
set_citizen(struct gen *g, struct contact *c, uint32_t cid)
{
	c->has_citizen = 1;
	c->cid = cid;
	citizen_make(g, cid, &c->cz);
}

/* Where the contact is about: the reported place, or the citizen's home. */
static void
set_place(struct gen *g, struct contact *c, int wijk, int street)
{
	const struct wijk *w;
	double lat, lon;

	if (c->kind == K_REPORT || c->hot) {
		w = &wijken[wijk];
		c->wijk = wijk;
		c->street = street;
		c->pc4 = w->pc4 + street % w->npc4;
		c->has_area = 1;
		if ((c->ch == KCC_CH_WEBFORM && rng_chance(&g->r, 0.9)) ||
			(c->ch == KCC_CH_WHATSAPP && rng_chance(&g->r, 0.5))) {
			lat = TOWN_LAT + w->dlat + 0.0015 * (street - 2.5) +
			      0.0012 * rng_normal(&g->r);
			lon = TOWN_LON + w->dlon +
			      0.002 * ((street * 7) % 6 - 2.5) +
			      0.0018 * rng_normal(&g->r);
			c->lat_u = (int32_t)iround(lat * 1e6);
			c->lon_u = (int32_t)iround(lon * 1e6);
			c->has_loc = 1;
		}
	} else if (c->has_citizen) {
		c->wijk = c->cz.wijk;
		c->street = c->cz.street;
		c->pc4 = c->cz.pc4;
		c->has_area = 1;
	} else {
		/* Not written out; gives texts a street. */
		c->wijk = wijk;
		c->street = street;
	}
}

static int
pick_wijk(struct gen *g)
{
	return rng_pick(&g->r, g->wijk_w, NWIJK);
}

static void
fresh(struct gen *g, struct contact *c, int hot)
{
	const double *w = g->topic_w[g->today.m - 1][c->ch];
	int wijk, k;

	if (hot) {
		c->hot = 1;
		c->topic = g->hot_topic;
		c->kind = rng_chance(&g->r, 0.88) ? K_REPORT : K_COMPLAINT;
		for (k = 0; k < 200; k++) {
			struct citizen cz;
			uint32_t cid = rng_below(&g->r, g->population);
			citizen_make(g, cid, &cz);
			if (cz.wijk == g->hot_wijk) {
				set_citizen(g, c, cid);
				break;
			}
		}
		set_place(g, c, g->hot_wijk, (int)rng_below(&g->r, 6));
		return;
	}
	c->topic = rng_pick(&g->r, w, NTOPIC);
	c->kind = rng_pick(&g->r, kind_profile[topics[c->topic].kprof], 4);
	if (rng_chance(&g->r, citizen_known[c->ch]))
		set_citizen(g, c, rng_below(&g->r, g->population));
	wijk = c->has_citizen && rng_chance(&g->r, 0.8) ? c->cz.wijk
							: pick_wijk(g);
	set_place(g, c, wijk, (int)rng_below(&g->r, 6));
}

static void
from_history(struct gen *g, struct contact *c, const struct hist *h)
{
	c->followup = 1;
	c->hid = h->hid;
	c->seq = h->seq;
	c->topic = h->topic;
	c->kind = h->kind;
	c->case_no = h->case_no;
	c->hot = h->hot;
	set_citizen(g, c, h->cid);
	set_place(g, c, h->loc_wijk, h->loc_street);
}

static const char *
queue_of(struct gen *g, struct contact *c)
{
	int q = topics[c->topic].queue;

	switch (c->ch) {
	case KCC_CH_PHONE:
		if (c->dir == 1)
			return "Terugbelverzoeken";
		return queue_names[rng_chance(&g->r, 0.15) ? Q_ALG : q];
	case KCC_CH_DESK:
		return q == Q_BZ ? "Balie burgerzaken" : "Balie algemeen";
	case KCC_CH_CHAT:
		return "Chat";
	case KCC_CH_WHATSAPP:
		return "WhatsApp";
	case KCC_CH_SOCIAL:
		return "Webcare";
	case KCC_CH_EMAIL:
		return "Mailbox info";
	case KCC_CH_WEBFORM:
		return c->kind == K_REPORT ? "Meldingen openbare ruimte"
					   : "Webformulieren";
	default:
		return "Postregistratie";
	}
}

enum { TB_SOURCE, TB_RULES, TB_MODEL, TB_AGENT };

/* Who named the topic, by channel: source, rules, model, agent. */
static const double topic_by_w[NCHAN][4] = {
	[KCC_CH_PHONE] = {0.15, 0, 0, 0.85},
	[KCC_CH_DESK] = {0.6, 0, 0, 0.4},
	[KCC_CH_EMAIL] = {0, 0.45, 0.35, 0.2},
	[KCC_CH_WEBFORM] = {1, 0, 0, 0},
	[KCC_CH_CHAT] = {0, 0, 0.3, 0.7},
	[KCC_CH_WHATSAPP] = {0, 0, 0.5, 0.5},
	[KCC_CH_SOCIAL] = {0, 0, 0.4, 0.6},
	[KCC_CH_APP] = {1, 0, 0, 0},
	[KCC_CH_LETTER] = {0, 0, 0, 1},
};

static void
set_topic_by(struct gen *g, struct contact *c)
{
	double u;

	c->topic_shown = !(c->ch == KCC_CH_PHONE && c->outcome == O_ABANDONED);
	if (!c->topic_shown)
		return;
	c->topic_by =
		c->dir == 1 ? TB_AGENT : rng_pick(&g->r, topic_by_w[c->ch], 4);
	if (c->topic_by == TB_MODEL) {
		u = rng_unif(&g->r);
		c->topic_conf = 100 - iround(55 * u * u);
	}
}

static void
survey(struct gen *g, struct contact *c)
{
	double mean, p = c->dir == 1 ? 0.1 : chans[c->ch].csat_p;
	int digital = c->ch == KCC_CH_EMAIL || c->ch == KCC_CH_WEBFORM ||
		      c->ch == KCC_CH_CHAT || c->ch == KCC_CH_WHATSAPP;

	if (c->outcome == O_ABANDONED || c->outcome == O_UNANSWERED ||
		!rng_chance(&g->r, p))
		return;
	mean = chans[c->ch].csat_mean;
	switch (c->resolution) {
	case R_FIRST:
		mean += 0.3;
		break;
	case R_CALLBACK:
		mean -= 0.2;
		break;
	case R_UNRESOLVED:
		mean -= 1.3;
		break;
	case R_REFERRED:
		mean -= 0.4;
		break;
	}
	if (c->kind == K_COMPLAINT)
		mean -= 0.8;
	else if (c->kind == K_COMPLIMENT)
		mean += 0.8;
	if (c->wait > 180 && chans[c->ch].grp != G_WRITTEN)
		mean -= 0.5;
	if (c->seq >= 2)
		mean -= 0.3;
	c->csat = clampi(iround(mean + 0.9 * rng_normal(&g->r)), 1, 5);
	if (rng_chance(&g->r, 0.3))
		c->nps = clampi(iround(2 * c->csat - 0.5 +
					1.2 * rng_normal(&g->r)),
			0, 10);
	if (digital && rng_chance(&g->r, 0.4))
		c->ces = clampi(iround(1.4 * c->csat - 0.2 +
					0.8 * rng_normal(&g->r)),
			1, 7);
}

static void
set_case(struct gen *g, struct contact *c)
{
	if (c->case_no != 0 || c->outcome == O_ABANDONED ||
		c->outcome == O_UNANSWERED)
		return;
	if (c->kind == K_REPORT || c->kind == K_COMPLAINT ||
		c->resolution == R_BACKOFFICE || c->resolution == R_EXPERT ||
		c->ch == KCC_CH_WEBFORM || c->ch == KCC_CH_LETTER)
		c->case_no = ++g->next_case;
}

/* Whether and when this matter comes back; fills c->hid when it does. */
static void
plan_next(struct gen *g, struct contact *c, int attempts)
{
	static const double again[6] = {[R_FIRST] = 0.04,
		[R_BACKOFFICE] = 0.2,
		[R_EXPERT] = 0.2,
		[R_REFERRED] = 0.12,
		[R_UNRESOLVED] = 0.5};
	struct hist h;
	struct heap *hp = &g->back;
	double p = 0;
	int k, forced = 0;

	if (!c->has_citizen || c->seq >= 8)
		return;
	memset(&h, 0, sizeof h);
	h.hid = c->hid ? c->hid : g->next_hid + 1;
	h.cid = c->cid;
	h.case_no = c->case_no;
	h.topic = (uint16_t)c->topic;
	h.kind = (uint8_t)c->kind;
	h.seq = (uint8_t)(c->seq + 1);
	h.loc_wijk = (uint8_t)c->wijk;
	h.loc_street = (uint8_t)c->street;
	h.hot = (uint8_t)c->hot;
	if (c->dir == 1 && c->outcome == O_UNANSWERED) {
		if (attempts < 2 && rng_chance(&g->r, 0.8))
			forced = 1;
		else
			p = 0.5;
	} else if (c->outcome == O_ABANDONED) {
		/* Tries again soon, perhaps on another channel. */
		if (rng_chance(&g->r, 0.5)) {
			h.due = c->end + secs(rng_exp(&g->r, 1500), 60, 86400);
			goto push;
		}
		return;
	} else if (c->resolution == R_CALLBACK) {
		forced = 1;
	} else if (c->resolution >= 0) {
		p = again[c->resolution];
		if (c->kind == K_COMPLAINT)
			p += 0.1;
		for (k = 1; k < c->seq; k++)
			p *= 0.7;
	}
	if (forced) {
		hp = &g->callbacks;
		h.forced = 1;
		h.attempts = (uint8_t)(attempts + 1);
		h.due = office_next(g,
			c->end + secs(rng_lognormal(&g->r, 3 * 3600, 0.8), 600,
					 5 * 86400),
			HM(8, 30), HM(16, 30), 3600, &g->r);
	} else if (rng_chance(&g->r, p)) {
		if (rng_chance(&g->r, 0.25))
			h.due = c->start + 1800 +
				secs(rng_exp(&g->r, 3 * 3600), 0, 86400);
		else
			h.due = c->start +
				(int64_t)clampi(1 + (int)rng_exp(&g->r, 2.5), 1,
					21) *
					DAY_S +
				iround(5400 * rng_normal(&g->r));
	} else {
		return;
	}
push:
	if (heap_push(hp, &h) == 0 && c->hid == 0)
		c->hid = ++g->next_hid;
}

/* ------------------------------------------------------------- writing */

static void
put_uint(struct kcc_out *o, uint64_t v)
{
	char buf[24];

	kcc_out_write(o, buf, (size_t)(fmt_u(buf, v, 1) - buf));
}

/* Write a string literal (only a literal: its size is taken). */
#define PUT(o, lit) kcc_out_write((o), "" lit, sizeof(lit) - 1)

/* A string known to need no escapes (names from the tables, ids). */
static void
put_str(struct kcc_out *o, const char *s)
{
	kcc_out_putc(o, '"');
	kcc_out_write(o, s, strlen(s));
	kcc_out_putc(o, '"');
}

static void
put_time(struct gen *g, struct kcc_out *o, int64_t sec)
{
	struct kcc_time t;
	char buf[KCC_TIME_MAX + 2];
	size_t n;

	t.sec = sec;
	t.nsec = 0;
	t.off_s = kcc_tz_offset(g->tz, sec);
	buf[0] = '"';
	n = kcc_time_format(&t, buf + 1);
	buf[n + 1] = '"';
	kcc_out_write(o, buf, n + 2);
}

/* A fixed-point value v / 10^places in its shortest form. */
static void
put_fixed(struct kcc_out *o, int64_t v, int places)
{
	char buf[32];
	int64_t scale = 1, ip;
	int i, n = 0;
	uint64_t frac;

	for (i = 0; i < places; i++)
		scale *= 10;
	if (v < 0) {
		kcc_out_putc(o, '-');
		v = -v;
	}
	ip = v / scale;
	frac = (uint64_t)(v % scale);
	put_uint(o, (uint64_t)ip);
	if (frac == 0)
		return;
	for (i = places - 1; i >= 0; i--) {
		buf[i] = (char)('0' + frac % 10);
		frac /= 10;
	}
	n = places;
	while (n > 0 && buf[n - 1] == '0')
		n--;
	kcc_out_putc(o, '.');
	kcc_out_write(o, buf, (size_t)n);
}

static const char *const outcome_names[] = {"answered", "abandoned",
	"unanswered"};

/* The source's own identifier: an Asterisk-style "epoch.sequence" call
 * id, or a prefixed counter. */
static void
make_id(struct gen *g, struct contact *c)
{
	char *p = c->id;

	switch (c->ch) {
	case KCC_CH_PHONE:
		p = fmt_u(p, (uint64_t)c->start, 1);
		*p++ = '.';
		p = fmt_u(p, ++g->n_tel, 1);
		break;
	case KCC_CH_CHAT:
		memcpy(p, "CH-", 3);
		p = fmt_u(p + 3, ++g->n_ch, 6);
		break;
	case KCC_CH_WEBFORM:
		memcpy(p, "WF-", 3);
		p = fmt_u(p + 3, ++g->n_wf, 6);
		break;
	case KCC_CH_WHATSAPP:
		memcpy(p, "WA-", 3);
		p = fmt_u(p + 3, ++g->n_wa, 6);
		break;
	default:
		memcpy(p, "KC-", 3);
		p = fmt_u(p + 3, ++g->n_kc, 7);
		break;
	}
	*p = '\0';
}

static void
emit(struct gen *g, struct contact *c)
{
	struct kcc_out *o = &g->out;
	char buf[48];
	unsigned k;
	int first;

	PUT(o, "{\"kcc\":1,\"id\":");
	put_str(o, c->id);
	PUT(o, ",\"src\":");
	put_str(o, chans[c->ch].src);
	PUT(o, ",\"start\":");
	put_time(g, o, c->start);
	if (c->end > 0) {
		PUT(o, ",\"end\":");
		put_time(g, o, c->end);
	}
#define PUT_INT(name, v)                                                       \
	do {                                                                   \
		if ((v) >= 0) {                                                \
			PUT(o, ",\"" name "\":");                              \
			put_uint(o, (uint64_t)(v));                            \
		}                                                              \
	} while (0)
	PUT_INT("wait_s", c->wait);
	PUT_INT("talk_s", c->talk);
	PUT_INT("hold_s", c->hold);
	PUT_INT("acw_s", c->acw);
	PUT_INT("handle_s", c->handle);
	PUT(o, ",\"channel\":");
	put_str(o, kcc_channel_names[c->ch]);
	if (c->channel_raw != NULL) {
		PUT(o, ",\"channel_raw\":");
		put_str(o, c->channel_raw);
	}
	PUT(o, ",\"direction\":");
	put_str(o, c->dir ? "out" : "in");
	if (c->has_citizen) {
		pseudonym(g, c->cid, buf);
		PUT(o, ",\"citizen\":");
		put_str(o, buf);
	}
	if (c->agent >= 0) {
		PUT(o, ",\"agent\":");
		put_str(o, g->agents[c->agent].id);
		PUT(o, ",\"team\":");
		put_str(o, g->agents[c->agent].team_name);
	}
	if (c->queue != NULL) {
		PUT(o, ",\"queue\":");
		put_str(o, c->queue);
	}
	if (c->outcome >= 0) {
		PUT(o, ",\"outcome\":");
		put_str(o, outcome_names[c->outcome]);
	}
	if (c->resolution >= 0) {
		PUT(o, ",\"resolution\":");
		put_str(o, kcc_resolution_names[c->resolution]);
	}
	PUT_INT("csat", c->csat);
	PUT_INT("nps", c->nps);
	PUT_INT("ces", c->ces);
	if (c->topic_shown) {
		PUT(o, ",\"topic\":");
		put_str(o, topics[c->topic].name);
		PUT(o, ",\"topic_by\":");
		put_str(o, kcc_topic_by_names[c->topic_by]);
		if (c->topic_conf >= 0) {
			PUT(o, ",\"topic_conf\":");
			put_fixed(o, c->topic_conf, 2);
		}
		PUT(o, ",\"kind\":");
		put_str(o, kcc_kind_names[c->kind]);
	}
	if (chans[c->ch].grp == G_WRITTEN || chans[c->ch].grp == G_DIGITAL) {
		PUT(o, ",\"lang\":");
		put_str(o, lang_codes[c->lang]);
	}
	if (c->text_n > 0) {
		PUT(o, ",\"text\":");
		kcc_json_write_str(o, c->text, c->text_n);
	}
	if (c->has_area) {
		PUT(o, ",\"area\":");
		put_str(o, wijken[c->wijk].name);
		PUT(o, ",\"postcode\":\"");
		put_uint(o, (uint64_t)c->pc4);
		kcc_out_putc(o, '"');
	}
	if (c->has_loc) {
		PUT(o, ",\"lat\":");
		put_fixed(o, c->lat_u, 6);
		PUT(o, ",\"lon\":");
		put_fixed(o, c->lon_u, 6);
	}
	PUT_INT("messages", c->messages);
	if (c->media > 0)
		PUT_INT("media", c->media);
	if (c->case_no) {
		case_id(c->case_no, buf, sizeof buf);
		PUT(o, ",\"case_id\":");
		put_str(o, buf);
	}
#undef PUT_INT
	if (c->hid || c->pii || c->hot) {
		first = 1;
		PUT(o, ",\"ext\":{");
		if (c->hid) {
			snprintf(buf, sizeof buf, "h%07u", c->hid);
			PUT(o, "\"truth_history\":");
			put_str(o, buf);
			first = 0;
		}
		if (c->pii) {
			if (!first)
				kcc_out_putc(o, ',');
			PUT(o, "\"truth_pii\":[");
			for (k = 0, first = 1; k < 6; k++) {
				if (!(c->pii & (1u << k)))
					continue;
				if (!first)
					kcc_out_putc(o, ',');
				put_str(o, pii_names[k]);
				first = 0;
			}
			kcc_out_putc(o, ']');
			first = 0;
		}
		if (c->hot) {
			if (!first)
				kcc_out_putc(o, ',');
			PUT(o, "\"truth_hotspot\":1");
		}
		kcc_out_putc(o, '}');
	}
	PUT(o, "}\n");
	g->emitted++;
}

/* ---------------------------------------------------------- raw export */

#define WA_FILES 20

struct raw {
	char *dir;
	struct kcc_out tel, chat, web;
	unsigned long nchat;
	iconv_t cd;
	char *conv;
	size_t conv_cap;
	uint32_t wa_cid[WA_FILES];
	char wa_who[WA_FILES][96]; /* the name the file is called after */
	int wa_n, failed;
};

/* Local "YYYY-MM-DD HH:MM:SS" (iso) or "dd-mm-yyyy HH:MM" (Dutch). */
static void
local_text(struct gen *g, int64_t sec, int dutch, struct sbuf *b)
{
	struct kcc_time t = {sec, 0, 0};
	struct kcc_civil cv;

	kcc_time_civil(g->tz, &t, &cv);
	if (dutch)
		sb_printf(b, "%02d-%02d-%04lld %02d:%02d", cv.day, cv.month,
			(long long)cv.year, cv.hour, cv.min);
	else
		sb_printf(b, "%04lld-%02d-%02d %02d:%02d:%02d",
			(long long)cv.year, cv.month, cv.day, cv.hour, cv.min,
			cv.sec);
}

static void
utc_text(int64_t sec, struct sbuf *b)
{
	struct kcc_time t = {sec, 0, 0};
	char buf[KCC_TIME_MAX];

	sb_put(b, buf, kcc_time_format(&t, buf));
}

/* One CSV field, quoted when it holds the separator, a quote or a line
 * end. */
static void
csv_field(struct sbuf *b, const char *s, size_t n, char sep)
{
	size_t i;

	if (n == 0 || (memchr(s, sep, n) == NULL && memchr(s, '"', n) == NULL &&
			      memchr(s, '\n', n) == NULL &&
			      memchr(s, '\r', n) == NULL)) {
		sb_put(b, s, n);
		return;
	}
	sb_put(b, "\"", 1);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			sb_put(b, "\"", 1);
		sb_put(b, s + i, 1);
	}
	sb_put(b, "\"", 1);
}

static void
csv_str(struct sbuf *b, const char *s, char sep)
{
	csv_field(b, s, strlen(s), sep);
	sb_put(b, &sep, 1);
}

static void
csv_int(struct sbuf *b, int v, char sep)
{
	if (v >= 0)
		sb_printf(b, "%d", v);
	sb_put(b, &sep, 1);
}

static void
raw_telephony(struct gen *g, struct raw *rw, const struct contact *c)
{
	static const char *const result[] = {"answered", "abandoned",
		"no_answer"};
	char row[4096];
	struct sbuf b = {row, 0, sizeof row};
	int64_t answered = 0;

	csv_str(&b, c->id, ',');
	csv_str(&b, c->dir ? "outbound" : "inbound", ',');
	csv_str(&b, c->queue, ',');
	csv_str(&b, c->agent >= 0 ? g->agents[c->agent].id : "", ',');
	if (c->has_citizen)
		sb_printf(&b, "+31%s,", c->cz.phone + 1);
	else
		sb_puts(&b, "anonymous,");
	local_text(g, c->start, 0, &b);
	sb_puts(&b, ",");
	if (c->outcome == O_ANSWERED)
		answered = c->dir ? c->start : c->start + c->wait;
	if (answered)
		local_text(g, answered, 0, &b);
	sb_puts(&b, ",");
	local_text(g, c->end, 0, &b);
	sb_puts(&b, ",");
	csv_int(&b, c->wait, ',');
	csv_int(&b, c->talk, ',');
	csv_int(&b, c->hold, ',');
	csv_int(&b, c->acw, ',');
	csv_str(&b, result[c->outcome], ',');
	csv_str(&b, c->outcome == O_ANSWERED ? topics[c->topic].name : "", ',');
	csv_field(&b, c->text, c->text_n, ',');
	sb_puts(&b, "\n");
	kcc_out_write(&rw->tel, row, b.n);
}

/* A short message of the conversation, in turn i (0 is the citizen's
 * opening, given by the record's text). */
static void
dialogue_line(struct gen *g, const struct contact *c, int i, int last,
	struct rng *r, struct sbuf *b)
{
	if (i % 2 == 1) {
		if (i == 1)
			expand(g, c, PICK(r, agent_greet), b, r);
		else if (last)
			sb_puts(b, PICK(r, agent_close));
		else
			sb_puts(b, PICK(r, agent_mid));
	} else {
		sb_puts(b, PICK(r, citizen_mid));
	}
}

/* A time as UTC RFC 3339 in quotes. */
static void
put_utc(struct kcc_out *o, int64_t sec)
{
	char buf[KCC_TIME_MAX];
	struct sbuf b = {buf, 0, sizeof buf};

	utc_text(sec, &b);
	kcc_out_putc(o, '"');
	kcc_out_write(o, buf, b.n);
	kcc_out_putc(o, '"');
}

static void
raw_chat(struct gen *g, struct raw *rw, const struct contact *c)
{
	struct kcc_out *o = &rw->chat;
	char line[512];
	struct sbuf lb;
	struct rng r;
	int i, m = c->messages, answered = c->outcome == O_ANSWERED;
	int64_t t0 = c->start + (answered ? c->wait : 0), t;
	const struct agent *a = c->agent >= 0 ? &g->agents[c->agent] : NULL;

	rng_seed(&r, c->raw_seed);
	if (rw->nchat++ > 0)
		PUT(o, ",\n");
	PUT(o, "{\"id\":");
	put_str(o, c->id);
	if (answered)
		PUT(o, ",\"status\":\"closed\"");
	else
		PUT(o, ",\"status\":\"missed\"");
	PUT(o, ",\"created_at\":");
	put_utc(o, c->start);
	if (answered) {
		PUT(o, ",\"accepted_at\":");
		put_utc(o, t0);
	}
	PUT(o, ",\"closed_at\":");
	put_utc(o, c->end);
	PUT(o, ",\"queue\":");
	put_str(o, c->queue);
	if (a != NULL) {
		PUT(o, ",\"agent\":{\"id\":");
		put_str(o, a->id);
		PUT(o, ",\"name\":");
		kcc_json_write_str(o, a->name, strlen(a->name));
		kcc_out_putc(o, '}');
	} else {
		PUT(o, ",\"agent\":null");
	}
	if (c->has_citizen) {
		lb = (struct sbuf){line, 0, sizeof line};
		sb_name(&lb, &c->cz);
		PUT(o, ",\"visitor\":{\"name\":");
		kcc_json_write_str(o, line, lb.n);
		citizen_email(&c->cz, line, sizeof line);
		PUT(o, ",\"email\":");
		put_str(o, line);
		kcc_out_putc(o, '}');
	} else {
		PUT(o, ",\"visitor\":null");
	}
	PUT(o, ",\"tags\":[");
	if (c->topic_shown)
		put_str(o, topics[c->topic].name);
	PUT(o, "],\"rating\":");
	if (c->csat > 0) {
		PUT(o, "{\"score\":");
		put_uint(o, (uint64_t)c->csat);
		PUT(o, ",\"comment\":");
		if (rng_chance(&r, 0.4))
			put_str(o, PICK(&r, rating_comment));
		else
			PUT(o, "null");
		kcc_out_putc(o, '}');
	} else {
		PUT(o, "null");
	}
	PUT(o, ",\"messages\":[");
	for (i = 0; i < m; i++) {
		if (!answered)
			t = c->start + i * rng_range(&r, 20, 60);
		else if (i == 0)
			t = c->start;
		else
			t = t0 + (int64_t)(c->end - t0) * (i - 1) /
					 (m > 1 ? m - 1 : 1);
		lb = (struct sbuf){line, 0, sizeof line};
		if (i > 0 && !answered)
			sb_puts(&lb, "Is er iemand?");
		else if (i > 0)
			dialogue_line(g, c, i, i == m - 1, &r, &lb);
		if (i > 0)
			kcc_out_putc(o, ',');
		PUT(o, "{\"author\":");
		if (answered && i % 2 == 1)
			PUT(o, "\"agent\"");
		else
			PUT(o, "\"visitor\"");
		PUT(o, ",\"at\":");
		put_utc(o, t);
		PUT(o, ",\"text\":");
		if (i == 0)
			kcc_json_write_str(o, c->text, c->text_n);
		else
			kcc_json_write_str(o, line, lb.n);
		kcc_out_putc(o, '}');
	}
	PUT(o, "]}");
}

/* Write a UTF-8 row to out in Windows-1252; what it cannot hold becomes
 * '?', as Excel does. */
static void
write_cp1252(struct raw *rw, struct kcc_out *out, const char *s, size_t n)
{
	char *in = (char *)s, *o;
	size_t inleft = n, outleft;

	if (rw->conv_cap < n + 16) {
		rw->conv_cap = 2 * n + 16;
		rw->conv = kcc_xrealloc(rw->conv, rw->conv_cap);
	}
	o = rw->conv;
	outleft = rw->conv_cap;
	iconv(rw->cd, NULL, NULL, NULL, NULL);
	while (inleft > 0) {
		if (iconv(rw->cd, &in, &inleft, &o, &outleft) != (size_t)-1)
			break;
		if (errno != EILSEQ && errno != EINVAL)
			break;
		/* Skip one UTF-8 character. */
		*o++ = '?';
		outleft--;
		do {
			in++;
			inleft--;
		} while (inleft > 0 && ((unsigned char)*in & 0xc0) == 0x80);
	}
	kcc_out_write(out, rw->conv, (size_t)(o - rw->conv));
}

static void
raw_webform(struct gen *g, struct raw *rw, const struct contact *c)
{
	char row[8192], buf[64], mail[100];
	struct sbuf b = {row, 0, sizeof row};
	const char *form = c->kind == K_REPORT     ? "Melding openbare ruimte"
			   : c->kind == K_QUESTION ? "Contactformulier"
						   : "Klacht of compliment";
	int64_t dur;

	case_id(c->case_no, buf, sizeof buf);
	csv_str(&b, buf, ';');
	csv_str(&b, form, ';');
	csv_str(&b, topics[c->topic].name, ';');
	local_text(g, c->start, 1, &b);
	sb_puts(&b, ";");
	if (c->has_citizen) {
		const struct citizen *cz = &c->cz;
		struct sbuf nb = {buf, 0, sizeof buf};
		sb_name(&nb, cz);
		csv_field(&b, buf, nb.n, ';');
		citizen_email(cz, mail, sizeof mail);
		sb_printf(&b, ";%s;%.*s-%s;%d %s;%d%s;", mail,
			cz->mobile ? 2 : 3, cz->phone,
			cz->phone + (cz->mobile ? 2 : 3), cz->pc4, cz->pcl,
			cz->houseno, cz->suffix);
	} else {
		sb_puts(&b, ";;;;;");
	}
	if (c->has_area)
		csv_str(&b, wijken[c->wijk].name, ';');
	else
		sb_puts(&b, ";");
	if (c->has_loc) {
		sb_printf(&b, "%d,%06d;%d,%06d;", c->lat_u / 1000000,
			c->lat_u % 1000000, c->lon_u / 1000000,
			c->lon_u % 1000000);
	} else {
		sb_puts(&b, ";;");
	}
	csv_field(&b, c->text, c->text_n, ';');
	sb_printf(&b, ";%d;", c->media > 0 ? c->media : 0);
	csv_str(&b, c->agent >= 0 ? g->agents[c->agent].name : "", ';');
	local_text(g, c->end, 1, &b);
	dur = (c->end - c->start) * 100 / DAY_S;
	sb_printf(&b, ";%lld,%02lld\r\n", (long long)(dur / 100),
		(long long)(dur % 100));
	write_cp1252(rw, &rw->web, row, b.n);
}

/* Append one message in WhatsApp's export form. */
static void
wa_message(struct gen *g, struct sbuf *b, int64_t t, const char *who,
	const char *s, size_t n)
{
	local_text(g, t, 1, b);
	sb_printf(b, " - %s: ", who);
	sb_put(b, s, n);
	sb_puts(b, "\n");
}

static void
raw_whatsapp(struct gen *g, struct raw *rw, const struct contact *c)
{
	static char text[65536];
	struct sbuf b = {text, 0, sizeof text};
	char path[4096], who[96], line[512];
	struct sbuf wb = {who, 0, sizeof who}, lb;
	struct rng r;
	int i, k, fd, fresh_file = 0;
	int64_t t, t0 = c->start + c->wait;
	const char *us = "Gemeente Lindendam";

	if (!c->has_citizen)
		return;
	for (k = 0; k < rw->wa_n && rw->wa_cid[k] != c->cid; k++)
		;
	if (k == rw->wa_n) {
		if (rw->wa_n == WA_FILES)
			return;
		/* Saved contacts show a name, others the number; two
		 * citizens of one name are told apart by number. */
		if (c->cid % 2 == 0)
			sb_name(&wb, &c->cz);
		who[wb.n] = '\0';
		for (i = 0; i < rw->wa_n && strcmp(rw->wa_who[i], who) != 0;
			i++)
			;
		if (wb.n == 0 || i < rw->wa_n) {
			wb.n = 0;
			if (c->cz.mobile)
				sb_printf(&wb, "+31 6 %s", c->cz.phone + 2);
			else
				sb_printf(&wb, "+31 %.2s %s", c->cz.phone + 1,
					c->cz.phone + 3);
			who[wb.n] = '\0';
		}
		rw->wa_cid[rw->wa_n] = c->cid;
		memcpy(rw->wa_who[rw->wa_n++], who, wb.n + 1);
		fresh_file = 1;
	}
	memcpy(who, rw->wa_who[k], sizeof who);
	rng_seed(&r, c->raw_seed);
	snprintf(path, sizeof path, "%s/whatsapp/WhatsApp-chat met %s.txt",
		rw->dir, who);
	if (fresh_file) {
		local_text(g, c->start, 1, &b);
		sb_puts(&b,
			" - Berichten en oproepen worden end-to-end "
			"versleuteld. Niemand buiten deze chat, zelfs WhatsApp "
			"niet, kan ze lezen of beluisteren. Tik voor meer "
			"info.\n");
	}
	wa_message(g, &b, c->start, who, c->text, c->text_n);
	for (i = 0; i < c->media; i++)
		wa_message(g, &b, c->start + 10 + i * 5, who,
			"<Media weggelaten>", 18);
	t = t0;
	for (i = 1; i < c->messages; i++) {
		lb = (struct sbuf){line, 0, sizeof line};
		dialogue_line(g, c, i, i == c->messages - 1, &r, &lb);
		wa_message(g, &b, t, i % 2 ? us : who, line, lb.n);
		t += rng_range(&r, 30, 400);
	}
	/* A file is started afresh by this run, then appended to. */
	fd = open(path,
		O_WRONLY | O_CREAT | O_CLOEXEC |
			(fresh_file ? O_TRUNC : O_APPEND),
		0666);
	if (fd < 0 || write(fd, text, b.n) != (ssize_t)b.n) {
		kcc_warn("%s", path);
		rw->failed = 1;
	}
	if (fd >= 0 && close(fd) != 0 && !rw->failed) {
		kcc_warn("%s", path);
		rw->failed = 1;
	}
}

static void
raw_write(struct gen *g, const struct contact *c)
{
	struct raw *rw = g->raw;

	switch (c->ch) {
	case KCC_CH_PHONE:
		raw_telephony(g, rw, c);
		break;
	case KCC_CH_CHAT:
		raw_chat(g, rw, c);
		break;
	case KCC_CH_WEBFORM:
		raw_webform(g, rw, c);
		break;
	case KCC_CH_WHATSAPP:
		raw_whatsapp(g, rw, c);
		break;
	}
}

static int
make_dir(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		kcc_warn("%s", path);
		return -1;
	}
	return 0;
}

static const char web_header[] =
	"Zaaknummer;Formulier;Onderwerp;"
	"Ingediend op;Naam;E-mailadres;Telefoonnummer;Postcode;Huisnummer;"
	"Wijk;Breedtegraad;Lengtegraad;Omschrijving;Foto's;Behandelaar;"
	"Afgehandeld op;Doorlooptijd (dagen)\r\n";

static struct raw *
raw_open(const char *dir)
{
	struct raw *rw = kcc_xcalloc(1, sizeof *rw);
	char path[4096];
	int i;
	static const char *const names[3] = {"telephony.csv", "chat.json",
		"webform.csv"};
	struct kcc_out *outs[3];

	rw->dir = kcc_xstrdup(dir);
	outs[0] = &rw->tel;
	outs[1] = &rw->chat;
	outs[2] = &rw->web;
	snprintf(path, sizeof path, "%s/whatsapp", dir);
	if (make_dir(dir) != 0 || make_dir(path) != 0)
		exit(KCC_EXIT_DATA);
	rw->cd = iconv_open("WINDOWS-1252", "UTF-8");
	if (rw->cd == (iconv_t)-1)
		kcc_err(KCC_EXIT_DATA, "iconv from UTF-8 to Windows-1252");
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (kcc_out_open(outs[i], path) != 0)
			exit(KCC_EXIT_DATA);
	}
	PUT(&rw->tel, "call_id,direction,queue,agent,caller,start,answered,"
		      "end,wait_s,talk_s,hold_s,acw_s,result,wrapup,notes\n");
	PUT(&rw->chat, "{\"export\":{\"platform\":\"Lindendam Chat\","
		       "\"timezone\":\"UTC\",\"conversations\":[\n");
	write_cp1252(rw, &rw->web, web_header, sizeof web_header - 1);
	return rw;
}

/* Close the raw files; returns 0 or -1 after a reported error. */
static int
raw_close(struct raw *rw)
{
	int rc = rw->failed ? -1 : 0;
	char tail[64];

	snprintf(tail, sizeof tail, "\n],\"count\":%lu}}\n", rw->nchat);
	kcc_out_puts(&rw->chat, tail);
	if (kcc_out_close(&rw->tel) == KCC_OUT_ERROR)
		rc = -1;
	if (kcc_out_close(&rw->chat) == KCC_OUT_ERROR)
		rc = -1;
	if (kcc_out_close(&rw->web) == KCC_OUT_ERROR)
		rc = -1;
	iconv_close(rw->cd);
	free(rw->conv);
	free(rw->dir);
	free(rw);
	return rc;
}

/* ------------------------------------------------------------- the run */

static void
finish(struct gen *g, struct contact *c, int attempts)
{
	set_topic_by(g, c);
	if (chans[c->ch].grp == G_WRITTEN || chans[c->ch].grp == G_DIGITAL)
		c->lang = rng_pick(&g->r, lang_w, 4);
	if (c->ch == KCC_CH_WHATSAPP)
		c->media = c->kind == K_REPORT
				   ? (rng_chance(&g->r, 0.6)
						     ? rng_range(&g->r, 1, 3)
						     : 0)
				   : rng_chance(&g->r, 0.1);
	else if (c->ch == KCC_CH_WEBFORM && c->kind == K_REPORT)
		c->media = rng_chance(&g->r, 0.5) ? rng_range(&g->r, 1, 3) : 0;
	else if (c->ch == KCC_CH_EMAIL)
		c->media = rng_chance(&g->r, 0.2) ? rng_range(&g->r, 1, 2) : 0;
	set_case(g, c);
	compose_text(g, c);
	survey(g, c);
	plan_next(g, c, attempts);
	make_id(g, c);
	c->raw_seed = mix3(g->seed, 0x4a3, g->emitted);
	emit(g, c);
	if (g->raw != NULL)
		raw_write(g, c);
}

static void
process_slot(struct gen *g, const struct slot *s)
{
	static const char *const social_raw[] = {"facebook", "facebook", "x",
		"instagram"};
	struct contact *c = &g->c;
	struct hist h;

	contact_init(c, s->ch, s->t);
	if (!s->hot && heap_due(&g->back) <= s->t) {
		heap_pop(&g->back, &h);
		from_history(g, c, &h);
	} else {
		fresh(g, c, s->hot);
	}
	if (c->ch == KCC_CH_SOCIAL)
		c->channel_raw = PICK(&g->r, social_raw);
	c->queue = queue_of(g, c);
	switch (c->ch) {
	case KCC_CH_PHONE:
		serve_phone_in(g, c);
		break;
	case KCC_CH_DESK:
		serve_desk(g, c);
		break;
	case KCC_CH_CHAT:
		serve_chat(g, c);
		break;
	default:
		serve_async(g, c);
		break;
	}
	finish(g, c, 0);
}

/* The callbacks due by `until`, as outbound calls. */
static void
process_callbacks(struct gen *g, int64_t until)
{
	struct contact *c = &g->c;
	struct hist h;

	while (g->emitted < g->n && heap_due(&g->callbacks) <= until) {
		heap_pop(&g->callbacks, &h);
		contact_init(c, KCC_CH_PHONE, h.due);
		c->dir = 1;
		from_history(g, c, &h);
		c->queue = queue_of(g, c);
		if (serve_phone_out(g, c, h.due) < 0) {
			/* Nobody left today: first thing next working day. */
			h.due = office_next(g, at(g, &g->today, DAY_S - 1) + 1,
				HM(8, 30), HM(16, 30), 3600, &g->r);
			heap_push(&g->callbacks, &h);
			continue;
		}
		finish(g, c, h.attempts);
	}
}

static void
start_day(struct gen *g, int64_t days)
{
	int i, k;

	day_make(g, days, &g->today);
	for (i = 0; i < g->nagents; i++) {
		struct agent *a = &g->agents[i];
		agent_shift(g, i, &g->today, &a->sh);
		a->free_at = 0;
		for (k = 0; k < CHAT_SLOTS; k++)
			a->slot[k] = 0;
	}
}

static void
run(struct gen *g)
{
	int64_t days;
	size_t i;

	for (days = g->day0; g->emitted < g->n && g->out.err == 0; days++) {
		start_day(g, days);
		arrivals(g);
		for (i = 0; i < g->nslots && g->emitted < g->n; i++) {
			process_callbacks(g, g->slots[i].t);
			if (g->emitted < g->n)
				process_slot(g, &g->slots[i]);
		}
		process_callbacks(g, at(g, &g->today, DAY_S - 1));
	}
}

/*
 * Set the arrival rates: the phone's from its staffing, desk and chat
 * scaled down to their share of the mix when their staff could take more,
 * the other channels from the phone's volume and the mix.  Then place the
 * hotspot in the middle of the period the contacts will span.
 */
static void
calibrate(struct gen *g)
{
	static const int hot_topics[] = {15, 16, 13, 17, 14};
	static const int staffed[] = {KCC_CH_PHONE, KCC_CH_CHAT};
	double sum[3] = {0, 0, 0}, week, target;
	int64_t days;
	int i, d, k, m, ch, t, open_days = 0, ndow[8] = {0}, sod, open, close;
	struct rng r;

	g->beta = 1.0;
	g->scale_desk = 1;
	/* Four weeks of the rota: the average team on duty by weekday and
	 * quarter hour. */
	for (days = g->day0; days < g->day0 + 28; days++) {
		start_day(g, days);
		if (!g->today.open)
			continue;
		open_days++;
		ndow[g->today.dow]++;
		for (i = 0; i < 2; i++) {
			hours(staffed[i], &open, &close);
			for (sod = open; sod < close; sod += 900)
				g->rate[i][g->today.dow]
				       [(sod - HM(8, 30)) / 900] +=
					on_duty(g, i == 0 ? G_PHONE : G_DIGITAL,
						at(g, &g->today, sod + 450));
		}
		sum[2] += desk_visits(g, 1);
	}
	sum[2] /= open_days > 0 ? open_days : 1;
	for (i = 0; i < 2; i++)
		for (d = 1; d <= 5; d++)
			for (k = 0; k < NRATE; k++) {
				double *x = &g->rate[i][d][k];
				*x = forecast(g, i, d, k,
					ndow[d] > 0 ? *x / ndow[d] : 0);
				sum[i] += *x / 5;
			}
	if (sum[0] <= 0)
		kcc_errx(KCC_EXIT_DATA, "no phone agent on duty in four weeks "
					"from the start date");
	/* Outbound callbacks add about a tenth to the phone's volume. */
	sum[0] *= 1.1;
	target = chans[KCC_CH_CHAT].share / chans[KCC_CH_PHONE].share * sum[0];
	if (sum[1] > target)
		for (d = 1; d <= 5; d++)
			for (k = 0; k < NRATE; k++)
				g->rate[1][d][k] *= target / sum[1];
	target = chans[KCC_CH_DESK].share / chans[KCC_CH_PHONE].share * sum[0];
	if (sum[2] > target)
		g->scale_desk = target / sum[2];
	for (i = 0; i < NASYNC; i++) {
		ch = async_chans[i];
		g->weekly[ch] = chans[ch].share / chans[KCC_CH_PHONE].share *
				sum[0] * 5;
	}
	for (m = 0; m < 12; m++)
		for (ch = 0; ch < NCHAN; ch++)
			for (t = 0; t < NTOPIC; t++)
				g->topic_w[m][ch][t] =
					topics[t].weight *
					season[topics[t].seas][m] *
					affinity[topics[t].aff][ch];
	for (i = 0; i < NWIJK; i++)
		g->wijk_w[i] = wijken[i].weight;

	rng_seed(&r, mix3(g->seed, 0x4075907, 0));
	week = sum[0] * 5 / chans[KCC_CH_PHONE].share;
	g->hot_wijk = (int)rng_below(&r, NWIJK - 1);
	g->hot_topic = hot_topics[rng_below(&r, 5)];
	g->hot_day = g->day0 + 7 * (int64_t)((double)g->n / week / 2);
	g->hot_total = week * 0.02 > 30 ? iround(week * 0.02) : 30;
}

/* --------------------------------------------------------------- main */

static const char usage_text[] =
	"kcc-gen [-hV] [-a agents] [-d date] [-n count] [-o file] [-s seed]\n"
	"               [--raw dir]\n";

static const char help_text[] =
	"Write seeded, realistic contact records for the fictional Dutch\n"
	"municipality of Lindendam: one canonical record (kcc-record(5)) a\n"
	"line, in time order of arrival.  The same options give the same "
	"bytes.\n"
	"\n"
	"  -n, --count N     contacts to write (default 1000)\n"
	"  -s, --seed N      seed of the random generator (default 1)\n"
	"  -d, --start DATE  first day, YYYY-MM-DD (default 2026-03-02)\n"
	"  -a, --agents N    agents, 5 to 5000 (default n/5000 within "
	"10..200)\n"
	"  -o, --output FILE write there instead of standard output\n"
	"      --raw DIR     also write the contacts as their source systems\n"
	"                    export them (DIR is created):\n"
	"    telephony.csv   phone contacts; CSV, UTF-8, header call_id,"
	"direction,\n"
	"                    queue,agent,caller,start,answered,end,wait_s,"
	"talk_s,\n"
	"                    hold_s,acw_s,result,wrapup,notes; local times\n"
	"                    \"YYYY-MM-DD HH:MM:SS\" (Europe/Amsterdam, no "
	"offset);\n"
	"                    caller \"+31612345678\" or \"anonymous\"\n"
	"    chat.json       chat contacts; {\"export\":{...,\"conversations\""
	":[...],\n"
	"                    \"count\":N}}, one conversation a line with "
	"UTC times\n"
	"                    and its messages\n"
	"    webform.csv     web form contacts as Dutch Excel saves them: "
	"';',\n"
	"                    Windows-1252, CRLF, dd-mm-yyyy HH:MM, decimal "
	"commas,\n"
	"                    full postcodes (\"7347 KD\")\n"
	"    whatsapp/       \"WhatsApp-chat met NAME.txt\" for the first 20\n"
	"                    citizens on WhatsApp: \"dd-mm-yyyy HH:MM - Name: "
	"text\"\n"
	"  -h, --help        this text\n"
	"  -V, --version     the version\n"
	"\n"
	"Records carry ext.truth_history (contacts of one citizen about one\n"
	"matter), ext.truth_pii (kinds of personal data in the text: bsn, "
	"iban,\n"
	"phone, email, address, name) and ext.truth_hotspot (the surge of "
	"one\n"
	"topic in one wijk in one week).  All identifiers are fake.\n";

static const struct option longopts[] = {
	{"agents", required_argument, NULL, 'a'},
	{"count", required_argument, NULL, 'n'},
	{"help", no_argument, NULL, 'h'},
	{"output", required_argument, NULL, 'o'},
	{"raw", required_argument, NULL, 'R'},
	{"seed", required_argument, NULL, 's'},
	{"start", required_argument, NULL, 'd'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

static int
parse_date(const char *s, int64_t *days)
{
	struct kcc_time t;
	char buf[32];
	const char *why;
	int64_t y;
	unsigned m, d;

	if (strlen(s) != 10 ||
		snprintf(buf, sizeof buf, "%sT00:00:00Z", s) >=
			(int)sizeof buf ||
		kcc_time_parse(buf, strlen(buf), &t, &why) != 0)
		return -1;
	*days = t.sec / DAY_S;
	kcc_civil_from_days(*days, &y, &m, &d);
	return y >= 1971 && y <= 9000 ? 0 : -1;
}

int
main(int argc, char *argv[])
{
	static struct gen gen;
	struct gen *g = &gen;
	const char *output = "-", *raw_dir = NULL, *why;
	long long n = 1000, seed = 1, agents = 0;
	int c, status = KCC_EXIT_OK;

	kcc_diag_init(argv[0]);
	if (parse_date("2026-03-02", &g->day0) != 0)
		kcc_errx(KCC_EXIT_DATA, "bad default date");
	while ((c = getopt_long(argc, argv, "a:d:hn:o:s:V", longopts, NULL)) !=
		-1) {
		switch (c) {
		case 'a':
			if (kcc_parse_ll("-a", optarg, 5, 5000, &agents) != 0)
				kcc_usage_exit(usage_text);
			break;
		case 'd':
			if (parse_date(optarg, &g->day0) != 0) {
				kcc_warnx("option '-d': '%s' is not a date "
					  "YYYY-MM-DD",
					optarg);
				kcc_usage_exit(usage_text);
			}
			break;
		case 'h':
			printf("usage: %s\n%s", usage_text, help_text);
			return fflush(stdout) == 0 && !ferror(stdout)
				       ? KCC_EXIT_OK
				       : KCC_EXIT_DATA;
		case 'n':
			if (kcc_parse_ll("-n", optarg, 0, 1000000000, &n) != 0)
				kcc_usage_exit(usage_text);
			break;
		case 'o':
			output = optarg;
			break;
		case 'R':
			raw_dir = optarg;
			break;
		case 's':
			if (kcc_parse_ll("-s", optarg, 0, INT64_MAX, &seed) !=
				0)
				kcc_usage_exit(usage_text);
			break;
		case 'V':
			kcc_version_exit();
		default:
			kcc_usage_exit(usage_text);
		}
	}
	if (optind != argc) {
		kcc_warnx("unexpected operand '%s'", argv[optind]);
		kcc_usage_exit(usage_text);
	}

	g->seed = (uint64_t)seed;
	g->n = (uint64_t)n;
	rng_seed(&g->r, mix3(g->seed, GEN_VERSION, 0x6e6));
	if ((g->tz = kcc_tz_load("Europe/Amsterdam", &why)) == NULL)
		kcc_errx(KCC_EXIT_DATA, "time zone 'Europe/Amsterdam': %s",
			why);
	if (agents == 0)
		agents = n / 5000 < 10 ? 10 : n / 5000 > 200 ? 200 : n / 5000;
	agents_make(g, (int)agents);
	g->population = n / 4 > 2000 ? (uint32_t)(n / 4) : 2000;
	g->back.cap = g->callbacks.cap = 1 << 16;
	g->back.a = kcc_xcalloc(g->back.cap, sizeof *g->back.a);
	g->callbacks.a = kcc_xcalloc(g->callbacks.cap, sizeof *g->callbacks.a);
	calibrate(g);

	if (kcc_out_open(&g->out, output) != 0)
		return KCC_EXIT_DATA;
	if (raw_dir != NULL)
		g->raw = raw_open(raw_dir);
	run(g);
	if (g->raw != NULL && raw_close(g->raw) != 0)
		status = KCC_EXIT_DATA;
	switch (kcc_out_close(&g->out)) {
	case KCC_OUT_ERROR:
		status = KCC_EXIT_DATA;
		break;
	case KCC_OUT_EPIPE:
		break;
	}
	free(g->agents);
	free(g->slots);
	free(g->back.a);
	free(g->callbacks.a);
	kcc_tz_free(g->tz);
	return status;
}
