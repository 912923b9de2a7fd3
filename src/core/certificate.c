/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The laureates' certificates.  A page per prize given to a dossier, drawn
 * by Cairo with Pango (HarfBuzz shapes the Arabic, the direction of each
 * line follows its text) in Amiri, the Naskh face Debian ships with a
 * Latin companion; the QR code (libqrencode) carries what a reader needs
 * to check the certificate offline against the signed results, and
 * certificate_verify() is that check.
 */
#include <config.h>

#include <errno.h>
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/certificate.h"
#include "core/keys.h"
#include "core/scoring.h"
#include "core/sink.h"
#include "core/typeface.h"
#include "util/i18n.h"
#include "util/strbuf.h"

#define PAGE_W 595.276          /* A4, in points */
#define PAGE_H 841.890
#define MARGIN 56.0
#define RESULTS_MAX_BYTES (256L << 20)

/* ---- the results file ---- */

struct results {
	char *data;
	size_t len;
	char hash[65];          /* hex BLAKE2b-256 */
};

static void
results_free(struct results *r)
{
	free(r->data);
	r->data = NULL;
}

/* The file whole, its signature checked with chair, and its hash. */
static int
results_load(const char *path, const char *sigpath,
    const struct public_key *chair, struct results *r, struct mw_error *err)
{
	uint8_t h[32];
	struct stat sb;
	char *comment = NULL;
	FILE *f = fopen(path, "rb");

	memset(r, 0, sizeof *r);
	if (f == NULL)
		return error_set(err, _("%s: cannot read (%s)"), path,
		    error_text(errno));
	if (fstat(fileno(f), &sb) != 0 || sb.st_size > RESULTS_MAX_BYTES) {
		fclose(f);
		return error_set(err, _("%s: not the results of an edition (too "
		    "large)"), path);
	}
	r->data = xmalloc((size_t)sb.st_size + 1);
	r->len = fread(r->data, 1, (size_t)sb.st_size, f);
	r->data[r->len] = '\0';
	fclose(f);
	if (r->len != (size_t)sb.st_size) {
		results_free(r);
		return error_set(err, _("%s: cannot read (%s)"), path,
		    error_text(errno));
	}
	{
		struct strbuf def = STRBUF_INIT;
		int rc;

		if (sigpath == NULL) {
			strbuf_addf(&def, "%s.minisig", path);
			sigpath = strbuf_str(&def);
		}
		rc = sign_verify_buffer((const uint8_t *)r->data, r->len, sigpath,
		    chair, &comment, err);
		strbuf_free(&def);
		if (rc != 0) {
			results_free(r);
			return -1;
		}
	}
	free(comment);
	crypto_generichash(h, sizeof h, (const uint8_t *)r->data, r->len, NULL,
	    0);
	sodium_bin2hex(r->hash, sizeof r->hash, h, sizeof h);
	return 0;
}

/* SQLite's JSON functions over the results, on a connection of its own
 * (no edition needed: anyone verifies). */
static const char sql_results_head[] =
	"SELECT json_valid(?1) AND json_extract(?1, '$.format') ="
	" 'mudawala-results', json_extract(?1, '$.edition.uuid'),"
	" json_extract(?1, '$.draft'), json_extract(?1, '$.edition.name')";

static const char sql_results_decision[] =
	"SELECT json_extract(k.value, '$.title') FROM"
	" json_each(?1, '$.categories') c, json_each(c.value, '$.decisions') k"
	" WHERE json_extract(c.value, '$.id') = ?2"
	" AND json_extract(k.value, '$.prize') = ?3"
	" AND json_extract(k.value, '$.dossier') = ?4";

/* The results are final results of edition; *title, if title is not
 * NULL, the title of the dossier that decision names (NULL if none). */
