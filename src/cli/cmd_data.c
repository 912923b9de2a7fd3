/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Subcommands that create editions and move data in and out: init, demo,
 * import, list. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/identity.h"
#include "core/attach.h"
#include "core/demo.h"
#include "core/folder.h"
#include "core/formfile.h"
#include "core/import.h"
#include "core/listing.h"
#include "core/preset.h"
#include "cli/output.h"
#include "util/i18n.h"

static int
parse_count(const char *opt, const char *arg, size_t *out,
    struct mw_error *err)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*arg == '\0' || *arg == '-' || *end != '\0' || errno != 0 ||
	    v > 100000000ULL)
		return error_usage(err, _("%s: expected a whole number, found "
		    "'%s'"), opt, arg);
	*out = (size_t)v;
	return 0;
}

static int
init_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	struct init_options *o = ctx;
	char *end;
	long y;

	switch (c) {
	case OPT_PRESET:
		o->preset = arg;
		return 0;
	case OPT_EDITION:
		o->name = arg;
		return 0;
	case OPT_CATEGORIES:
		o->category_set = arg;
		return 0;
	case OPT_YEAR:
		errno = 0;
		y = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || errno != 0 || y < 1900 ||
		    y > 9999)
			return error_usage(err, _("--year: expected a year such as "
			    "2019, found '%s'"), arg);
		o->year = (int)y;
		return 0;
	}
	return -1;
}

int
cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "preset", required_argument, NULL, OPT_PRESET },
		{ "edition", required_argument, NULL, OPT_EDITION },
		{ "year", required_argument, NULL, OPT_YEAR },
		{ "categories", required_argument, NULL, OPT_CATEGORIES },
		{ NULL, 0, NULL, 0 },
	};
	struct init_options o = { .preset = NULL };
	struct mw_error err = { 0 };
	int first = cli_parse(cli, argc, argv, opts, init_option, &o, &err);

	if (first < 0 || cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	if (o.preset == NULL) {
		error_usage(&err, _("init: a preset is required (--preset "
		    "emtiaz)"));
		return cli_fail(&err);
	}
	if (o.year == 0) {
		error_usage(&err, _("init: the year is required (--year YYYY)"));
		return cli_fail(&err);
	}
	o.actor = cli_actor(cli);
	if (edition_init(cli_db_new(cli), &o, &err) != 0)
		return cli_fail(&err);
	printf(_("Created the edition %s in %s.\n"), o.name, cli_db(cli));
	return 0;
}

static int
demo_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	struct synthetic_size *s = ctx;

	switch (c) {
	case OPT_DOSSIERS:
		return parse_count("--dossiers", arg, &s->dossiers, err);
	case OPT_JURORS:
		return parse_count("--jurors", arg, &s->jurors, err);
	case OPT_SCORES:
		return parse_count("--scores-per-dossier", arg,
		    &s->scores_per_dossier, err);
	case OPT_TIED:
		s->tied = true;
		return 0;
	}
	return -1;
}

int
cmd_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "dossiers", required_argument, NULL, OPT_DOSSIERS },
		{ "jurors", required_argument, NULL, OPT_JURORS },
		{ "scores-per-dossier", required_argument, NULL, OPT_SCORES },
		{ "tied", no_argument, NULL, OPT_TIED },
		{ NULL, 0, NULL, 0 },
	};
	struct synthetic_size size = { (size_t)-1, (size_t)-1, (size_t)-1,
		false };
	struct mw_error err = { 0 };
	int first = cli_parse(cli, argc, argv, opts, demo_option, &size, &err);
	bool synthetic;

	if (first < 0 || cli_want_args(argc, argv, first, 0, "", &err) != 0)
		return cli_fail(&err);
	synthetic = size.dossiers != (size_t)-1 || size.jurors != (size_t)-1 ||
	    size.scores_per_dossier != (size_t)-1;
	if (synthetic) {
		if (size.dossiers == (size_t)-1 || size.jurors == (size_t)-1) {
			error_usage(&err, _("demo: a synthetic edition needs both "
			    "--dossiers N and --jurors M"));
			return cli_fail(&err);
		}
		if (size.scores_per_dossier == (size_t)-1)
			size.scores_per_dossier = size.jurors < 3 ? size.jurors : 3;
		if (demo_write_synthetic(cli_db_new(cli), &size, &err) != 0)
			return cli_fail(&err);
	} else if (demo_write(cli_db_new(cli), &err) != 0)
		return cli_fail(&err);
	printf(_("Wrote the demo edition to %s.\n"), cli_db(cli));
	return 0;
}

/* A bar on the terminal, redrawn in place; nothing when stderr is a file
 * or a pipe (scripts read the final line only). */
