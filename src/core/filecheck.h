/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The edition file's own soundness -- SQLite's integrity_check and the
 * references the digests do not cover -- checked in a thread on a
 * connection of its own, while the caller verifies the contents. */
#ifndef MUDAWALA_FILECHECK_H
#define MUDAWALA_FILECHECK_H

#include "core/db.h"

struct file_check;

/* Start the check (never fails: without a thread or a second connection,
 * file_check_finish() runs it on ed). */
struct file_check *file_check_start(struct edition *ed);

/* Wait for it and free c: 0 if the file is sound, else -1 naming the
 * first problem, with the advice to restore a backup. */
int file_check_finish(struct edition *ed, struct file_check *c,
    struct mw_error *err);

#endif
