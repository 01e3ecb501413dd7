/*
 * Aligned text tables from JSON lines, for a person at a terminal
 * (kcc-stats --format table).
 */
#ifndef KCC_TABLE_H
#define KCC_TABLE_H

#include <stddef.h>

#include "kcc/out.h"

/*
 * The JSON objects of text[0..n), one per line and all with the members
 * of the first, as columns under a header of the first one's keys.
 * Numbers align right, other values left; null shows as "-"; fractions
 * get 4 decimals below 10 and 2 above; long strings are cut at 60 bytes.
 * Lines that are not objects are left out.
 */
void kcc_table_write(const char *text, size_t n, struct kcc_out *out);

#endif
