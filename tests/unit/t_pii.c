/* Unit tests for lib/pii.c: check digits, phone plans, normal forms. */
#include <stdio.h>
#include <string.h>

#include "kcc/pii.h"
#include "tap.h"

static void
test_bsn(void)
{
	static const struct {
		const char *in, *want; /* want NULL: refused */
	} norm[] = {
		{"123456782", "123456782"},
		{"249566758", "249566758"},
		{"123456789", NULL},
		{"12345672", "012345672"}, /* 8 digits: a leading zero */
		{" 1234.56.782 ", "123456782"},
		{"123 456 782", "123456782"},
		{"123-45-6782", "123456782"},
		{"000000000", NULL}, /* passes the sum, but is no BSN */
		{"1234567820", NULL},
		{"1234567", NULL},
		{"123456782a", NULL},
		{"123..456782", NULL},
		{".123456782", NULL},
		{"", NULL},
	};
	char out[10];
	size_t i;
	int r;

	ok(kcc_pii_bsn_ok("123456782"), "bsn 123456782 passes the 11-proef");
	ok(kcc_pii_bsn_ok("249566758"), "bsn 249566758 passes");
	ok(!kcc_pii_bsn_ok("123456789"), "bsn 123456789 fails");
	ok(!kcc_pii_bsn_ok("000000000"), "bsn 000000000 is refused");
	ok(!kcc_pii_bsn_ok("12345678x"), "bsn with a letter is refused");
	for (i = 0; i < sizeof norm / sizeof norm[0]; i++) {
		r = kcc_pii_bsn_norm(norm[i].in, strlen(norm[i].in), out);
		if (norm[i].want == NULL)
			is_int(r, -1, "bsn_norm '%s' refused", norm[i].in);
		else
			is_str(r == 0 ? out : "(refused)", norm[i].want,
				"bsn_norm '%s'", norm[i].in);
	}
}

static void
test_iban(void)
{
	static const struct {
		const char *s;
		int valid;
	} v[] = {
		{"NL91ABNA0417164300", 1},
		{"NL92ABNA0417164300", 0},
		{"GB82WEST12345698765432", 1},
		{"nl91abna0417164300", 1}, /* either case */
		{"DE89370400440532013000", 1},
		{"BE68539007547034", 1},
		{"NO9386011117947", 1},
		{"NL91ABNA041716430", 0},   /* too short for NL */
		{"NL91ABNA04171643000", 0}, /* too long */
		{"XX91ABNA0417164300", 0},  /* no such country */
		{"NL91ABNA0417 164300", 0}, /* no spaces here */
		{"NLAAABNA0417164300", 0},
	};
	size_t i;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		is_int(kcc_pii_iban_ok(v[i].s, strlen(v[i].s)), v[i].valid,
			"iban %s %s", v[i].s, v[i].valid ? "valid" : "invalid");
	is_int(kcc_pii_iban_len('N', 'L'), 18, "NL IBANs have 18 characters");
	is_int(kcc_pii_iban_len('n', 'o'), 15, "NO IBANs have 15");
	is_int(kcc_pii_iban_len('A', 'D'), 24, "first country of the table");
	is_int(kcc_pii_iban_len('X', 'K'), 20, "last country of the table");
	is_int(kcc_pii_iban_len('U', 'S'), 0, "the US has no IBAN");
}

/* kcc_pii_phone_scan() of s: "E164/bytes used" or "-". */
static const char *
scan(const char *country, const char *s, unsigned flags)
{
	static char buf[64];
	char e164[KCC_PII_E164_SIZE];
	size_t used;

	used = kcc_pii_phone_scan(kcc_pii_phone_plan(country), s, strlen(s),
		flags, e164);
	if (used == 0)
		return "-";
	snprintf(buf, sizeof buf, "%s/%zu", e164, used);
	return buf;
}

