// Known-answer tests of the checksum plugin's pure logic: digests against published
// vectors (and values cross-checked with Python's zlib and hashlib), codecs both ways with
// their error reasons, UTF-8 checks and cuts, and how a text or metadata names its operation.
#include <stdio.h>
#include <string.h>

#include "codec.h"
#include "digest.h"
#include "request.h"

static int failures;

#define CHECK(cond)                                                  \
  do {                                                               \
    if (!(cond)) {                                                   \
      fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                    \
    }                                                                \
  } while (0)

static const uint8_t *u(const char *s) { return (const uint8_t *)s; }

static void sha_is(const char *input, size_t n, const char *hex) {
  uint8_t sum[32];
  char got[65];
  ck_sha256(u(input), n, sum);
  ck_to_hex(sum, 32, got);
  if (strcmp(got, hex) != 0) {
    fprintf(stderr, "sha256 of %zu bytes: %s, want %s\n", n, got, hex);
    failures++;
  }
}

static void digests(void) {
  CHECK(ck_crc32(u("123456789"), 9) == 0xCBF43926u); // the CRC catalogue's check value
  CHECK(ck_crc32(u(""), 0) == 0);
  CHECK(ck_crc32(u("hello world"), 11) == 0x0d4a1185u);
  CHECK(ck_adler32(u("Wikipedia"), 9) == 0x11E60398u);
  CHECK(ck_adler32(u(""), 0) == 1);
  CHECK(ck_adler32(u("hello world"), 11) == 0x1a0b045du);
  sha_is("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  sha_is("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // 56 bytes: the padding needs a second block.
  sha_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // Long input: Adler-32's blocked sums and many SHA-256 blocks.
  static uint8_t sample[10000];
  for (int i = 0; i < 10000; i++) sample[i] = (uint8_t)((i * 31 + 7) % 251);
  CHECK(ck_crc32(sample, sizeof sample) == 0x2cb91fcdu);
  CHECK(ck_adler32(sample, sizeof sample) == 0x597a1402u);
  uint8_t sum[32];
  char hex[65];
  ck_sha256(sample, sizeof sample, sum);
  ck_to_hex(sum, 32, hex);
  CHECK(strcmp(hex, "1e0d7c1f75b60785a19d26b1335ce40ba353da1154e09905170a9e411da3e3e0") == 0);
}

/** Decodes `in` with `decode` and compares with `want` (NULL: must fail with `why`). */
static void decodes(long (*decode)(const char *, size_t, uint8_t *, ck_bad *), const char *in,
                    const char *want, const char *why) {
  uint8_t out[64];
  ck_bad bad = {{0}};
  long n = decode(in, strlen(in), out, &bad);
  if (want && (n != (long)strlen(want) || memcmp(out, want, (size_t)n) != 0)) {
    fprintf(stderr, "decoding \"%s\": got %ld bytes (%s)\n", in, n, bad.reason);
    failures++;
  }
  if (!want && (n != -1 || strcmp(bad.reason, why) != 0)) {
    fprintf(stderr, "decoding \"%s\": got %ld, reason \"%s\", want \"%s\"\n", in, n, bad.reason, why);
    failures++;
  }
}

static void codecs(void) {
  const char *plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"}; // RFC 4648 section 10
  const char *b64[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
  char out[64];
  for (int i = 0; i < 7; i++) {
    CHECK(ck_base64_encode(u(plain[i]), strlen(plain[i]), out) == strlen(b64[i]));
    CHECK(strcmp(out, b64[i]) == 0);
    decodes(ck_base64_decode, b64[i], plain[i], NULL);
  }
  decodes(ck_base64_decode, "Zm9v\nYmFy\n", "foobar", NULL);    // wrapped
  decodes(ck_base64_decode, "Zm9vYg", "foob", NULL);            // padding left off
  decodes(ck_base64_decode, "Zm9v$mFy", NULL, "Invalid base64 at offset 4: '$'.");
  decodes(ck_base64_decode, "Zg==Zg", NULL, "Invalid base64 (data after the '=' padding) at offset 4: 'Z'.");
  decodes(ck_base64_decode, "Zm9vY", NULL, "Invalid base64: it ends in the middle of a group (5 symbols).");
  decodes(ck_base64_decode, "Zg=", NULL, "Invalid base64: it ends in the middle of a group (2 symbols).");
  decodes(ck_base64_decode, "=", NULL, "Invalid base64 at offset 0: '='.");
  decodes(ck_base64_decode, "Zm\x01v", NULL, "Invalid base64 at offset 2: byte 0x01.");
  decodes(ck_hex_decode, "48656c6C6f", "Hello", NULL);
  decodes(ck_hex_decode, "48 65\n6c", "Hel", NULL);
  decodes(ck_hex_decode, "486", NULL, "Invalid hex: an odd number of digits (3).");
  decodes(ck_hex_decode, "48g5", NULL, "Invalid hex digit at offset 2: 'g'.");
}

static void utf8(void) {
  CHECK(ck_utf8_valid(u("plain"), 5) && ck_utf8_valid(u(""), 0));
  CHECK(ck_utf8_valid(u("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), 14));
  CHECK(!ck_utf8_valid(u("\xc3"), 1));             // cut short
  CHECK(!ck_utf8_valid(u("\xc0\xaf"), 2));         // overlong '/'
  CHECK(!ck_utf8_valid(u("\xed\xa0\x80"), 3));     // a surrogate
  CHECK(!ck_utf8_valid(u("\xf4\x90\x80\x80"), 4)); // past U+10FFFF
  CHECK(!ck_utf8_valid(u("\x80"), 1) && !ck_utf8_valid(u("\xff"), 1));
  CHECK(ck_utf8_valid(u("\0"), 1));                // NUL is a character
  // "ab€" is 5 bytes: a 4-byte chunk must stop before the euro sign's 3 bytes.
  const uint8_t *s = u("ab\xe2\x82\xac");
  CHECK(ck_utf8_cut(s, 5, 0, 4) == 2);
  CHECK(ck_utf8_cut(s, 5, 2, 4) == 5);
  CHECK(ck_utf8_cut(s, 5, 0, 5) == 5);
  CHECK(ck_utf8_cut(u("abcdef"), 6, 0, 4) == 4);
  CHECK(ck_utf8_cut(u("\x80\x80\x80\x80\x80"), 5, 0, 2) == 2); // not UTF-8: still progresses
}

/** What ck_meta_operation says about `json`, and the word it read. */
static void meta_is(const char *json, ck_meta want, const char *word) {
  char got[8] = "unset";
  ck_meta how = ck_meta_operation(json, strlen(json), got, sizeof got);
  if (how != want || (want == CK_META_STRING && strcmp(got, word) != 0)) {
    fprintf(stderr, "metadata %s: got %d \"%s\", want %d \"%s\"\n", json, how, got, want, word);
    failures++;
  }
}

static void metadata(void) {
  meta_is("{\"operation\":\"hex\"}", CK_META_STRING, "hex");
  meta_is(" { \"skillId\" : \"checksum\", \"operation\" : \"digest\" } ", CK_META_STRING, "digest");
  meta_is("{\"a\":{\"operation\":\"hex\"},\"b\":[1,{\"c\":\"}\"}],\"operation\":\"unhex\"}",
          CK_META_STRING, "unhex"); // nested ones and brackets in strings are skipped
  meta_is("{\"x\":\"\\\"operation\\\":1\",\"operation\":\"base64\"}", CK_META_STRING, "base64");
  meta_is("{\"operation\":\"a-very-long-word\"}", CK_META_STRING, "a-very-"); // cut to fit
  meta_is("{\"operation\":5}", CK_META_NOT_STRING, NULL);
  meta_is("{\"operation\":[\"hex\"]}", CK_META_NOT_STRING, NULL);
  meta_is("{\"operation\":null}", CK_META_ABSENT, NULL);
  meta_is("{\"skillId\":\"checksum\"}", CK_META_ABSENT, NULL);
  meta_is("{}", CK_META_ABSENT, NULL);
  meta_is("{\"operation\":\"he", CK_META_STRING, "he"); // broken JSON: no over-read
  meta_is("{\"operation", CK_META_ABSENT, NULL);
  meta_is("[\"operation\"]", CK_META_ABSENT, NULL);
  meta_is("", CK_META_ABSENT, NULL);
}

static void operations(void) {
  size_t rest = 99;
  CHECK(ck_op_prefix("digest hello", 12, &rest) == CK_DIGEST && rest == 7);
  CHECK(ck_op_prefix("  unhex\n\t41", 11, &rest) == CK_UNHEX && rest == 9);
  CHECK(ck_op_prefix("base64", 6, &rest) == CK_BASE64 && rest == 6);
  CHECK(ck_op_prefix("Digest x", 8, &rest) == CK_NONE); // exact, lower case
  CHECK(ck_op_prefix("hexadecimal", 11, &rest) == CK_NONE); // a whole word, not a prefix
  CHECK(ck_op_prefix("", 0, &rest) == CK_NONE);
  CHECK(strcmp(ck_op_name(CK_UNBASE64), "unbase64") == 0);
  CHECK(ck_op_named("unhex", 5) == CK_UNHEX && ck_op_named("unhe", 4) == CK_NONE);
  CHECK(ck_blank(" \n\t", 3) && !ck_blank(" x", 2));
}

int main(void) {
  digests();
  codecs();
  utf8();
  metadata();
  operations();
  if (failures) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  puts("checksum: all tests passed");
  return 0;
}
