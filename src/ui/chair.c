/* The chair's dialogs shared by the ranking and the prizes: the phase. */
#include <config.h>

#include <string.h>

#include "ui/ui.h"
#include "util/i18n.h"

static const char *const phases[] = { "setup", "scoring", "deliberation" };

void
ui_phase_dialog(struct ui *ui)
{
	struct mw_error err = { 0 };
	struct line_edit reason;
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
		rc = get_wch(&ch);
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
