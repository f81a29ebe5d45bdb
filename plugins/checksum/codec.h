// Base64 (RFC 4648, standard alphabet, `=` padding) and hex, both ways. Decoders skip
// whitespace, so wrapped text decodes, and say where the input first goes wrong. Pure
// functions over caller-provided buffers, tested natively by tests/run.sh.
#ifndef CHECKSUM_CODEC_H
#define CHECKSUM_CODEC_H

#include <stddef.h>
#include <stdint.h>

/** Why a decoder refused its input: a sentence naming the offset, for the client. */
typedef struct {
  char reason[120];
} ck_bad;

/** Output size of base64-encoding `n` bytes, without the NUL. */
static inline size_t ck_base64_len(size_t n) { return (n + 2) / 3 * 4; }

/** Encodes `n` bytes as base64 into `out` (ck_base64_len(n) + 1 chars, NUL-terminated);
 *  returns the length. */
size_t ck_base64_encode(const uint8_t *in, size_t n, char *out);

/** Decodes base64 text into `out` (room for n * 3 / 4 + 3 bytes). Returns the number of
 *  bytes, or -1 with `bad` saying why. */
long ck_base64_decode(const char *in, size_t n, uint8_t *out, ck_bad *bad);

/** Decodes hex text (either case) into `out` (room for n / 2 bytes). Returns the number of
 *  bytes, or -1 with `bad` saying why. */
long ck_hex_decode(const char *in, size_t n, uint8_t *out, ck_bad *bad);

#endif
