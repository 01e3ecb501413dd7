/*
 * The ingest pipeline: rows in, canonical records or accounted rejects out.
 *
 * Every input gets its own counters, kept until the summary; the hot loop
 * for canonical JSON lines is read line, parse record, write record, with
 * the record's buffers reused from line to line.  A rejected row is never
 * dropped silently: it is written to the rejects output as a JSON line with
 * its location and reason (the raw row as a string; when the row is not
 * valid UTF-8 it is also kept exactly, in base64), or described on stderr.
 */
#include <stdlib.h>
#include <string.h>

#include "kcc/chat.h"
#include "kcc/csv.h"
#include "kcc/diag.h"
#include "kcc/ingest.h"
#include "kcc/jq.h"
#include "kcc/json.h"
#include "kcc/lines.h"
#include "kcc/pseudo.h"
#include "kcc/redact.h"

static int
hook_pseudonym(void *ctx, const char *kind, const char *raw, size_t n,
	char out[33])
{
	struct kcc_ingest *ing = ctx;
	int k;

	if (ing->pseudo == NULL)
		return -1;
	if (strcmp(kind, "auto") == 0)
		return kcc_pseudo_any(ing->pseudo, NULL, raw, n, out) < 0 ? -1
									  : 0;
	if (strncmp(kind, "handle ", 7) == 0)
		return kcc_pseudo_handle(ing->pseudo, kind + 7, raw, n, out);
	for (k = 0; k < KCC_ID__COUNT; k++)
		if (strcmp(kind, kcc_id_kind_names[k]) == 0)
			return kcc_pseudo_id(ing->pseudo, (enum kcc_id_kind)k,
				raw, n, out);
	return -1;
}

static size_t
hook_redact(void *ctx, const char *s, size_t n, char *out, size_t cap)
{
	struct kcc_ingest *ing = ctx;

	return kcc_redact_str(&ing->redact, s, n, out, cap, &ing->redactions);
}

void
kcc_ingest_hooks(struct kcc_ingest *ing, struct kcc_map *map, int redact,
	const char *country)
{
	struct kcc_map_hooks hooks = {hook_pseudonym,
		redact ? hook_redact : NULL, ing};

	kcc_redact_init(&ing->redact);
	ing->redact_on = redact;
	if (country != NULL && strcmp(country, "NL") != 0) {
		/* Dutch postcodes are Dutch; phone numbers follow the
		 * country's plan. */
		ing->redact.kinds &= ~(1u << KCC_PII_POSTCODE);
		if (kcc_pii_phone_plan(country) != NULL)
			ing->redact.plan = kcc_pii_phone_plan(country);
		if (ing->pseudo != NULL)
			kcc_pseudo_set_country(ing->pseudo, country);
		kcc_map_keep_bare_numbers(map, 1);
	}
	kcc_map_hooks(map, &hooks);
}

void
kcc_ingest_init(struct kcc_ingest *ing, struct kcc_out *out,
	struct kcc_out *rejects, size_t max_line)
{
	static const struct kcc_source_limits limits =
		KCC_SOURCE_LIMITS_DEFAULT;

	memset(ing, 0, sizeof *ing);
	ing->out = out;
	ing->rejects = rejects;
	ing->max_line = max_line;
	ing->limits = limits;
	ing->format = KCC_FORMAT_KCC;
	ing->total.name = kcc_xstrdup("total");
	kcc_record_init(&ing->rec);
	kcc_build_init(&ing->build);
	kcc_out_init_mem(&ing->raw);
	kcc_chat_opts_init(&ing->chat_opt);
	kcc_out_init_mem(&ing->tmp);
	kcc_out_init_mem(&ing->jqout);
	kcc_out_init_mem(&ing->flat.names);
	kcc_out_init_mem(&ing->flat.vals);
}

void
kcc_ingest_release(struct kcc_ingest *ing)
{
	size_t i;

	kcc_record_release(&ing->rec);
	kcc_build_release(&ing->build);
	kcc_out_close(&ing->raw);
	kcc_out_close(&ing->tmp);
	kcc_out_close(&ing->jqout);
	free(ing->red.buf);
	kcc_out_close(&ing->flat.names);
	kcc_out_close(&ing->flat.vals);
	free(ing->flat.name_off);
	free(ing->flat.val_off);
	free(ing->flat.val_len);
	free(ing->flat.top);
	free(ing->flat.is_json);
	free(ing->flat.np);
	free(ing->flat.vp);
	free(ing->flat.nl);
	free(ing->whole.buf);
	for (i = 0; i < ing->nfiles; i++)
		free(ing->files[i].name);
	free(ing->files);
	free(ing->total.name);
	free(ing->ptrs);
	free(ing->lens);
	ing->files = NULL;
	ing->nfiles = 0;
}

static void
count_reason(struct kcc_ingest_counts *c, const char *reason)
{
	int i;

	for (i = 0; i < KCC_INGEST_REASONS - 1; i++) {
		if (c->by_reason[i].reason == NULL)
			c->by_reason[i].reason = reason;
		if (strcmp(c->by_reason[i].reason, reason) == 0)
			break;
	}
	if (i == KCC_INGEST_REASONS - 1)
		c->by_reason[i].reason = "other";
	c->by_reason[i].n++;
	c->rejected++;
}

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
write_base64(struct kcc_out *out, const unsigned char *p, size_t n)
{
	char q[4];

	for (; n >= 3; p += 3, n -= 3) {
		q[0] = b64[p[0] >> 2];
		q[1] = b64[(p[0] & 3) << 4 | p[1] >> 4];
		q[2] = b64[(p[1] & 15) << 2 | p[2] >> 6];
		q[3] = b64[p[2] & 63];
		kcc_out_write(out, q, 4);
	}
	if (n > 0) {
		q[0] = b64[p[0] >> 2];
		q[1] = b64[(p[0] & 3) << 4 | (n > 1 ? p[1] >> 4 : 0)];
		q[2] = n > 1 ? b64[(p[1] & 15) << 2] : '=';
		q[3] = '=';
		kcc_out_write(out, q, 4);
	}
}

