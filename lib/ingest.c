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

#include "kcc/diag.h"
#include "kcc/ingest.h"
#include "kcc/json.h"
#include "kcc/lines.h"

void
kcc_ingest_init(struct kcc_ingest *ing, struct kcc_out *out,
	struct kcc_out *rejects, size_t max_line)
{
	memset(ing, 0, sizeof *ing);
	ing->out = out;
	ing->rejects = rejects;
	ing->max_line = max_line;
	ing->total.name = "total";
	kcc_record_init(&ing->rec);
}

void
kcc_ingest_release(struct kcc_ingest *ing)
{
	kcc_record_release(&ing->rec);
	free(ing->files);
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
	c->name = name;
	return c;
}

int
kcc_ingest_file(struct kcc_ingest *ing, const char *path)
{
	struct kcc_ingest_counts *c;
	struct kcc_json_error err;
	struct kcc_lines lr;
	const char *line;
	size_t len;
	char msg[64];
	int r;

	if (kcc_lines_open(&lr, path, ing->max_line) != 0)
		return 1;
	c = new_counts(ing, lr.name);
	while ((r = kcc_lines_next(&lr, &line, &len)) != KCC_LINES_EOF) {
		if (r == KCC_LINES_ERROR)
			break;
		c->read++;
		ing->total.read++;
		if (r == KCC_LINES_TOOLONG) {
			snprintf(msg, sizeof msg,
				"line longer than %zu bytes "
				"(see --max-line)",
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
		c->written++;
		ing->total.written++;
	}
	kcc_lines_close(&lr);
	return r == KCC_LINES_ERROR;
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

	for (i = 0; i < ing->nfiles; i++)
		print_counts(&ing->files[i], fp);
	if (ing->nfiles != 1)
		print_counts(&ing->total, fp);
}
