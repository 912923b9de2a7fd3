/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every fuzz target shares: libFuzzer's entry point, and a scratch
 * directory (with a demo edition, for the targets that need one) made
 * once per process and removed at exit. */
#ifndef MUDAWALA_FUZZ_H
#define MUDAWALA_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scratch directory's path joined with name (a static buffer). */
const char *fuzz_path(const char *name);

/* Write data to the scratch file name; its path. */
const char *fuzz_file(const char *name, const uint8_t *data, size_t size);

/* The path of a demo edition in the scratch directory, written once
 * (its keys beside it, passphrase "demo"). */
const char *fuzz_demo(void);

#endif
