/*
 * Building records from values.
 *
 * Each setter appends the value's canonical JSON text to one buffer and
 * remembers where it is; finish() copies the values out in field-table
 * order between the field names and closes the extension object.  The
 * record module stays the one judge of validity: finish() points the
 * record's spans at the line and has kcc_record_check_built() run the
 * same field and record checks the parser runs, with the numbers and times
 * the builder already holds, so the line is not scanned again (that scan
 * was a fifth of CSV ingest time).  What the builder cannot vouch for
 * (invalid UTF-8 in a string, extension values given as JSON text, a time
 * outside years 0000-9999) sends the line through kcc_record_parse()
 * instead, which says what is wrong with it.  Either way the line is
 * canonical by construction and writing it is a copy.
 */
#include <string.h>

#include "kcc/build.h"
#include "kcc/json.h"

/* Whether s[0..n) is UTF-8, unless the caller vouched for all strings. */
static inline int
ok_utf8(const struct kcc_build *b, const char *s, size_t n)
{
	return b->utf8_trusted || kcc_utf8_valid(s, n);
}

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
	b->reparse = 0;
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
	b->escaped[f] = b->f[f].len != n + 2;
	if (!ok_utf8(b, s, n))
		b->reparse = 1;
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
	if (f == KCC_F_start)
		b->start = *t;
	else if (f == KCC_F_end)
		b->end = *t;
	else
		b->reparse = 1; /* not a time field: the parser says so */
	if (buf[4] != '-')
		b->reparse = 1; /* a year the parser does not take */
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
	if (!ok_utf8(b, key, kn) || !ok_utf8(b, s, n))
		b->reparse = 1;
}

void
kcc_build_ext_json(struct kcc_build *b, const char *key, size_t kn,
	const char *json, size_t n)
{
	ext_key(b, key, kn);
	kcc_out_write(&b->ext, json, n);
	b->reparse = 1; /* may not be canonical; the parser decides */
}

int
kcc_build_finish(struct kcc_build *b, struct kcc_json_error *err)
{
	struct kcc_out *line = &b->line;
	struct kcc_record *rec = &b->rec;
	uint64_t left;
	size_t need;
	char *p;
	int f;

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
	b->set |= (uint64_t)1 << KCC_F_kcc;
	if (b->ext.len > 0)
		b->set |= (uint64_t)1 << KCC_F_ext;
	/* Room for everything, so the loop below appends without checks. */
	need = 2 + b->vals.len + b->ext.len + 3;
	for (left = b->set; left != 0; left &= left - 1)
		need += KCC_FIELD_PREFIX_PAD; /* also a comma */
	kcc_out_reserve(line, need);
	p = line->buf;
	*p++ = '{';
	for (left = b->set; left != 0; left &= left - 1) {
		f = __builtin_ctzll(left);
		if (p > line->buf + 1)
			*p++ = ',';
		/* fixed size: a variable one became a slow rep movsq */
		memcpy(p, kcc_field_prefix[f], KCC_FIELD_PREFIX_PAD);
		p += kcc_field_prefix_len[f];
		if (f == KCC_F_kcc) {
			*p++ = '1';
			continue;
		}
		if (f == KCC_F_ext) {
			*p++ = '{';
			memcpy(p, b->ext.buf, b->ext.len);
			p += b->ext.len;
			*p++ = '}';
			continue;
		}
		memcpy(p, b->vals.buf + b->f[f].off, b->f[f].len);
		p += b->f[f].len;
	}
	*p++ = '}';
	line->len = (size_t)(p - line->buf);
	if (b->reparse)
		return kcc_record_parse(rec, line->buf, line->len, err);

	/* Point the record at the line: offsets are known from the loop. */
	kcc_record_begin(rec, line->len);
	p = line->buf + 1;
	for (left = b->set; left != 0; left &= left - 1) {
		struct kcc_json_value *v;
		size_t n;
		f = __builtin_ctzll(left);
		v = &rec->f[f];
		p += kcc_field_prefix_len[f];
		if (f == KCC_F_kcc) {
			v->type = KCC_JSON_NUMBER;
			v->flags = KCC_JSON_INTEGER;
			v->p = p;
			v->n = 1;
			rec->num[f] = 1;
			p += 2;
			continue;
		}
		n = f == KCC_F_ext ? b->ext.len + 2 : b->f[f].len;
		if (*p == '"') {
			v->type = KCC_JSON_STRING;
			v->flags = b->escaped[f] ? KCC_JSON_ESCAPED : 0;
			v->p = p + 1;
			v->n = (uint32_t)(n - 2);
		} else {
			v->type = f == KCC_F_ext ? KCC_JSON_OBJECT
						 : KCC_JSON_NUMBER;
			v->flags = 0;
			v->p = p;
			v->n = (uint32_t)n;
			rec->num[f] = b->num[f];
		}
		p += n + 1;
	}
	rec->start = b->start;
	rec->end = b->end;
	return kcc_record_check_built(rec, line->buf, line->len, b->set, err);
}
