/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The commission's keys as the audit log registers them: a snapshot of
 * every member ("id role voting public_key" lines, in id order) carried
 * by each audit row that changes them.  The verifier rebuilds the
 * registry from the chain alone, so that a key swapped in the juror table
 * does not verify. */
#ifndef MUDAWALA_REGISTRY_H
#define MUDAWALA_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct member_key {
	char id[65];
	char role[16];
	int voting;
	char line[64];          /* the public key line, "" if none */
	bool has_key;
	uint8_t key_id[8];
	uint8_t pk[32];
};

struct registry {
	struct member_key *m;
	size_t n;
};

/* Replace r's contents with the snapshot text; -1 (r emptied) if it is
 * malformed. */
int registry_parse(struct registry *r, const char *text);

/* The member of that id, or NULL. */
const struct member_key *registry_find(const struct registry *r,
    const char *id);

/* The chair, or NULL. */
const struct member_key *registry_chair(const struct registry *r);

void registry_free(struct registry *r);

#endif
