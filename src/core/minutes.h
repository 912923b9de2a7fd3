/* The minutes of the deliberation (procès-verbal) as one self-contained
 * HTML page, printable on A4, in the language of the messages. */
#ifndef MUDAWALA_MINUTES_H
#define MUDAWALA_MINUTES_H

#include "core/db.h"
#include "core/export.h"

/* Write the minutes to out as they are composed; the ranking is in
 * temp.export_rank. */
int minutes_write(struct edition *ed, const struct export_opts *opts,
    struct sink *out, struct mw_error *err);

#endif