/*
 * Write row as a JSON string, replacing bytes that are not UTF-8 by U+FFFD.
 * Returns whether any were replaced.
 */
static int
write_lossy_str(struct kcc_out *out, const char *row, size_t n)
{
	char *fixed = kcc_xmalloc(3 * n + 1), *d = fixed;
	size_t i = 0, len;
	int lossy = 0;

	while (i < n) {
		len = kcc_utf8_seq(row + i, n - i);
		if (len == 0) {
			memcpy(d, "\xEF\xBF\xBD", 3);
			d += 3;
			lossy = 1;
			i++;
			continue;
		}
		memcpy(d, row + i, len);
		d += len;
		i += len;
	}
	kcc_json_write_str(out, fixed, (size_t)(d - fixed));
	free(fixed);
	return lossy;
}

void
kcc_ingest_reject(struct kcc_ingest *ing, struct kcc_ingest_counts *c,
	unsigned long line, size_t column, const char *reason, const char *msg,
	const char *row, size_t n)
{
	struct kcc_out *r = ing->rejects;

	count_reason(c, reason);
	count_reason(&ing->total, reason);
	if (r == NULL) {
		if (ing->shown < KCC_INGEST_SHOW_MAX) {
			if (column > 0)
				kcc_warnl(c->name, line, "column %zu: %s",
					column, msg);
			else
				kcc_warnl(c->name, line, "%s", msg);
		} else if (ing->shown == KCC_INGEST_SHOW_MAX)
			kcc_warnx(
				"more rejected rows not shown; the summary "
				"counts them all (use --rejects to keep them)");
		ing->shown++;
		return;
	}
	kcc_out_write(r, "{\"file\":", 8);
	kcc_json_write_str(r, c->name, strlen(c->name));
	if (line > 0)
		kcc_out_printf(r, ",\"line\":%lu", line);
	if (column > 0)
		kcc_out_printf(r, ",\"column\":%zu", column);
	kcc_out_write(r, ",\"reason\":", 10);
	kcc_json_write_str(r, reason, strlen(reason));
	kcc_out_write(r, ",\"message\":", 11);
	write_lossy_str(r, msg, strlen(msg)); /* may quote the row's bytes */
	kcc_out_write(r, ",\"raw\":", 7);
	if (write_lossy_str(r, row, n)) {
		kcc_out_write(r, ",\"raw_base64\":\"", 15);
		write_base64(r, (const unsigned char *)row, n);
		kcc_out_putc(r, '"');
	}
	kcc_out_write(r, "}\n", 2);
}

static struct kcc_ingest_counts *
new_counts(struct kcc_ingest *ing, const char *name)
{
	struct kcc_ingest_counts *c;

	ing->files = kcc_xrealloc(ing->files,
		(ing->nfiles + 1) * sizeof *ing->files);
	c = &ing->files[ing->nfiles++];
	memset(c, 0, sizeof *c);
	c->name = kcc_xstrdup(name);
	return c;
}

static void
count_read(struct kcc_ingest *ing, struct kcc_ingest_counts *c)
{
	c->read++;
	ing->total.read++;
}

static void
count_written(struct kcc_ingest *ing, struct kcc_ingest_counts *c)
{
	c->written++;
	ing->total.written++;
}

/* Canonical JSON lines from the current member of src. */
static int
read_kcc(struct kcc_ingest *ing, struct kcc_source *src,
	struct kcc_ingest_counts *c)
{
	struct kcc_json_error err;
	struct kcc_lines lr;
	const char *line;
	size_t len;
	char msg[64];
	int r;

	kcc_lines_open_source(&lr, src, c->name, ing->max_line);
	while ((r = kcc_lines_next(&lr, &line, &len)) != KCC_LINES_EOF) {
		if (r == KCC_LINES_ERROR)
			break;
		count_read(ing, c);
		if (r == KCC_LINES_TOOLONG) {
			snprintf(msg, sizeof msg,
				"line longer than %zu bytes (see --max-line)",
				lr.max);
			kcc_ingest_reject(ing, c, lr.lineno, 0, "line too long",
				msg, "", 0);
			continue;
		}
		if (kcc_record_parse(&ing->rec, line, len, &err) != 0) {
			kcc_ingest_reject(ing, c, lr.lineno, err.offset + 1,
				err.reason, err.msg, line, len);
			continue;
		}
		kcc_record_write(&ing->rec, ing->out);
		count_written(ing, c);
	}
	kcc_lines_close(&lr);
	return r == KCC_LINES_ERROR;
}

static ssize_t
source_read(void *ctx, void *buf, size_t n)
{
	return kcc_source_read(ctx, buf, n);
}

/* The row as CSV text again, for the rejects file. */
static void
row_text(struct kcc_ingest *ing, const struct kcc_csv_row *row, int delim)
{
	ing->raw.len = 0;
	if (row->n > 0)
		kcc_csv_write_row(&ing->raw, row->fields, row->n, delim);
	if (ing->raw.len > 0 && ing->raw.buf[ing->raw.len - 1] == '\n')
		ing->raw.len--;
}

static void jq_record(struct kcc_ingest *ing, struct kcc_source *src,
	const char *member, struct kcc_ingest_counts *c, const char *text,
	size_t n, unsigned long line);

/* CSV rows from the current member of src, through the mapping. */
static int
read_csv(struct kcc_ingest *ing, struct kcc_source *src, const char *member,
	struct kcc_ingest_counts *c)
{
	struct kcc_json_error err;
	struct kcc_csv_row row;
	struct kcc_csv *csv;
	const char *const *names;
	const char *reason, *path;
	char why[300];
	size_t ncols, i, path_len, member_len;
	int r, delim;

