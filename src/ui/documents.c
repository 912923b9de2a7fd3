/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A dossier's documents: opened in the system's viewer from a private
 * temporary copy, or read as text on a screen of their own (the pages of
 * a PDF, a plain-text file), or described when neither can be. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/attach.h"
#include "core/doctext.h"
#include "core/filekind.h"
#include "text/wrap.h"
#include "ui/ui.h"
#include "util/i18n.h"

/* The copies made for viewers, removed at the end. */
static char **copies;
static size_t ncopies;

void
ui_documents_cleanup(void)
{
	size_t i;

	for (i = 0; i < ncopies; i++) {
		attachment_unlink(copies[i]);
		free(copies[i]);
	}
	free(copies);
	copies = NULL;
	ncopies = 0;
}

/*
 * Run the viewer on path with the terminal given back: $MUDAWALA_OPEN
 * through the shell (it may hold options; it may be a terminal program,
 * so it keeps the terminal), else xdg-open (whose viewer outlives it: its
 * chatter is sent away from the screen).  The exit status, or -1.
 */
static int
run_viewer(const char *path, bool *no_viewer)
{
	const char *open_with = getenv("MUDAWALA_OPEN");
	bool own = open_with != NULL && *open_with != '\0';
	int status = -1;
	pid_t pid;

	struct sigaction ignore, before;

	/* Ctrl-C in a viewer that keeps the terminal is the viewer's, not
	 * an end of the session. */
	memset(&ignore, 0, sizeof ignore);
	ignore.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ignore, &before);
	ui_leave_screen();
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		if (own)
			execl("/bin/sh", "sh", "-c", "eval \"$MUDAWALA_OPEN\" '\"$1\"'",
			    "mudawala", path, (char *)NULL);
		else {
			int null = open("/dev/null", O_RDWR);

			if (null >= 0) {
				dup2(null, STDOUT_FILENO);
				dup2(null, STDERR_FILENO);
			}
			execlp("xdg-open", "xdg-open", path, (char *)NULL);
		}
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &before, NULL);
	ui_take_screen();
	*no_viewer = pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127;
	return pid > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* "PDF document, version 1.4 · 2 pages · 889 B": what a person is told
 * of a document nothing can show. */
static void
describe(struct ui *ui, const struct attachment *a, struct strbuf *sb)
{
	struct mw_error err = { 0 };
	char size[32], what[256] = "";
	void *data;
	size_t len;

	attachment_size_text(a->size, size, sizeof size);
	if (attachment_content(ui->ed, a->hash, &data, &len, &err) == 0) {
		file_describe_buffer(data, len, what, sizeof what);
		free(data);
	}
	strbuf_addf(sb, "%s \xC2\xB7 %s", *what ? what : a->type, size);
}