static void
test_phone(void)
{
	static const struct {
		const char *country, *in, *want;
	} v[] = {
		{"NL", "06-12345678", "+31612345678/11"},
		{"NL", "0612345678", "+31612345678/10"},
		{"NL", "06 12 34 56 78", "+31612345678/14"},
		{"NL", "06 1234 5678", "+31612345678/12"},
		{"NL", "+31 6 12345678", "+31612345678/14"},
		{"NL", "+31 6 1234 5678", "+31612345678/15"},
		{"NL", "+31612345678", "+31612345678/12"},
		{"NL", "0031612345678", "+31612345678/13"},
		{"NL", "0031 6 12345678", "+31612345678/15"},
		{"NL", "+31 (0)6 12345678", "+31612345678/17"},
		{"NL", "+31(0)20-1234567", "+31201234567/16"},
		{"NL", "+31 06 12345678", "+31612345678/15"},
		{"NL", "(+31) 6 12345678", "+31612345678/16"},
		{"NL", "020-1234567", "+31201234567/11"},
		{"NL", "020 - 123 45 67", "+31201234567/15"},
		{"NL", "(020) 123 4567", "+31201234567/14"},
		{"NL", "(020)1234567", "+31201234567/12"},
		{"NL", "0294-123456", "+31294123456/11"},
		{"NL", "06.12.34.56.78", "+31612345678/14"},
		{"NL", "06/12345678", "+31612345678/11"},
		{"NL",
			"06\xc2\xa0"
			"12345678",
			"+31612345678/12"},
		{"NL", "+1 212 555 0100", "+12125550100/15"},
		{"NL", "+1 (212) 555-0100", "+12125550100/17"},
		{"NL", "+31 (20) 123 4567", "+31201234567/17"},
		{"NL", "+31 (20 123 4567", "-"},
		{"NL", "+31 6 (12) 345678", "-"},
		{"NL", "+44 20 7946 0958", "+442079460958/16"},
		{"NL", "0044 20 7946 0958", "+442079460958/17"},
		{"NL", "+49 30 1234567", "+49301234567/14"},
		{"NL", "+32 470 12 34 56", "+32470123456/16"},
		/* The shortest run of whole groups that makes a number. */
		{"NL", "06 12345678 12 keer", "+31612345678/11"},
		{"NL", "0612345678.", "+31612345678/10"},
		{"NL", "0612345678. 12", "+31612345678/10"},
		/* Not phone numbers. */
		{"NL", "02-03-2026", "-"},
		{"NL", "02-03-2026 10", "-"},
		{"NL", "2-3-2026 0612", "-"},
		{"NL", "0612345", "-"},
		{"NL", "061234567890", "-"},
		{"NL", "612345678", "-"},
		{"NL", "31612345678", "-"},
		{"NL", "0 612345678", "-"},
		{"NL", "0000123", "-"},
		{"NL", "06-1234567", "-"},
		{"NL", "+31 6 1234567", "-"},
		{"NL", "+0612345678", "-"},
		{"NL", "+123", "-"},
		{"NL", "(020 1234567", "-"},
		{"NL", "020 (0) 1234567", "-"},
		{"NL", "12:30", "-"},
		/* Other plans for national numbers. */
		{"US", "(212) 555-0100", "+12125550100/14"},
		{"US", "212-555-0100", "+12125550100/12"},
		{"US", "1-212-555-0100", "+12125550100/14"},
		{"US", "112-555-0100", "-"},
		{"GB", "020 7946 0958", "+442079460958/13"},
		{"BE", "02 123 45 67", "+3221234567/12"},
	};
	static const struct {
		const char *in, *want;
	} lenient[] = {
		{"612345678", "+31612345678/9"},
		{"31612345678", "+31612345678/11"},
		{"0612345678", "+31612345678/10"},
		{"61234567", "-"},
		{"6 12345678", "-"},
	};
	char e164[KCC_PII_E164_SIZE];
	size_t i;
	int r;

	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		is_str(scan(v[i].country, v[i].in, 0), v[i].want,
			"phone %s '%s'", v[i].country, v[i].in);
	for (i = 0; i < sizeof lenient / sizeof lenient[0]; i++)
		is_str(scan("NL", lenient[i].in, KCC_PII_PHONE_LENIENT),
			lenient[i].want, "lenient phone '%s'", lenient[i].in);

	ok(kcc_pii_phone_plan(NULL) == kcc_pii_phone_plan("nl"),
		"the default plan is NL's");
	ok(kcc_pii_phone_plan("DE") == NULL, "no plan for DE");
	ok(kcc_pii_phone_plan("") == NULL && kcc_pii_phone_plan("NLD") == NULL,
		"no plan for '' or 'NLD'");

	r = kcc_pii_phone_norm(NULL, " tel:+31 6 12345678\n", 20, 0, e164);
	is_str(r == 0 ? e164 : "(refused)", "+31612345678",
		"phone_norm drops white space and tel:");
	r = kcc_pii_phone_norm(NULL, "\xe2\x80\xaa+31 6 12345678\xe2\x80\xac",
		20, 0, e164);
	is_str(r == 0 ? e164 : "(refused)", "+31612345678",
		"phone_norm drops direction marks (WhatsApp)");
	is_int(kcc_pii_phone_norm(NULL, "0612345678 x", 12, 0, e164), -1,
		"phone_norm: the whole field must be the number");
	is_int(kcc_pii_phone_norm(NULL, "06 12345678 12", 14, 0, e164), -1,
		"phone_norm: no digits after the number");
	is_int(kcc_pii_phone_norm(NULL, "612345678", 9, 0, e164), -1,
		"phone_norm: no trunk, not lenient");
	r = kcc_pii_phone_norm(NULL, "612345678", 9, KCC_PII_PHONE_LENIENT,
		e164);
	is_str(r == 0 ? e164 : "(refused)", "+31612345678",
		"phone_norm: lenient takes a spreadsheet's number");
}