	csv = kcc_csv_open(source_read, src, c->name, &ing->csv_opt);
	if (csv == NULL)
		return 1;
	ncols = kcc_csv_columns(csv, &names);
	delim = kcc_csv_delim(csv);
	ing->lens = kcc_xrealloc(ing->lens, (ncols + 1) * sizeof *ing->lens);
	for (i = 0; i < ncols; i++)
		ing->lens[i] = strlen(names[i]);
	/* With --jq the rules read the program's output, bound per record. */
	if (ncols > 0 && ing->jq == NULL &&
		kcc_map_bind(ing->map, names, ing->lens, ncols, why,
			sizeof why) != 0) {
		kcc_warnl(c->name, 1, "%s", why);
		kcc_csv_close(csv);
		return 1;
	}
	kcc_map_decimal_comma(ing->map, kcc_csv_decimal_comma(csv));
	path = kcc_source_path(src);
	path_len = strlen(path);
	member_len = member != NULL ? strlen(member) : 0;
	/* Rows are checked by the reader, rules when compiled: the names
	 * are what is left. */
	ing->build.utf8_trusted =
		kcc_utf8_valid(path, path_len) &&
		(member == NULL || kcc_utf8_valid(member, member_len));
	while ((r = kcc_csv_next(csv, &row)) != KCC_CSV_EOF) {
		if (r == KCC_CSV_ERROR)
			break;
		count_read(ing, c);
		if (r == KCC_CSV_BAD) {
			row_text(ing, &row, delim);
			kcc_ingest_reject(ing, c, row.line, 0, row.reason,
				row.msg, ing->raw.buf, ing->raw.len);
			continue;
		}
		if (ing->jq != NULL) {
			/* The row as an object of its columns, for jq. */
			ing->tmp.len = 0;
			kcc_out_putc(&ing->tmp, '{');
			for (i = 0; i < row.n && i < ncols; i++) {
				if (i > 0)
					kcc_out_putc(&ing->tmp, ',');
				kcc_json_write_str(&ing->tmp, names[i],
					strlen(names[i]));
				kcc_out_putc(&ing->tmp, ':');
				kcc_json_write_str(&ing->tmp, row.fields[i].p,
					row.fields[i].n);
			}
			kcc_out_putc(&ing->tmp, '}');
			jq_record(ing, src, member, c, ing->tmp.buf,
				ing->tmp.len, row.line);
			continue;
		}
		if (row.n > ing->nptrs) {
			ing->nptrs = row.n * 2;
			ing->ptrs = kcc_xrealloc(ing->ptrs,
				ing->nptrs * sizeof *ing->ptrs);
			ing->lens = kcc_xrealloc(ing->lens,
				ing->nptrs * sizeof *ing->lens);
		}
		for (i = 0; i < row.n; i++) {
			ing->ptrs[i] = row.fields[i].p;
			ing->lens[i] = row.fields[i].n;
		}
		kcc_build_reset(&ing->build);
		if (kcc_map_row(ing->map, ing->ptrs, ing->lens, row.n,
			    &ing->build, &reason, why, sizeof why) != 0) {
			row_text(ing, &row, delim);
			kcc_ingest_reject(ing, c, row.line, 0, reason, why,
				ing->raw.buf, ing->raw.len);
			continue;
		}
		kcc_build_str(&ing->build, KCC_F_src_file, path, path_len);
		if (member != NULL)
			kcc_build_str(&ing->build, KCC_F_src_member, member,
				member_len);
		kcc_build_num(&ing->build, KCC_F_src_line, (double)row.line);
		if (kcc_build_finish(&ing->build, &err) != 0) {
			row_text(ing, &row, delim);
			kcc_ingest_reject(ing, c, row.line, 0, err.reason,
				err.msg, ing->raw.buf, ing->raw.len);
			continue;
		}
		kcc_record_write(&ing->build.rec, ing->out);
		count_written(ing, c);
	}
	ing->build.utf8_trusted = 0;
	kcc_csv_close(csv);
	return r == KCC_CSV_ERROR;
}

/*
 * JSON sources: one record per object.  An object's members are flattened
 * to columns named by their path ("extended_attributes.channel",
 * "notes.0.type"), so rules name nested values as they name CSV columns;
 * strings are decoded, other values keep their JSON text.
 */

static void
flat_add(struct flat *fl, const char *name, size_t nn, const char *v, size_t vn,
	int top, int is_json)
{
	if (fl->n == fl->cap) {
		fl->cap = fl->cap ? 2 * fl->cap : 64;
		fl->name_off = kcc_xrealloc(fl->name_off,
			fl->cap * sizeof *fl->name_off);
		fl->val_off = kcc_xrealloc(fl->val_off,
			fl->cap * sizeof *fl->val_off);
		fl->val_len = kcc_xrealloc(fl->val_len,
			fl->cap * sizeof *fl->val_len);
		fl->top = kcc_xrealloc(fl->top, fl->cap * sizeof *fl->top);
		fl->is_json = kcc_xrealloc(fl->is_json,
			fl->cap * sizeof *fl->is_json);
		fl->np = kcc_xrealloc(fl->np, fl->cap * sizeof *fl->np);
		fl->vp = kcc_xrealloc(fl->vp, fl->cap * sizeof *fl->vp);
		fl->nl = kcc_xrealloc(fl->nl, fl->cap * sizeof *fl->nl);
	}
	fl->name_off[fl->n] = fl->names.len;
	kcc_out_write(&fl->names, name, nn);
	kcc_out_putc(&fl->names, '\0');
	fl->val_off[fl->n] = fl->vals.len;
	fl->val_len[fl->n] = vn;
	kcc_out_write(&fl->vals, v, vn);
	fl->top[fl->n] = top;
	fl->is_json[fl->n] = is_json;
	fl->n++;
}

