/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/keys.h"
#include "core/consensus.h"
#include "core/agenda.h"
#include "core/attach.h"
#include "core/minutes.h"
#include "text/clean.h"
#include "core/settings.h"
#include "util/i18n.h"

/* Text as HTML: the five characters that matter, escaped. */
/* Every text of the minutes goes through the HTML sanitizer. */
static void
esc(struct strbuf *sb, const char *s)
{
	text_html_escape(sb, s);
}

/* A value from the data inside a sentence: isolated, so that a French
 * name in the Arabic minutes keeps its full stop and its « » where they
 * belong, and does not reorder the words around it. */
static void
data(struct strbuf *sb, const char *s)
{
	strbuf_adds(sb, "<bdi>");
	text_html_escape(sb, s);
	strbuf_adds(sb, "</bdi>");
}

static void
tag(struct strbuf *sb, const char *name, const char *text)
{
	strbuf_addf(sb, "<%s>", name);
	esc(sb, text);
	strbuf_addf(sb, "</%s>", name);
}

/* An ISO 8601 date (and time, stored in UTC) as the reader writes it:
 * a time in the local time zone, with its offset from UTC, so that the
 * minutes say when the commission acted where it met; digits stay 0-9.
 * What does not parse is shown as it is. */
static void
date(struct strbuf *sb, const char *iso)
{
	struct tm tm;
	char out[64];
	const char *rest;

	memset(&tm, 0, sizeof tm);
	rest = strptime(iso, "%Y-%m-%d", &tm);
	if (rest == NULL) {
		esc(sb, iso);
		return;
	}
	if (*rest == 'T' && strptime(rest + 1, "%H:%M:%S", &tm) != NULL) {
		time_t t = timegm(&tm);
		long off;

		if (localtime_r(&t, &tm) == NULL) {
			esc(sb, iso);
			return;
		}
		off = tm.tm_gmtoff / 60;
		/* TRANSLATORS: strftime format of a date and time in the
		 * minutes (local time); keep the digits 0-9 (%d, %m, %Y, %H,
		 * %M).  The offset from UTC follows. */
		strftime(out, sizeof out, _("%Y-%m-%d %H:%M"), &tm);
		esc(sb, out);
		strbuf_addf(sb, " <bdi>(UTC%c%02ld:%02ld)</bdi>", off < 0 ? '-' :
		    '+', labs(off) / 60, labs(off) % 60);
		return;
	}
	/* TRANSLATORS: strftime format of a date in the minutes. */
	strftime(out, sizeof out, _("%Y-%m-%d"), &tm);
	esc(sb, out);
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s != NULL ? s : "";
}

/* The page's style; "%s" is the page footer's CSS content (page N of M,
 * translated). */
static const char style[] =
	"<style>"
	"@page{size:A4;margin:18mm 16mm 20mm;"
	"@bottom-center{content:%s;font-size:9pt;color:#555}}"
	"body{font-family:'Amiri','Noto Naskh Arabic','DejaVu Sans',sans-serif;"
	"font-size:11pt;color:#111;max-width:180mm;margin:auto}"
	"h1{font-size:18pt;margin:0 0 4pt}h2{font-size:14pt;margin:14pt 0 4pt;"
	"border-bottom:1px solid #999;break-after:avoid-page}"
	"h3{font-size:12pt;margin:8pt 0 2pt;break-after:avoid-page}"
	/* Each block takes the direction of its own text: a French title in
	 * the Arabic minutes reads left to right, its full stop at its end. */
	"p,li,td,th,h1,h2,h3{unicode-bidi:plaintext}"
	"table{border-collapse:collapse;width:100%%;margin:4pt 0}"
	"thead{display:table-header-group}tr{break-inside:avoid-page}"
	"th,td{border:1px solid #bbb;padding:2pt 4pt;text-align:start;"
	"vertical-align:top}td.n{text-align:end;font-variant-numeric:tabular-nums}"
	".letterhead{border-bottom:2px solid #111;margin-bottom:8pt;"
	"padding-bottom:4pt}.letterhead p{margin:0}"
	/* The draft is said at the top and behind every page, never over
	 * the text. */
	".draft{text-align:center;color:#b00;font-weight:bold;"
	"border:2px solid #b00;padding:4pt;margin-bottom:8pt}"
	".watermark{position:fixed;top:45%%;left:0;right:0;text-align:center;"
	"font-size:72pt;color:#b00;opacity:.08;transform:rotate(-30deg);"
	"z-index:-1;pointer-events:none}"
	".mono{font-family:monospace;font-size:9pt;word-break:break-all}"
	"section{break-inside:auto}svg{max-width:100%%}"
	".sign{margin-top:18pt;display:grid;grid-template-columns:1fr 1fr;"
	"gap:28pt 24pt;break-inside:avoid-page}"
	".sign div{border-top:1px solid #111;padding-top:4pt;min-height:14mm}"
	"</style>";

/* The CSS content of the page footer: the translated "page %s of %s"
 * with the two counters. */
