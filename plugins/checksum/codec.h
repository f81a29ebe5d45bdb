// Base64 (RFC 4648, standard alphabet, `=` padding) and hex, both ways. Decoders skip
// whitespace, so wrapped text decodes, and say where the input first goes wrong. Also the
// UTF-8 checks that decide whether decoded bytes can travel as text. Pure functions over
// caller-provided buffers, tested natively by tests/run.sh.
#ifndef CHECKSUM_CODEC_H
#define CHECKSUM_CODEC_H

#include <stdbool.h>
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

/** Whether `n` bytes are well-formed UTF-8 (RFC 3629: no overlong forms, surrogates or code
 *  points past U+10FFFF), which is what a text part (a WIT string) must be. */
bool ck_utf8_valid(const uint8_t *p, size_t n);

/** The end of a chunk of at most `max` bytes of the UTF-8 text `p` (`n` bytes) that starts
 *  at `at`, moved back so that no character is split. */
size_t ck_utf8_cut(const uint8_t *p, size_t n, size_t at, size_t max);

#endif