/* Flatten value v under the column name in prefix[0..pn). */
static void
flatten(struct flat *fl, struct kcc_out *prefix, size_t pn,
	const struct kcc_json_value *v, int top, int depth)
{
	struct kcc_json_iter it;
	struct kcc_json_value key, val;
	size_t i = 0, members = 0;
	char *d;

	switch (v->type) {
	case KCC_JSON_NULL:
		return;
	case KCC_JSON_STRING:
		d = kcc_xmalloc(v->n + 1);
		flat_add(fl, prefix->buf, pn, d,
			kcc_json_str_decode(v->p, v->n, d), top, 0);
		free(d);
		return;
	case KCC_JSON_OBJECT:
	case KCC_JSON_ARRAY:
		if (depth < 8)
			break;
		flat_add(fl, prefix->buf, pn, v->p, v->n, top, 1); /* deep */
		return;
	default:
		flat_add(fl, prefix->buf, pn, v->p, v->n, top, 1);
		return;
	}
	kcc_json_iter_init(&it, v);
	while (kcc_json_iter_next(&it, &key, &val)) {
		char num[24];
		members++;
		prefix->len = pn;
		if (pn > 0)
			kcc_out_putc(prefix, '.');
		if (key.type == KCC_JSON_STRING) {
			size_t at = prefix->len;
			kcc_out_write(prefix, key.p, key.n); /* room */
			prefix->len = at + kcc_json_str_decode(key.p, key.n,
						   prefix->buf + at);
		} else
			kcc_out_write(prefix, num,
				(size_t)snprintf(num, sizeof num, "%zu", i++));
		flatten(fl, prefix, prefix->len, &val, top, depth + 1);
	}
	/* An empty container is still a value, for ext. */
	if (members == 0) {
		prefix->len = pn;
		flat_add(fl, prefix->buf, pn, v->p, v->n, top, 1);
	}
}

/* s[0..*n) redacted when redaction is on; borrowed until the next call. */
static const char *
redacted(struct kcc_ingest *ing, const char *s, size_t *n)
{
	size_t cap = KCC_REDACT_MAX(*n) + 16;

	if (!ing->redact_on)
		return s;
	if (cap > ing->red.cap) {
		ing->red.cap = 2 * cap;
		ing->red.buf = kcc_xrealloc(ing->red.buf, ing->red.cap);
	}
	*n = kcc_redact_str(&ing->redact, s, *n, ing->red.buf, ing->red.cap,
		&ing->redactions);
	return ing->red.buf;
}

/* Append v to ing->tmp as JSON, its strings redacted. */
static void
put_value(struct kcc_ingest *ing, const struct kcc_json_value *v)
{
	struct kcc_json_iter it;
	struct kcc_json_value key, val;
	int first = 1;

	switch (v->type) {
	case KCC_JSON_STRING: {
		char *d = kcc_xmalloc(v->n + 1);
		size_t n = kcc_json_str_decode(v->p, v->n, d);
		const char *r = redacted(ing, d, &n);
		kcc_json_write_str(&ing->tmp, r, n);
		free(d);
		return;
	}
	case KCC_JSON_OBJECT:
	case KCC_JSON_ARRAY:
		break;
	default:
		kcc_out_write(&ing->tmp, v->p, v->n);
		return;
	}
	kcc_out_putc(&ing->tmp, v->type == KCC_JSON_OBJECT ? '{' : '[');
	kcc_json_iter_init(&it, v);
	while (kcc_json_iter_next(&it, &key, &val)) {
		if (!first)
			kcc_out_putc(&ing->tmp, ',');
		first = 0;
		if (key.type == KCC_JSON_STRING) {
			kcc_out_putc(&ing->tmp, '"');
			kcc_out_write(&ing->tmp, key.p, key.n);
			kcc_out_write(&ing->tmp, "\":", 2);
		}
		put_value(ing, &val);
	}
	kcc_out_putc(&ing->tmp, v->type == KCC_JSON_OBJECT ? '}' : ']');
}

/* One JSON record: flatten, map, keep unused members in ext, write. */
static void
map_object(struct kcc_ingest *ing, struct kcc_source *src, const char *member,
	struct kcc_ingest_counts *c, const struct kcc_json_value *obj,
	unsigned long line)
{
	struct kcc_json_iter it;
	struct kcc_json_value key, val;
	struct kcc_json_error err;
	struct kcc_out prefix;
	struct flat *fl = &ing->flat;
	const char *reason;
	char why[300];
	size_t i;
	int top = 0;

	if (obj->type != KCC_JSON_OBJECT) {
		kcc_ingest_reject(ing, c, line, 0, "invalid value",
			"expected a JSON object for a record", obj->p, obj->n);
		return;
	}
	fl->n = 0;
	fl->names.len = fl->vals.len = 0;
	kcc_out_init_mem(&prefix);
	kcc_json_iter_init(&it, obj);
	while (kcc_json_iter_next(&it, &key, &val)) {
		prefix.len = 0;
		kcc_out_write(&prefix, key.p, key.n);
		prefix.len = kcc_json_str_decode(key.p, key.n, prefix.buf);
		kcc_out_putc(&prefix, '\0');
		flatten(fl, &prefix, prefix.len - 1, &val, top++, 0);
	}
	kcc_out_close(&prefix);
	for (i = 0; i < fl->n; i++) {
		fl->np[i] = fl->names.buf + fl->name_off[i];
		fl->nl[i] = strlen(fl->np[i]);
		fl->vp[i] = fl->vals.buf + fl->val_off[i];
	}
	kcc_map_bind_loose(ing->map, fl->np, fl->nl, fl->n);
	kcc_map_keep_ext(ing->map, 0);
	kcc_build_reset(&ing->build);
	if (kcc_map_row(ing->map, fl->vp, fl->val_len, fl->n, &ing->build,
		    &reason, why, sizeof why) != 0) {
		kcc_ingest_reject(ing, c, line, 0, reason, why, obj->p, obj->n);
		return;
	}
	/* ext: whole members none of whose columns a rule read, else the
	 * unread columns one by one. */
	kcc_json_iter_init(&it, obj);
	top = 0;
	i = 0;
	while (kcc_json_iter_next(&it, &key, &val)) {
		size_t j, first = i;
		int any = 0;
		for (j = i; j < fl->n && fl->top[j] == top; j++)
			any |= kcc_map_column_used(ing->map, j);
		i = j;
		if (!any && val.type != KCC_JSON_NULL) {
			char *k = kcc_xmalloc(key.n + 1);
			size_t kn = kcc_json_str_decode(key.p, key.n, k);
			ing->tmp.len = 0;
			put_value(ing, &val);
			kcc_build_ext_json(&ing->build, k, kn, ing->tmp.buf,
				ing->tmp.len);
			free(k);
		} else if (any) {
			for (j = first; j < i; j++) {
				if (kcc_map_column_used(ing->map, j))
					continue;
				if (fl->is_json[j])
					kcc_build_ext_json(&ing->build,
						fl->np[j], fl->nl[j], fl->vp[j],
						fl->val_len[j]);
				else {
					size_t vn = fl->val_len[j];
					const char *vp =
						redacted(ing, fl->vp[j], &vn);
					kcc_build_ext_str(&ing->build,
						fl->np[j], fl->nl[j], vp, vn);
				}
			}
		}
		top++;
	}
	kcc_build_str(&ing->build, KCC_F_src_file, kcc_source_path(src),
		strlen(kcc_source_path(src)));
	if (member != NULL)
		kcc_build_str(&ing->build, KCC_F_src_member, member,
			strlen(member));
	kcc_build_num(&ing->build, KCC_F_src_line, (double)line);
	if (kcc_build_finish(&ing->build, &err) != 0) {
		kcc_ingest_reject(ing, c, line, 0, err.reason, err.msg, obj->p,
			obj->n);
		return;
	}
	kcc_record_write(&ing->build.rec, ing->out);
	count_written(ing, c);
}

