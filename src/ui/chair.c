/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The chair's dialogs shared by the ranking and the prizes: the phase,
 * the exports. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/export.h"
#include "core/keys.h"
#include "core/sign.h"
#include "ui/ui.h"
#include "util/i18n.h"

static const char *const phases[] = { "setup", "scoring", "deliberation" };

void
ui_phase_dialog(struct ui *ui)
{
	struct mw_error err = { 0 };
	struct line_edit reason = { 0 };
	const char *to = NULL;
	bool changed, back = false;
	wint_t ch;
	size_t i, now = 0;
	int rc;

	if (strcmp(ui->me.role, "chair") != 0) {
		ui_say(ui, true, _("Only the chair changes the phase."));
		return;
	}
	for (i = 0; i < 3; i++)
		if (strcmp(ui->info.phase, phases[i]) == 0)
			now = i;
	for (;;) {
		ui_text(LINES - 2, 0, COLS, "", A_NORMAL, false);
		ui_text(LINES - 2, 0, COLS, _("Phase: 1 setup, 2 scoring, 3 "
		    "deliberation (Esc cancels)"), ui_attr(ui, UI_HEADER), false);
		refresh();
		rc = ui_read_key(&ch);
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			ui_redraw(ui);
			if (ui_too_small())
				return;
			continue;
		}
		if (rc == ERR)
			continue;
		break;
	}
	if (rc == OK && ch >= '1' && ch <= '3') {
		to = phases[ch - '1'];
		back = (size_t)(ch - '1') < now;
	}
	if (to == NULL) {
		ui_say(ui, false, _("Cancelled."));
		return;
	}
	ui_edit_set(&reason, "");
	if (back && !ui_ask_line(ui, _("Going back needs a written reason:"),
	    &reason, false)) {
		ui_say(ui, false, _("Cancelled."));
		return;
	}
	if (edition_set_phase(ui->ed, to, ui->me.id, back ? reason.buf : NULL,
	    &changed, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	ui_reload(ui);
	ui_say(ui, false, _("The edition is now in phase %s."),
	    ui_phase_name(ui->info.phase));
}

/* Where an export goes by default: beside the edition, named after it
 * ("awards.sqlite" gives "awards-results.csv"). */
static void
default_path(const struct ui *ui, const char *suffix, struct line_edit *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *path = db_path(ui->ed);
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');

	if (dot != NULL && (slash == NULL || dot > slash))
		strbuf_addf(&sb, "%.*s-%s", (int)(dot - path), path, suffix);
	else
		strbuf_addf(&sb, "%s-%s", path, suffix);
	ui_edit_set(out, strbuf_str(&sb));
	strbuf_free(&sb);
}

/* gettext's cache of translations is told the language changed. */
extern int _nl_msg_cat_cntr;

/* Write one export, in language lang (the minutes are written in it),
 * and sign it with key. */
static int
write_signed(struct ui *ui, const struct export_opts *o, const char *kind,
    const char *lang, const char *path, const struct secret_key *key,
    struct mw_error *err)
{
	struct strbuf comment = STRBUF_INIT;
	char *was = xstrdup(getenv("LANGUAGE") != NULL ? getenv("LANGUAGE") :
	    "");
	int rc;

	setenv("LANGUAGE", lang, 1);
	++_nl_msg_cat_cntr;
	rc = export_write(ui->ed, o, path, err);
	setenv("LANGUAGE", was, 1);
	++_nl_msg_cat_cntr;
	free(was);
	if (rc == 0)
		rc = export_trusted_comment(ui->ed, kind, ui->me.id, o->draft,
		    &comment, err);
	if (rc == 0)
		rc = sign_file(key, path, strbuf_str(&comment), err);
	if (rc != 0)
		unlink(path);
	strbuf_free(&comment);
	return rc;
}

void
ui_export_dialog(struct ui *ui)
{
	/* The CSV results come one table per file: the decisions first
	 * (what a ministry files), the ranking last. */
	static const char *const kinds[] = { "results-csv-decisions",
	    "results-json", "minutes-html", "minutes-html",
	    "results-csv-ranking", "minutes-pdf", "minutes-pdf" };
	static const char *const suffixes[] = { "decisions.csv", "results.json",
	    "minutes-ar.html", "minutes-fr.html", "ranking.csv",
	    "minutes-ar.pdf", "minutes-fr.pdf" };
	const char *items[7] = { _("Decisions (CSV)"), _("Results (JSON)"),
	    _("Minutes in Arabic (HTML)"), _("Minutes in French (HTML)"),
	    _("Ranking (CSV)"), _("Minutes in Arabic (PDF)"),
	    _("Minutes in French (PDF)") };
	struct export_opts o = { .format = EXPORT_CSV, .lang = "fr" };
	struct mw_error err = { 0 };
	struct secret_key *key;
	struct line_edit path = { 0 };
	int choice, rc;

	if (strcmp(ui->me.role, "chair") != 0) {
		ui_say(ui, true, _("The chair exports and signs the results and "
		    "the minutes."));
		return;
	}
	if (strcmp(ui->info.phase, "deliberation") != 0 &&
	    strcmp(ui->info.phase, "locked") != 0) {
		ui_say(ui, true, _("The results and the minutes are written from "
		    "the deliberation on."));
		return;
	}
	choice = ui_choose(ui, _("Export, signed with your key:"), items, 7);
	if (choice < 0) {
		ui_say(ui, false, _("Cancelled."));
		return;
	}
	default_path(ui, suffixes[choice], &path);
	if (!ui_ask_line(ui, _("Write to:"), &path, false) || path.len == 0) {
		ui_say(ui, false, _("Cancelled."));
		return;
	}
	key = ui_unlock_own_key(ui, _("Passphrase of the chair's key:"));
	if (key == NULL)
		return;
	o.format = choice == 0 || choice == 4 ? EXPORT_CSV : choice == 1 ?
	    EXPORT_JSON : choice >= 5 ? EXPORT_PDF : EXPORT_HTML;
	o.table = choice == 0 ? "decisions" : "ranking";
	o.lang = choice == 2 || choice == 5 ? "ar" : choice == 3 ||
	    choice == 6 ? "fr" : ui_data_lang(ui);
	/* Before the lock, a draft that says so. */
	o.draft = strcmp(ui->info.phase, "locked") != 0;
	rc = write_signed(ui, &o, kinds[choice], choice == 2 || choice == 5 ?
	    "ar" : choice == 3 || choice == 6 ? "fr" : ui->lang, path.buf, key,
	    &err);
	key_free(key);
	if (rc != 0)
		ui_say(ui, true, "%s", err.msg);
	else if (o.draft)
		ui_say(ui, false, _("Wrote %s (a draft: the edition is not "
		    "locked) and its signature %s.minisig."), path.buf, path.buf);
	else
		ui_say(ui, false, _("Wrote %s and its signature %s.minisig."),
		    path.buf, path.buf);
}
