/*
 * Building records from values.
 *
 * Each setter appends the value's canonical JSON text to one buffer and
 * remembers where it is; finish() copies the values out in field-table
 * order between the field names, closes the extension object, and hands
 * the line to the record parser.  The parser is the one judge of validity,
 * so no check is written twice; since the line is canonical by
 * construction it takes the parser's fast path, and writing it is a copy.
 */
#include <string.h>

#include "kcc/build.h"
#include "kcc/json.h"

void
kcc_build_init(struct kcc_build *b)
{
	memset(b, 0, sizeof *b);
	kcc_out_init_mem(&b->vals);
	kcc_out_init_mem(&b->ext);
	kcc_out_init_mem(&b->line);
	kcc_record_init(&b->rec);
}

void
kcc_build_release(struct kcc_build *b)
{
	kcc_out_close(&b->vals);
	kcc_out_close(&b->ext);
	kcc_out_close(&b->line);
	kcc_record_release(&b->rec);
}

void
kcc_build_reset(struct kcc_build *b)
{
	b->vals.len = b->ext.len = 0;
	b->set = 0;
}

static void
mark(struct kcc_build *b, enum kcc_field f, size_t off)
{
	b->f[f].off = off;
	b->f[f].len = b->vals.len - off;
	b->set |= (uint64_t)1 << f;
}

void
kcc_build_str(struct kcc_build *b, enum kcc_field f, const char *s, size_t n)
{
	size_t off = b->vals.len;

	kcc_json_write_str(&b->vals, s, n);
	mark(b, f, off);
}

void
kcc_build_num(struct kcc_build *b, enum kcc_field f, double v)
{
	size_t off = b->vals.len;

	kcc_json_write_num(&b->vals, v);
	mark(b, f, off);
	b->num[f] = v;
}

void
kcc_build_time(struct kcc_build *b, enum kcc_field f, const struct kcc_time *t)
{
	char buf[KCC_TIME_MAX];
	size_t off = b->vals.len;

	kcc_out_putc(&b->vals, '"');
	kcc_out_write(&b->vals, buf, kcc_time_format(t, buf));
	kcc_out_putc(&b->vals, '"');
	mark(b, f, off);
}

static void
ext_key(struct kcc_build *b, const char *key, size_t kn)
{
	if (b->ext.len > 0)
		kcc_out_putc(&b->ext, ',');
	kcc_json_write_str(&b->ext, key, kn);
	kcc_out_putc(&b->ext, ':');
}

void
kcc_build_ext_str(struct kcc_build *b, const char *key, size_t kn,
	const char *s, size_t n)
{
	ext_key(b, key, kn);
	kcc_json_write_str(&b->ext, s, n);
}

void
kcc_build_ext_json(struct kcc_build *b, const char *key, size_t kn,
	const char *json, size_t n)
{
	ext_key(b, key, kn);
	kcc_out_write(&b->ext, json, n);
}

int
kcc_build_finish(struct kcc_build *b, struct kcc_json_error *err)
{
	struct kcc_out *line = &b->line;
	int f, first = 1;

	/*
	 * What the record writer would add, added here, so that the line is
	 * canonical as built and is written with one copy.
	 */
	if (!kcc_build_has(b, KCC_F_direction))
		kcc_build_str(b, KCC_F_direction, "in", 2);
	if (!kcc_build_has(b, KCC_F_handle_s)) {
		static const enum kcc_field parts[] = {KCC_F_talk_s,
			KCC_F_hold_s, KCC_F_acw_s};
		double sum = 0;
		int i, have = 0;
		for (i = 0; i < 3; i++)
			if (kcc_build_has(b, parts[i]) &&
				b->vals.buf[b->f[parts[i]].off] != '"') {
				sum += b->num[parts[i]];
				have = 1;
			}
		if (have)
			kcc_build_num(b, KCC_F_handle_s, sum);
	}
	line->len = 0;
	kcc_out_putc(line, '{');
	for (f = 0; f < KCC_F__COUNT; f++) {
		if (f == KCC_F_kcc) {
			kcc_out_puts(line, "\"kcc\":1");
			first = 0;
			continue;
		}
		if (f == KCC_F_ext) {
			if (b->ext.len == 0)
				continue;
			kcc_out_puts(line, first ? "\"ext\":{" : ",\"ext\":{");
			kcc_out_write(line, b->ext.buf, b->ext.len);
			kcc_out_putc(line, '}');
			continue;
		}
		if (!kcc_build_has(b, (enum kcc_field)f))
			continue;
		if (!first)
			kcc_out_putc(line, ',');
		first = 0;
		kcc_out_putc(line, '"');
		kcc_out_puts(line, kcc_fields[f].name);
		kcc_out_puts(line, "\":");
		kcc_out_write(line, b->vals.buf + b->f[f].off, b->f[f].len);
	}
	kcc_out_putc(line, '}');
	return kcc_record_parse(&b->rec, line->buf, line->len, err);
}