static int
results_check(const struct results *r, const char *path, const char *edition,
    const struct certificate *c, char **title, struct mw_error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql_results_head, -1, &st, NULL) != SQLITE_OK) {
		error_set(err, "%s", db != NULL ? sqlite3_errmsg(db) :
		    error_text(ENOMEM));
		goto out;
	}
	sqlite3_bind_text(st, 1, r->data, (int)r->len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != 1) {
		error_set(err, _("%s: not the results of an edition (export "
		    "--format json)"), path);
		goto out;
	}
	if (sqlite3_column_type(st, 1) != SQLITE_TEXT ||
	    strcmp((const char *)sqlite3_column_text(st, 1), edition) != 0) {
		error_set(err, _("%s: the results of another edition"), path);
		goto out;
	}
	if (sqlite3_column_int(st, 2) != 0) {
		error_set(err, _("%s: a draft of the results; certificates stand "
		    "only on the results of a locked edition"), path);
		goto out;
	}
	ret = 0;
	if (c == NULL)
		goto out;
	sqlite3_finalize(st);
	st = NULL;
	ret = -1;
	if (sqlite3_prepare_v2(db, sql_results_decision, -1, &st, NULL) !=
	    SQLITE_OK) {
		error_set(err, "%s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(st, 1, r->data, (int)r->len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, c->prize, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, c->dossier, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		error_set(err, _("the results give no prize %s in category %s to "
		    "dossier %s: this certificate is not backed by them"), c->prize,
		    c->category, c->dossier);
		goto out;
	}
	if (title != NULL)
		*title = xstrdup(sqlite3_column_text(st, 0) != NULL ?
		    (const char *)sqlite3_column_text(st, 0) : "");
	ret = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ret;
}

/* ---- the QR code's text ---- */

static void
payload(struct strbuf *sb, const struct certificate *c)
{
	strbuf_addf(sb, "%s|edition=%s|category=%s|prize=%s|dossier=%s"
	    "|results=%s|chairkey=%s", CERTIFICATE_TAG, c->edition, c->category,
	    c->prize, c->dossier, c->results, c->chairkey);
}

/* One field "name=value" of the payload, at most size - 1 characters of
 * the given set. */
static int
take_field(const char **p, const char *name, const char *set, char *out,
    size_t size, struct mw_error *err)
{
	size_t n = strlen(name), len;

	if (**p != '|' || strncmp(*p + 1, name, n) != 0 || (*p)[n + 1] != '=')
		return error_set(err, _("not a mudawala certificate: the field "
		    "'%s' is missing or out of place"), name);
	*p += n + 2;
	len = strspn(*p, set);
	if (len == 0 || len >= size || ((*p)[len] != '|' && (*p)[len] != '\0'))
		return error_set(err, _("not a mudawala certificate: the field "
		    "'%s' is not valid"), name);
	memcpy(out, *p, len);
	out[len] = '\0';
	*p += len;
	return 0;
}

int
certificate_parse(const char *text, struct certificate *c,
    struct mw_error *err)
{
	static const char hex[] = "0123456789abcdef";
	static const char HEX[] = "0123456789ABCDEF";
	static const char id[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-";
	const char *p = text;

	memset(c, 0, sizeof *c);
	if (strncmp(p, CERTIFICATE_TAG, strlen(CERTIFICATE_TAG)) != 0)
		return error_set(err, _("not a mudawala certificate (it does not "
		    "start with %s)"), CERTIFICATE_TAG);
	p += strlen(CERTIFICATE_TAG);
	if (take_field(&p, "edition", hex, c->edition, sizeof c->edition,
	    err) != 0 ||
	    take_field(&p, "category", id, c->category, sizeof c->category,
	    err) != 0 ||
	    take_field(&p, "prize", id, c->prize, sizeof c->prize, err) != 0 ||
	    take_field(&p, "dossier", id, c->dossier, sizeof c->dossier,
	    err) != 0 ||
	    take_field(&p, "results", hex, c->results, sizeof c->results,
	    err) != 0 ||
	    take_field(&p, "chairkey", HEX, c->chairkey, sizeof c->chairkey,
	    err) != 0)
		return -1;
	/* A scanner may add a line end. */
	p += strspn(p, "\r\n");
	if (*p != '\0')
		return error_set(err, _("not a mudawala certificate: text after "
		    "the last field"));
	if (strlen(c->results) != 64 || strlen(c->chairkey) != 16 ||
	    strlen(c->edition) != 32)
		return error_set(err, _("not a mudawala certificate: a hash or a "
		    "key id of the wrong length"));
	return 0;
}

int
certificate_verify(const struct certificate *c, const char *results,
    const char *sigpath, const struct public_key *chair, char **title,
    struct mw_error *err)
{
	struct results r;
	char keyid[17];
	int ret;

