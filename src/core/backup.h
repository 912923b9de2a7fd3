/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A copy of the edition file made with SQLite's online backup API:
 * consistent even while others write, checked before it is kept. */
#ifndef MUDAWALA_BACKUP_H
#define MUDAWALA_BACKUP_H

#include "core/db.h"

/*
 * Copy ed to dest (which must not exist): into a temporary file in
 * dest's directory, checked (integrity_check, the application id),
 * synced, then linked into place.  Nothing is left behind on failure.
 */
int backup_write(struct edition *ed, const char *dest, struct mw_error *err);

#endif
