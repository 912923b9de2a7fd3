/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>

#include "cli/passphrase.h"
#include "util/i18n.h"

#define PASSPHRASE_MAX 1024

static char *
secret_copy(const char *s)
{
	size_t n = strlen(s);
	char *p = sodium_malloc(n + 1);

	if (p == NULL)
		fatal("out of memory");
	memcpy(p, s, n + 1);
	return p;
}

void
passphrase_free(char *p)
{
	if (p != NULL)
		sodium_free(p);
}

char *
passphrase_given(const struct cli *cli, struct mw_error *err)
{
	const char *env = getenv("MUDAWALA_PASSPHRASE");
	char *buf, *p;
	FILE *f;

	error_clear(err);
	if (cli->passphrase_file != NULL) {
		f = fopen(cli->passphrase_file, "r");
		if (f == NULL) {
			error_set(err, _("%s: cannot open (%s)"), cli->passphrase_file,
			    error_text(errno));
			return NULL;
		}
		buf = sodium_malloc(PASSPHRASE_MAX);
		if (buf == NULL)
			fatal("out of memory");
		if (fgets(buf, PASSPHRASE_MAX, f) == NULL)
			buf[0] = '\0';
		fclose(f);
		buf[strcspn(buf, "\r\n")] = '\0';
		return buf;
	}
	if (env != NULL) {
		p = secret_copy(env);
		return p;
	}
	return NULL;
}

static char *
ask(const char *prompt, struct mw_error *err)
{
	struct termios old, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	char *buf;
	bool restore = false;

	if (tty == NULL) {
		error_set(err, _("a passphrase is needed and there is no terminal "
		    "to ask it (use --passphrase-file or MUDAWALA_PASSPHRASE)"));
		return NULL;
	}
	fputs(prompt, tty);
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) == 0) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		restore = tcsetattr(fileno(tty), TCSAFLUSH, &quiet) == 0;
	}
	buf = sodium_malloc(PASSPHRASE_MAX);
	if (buf == NULL)
		fatal("out of memory");
	if (fgets(buf, PASSPHRASE_MAX, tty) == NULL)
		buf[0] = '\0';
	if (restore)
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf;
}

char *
passphrase_get(const struct cli *cli, const char *prompt, bool confirm,
    struct mw_error *err)
{
	char *p = passphrase_given(cli, err), *again;

	if (p != NULL || err->msg[0] != '\0')
		return p;
	p = ask(prompt, err);
	if (p == NULL || !confirm)
		return p;
	again = ask(_("The same passphrase again: "), err);
	if (again == NULL || strcmp(p, again) != 0) {
		passphrase_free(p);
		passphrase_free(again);
		if (err->msg[0] == '\0')
			error_set(err, _("the two passphrases differ; nothing was "
			    "written"));
		return NULL;
	}
	passphrase_free(again);
	return p;
}
