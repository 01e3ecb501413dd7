/* Unit tests for lib/redact.c: every kind, ordinary numbers left alone. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kcc/redact.h"
#include "tap.h"

static struct kcc_redact r;
static struct kcc_redact_counts counts;

static const char *
red(const char *s)
{
	static char out[4096];
	size_t n = strlen(s), l;

	l = kcc_redact_str(&r, s, n, out, sizeof out - 1, &counts);
	if (l >= sizeof out)
		return "(too long)";
	out[l] = '\0';
	return out;
}

#define RED(in, want) is_str(red(in), want, "redact '%s'", in)

static void
test_bsn(void)
{
	RED("BSN 123456782.", "BSN [BSN].");
	RED("249566758", "[BSN]");
	RED("Mijn BSN is 123456789.", "Mijn BSN is 123456789.");
	RED("(BSN 1234.56.782)", "(BSN [BSN])");
	RED("123.456.782", "[BSN]");
	RED("123 45 6782", "123 45 6782"); /* US SSN shape */
	RED("DPCI 030-02-8711", "DPCI 030-02-8711");
	RED("123-456-782", "[BSN]");
	RED("1234 56 782", "[BSN]");
	RED("123.456 782", "123.456 782");  /* mixed separators */
	RED("12.345.6782", "12.345.6782");  /* not a BSN grouping */
	RED("bsn: 12345672", "bsn: [BSN]"); /* 8 digits, leading 0 */
	RED("Burgerservicenummer 12345672", "Burgerservicenummer [BSN]");
	RED("order 12345672", "order 12345672"); /* 8 digits, no keyword */
	RED("BSN 12345674", "BSN 12345674");     /* fails the 11-proef */
	RED("000000000", "000000000");
	RED("1234567820", "1234567820");
}

static void
test_iban(void)
{
	RED("IBAN NL91ABNA0417164300.", "IBAN [IBAN].");
	RED("NL91 ABNA 0417 1643 00", "[IBAN]");
	RED("NL92ABNA0417164300", "NL92ABNA0417164300");
	RED("NL92 ABNA 0417 1643 00", "NL92 ABNA 0417 1643 00");
	RED("GB82WEST12345698765432", "[IBAN]");
	RED("GB82 WEST 1234 5698 7654 32", "[IBAN]");
	RED("nl91abna0417164300", "[IBAN]");
	RED("rek.nr.: NL91ABNA0417164300,", "rek.nr.: [IBAN],");
	RED("XNL91ABNA0417164300", "XNL91ABNA0417164300");
	RED("NL91ABNA0417164300X", "NL91ABNA0417164300X");
	RED("NL91ABNA04171643", "NL91ABNA04171643");
	RED("NL91 AB NA0417164300", "NL91 AB NA0417164300");
}

static void
test_phone(void)
{
	RED("Bel 06-12345678.", "Bel [PHONE].");
	RED("06 12 34 56 78", "[PHONE]");
	RED("06 1234 5678", "[PHONE]");
	RED("0612345678", "[PHONE]");
	RED("+31 6 1234 5678", "[PHONE]");
	RED("+31 (0)6 12345678", "[PHONE]");
	RED("0031612345678", "[PHONE]");
	RED("0031 6 12345678", "[PHONE]");
	RED("020-1234567", "[PHONE]");
	RED("(020) 123 4567", "[PHONE]");
	RED("tel:+31201234567", "tel:[PHONE]");
	RED("+1 212 555 0100", "[PHONE]");
	RED("+1 (212) 555-0100", "[PHONE]");
	RED("+44 20 7946 0958", "[PHONE]");
	RED("bel 06 12345678 12 keer", "bel [PHONE] 12 keer");
	RED("0612345678/0687654321", "[PHONE]/[PHONE]");
	RED("06-1234567", "06-1234567");
	RED("+31 6 1234567", "+31 6 1234567");
	RED("+123", "+123");
	RED("ZAAK-0612345678", "ZAAK-0612345678");
}

static void
test_email(void)
{
	RED("Mail jan.jansen@example.com.", "Mail [EMAIL].");
	RED("<Jan.Jansen+kcc@Example.COM>", "<[EMAIL]>");
	RED("e-mail:jan@example.nl", "e-mail:[EMAIL]");
	RED("?email=jan@example.nl&x", "?email=[EMAIL]&x");
	RED("jos\xc3\xa9.garcia@example.es", "[EMAIL]");
	RED("\xe2\x80\x9cjan@example.nl\xe2\x80\x9d",
		"\xe2\x80\x9c[EMAIL]\xe2\x80\x9d");
	RED("'o'brien@example.ie'", "'[EMAIL]'");
	RED("jan@localhost", "jan@localhost");
	RED("@gemeente", "@gemeente");
	RED("a @ b.nl", "a @ b.nl");
	RED("0612345678@example.com", "[EMAIL]");
}

