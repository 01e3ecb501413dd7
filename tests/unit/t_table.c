/* Unit tests for lib/table.c: aligned tables from JSON lines. */
#include <stdlib.h>
#include <string.h>

#include "kcc/out.h"
#include "kcc/table.h"
#include "tap.h"

/* The table of the JSON lines in `json`, NUL-terminated; caller frees. */
static char *
table(const char *json)
{
	struct kcc_out out;

	kcc_out_init_mem(&out);
	kcc_table_write(json, strlen(json), &out);
	return kcc_out_take(&out);
}

static void
is_table(const char *json, const char *want, const char *desc)
{
	char *t = table(json);

	is_str(t, want, "%s", desc);
	free(t);
}

int
main(void)
{
	is_table("{\"channel\":\"chat\",\"contacts\":1,\"share\":0.125}\n"
		 "{\"channel\":\"phone\",\"contacts\":12,\"share\":0.875}\n",
		"channel  contacts   share\n"
		"chat            1  0.1250\n"
		"phone          12  0.8750\n",
		"text left, numbers right, fractions below 10 with 4 decimals");
	is_table("{\"agent\":null,\"asa_s\":null}\n"
		 "{\"agent\":\"a1\",\"asa_s\":20}\n"
		 "{\"agent\":\"a2\",\"asa_s\":13.255}\n"
		 "{\"agent\":\"a3\",\"asa_s\":149913.97}\n",
		"agent      asa_s\n"
		"-              -\n"
		"a1         20.00\n"
		"a2         13.26\n"
		"a3     149913.97\n",
		"a column of numbers under a null aligns right; one decimals "
		"for all of it, 2 from 10 up, integers too");
	is_table("{\"n\":1,\"m\":2}\n{\"n\":30,\"m\":-1}\n",
		" n   m\n"
		" 1   2\n"
		"30  -1\n",
		"integers only: as they are");
	is_table("{\"area\":\"Zo\\u00ebterwoude\",\"n\":1}\n"
		 "{\"area\":\"Bos \\\"en\\\" Lommer\",\"n\":2}\n",
		"area             n\n"
		"Zo\xc3\xabterwoude      1\n"
		"Bos \"en\" Lommer  2\n",
		"strings decoded; widths in columns, not bytes");
	is_table("{\"topic\":"
		 "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		 "\xc3\xa9\xc3\xa9\"}\n",
		"topic\n"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"\xc3\xa9\n",
		"a long string is cut at 60 bytes, not inside a character");
	is_table("{\"a\":\"x\",\"b\":1}\n{\"a\":\"y\"}\nnot json\n\n",
		"a  b\n"
		"x  1\n"
		"y   \n",
		"a member missing is blank; lines that are not objects are "
		"left out");
	is_table("{\"a\":[1,2],\"b\":true}\n",
		"a      b\n"
		"[1,2]  true\n",
		"arrays and literals as their JSON text");
	is_table("{\"topic\":\"a\\nb\\tc\\u001b[31md\\u007f\",\"n\":1}\n",
		"topic                     n\n"
		"a\\nb\\tc\\u001b[31md\\u007f  1\n",
		"control characters shown as escapes, on one line");
	is_table("", "", "no lines: nothing");
	return tap_done();
}
