// checksum: the skill adapter. Finds the operation and the data in the turn (the new
// message and its metadata first, then earlier messages, so a follow-up can name just the
// operation), asks for what is missing, refuses what it cannot do, and hands the work to
// output.c. The parsing rules (request.c), digests (digest.c) and codecs (codec.c) are free
// of the bindings, so tests/run.sh tests them natively.
#include <stdio.h>

#include "output.h"
#include "request.h"
#include "skillhost.h"

/** Heap list of owned strings, for a card. */
static plugin_list_string_t strings(const char *const *items, size_t n) {
  plugin_list_string_t l = {calloc(n, sizeof(sh_str)), n};
  for (size_t i = 0; i < n; i++) l.ptr[i] = sh_owned(items[i]);
  return l;
}

void exports_a2a_skill_skill_describe(exports_a2a_skill_skill_list_skill_card_t *ret) {
  static const char *const tags[] = {"checksum", "digest", "sha256", "crc32", "adler32",
                                     "base64", "hex", "encoding"};
  static const char *const examples[] = {"digest hello world", "base64 Hello, world!",
                                         "unhex 48656c6c6f"};
  static const char *const in[] = {"text/plain", "application/octet-stream"};
  static const char *const out[] = {"text/plain", "application/octet-stream", "application/json"};
  a2a_skill_types_skill_card_t *card = calloc(1, sizeof *card);
  card->id = sh_owned("checksum");
  card->name = sh_owned("Checksum");
  card->description = sh_owned(
      "Digests (CRC-32, Adler-32, SHA-256) and base64 or hex encoding and decoding of a file "
      "or a text of up to 4 MiB (4194304 bytes). The first word of the text names the "
      "operation (" CK_OP_LIST "), or message metadata {\"operation\": ...} does; the rest "
      "of the text, or an attached file, is the data. Returns the result as text/plain in "
      "chunks of up to 4096 characters (decoded bytes that are not UTF-8 as "
      "application/octet-stream) and a JSON summary with the input's digests.");
  card->tags = strings(tags, sizeof tags / sizeof *tags);
  card->examples = strings(examples, sizeof examples / sizeof *examples);
  card->input_modes = strings(in, sizeof in / sizeof *in);
  card->output_modes = strings(out, sizeof out / sizeof *out);
  ret->ptr = card;
  ret->len = 1;
}

/** What the turn asks for, gathered newest message first. */
typedef struct {
  ck_op op;
  const uint8_t *data;
  size_t len;
  bool has_data;
  char unknown[44]; // a word given where an operation was expected, cut to 40 bytes
  char bad[160];    // a request the skill refuses whatever else it holds
} request;

/** Notes `word` as an unknown operation, unless one was noted already. */
static void note_unknown(request *r, const char *word, size_t len) {
  if (!r->unknown[0]) snprintf(r->unknown, sizeof r->unknown, "%.*s", (int)(len > 40 ? 40 : len), word);
}

/** The operation named by `meta`'s "operation" field into `op`; false when it has none. */
static bool meta_op(const a2a_skill_types_option_json_t *meta, request *r, ck_op *op) {
  char word[48];
  ck_meta how = meta && meta->is_some ? ck_meta_operation((const char *)meta->val.ptr,
                                                           meta->val.len, word, sizeof word)
                                      : CK_META_ABSENT;
  if (how == CK_META_ABSENT) return false;
  *op = how == CK_META_STRING ? ck_op_named(word, strlen(word)) : CK_NONE;
  if (how == CK_META_NOT_STRING && !r->bad[0])
    snprintf(r->bad, sizeof r->bad, "metadata.operation must be a string: " CK_OP_LIST ".");
  if (how == CK_META_STRING && *op == CK_NONE) note_unknown(r, word, strlen(word));
  return true;
}

/** Takes from `m` whatever `r` still lacks. The operation comes from the metadata (then
 *  the whole text is data) or the text's first word; a file is the data, and then the
 *  text holds only the operation. `extra` is the request's metadata, for the new message. */
