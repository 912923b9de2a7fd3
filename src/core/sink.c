/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A file written as it is composed, whole or not at all: a temporary
 * file beside the target, synced and renamed once complete.  Exports,
 * sheets and drafts write through it.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sink.h"
#include "util/i18n.h"

int
sink_open(struct sink *s, const char *path, mode_t mode,
    struct mw_error *err)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd;

	memset(s, 0, sizeof *s);
	strbuf_addf(&tmp, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd >= 0 && (fchmod(fd, mode) != 0 ||
	    (s->f = fdopen(fd, "wb")) == NULL)) {
		int e = errno;

		close(fd);
		unlink(tmp.buf);
		errno = e;
		fd = -1;
	}
	if (fd < 0) {
		error_set(err, _("%s: cannot write (%s)"), path, error_text(errno));
		strbuf_free(&tmp);
		return -1;
	}
	s->tmp = strbuf_detach(&tmp);
	s->path = xstrdup(path);
	return 0;
}

static void
sink_write(struct sink *s)
{
	if (s->buf.len > 0 && s->error == 0 &&
	    fwrite(s->buf.buf, 1, s->buf.len, s->f) != s->buf.len)
		s->error = errno != 0 ? errno : EIO;
	strbuf_reset(&s->buf);
}

void
sink_flush(struct sink *s)
{
	if (s->f != NULL && s->buf.len >= 65536)
		sink_write(s);
}

void
sink_memory(struct sink *s)
{
	memset(s, 0, sizeof *s);
}

int
sink_close(struct sink *s, bool keep, struct mw_error *err)
{
	int ret = 0;

	if (keep) {
		sink_write(s);
		if (s->error == 0 && (fflush(s->f) != 0 ||
		    fsync(fileno(s->f)) != 0))
			s->error = errno;
	}
	if (fclose(s->f) != 0 && keep && s->error == 0)
		s->error = errno;
	if (keep && s->error == 0 && rename(s->tmp, s->path) != 0)
		s->error = errno;
	if (!keep || s->error != 0) {
		unlink(s->tmp);
		if (keep)
			ret = error_set(err, _("%s: cannot write (%s)"), s->path,
			    error_text(s->error));
	}
	strbuf_free(&s->buf);
	free(s->tmp);
	free(s->path);
	return ret;
}

int
sink_replace_file(const char *path, const char *data, size_t len,
    mode_t mode, struct mw_error *err)
{
	struct sink s;

	if (sink_open(&s, path, mode, err) != 0)
		return -1;
	if (len > 0 && fwrite(data, 1, len, s.f) != len)
		s.error = errno != 0 ? errno : EIO;
	return sink_close(&s, true, err);
}
