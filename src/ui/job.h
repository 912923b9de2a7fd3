/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A computation longer than a keystroke should wait for (a ranking by
 * zscore at 100,000 dossiers: 4 s), run in a thread of its own on a
 * connection of its own, so that the interface keeps answering keys; it
 * can be stopped at any moment.
 */
#ifndef MUDAWALA_UI_JOB_H
#define MUDAWALA_UI_JOB_H

#include <stdbool.h>

#include "core/db.h"
#include "ui/ui.h"

/* What runs: rows into out (ncols set by the caller), a note into
 * *notes (or NULL), on ed (read-only, the job's own). */
typedef int (*ui_job_fn)(struct edition *ed, const void *arg,
    struct ui_rows *out, char **notes, struct mw_error *err);

struct ui_job;

/* How long ui_job_start() waits for the job to end before it returns
 * (a person does not notice 50 ms; a small edition's job ends within). */
#define UI_JOB_GRACE_MS 50

/*
 * Start fn(ed, arg, ...) in a thread, with arg copied (argsize bytes; it
 * must hold no pointer to what the caller may free) and the rows'
 * ncols, and wait UI_JOB_GRACE_MS at most for it.  NULL (message in
 * *err) if the edition cannot be opened again; without a thread, fn runs
 * here and the job is already done.
 */
struct ui_job *ui_job_start(struct ui *ui, ui_job_fn fn, const void *arg,
    size_t argsize, size_t ncols, struct mw_error *err);

/* Whether the job has ended (its result can be taken without waiting). */
bool ui_job_done(const struct ui_job *j);

/* How far the job has got, in thousandths, where what it runs says so
 * (a ranking's read of the scores); -1 while unknown. */
int ui_job_progress(struct ui_job *j);

/* The line a screen shows while the job computes, at row y: that it
 * does, how far it has got when known, and that Esc stops it. */
void ui_job_draw(struct ui *ui, struct ui_job *j, int y, int cols);

/* Wait for the job, take its result (the rows move into *rows, the note
 * into *notes) and free it: 0, or -1 with the reason in *err. */
int ui_job_finish(struct ui *ui, struct ui_job *j, struct ui_rows *rows,
    char **notes, struct mw_error *err);

/* Stop the job at once, drop its result and free it (NULL is fine). */
void ui_job_cancel(struct ui *ui, struct ui_job *j);

#endif
