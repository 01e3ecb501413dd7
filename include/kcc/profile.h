/*
 * Built-in profiles: the mappings of well-known exports, written in the
 * rule language of kcc/map.h, so that a built-in profile, a profile file
 * and --map options all run on the same engine.
 */
#ifndef KCC_PROFILE_H
#define KCC_PROFILE_H

enum kcc_format {
	KCC_FORMAT_KCC,      /* canonical JSON lines */
	KCC_FORMAT_CSV,      /* CSV of any dialect, mapped by rules */
	KCC_FORMAT_JSON,     /* JSON array / wrapped array / JSON lines */
	KCC_FORMAT_WHATSAPP, /* WhatsApp chat export text */
	KCC_FORMAT_TWCS,     /* tweets threaded into conversations */
};

struct kcc_profile {
	const char *name;
	enum kcc_format format;
	const char *summary;      /* one line for --help and the man page */
	int needs_tz;             /* the source writes local times */
	const char *records;      /* JSON: where the records are (".results"),
				  NULL for the top level */
	const char *const *rules; /* NULL-terminated, kcc/map.h syntax */
	const char *country;      /* ISO code of the source's phone numbers and
				  postcodes; NULL: NL */
};

/*
 * A profile from a file: one rule a line in the kcc/map.h language, with
 * '#' comments, blank lines, and the directives "format csv|json|kcc|
 * whatsapp|twcs", "records PATH" and "country CC".  The format defaults to
 * csv.  Returns NULL after reporting "prog: file:line: problem".  Free
 * with kcc_profile_free().
 */
struct kcc_profile *kcc_profile_load(const char *path);
void kcc_profile_free(struct kcc_profile *p);

/* The built-in profile named `name`, or NULL. */
const struct kcc_profile *kcc_profile_find(const char *name);

/* All built-in profiles, NULL-terminated, in a stable order. */
extern const struct kcc_profile *const kcc_profiles[];

#endif
