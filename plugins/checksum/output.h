// Doing the operation and streaming its result: progress, the "result" artifact in chunks,
// and the "summary" data artifact.
#ifndef CHECKSUM_OUTPUT_H
#define CHECKSUM_OUTPUT_H

#include "request.h"
#include "skillhost.h"

/** Chunk size of encoded and decoded results: 4096 characters or bytes. */
#define CK_CHUNK 4096

/** Applies `op` to the data and emits the artifacts; fills `ret` (true) or `err` (false). */
bool ck_apply(ck_op op, const uint8_t *data, size_t len, sh_outcome *ret, sh_error *err);

#endif