static void
page_footer(struct strbuf *sb)
{
	/* TRANSLATORS: the footer of each printed page of the minutes:
	 * "page 3 of 12".  Keep both %s. */
	const char *fmt = _("page %s of %s"), *p;
	int n = 0;

	strbuf_addc(sb, '"');
	for (p = fmt; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 's') {
			strbuf_adds(sb, n++ == 0 ? "\" counter(page) \"" :
			    "\" counter(pages) \"");
			p++;
		} else if (*p == '"' || *p == '\\') {
			strbuf_addc(sb, '\\');
			strbuf_addc(sb, *p);
		} else
			strbuf_addc(sb, *p);
	}
	strbuf_addc(sb, '"');
}

static int
edition_header(struct edition *ed, const struct minutes_opts *o,
    struct strbuf *sb, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT name, year, phase,"
	    " coalesce((SELECT locked_at FROM seal),"
	    " strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
	    " coalesce((SELECT organisation FROM juror WHERE role = 'chair'), '')"
	    " FROM edition WHERE id = 1", err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return db_error(ed, rc, err);
	}
	strbuf_adds(sb, "<title>");
	esc(sb, _("Minutes of the deliberation"));
	strbuf_adds(sb, " \xE2\x80\x94 ");
	data(sb, col(st, 0));
	strbuf_adds(sb, "</title>");
	{
		struct strbuf footer = STRBUF_INIT;

		page_footer(&footer);
		strbuf_addf(sb, style, strbuf_str(&footer));
		strbuf_free(&footer);
	}
	strbuf_adds(sb, "</head><body>");
	if (o->draft) {
		strbuf_adds(sb, "<div class=\"watermark\" aria-hidden=\"true\">");
		/* TRANSLATORS: the word printed faintly across every page of
		 * draft minutes. */
		esc(sb, _("DRAFT"));
		strbuf_adds(sb, "</div><div class=\"draft\">");
		esc(sb, _("DRAFT \xE2\x80\x94 not the minutes of a locked "
		    "edition; nothing here is final"));
		strbuf_adds(sb, "</div>");
	}
	/* The letterhead: the body that convenes the commission (the
	 * chair's organisation), the edition, where and when. */
	strbuf_adds(sb, "<header class=\"letterhead\">");
	if (*col(st, 4) != '\0') {
		strbuf_adds(sb, "<p><strong>");
		data(sb, col(st, 4));
		strbuf_adds(sb, "</strong></p>");
	}
	strbuf_adds(sb, "<p>");
	data(sb, col(st, 0));
	/* The year, unless the edition's name says it already. */
	{
		char year[16];

		snprintf(year, sizeof year, "%d", sqlite3_column_int(st, 1));
		if (strstr(col(st, 0), year) == NULL)
			strbuf_addf(sb, " (%s)", year);
	}
	strbuf_adds(sb, "</p></header>");
	strbuf_adds(sb, "<header>");
	tag(sb, "h1", _("Minutes of the deliberation"));
	strbuf_adds(sb, "<p>");
	esc(sb, _("Date:"));
	strbuf_adds(sb, " ");
	date(sb, col(st, 3));
	if (o->place != NULL && *o->place != '\0') {
		strbuf_adds(sb, " \xC2\xB7 ");
		esc(sb, _("Place:"));
		strbuf_adds(sb, " ");
		data(sb, o->place);
	}
	strbuf_adds(sb, "</p></header>");
	sqlite3_reset(st);
	return 0;
}

static const char *
role_name(const char *role)
{
	if (strcmp(role, "chair") == 0)
		return _("chair of the commission");
	if (strcmp(role, "expert") == 0)
		return _("invited expert (does not vote)");
	return _("member");
}

/* Whether id is in list (ids separated by commas). */
static bool
listed(const char *list, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = list; p != NULL && *p != '\0';) {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, id, n) == 0)
			return true;
		p += len;
		if (*p == ',')
			p++;
	}
	return false;
}

/* Every member named absent is a member of the commission. */
static int
check_absent(struct edition *ed, const char *list, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT 1 FROM juror WHERE id = ?1", err);
	int ret = 0;

	if (st == NULL)
		return -1;
	for (const char *p = list; p != NULL && *p != '\0' && ret == 0;) {
		size_t len = strcspn(p, ",");
		char *id = strndup(p, len);

		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_ROW)
			ret = error_usage(err, _("--absent: '%s' is not a member of "
			    "the commission"), id);
		sqlite3_reset(st);
		free(id);
		p += len;
		if (*p == ',')
			p++;
	}
	return ret;
}

/* The agenda of a category: the dossiers with a juror's total outside
 * the corridor, as the commission saw them before deciding. */
struct agenda_out {
	struct edition *ed;
	struct sink *out;
	int n;
};