	*title = NULL;
	key_id_text(chair->id, keyid);
	if (strcmp(keyid, c->chairkey) != 0)
		return error_set(err, _("the certificate names the chair's key %s; "
		    "the key given is %s"), c->chairkey, keyid);
	if (results_load(results, sigpath, chair, &r, err) != 0)
		return -1;
	if (strcmp(r.hash, c->results) != 0)
		ret = error_set(err, _("%s is not the results file the "
		    "certificate names (its BLAKE2b differs)"), results);
	else
		ret = results_check(&r, results, c->edition, c, title, err);
	results_free(&r);
	return ret;
}

/* ---- drawing ---- */

/* A centred paragraph at y, in the given size; returns the y below it. */
static double
paragraph(cairo_t *cr, const char *text, double size, bool bold, double y)
{
	PangoLayout *l = typeface_layout(cr, text, false, size, bold,
	    PAGE_W - 2 * MARGIN);
	int h;

	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	cairo_move_to(cr, MARGIN, y);
	pango_cairo_show_layout(cr, l);
	pango_layout_get_size(l, NULL, &h);
	g_object_unref(l);
	return y + (double)h / PANGO_SCALE;
}

static int
draw_qr(cairo_t *cr, const char *text, double x, double y, double side)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	double m;
	int i, j;

	if (q == NULL)
		return -1;
	/* A quiet zone of four modules, as the standard asks. */
	m = side / (q->width + 8);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, side, side);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (i = 0; i < q->width; i++)
		for (j = 0; j < q->width; j++)
			if (q->data[i * q->width + j] & 1)
				cairo_rectangle(cr, x + (j + 4) * m, y + (i + 4) * m, m,
				    m);
	cairo_fill(cr);
	QRcode_free(q);
	return 0;
}

struct page {
	const char *body, *edition, *prize, *title, *administration,
	    *category, *locked, *chair;
};

static int
draw_page(cairo_t *cr, const struct page *p, const char *qr)
{
	char buf[512];
	double y;

	cairo_set_source_rgb(cr, 0.55, 0.42, 0.12);
	cairo_set_line_width(cr, 3);
	cairo_rectangle(cr, 28, 28, PAGE_W - 56, PAGE_H - 56);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, 36, 36, PAGE_W - 72, PAGE_H - 72);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	y = paragraph(cr, p->body, 12, false, 70);
	y = paragraph(cr, p->edition, 15, true, y + 6);
	cairo_set_source_rgb(cr, 0.45, 0.33, 0.05);
	y = paragraph(cr, p->prize, 32, true, y + 60);
	cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
	/* TRANSLATORS: on a certificate, between the prize and the
	 * laureate's e-service. */
	y = paragraph(cr, _("awarded to"), 15, false, y + 24);
	y = paragraph(cr, p->title, 24, true, y + 14);
	y = paragraph(cr, p->administration, 15, false, y + 8);
	/* TRANSLATORS: on a certificate: the category of the prize. */
	snprintf(buf, sizeof buf, _("in the category %s"), p->category);
	y = paragraph(cr, buf, 14, false, y + 24);
	/* TRANSLATORS: on a certificate: when the commission's decisions
	 * were locked (a date and time). */
	snprintf(buf, sizeof buf, _("Decided by the commission, locked on %s"),
	    p->locked);
	paragraph(cr, buf, 12, false, y + 18);
	/* The chair's signature, then the QR code and how to check it. */
	cairo_move_to(cr, PAGE_W / 2 - 110, 600);
	cairo_line_to(cr, PAGE_W / 2 + 110, 600);
	cairo_stroke(cr);
	y = paragraph(cr, p->chair, 13, true, 604);
	y = paragraph(cr, _("The chair of the commission"), 11, false, y);
	if (draw_qr(cr, qr, PAGE_W / 2 - 60, 656, 120) != 0)
		return -1;
	paragraph(cr, _("Check it: mudawala verify-certificate, with the "
	    "signed results and the chair's public key"), 8.5, false, 780);
	return 0;
}


static const char sql_laureates[] =
	"SELECT k.category_id, k.prize, k.dossier_id,"
	"  CASE WHEN ?1 = 'ar' THEN coalesce(nullif(p.name_ar, ''), p.name_fr)"
	"    ELSE coalesce(nullif(p.name_fr, ''), p.name_ar) END,"
	"  CASE WHEN ?1 = 'ar' THEN coalesce(nullif(d.title_ar, ''), d.title_fr)"
	"    ELSE coalesce(nullif(d.title_fr, ''), d.title_ar) END,"
	"  d.administration,"
	"  CASE WHEN ?1 = 'ar' THEN coalesce(nullif(c.name_ar, ''), c.name_fr)"
	"    ELSE coalesce(nullif(c.name_fr, ''), c.name_ar) END"
	" FROM decision k JOIN prize p ON p.id = k.prize"
	" JOIN category c ON c.id = k.category_id"
	" JOIN dossier d ON d.id = k.dossier_id"
	" ORDER BY c.position, p.position, d.id";

