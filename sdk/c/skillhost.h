// Skillhost helpers for C skills, over the bindings `skillhost skill build` generates from
// a2a:skill@0.1.0 (plugin.h). Header only.
//
// Ownership, the one rule that matters:
//  - what you pass to the host (progress, artifacts, logs) is borrowed: literals and stack
//    memory are fine;
//  - what you return from `describe` and `run` is freed by the generated code after the
//    call: build it with the `*_owned` helpers, which allocate;
//  - the `turn` given to `run` is yours: free it with exports_a2a_skill_skill_turn_free.
#ifndef SKILLHOST_H
#define SKILLHOST_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "plugin.h"

typedef plugin_string_t sh_str;
typedef a2a_skill_types_part_t sh_part;
typedef a2a_skill_types_reply_t sh_reply;
typedef exports_a2a_skill_skill_turn_t sh_turn;
typedef exports_a2a_skill_skill_outcome_t sh_outcome;
typedef exports_a2a_skill_skill_skill_error_t sh_error;

// ---- strings ----

/** A borrowed view of a C string (for arguments to the host). */
static inline sh_str sh_borrow(const char *s) {
  sh_str r;
  plugin_string_set(&r, s);
  return r;
}

/** A heap copy of a C string (for results). */
static inline sh_str sh_owned(const char *s) {
  sh_str r;
  plugin_string_dup(&r, s);
  return r;
}

/** A heap copy of `len` bytes (for results). */
static inline sh_str sh_owned_n(const char *s, size_t len) {
  sh_str r;
  plugin_string_dup_n(&r, s, len);
  return r;
}

// ---- parts and replies ----

/** A text part over `s` (borrowed or owned, as `s` is). `s` must be UTF-8: the host
 *  refuses a text part that is not, so send other bytes with sh_raw. */
static inline sh_part sh_text(sh_str s) {
  sh_part p;
  memset(&p, 0, sizeof p); // no media type, file name or metadata
  p.content.tag = A2A_SKILL_TYPES_PART_CONTENT_TEXT;
  p.content.val.text = s;
  return p;
}

/** A part of raw bytes (borrowed or owned, as `bytes` is). */
static inline sh_part sh_raw(const uint8_t *bytes, size_t len) {
  sh_part p = sh_text((sh_str){0});
  p.content.tag = A2A_SKILL_TYPES_PART_CONTENT_RAW;
  p.content.val.raw = (plugin_list_u8_t){(uint8_t *)bytes, len};
  return p;
}

/** The same part with a (borrowed) media type. */
static inline sh_part sh_with_media_type(sh_part p, const char *media_type) {
  p.media_type.is_some = true;
  p.media_type.val = sh_borrow(media_type);
  return p;
}

/** A data part: `json` is JSON text. */
static inline sh_part sh_data(sh_str json) {
  sh_part p = sh_text(json);
  p.content.tag = A2A_SKILL_TYPES_PART_CONTENT_DATA;
  p.content.val.data = json;
  return p;
}

/** A heap reply of one text part, for results. */
static inline sh_reply sh_reply_owned(const char *text) {
  sh_reply r;
  memset(&r, 0, sizeof r);
  r.parts.ptr = malloc(sizeof(sh_part));
  r.parts.len = 1;
  r.parts.ptr[0] = sh_text(sh_owned(text));
  return r;
}

/** The first part of `message` with this content tag (A2A_SKILL_TYPES_PART_CONTENT_TEXT,
 *  _RAW, _URL or _DATA), or NULL. */
static inline const sh_part *sh_first_part(const a2a_skill_types_message_t *message, uint8_t tag) {
  for (size_t i = 0; i < message->parts.len; i++)
    if (message->parts.ptr[i].content.tag == tag) return &message->parts.ptr[i];
  return NULL;
}

/** The first text part of the turn's message (empty if none); valid until the turn is freed. */
static inline sh_str sh_message_text(const sh_turn *turn) {
  for (size_t i = 0; i < turn->message.parts.len; i++) {
    if (turn->message.parts.ptr[i].content.tag == A2A_SKILL_TYPES_PART_CONTENT_TEXT) {
      return turn->message.parts.ptr[i].content.val.text;
    }
  }
  return (sh_str){0};
}

// ---- how a turn ends (fill `ret` or `err`, and return what `run` must return) ----

/** Done, with a final message. */
static inline bool sh_completed(sh_outcome *ret, const char *text) {
  ret->tag = A2A_SKILL_TYPES_OUTCOME_COMPLETED;
  ret->val.completed.is_some = true;
  ret->val.completed.val = sh_reply_owned(text);
  return true;
}

/** Ask the client for more. */
static inline bool sh_input_required(sh_outcome *ret, const char *question) {
  ret->tag = A2A_SKILL_TYPES_OUTCOME_INPUT_REQUIRED;
  ret->val.input_required = sh_reply_owned(question);
  return true;
}

/** The skill's own error. */
static inline bool sh_fail(sh_error *err, const char *reason) {
  err->reason = sh_owned(reason);
  return false;
}

// ---- progress, artifacts, logs (all borrow their arguments) ----

/** Reports progress with a text message. */
static inline void sh_progress(const char *text) {
  sh_part p = sh_text(sh_borrow(text));
  sh_reply r = {{&p, 1}, {0}};
  a2a_skill_events_emit_status(&r);
}

/** Emits one part as (a chunk of) the artifact `id` called `name`: `append` extends it,
 *  `last` completes it. */
static inline void sh_artifact_named(const char *id, const char *name, sh_part part, bool append,
                                     bool last) {
  a2a_skill_events_artifact_t a;
  memset(&a, 0, sizeof a);
  a.artifact_id = sh_borrow(id);
  a.name.is_some = true;
  a.name.val = sh_borrow(name);
  a.parts.ptr = &part;
  a.parts.len = 1;
  a2a_skill_events_emit_artifact(&a, append, last);
}

/** The same, for an artifact whose name is its id. */
static inline void sh_artifact(const char *id, sh_part part, bool append, bool last) {
  sh_artifact_named(id, id, part, append, last);
}

/** Emits a chunk of a text artifact: `append` extends it, `last` completes it. */
static inline void sh_artifact_text(const char *id, const char *name, sh_str text, bool append, bool last) {
  sh_artifact_named(id, name, sh_text(text), append, last);
}

/** Logs a message at info level. */
static inline void sh_log_info(const char *message) {
  sh_str m = sh_borrow(message);
  plugin_list_tuple2_string_string_t none = {0};
  a2a_skill_logging_log(A2A_SKILL_LOGGING_LEVEL_INFO, &m, &none);
}

#endif