/* "hg:-16.50 mic:+11.00" with each juror's name for their id. */
static void
outliers(struct edition *ed, struct strbuf *sb, const char *list)
{
	struct mw_error ignored = { 0 };
	sqlite3_stmt *st = db_stmt(ed, "SELECT name FROM juror WHERE id = ?1",
	    &ignored);

	for (const char *p = list; *p != '\0';) {
		size_t len = strcspn(p, " "), id = strcspn(p, ":");
		char *who = strndup(p, id < len ? id : len);

		if (p != list)
			strbuf_adds(sb, ", ");
		if (st != NULL) {
			sqlite3_bind_text(st, 1, who, -1, SQLITE_TRANSIENT);
			data(sb, sqlite3_step(st) == SQLITE_ROW ?
			    (const char *)sqlite3_column_text(st, 0) : who);
			sqlite3_reset(st);
		} else {
			data(sb, who);
		}
		if (id < len) {
			char *dist = strndup(p + id + 1, len - id - 1);

			strbuf_adds(sb, " <bdi>(");
			esc(sb, dist);
			strbuf_adds(sb, ")</bdi>");
			free(dist);
		}
		free(who);
		p += len;
		p += strspn(p, " ");
	}
}

static int
agenda_item(void *ctx, const char *const *cells, size_t n, const char *json,
    struct mw_error *err)
{
	struct agenda_out *a = ctx;
	struct strbuf *sb = &a->out->buf;

	(void)json;
	(void)err;
	if (n < 8)
		return 0;
	if (a->n++ == 0) {
		tag(sb, "h3", _("On the agenda: totals outside the corridor"));
		strbuf_adds(sb, "<ul>");
	}
	strbuf_adds(sb, "<li><strong>");
	data(sb, cells[1]);
	strbuf_adds(sb, "</strong> \xE2\x80\x94 ");
	data(sb, cells[2]);
	strbuf_adds(sb, ": ");
	/* TRANSLATORS: a dossier on the agenda: the mean and the spread of
	 * the jurors' totals; the jurors whose totals are outside follow. */
	strbuf_addf(sb, _("mean %s, spread %s; outside the corridor:"),
	    cells[4], cells[6]);
	strbuf_addc(sb, ' ');
	outliers(a->ed, sb, cells[7]);
	strbuf_adds(sb, "</li>");
	sink_flush(a->out);
	return 0;
}

static int
agenda(struct edition *ed, const struct minutes_opts *o, const char *category,
    struct sink *out, struct mw_error *err)
{
	struct agenda_out a = { ed, out, 0 };

	if (agenda_run(ed, category, o->lang, agenda_item, &a, err) != 0)
		return -1;
	if (a.n > 0)
		strbuf_adds(&out->buf, "</ul>");
	return 0;
}

/* The commission, and who attended. */
static int
commission(struct edition *ed, const struct minutes_opts *o,
    struct strbuf *sb, struct mw_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (check_absent(ed, o->absent, err) != 0)
		return -1;
	st = db_stmt(ed, "SELECT name, organisation, role, id"
	    " FROM juror ORDER BY role <> 'chair', role = 'expert', rowid", err);
	if (st == NULL)
		return -1;
	strbuf_adds(sb, "<section>");
	tag(sb, "h2", _("The commission"));
	strbuf_adds(sb, "<table><thead><tr>");
	tag(sb, "th", _("Name"));
	tag(sb, "th", _("Organisation"));
	tag(sb, "th", _("Role"));
	tag(sb, "th", _("Attendance"));
	strbuf_adds(sb, "</tr></thead>");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strbuf_adds(sb, "<tr>");
		tag(sb, "td", col(st, 0));
		tag(sb, "td", col(st, 1));
		tag(sb, "td", role_name(col(st, 2)));
		/* TRANSLATORS: a member's attendance at the deliberation. */
		tag(sb, "td", listed(o->absent, col(st, 3)) ? _("absent") :
		    _("present"));
		strbuf_adds(sb, "</tr>");
	}
	sqlite3_reset(st);
	strbuf_adds(sb, "</table></section>");
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static int
conflicts(struct edition *ed, struct strbuf *sb, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT j.name, coalesce(c.dossier_id,"
	    " c.administration), c.reason, coalesce(o.kind, ''),"
	    " coalesce(o.declared_by, ''), coalesce(o.declared_at, '')"
	    " FROM conflict c JOIN juror j ON j.id = c.juror_id"
	    " LEFT JOIN conflict_origin o ON o.conflict_id = c.id"
	    " ORDER BY c.id", err);
	int rc, n = 0;

	if (st == NULL)
		return -1;
	strbuf_adds(sb, "<section>");
	tag(sb, "h2", _("Conflicts of interest"));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *kind = col(st, 3);

		if (n++ == 0) {
			strbuf_adds(sb, "<table><thead><tr>");
			tag(sb, "th", _("Member"));
			tag(sb, "th", _("Dossier or administration"));
			tag(sb, "th", _("Reason"));
			tag(sb, "th", _("Declared"));
			strbuf_adds(sb, "</tr></thead>");
		}
		strbuf_adds(sb, "<tr>");
		tag(sb, "td", col(st, 0));
		tag(sb, "td", col(st, 1));
		tag(sb, "td", col(st, 2));
		strbuf_adds(sb, "<td>");
		if (strcmp(kind, "abstain") == 0)
			esc(sb, _("abstention of the member"));
		else if (strcmp(kind, "recusal") == 0)
			esc(sb, _("recusal by the chair"));
		else
			esc(sb, _("at the setup of the edition"));
		if (*col(st, 5) != '\0') {
			strbuf_adds(sb, " (");
			data(sb, col(st, 5));
			strbuf_adds(sb, ")");
		}
		strbuf_adds(sb, "</td></tr>");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	if (n > 0)
		strbuf_adds(sb, "</table>");
	else
		tag(sb, "p", _("No conflict of interest was declared."));
	strbuf_adds(sb, "</section>");
	return 0;
}

