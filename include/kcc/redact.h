/*
 * Redaction of personal data in free text.
 *
 * One pass over the text finds BSNs, IBANs, phone numbers, e-mail
 * addresses and postcodes with house numbers, and replaces each with a
 * token: "[BSN]", "[IBAN]", "[PHONE]", "[EMAIL]", "[POSTCODE]".  Text in
 * between is copied byte for byte, and every match starts and ends on a
 * character boundary, so valid UTF-8 in gives valid UTF-8 out.
 *
 * What is found (kcc-ingest(1) documents the same list):
 *
 *   BSN       9 digits passing the 11-proef, written 123456782,
 *             1234.56.782 or 123.456.782 (one separator, a dot, space or
 *             hyphen, used throughout; not 123-45-6782, the shape of US
 *             social security numbers and product codes).  An 8-digit number
 *             (a BSN that lost its leading zero) only when "BSN",
 *             "burgerservicenummer" or "sofi" comes at most 40 bytes
 *             before it: 8-digit numbers (dates as 20260302, order
 *             numbers) are too common otherwise.
 *   IBAN      any country in the IBAN registry, at its length, mod 97
 *             valid; letters in either case; no spaces or a space after
 *             every group of four ("NL91 ABNA 0417 1643 00").  A string
 *             shaped like an IBAN that fails the check is left alone.
 *   PHONE     as kcc_pii_phone_scan() reads them: Dutch national
 *             numbers with their 0 (06-12345678, 06 12 34 56 78,
 *             020-1234567, (020) 123 4567), +31 and 0031 forms, and any
 *             international number with '+' or 00 and 8 to 15 digits.
 *             National numbers follow the plan given (default NL).
 *   EMAIL     local@domain with a domain as kcc_pii_email_domain()
 *             reads it; the local part is ASCII letters, digits, ._%+-'
 *             and non-ASCII letters.
 *   POSTCODE  a Dutch postcode (PC6: 4 digits, the first not 0, an
 *             optional space, 2 letters other than SA, SD, SS) together
 *             with its house number when one comes right after it
 *             ("1234 AB 12", "1234AB 12a", "1234 ab, 12-2", "1234 AB,
 *             huisnummer 12") or right before it ("Lindelaan 12, 1234
 *             AB"); the whole becomes one "[POSTCODE]".  A PC6 alone
 *             ("1234 AB") is redacted too, whole: it narrows a contact
 *             down to a few houses, and the four-digit area a record may
 *             keep belongs in its postcode field, not in the text.  With
 *             lower-case letters ("2019 en", "1130am") it counts only
 *             with a house number after a comma or "huisnummer"/"nr", or
 *             before it with a comma; a PC6 alone whose letters are a
 *             unit (KB, MB, GB, TB, KM, KG, MG, ML, CM, MM, KW, PK, AM,
 *             PM) is left alone.
 *
 * A number is only taken whole: not when a letter, digit, '_' or '@'
 * touches it, not when it continues as an amount, date, time or
 * reference ("1.250,00", "123456782,50", "02-03-2026", "09:14",
 * "ZAAK-0000123"), and not right after a currency sign.  Names and social
 * handles are not found: that needs more than a scanner.
 *
 * Nothing allocates and the scan is linear: each candidate is checked in
 * a bounded window around it.
 */
#ifndef KCC_REDACT_H
#define KCC_REDACT_H

#include <stddef.h>

#include "kcc/pii.h"

/* "[BSN]", "[IBAN]", "[PHONE]", "[EMAIL]", "[POSTCODE]": by enum kcc_pii. */
extern const char *const kcc_redact_tokens[];

/* Every kind. */
#define KCC_REDACT_ALL ((1u << KCC_PII__COUNT) - 1)

/* What to find. */
struct kcc_redact {
	unsigned kinds; /* a bit 1u << KCC_PII_x for each kind */
	const struct kcc_pii_phone_plan *plan; /* national phone numbers */
};

/* Matches per kind, added to by kcc_redact_str(). */
struct kcc_redact_counts {
	unsigned long long n[KCC_PII__COUNT];
};

struct kcc_redact_match {
	size_t start, end; /* bytes [start, end) of the text */
	enum kcc_pii kind;
};

/* Every kind, Dutch national phone numbers. */
void kcc_redact_init(struct kcc_redact *r);

/*
 * Find the first match in s[*pos, n).  Returns 1 with *m set and *pos
 * moved to m->end, or 0 (with *pos = n) when there is none.  A match never
 * starts before the *pos it was called with, but bytes before it are read
 * as context.  Start with *pos = 0 and call until 0 to walk all matches.
 */
int kcc_redact_next(const struct kcc_redact *r, const char *s, size_t n,
	size_t *pos, struct kcc_redact_match *m);

/* An output buffer of this many bytes always holds the redaction of n. */
#define KCC_REDACT_MAX(n) ((n) + ((n) + 2) / 3 * 2)

/*
 * Write s[0..n) with every match replaced by its token into out, at most
 * cap bytes and no NUL, and add each match to counts (NULL: not counted).
 * Returns the length of the whole redacted text; when that is more than
 * cap, the output was cut short.  cap >= KCC_REDACT_MAX(n) always holds
 * it (the shortest match, a PC6, is 6 bytes; the longest token 10).
 */
size_t kcc_redact_str(const struct kcc_redact *r, const char *s, size_t n,
	char *out, size_t cap, struct kcc_redact_counts *counts);

#endif
