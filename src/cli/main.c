/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mudawala: the command line.  Parses the global options, picks the
 * subcommand, and leaves the work to core. */
#include <config.h>

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sodium.h>

#include "cli/cli.h"
#include "cli/help.h"
#include "cli/output.h"
#include "text/clean.h"
#include "util/i18n.h"

static const struct command {
	const char *name;
	int (*run)(struct cli *, int, char **);
} commands[] = {
	{ "init", cmd_init },
	{ "demo", cmd_demo },
	{ "import", cmd_import },
	{ "list", cmd_list },
	{ "score", cmd_score },
	{ "submit", cmd_submit },
	{ "phase", cmd_phase },
	{ "ranking", cmd_ranking },
	{ "award", cmd_award },
	{ "tiebreak", cmd_tiebreak },
	{ "agenda", cmd_agenda },
	{ "progress", cmd_progress },
	{ "history", cmd_history },
	{ "config", cmd_config },
	{ "abstain", cmd_abstain },
	{ "recuse", cmd_recuse },
	{ "consensus", cmd_consensus },
	{ "lock", cmd_lock },
	{ "backup", cmd_backup },
	{ "export", cmd_export },
	{ "verify", cmd_verify },
	{ "verify-certificate", cmd_verify_certificate },
	{ "sheet", cmd_sheet },
	{ "keygen", cmd_keygen },
	{ "pubkey", cmd_pubkey },
	{ "pack", cmd_pack },
	{ "audit", cmd_audit },
};

void
cli_usage(FILE *f)
{
	/* TRANSLATORS: keep the command names and options as they are; they
	 * are typed literally.  Translate only the descriptions. */
	fputs(_("Usage:\n"
	    "  mudawala [--db FILE] [--juror ID] [--key SECRETKEY] [--lang ar|fr|en]\n"
	    "                [--bidi app|terminal] [--passphrase-file FILE]\n"
	    "  mudawala --demo\n"
	    "  mudawala --help | --version\n"
	    "  mudawala init [--db FILE] --preset emtiaz --edition NAME --year YYYY\n"
	    "                [--categories 2019|2005]\n"
	    "  mudawala demo [--db FILE] [--dossiers N --jurors M "
	    "--scores-per-dossier K\n"
	    "                [--tied]]\n"
	    "  mudawala import dossiers|jurors|conflicts|administrations [--db FILE]\n"
	    "                --juror ID CSV\n"
	    "                [--reason TEXT]\n"
	    "  mudawala import form [--db FILE] --juror ID CSV\n"
	    "  mudawala import folder [--db FILE] --juror ID DIR\n"
	    "  mudawala list categories|criteria|prizes|dossiers|jurors|form\n"
	    "                [--db FILE]\n"
	    "                [--format table|csv|json]\n"
	    "  mudawala score [--db FILE] --juror ID --dossier ID --criterion ID "
	    "VALUE\n"
	    "                [--comment TEXT]\n"
	    "  mudawala submit [--db FILE] --juror ID --dossier ID\n"
	    "  mudawala phase [--db FILE] --juror ID setup|scoring|deliberation\n"
	    "                [--reason TEXT]\n"
	    "  mudawala ranking [--db FILE] [--category ID] [--format table|csv|json]\n"
	    "                [--method mean|median|trimmed|zscore|schulze|copeland]\n"
	    "                [--compare-methods]\n"
	    "  mudawala award [--db FILE] --juror ID --category ID\n"
	    "                --prize excellence|encouragement|merit\n"
	    "                --dossier ID|--none --rationale TEXT\n"
	    "                [--override-quorum REASON]\n"
	    "  mudawala tiebreak [--db FILE] --juror ID --category ID --rationale TEXT\n"
	    "                DOSSIER DOSSIER...\n"
	    "  mudawala agenda [--db FILE] [--category ID] [--format table|csv|json]\n"
	    "  mudawala progress [--db FILE] --juror ID [--category ID]\n"
	    "  mudawala history [--db FILE] --juror ID --dossier ID\n"
	    "  mudawala config [--db FILE] [--juror ID KEY VALUE]\n"
	    "  mudawala abstain [--db FILE] --juror ID --dossier ID --reason TEXT\n"
	    "  mudawala consensus [--db FILE] --juror ID --dossier ID --reason TEXT\n"
	    "  mudawala recuse [--db FILE] --juror ID --member ID --dossier ID"
	    " --reason TEXT\n"
	    "  mudawala lock [--db FILE] --juror ID [--key SECRETKEY]\n"
	    "  mudawala backup [--db FILE] -o COPY\n"
	    "  mudawala export [--db FILE] --format csv|json|html|pdf|certificates\n"
	    "                -o OUT [--results RESULTS.json]\n"
	    "                [--sign --juror ID] [--draft] [--bom] [--place TEXT]\n"
	    "  mudawala verify FILE -p PUBKEY [-x SIGFILE]\n"
	    "  mudawala verify-certificate -p CHAIR.PUB --results RESULTS.json TEXT|-\n"
	    "  mudawala sheet export [--db FILE] --juror ID -o SHEET\n"
	    "  mudawala sheet import [--db FILE] --juror ID SHEET\n"
	    "  mudawala audit [--db FILE] [--verify [-p CHAIR.PUB]]"
	    " [--format table|csv|json]\n"
	    "  mudawala keygen -p PUBKEY -s SECRETKEY\n"
	    "  mudawala pubkey [--db FILE] --juror ID [-o PUBKEY]\n"
	    "  mudawala pack [--db FILE] --juror CHAIR --for ID -o PACK\n"
	    "\n"
	    "Common options:\n"
	    "  --db FILE       the edition file (default: $MUDAWALA_DB, then\n"
	    "                  $XDG_DATA_HOME/mudawala/edition.sqlite)\n"
	    "  --juror ID      who acts (default: $MUDAWALA_JUROR); their key is\n"
	    "                  unlocked with their passphrase for every act\n"
	    "  --key FILE      their secret key (default: beside the edition,\n"
	    "                  then $XDG_CONFIG_HOME/mudawala/keys/ID.key)\n"
	    "  --chair-key FILE  the chair's published key: a juror's pack must\n"
	    "                  be signed by it\n"
	    "  --lang LANG     language of messages: ar, fr or en\n"
	    "  --passphrase-file FILE  the passphrase (else $MUDAWALA_PASSPHRASE,\n"
	    "                  else asked on the terminal)\n"
	    "  --dialect plain|excel  CSV for scripts (the default: comma, point)\n"
	    "                  or for a spreadsheet (BOM, semicolon, CRLF, comma)\n"
	    "\n"
	    "Exit status: 0 success, 1 failure, 2 usage error.\n"
	    "See mudawala(1) and mudawala(5).\n"), f);
	cli_report_bugs(f);
}