static int
method(struct edition *ed, const struct minutes_opts *o, struct strbuf *sb,
    struct mw_error *err)
{
	struct settings set;
	sqlite3_stmt *st = db_stmt(ed, "SELECT CASE WHEN ?1 = 'ar' THEN"
	    " coalesce(nullif(name_ar, ''), name_fr) ELSE"
	    " coalesce(nullif(name_fr, ''), name_ar) END, weight, scale_min,"
	    " scale_max FROM criterion ORDER BY position", err);
	char buf[128];
	int rc;

	if (st == NULL || settings_load(ed, &set, err) != 0)
		return -1;
	strbuf_adds(sb, "<section>");
	tag(sb, "h2", _("Method of scoring and of breaking ties"));
	tag(sb, "p", _("Each voting member scores each dossier on every "
	    "criterion; the member's total is the weighted sum of the scores, "
	    "brought to 0-100, and a dossier's score is the mean of the voting "
	    "members' totals. Invited experts do not vote, and a member in "
	    "conflict with a dossier does not score it."));
	strbuf_adds(sb, "<table><thead><tr>");
	tag(sb, "th", _("Criterion"));
	tag(sb, "th", _("Weight"));
	tag(sb, "th", _("Scale"));
	strbuf_adds(sb, "</tr></thead>");
	sqlite3_bind_text(st, 1, o->lang != NULL ? o->lang : "fr", -1,
	    SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strbuf_adds(sb, "<tr>");
		tag(sb, "td", col(st, 0));
		snprintf(buf, sizeof buf, "%g", sqlite3_column_double(st, 1));
		strbuf_adds(sb, "<td class=\"n\">");
		esc(sb, buf);
		snprintf(buf, sizeof buf, "%g\xE2\x80\x93%g",
		    sqlite3_column_double(st, 2), sqlite3_column_double(st, 3));
		strbuf_adds(sb, "</td><td class=\"n\">");
		esc(sb, buf);
		strbuf_adds(sb, "</td></tr>");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	strbuf_adds(sb, "</table><p>");
	esc(sb, _("Ties are broken in this order:"));
	strbuf_adds(sb, " <span class=\"mono\">");
	esc(sb, set.cascade);
	strbuf_adds(sb, "</span>; ");
	esc(sb, _("a tie that remains is decided by the chair's casting "
	    "decision."));
	if (set.quorum > 0) {
		snprintf(buf, sizeof buf, "%d", set.quorum);
		strbuf_adds(sb, " ");
		esc(sb, _("Quorum (voting members per dossier):"));
		strbuf_adds(sb, " ");
		esc(sb, buf);
		strbuf_adds(sb, ".");
	}
	strbuf_adds(sb, "</p></section>");
	return 0;
}

/* The ranking's flags in words of the reader's language. */
static void
flags(struct strbuf *sb, const char *list)
{
	bool first = true;

	while (*list != '\0') {
		size_t n = strcspn(list, ";");
		const char *word;

		if (n == 16 && strncmp(list, "tiebreak=casting", 16) == 0)
			word = _("tie broken by the chair");
		else if (n > 9 && strncmp(list, "tiebreak=", 9) == 0)
			word = _("tie broken by the cascade");
		else if (n == 8 && strncmp(list, "unscored", 8) == 0)
			word = _("not scored");
		else if (n == 3 && strncmp(list, "tie", 3) == 0)
			word = _("tie");
		else if (n == 7 && strncmp(list, "partial", 7) == 0)
			word = _("a criterion not scored");
		else if (n == 6 && strncmp(list, "quorum", 6) == 0)
			word = _("below the quorum");
		else if (n == 6 && strncmp(list, "agenda", 6) == 0)
			word = _("on the agenda (a total outside the corridor)");
		else if (n == 3 && strncmp(list, "few", 3) == 0)
			word = _("too few totals for the method");
		else if (n == 4 && strncmp(list, "wide", 4) == 0)
			word = _("a tie too wide for the Schulze step, "
			    "which was skipped");
		else
			word = NULL;
		if (word != NULL) {
			/* TRANSLATORS: between two items of a list. */
			strbuf_adds(sb, first ? "" : _("; "));
			esc(sb, word);
			first = false;
		}
		list += n + (list[n] == ';');
	}
}

/* Horizontal bars of the scores (0-100), drawn from the start side. */
static void
chart(struct strbuf *sb, sqlite3_stmt *rows, bool rtl)
{
	struct strbuf bars = STRBUF_INIT;
	int n = 0, rc;

	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		double score;
		int len, y = 4 + 16 * n;

		if (*col(rows, 2) == '\0')
			continue;
		score = sqlite3_column_double(rows, 2);
		len = (int)(score * 3.0 + 0.5);
		strbuf_addf(&bars, "<text x=\"%d\" y=\"%d\" font-size=\"10\""
		    " text-anchor=\"%s\">", rtl ? 396 : 4, y + 11,
		    rtl ? "end" : "start");
		esc(&bars, col(rows, 0));
		strbuf_addf(&bars, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\""
		    " height=\"12\" fill=\"#4a6fa5\"/>", rtl ? 340 - len : 60, y,
		    len);
		strbuf_addf(&bars, "<text x=\"%d\" y=\"%d\" font-size=\"9\""
		    " text-anchor=\"%s\">%.2f</text>", rtl ? 336 - len : 64 + len,
		    y + 10, rtl ? "end" : "start", score);
		n++;
	}
	sqlite3_reset(rows);
	/* direction="ltr": the coordinates above already mirror, and an
	 * inherited rtl would swap what start and end mean. */
	if (n > 0)
		strbuf_addf(sb, "<svg xmlns=\"http://www.w3.org/2000/svg\""
		    " width=\"400\" height=\"%d\" viewBox=\"0 0 400 %d\""
		    " direction=\"ltr\" role=\"img\">%s</svg>", 8 + 16 * n,
		    8 + 16 * n, strbuf_str(&bars));
	strbuf_free(&bars);
}

