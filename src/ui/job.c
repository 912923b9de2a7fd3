/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui/job.h"
#include "util/i18n.h"

struct ui_job {
	pthread_t thread;
	bool threaded;
	struct edition *ed;
	ui_job_fn fn;
	void *arg;
	struct ui_rows rows;
	char *notes;
	struct mw_error err;
	int rc;
	atomic_bool done;
	atomic_bool stop;
	atomic_int permille;    /* db_progress_on(): how far, or -1 */
};

static void *
run(void *p)
{
	struct ui_job *j = p;

	j->rc = j->fn(j->ed, j->arg, &j->rows, &j->notes, &j->err);
	atomic_store(&j->done, true);
	return NULL;
}

struct ui_job *
ui_job_start(struct ui *ui, ui_job_fn fn, const void *arg, size_t argsize,
    size_t ncols, struct mw_error *err)
{
	struct ui_job *j = xcalloc(1, sizeof *j);

	/* A connection of its own: SQLite serializes one connection's
	 * statements, and the interface keeps reading and saving on its. */
	if (db_open(db_path(ui->ed), DB_READ, &j->ed, err) != 0) {
		free(j);
		return NULL;
	}
	db_stop_on(j->ed, &j->stop);
	db_progress_on(j->ed, &j->permille);
	j->fn = fn;
	j->arg = xmalloc(argsize ? argsize : 1);
	memcpy(j->arg, arg, argsize);
	j->rows.ncols = ncols;
	atomic_init(&j->done, false);
	atomic_init(&j->stop, false);
	ui->jobs++;
	j->threaded = pthread_create(&j->thread, NULL, run, j) == 0;
	if (!j->threaded)
		run(j);
	/* What ends within a moment (a small edition: all of it) is shown
	 * at once, as if computed here: keys typed ahead act on it. */
	for (int i = 0; i < UI_JOB_GRACE_MS && !atomic_load(&j->done); i++)
		nanosleep(&(struct timespec){ 0, 1000000 }, NULL);
	return j;
}

bool
ui_job_done(const struct ui_job *j)
{
	return atomic_load(&j->done);
}

int
ui_job_progress(struct ui_job *j)
{
	return j != NULL ? atomic_load(&j->permille) : -1;
}

static void
job_free(struct ui *ui, struct ui_job *j)
{
	if (j->threaded)
		pthread_join(j->thread, NULL);
	db_close(j->ed);
	ui_rows_clear(&j->rows);
	free(j->notes);
	free(j->arg);
	free(j);
	ui->jobs--;
}

int
ui_job_finish(struct ui *ui, struct ui_job *j, struct ui_rows *rows,
    char **notes, struct mw_error *err)
{
	int rc;

	if (j->threaded) {
		pthread_join(j->thread, NULL);
		j->threaded = false;
	}
	rc = j->rc;
	if (rc == 0) {
		ui_rows_clear(rows);
		*rows = j->rows;
		memset(&j->rows, 0, sizeof j->rows);
		*notes = j->notes;
		j->notes = NULL;
	} else
		*err = j->err;
	job_free(ui, j);
	return rc;
}

void
ui_job_cancel(struct ui *ui, struct ui_job *j)
{
	if (j == NULL)
		return;
	atomic_store(&j->stop, true);
	db_interrupt(j->ed);
	job_free(ui, j);
}

void
ui_job_draw(struct ui *ui, struct ui_job *j, int y, int cols)
{
	int permille = ui_job_progress(j);
	char line[512];

	if (permille >= 0)
		/* TRANSLATORS: %d is a percentage; %% is the percent sign. */
		snprintf(line, sizeof line, _("Computing\xE2\x80\xA6 %d %% done. "
		    "Esc stops; the other keys work meanwhile."), permille / 10);
	else
		snprintf(line, sizeof line, "%s", _("Computing\xE2\x80\xA6 Esc "
		    "stops; the other keys work meanwhile."));
	ui_text(y, 1, cols - 2, line, ui_attr(ui, UI_DIM), false);
}