void
cli_report_bugs(FILE *f)
{
	fputc('\n', f);
	fprintf(f, _("Report bugs to: %s\n"), PACKAGE_BUGREPORT);
	fprintf(f, _("%s home page: <%s>\n"), PACKAGE_NAME, PACKAGE_URL);
}

/* The GNU form: name and version, copyright (never translated, as the
 * GNU coding standards ask), the licence and the absence of warranty. */
void
cli_version(FILE *f)
{
	fprintf(f, "%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	fputs("Copyright (C) 2026 the mudawala authors.\n", f);
	fputs(_("License GPLv3+: GNU GPL version 3 or later "
	    "<https://gnu.org/licenses/gpl.html>.\n"
	    "This is free software: you are free to change and redistribute it.\n"
	    "There is NO WARRANTY, to the extent permitted by law.\n"), f);
}

int
cli_need(const char *value, const char *option, struct mw_error *err)
{
	if (value == NULL || *value == '\0')
		return error_usage(err, _("the option %s is required"), option);
	return 0;
}

int
cli_format_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	int *fmt = ctx;

	if (c != OPT_FORMAT)
		return -1;
	*fmt = output_format_parse(arg);
	if (*fmt < 0)
		return error_usage(err, _("--format: expected table, csv or json, "
		    "found '%s'"), arg);
	return 0;
}

int
cli_output_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	const char **out = ctx;

	(void)err;
	if (c != OPT_OUTPUT && c != 'o')
		return -1;
	*out = arg;
	return 0;
}

int
cli_reason_option(void *ctx, int c, const char *arg, struct mw_error *err)
{
	const char **reason = ctx;

	(void)err;
	if (c != OPT_REASON)
		return -1;
	*reason = arg;
	return 0;
}