/*
 * What the jury said: every comment of the members and every piece of
 * the invited experts' advice on the category's admitted dossiers, with
 * the score beside it, dossier by dossier and criterion by criterion.
 */
static int
said(struct edition *ed, const char *category, bool rtl, struct sink *out,
    struct mw_error *err)
{
	struct strbuf *sb = &out->buf;
	sqlite3_stmt *st = db_stmt(ed, "SELECT d.id, CASE WHEN ?2 = 'ar' THEN"
	    " coalesce(nullif(d.title_ar, ''), d.title_fr) ELSE"
	    " coalesce(nullif(d.title_fr, ''), d.title_ar) END,"
	    " CASE WHEN ?2 = 'ar' THEN c.name_ar ELSE c.name_fr END,"
	    " j.name, j.voting, s.value, s.comment"
	    " FROM score s JOIN dossier d ON d.id = s.dossier_id"
	    " JOIN criterion c ON c.id = s.criterion_id"
	    " JOIN juror j ON j.id = s.juror_id"
	    " WHERE d.category_id = ?1 AND d.status = 'admitted'"
	    " AND s.comment <> ''"
	    " ORDER BY d.id, c.position, j.voting DESC, j.name", err);
	const char *last = NULL;
	char *dossier = NULL;
	bool any = false;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rtl ? "ar" : "fr", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char score[32];

		if (!any) {
			tag(sb, "h3", _("What the jury said"));
			any = true;
		}
		last = col(st, 0);
		if (dossier == NULL || strcmp(dossier, last) != 0) {
			if (dossier != NULL)
				strbuf_adds(sb, "</ul>");
			free(dossier);
			dossier = xstrdup(last);
			strbuf_adds(sb, "<p><strong>");
			data(sb, col(st, 0));
			strbuf_adds(sb, " \xE2\x80\x94 ");
			data(sb, col(st, 1));
			strbuf_adds(sb, "</strong></p><ul>");
		}
		snprintf(score, sizeof score, "%g", sqlite3_column_double(st, 5));
		strbuf_adds(sb, "<li>");
		data(sb, col(st, 2));
		strbuf_adds(sb, " \xE2\x80\x94 ");
		data(sb, col(st, 3));
		if (!sqlite3_column_int(st, 4)) {
			strbuf_adds(sb, " (");
			esc(sb, _("invited expert (advisory)"));
			strbuf_adds(sb, ")");
		}
		strbuf_adds(sb, " [");
		esc(sb, score);
		strbuf_adds(sb, "]: ");
		data(sb, col(st, 6));
		strbuf_adds(sb, "</li>");
		sink_flush(out);
	}
	sqlite3_reset(st);
	if (dossier != NULL)
		strbuf_adds(sb, "</ul>");
	free(dossier);
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/* The consensus rounds of the category: which dossiers, why, and how
 * each reopened member's total moved. */
static int
consensus_rounds(struct edition *ed, const char *category, bool rtl,
    struct strbuf *sb, struct mw_error *err)
{
	struct consensus_row *r;
	size_t n, i;

