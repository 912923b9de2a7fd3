/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Score sheets from the terminal interface: a member writes theirs
 * beside the edition (signed with their key), the chair imports one. */
#include <config.h>

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/keys.h"
#include "core/sheet.h"
#include "ui/ui.h"
#include "util/i18n.h"

void
ui_sheet_export(struct ui *ui)
{
	struct mw_error err = { 0 };
	struct line_edit path = { 0 };
	struct secret_key *key;
	char *dir = xstrdup(ui->edition_path);
	char def[4096];
	int rc;

	snprintf(def, sizeof def, "%s/sheet-%s.json", dirname(dir), ui->me.id);
	free(dir);
	ui_edit_set(&path, def);
	if (!ui_ask_line(ui, _("Write my score sheet to:"), &path, false)) {
		ui_say(ui, false, _("Cancelled."));
		return;
	}
	key = ui_unlock_own_key(ui, _("Passphrase of your key:"));
	if (key == NULL)
		return;
	rc = sheet_export(ui->ed, ui->me.id, key, path.buf, &err);
	key_free(key);
	if (rc != 0)
		ui_say(ui, true, "%s", err.msg);
	else
		ui_say(ui, false, _("Wrote the score sheet to %s, signed and "
		    "sealed for the chair."), path.buf);
}

void
ui_sheet_import(struct ui *ui)
{
	struct mw_error err = { 0 };
	struct sheet_result res;
	struct secret_key *key;
	struct line_edit path = { 0 };
	int rc;

	if (strcmp(ui->me.role, "chair") != 0) {
		ui_say(ui, true, _("Only the chair imports score sheets."));
		return;
	}
	ui_edit_set(&path, "");
	if (!ui_ask_line(ui, _("Import the score sheet:"), &path, false) ||
	    path.len == 0) {
		ui_say(ui, false, _("Cancelled."));
		return;
	}
	/* The chair's key opens the sealed sheet. */
	key = ui_unlock_own_key(ui, _("Passphrase of your key:"));
	if (key == NULL)
		return;
	rc = sheet_import(ui->ed, ui->me.id, key, path.buf, &res, &err);
	key_free(key);
	if (rc != 0) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	ui_reload(ui);
	ui_say(ui, false, _("Imported sheet %lld of %s: %zu scores, %zu "
	    "submissions."), res.seq, res.juror, res.scores, res.submissions);
}