static void
test_email(void)
{
	static const struct {
		const char *in;
		size_t want;
	} dom[] = {
		{"example.com", 11},
		{"example.com.", 11},
		{"example.com. Dank", 11},
		{"mail.example.co.uk>", 18},
		{"example", 0},
		{"example.c", 0},
		{"example.123", 0},
		{"-example.com", 0},
		{"example-.com", 0},
		{"ex-ample.nl", 11},
		{"xn--bcher-kva.example", 21},
		{"example.xn--p1ai", 16},
		{"a.b.c.nl", 8},
		{"example..com", 0},
	};
	static const struct {
		const char *in, *want;
	} norm[] = {
		{"Jan.Jansen@Example.COM", "jan.jansen@example.com"},
		{"  jan@example.com\t", "jan@example.com"},
		{"mailto:jan@example.com", "jan@example.com"},
		{"Jan Jansen <Jan@Example.com>", "jan@example.com"},
		{"jan+kcc@example.com", "jan+kcc@example.com"},
		{"o'brien@example.ie", "o'brien@example.ie"},
		{"jan@example.com.", "jan@example.com"},
		{"jan@@example.com", NULL},
		{"jan@example", NULL},
		{"jan@", NULL},
		{"jan@.", NULL},
		{"@example.com", NULL},
		{".jan@example.com", NULL},
		{"jan.@example.com", NULL},
		{"jan jansen@example.com", NULL},
		{"jan", NULL},
		{"", NULL},
	};
	char out[64];
	size_t i;
	int r;

	for (i = 0; i < sizeof dom / sizeof dom[0]; i++)
		is_int(kcc_pii_email_domain(dom[i].in, strlen(dom[i].in)),
			dom[i].want, "domain '%s'", dom[i].in);
	for (i = 0; i < sizeof norm / sizeof norm[0]; i++) {
		r = kcc_pii_email_norm(norm[i].in, strlen(norm[i].in), out);
		if (r >= 0)
			out[r] = '\0';
		is_str(r >= 0 ? out : NULL, norm[i].want, "email_norm '%s'",
			norm[i].in);
	}
}

static void
test_trim(void)
{
	const char *s = "\xef\xbb\xbf \xc2\xa0x y\xe2\x80\x8e\t";
	size_t n = strlen(s);

	kcc_pii_trim(&s, &n);
	ok(n == 3 && memcmp(s, "x y", 3) == 0,
		"trim drops BOM, NBSP, LRM and ASCII space at the ends");
	s = "\xe2\x80\x8e";
	n = 3;
	kcc_pii_trim(&s, &n);
	is_int(n, 0, "trim of only a mark is empty");
	is_int(kcc_pii_space("\xe2\x80", 2), 0, "a cut sequence is no space");
	is_str(kcc_pii_names[KCC_PII_POSTCODE], "postcode", "kind names");
	ok(kcc_pii_names[KCC_PII__COUNT] == NULL, "kind names end in NULL");
}

int
main(void)
{
	test_bsn();
	test_iban();
	test_phone();
	test_email();
	test_trim();
	return tap_done();
}