	if (consensus_load(ed, category, rtl ? "ar" : "fr", &r, &n, err) != 0)
		return -1;
	if (n > 0)
		tag(sb, "h3", _("Consensus rounds"));
	for (i = 0; i < n; i++) {
		char moved[128];

		if (i == 0 || strcmp(r[i].dossier, r[i - 1].dossier) != 0) {
			if (i > 0)
				strbuf_adds(sb, "</ul>");
			strbuf_adds(sb, "<p><strong>");
			esc(sb, r[i].dossier);
			strbuf_adds(sb, " \xE2\x80\x94 ");
			esc(sb, r[i].title);
			strbuf_adds(sb, "</strong><br/>");
			esc(sb, _("Reason:"));
			strbuf_adds(sb, " ");
			esc(sb, r[i].reason);
			strbuf_adds(sb, "</p><ul>");
		}
		if (isnan(r[i].after))
			snprintf(moved, sizeof moved, _("%.2f before; not submitted "
			    "again"), r[i].before);
		else
			snprintf(moved, sizeof moved, _("%.2f before, %.2f after"),
			    r[i].before, r[i].after);
		strbuf_adds(sb, "<li>");
		esc(sb, r[i].name);
		strbuf_adds(sb, ": ");
		esc(sb, moved);
		strbuf_adds(sb, "</li>");
	}
	if (n > 0)
		strbuf_adds(sb, "</ul>");
	consensus_free(r, n);
	return 0;
}

/* What the commission read: each dossier's documents, by the name they
 * came with and their BLAKE2b hash, so that anyone can tell a copy is the
 * same. */
static int
documents(struct edition *ed, const char *category, struct sink *out,
    struct mw_error *err)
{
	struct strbuf *sb = &out->buf;
	sqlite3_stmt *st = db_stmt(ed, "SELECT x.dossier_id, x.name,"
	    " lower(hex(x.hash)), a.size FROM dossier_attachment x"
	    " JOIN attachment a ON a.hash = x.hash JOIN dossier d"
	    " ON d.id = x.dossier_id WHERE d.category_id = ?1"
	    " AND d.status = 'admitted' ORDER BY d.id, x.position, x.name", err);
	int rc, n = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, category, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char size[32];

		if (n++ == 0) {
			tag(sb, "h3", _("Documents of the candidacies"));
			strbuf_adds(sb, "<table><thead><tr>");
			tag(sb, "th", _("Dossier"));
			tag(sb, "th", _("Document"));
			tag(sb, "th", _("Size"));
			tag(sb, "th", _("BLAKE2b-256"));
			strbuf_adds(sb, "</tr></thead><tbody>");
		}
		attachment_size_text(sqlite3_column_int64(st, 3), size,
		    sizeof size);
		strbuf_adds(sb, "<tr>");
		tag(sb, "td", col(st, 0));
		tag(sb, "td", col(st, 1));
		tag(sb, "td", size);
		strbuf_adds(sb, "<td class=\"hash\">");
		esc(sb, col(st, 2));
		strbuf_adds(sb, "</td></tr>");
		sink_flush(out);
	}
	sqlite3_reset(st);
	if (n > 0)
		strbuf_adds(sb, "</tbody></table>");
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

static int
category(struct edition *ed, const struct minutes_opts *o, const char *id,
    const char *name, int ndossiers, int nadm, struct sink *out,
    struct mw_error *err)
{
	struct strbuf *sb = &out->buf;
	sqlite3_stmt *rows = db_stmt(ed, "SELECT dossier, title, score, rank, n,"
	    " flags, stddev, spread FROM temp.export_rank WHERE category = ?1"
	    " ORDER BY seq", err);
	sqlite3_stmt *dec;
	bool rtl = o->lang != NULL && strcmp(o->lang, "ar") == 0;
	char buf[256];
	int rc;

