// The result of each operation, streamed: a digest is one line per algorithm, each its own
// chunk; encodings and decodings go out in CK_CHUNK pieces, so a client sees the result
// grow and the host never holds one oversized event. Decoded bytes travel as text when they
// are UTF-8 (cut between characters) and as raw bytes otherwise, because a text part must
// be UTF-8. The input's digests go into the "summary" data artifact whatever the operation.
#include "output.h"

#include <stdio.h>

#include "codec.h"
#include "digest.h"

/** The input's digests, as hex. */
typedef struct {
  char crc32[9], adler32[9], sha256[65];
} digests;

/** The result before it is sent: bytes, and whether they must go as raw bytes. */
typedef struct {
  char *bytes;
  size_t len, chunks;
  bool binary;
} result;

/** The progress message before each operation's own step, by ck_op. */
static const char *const STEP[] = {"Formatting the digests", "Encoding as base64",
                                   "Decoding base64", "Encoding as hex", "Decoding hex"};

static digests digest_all(const uint8_t *data, size_t len) {
  digests d;
  uint8_t sum[32];
  snprintf(d.crc32, sizeof d.crc32, "%08x", (unsigned)ck_crc32(data, len));
  snprintf(d.adler32, sizeof d.adler32, "%08x", (unsigned)ck_adler32(data, len));
  ck_sha256(data, len, sum);
  ck_to_hex(sum, 32, d.sha256);
  return d;
}

/** One chunk of the "result" artifact: text, or raw bytes when `binary`. */
static void chunk(const void *p, size_t n, bool binary, bool append, bool last) {
  sh_part part = binary ? sh_with_media_type(sh_raw(p, n), "application/octet-stream")
                        : sh_with_media_type(sh_text((sh_str){(uint8_t *)p, n}), "text/plain");
  sh_artifact("result", part, append, last);
}

/** Sends the result in pieces of at most CK_CHUNK bytes (one empty chunk when there is
 *  nothing), text cut between characters; counts them in `r->chunks`. */
static void send_chunked(result *r) {
  const uint8_t *p = (const uint8_t *)r->bytes;
  size_t at = 0;
  r->chunks = 0;
  do {
    size_t end = r->binary ? (r->len - at < CK_CHUNK ? r->len : at + CK_CHUNK)
                           : ck_utf8_cut(p, r->len, at, CK_CHUNK);
    chunk(p + at, end - at, r->binary, at > 0, end == r->len);
    r->chunks++;
    at = end;
  } while (at < r->len);
}

/** The three digest lines, one chunk each. */
static void send_digest_lines(result *r) {
  size_t at = 0;
  for (r->chunks = 0; r->chunks < 3; r->chunks++) {
    size_t end = at;
    while (r->bytes[end] != '\n') end++;
    chunk(r->bytes + at, end + 1 - at, false, r->chunks > 0, r->chunks == 2);
    at = end + 1;
  }
}

/** Computes the result of `op` into `r` (heap bytes); false with `bad` on bad input. */
static bool compute(ck_op op, const uint8_t *data, size_t len, const digests *d, result *r,
                    ck_bad *bad) {
  // Room for the largest output: base64 or hex of the input, or the three digest lines.
  size_t room = ck_base64_len(len) > 2 * len ? ck_base64_len(len) + 1 : 2 * len + 4;
  r->bytes = malloc(room < 160 ? 160 : room);
  r->binary = false;
  if (!r->bytes) {
    snprintf(bad->reason, sizeof bad->reason, "Out of memory for a %zu-byte input.", len);
    return false;
  }
  long n = 0;
  if (op == CK_DIGEST)
    n = snprintf(r->bytes, 160, "crc32 %s\nadler32 %s\nsha256 %s\n", d->crc32, d->adler32,
                 d->sha256);
  if (op == CK_BASE64) n = (long)ck_base64_encode(data, len, r->bytes);
  if (op == CK_HEX) ck_to_hex(data, len, r->bytes), n = (long)(2 * len);
  if (op == CK_UNBASE64) n = ck_base64_decode((const char *)data, len, (uint8_t *)r->bytes, bad);
  if (op == CK_UNHEX) n = ck_hex_decode((const char *)data, len, (uint8_t *)r->bytes, bad);
  if (n < 0) return false;
  r->len = (size_t)n;
  r->binary = !ck_utf8_valid((const uint8_t *)r->bytes, r->len);
  return true;
}

/** The "summary" artifact: one JSON data part. */
static void summary(ck_op op, size_t in, const result *r, const digests *d) {
  char json[400];
  int n = snprintf(json, sizeof json,
                   "{\"operation\":\"%s\",\"inputBytes\":%zu,\"outputBytes\":%zu,"
                   "\"chunks\":%zu,\"resultMediaType\":\"%s\",\"crc32\":\"%s\","
                   "\"adler32\":\"%s\",\"sha256\":\"%s\"}",
                   ck_op_name(op), in, r->len, r->chunks,
                   r->binary ? "application/octet-stream" : "text/plain", d->crc32,
                   d->adler32, d->sha256);
  sh_part part = sh_with_media_type(sh_data((sh_str){(uint8_t *)json, (size_t)n}), "application/json");
  sh_artifact("summary", part, false, true);
}

bool ck_apply(ck_op op, const uint8_t *data, size_t len, sh_outcome *ret, sh_error *err) {
  char text[160];
  snprintf(text, sizeof text, "Read %zu bytes for %s", len, ck_op_name(op));
  sh_progress(text);
  sh_progress("Computing CRC-32, Adler-32 and SHA-256");
  digests d = digest_all(data, len);
  sh_progress(STEP[op]);
  result r;
  ck_bad bad;
  if (!compute(op, data, len, &d, &r, &bad)) {
    free(r.bytes);
    return sh_fail(err, bad.reason);
  }
  snprintf(text, sizeof text, "Sending %zu bytes of result", r.len);
  sh_progress(text);
  if (op == CK_DIGEST) send_digest_lines(&r);
  else send_chunked(&r);
  free(r.bytes);
  summary(op, len, &r, &d);
  snprintf(text, sizeof text, "%s: %zu bytes in, %zu bytes out", ck_op_name(op), len, r.len);
  return sh_completed(ret, text);
}