void
ui_open_document(struct ui *ui, const struct attachment *a)
{
	struct mw_error err = { 0 };
	char path[4200];
	bool no_viewer = false;
	int rc;

	if (attachment_extract(ui->ed, a, path, sizeof path, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		return;
	}
	copies = xrealloc(copies, (ncopies + 1) * sizeof *copies);
	copies[ncopies++] = xstrdup(path);
	rc = run_viewer(path, &no_viewer);
	if (no_viewer) {
		struct strbuf sb = STRBUF_INIT;

		describe(ui, a, &sb);
		ui_say(ui, true, _("No viewer for %s (%s): install xdg-utils or "
		    "set MUDAWALA_OPEN; t reads its text here."), a->name,
		    strbuf_str(&sb));
		strbuf_free(&sb);
	} else if (rc != 0)
		ui_say(ui, true, _("The viewer of %s ended with status %d."),
		    a->name, rc);
	else
		ui_say(ui, false, _("Opened %s in the viewer."), a->name);
}

/* The text screen: one document's pages, wrapped, scrolled. */
struct reading {
	struct attachment a;
	char **pages;
	size_t npages;
	char *about;            /* the description when there is no text */
	int scroll;
};

static int
keep_page(void *ctx, int page, const char *text)
{
	struct reading *r = ctx;

	(void)page;
	r->pages = xrealloc(r->pages, (r->npages + 1) * sizeof *r->pages);
	r->pages[r->npages++] = xstrdup(text);
	return 0;
}

static void
enter(struct ui *ui, void *priv, const void *arg)
{
	struct reading *r = priv;
	const struct attachment *a = arg;
	struct mw_error err = { 0 };
	struct strbuf sb = STRBUF_INIT;
	void *data;
	size_t len;
	int n = 0;

	r->a = *a;
	r->a.name = xstrdup(a->name);
	r->a.type = xstrdup(a->type);
	if (attachment_content(ui->ed, a->hash, &data, &len, &err) != 0) {
		ui_say(ui, true, "%s", err.msg);
		strbuf_addf(&sb, "%s", err.msg);
	} else {
		n = doctext_pages(data, len, a->type, keep_page, r);
		free(data);
		if (n < 0)
			strbuf_addf(&sb, _("The text of %s cannot be read: the "
			    "file is damaged or not in UTF-8."), a->name);
		else if (n == 0) {
			struct strbuf what = STRBUF_INIT;

			describe(ui, a, &what);
			strbuf_addf(&sb, _("This document has no text to show "
			    "here: %s. o opens it in the viewer."),
			    strbuf_str(&what));
			strbuf_free(&what);
		}
	}
	if (sb.len > 0)
		r->about = strbuf_detach(&sb);
	strbuf_free(&sb);
}

static void
leave(struct ui *ui, void *priv)
{
	struct reading *r = priv;
	size_t i;

	for (i = 0; i < r->npages; i++)
		free(r->pages[i]);
	free(r->pages);
	free(r->about);
	free(r->a.name);
	free(r->a.type);
}

/* Each line of text (or the description) as it is drawn in width. */
static void
lines(struct ui *ui, struct reading *r, int width, struct strbuf *all,
    size_t *n)
{
	struct strbuf head = STRBUF_INIT;
	size_t p;

	*n = 0;
	if (r->about != NULL) {
		struct wrapped w;
		size_t i;

		text_wrap(r->about, (size_t)width, &w);
		for (i = 0; i < w.n; i++, (*n)++)
			strbuf_add(all, w.lines[i], strlen(w.lines[i]) + 1);
		text_wrapped_free(&w);
		return;
	}
	for (p = 0; p < r->npages; p++) {
		const char *line = r->pages[p];

		strbuf_reset(&head);
		/* TRANSLATORS: a header above each page of a document. */
		strbuf_addf(&head, _("\xE2\x80\x94 page %zu of %zu \xE2\x80\x94"),
		    p + 1, r->npages);
		strbuf_add(all, strbuf_str(&head), head.len + 1);
		(*n)++;
		while (*line != '\0') {
			size_t len = strcspn(line, "\n"), i;
			char *one = xmalloc(len + 1);
			struct wrapped w;

			memcpy(one, line, len);
			one[len] = '\0';
			text_wrap(*one ? one : " ", (size_t)width, &w);
			for (i = 0; i < w.n; i++, (*n)++)
				strbuf_add(all, w.lines[i], strlen(w.lines[i]) + 1);
			text_wrapped_free(&w);
			free(one);
			line += len;
			if (*line == '\n')
				line++;
		}
	}
	strbuf_free(&head);
	(void)ui;
}

static void
draw(struct ui *ui, void *priv, int rows, int cols)
{
	struct reading *r = priv;
	struct strbuf all = STRBUF_INIT, title = STRBUF_INIT;
	const char *line;
	size_t n, i;

	strbuf_addf(&title, "%s", r->a.name);
	ui_text(1, 1, cols - 2, strbuf_str(&title), ui_attr(ui, UI_HEADER),
	    false);
	lines(ui, r, cols - 4, &all, &n);
	if (r->scroll > (int)n - (rows - 2))
		r->scroll = (int)n - (rows - 2) > 0 ? (int)n - (rows - 2) : 0;
	line = strbuf_str(&all);
	for (i = 0; i < n; i++, line += strlen(line) + 1)
		if ((int)i >= r->scroll && (int)i - r->scroll < rows - 2)
			ui_text(3 + (int)i - r->scroll, 2, cols - 4, line,
			    strncmp(line, "\xE2\x80\x94", 3) == 0 ?
			    ui_attr(ui, UI_DIM) : A_NORMAL, false);
	strbuf_free(&all);
	strbuf_free(&title);
}

static void
down(struct ui *ui, void *priv)
{
	((struct reading *)priv)->scroll++;
}

static void
up(struct ui *ui, void *priv)
{
	struct reading *r = priv;

	if (r->scroll > 0)
		r->scroll--;
}

static void
page_down(struct ui *ui, void *priv)
{
	((struct reading *)priv)->scroll += LINES - 5;
}

static void
page_up(struct ui *ui, void *priv)
{
	struct reading *r = priv;

	r->scroll = r->scroll > LINES - 5 ? r->scroll - (LINES - 5) : 0;
}

static void
open_it(struct ui *ui, void *priv)
{
	ui_open_document(ui, &((struct reading *)priv)->a);
}

static const struct action actions[] = {
	{ KEY_DOWN, 'j', "\xE2\x86\x93 j", N_("Scroll down"), NULL, down },
	{ KEY_UP, 'k', "\xE2\x86\x91 k", N_("Scroll up"), NULL, up },
	{ KEY_NPAGE, ' ', "PgDn", N_("Next page"), NULL, page_down },
	{ KEY_PPAGE, 0, "PgUp", N_("Previous page"), NULL, page_up },
	{ 'o', 0, "o", N_("Open the document in the system's viewer"),
	    N_("open"), open_it },
};

const struct screen screen_document = {
	.name = "document",
	.private_size = sizeof (struct reading),
	.enter = enter,
	.leave = leave,
	.draw = draw,
	.actions = actions,
	.nactions = sizeof actions / sizeof actions[0],
};