static void
folder_progress(void *ctx, size_t done, size_t total)
{
	const int width = 30;
	int filled = total > 0 ? (int)(done * (size_t)width / total) : width;

	(void)ctx;
	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r[%.*s%*s] ", filled,
	    "##############################", width - filled, "");
	fprintf(stderr, ngettext("%zu of %zu candidacy folder",
	    "%zu of %zu candidacy folders", total), done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static int
import_folder_command(struct cli *cli, const char *dir, const char *reason)
{
	struct mw_error err = { 0 };
	struct folder_result res;
	struct edition *ed;
	char size[32];

	if (cli_open_as(cli, DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (import_folder(ed, dir, cli_actor(cli), reason, folder_progress,
	    NULL, &res, &err) != 0) {
		db_close(ed);
		if (isatty(STDERR_FILENO))
			fputc('\n', stderr);
		return cli_fail(&err);
	}
	db_close(ed);
	attachment_size_text(res.bytes, size, sizeof size);
	if (res.added == 0 && res.updated == 0)
		printf(ngettext("%s: %zu candidacy folder read, already in the "
		    "edition; nothing changed.\n", "%s: %zu candidacy folders "
		    "read, all already in the edition; nothing changed.\n",
		    res.folders), dir, res.folders);
	else
		/* TRANSLATORS: folders read, then "%zu added, %zu updated",
		 * then documents and their size. */
		printf(ngettext("%s: %zu candidacy folder read: %zu added, %zu "
		    "updated; %zu documents (%s).\n", "%s: %zu candidacy folders "
		    "read: %zu added, %zu updated; %zu documents (%s).\n",
		    res.folders), dir, res.folders, res.added, res.updated,
		    res.documents, size);
	return 0;
}

static int
import_form_command(struct cli *cli, const char *path)
{
	struct mw_error err = { 0 };
	struct form_import_result res;
	struct edition *ed;

	if (cli_open_as(cli, DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (form_import(ed, path, cli_actor(cli), &res, &err) != 0) {
		db_close(ed);
		return cli_fail(&err);
	}
	db_close(ed);
	if (res.changed == 0)
		printf(ngettext("%s: %zu field read, the form as it was; nothing "
		    "changed.\n", "%s: %zu fields read, the form as it was; "
		    "nothing changed.\n", res.fields), path, res.fields);
	else
		printf(ngettext("%s: %zu field read; the application form "
		    "changed (%zu added, changed, moved or removed).\n",
		    "%s: %zu fields read; the application form changed (%zu "
		    "added, changed, moved or removed).\n", res.fields), path,
		    res.fields, res.changed);
	return 0;
}

int
cmd_import(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "reason", required_argument, NULL, OPT_REASON },
		{ NULL, 0, NULL, 0 },
	};
	struct mw_error err = { 0 };
	struct import_result res;
	struct edition *ed;
	const char *reason = NULL;
	int first = cli_parse(cli, argc, argv, opts, cli_reason_option, &reason,
	    &err);
	int kind;

	if (first < 0 || cli_want_args(argc, argv, first, 2,
	    "dossiers|jurors|conflicts|administrations|form CSV | folder DIR",
	    &err) != 0)
		return cli_fail(&err);
	if (strcmp(argv[first], "folder") == 0)
		return import_folder_command(cli, argv[first + 1], reason);
	if (strcmp(argv[first], "form") == 0)
		return import_form_command(cli, argv[first + 1]);
	kind = import_kind_parse(argv[first]);
	if (kind < 0) {
		error_usage(&err, _("import: expected dossiers, jurors, "
		    "conflicts, administrations, form or folder, found '%s'"),
		    argv[first]);
		return cli_fail(&err);
	}
	if (cli_open_as(cli, DB_WRITE, &ed, &err) != 0)
		return cli_fail(&err);
	if (import_csv(ed, (enum import_kind)kind, argv[first + 1],
	    cli_actor(cli), reason, &res, &err) != 0) {
		db_close(ed);
		return cli_fail(&err);
	}
	db_close(ed);
	if (res.added == 0 && res.updated == 0)
		printf(ngettext("%s: %zu row read, already in the edition; "
		    "nothing changed.\n", "%s: %zu rows read, all already in the "
		    "edition; nothing changed.\n", res.rows), argv[first + 1],
		    res.rows);
	else
		/* TRANSLATORS: %zu rows read, then "%zu added, %zu updated". */
		printf(ngettext("%s: %zu row read: %zu added, %zu updated.\n",
		    "%s: %zu rows read: %zu added, %zu updated.\n", res.rows),
		    argv[first + 1], res.rows, res.added, res.updated);
	return 0;
}

int
cmd_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	struct mw_error err = { 0 };
	struct edition *ed;
	struct output *out;
	int fmt = OUT_TABLE, kind, ret;
	int first = cli_parse(cli, argc, argv, opts, cli_format_option, &fmt,
	    &err);

	if (first < 0 || cli_want_args(argc, argv, first, 1,
	    "categories|criteria|prizes|dossiers|jurors|form", &err) != 0)
		return cli_fail(&err);
	kind = listing_kind_parse(argv[first]);
	if (kind < 0) {
		error_usage(&err, _("list: expected categories, criteria, prizes, "
		    "dossiers, jurors or form, found '%s'"), argv[first]);
		return cli_fail(&err);
	}
	if (db_open(cli_db(cli), DB_READ, &ed, &err) != 0)
		return cli_fail(&err);
	out = output_new(stdout, (enum out_format)fmt,
	    listing_columns((enum listing_kind)kind));
	ret = listing_run(ed, (enum listing_kind)kind, output_row, out, &err);
	if (output_end(out, ret == 0 ? &err : NULL) != 0)
		ret = -1;
	db_close(ed);
	return ret == 0 ? 0 : cli_fail(&err);
}
