// Digests of a byte string: CRC-32 (IEEE 802.3, as zip and PNG use it), Adler-32 (as zlib
// uses it) and SHA-256 (FIPS 180-4). Pure functions over memory, no allocation, so they are
// tested natively (tests/run.sh) as well as in the component.
#ifndef CHECKSUM_DIGEST_H
#define CHECKSUM_DIGEST_H

#include <stddef.h>
#include <stdint.h>

/** CRC-32 of `n` bytes (reflected polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF). */
uint32_t ck_crc32(const uint8_t *p, size_t n);

/** Adler-32 of `n` bytes (modulus 65521). */
uint32_t ck_adler32(const uint8_t *p, size_t n);

/** SHA-256 of `n` bytes into `out`. */
void ck_sha256(const uint8_t *p, size_t n, uint8_t out[32]);

/** `n` bytes as lowercase hex into `out`, which must hold 2n + 1 chars; NUL-terminated. */
void ck_to_hex(const uint8_t *p, size_t n, char *out);

#endif
