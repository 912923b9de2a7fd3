/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mudawala X --help: X's own usage, from the parser's option table. */
#ifndef MUDAWALA_HELP_H
#define MUDAWALA_HELP_H

#include <getopt.h>
#include <stdio.h>

/*
 * Print the usage of command (argv[0] of a subcommand): its synopsis and
 * what it does, then each option of opts -- the table getopt parses --
 * with its meaning (short options from shortopts), then the common ones.
 * -1 if command is unknown or an option has no description: mudawala
 * X --help then fails, and tests/cli/usage.sh asks it of every X.
 */
int cli_command_help(FILE *f, const char *command, const struct option *opts,
    const char *shortopts);

#endif