/*
 * A record through the user's jq program: at most one output, an object,
 * which is mapped by the rules, or, when there are none, is a record.
 */
static void
jq_record(struct kcc_ingest *ing, struct kcc_source *src, const char *member,
	struct kcc_ingest_counts *c, const char *text, size_t n,
	unsigned long line)
{
	struct kcc_json_error err;
	struct kcc_json_value obj;
	const char *out;
	size_t len;
	int r;

	if (kcc_jq_start(ing->jq, text, n) != KCC_JQ_END ||
		(r = kcc_jq_next(ing->jq)) == KCC_JQ_ERROR) {
		kcc_ingest_reject(ing, c, line, 0, "jq error",
			kcc_jq_error(ing->jq), text, n);
		return;
	}
	if (r == KCC_JQ_END) {
		kcc_ingest_reject(ing, c, line, 0, "left out by --jq",
			"the --jq program gave no output", text, n);
		return;
	}
	if (kcc_jq_output_text(ing->jq, 0, &out, &len) != 0) {
		kcc_ingest_reject(ing, c, line, 0, "jq error",
			kcc_jq_error(ing->jq), text, n);
		return;
	}
	ing->jqout.len = 0;
	kcc_out_write(&ing->jqout, out, len);
	if ((r = kcc_jq_next(ing->jq)) != KCC_JQ_END) {
		kcc_ingest_reject(ing, c, line, 0, "jq error",
			r == KCC_JQ_ERROR ? kcc_jq_error(ing->jq)
					  : "the --jq program gave more than "
					    "one output for a record",
			text, n);
		return;
	}
	if (!kcc_map_has_rules(ing->map)) {
		if (kcc_record_parse(&ing->rec, ing->jqout.buf, ing->jqout.len,
			    &err) != 0) {
			kcc_ingest_reject(ing, c, line, 0, err.reason, err.msg,
				ing->jqout.buf, ing->jqout.len);
			return;
		}
		kcc_record_write(&ing->rec, ing->out);
		count_written(ing, c);
		return;
	}
	obj.p = ing->jqout.buf;
	obj.n = (uint32_t)ing->jqout.len;
	obj.type = ing->jqout.len > 0 && *obj.p == '{' ? KCC_JSON_OBJECT
						       : KCC_JSON_ARRAY;
	obj.flags = 0;
	map_object(ing, src, member, c, &obj, line);
}

static void
json_record(struct kcc_ingest *ing, struct kcc_source *src, const char *member,
	struct kcc_ingest_counts *c, const struct kcc_json_value *obj,
	unsigned long line)
{
	const char *p;
	size_t n;

	count_read(ing, c);
	kcc_json_value_text(obj, &p, &n);
	if (ing->jq != NULL)
		jq_record(ing, src, member, c, p, n, line);
	else
		map_object(ing, src, member, c, obj, line);
}

/* Read the whole member into ing->whole; returns its length or -1. */
static ssize_t
slurp(struct kcc_ingest *ing, struct kcc_source *src, const char *name)
{
	size_t len = 0;
	ssize_t r;

	for (;;) {
		if (ing->whole.cap - len < 65536) {
			if (ing->whole.cap >= ((size_t)1 << 30)) {
				kcc_warnl(name, 0,
					"JSON document larger than "
					"1 GiB; use JSON lines");
				return -1;
			}
			ing->whole.cap = ing->whole.cap ? 2 * ing->whole.cap
							: (1u << 20);
			ing->whole.buf =
				kcc_xrealloc(ing->whole.buf, ing->whole.cap);
		}
		r = kcc_source_read(src, ing->whole.buf + len,
			ing->whole.cap - len);
		if (r < 0)
			return -1;
		if (r == 0)
			return (ssize_t)len;
		len += (size_t)r;
	}
}

static unsigned long
line_at(const char *text, const char *at, const char **mark,
	unsigned long *line)
{
	for (; *mark < at; (*mark)++)
		if (**mark == '\n')
			(*line)++;
	(void)text;
	return *line;
}

