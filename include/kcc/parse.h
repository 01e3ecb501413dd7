/*
 * Numbers and durations as exports write them, for mappings from CSV and
 * JSON sources alike.
 *
 * Spreadsheets write numbers with a decimal comma or point and may group
 * thousands with the other ("1.234,56", "1,234.56"); durations come as
 * clock times ("0:03:45"), plain seconds or ISO 8601 ("PT3M45S").  These
 * parse a field's bytes (not NUL-terminated) without allocating.
 */
#ifndef KCC_PARSE_H
#define KCC_PARSE_H

#include <stddef.h>

/*
 * Parse p[0..n) as a number into *v: optional spaces, an optional sign,
 * digits with an optional decimal separator and optional thousands
 * grouping, an optional exponent ("1e3", only without grouping), optional
 * spaces.  Returns 0, or -1 when it is not such a number or is out of range
 * of a double.
 *
 * With decimal_comma, ',' is the decimal separator and '.' groups
 * thousands; without, the other way round.  The dialect only settles what
 * is ambiguous:
 *   - when both '.' and ',' occur, the last one is the decimal separator
 *     and the other must group thousands ("1.234,56" and "1,234.56" are
 *     1234.56 either way);
 *   - a separator that occurs more than once groups thousands
 *     ("1.234.567");
 *   - a lone grouping separator that cannot group thousands (not exactly
 *     three digits after it, or more than three or a leading zero before
 *     it) is the decimal separator: "12.5" is 12.5 and "1234,5" is 1234.5
 *     in both dialects;
 *   - so only "1.234" and "1,234" depend on it: with decimal_comma they
 *     are 1234 and 1.234, without it 1.234 and 1234.
 */
int kcc_parse_number(const char *p, size_t n, int decimal_comma, double *v);

/*
 * Parse p[0..n) as a duration into *secs (>= 0), optionally surrounded by
 * spaces:
 *   "h:mm:ss" and "m:ss" (the first part any number of digits, the others
 *   one or two digits below 60, the seconds with an optional fraction
 *   after '.' or ','): "0:03:45" and "03:45" are 225;
 *   plain seconds, with an optional fraction after '.' or ',': "225",
 *   "225.5";
 *   ISO 8601 "PnDTnHnMnS" (also weeks "PnW"; each number may have a
 *   fraction; years and months are refused, their length varies):
 *   "PT3M45S" is 225.
 * Returns 0, or -1 when it is none of these.
 */
int kcc_parse_duration(const char *p, size_t n, double *secs);

#endif