const char *
cli_juror(const struct cli *cli)
{
	const char *j = cli_actor(cli);

	return strcmp(j, "-") == 0 ? NULL : j;
}

int
cli_fail(const struct mw_error *err)
{
	/* A message may quote data (a CSV value, a name): no control or bidi
	 * control from it reaches the terminal. */
	char *msg = text_for_terminal(err->msg);

	fprintf(stderr, "mudawala: %s\n", msg);
	free(msg);
	if (err->status == MW_USAGE) {
		fputs(_("Try 'mudawala --help' for more information.\n"), stderr);
		return 2;
	}
	return 1;
}

static int
set_language(const char *lang, struct mw_error *err)
{
	if (strcmp(lang, "ar") != 0 && strcmp(lang, "fr") != 0 &&
	    strcmp(lang, "en") != 0)
		return error_usage(err, _("--lang: expected ar, fr or en, found "
		    "'%s'"), lang);
	/* LANGUAGE outranks the locale for messages; "en" finds no catalogue
	 * and so shows the English originals. */
	setenv("LANGUAGE", lang, 1);
	return 0;
}

int
cli_common_option(struct cli *cli, int c, const char *arg,
    struct mw_error *err)
{
	switch (c) {
	case OPT_DB:
		cli->db = arg;
		return 1;
	case OPT_JUROR:
		cli->juror = arg;
		return 1;
	case OPT_LANG:
		if (set_language(arg, err) != 0)
			return -1;
		cli->lang = arg;
		return 1;
	case OPT_BIDI:
		if (strcmp(arg, "app") != 0 && strcmp(arg, "terminal") != 0) {
			error_usage(err, _("--bidi: expected app or terminal, found "
			    "'%s'"), arg);
			return -1;
		}
		cli->bidi = arg;
		return 1;
	case OPT_PASSPHRASE_FILE:
		cli->passphrase_file = arg;
		return 1;
	case OPT_KEY:
		cli->key = arg;
		return 1;
	case OPT_CHAIR_KEY:
		cli->chair_key = arg;
		return 1;
	case OPT_DIALECT:
		cli->dialect = csv_dialect_find(arg);
		if (cli->dialect == NULL) {
			error_usage(err, _("--dialect: expected plain or excel, "
			    "found '%s'"), arg);
			return -1;
		}
		output_set_dialect(cli->dialect);
		return 1;
	case OPT_HELP:
		cli_usage(stdout);
		exit(0);
	case '?':
		error_usage(err, _("unknown or incomplete option"));
		return -1;
	default:
		return 0;
	}
}

/* mkdir -p of the directories above path (0700: editions are private);
 * failures show up when the file is opened. */
static void
make_parent_dirs(const char *path)
{
	char buf[4096];
	char *p;

	snprintf(buf, sizeof buf, "%s", path);
	for (p = buf + 1; *p != '\0'; p++)
		if (*p == '/') {
			*p = '\0';
			(void)mkdir(buf, 0700);
			*p = '/';
		}
}

const char *
cli_db(struct cli *cli)
{
	const char *env = getenv("MUDAWALA_DB"), *xdg, *home;
	int n;

	if (cli->db != NULL)
		return cli->db;
	if (env != NULL && *env != '\0')
		return env;
	xdg = getenv("XDG_DATA_HOME");
	home = getenv("HOME");
	if (xdg != NULL && *xdg != '\0')
		n = snprintf(cli->db_default, sizeof cli->db_default,
		    "%s/mudawala/edition.sqlite", xdg);
	else
		n = snprintf(cli->db_default, sizeof cli->db_default,
		    "%s/.local/share/mudawala/edition.sqlite",
		    home != NULL ? home : ".");
	if (n < 0 || (size_t)n >= sizeof cli->db_default)
		return "edition.sqlite";
	return cli->db_default;
}

const char *
cli_db_new(struct cli *cli)
{
	const char *path = cli_db(cli);

	/* Only what creates an edition makes the folders of the default
	 * path: reading creates nothing. */
	if (path == cli->db_default)
		make_parent_dirs(path);
	return path;
}

const char *
cli_actor(const struct cli *cli)
{
	const char *env = getenv("MUDAWALA_JUROR");

	if (cli->juror != NULL)
		return cli->juror;
	return env != NULL && *env != '\0' ? env : "-";
}