/*
 * The array of records in a document whose top level is the object scanned
 * into top: at `path` ("results", "export.conversations"), or, with no
 * path, the first array member, looking one level down into objects too.
 * KCC_JSON_NONE when there is none.
 */
static struct kcc_json_value
find_records(const struct kcc_json_scan *top, const char *path)
{
	struct kcc_json_value none = {NULL, 0, KCC_JSON_NONE, 0}, cur, key, val;
	struct kcc_json_iter it;
	size_t i, seg;
	int found;

	if (path != NULL && *path == '.')
		path++;
	if (path == NULL || *path == '\0') {
		for (i = 0; i < top->n; i++)
			if (top->members[i].value.type == KCC_JSON_ARRAY)
				return top->members[i].value;
		for (i = 0; i < top->n; i++) {
			if (top->members[i].value.type != KCC_JSON_OBJECT)
				continue;
			kcc_json_iter_init(&it, &top->members[i].value);
			while (kcc_json_iter_next(&it, &key, &val))
				if (val.type == KCC_JSON_ARRAY)
					return val;
		}
		return none;
	}
	/* Walk the path from the top-level members. */
	seg = strcspn(path, ".");
	for (i = 0; i < top->n; i++)
		if (top->members[i].key.n == seg &&
			memcmp(top->members[i].key.p, path, seg) == 0)
			break;
	if (i == top->n)
		return none;
	cur = top->members[i].value;
	for (path += seg; *path == '.'; path += seg) {
		path++;
		seg = strcspn(path, ".");
		if (cur.type != KCC_JSON_OBJECT)
			return none;
		found = 0;
		kcc_json_iter_init(&it, &cur);
		while (kcc_json_iter_next(&it, &key, &val))
			if (key.n == seg && memcmp(key.p, path, seg) == 0) {
				cur = val;
				found = 1;
				break;
			}
		if (!found)
			return none;
	}
	return cur.type == KCC_JSON_ARRAY ? cur : none;
}

/* The records of a JSON document: an array, a wrapped array, or lines. */
static int
read_json(struct kcc_ingest *ing, struct kcc_source *src, const char *member,
	struct kcc_ingest_counts *c)
{
	struct kcc_json_error err;
	struct kcc_json_value doc, key, val, records;
	struct kcc_json_iter it;
	struct kcc_json_scan sc;
	const char *text, *mark;
	unsigned long line = 1;
	ssize_t n;

	if ((n = slurp(ing, src, c->name)) < 0)
		return 1;
	text = ing->whole.buf;
	if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		n -= 3;
	}
	if (kcc_json_validate(text, (size_t)n, &err) != 0) {
		/* JSON lines: each line its own record. */
		const char *p = text, *end = text + n, *nl;
		int lines = 0;
		for (nl = p; nl < end; nl++)
			lines += *nl == '\n';
		if (lines < 1 || *p != '{') {
			count_read(ing, c);
			const char *q;
			for (q = text; q < text + err.offset; q++)
				line += *q == '\n';
			kcc_ingest_reject(ing, c, line, 0, err.reason, err.msg,
				"", 0);
			return 0;
		}
		kcc_json_scan_init(&sc);
		for (line = 1; p < end; p = nl + 1, line++) {
			struct kcc_json_value obj;
			nl = memchr(p, '\n', (size_t)(end - p));
			if (nl == NULL)
				nl = end;
			if (nl == p || (nl - p == 1 && *p == '\r'))
				continue;
			if (kcc_json_validate(p, (size_t)(nl - p), &err) != 0) {
				count_read(ing, c);
				kcc_ingest_reject(ing, c, line, err.offset + 1,
					err.reason, err.msg, p,
					(size_t)(nl - p));
				continue;
			}
			kcc_json_scan_object(&sc, p, (size_t)(nl - p), &err);
			obj.p = p;
			obj.n = (uint32_t)(nl - p);
			while (obj.n > 0 && (obj.p[obj.n - 1] == '\r' ||
						    obj.p[obj.n - 1] == ' '))
				obj.n--;
			obj.type = KCC_JSON_OBJECT;
			obj.flags = 0;
			json_record(ing, src, member, c, &obj, line);
		}
		kcc_json_scan_release(&sc);
		return 0;
	}
	/* One document: find the records. */
	{
		struct kcc_json_scan top;
		kcc_json_scan_init(&top);
		doc.type = KCC_JSON_NONE;
		if (*text == '[' ||
			(n > 0 && text[strspn(text, " \t\r\n")] == '[')) {
			/* wrap to get the array's span */
			const char *p = text + strspn(text, " \t\r\n");
			const char *e = text + n;
			while (e > p && strchr(" \t\r\n", e[-1]))
				e--;
			doc.p = p;
			doc.n = (uint32_t)(e - p);
			doc.type = KCC_JSON_ARRAY;
		} else if (kcc_json_scan_object(&top, text, (size_t)n, &err) ==
			   0) {
			const char *want = ing->records_path;
			doc = find_records(&top, want);
			if (doc.type == KCC_JSON_NONE && want == NULL) {
				/* a single record */
				doc.p = text + strspn(text, " \t\r\n");
				doc.n = (uint32_t)((size_t)n -
						   (size_t)(doc.p - text));
				while (doc.n > 0 &&
					strchr(" \t\r\n", doc.p[doc.n - 1]))
					doc.n--;
				doc.type = KCC_JSON_OBJECT;
				json_record(ing, src, member, c, &doc, 1);
				kcc_json_scan_release(&top);
				return 0;
			}
		}
		kcc_json_scan_release(&top);
		if (doc.type != KCC_JSON_ARRAY) {
			count_read(ing, c);
			kcc_ingest_reject(ing, c, 1, 0, "invalid value",
				ing->records_path
					? "no array of records at the "
					  "profile's records path"
					: "no array of records in the document",
				"", 0);
			return 0;
		}
	}
	records = doc;
	mark = text;
	kcc_json_iter_init(&it, &records);
	while (kcc_json_iter_next(&it, &key, &val))
		json_record(ing, src, member, c, &val,
			line_at(text, val.p, &mark, &line));
	return 0;
}

