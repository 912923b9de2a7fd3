/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the subcommands share: the global options and a few helpers. */
#ifndef MUDAWALA_CLI_H
#define MUDAWALA_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/csvfile.h"
#include "util/error.h"

struct cli {
	const char *db;                 /* --db, else MUDAWALA_DB, else XDG */
	const char *juror;              /* --juror, else MUDAWALA_JUROR */
	const char *lang;               /* --lang ar|fr|en, if given */
	const char *bidi;               /* --bidi app|terminal */
	const char *passphrase_file;
	const char *key;                /* --key: the member's secret key */
	const char *chair_key;          /* --chair-key: the published key */
	const struct csv_dialect *dialect; /* --dialect plain|excel: CSV */
	char db_default[4096];
};

/* Long options every subcommand accepts besides its own. */
enum {
	OPT_DB = 1000, OPT_JUROR, OPT_LANG, OPT_BIDI, OPT_PASSPHRASE_FILE,
	OPT_FORMAT, OPT_CATEGORY, OPT_METHOD, OPT_PRESET, OPT_EDITION,
	OPT_YEAR, OPT_CATEGORIES, OPT_DOSSIERS, OPT_JURORS, OPT_SCORES,
	OPT_DOSSIER, OPT_CRITERION, OPT_COMMENT, OPT_VERIFY, OPT_HELP,
	OPT_PRIZE, OPT_RATIONALE, OPT_NONE, OPT_KEY, OPT_COMPARE,
	OPT_OVERRIDE_QUORUM, OPT_REASON, OPT_OUTPUT, OPT_MEMBER, OPT_SIGN,
	OPT_DRAFT, OPT_BOM, OPT_PLACE, OPT_FOR, OPT_CHAIR_KEY, OPT_TIED,
	OPT_DIALECT, OPT_RESULTS, OPT_TABLE, OPT_ABSENT,
};

#define CLI_COMMON_OPTIONS \
	{ "db", required_argument, NULL, OPT_DB }, \
	{ "juror", required_argument, NULL, OPT_JUROR }, \
	{ "lang", required_argument, NULL, OPT_LANG }, \
	{ "bidi", required_argument, NULL, OPT_BIDI }, \
	{ "passphrase-file", required_argument, NULL, OPT_PASSPHRASE_FILE }, \
	{ "key", required_argument, NULL, OPT_KEY }, \
	{ "chair-key", required_argument, NULL, OPT_CHAIR_KEY }, \
	{ "dialect", required_argument, NULL, OPT_DIALECT }, \
	{ "help", no_argument, NULL, OPT_HELP }

/*
 * Handle a common option c (with optarg); returns 1 if it was one, 0 if
 * not, -1 on a bad value (message in *err).
 */
int cli_common_option(struct cli *cli, int c, const char *arg,
    struct mw_error *err);

/* The edition file to use: --db, MUDAWALA_DB, then
 * $XDG_DATA_HOME/mudawala/edition.sqlite. */
const char *cli_db(struct cli *cli);

/* The same, for a command that creates the edition (init, demo): the
 * folders of the default path are made. */
const char *cli_db_new(struct cli *cli);

/* Who acts, for the audit log: --juror or MUDAWALA_JUROR, else "-". */
const char *cli_actor(const struct cli *cli);

/* The language of titles in machine output: "ar" only if asked. */
const char *cli_data_lang(const struct cli *cli);

/* Report err as "mudawala: MSG" on stderr; returns the exit status
 * (2 for usage errors, with a hint, 1 otherwise). */
int cli_fail(const struct mw_error *err);

/* Print the usage of the whole program. */
void cli_usage(FILE *f);

/* Where to report bugs, and the home page (from AC_INIT). */
void cli_report_bugs(FILE *f);

/* --version: the GNU form, with the copyright and the licence. */
void cli_version(FILE *f);

/* The terminal interface on the edition (or a fresh demo edition). */
int cli_run_tui(struct cli *cli, bool demo);

/* Each subcommand: argv[0] is its name; returns the exit status. */
int cmd_init(struct cli *cli, int argc, char **argv);
int cmd_demo(struct cli *cli, int argc, char **argv);
int cmd_import(struct cli *cli, int argc, char **argv);
int cmd_list(struct cli *cli, int argc, char **argv);
int cmd_score(struct cli *cli, int argc, char **argv);
int cmd_submit(struct cli *cli, int argc, char **argv);
int cmd_phase(struct cli *cli, int argc, char **argv);
int cmd_ranking(struct cli *cli, int argc, char **argv);
int cmd_audit(struct cli *cli, int argc, char **argv);
int cmd_award(struct cli *cli, int argc, char **argv);
int cmd_keygen(struct cli *cli, int argc, char **argv);
int cmd_pubkey(struct cli *cli, int argc, char **argv);
int cmd_pack(struct cli *cli, int argc, char **argv);
int cmd_agenda(struct cli *cli, int argc, char **argv);
int cmd_progress(struct cli *cli, int argc, char **argv);
int cmd_history(struct cli *cli, int argc, char **argv);
int cmd_config(struct cli *cli, int argc, char **argv);
int cmd_tiebreak(struct cli *cli, int argc, char **argv);
int cmd_lock(struct cli *cli, int argc, char **argv);
int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_export(struct cli *cli, int argc, char **argv);
int cmd_verify(struct cli *cli, int argc, char **argv);
int cmd_verify_certificate(struct cli *cli, int argc, char **argv);
int cmd_sheet(struct cli *cli, int argc, char **argv);
int cmd_abstain(struct cli *cli, int argc, char **argv);
int cmd_consensus(struct cli *cli, int argc, char **argv);
int cmd_recuse(struct cli *cli, int argc, char **argv);

/* The juror named by --juror or MUDAWALA_JUROR; NULL if none. */
const char *cli_juror(const struct cli *cli);
/* --format table|csv|json into the int at ctx (a cli_option_fn; -1 for
 * any other option). */
int cli_format_option(void *ctx, int c, const char *arg, struct mw_error *err);

/* -o FILE / --output FILE into the const char * at ctx (a cli_option_fn). */
int cli_output_option(void *ctx, int c, const char *arg, struct mw_error *err);

/* --reason TEXT into the const char * at ctx (a cli_option_fn). */
int cli_reason_option(void *ctx, int c, const char *arg, struct mw_error *err);

/* A required option: a usage error naming it if value is missing. */
int cli_need(const char *value, const char *option, struct mw_error *err);

/* A subcommand's own options: return 0 if handled, -1 on error. */
typedef int (*cli_option_fn)(void *ctx, int c, const char *arg,
    struct mw_error *err);

/*
 * Parse argv (argv[0] the subcommand) with the common options and opts;
 * own handles the rest.  On success returns the index of the first
 * positional argument (options and positionals may be mixed); -1 on error.
 */
int cli_parse(struct cli *cli, int argc, char **argv,
    const struct option *opts, cli_option_fn own, void *ctx,
    struct mw_error *err);

/* cli_parse() with short options too (getopt's optstring). */
int cli_parse_short(struct cli *cli, int argc, char **argv,
    const char *shortopts, const struct option *opts, cli_option_fn own,
    void *ctx, struct mw_error *err);

/* Positional argument count check: exactly n after index first. */
int cli_want_args(int argc, char **argv, int first, int n, const char *what,
    struct mw_error *err);

#endif
