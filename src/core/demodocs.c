/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/attach.h"
#include "core/demodocs.h"
#include "core/filekind.h"
#include "core/search.h"
#include "util/strbuf.h"

/*
 * The answers, made from each dossier's own fields and its rank n among
 * the dossiers (for dates and figures that differ), for the fields of the
 * e-mtiaz form that the edition has.  Free text says it is illustrative.
 */
static const char sql_answers[] =
	"WITH d AS (SELECT id, title_ar, title_fr, url, summary_ar, summary_fr,"
	"  row_number() OVER (ORDER BY id) - 1 AS n FROM dossier),"
	/* Facts are the same in both languages; words are not. */
	" v AS (SELECT d.id AS dossier, f.id AS field, CASE f.id"
	"  WHEN 'launch_date' THEN printf('%04d-%02d-15', 2012 + d.n % 6,"
	"   1 + d.n % 12)"
	"  WHEN 'channel' THEN CASE d.n % 4 WHEN 0 THEN 'web' WHEN 1 THEN"
	"   'web+mobile' WHEN 2 THEN 'mobile' ELSE 'guichet' END"
	"  WHEN 'users_per_year' THEN CAST(4000 + d.n * 1375 AS TEXT)"
	"  WHEN 'transactions_per_year' THEN CAST(25000 + d.n * 7919 AS TEXT)"
	"  WHEN 'service_address' THEN d.url END AS fact,"
	"  CASE f.id WHEN 'description' THEN d.summary_ar"
	"  WHEN 'beneficiaries' THEN 'المواطنون والمقاولات (جواب توضيحي)'"
	"  WHEN 'contact' THEN 'مصلحة التواصل (توضيحي)'"
	"  ELSE 'جواب توضيحي، كُتب للعرض: ' || d.title_ar || ' — '"
	"   || f.section_ar || '.' END AS ar,"
	"  CASE f.id WHEN 'description' THEN d.summary_fr"
	"  WHEN 'beneficiaries' THEN"
	"   'Citoyens et entreprises (réponse illustrative)'"
	"  WHEN 'contact' THEN 'Service communication (illustratif)'"
	"  ELSE 'Réponse illustrative, écrite pour la démonstration : '"
	"   || d.title_fr || ' — ' || f.section_fr || '.' END AS fr"
	"  FROM d CROSS JOIN form_field f)"
	" INSERT INTO answer (dossier_id, field_id, value_ar, value_fr)"
	" SELECT dossier, field, coalesce(fact, ar, ''), coalesce(fact, fr, '')"
	" FROM v WHERE coalesce(fact, ar, '') <> ''"
	" OR coalesce(fact, fr, '') <> '';";

static cairo_status_t
collect(void *ctx, const unsigned char *data, unsigned int len)
{
	strbuf_add(ctx, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

static void
line(cairo_t *cr, double y, double size, const char *text)
{
	cairo_set_font_size(cr, size);
	cairo_move_to(cr, 56, y);
	cairo_show_text(cr, text);
}

/* A two-page A4 fact sheet, dated for reproducible bytes. */
static void
fact_sheet(struct strbuf *pdf, const char *id, const char *title,
    const char *administration, int n)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(collect, pdf,
	    595, 842);
	cairo_t *cr = cairo_create(s);
	char buf[256];

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
	    "2019-01-15T10:00:00Z");
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
	    "Document illustratif");
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
	    CAIRO_FONT_WEIGHT_NORMAL);
	line(cr, 80, 11, "Document illustratif, produit pour la "
	    "démonstration de mudawala.");
	line(cr, 96, 11, "Il ne vient pas du candidat.");
	snprintf(buf, sizeof buf, "Dossier %s", id);
	line(cr, 140, 16, buf);
	line(cr, 164, 12, title);
	line(cr, 182, 12, administration);
	line(cr, 220, 12, "Fiche de présentation du téléservice");
	cairo_show_page(cr);
	line(cr, 80, 14, "Chiffres d'usage (illustratifs)");
	snprintf(buf, sizeof buf, "Usagers par an : %d", 4000 + n * 1375);
	line(cr, 110, 12, buf);
	snprintf(buf, sizeof buf, "Transactions par an : %d", 25000 + n * 7919);
	line(cr, 128, 12, buf);
	line(cr, 160, 12, "Taux de satisfaction mesuré par enquête.");
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
}

static int
attach(struct edition *ed, struct filekind *fk, const char *dossier,
    const char *name, int position, const struct strbuf *data,
    struct mw_error *err)
{
	unsigned char hash[ATTACHMENT_HASH_BYTES];
	sqlite3_stmt *st;
	bool added;
	int rc;

	if (attachment_store(ed, fk, data->buf, data->len, hash, &added,
	    err) != 0)
		return -1;
	st = db_stmt(ed, "INSERT INTO dossier_attachment (dossier_id, name,"
	    " hash, position) VALUES (?1, ?2, ?3, ?4)", err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, hash, sizeof hash, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, position);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

int
demo_documents(struct edition *ed, struct mw_error *err)
{
	sqlite3_stmt *st;
	struct filekind *fk;
	int rc = SQLITE_ROW, ret = 0, n = 0;

	if (db_exec(ed, sql_answers, err) != 0)
		return -1;
	st = db_stmt(ed, "SELECT id, title_ar, title_fr,"
	    " coalesce(administration, '') FROM dossier ORDER BY id", err);
	if (st == NULL)
		return -1;
	fk = filekind_open();
	while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *id = db_column_dup(st, 0), *ar = db_column_dup(st, 1);
		char *fr = db_column_dup(st, 2), *adm = db_column_dup(st, 3);
		struct strbuf pdf = STRBUF_INIT, note = STRBUF_INIT;

		fact_sheet(&pdf, id, fr, adm, n++);
		strbuf_addf(&note, "Note illustrative — écrite pour la "
		    "démonstration de mudawala, elle ne vient pas du candidat.\n"
		    "%s\n\nملاحظة توضيحية — كُتبت للعرض، وليست من المترشح.\n%s\n",
		    fr, ar);
		ret = attach(ed, fk, id, "fiche-illustrative.pdf", 1, &pdf, err);
		if (ret == 0)
			ret = attach(ed, fk, id, "note-illustrative.txt", 2, &note,
			    err);
		if (ret == 0)
			ret = search_mark(ed, id, err);
		strbuf_free(&pdf);
		strbuf_free(&note);
		free(id);
		free(ar);
		free(fr);
		free(adm);
	}
	sqlite3_reset(st);
	filekind_close(fk);
	if (ret != 0)
		return -1;
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	return 0;
}
