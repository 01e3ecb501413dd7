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
 * A column with no value but numbers and nulls aligns right, any other
 * left; null shows as "-"; when a column holds a fraction, all of its
 * numbers get 4 decimals if none reaches 10 in magnitude, else 2.
 * Strings are decoded and cut at 60 bytes (on a UTF-8 boundary); widths
 * are terminal columns.  Lines that are not objects are left out.
 */
void kcc_table_write(const char *text, size_t n, struct kcc_out *out);

#endif
