/*
 * Tests for numbers and durations as exports write them.
 */
#include <string.h>

#include "kcc/parse.h"
#include "tap.h"

static void
number(const char *s, int decimal_comma, double want)
{
	double v = -12345;

	if (!ok(kcc_parse_number(s, strlen(s), decimal_comma, &v) == 0 &&
			    v == want,
		    "number '%s'%s is %.17g", s,
		    decimal_comma ? " (decimal comma)" : "", want))
		printf("#   got: %.17g\n", v);
}

static void
not_number(const char *s, int decimal_comma)
{
	double v = 0;

	ok(kcc_parse_number(s, strlen(s), decimal_comma, &v) == -1,
		"not a number: '%s'%s", s,
		decimal_comma ? " (decimal comma)" : "");
}

static void
duration(const char *s, double want)
{
	double v = -1;

	if (!ok(kcc_parse_duration(s, strlen(s), &v) == 0 && v == want,
		    "duration '%s' is %.17g s", s, want))
		printf("#   got: %.17g\n", v);
}

static void
not_duration(const char *s)
{
	double v = 0;

	ok(kcc_parse_duration(s, strlen(s), &v) == -1, "not a duration: '%s'",
		s);
}

static void
test_numbers(void)
{
	int dc;

	/* The same in both dialects. */
	for (dc = 0; dc <= 1; dc++) {
		number("12.5", dc, 12.5);
		number("1234,5", dc, 1234.5);
		number("1.234,56", dc, 1234.56);
		number("1,234.56", dc, 1234.56);
		number("1.234.567", dc, 1234567);
		number("1,234,567", dc, 1234567);
		number("1.234.567,89", dc, 1234567.89);
		number("0", dc, 0);
		number("-17", dc, -17);
		number("+3", dc, 3);
		number(" 42 ", dc, 42);
		number("\t7\t", dc, 7);
		number("1e3", dc, 1000);
		number("2.5E-2", dc, 0.025);
		number("1.234e5", dc, 123400);
		number(".5", dc, 0.5);
		number("5.", dc, 5);
		number("12345678901234567890", dc, 12345678901234567890.0);
		number("0.1", dc, 0.1);
		number("0,1", dc, 0.1);
		number("52,132525", dc, 52.132525);
		number("007", dc, 7);
		number("-000", dc, 0);
		number("0012.50", dc, 12.5);
		number("000000000000000000001", dc, 1);
		not_number("", dc);
		not_number("  ", dc);
		not_number("-", dc);
		not_number("--1", dc);
		not_number(".", dc);
		not_number("abc", dc);
		not_number("12a", dc);
		not_number("1.2.3", dc);
		not_number("1,2,3", dc);
		not_number("1.234,5.6", dc);
		not_number("1,23.456,7", dc);
		not_number("12.34.567", dc);
		not_number("1 000", dc);
		not_number("1e", dc);
		not_number("1e+", dc);
		not_number("1.234.567e3", dc);
		not_number("1e999", dc);
		not_number("NaN", dc);
		not_number("inf", dc);
		not_number("0x10", dc);
	}

	/* Only a lone separator followed by three digits depends on it. */
	number("1.234", 1, 1234);
	number("1.234", 0, 1.234);
	number("1,234", 1, 1.234);
	number("1,234", 0, 1234);
	number("-1.234", 1, -1234);
	/* A leading zero or long first group cannot group thousands. */
	number("0,500", 0, 0.5);
	number("0.500", 1, 0.5);
	number("1234.567", 1, 1234.567);
	number("-0,5", 1, -0.5);
	number("1,5e3", 1, 1500);
	number(",5", 1, 0.5);
	/* Dutch Excel: "1.234,50" and "0,13" */
	number("1.234,50", 1, 1234.5);
	number("0,13", 1, 0.13);
}

static void
test_durations(void)
{
	duration("0:03:45", 225);
	duration("03:45", 225);
	duration("0:3:45", 225);
	duration("225", 225);
	duration("225.5", 225.5);
	duration("225,5", 225.5);
	duration("PT3M45S", 225);
	duration("pt3m45s", 225);
	duration("PT1H", 3600);
	duration("P1DT2H", 93600);
	duration("P1W", 604800);
	duration("PT0.5S", 0.5);
	duration("PT1,5M", 90);
	duration("1:02:03.25", 3723.25);
	duration("1:02:03,5", 3723.5);
	duration("100:00:00", 360000);
	duration("75:30", 4530);
	duration(" 0:00:07 ", 7);
	duration("0", 0);
	duration("0:00:00", 0);

	not_duration("");
	not_duration(" ");
	not_duration("P");
	not_duration("PT");
	not_duration("P1DT");
	not_duration("P1Y");
	not_duration("P1M");
	not_duration("PT1S1M");
	not_duration("PT1H1H");
	not_duration("PT5");
	not_duration("PT-5S");
	not_duration("0:60:00");
	not_duration("0:00:60");
	not_duration("1:2:3:4");
	not_duration(":30");
	not_duration("1:");
	not_duration("1:2:");
	not_duration("1.5:00");
	not_duration("0:123");
	not_duration("0:03:45 x");
	not_duration("-5");
	not_duration("abc");
	not_duration("5s");
	not_duration("1.");
	not_duration("1.2.3");
}

int
main(void)
{
	test_numbers();
	test_durations();
	return tap_done();
}