static void scan(const a2a_skill_types_message_t *m, const a2a_skill_types_option_json_t *extra,
                 request *r) {
  const sh_part *file = sh_first_part(m, A2A_SKILL_TYPES_PART_CONTENT_RAW);
  const sh_part *text = sh_first_part(m, A2A_SKILL_TYPES_PART_CONTENT_TEXT);
  const char *t = text ? (const char *)text->content.val.text.ptr : "";
  size_t n = text ? text->content.val.text.len : 0, rest = 0, start, len;
  ck_op op = CK_NONE;
  bool named = meta_op(&m->metadata, r, &op) || meta_op(extra, r, &op);
  if (!named) op = ck_op_prefix(t, n, &rest);
  if (r->op == CK_NONE) r->op = op;
  if (!named && op == CK_NONE && file && !ck_blank(t, n)) {
    ck_first_word(t, n, &start, &len);
    note_unknown(r, t + start, len);
  }
  if (!file && sh_first_part(m, A2A_SKILL_TYPES_PART_CONTENT_URL) && !r->bad[0])
    snprintf(r->bad, sizeof r->bad,
             "This skill does not fetch URLs: send the data as a file or as text.");
  if (r->has_data) return;
  if (file) {
    r->data = file->content.val.raw.ptr, r->len = file->content.val.raw.len, r->has_data = true;
  } else if (!ck_blank(t + rest, n - rest)) {
    r->data = (const uint8_t *)t + rest, r->len = n - rest, r->has_data = true;
  }
}

/** Whether `m` is one word and nothing else: an answer to "which operation?". */
static bool one_word(const a2a_skill_types_message_t *m, sh_str *word) {
  const sh_part *text = sh_first_part(m, A2A_SKILL_TYPES_PART_CONTENT_TEXT);
  if (!text || sh_first_part(m, A2A_SKILL_TYPES_PART_CONTENT_RAW)) return false;
  const char *t = (const char *)text->content.val.text.ptr;
  size_t n = text->content.val.text.len, start, len;
  ck_first_word(t, n, &start, &len);
  *word = (sh_str){(uint8_t *)t + start, len};
  return len > 0 && ck_blank(t + start + len, n - start - len);
}

/** The new message's request, completed from the earlier messages of the client. */
static request gather(const sh_turn *turn) {
  request now = {.op = CK_NONE}, before = now;
  scan(&turn->message, &turn->metadata, &now);
  for (size_t i = turn->history.len; i-- > 0;) {
    if (turn->history.ptr[i].role == A2A_SKILL_TYPES_ROLE_USER)
      scan(&turn->history.ptr[i], NULL, &before);
  }
  // The data came earlier and the operation was asked for: a lone word must be one.
  sh_str word;
  if (before.has_data && before.op == CK_NONE && now.op == CK_NONE && !now.unknown[0] &&
      one_word(&turn->message, &word)) {
    note_unknown(&now, (const char *)word.ptr, word.len);
    now.has_data = false;
  }
  if (now.op == CK_NONE) now.op = before.op; // only the new message can name a wrong one
  if (!now.has_data) now.data = before.data, now.len = before.len, now.has_data = before.has_data;
  return now;
}

/** Asks for the missing half, or fails for a bad or unknown operation or oversized input. */
static bool check(const request *r, sh_outcome *ret, sh_error *err, bool *done) {
  char text[200];
  *done = true;
  if (r->bad[0]) return sh_fail(err, r->bad);
  if (r->unknown[0] && r->op == CK_NONE) {
    snprintf(text, sizeof text, "Unknown operation '%s': choose " CK_OP_LIST ".", r->unknown);
    return sh_fail(err, text);
  }
  if (r->has_data && r->len > CK_MAX_INPUT) {
    snprintf(text, sizeof text, "The input is %zu bytes; the limit is %u bytes (4 MiB).", r->len,
             CK_MAX_INPUT);
    return sh_fail(err, text);
  }
  if (!r->has_data && r->op == CK_NONE)
    return sh_input_required(
        ret, "Send the data as a file or as text, with the operation first: " CK_OP_LIST ".");
  if (!r->has_data) {
    snprintf(text, sizeof text, "Send the data for %s, as a file or as text.", ck_op_name(r->op));
    return sh_input_required(ret, text);
  }
  if (r->op == CK_NONE) {
    snprintf(text, sizeof text, "Which operation should I apply to the %zu bytes: " CK_OP_LIST "?",
             r->len);
    return sh_input_required(ret, text);
  }
  *done = false;
  return true;
}

bool exports_a2a_skill_skill_run(sh_turn *turn, sh_outcome *ret, sh_error *err) {
  request r = gather(turn);
  bool done, ok = check(&r, ret, err, &done);
  if (!done) ok = ck_apply(r.op, r.data, r.len, ret, err);
  exports_a2a_skill_skill_turn_free(turn); // the request pointed into the turn
  return ok;
}
