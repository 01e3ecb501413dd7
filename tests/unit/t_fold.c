/* Unit tests for lib/fold.c: folding names for matching. */
#include <stdio.h>
#include <string.h>

#include "kcc/fold.h"
#include "tap.h"

static struct kcc_fold f;

static const char *
fold(const char *s)
{
	size_t len;
	const char *r = kcc_fold_str(&f, s, strlen(s), &len);

	if (r != NULL && strlen(r) != len)
		return "(length wrong)";
	return r;
}

int
main(void)
{
	static const struct {
		const char *in, *want;
	} v[] = {
		{"Jan de Vries", "jan de vries"},
		{"  JAN   DE\tVRIES \n", "jan de vries"},
		{"Jan\xc2\xa0"
		 "de\xe2\x80\xaf"
		 "Vries",
			"jan de vries"},
		{"Stra\xc3\x9f"
		 "e",
			"strasse"}, /* ß: full folding */
		{"\xef\xac\x81"
		 "lip",
			"filip"},                 /* the ligature fi */
		{"Jos\xc3\xa9", "jos\xc3\xa9"},   /* é stays é */
		{"Jose\xcc\x81", "jos\xc3\xa9"},  /* e + U+0301: NFC */
		{"\xc3\x89LISE", "\xc3\xa9lise"}, /* É */
		{"Ay\xc5\x9f"
		 "e \xc3\x96zdemir",
			"ay\xc5\x9f"
			"e \xc3\xb6zdemir"},
		{"\xc5\x81ukasz", "\xc5\x82ukasz"},      /* Ł */
		{"Anne\xe2\x80\x93Marie", "anne-marie"}, /* en dash */
		{"Van\xc2\xad"
		 "der",
			"vander"},                       /* soft hyphen */
		{"van \xe2\x80\x98t Hof", "van 't hof"}, /* curly quote */
		{"\xe2\x80\x8e"
		 "Jan\xe2\x80\x8f",
			"jan"}, /* direction marks */
		{"\xef\xbc\xaa\xef\xbd\x81\xef\xbd\x8e", "jan"}, /* fullwidth */
		{"", ""},
		{"   ", ""},
	};
	char big[5000];
	const char *r;
	size_t i, len;

	kcc_fold_init(&f);
	for (i = 0; i < sizeof v / sizeof v[0]; i++)
		is_str(fold(v[i].in), v[i].want, "fold '%s'", v[i].in);
	ok(fold("Jan \xff") == NULL, "invalid UTF-8 gives NULL");
	ok(fold("\xc3") == NULL, "a cut sequence gives NULL");
	ok(fold("\xed\xa0\x80") == NULL, "a surrogate gives NULL");
	r = kcc_fold_str(&f, "a\0b", 3, &len);
	ok(r != NULL && len == 2 && memcmp(r, "ab", 2) == 0,
		"a NUL inside is dropped as a control character");

	/* Longer than the first scratch: it grows and stays right. */
	for (i = 0; i + 2 < sizeof big; i += 2)
		memcpy(big + i, i % 10 == 8 ? "  " : "Ab", 2);
	big[i] = '\0';
	r = kcc_fold_str(&f, big, strlen(big), &len);
	ok(r != NULL && len > 3000 && strncmp(r, "abababab ab", 11) == 0,
		"a long text folds (%zu bytes)", r ? len : 0);
	is_str(fold("Jan"), "jan", "and a short one after it");

	is_int(kcc_fold_width("Oud-West", 8), 8, "width: ASCII, a column each");
	is_int(kcc_fold_width("Zo\xc3\xab", 4), 3,
		"width: \xc3\xab is one column");
	is_int(kcc_fold_width("e\xcc\x81", 3), 1,
		"width: a combining mark takes none");
	is_int(kcc_fold_width("\xe6\x97\xa5\xe6\x9c\xac", 6), 4,
		"width: wide characters take two");
	is_int(kcc_fold_width("a\xff"
			      "b\xc3",
		       4),
		4, "width: a byte that is not UTF-8 takes one");
	kcc_fold_release(&f);
	kcc_fold_release(&f);
	return tap_done();
}
