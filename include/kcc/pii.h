/*
 * Personal identifiers as municipal contact data holds them: what a BSN,
 * an IBAN, a phone number and an e-mail address look like, their check
 * digits, and the one normal form of each.
 *
 * Shared by kcc/redact.h (finding identifiers in free text) and
 * kcc/pseudo.h (turning a citizen's identifier into a pseudonym), so that
 * both agree on what counts as the same phone number.  Nothing here
 * allocates, reports or keeps state; every function is safe to call from
 * any thread.
 */
#ifndef KCC_PII_H
#define KCC_PII_H

#include <stddef.h>

/* Kinds of personal data that redaction finds in free text. */
enum kcc_pii {
	KCC_PII_BSN,
	KCC_PII_IBAN,
	KCC_PII_PHONE,
	KCC_PII_EMAIL,
	KCC_PII_POSTCODE, /* a postcode with house number, or a PC6 */
	KCC_PII__COUNT
};

/* "bsn", "iban", "phone", "email", "postcode", NULL: in enum order. */
extern const char *const kcc_pii_names[];

/*
 * 1 if the nine digits d[0..8] ('0'..'9') pass the 11-proef (weights 9 to
 * 2 and -1, sum divisible by 11) and are not all zero, else 0.  A pass is
 * evidence, not proof.
 */
int kcc_pii_bsn_ok(const char d[9]);

/*
 * Normalise a BSN field: 8 or 9 digits, optionally grouped by single
 * spaces, dots or hyphens, with white space around.  Writes the nine
 * digits (an 8-digit number gets a leading zero) and a NUL to out and
 * returns 0; returns -1 when s is not a BSN that passes the 11-proef.
 */
int kcc_pii_bsn_norm(const char *s, size_t n, char out[10]);

/*
 * Length of IBANs of the country whose ISO 3166 code is c0 c1 (either
 * case), or 0 when the country has no IBAN.  From the SWIFT IBAN registry.
 */
int kcc_pii_iban_len(char c0, char c1);

/*
 * 1 if s[0..n) is an IBAN written without spaces (letters in either
 * case): a country that has IBANs, that country's length, two check
 * digits, alphanumeric account part, and mod 97 of the rearranged number
 * equal to 1.  Else 0.
 */
int kcc_pii_iban_ok(const char *s, size_t n);

/* A country's numbering plan, as far as telling its numbers apart goes. */
struct kcc_pii_phone_plan {
	char country[3];         /* ISO 3166 code, "NL" */
	char cc[4];              /* country calling code, "31" */
	char trunk;              /* national (trunk) prefix digit, '0' */
	unsigned char trunk_req; /* national numbers must have the trunk */
	unsigned char nsn_min;   /* national significant number length */
	unsigned char nsn_max;
	char nsn_first; /* lowest first digit of that number */
};

/*
 * The plan of `country` (ISO code, either case): NL, BE, FR, GB, US or
 * CA; NULL means NL.  Returns NULL for a country without a plan here.
 */
const struct kcc_pii_phone_plan *kcc_pii_phone_plan(const char *country);

/* Room for an E.164 number: '+', at most 15 digits, NUL. */
#define KCC_PII_E164_SIZE 17

/* Flags of kcc_pii_phone_scan() and kcc_pii_phone_norm(). */
enum {
	/*
	 * Also accept what spreadsheets make of a phone column: the
	 * national number without its trunk prefix ("612345678") and the
	 * international one without '+' ("31612345678").  For fields only:
	 * in free text these are ordinary numbers.
	 */
	KCC_PII_PHONE_LENIENT = 1,
};

/*
 * Scan the phone number that s[0..n) starts with, in any of the ways
 * people write one: national with the trunk prefix ("06-12345678",
 * "06 12 34 56 78", "020-1234567", "(020) 123 4567"), international with
 * '+' or 00 ("+31 6 1234 5678", "+31 (0)20 123 4567", "0031 6 12345678",
 * "+1 212 555 0100"); digit groups separated by single spaces, hyphens,
 * dots or slashes.  National numbers are read with `plan` (NULL: NL);
 * international ones with the plan of their country code when there is
 * one (the right length), else as 8 to 15 digits.  Groups shaped like a
 * date (1-2 digits, 1-2, 4) are not a phone number.
 *
 * Returns the number of bytes the number takes (ending on its last digit;
 * when more digit groups follow, the shortest run of whole groups that
 * makes a number of the right length, so that "06 12345678 12 keer" ends
 * after the 8) and writes its E.164 form ("+31612345678") to e164; returns
 * 0 when s does not start with a phone number.  What comes before s and
 * after the number is the caller's to judge.
 */
size_t kcc_pii_phone_scan(const struct kcc_pii_phone_plan *plan, const char *s,
	size_t n, unsigned flags, char e164[KCC_PII_E164_SIZE]);

/*
 * Normalise a phone field: white space and invisible direction marks
 * around it and a "tel:" prefix are dropped, and the rest must be one
 * phone number as kcc_pii_phone_scan() reads it.  Writes the E.164 form
 * and returns 0, or returns -1.
 */
int kcc_pii_phone_norm(const struct kcc_pii_phone_plan *plan, const char *s,
	size_t n, unsigned flags, char e164[KCC_PII_E164_SIZE]);

/*
 * Length of the longest prefix of s[0..n) that is a domain name of an
 * e-mail address: two or more labels of ASCII letters, digits and inner
 * hyphens, at most 63 bytes each and 253 in all, the last one all letters
 * (at least two) or an "xn--" label.  A final dot is not part of it.
 * Returns 0 when there is none.
 */
size_t kcc_pii_email_domain(const char *s, size_t n);

/*
 * Normalise an e-mail field: white space around it, a "mailto:" prefix
 * and a display name ("Jan <jan@example.nl>") are dropped, then ASCII
 * letters are lower-cased.  The local part (1 to 64 bytes, no white space
 * or specials, no dot at either end) and the domain must be valid.
 * Writes the address to out (which needs n bytes) and returns its length,
 * or returns -1.
 */
int kcc_pii_email_norm(const char *s, size_t n, char *out);

/*
 * The byte length of the white space or invisible formatting character at
 * s[0..n): ASCII space, tab, CR, LF, no-break spaces (U+00A0, U+202F),
 * the spaces U+2000..U+200B, direction marks (U+200E, U+200F,
 * U+202A..U+202E, U+2066..U+2069) and U+FEFF; 0 if there is none.
 */
size_t kcc_pii_space(const char *s, size_t n);

/* s[0..n) without what kcc_pii_space() skips at either end. */
void kcc_pii_trim(const char **s, size_t *n);

#endif
