// The result of each operation, streamed: a digest is one line per algorithm, each its own
// chunk; encodings and decodings go out in CK_CHUNK pieces, so a client sees the result
// grow and the host never holds one oversized event. Decoded bytes are binary, so they
// travel as raw parts, not text.
#include "output.h"

#include <stdio.h>

#include "codec.h"
#include "digest.h"

/** The input's digests, as hex. */
typedef struct {
  char crc32[9], adler32[9], sha256[65];
} digests;

static digests digest_all(const uint8_t *data, size_t len) {
  digests d;
  uint8_t sum[32];
  snprintf(d.crc32, sizeof d.crc32, "%08x", (unsigned)ck_crc32(data, len));
  snprintf(d.adler32, sizeof d.adler32, "%08x", (unsigned)ck_adler32(data, len));
  ck_sha256(data, len, sum);
  ck_to_hex(sum, 32, d.sha256);
  return d;
}

/** Emits `part`, with this media type, as (a chunk of) the artifact `id`. */
static void emit(const char *id, sh_part part, const char *media_type, bool append, bool last) {
  part.media_type.is_some = true;
  part.media_type.val = sh_borrow(media_type);
  a2a_skill_events_artifact_t a;
  memset(&a, 0, sizeof a);
  a.artifact_id = sh_borrow(id);
  a.name.is_some = true;
  a.name.val = sh_borrow(id);
  a.parts = (a2a_skill_types_list_part_t){&part, 1};
  a2a_skill_events_emit_artifact(&a, append, last);
}

/** One chunk of the "result" artifact: text, or raw bytes when `binary`. */
static void chunk(const void *p, size_t n, bool binary, bool append, bool last) {
  sh_part part = sh_text((sh_str){(uint8_t *)p, n});
  if (binary) {
    part.content.tag = A2A_SKILL_TYPES_PART_CONTENT_RAW;
    part.content.val.raw = (plugin_list_u8_t){(uint8_t *)p, n};
  }
  emit("result", part, binary ? "application/octet-stream" : "text/plain", append, last);
}

/** The whole result in CK_CHUNK pieces (one empty chunk when there is nothing). */
static void chunked(const void *p, size_t n, bool binary) {
  size_t at = 0;
  do {
    size_t take = n - at < CK_CHUNK ? n - at : CK_CHUNK;
    chunk((const uint8_t *)p + at, take, binary, at > 0, at + take == n);
    at += take;
  } while (at < n);
}

/** Streams the three digest lines; returns their total length. */
static size_t digest_lines(const digests *d) {
  char line[80];
  const char *names[] = {"crc32", "adler32", "sha256"};
  const char *values[] = {d->crc32, d->adler32, d->sha256};
  size_t total = 0;
  for (int i = 0; i < 3; i++) {
    int n = snprintf(line, sizeof line, "%s %s\n", names[i], values[i]);
    chunk(line, (size_t)n, false, i > 0, i == 2);
    total += (size_t)n;
  }
  return total;
}

/** Runs an encoder or decoder into a fresh buffer and streams it; -1 with `bad` on bad input. */
static long transform(ck_op op, const uint8_t *data, size_t len, ck_bad *bad) {
  char *out = malloc(ck_base64_len(len) > 2 * len ? ck_base64_len(len) + 1 : 2 * len + 4);
  long n = -1;
  if (!out) {
    snprintf(bad->reason, sizeof bad->reason, "Out of memory for a %zu-byte input.", len);
    return -1;
  }
  if (op == CK_BASE64) n = (long)ck_base64_encode(data, len, out);
  if (op == CK_HEX) ck_to_hex(data, len, out), n = (long)(2 * len);
  if (op == CK_UNBASE64) n = ck_base64_decode((const char *)data, len, (uint8_t *)out, bad);
  if (op == CK_UNHEX) n = ck_hex_decode((const char *)data, len, (uint8_t *)out, bad);
  if (n >= 0) chunked(out, (size_t)n, op == CK_UNBASE64 || op == CK_UNHEX);
  free(out);
  return n;
}

/** The "summary" artifact: one JSON data part. */
static void summary(ck_op op, size_t in, size_t out, const digests *d) {
  char json[300];
  int n = snprintf(json, sizeof json,
                   "{\"operation\":\"%s\",\"inputBytes\":%zu,\"outputBytes\":%zu,"
                   "\"crc32\":\"%s\",\"adler32\":\"%s\",\"sha256\":\"%s\"}",
                   ck_op_name(op), in, out, d->crc32, d->adler32, d->sha256);
  emit("summary", sh_data((sh_str){(uint8_t *)json, (size_t)n}), "application/json", false, true);
}

bool ck_apply(ck_op op, const uint8_t *data, size_t len, sh_outcome *ret, sh_error *err) {
  char text[160];
  snprintf(text, sizeof text, "Read %zu bytes", len);
  sh_progress(text);
  sh_progress("Computing CRC-32, Adler-32 and SHA-256");
  digests d = digest_all(data, len);
  size_t out;
  if (op == CK_DIGEST) {
    out = digest_lines(&d);
  } else {
    snprintf(text, sizeof text, "Running %s on %zu bytes", ck_op_name(op), len);
    sh_progress(text);
    ck_bad bad;
    long n = transform(op, data, len, &bad);
    if (n < 0) return sh_fail(err, bad.reason);
    out = (size_t)n;
  }
  summary(op, len, out, &d);
  snprintf(text, sizeof text, "%s: %zu bytes in, %zu bytes out", ck_op_name(op), len, out);
  return sh_completed(ret, text);
}