	if (rows == NULL)
		return -1;
	strbuf_adds(sb, "<section>");
	tag(sb, "h2", name);
	{
		char d[96], a[96];

		snprintf(d, sizeof d, ngettext("%d dossier", "%d dossiers",
		    (unsigned long)ndossiers), ndossiers);
		snprintf(a, sizeof a, ngettext("%d administration",
		    "%d administrations", (unsigned long)nadm), nadm);
		/* TRANSLATORS: a category's counts: "12 dossiers, 9
		 * administrations" (the comma of your language). */
		snprintf(buf, sizeof buf, _("%s, %s"), d, a);
	}
	strbuf_adds(sb, "<p>");
	esc(sb, buf);
	strbuf_adds(sb, "</p>");
	sqlite3_bind_text(rows, 1, id, -1, SQLITE_STATIC);
	chart(sb, rows, rtl);
	strbuf_adds(sb, "<table><thead><tr>");
	tag(sb, "th", _("Rank"));
	tag(sb, "th", _("Dossier"));
	tag(sb, "th", _("Title"));
	tag(sb, "th", _("Score"));
	tag(sb, "th", _("n"));
	tag(sb, "th", _("Std. dev."));
	tag(sb, "th", _("Spread"));
	tag(sb, "th", _("Flags"));
	strbuf_adds(sb, "</tr></thead>");
	sqlite3_bind_text(rows, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		strbuf_adds(sb, "<tr><td class=\"n\">");
		esc(sb, col(rows, 3));
		strbuf_adds(sb, "</td>");
		tag(sb, "td", col(rows, 0));
		tag(sb, "td", col(rows, 1));
		strbuf_adds(sb, "<td class=\"n\">");
		esc(sb, col(rows, 2));
		strbuf_adds(sb, "</td><td class=\"n\">");
		esc(sb, col(rows, 4));
		strbuf_adds(sb, "</td><td class=\"n\">");
		esc(sb, col(rows, 6));
		strbuf_adds(sb, "</td><td class=\"n\">");
		esc(sb, col(rows, 7));
		strbuf_adds(sb, "</td>");
		strbuf_adds(sb, "<td>");
		flags(sb, col(rows, 5));
		strbuf_adds(sb, "</td></tr>");
		sink_flush(out);
	}
	sqlite3_reset(rows);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	strbuf_adds(sb, "</table>");
	if (agenda(ed, o, id, out, err) != 0)
		return -1;
	tag(sb, "h3", _("Decisions"));
	dec = db_stmt(ed, "SELECT CASE WHEN ?2 = 'ar' THEN p.name_ar ELSE"
	    " p.name_fr END, k.dossier_id, CASE WHEN ?2 = 'ar' THEN"
	    " coalesce(nullif(d.title_ar, ''), d.title_fr) ELSE"
	    " coalesce(nullif(d.title_fr, ''), d.title_ar) END, k.rationale,"
	    " (SELECT reason FROM quorum_override q WHERE q.dossier_id ="
	    " k.dossier_id)"
	    " FROM decision k JOIN prize p ON p.id = k.prize"
	    " LEFT JOIN dossier d ON d.id = k.dossier_id"
	    " WHERE k.category_id = ?1 ORDER BY p.position, k.dossier_id", err);
	if (dec == NULL)
		return -1;
	sqlite3_bind_text(dec, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(dec, 2, rtl ? "ar" : "fr", -1, SQLITE_STATIC);
	strbuf_adds(sb, "<ul>");
	while ((rc = sqlite3_step(dec)) == SQLITE_ROW) {
		strbuf_adds(sb, "<li><strong>");
		data(sb, col(dec, 0));
		strbuf_adds(sb, "</strong>: ");
		if (sqlite3_column_type(dec, 1) == SQLITE_NULL)
			esc(sb, _("not awarded"));
		else {
			data(sb, col(dec, 1));
			strbuf_adds(sb, " \xE2\x80\x94 ");
			data(sb, col(dec, 2));
		}
		strbuf_adds(sb, "<br/>");
		esc(sb, _("Rationale:"));
		strbuf_adds(sb, " ");
		data(sb, col(dec, 3));
		if (sqlite3_column_type(dec, 4) != SQLITE_NULL) {
			strbuf_adds(sb, "<br/>");
			esc(sb, _("Quorum overridden:"));
			strbuf_adds(sb, " ");
			data(sb, col(dec, 4));
		}
		strbuf_adds(sb, "</li>");
	}
	sqlite3_reset(dec);
	strbuf_adds(sb, "</ul>");
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	dec = db_stmt(ed, "SELECT group_concat(dossier_id, ' > '), rationale"
	    " FROM (SELECT * FROM casting WHERE category_id = ?1"
	    " ORDER BY position) GROUP BY rationale", err);
	if (dec == NULL)
		return -1;
	sqlite3_bind_text(dec, 1, id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(dec)) == SQLITE_ROW) {
		strbuf_adds(sb, "<p>");
		esc(sb, _("Casting decision of the chair:"));
		strbuf_adds(sb, " ");
		data(sb, col(dec, 0));
		strbuf_adds(sb, " (");
		data(sb, col(dec, 1));
		strbuf_adds(sb, ")</p>");
	}
	sqlite3_reset(dec);
	if (rc != SQLITE_DONE)
		return db_error(ed, rc, err);
	if (said(ed, id, rtl, out, err) != 0 ||
	    consensus_rounds(ed, id, rtl, sb, err) != 0 ||
	    documents(ed, id, out, err) != 0)
		return -1;
	strbuf_adds(sb, "</section>");
	return 0;
}

