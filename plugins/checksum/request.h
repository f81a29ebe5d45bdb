// What a message asks for: the operation, named by the first word of its text or by the
// "operation" field of the metadata, and the data (the rest of the text, or a file). Pure
// functions over byte spans, so the parsing rules are tested natively (tests/run.sh) apart
// from the generated bindings.
#ifndef CHECKSUM_REQUEST_H
#define CHECKSUM_REQUEST_H

#include <stdbool.h>
#include <stddef.h>

typedef enum { CK_NONE = -1, CK_DIGEST, CK_BASE64, CK_UNBASE64, CK_HEX, CK_UNHEX } ck_op;

/** The largest input the skill takes, in bytes: 4 MiB. */
#define CK_MAX_INPUT (4u << 20)

/** The operations, for messages: "digest, base64, unbase64, hex or unhex". */
#define CK_OP_LIST "digest, base64, unbase64, hex or unhex"

/** The operation's name ("digest", ...). */
const char *ck_op_name(ck_op op);

/** The span of the first word of `text` (after leading whitespace): its start and length. */
void ck_first_word(const char *text, size_t n, size_t *start, size_t *len);

/** The operation `text` starts with, or CK_NONE. `*rest` is where the data after it begins
 *  (past the word and the whitespace after it). */
ck_op ck_op_prefix(const char *text, size_t n, size_t *rest);

/** The operation named exactly `word` (`len` bytes), or CK_NONE. */
ck_op ck_op_named(const char *word, size_t len);

/** Whether `text` is whitespace only. */
bool ck_blank(const char *text, size_t n);

/** What a metadata object says about the operation. */
typedef enum { CK_META_ABSENT, CK_META_STRING, CK_META_NOT_STRING } ck_meta;

/** Reads the top-level field "operation" of the JSON object `json` (`n` bytes, valid JSON:
 *  the host checks it). A string value is copied into `word` as written between its quotes,
 *  cut to `cap` - 1 bytes and NUL-terminated; nested objects are not searched. */
ck_meta ck_meta_operation(const char *json, size_t n, char *word, size_t cap);

#endif
