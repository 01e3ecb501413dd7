/* Unit tests for lib/profile.c: every built-in profile's rules are valid. */
#include <string.h>

#include "kcc/map.h"
#include "kcc/profile.h"
#include "tap.h"

int
main(void)
{
	int i, j;

	for (i = 0; kcc_profiles[i] != NULL; i++) {
		const struct kcc_profile *p = kcc_profiles[i];
		struct kcc_map *m = kcc_map_new(p->name, NULL, 0);
		int good = 1, has_id = 0, has_start = 0;
		ok(kcc_profile_find(p->name) == p, "%s: found by name",
			p->name);
		for (j = 0; p->rules != NULL && p->rules[j] != NULL; j++) {
			good &= kcc_map_rule(m, p->rules[j]) == 0;
			has_id |= strncmp(p->rules[j], "id ", 3) == 0;
			has_start |= strncmp(p->rules[j], "start ", 6) == 0;
		}
		ok(good, "%s: all rules parse", p->name);
		if (p->rules != NULL && p->rules[0] != NULL)
			ok(has_id && has_start, "%s: maps id and start",
				p->name);
		kcc_map_free(m);
	}
	ok(kcc_profile_find("nosuch") == NULL, "unknown profile");
	return tap_done();
}