/* A conversation from a chat export, as a record. */
struct chat_ctx {
	struct kcc_ingest *ing;
	struct kcc_ingest_counts *c;
	struct kcc_source *src;
	const char *member, *base;
	const char *source, *channel; /* "whatsapp", "twcs"; its channel */
	const char *platform;         /* citizens are handles there, or NULL */
};

static int
chat_contact(void *ctx, const struct kcc_chat_contact *k)
{
	struct chat_ctx *x = ctx;
	struct kcc_ingest *ing = x->ing;
	struct kcc_json_error err;
	char id[300], pseudo[33];
	const char *t;
	size_t n;

	count_read(ing, x->c);
	kcc_build_reset(&ing->build);
	/*
	 * Export file names carry the citizen's name or number ("WhatsApp
	 * chat with +31 6 ..."): the id is made from the pseudonym and the
	 * start instead, and the names are redacted like free text.
	 */
	pseudo[0] = '\0';
	if (k->citizen != NULL && ing->pseudo != NULL &&
		(x->platform != NULL
				? kcc_pseudo_handle(ing->pseudo, x->platform,
					  k->citizen, k->citizen_len, pseudo)
				: kcc_pseudo_any(ing->pseudo, NULL, k->citizen,
					  k->citizen_len, pseudo)) < 0)
		pseudo[0] = '\0';
	if (k->thread != 0) /* twcs: the thread's root tweet */
		n = (size_t)snprintf(id, sizeof id, "tw-%llu",
			(unsigned long long)k->thread);
	else
		n = (size_t)snprintf(id, sizeof id, "wa-%.12s-%lld-%lu",
			pseudo[0] ? pseudo : "anonymous",
			(long long)k->start.sec, k->seq);
	kcc_build_str(&ing->build, KCC_F_id, id, n < sizeof id ? n : 0);
	kcc_build_str(&ing->build, KCC_F_src, x->source, strlen(x->source));
	n = strlen(kcc_source_path(x->src));
	t = redacted(ing, kcc_source_path(x->src), &n);
	kcc_build_str(&ing->build, KCC_F_src_file, t, n);
	if (x->member != NULL) {
		n = strlen(x->member);
		t = redacted(ing, x->member, &n);
		kcc_build_str(&ing->build, KCC_F_src_member, t, n);
	}
	kcc_build_num(&ing->build, KCC_F_src_line, (double)k->line);
	kcc_build_time(&ing->build, KCC_F_start, &k->start);
	kcc_build_time(&ing->build, KCC_F_end, &k->end);
	if (k->has_wait)
		kcc_build_num(&ing->build, KCC_F_wait_s, (double)k->wait_s);
	kcc_build_num(&ing->build, KCC_F_handle_s, (double)k->handle_s);
	kcc_build_str(&ing->build, KCC_F_channel, x->channel,
		strlen(x->channel));
	kcc_build_str(&ing->build, KCC_F_direction, k->outbound ? "out" : "in",
		k->outbound ? 3 : 2);
	if (pseudo[0] != '\0')
		kcc_build_str(&ing->build, KCC_F_citizen, pseudo, 32);
	if (k->agent != NULL)
		kcc_build_str(&ing->build, KCC_F_agent, k->agent, k->agent_len);
	kcc_build_str(&ing->build, KCC_F_outcome,
		k->outcome == KCC_CHAT_ANSWERED ? "answered" : "unanswered",
		k->outcome == KCC_CHAT_ANSWERED ? 8 : 10);
	if (k->text != NULL && k->text_len > 0) {
		n = k->text_len;
		t = redacted(ing, k->text, &n);
		kcc_build_str(&ing->build, KCC_F_text, t, n);
	}
	kcc_build_num(&ing->build, KCC_F_messages, (double)k->messages);
	kcc_build_num(&ing->build, KCC_F_media, (double)k->media);
	if (kcc_build_finish(&ing->build, &err) != 0) {
		kcc_ingest_reject(ing, x->c, k->line, 0, err.reason, err.msg,
			"", 0);
		return 0;
	}
	kcc_record_write(&ing->build.rec, ing->out);
	count_written(ing, x->c);
	return 0;
}

static void
chat_reject(void *ctx, unsigned long line, const char *reason, const char *msg,
	const char *raw, size_t n)
{
	struct chat_ctx *x = ctx;

	count_read(x->ing, x->c);
	kcc_ingest_reject(x->ing, x->c, line, 0, reason, msg, raw, n);
}

/* A WhatsApp export: messages grouped into contacts. */
static int
read_whatsapp(struct kcc_ingest *ing, struct kcc_source *src,
	const char *member, struct kcc_ingest_counts *c)
{
	struct chat_ctx x = {ing, c, src, member, NULL, "whatsapp", "whatsapp",
		NULL};
	struct kcc_chat_sink sink = {chat_contact, chat_reject, &x};
	struct kcc_chat_stats st;
	const char *slash;

	x.base = member ? member : kcc_source_path(src);
	if ((slash = strrchr(x.base, '/')) != NULL)
		x.base = slash + 1;
	return kcc_chat_whatsapp_read(source_read, src, c->name, &ing->chat_opt,
		       &sink, &st) < 0;
}

/* Tweets (twcs CSV) threaded into conversations. */
static int
read_twcs(struct kcc_ingest *ing, struct kcc_source *src, const char *member,
	struct kcc_ingest_counts *c)
{
	static const char *const want[] = {"tweet_id", "author_id", "inbound",
		"created_at", "text", "response_tweet_id",
		"in_response_to_tweet_id"};
	struct chat_ctx x = {ing, c, src, member, NULL, "twcs", "social",
		"twitter"};
	struct kcc_chat_sink sink = {chat_contact, chat_reject, &x};
	struct kcc_chat_twcs_stats st;
	struct kcc_chat_twcs *tw;
	struct kcc_chat_tweet t;
	struct kcc_csv_row row;
	struct kcc_csv *csv;
	const char *why;
	uint64_t *resp = NULL, parent[2];
	size_t nresp, i;
	long idx[7];
	int r, delim, status = 0;

