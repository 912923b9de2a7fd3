/* What a file is, from its contents (libmagic), for the messages that
 * refuse a file that is not what was expected. */
#ifndef MUDAWALA_FILEKIND_H
#define MUDAWALA_FILEKIND_H

#include <stddef.h>

/* A short description of path's contents ("ASCII text", "PDF document,
 * version 1.7"), or "" when it cannot be told, into out. */
void file_describe(const char *path, char *out, size_t size);

#endif