static void
test_postcode(void)
{
	RED("Ik woon op 1234 AB 12.", "Ik woon op [POSTCODE].");
	RED("1234AB 12a", "[POSTCODE]");
	RED("1234 ab, 12", "[POSTCODE]");
	RED("1234 AB, huisnummer 12", "[POSTCODE]");
	RED("7351TJ, huisnummer 130.", "[POSTCODE].");
	RED("1234 AB 12-2", "[POSTCODE]");
	RED("Lindelaan 12, 1234 AB Lindendam",
		"Lindelaan [POSTCODE] Lindendam");
	RED("Hooiberg 5C, 7351 HC Lindendam.",
		"Hooiberg [POSTCODE] Lindendam.");
	RED("Kade 7-2, 1234 AB", "Kade [POSTCODE]");
	RED("postcode 1234 AB.", "postcode [POSTCODE].");
	RED("1234AB", "[POSTCODE]");
	RED("1234ab", "1234ab");
	RED("1234ab, 12", "[POSTCODE]");
	RED("Kade 12, 1234 ab", "Kade [POSTCODE]");
	RED("om 1130am", "om 1130am");
	RED("om 1130AM", "om 1130AM");
	RED("PHL 734 1135am", "PHL 734 1135am");
	/* Not postcodes. */
	RED("tussen 2019 en 2020", "tussen 2019 en 2020");
	RED("2019 en, 12", "[POSTCODE]"); /* a house number after a comma */
	RED("foto van 1500 KB", "foto van 1500 KB");
	RED("1500kb", "1500kb");
	RED("1234 SS", "1234 SS");
	RED("0123 AB", "0123 AB");
	RED("1234 ABC", "1234 ABC");
	RED("12345 AB", "12345 AB");
	RED("1234 Ab", "1234 Ab");
}

static void
test_ordinary(void)
{
	static const char *const keep[] = {
		"Het bedrag is 1.250,00 euro.",
		"Het bedrag is \xe2\x82\xac 123456782.",
		"\342\202\254123456782", /* €123456782 */
		"$123456782",
		"123456782,50",
		"123.456.782,50",
		"op 02-03-2026 om 09:14",
		"op 02-03-2026 10 uur",
		"op 2026-03-02T09:14:00+01:00",
		"zaak ZAAK-0000123 en ZAAK-0000123456",
		"zaaknummer 123456789",
		"nummers 111111111 en 987654321",
		"12:30, 12.30 uur, 100%, 3,5 kg",
		"20260302",
		"v1.2.3 en 10.0.0.1",
		"123456782%",
		"123456782a",
		"A123456782",
		"06-12345678-2",
		"versie 0612345678.5",
		"Geen gehoor.",
		"",
	};
	size_t i;

	for (i = 0; i < sizeof keep / sizeof keep[0]; i++)
		is_str(red(keep[i]), keep[i], "keep '%s'", keep[i]);
}

static void
test_utf8_and_adjacent(void)
{
	RED("\xe2\x80\x9e"
	    "0612345678\xe2\x80\x9d en \xc2\xab"
	    "123456782\xc2\xbb",
		"\xe2\x80\x9e[PHONE]\xe2\x80\x9d en \xc2\xab[BSN]\xc2\xbb");
	RED("BSN\xc2\xa0"
	    "123456782\xe2\x80\xa6",
		"BSN\xc2\xa0[BSN]\xe2\x80\xa6");
	RED("caf\xc3\xa9 0612345678 \xf0\x9f\x99\x82",
		"caf\xc3\xa9 [PHONE] \xf0\x9f\x99\x82");
	RED("\xf0\x9f\x99\x82"
	    "0612345678",
		"\xf0\x9f\x99\x82[PHONE]");
	/* A letter touching the number, ASCII or not: not a match. */
	RED("0612345678\xc3\xa9", "0612345678\xc3\xa9");
	RED("\xc3\xa9"
	    "0612345678",
		"\xc3\xa9"
		"0612345678");
	RED("0612345678 123456782 NL91ABNA0417164300 a@b.nl 1234 AB 1",
		"[PHONE] [BSN] [IBAN] [EMAIL] [POSTCODE]");
	RED("0612345678\n123456782\tNL91ABNA0417164300;a@b.nl,1234 AB 1.",
		"[PHONE]\n[BSN]\t[IBAN];[EMAIL],[POSTCODE].");
	RED("(0612345678)(123456782)", "([PHONE])([BSN])");
}