static const char sql_edition[] =
	"SELECT e.uuid, e.name, e.year, e.phase, s.locked_at,"
	"  j.name, j.organisation, j.public_key"
	" FROM edition e LEFT JOIN seal s"
	" LEFT JOIN juror j ON j.role = 'chair' WHERE e.id = 1";

static const char *
col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL ? s : "";
}

/* Each laureate's page into out. */
static int
draw_all(struct edition *ed, const char *lang, sqlite3_stmt *head,
    const char *hash, const char *keyid, struct sink *out, struct mw_error *err)
{
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
	    typeface_to_sink, out, PAGE_W, PAGE_H);
	cairo_t *cr = cairo_create(surface);
	sqlite3_stmt *st = db_stmt(ed, sql_laureates, err);
	char locked[64];
	int rc = SQLITE_DONE, pages = 0, ret = -1;

	db_time_for_people(col(head, 4), locked, sizeof locked);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
	    col(head, 1));
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR,
	    PACKAGE_NAME " " PACKAGE_VERSION);
	if (st != NULL) {
		sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct certificate c = { 0 };
			struct strbuf qr = STRBUF_INIT;
			struct page p = { col(head, 6), col(head, 1), col(st, 3),
			    col(st, 4), col(st, 5), col(st, 6), locked,
			    col(head, 5) };
			int drawn;

			snprintf(c.edition, sizeof c.edition, "%s", col(head, 0));
			snprintf(c.category, sizeof c.category, "%s", col(st, 0));
			snprintf(c.prize, sizeof c.prize, "%s", col(st, 1));
			snprintf(c.dossier, sizeof c.dossier, "%s", col(st, 2));
			snprintf(c.results, sizeof c.results, "%s", hash);
			snprintf(c.chairkey, sizeof c.chairkey, "%s", keyid);
			payload(&qr, &c);
			drawn = draw_page(cr, &p, strbuf_str(&qr));
			strbuf_free(&qr);
			if (drawn != 0) {
				error_set(err, _("the QR code cannot be made"));
				break;
			}
			cairo_show_page(cr);
			pages++;
		}
		sqlite3_reset(st);
		if (rc == SQLITE_DONE && pages == 0)
			error_set(err, _("no prize was given to a dossier: there is "
			    "no certificate to make"));
		else if (rc == SQLITE_DONE)
			ret = 0;
		else if (rc != SQLITE_ROW)
			db_error(ed, rc, err);
	}
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	if (ret == 0 && cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS)
		ret = error_set(err, "%s", cairo_status_to_string(
		    cairo_surface_status(surface)));
	cairo_surface_destroy(surface);
	return ret;
}

int
certificate_write(struct edition *ed, const char *lang, const char *results,
    const char *path, struct mw_error *err)
{
	struct public_key chair;
	struct results r = { 0 };
	struct sink out;
	sqlite3_stmt *head;
	char keyid[17];
	int ret = -1;

	if (typeface_check(err) != 0 || db_check_whole(ed, err) != 0)
		return -1;
	head = db_stmt(ed, sql_edition, err);
	if (head == NULL)
		return -1;
	if (sqlite3_step(head) != SQLITE_ROW) {
		sqlite3_reset(head);
		return db_error(ed, sqlite3_errcode(db_handle(ed)), err);
	}
	if (strcmp(col(head, 3), "locked") != 0) {
		error_set(err, _("certificates are made once the edition is "
		    "locked (it is in phase '%s')"), col(head, 3));
		goto out;
	}
	if (key_public_parse(col(head, 7), chair.id, chair.pk) != 0) {
		error_set(err, _("the chair has no registered public key: the "
		    "certificates could not be checked"));
		goto out;
	}
	key_id_text(chair.id, keyid);
	/* The results the certificates stand on: signed by this chair, final,
	 * of this edition. */
	if (results_load(results, NULL, &chair, &r, err) != 0 ||
	    results_check(&r, results, col(head, 0), NULL, NULL, err) != 0)
		goto out;
	if (sink_open(&out, path, 0644, err) != 0)
		goto out;
	ret = draw_all(ed, lang, head, r.hash, keyid, &out, err);
	if (sink_close(&out, ret == 0, err) != 0)
		ret = -1;
out:
	results_free(&r);
	sqlite3_reset(head);
	return ret;
}