	if ((csv = kcc_csv_open(source_read, src, c->name, &ing->csv_opt)) ==
		NULL)
		return 1;
	delim = kcc_csv_delim(csv);
	for (i = 0; i < 7; i++)
		if ((idx[i] = kcc_csv_column(csv, want[i])) < 0) {
			kcc_warnl(c->name, 1,
				"profile 'twcs': column '%s' is not in the "
				"header",
				want[i]);
			kcc_csv_close(csv);
			return 1;
		}
	tw = kcc_chat_twcs_new(&ing->chat_opt, &sink, c->name);
	while ((r = kcc_csv_next(csv, &row)) != KCC_CSV_EOF) {
		const struct kcc_csv_field *f = row.fields;
		if (r == KCC_CSV_ERROR) {
			status = 1;
			break;
		}
		if (r == KCC_CSV_BAD) {
			count_read(ing, c);
			row_text(ing, &row, delim);
			kcc_ingest_reject(ing, c, row.line, 0, row.reason,
				row.msg, ing->raw.buf, ing->raw.len);
			continue;
		}
		memset(&t, 0, sizeof t);
		t.line = row.line;
		resp = kcc_xrealloc(resp, (f[idx[5]].n / 2 + 2) * sizeof *resp);
		if (kcc_chat_twcs_ids(f[idx[0]].p, f[idx[0]].n, parent, 1, &i,
			    &why) != 0 ||
			i != 1 ||
			kcc_chat_twcs_ids(f[idx[6]].p, f[idx[6]].n, parent + 1,
				1, &i, &why) != 0 ||
			kcc_chat_twcs_ids(f[idx[5]].p, f[idx[5]].n, resp,
				f[idx[5]].n / 2 + 2, &nresp, &why) != 0 ||
			kcc_chat_twcs_time(f[idx[3]].p, f[idx[3]].n, &t.at,
				&why) != 0) {
			count_read(ing, c);
			row_text(ing, &row, delim);
			kcc_ingest_reject(ing, c, row.line, 0, "invalid value",
				why, ing->raw.buf, ing->raw.len);
			continue;
		}
		t.id = parent[0];
		t.parent = i == 1 ? parent[1] : 0;
		t.responses = resp;
		t.nresponses = nresp;
		t.author = f[idx[1]].p;
		t.author_len = f[idx[1]].n;
		t.inbound = f[idx[2]].n > 0 &&
			    (f[idx[2]].p[0] == 'T' || f[idx[2]].p[0] == 't' ||
				    f[idx[2]].p[0] == '1');
		t.text = f[idx[4]].p;
		t.text_len = f[idx[4]].n;
		kcc_chat_twcs_add(tw, &t);
	}
	kcc_chat_twcs_finish(tw, &st);
	kcc_chat_twcs_free(tw);
	kcc_csv_close(csv);
	free(resp);
	return status;
}

int
kcc_ingest_file(struct kcc_ingest *ing, const char *path)
{
	struct kcc_ingest_counts *c;
	struct kcc_source *src;
	const char *member;
	char *name;
	int r, status = 0;

	if ((src = kcc_source_open(path, &ing->limits)) == NULL)
		return 1;
	while ((r = kcc_source_next(src, &member)) == 1) {
		if (member == NULL)
			name = kcc_xstrdup(kcc_source_path(src));
		else {
			size_t n = strlen(kcc_source_path(src)) +
				   strlen(member) + 2;
			name = kcc_xmalloc(n);
			snprintf(name, n, "%s:%s", kcc_source_path(src),
				member);
		}
		c = new_counts(ing, name);
		free(name);
		if (ing->format == KCC_FORMAT_CSV)
			status |= read_csv(ing, src, member, c);
		else if (ing->format == KCC_FORMAT_JSON)
			status |= read_json(ing, src, member, c);
		else if (ing->format == KCC_FORMAT_WHATSAPP)
			status |= read_whatsapp(ing, src, member, c);
		else if (ing->format == KCC_FORMAT_TWCS)
			status |= read_twcs(ing, src, member, c);
		else
			status |= read_kcc(ing, src, c);
	}
	if (r < 0)
		status = 1;
	kcc_source_close(src);
	return status;
}

static void
print_counts(const struct kcc_ingest_counts *c, FILE *fp)
{
	int i;

	fprintf(fp, "%s: %s: read %llu, written %llu, rejected %llu\n",
		kcc_prog(), c->name, c->read, c->written, c->rejected);
	for (i = 0; i < KCC_INGEST_REASONS && c->by_reason[i].reason; i++)
		fprintf(fp, "%s: %s: rejected %llu: %s\n", kcc_prog(), c->name,
			c->by_reason[i].n, c->by_reason[i].reason);
}

void
kcc_ingest_summary(const struct kcc_ingest *ing, FILE *fp)
{
	size_t i;

	int k;

	for (i = 0; i < ing->nfiles; i++)
		print_counts(&ing->files[i], fp);
	if (ing->nfiles != 1)
		print_counts(&ing->total, fp);
	for (k = 0; k < KCC_PII__COUNT; k++)
		if (ing->redactions.n[k] > 0)
			fprintf(fp, "%s: redacted %llu %s\n", kcc_prog(),
				ing->redactions.n[k], kcc_redact_tokens[k]);
	if (ing->map != NULL && kcc_map_unrecognised(ing->map) > 0)
		fprintf(fp,
			"%s: %llu identifiers not recognised as such, left "
			"out\n",
			kcc_prog(), kcc_map_unrecognised(ing->map));
}
