/*
 * libFuzzer target for redaction and identifier normalisation, checking
 * their invariants, not only that they do not crash:
 *
 *   - redaction: the output fits KCC_REDACT_MAX, is valid UTF-8 when the
 *     input is, and is what copying the text between the matches of
 *     kcc_redact_next() and their tokens gives; matches come in order,
 *     without overlap, on character boundaries (in valid UTF-8);
 *   - a text cut short anywhere is redacted without reading past its end
 *     (the input is copied to a buffer of exactly its size);
 *   - normal forms: a BSN normalises to 9 digits passing the 11-proef, a
 *     phone number to '+' and 8 to 15 digits, an e-mail address to no
 *     more bytes than it had, with one '@'; and each normal form
 *     normalises to itself;
 *   - pseudonyms: 32 lowercase hex digits whenever one is given; the kind
 *     kcc_pseudo_any() says is the one kcc_pseudo_guess() says, and its
 *     pseudonym that of kcc_pseudo_id() (or kcc_pseudo_handle()).
 *
 * A broken invariant prints what broke and aborts.  Built by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/json.h"
#include "kcc/pii.h"
#include "kcc/pseudo.h"
#include "kcc/redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond, what)                                                      \
	do {                                                                   \
		if (!(cond))                                                   \
			broken(what, #cond, __LINE__);                         \
	} while (0)

static void
broken(const char *what, const char *cond, int line)
{
	fprintf(stderr, "fuzz_redact: invariant broken: %s (%s, line %d)\n",
		what, cond, line);
	abort();
}

static int
valid_utf8(const char *s, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		k = kcc_utf8_seq(s + i, n - i);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

static int
continuation(const char *s, size_t n, size_t i)
{
	return i < n && ((unsigned char)s[i] & 0xc0) == 0x80;
}

static void
check_redact(const struct kcc_redact *r, const char *s, size_t n)
{
	struct kcc_redact_match m;
	size_t cap = KCC_REDACT_MAX(n), l, pos = 0, last = 0, k = 0, t;
	char *out = malloc(cap + 1), *want = malloc(cap + 1);
	int valid = valid_utf8(s, n);

	l = kcc_redact_str(r, s, n, out, cap, NULL);
	CHECK(l <= cap, "output within KCC_REDACT_MAX");
	CHECK(!valid || valid_utf8(out, l), "UTF-8 kept valid");
	while (kcc_redact_next(r, s, n, &pos, &m)) {
		CHECK(m.start >= last && m.end > m.start && m.end <= n &&
				pos == m.end,
			"matches in order");
		CHECK(!valid || (!continuation(s, n, m.start) &&
					!continuation(s, n, m.end)),
			"matches on character boundaries");
		memcpy(want + k, s + last, m.start - last);
		k += m.start - last;
		t = strlen(kcc_redact_tokens[m.kind]);
		memcpy(want + k, kcc_redact_tokens[m.kind], t);
		k += t;
		last = m.end;
	}
	CHECK(pos == n, "pos at the end");
	memcpy(want + k, s + last, n - last);
	k += n - last;
	CHECK(k == l && memcmp(want, out, l) == 0, "output = text + tokens");
	free(out);
	free(want);
}

static void
check_norm(const char *s, size_t n)
{
	char bsn[10], bsn2[10], e164[KCC_PII_E164_SIZE], e2[KCC_PII_E164_SIZE];
	char *mail = malloc(n + 1), *mail2 = malloc(n + 1);
	size_t i;
	int l, l2;

	if (kcc_pii_bsn_norm(s, n, bsn) == 0) {
		CHECK(strlen(bsn) == 9 && kcc_pii_bsn_ok(bsn), "BSN normal");
		CHECK(kcc_pii_bsn_norm(bsn, 9, bsn2) == 0 &&
				strcmp(bsn, bsn2) == 0,
			"BSN normal form is stable");
	}
	if (kcc_pii_phone_norm(NULL, s, n, KCC_PII_PHONE_LENIENT, e164) == 0) {
		l = (int)strlen(e164);
		CHECK(e164[0] == '+' && l >= 9 && l <= 16, "E.164 length");
		for (i = 1; i < (size_t)l; i++)
			CHECK(e164[i] >= '0' && e164[i] <= '9', "E.164 digits");
		CHECK(kcc_pii_phone_norm(NULL, e164, (size_t)l, 0, e2) == 0 &&
				strcmp(e164, e2) == 0,
			"E.164 is stable");
	}
	if ((l = kcc_pii_email_norm(s, n, mail)) >= 0) {
		CHECK((size_t)l <= n && memchr(mail, '@', (size_t)l) != NULL,
			"e-mail address length");
		l2 = kcc_pii_email_norm(mail, (size_t)l, mail2);
		CHECK(l2 == l && memcmp(mail, mail2, (size_t)l) == 0,
			"e-mail normal form is stable");
	}
	free(mail);
	free(mail2);
}

static int
is_pseudonym(const char *out)
{
	size_t i;

	for (i = 0; i < KCC_PSEUDO_HEX; i++)
		if (!((out[i] >= '0' && out[i] <= '9') ||
			    (out[i] >= 'a' && out[i] <= 'f')))
			return 0;
	return out[i] == '\0';
}

static void
check_pseudo(const char *s, size_t n)
{
	static struct kcc_pseudo *p;
	char out[KCC_PSEUDO_HEX + 1], again[KCC_PSEUDO_HEX + 1];
	int k, guess;

	if (p == NULL)
		p = kcc_pseudo_open_key("fuzz-key-0123456789", 19);
	for (k = 0; k < KCC_ID__COUNT; k++)
		if (kcc_pseudo_id(p, (enum kcc_id_kind)k, s, n, out) == 0)
			CHECK(is_pseudonym(out), "pseudonym format");
	guess = kcc_pseudo_guess(p, s, n);
	k = kcc_pseudo_any(p, "twitter", s, n, out);
	CHECK(k == -1 || k == guess, "any agrees with guess");
	if (k >= 0) {
		CHECK(is_pseudonym(out), "pseudonym format (any)");
		if (kcc_pseudo_id(p, (enum kcc_id_kind)k, s, n, again) != 0)
			CHECK(kcc_pseudo_handle(p, "twitter", s, n, again) == 0,
				"a guessed handle has a platform or gets one");
		CHECK(strcmp(out, again) == 0, "any = id of the kind");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kcc_redact r;
	char *s = malloc(size ? size : 1);

	memcpy(s, data, size);
	kcc_redact_init(&r);
	check_redact(&r, s, size);
	r.plan = kcc_pii_phone_plan("US");
	check_redact(&r, s, size);
	if (size <= 300)
		check_norm(s, size);
	if (size <= KCC_PSEUDO_ID_MAX + 8)
		check_pseudo(s, size);
	free(s);
	return 0;
}
