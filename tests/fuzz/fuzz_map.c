/*
 * libFuzzer target for mappings: CSV rows through a fixed set of rules
 * (every converter, joined columns, defaults, drop, pseudonyms and
 * redaction), then the record builder.  Invariants, besides no crash:
 *
 *   - a row is either mapped or refused with a reason and a message;
 *   - a built record that the record parser accepts is written in
 *     canonical form, and that line parses again to the same bytes;
 *   - the output is valid JSON.
 *
 * The input is the CSV; its header names the columns the rules read
 * ("id", "when", "d", "t", "n", "k", "who", "txt", "pc"), so the fuzzer
 * finds them from the seeds.  Built by `make fuzz`, run by scripts/fuzz.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kcc/build.h"
#include "kcc/csv.h"
#include "kcc/map.h"
#include "kcc/pseudo.h"
#include "kcc/redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
broken(const char *what)
{
	fprintf(stderr, "fuzz_map: invariant broken: %s\n", what);
	abort();
}

struct mem {
	const char *p;
	size_t n, pos;
};

static ssize_t
mem_read(void *ctx, void *buf, size_t n)
{
	struct mem *m = ctx;

	if (n > m->n - m->pos)
		n = m->n - m->pos;
	memcpy(buf, m->p + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

static struct kcc_pseudo *pseudo;
static struct kcc_redact redact;

static int
hook_pseudonym(void *ctx, const char *kind, const char *raw, size_t n,
	char out[33])
{
	(void)ctx;
	(void)kind;
	return kcc_pseudo_any(pseudo, NULL, raw, n, out) < 0 ? -1 : 0;
}

static size_t
hook_redact(void *ctx, const char *s, size_t n, char *out, size_t cap)
{
	(void)ctx;
	return kcc_redact_str(&redact, s, n, out, cap, NULL);
}

static const char *const rules[] = {
	"src := fuzz",
	"id = id",
	"start = d + t | time %d-%m-%Y %H:%M",
	"end = when | time iso",
	"channel = k | map tel=phone; mail=email; *=other",
	"channel ?= unknown",
	"wait_s = n | num",
	"talk_s = t | dur",
	"csat = n | int",
	"citizen = who | pseudo auto",
	"text = txt",
	"postcode = pc | pc4",
	"outcome = k | bool tel mail",
	"drop = who",
	NULL,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct kcc_tz *tz;
	struct kcc_map_hooks hooks = {hook_pseudonym, hook_redact, NULL};
	struct kcc_csv_options opt = {0};
	struct mem m = {(const char *)data, size, 0};
	struct kcc_json_error err;
	struct kcc_csv_row row;
	struct kcc_build b;
	struct kcc_out out, again;
	struct kcc_record rec;
	struct kcc_map *map;
	struct kcc_csv *csv;
	const char *const *names;
	const char *ptr[64], *reason, *why;
	size_t len[64], hl[64], ncols, i;
	char msg[300];
	int r, k;

	if (tz == NULL) {
		tz = kcc_tz_load("Europe/Amsterdam", &why);
		pseudo = kcc_pseudo_open_key("fuzz key, sixteen+", 18);
		kcc_redact_init(&redact);
		if (tz == NULL)
			broken("no time zone");
	}
	opt.quiet = 1;
	opt.max_row = 1 << 16;
	map = kcc_map_new("fuzz", tz, 0);
	for (k = 0; rules[k] != NULL; k++)
		if (kcc_map_rule(map, rules[k]) != 0)
			broken("a rule does not parse");
	kcc_map_hooks(map, &hooks);
	csv = kcc_csv_open(mem_read, &m, "fuzz", &opt);
	if (csv == NULL) {
		kcc_map_free(map);
		return 0;
	}
	ncols = kcc_csv_columns(csv, &names);
	if (ncols > 64)
		ncols = 64;
	for (i = 0; i < ncols; i++)
		hl[i] = strlen(names[i]);
	kcc_build_init(&b);
	kcc_record_init(&rec);
	kcc_out_init_mem(&out);
	kcc_out_init_mem(&again);
	kcc_map_bind_loose(map, names, hl, ncols);
	while ((r = kcc_csv_next(csv, &row)) != KCC_CSV_EOF &&
		r != KCC_CSV_ERROR) {
		if (r != KCC_CSV_ROW)
			continue;
		for (i = 0; i < row.n && i < 64; i++) {
			ptr[i] = row.fields[i].p;
			len[i] = row.fields[i].n;
		}
		kcc_build_reset(&b);
		reason = NULL;
		msg[0] = '\0';
		if (kcc_map_row(map, ptr, len, i, &b, &reason, msg,
			    sizeof msg) != 0) {
			if (reason == NULL || msg[0] == '\0')
				broken("a refused row has no reason");
			continue;
		}
		if (kcc_build_finish(&b, &err) != 0) {
			/* The builder's own checks refuse what the parser
			 * refuses, no more. */
			if (kcc_record_parse(&rec, b.line.buf, b.line.len,
				    &err) == 0)
				broken("the builder refused a line the record "
				       "parser takes");
			continue;
		}
		out.len = 0;
		kcc_record_write(&b.rec, &out);
		if (out.len == 0 || out.buf[out.len - 1] != '\n')
			broken("a record is not one line");
		if (kcc_json_validate(out.buf, out.len - 1, &err) != 0)
			broken("a record is not valid JSON");
		if (kcc_record_parse(&rec, out.buf, out.len - 1, &err) != 0)
			broken("a written record does not parse again");
		again.len = 0;
		kcc_record_write(&rec, &again);
		if (again.len != out.len ||
			memcmp(again.buf, out.buf, out.len) != 0)
			broken("a written record is not canonical");
	}
	kcc_out_close(&out);
	kcc_out_close(&again);
	kcc_record_release(&rec);
	kcc_build_release(&b);
	kcc_csv_close(csv);
	kcc_map_free(map);
	return 0;
}