static void
test_counts(void)
{
	struct kcc_redact_match m;
	const char *s = "Bel 0612345678 of 020-1234567, BSN 123456782, "
			"mail a@example.nl, IBAN NL91ABNA0417164300, "
			"1234 AB 5";
	size_t pos = 0, n = strlen(s), k;
	char out[16];

	memset(&counts, 0, sizeof counts);
	red(s);
	red("0612345678");
	is_int(counts.n[KCC_PII_PHONE], 3, "counts: 3 phone numbers");
	is_int(counts.n[KCC_PII_BSN], 1, "counts: 1 BSN");
	is_int(counts.n[KCC_PII_EMAIL], 1, "counts: 1 e-mail address");
	is_int(counts.n[KCC_PII_IBAN], 1, "counts: 1 IBAN");
	is_int(counts.n[KCC_PII_POSTCODE], 1, "counts: 1 postcode");

	ok(kcc_redact_next(&r, s, n, &pos, &m) && m.kind == KCC_PII_PHONE &&
			m.start == 4 && m.end == 14 && pos == 14,
		"next: the first match and its span");
	for (k = 1; kcc_redact_next(&r, s, n, &pos, &m); k++)
		;
	is_int(k, 6, "next: six matches in all");
	is_int(pos, n, "next: pos at the end after the last");

	/* Output cut short: the full length is returned. */
	k = kcc_redact_str(&r, "BSN 123456782 ok", 16, out, 6, NULL);
	ok(k == 12 && memcmp(out, "BSN [B", 6) == 0,
		"a short buffer gets the start and the full length");

	/* Kinds can be switched off. */
	r.kinds = KCC_REDACT_ALL & ~(1u << KCC_PII_PHONE);
	RED("0612345678 123456782", "0612345678 [BSN]");
	r.kinds = 1u << KCC_PII_EMAIL;
	RED("0612345678 a@b.nl", "0612345678 [EMAIL]");
	kcc_redact_init(&r);

	/* Another country's national numbers. */
	r.plan = kcc_pii_phone_plan("US");
	RED("call (212) 555-0100 or 0612345678", "call [PHONE] or 0612345678");
	RED("call +31 6 12345678", "call [PHONE]");
	kcc_redact_init(&r);
	is_str(kcc_redact_tokens[KCC_PII_POSTCODE], "[POSTCODE]", "tokens");
}

/* 1 if s[0..n) is valid UTF-8 (well enough for this test). */
static int
valid_utf8(const char *s, size_t n)
{
	size_t i = 0, k, len;
	const unsigned char *u = (const unsigned char *)s;

	while (i < n) {
		if (u[i] < 0x80)
			len = 1;
		else if ((u[i] & 0xe0) == 0xc0)
			len = 2;
		else if ((u[i] & 0xf0) == 0xe0)
			len = 3;
		else if ((u[i] & 0xf8) == 0xf0)
			len = 4;
		else
			return 0;
		if (i + len > n)
			return 0;
		for (k = 1; k < len; k++)
			if ((u[i + k] & 0xc0) != 0x80)
				return 0;
		i += len;
	}
	return 1;
}

/*
 * Texts made of pieces that look like personal data and pieces that
 * nearly do: the output stays valid UTF-8 within KCC_REDACT_MAX, and
 * matches come in order without overlap and on character boundaries.
 * (Redacting twice may find more: "1234.56.782,00jan@example.com" keeps
 * its BSN as an amount, which it no longer is once the address is gone.)
 */
static void
test_random(void)
{
	static const char *const pieces[] = {"0612345678", "06-12345678",
		"123456782", "1234.56.782", "NL91ABNA0417164300", "a@b.nl",
		"jan.jansen@example.com", "1234 AB", "1234AB", "12", "5C", ",",
		" ", "  ", "-", ".", "/", ":", "@", "+", "+31", "(", ")", "0",
		"00", "31", "6", "NL", "AB", "ab", "\xc2\xa0", "\xc3\xa9",
		"\xe2\x82\xac", "\xe2\x80\x9c", "\xf0\x9f\x99\x82", "BSN",
		"huisnummer", "1.250,00", "02-03-2026", "\n", "x"};
	static char in[512], out[1024];
	uint64_t state = 42;
	size_t iter, n, l, pos, last, bad = 0, k;
	struct kcc_redact_match m;

	for (iter = 0; iter < 20000; iter++) {
		n = 0;
		for (k = 0; k < 12; k++) {
			const char *p;
			state = state * 6364136223846793005u +
				1442695040888963407u;
			p = pieces[(state >> 33) %
				   (sizeof pieces / sizeof pieces[0])];
			memcpy(in + n, p, strlen(p));
			n += strlen(p);
		}
		l = kcc_redact_str(&r, in, n, out, sizeof out, NULL);
		if (l > KCC_REDACT_MAX(n) || !valid_utf8(out, l))
			bad++;
		for (pos = 0, last = 0; kcc_redact_next(&r, in, n, &pos, &m);
			last = m.end)
			if (m.start < last || m.end <= m.start ||
				((unsigned char)in[m.start] & 0xc0) == 0x80 ||
				(m.end < n && ((unsigned char)in[m.end] &
						      0xc0) == 0x80))
				bad++;
		if (bad == 1) {
			printf("# first bad text: '%.*s' -> '%.*s'\n", (int)n,
				in, (int)l, out);
			bad++;
		}
	}
	is_int(bad, 0, "20000 random texts: valid UTF-8, bounded, in order");
}

int
main(void)
{
	kcc_redact_init(&r);
	test_bsn();
	test_iban();
	test_phone();
	test_email();
	test_postcode();
	test_ordinary();
	test_utf8_and_adjacent();
	test_counts();
	test_random();
	return tap_done();
}