const char *
cli_data_lang(const struct cli *cli)
{
	return cli->lang != NULL && strcmp(cli->lang, "ar") == 0 ? "ar" : "fr";
}

/*
 * The locale: the user's, in UTF-8 (Arabic and French need it; outside
 * one, as over ssh or in a container with LANG unset, C.UTF-8 when the
 * system has it, else a plain word on what to do).  Numbers are read and
 * written the C way whatever the locale: machine formats (CSV, JSON,
 * sheets, command-line values) never change with it.
 */
static void
utf8_locale(void)
{
	const char *set = setlocale(LC_ALL, "");

	if (set == NULL || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		if (setlocale(LC_ALL, "C.UTF-8") == NULL &&
		    setlocale(LC_ALL, "C.utf8") == NULL)
			fputs(_("mudawala: the locale is not UTF-8, so Arabic and "
			    "accented letters cannot be shown; set one, for "
			    "instance: export LANG=C.UTF-8\n"), stderr);
	}
	setlocale(LC_NUMERIC, "C");
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		CLI_COMMON_OPTIONS,
		{ "version", no_argument, NULL, 'V' },
		{ "demo", no_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli cli = { 0 };
	struct mw_error err = { 0 };
	bool demo = false;
	const char *localedir = getenv("MUDAWALA_LOCALEDIR");
	size_t i;
	int c;

	utf8_locale();
	if (sodium_init() < 0) {
		fputs("mudawala: libsodium cannot start\n", stderr);
		return 1;
	}
	bindtextdomain(PACKAGE, localedir != NULL && *localedir != '\0' ?
	    localedir : LOCALEDIR);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);

	/* Global options stop at the subcommand ("+"). */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
		if (c == 'V') {
			cli_version(stdout);
			return 0;
		}
		if (c == 'D') {
			demo = true;
			continue;
		}
		if (cli_common_option(&cli, c, optarg, &err) <= 0) {
			if (c != '?' && err.msg[0] == '\0')
				error_usage(&err, _("unknown or incomplete option"));
			return cli_fail(&err);
		}
	}
	if (optind >= argc || demo)
		return cli_run_tui(&cli, demo);
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[optind], commands[i].name) == 0) {
			int sub_argc = argc - optind;
			char **sub_argv = argv + optind;

			optind = 0;     /* getopt: start afresh on the new argv */
			return commands[i].run(&cli, sub_argc, sub_argv);
		}
	error_usage(&err, _("unknown command '%s'"), argv[optind]);
	return cli_fail(&err);
}

int
cli_parse(struct cli *cli, int argc, char **argv, const struct option *opts,
    cli_option_fn own, void *ctx, struct mw_error *err)
{
	return cli_parse_short(cli, argc, argv, "", opts, own, ctx, err);
}

int
cli_parse_short(struct cli *cli, int argc, char **argv, const char *shortopts,
    const struct option *opts, cli_option_fn own, void *ctx,
    struct mw_error *err)
{
	int c, r;

	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		if (c == OPT_HELP) {
			/* This command's usage, from the table just parsed. */
			exit(cli_command_help(stdout, argv[0], opts,
			    shortopts) == 0 ? 0 : 1);
		}
		if (c == '?') {
			if (optopt != 0 && optopt < OPT_DB)
				return error_usage(err, _("%s: unknown option '-%c'"),
				    argv[0], optopt);
			return error_usage(err, _("%s: unknown option or missing "
			    "value in '%s'"), argv[0], argv[optind - 1]);
		}
		r = cli_common_option(cli, c, optarg, err);
		if (r < 0)
			return -1;
		if (r == 0 && (own == NULL || own(ctx, c, optarg, err) != 0)) {
			if (err->msg[0] == '\0')
				error_usage(err, _("%s: unexpected option"), argv[0]);
			return -1;
		}
	}
	return optind;
}

int
cli_want_args(int argc, char **argv, int first, int n, const char *what,
    struct mw_error *err)
{
	if (argc - first < n)
		return error_usage(err, _("missing argument: %s"), what);
	if (argc - first > n)
		return error_usage(err, _("unexpected argument '%s'"),
		    argv[first + n]);
	return 0;
}