static int
categories(struct edition *ed, const struct minutes_opts *o,
    struct sink *out, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT c.id, CASE WHEN ?1 = 'ar' THEN"
	    " coalesce(nullif(c.name_ar, ''), c.name_fr) ELSE"
	    " coalesce(nullif(c.name_fr, ''), c.name_ar) END,"
	    " (SELECT count(*) FROM dossier d WHERE d.category_id = c.id"
	    "  AND d.status = 'admitted'),"
	    " (SELECT count(DISTINCT administration) FROM dossier d"
	    "  WHERE d.category_id = c.id AND d.status = 'admitted')"
	    " FROM category c ORDER BY c.position", err);
	char **ids = NULL, **names = NULL;
	int *nd = NULL, *na = NULL, rc, n = 0, i, ret = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, o->lang != NULL ? o->lang : "fr", -1,
	    SQLITE_STATIC);
	/* Collected first: each category runs statements of its own. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids = xrealloc(ids, (size_t)(n + 1) * sizeof *ids);
		names = xrealloc(names, (size_t)(n + 1) * sizeof *names);
		nd = xrealloc(nd, (size_t)(n + 1) * sizeof *nd);
		na = xrealloc(na, (size_t)(n + 1) * sizeof *na);
		ids[n] = db_column_dup(st, 0);
		names[n] = db_column_dup(st, 1);
		nd[n] = sqlite3_column_int(st, 2);
		na[n] = sqlite3_column_int(st, 3);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		ret = db_error(ed, rc, err);
	for (i = 0; i < n; i++) {
		if (ret == 0)
			ret = category(ed, o, ids[i], names[i], nd[i], na[i], out,
			    err);
		free(ids[i]);
		free(names[i]);
	}
	free(ids);
	free(names);
	free(nd);
	free(na);
	return ret;
}

static int
seal(struct edition *ed, struct strbuf *sb, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT s.locked_at, j.name,"
	    " hex(s.seal), hex(s.chain_head), s.audit_seq,"
	    " (SELECT public_key FROM juror WHERE role = 'chair')"
	    " FROM seal s LEFT JOIN juror j ON j.id = s.locked_by", err);
	uint8_t id[8], pk[32];
	char hex[17];
	int rc;

	if (st == NULL)
		return -1;
	strbuf_adds(sb, "<section>");
	tag(sb, "h2", _("Lock and seal"));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		strbuf_adds(sb, "<p>");
		esc(sb, _("Locked on"));
		strbuf_adds(sb, " ");
		date(sb, col(st, 0));
		strbuf_adds(sb, " \xE2\x80\x94 ");
		data(sb, col(st, 1));
		strbuf_adds(sb, "</p><p>");
		esc(sb, _("Seal:"));
		strbuf_adds(sb, " <span class=\"mono\">");
		esc(sb, col(st, 2));
		strbuf_adds(sb, "</span><br/>");
		esc(sb, _("Audit chain head at the lock:"));
		strbuf_addf(sb, " <span class=\"mono\">%lld: ",
		    (long long)sqlite3_column_int64(st, 4));
		esc(sb, col(st, 3));
		strbuf_adds(sb, "</span></p>");
	} else {
		tag(sb, "p", _("The edition is not locked: these minutes are a "
		    "draft."));
	}
	sqlite3_reset(st);
	st = db_stmt(ed, "SELECT public_key FROM juror WHERE role = 'chair'",
	    err);
	if (st == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    key_public_parse(col(st, 0), id, pk) == 0) {
		key_id_text(id, hex);
		strbuf_adds(sb, "<p>");
		esc(sb, _("Fingerprint of the chair's key (as minisign shows "
		    "it):"));
		strbuf_addf(sb, " <span class=\"mono\">%s</span><br/>", hex);
		/* What verifiers give to -p: the line of minisign's .pub file. */
		esc(sb, _("Public key of the chair, against which these files "
		    "verify (mudawala verify FILE -p CHAIR.PUB, minisign -Vm FILE -p "
		    "CHAIR.PUB):"));
		strbuf_adds(sb, " <span class=\"mono\">");
		esc(sb, col(st, 0));
		strbuf_adds(sb, "</span></p>");
	}
	sqlite3_reset(st);
	strbuf_adds(sb, "</section>");
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

/* A line to sign for every voting member, the chair first. */
static int
signatures(struct edition *ed, struct strbuf *sb, struct mw_error *err)
{
	sqlite3_stmt *st = db_stmt(ed, "SELECT name, role FROM juror"
	    " WHERE voting = 1 ORDER BY role <> 'chair', rowid", err);
	int rc;

	if (st == NULL)
		return -1;
	strbuf_adds(sb, "<section>");
	tag(sb, "h2", _("Signatures"));
	strbuf_adds(sb, "<div class=\"sign\">");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strbuf_adds(sb, "<div>");
		data(sb, col(st, 0));
		strbuf_adds(sb, "<br/>");
		esc(sb, role_name(col(st, 1)));
		strbuf_adds(sb, "</div>");
	}
	sqlite3_reset(st);
	strbuf_adds(sb, "</div></section>");
	return rc == SQLITE_DONE ? 0 : db_error(ed, rc, err);
}

int
minutes_write(struct edition *ed, const struct minutes_opts *o,
    struct sink *out, struct mw_error *err)
{
	bool rtl = o->lang != NULL && strcmp(o->lang, "ar") == 0;
	struct strbuf *sb = &out->buf;

	strbuf_addf(sb, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\"><head>"
	    "<meta charset=\"utf-8\"/>", rtl ? "ar" : o->lang != NULL &&
	    strcmp(o->lang, "en") == 0 ? "en" : "fr", rtl ? "rtl" : "ltr");
	if (edition_header(ed, o, sb, err) != 0 ||
	    commission(ed, o, sb, err) != 0 || conflicts(ed, sb, err) != 0 ||
	    method(ed, o, sb, err) != 0 || categories(ed, o, out, err) != 0 ||
	    seal(ed, sb, err) != 0)
		return -1;
	if (signatures(ed, sb, err) != 0)
		return -1;
	strbuf_adds(sb, "</body></html>\n");
	return 0;
}
