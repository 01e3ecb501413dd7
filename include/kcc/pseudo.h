/*
 * Pseudonyms of citizens: a keyed hash of a normalised identifier.
 *
 * A citizen's phone number, e-mail address, BSN, social handle or name
 * becomes 32 lowercase hex digits: the first 128 bits of
 * HMAC-SHA-256(key, kind ":" normal form).  Normalising first makes the
 * same citizen the same pseudonym however a source wrote the identifier;
 * the kind in front keeps a BSN and a phone number with the same digits
 * apart; the key makes the pseudonyms impossible to recompute (and so to
 * reverse by trying every phone number) without it.  The same key gives
 * the same pseudonyms across channels and runs.
 *
 * Normal forms ("kind:form" is what is hashed):
 *
 *   phone   E.164: "phone:+31612345678".  Every way of writing a number
 *           that kcc_pii_phone_scan() reads, plus what spreadsheets make
 *           of a phone column ("612345678", "31612345678"); numbers
 *           without a country code are of the default country (NL, see
 *           kcc_pseudo_set_country()).
 *   email   trimmed, "mailto:" and a display name dropped, ASCII letters
 *           lower-cased: "email:jan.jansen@example.com".
 *   bsn     9 digits passing the 11-proef, an 8-digit one with a leading
 *           zero: "bsn:123456782".
 *   handle  "platform:handle", the platform lower-case, the handle
 *           without '@' and lower-cased: "handle:twitter:gemeente".
 *   name    folded by kcc_fold_str() (NFKC, case-folded, white space
 *           collapsed): "name:jan de vries".  Placeholders such as
 *           "anonymous", "onbekend" or "-" are not names.
 *
 * The key is the whole content of a key file, at least 16 bytes.  The
 * only module that includes Nettle's headers.
 */
#ifndef KCC_PSEUDO_H
#define KCC_PSEUDO_H

#include <stddef.h>

enum kcc_id_kind {
	KCC_ID_PHONE,
	KCC_ID_EMAIL,
	KCC_ID_BSN,
	KCC_ID_HANDLE,
	KCC_ID_NAME,
	KCC_ID__COUNT
};

/* "phone", "email", "bsn", "handle", "name", NULL: by enum kcc_id_kind. */
extern const char *const kcc_id_kind_names[];

/* Hex digits of a pseudonym; a buffer for one needs one more. */
#define KCC_PSEUDO_HEX 32
/* Shortest and longest key file accepted, in bytes. */
#define KCC_PSEUDO_KEY_MIN 16
#define KCC_PSEUDO_KEY_MAX 4096
/* Bytes of a key created when there is none. */
#define KCC_PSEUDO_KEY_NEW 32
/* Longest identifier accepted, in bytes, before and after normalising. */
#define KCC_PSEUDO_ID_MAX 1024

struct kcc_pseudo;

/*
 * Open the key and prepare for hashing.  The key file is `key_file` if
 * not NULL, else the file named by the environment variable KCC_KEY_FILE
 * if set and not empty; either must exist.  Otherwise it is the default,
 * $XDG_CONFIG_HOME/kcc/key ($XDG_CONFIG_HOME when absolute, else
 * ~/.config), which is created when it does not exist: 32 random bytes
 * (getrandom(2)), mode 0600, in directories created 0700, written to a
 * temporary file and linked into place so that a key is never partly
 * written nor overwritten (when two processes race, both use the one that
 * won).  Its creation is said once on standard error: "prog: created
 * pseudonymisation key PATH; keep it safe: the same key gives the same
 * pseudonyms".
 *
 * A key file must be a regular file of KCC_PSEUDO_KEY_MIN to
 * KCC_PSEUDO_KEY_MAX bytes that neither group nor others may read or
 * write (chmod 600).  On any problem prints "prog: PATH: problem" and
 * returns NULL.
 */
struct kcc_pseudo *kcc_pseudo_open(const char *key_file);

/* The same with the key given (n >= 1 bytes, copied); cannot fail. */
struct kcc_pseudo *kcc_pseudo_open_key(const void *key, size_t n);

/* Forget the key (its memory is cleared) and free; NULL does nothing. */
void kcc_pseudo_close(struct kcc_pseudo *p);

/* The key file used (borrowed until close), NULL for kcc_pseudo_open_key. */
const char *kcc_pseudo_key_file(const struct kcc_pseudo *p);

/*
 * Read phone numbers without a country code as numbers of `country` (an
 * ISO code that kcc_pii_phone_plan() knows: NL, BE, FR, GB, US, CA).
 * Returns 0, or -1 (nothing reported, nothing changed) for another.
 */
int kcc_pseudo_set_country(struct kcc_pseudo *p, const char *country);

/*
 * The normal form of identifier s[0..n) of the given kind, without the
 * kind in front.  Returns 0 with *norm (borrowed until the next call on p)
 * and *len set, or -1 when s does not normalise: not a phone number, no
 * valid address, a BSN failing the 11-proef, a handle without a platform
 * or a name without letters.  Nothing is reported.
 */
int kcc_pseudo_norm(struct kcc_pseudo *p, enum kcc_id_kind kind, const char *s,
	size_t n, const char **norm, size_t *len);

/*
 * The pseudonym of identifier s[0..n) of the given kind: writes
 * KCC_PSEUDO_HEX lowercase hex digits and a NUL to out and returns 0, or
 * returns -1 as kcc_pseudo_norm() does.  No allocation.
 */
int kcc_pseudo_id(struct kcc_pseudo *p, enum kcc_id_kind kind, const char *s,
	size_t n, char out[KCC_PSEUDO_HEX + 1]);

/*
 * The pseudonym of handle s[0..n) ("@Gemeente" or "gemeente") on
 * `platform` ("twitter"; letters, digits, '.', '_' or '-', at most 32):
 * the same as kcc_pseudo_id() of "platform:handle".
 */
int kcc_pseudo_handle(struct kcc_pseudo *p, const char *platform, const char *s,
	size_t n, char out[KCC_PSEUDO_HEX + 1]);

/*
 * What kind of identifier s[0..n) is, for sources that do not say: an
 * e-mail address; a handle ("@name", or "platform:@name"); a BSN (8 or 9
 * digits passing the 11-proef); a phone number as written with its trunk
 * prefix, '+' or 00; else a name if it has letters and no digits and is
 * no placeholder.  Returns the kind, or -1 when it is none of these.
 */
int kcc_pseudo_guess(const struct kcc_pseudo *p, const char *s, size_t n);

/*
 * kcc_pseudo_guess(), then the pseudonym of that kind; a handle without a
 * platform of its own is taken to be on `platform` (NULL: such a handle
 * gets no pseudonym).  Returns the kind, or -1.
 */
int kcc_pseudo_any(struct kcc_pseudo *p, const char *platform, const char *s,
	size_t n, char out[KCC_PSEUDO_HEX + 1]);

#endif
