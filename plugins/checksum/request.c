// Reading the operation off the front of a text, or out of the metadata: one word from a
// fixed set, matched exactly (lower case), so that ordinary data is never mistaken for a
// command by accident of case or prefix. The metadata reader is a scanner, not a parser:
// the host has already checked that the JSON is valid, and only one top-level string field
// matters, so it skips every other value by counting brackets outside strings.
#include "request.h"

#include <string.h>

static const char *const NAMES[] = {"digest", "base64", "unbase64", "hex", "unhex"};

static bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

const char *ck_op_name(ck_op op) { return op == CK_NONE ? "none" : NAMES[op]; }

void ck_first_word(const char *text, size_t n, size_t *start, size_t *len) {
  size_t i = 0;
  while (i < n && is_space(text[i])) i++;
  size_t j = i;
  while (j < n && !is_space(text[j])) j++;
  *start = i;
  *len = j - i;
}

ck_op ck_op_named(const char *word, size_t len) {
  for (int op = CK_DIGEST; op <= CK_UNHEX; op++)
    if (strlen(NAMES[op]) == len && memcmp(word, NAMES[op], len) == 0) return (ck_op)op;
  return CK_NONE;
}

ck_op ck_op_prefix(const char *text, size_t n, size_t *rest) {
  size_t start, len;
  ck_first_word(text, n, &start, &len);
  ck_op op = ck_op_named(text + start, len);
  size_t r = 0;
  if (op != CK_NONE) {
    r = start + len;
    while (r < n && is_space(text[r])) r++;
  }
  *rest = r;
  return op;
}

bool ck_blank(const char *text, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!is_space(text[i])) return false;
  return true;
}

static size_t skip_space(const char *s, size_t n, size_t i) {
  while (i < n && is_space(s[i])) i++;
  return i;
}

/** Index just past the string whose opening quote is at `at` (n if it never closes). */
static size_t skip_string(const char *s, size_t n, size_t at) {
  for (size_t i = at + 1; i < n; i++) {
    if (s[i] == '\\') i++;
    else if (s[i] == '"') return i + 1;
  }
  return n;
}

/** Index of the ',' or '}' that ends the value starting at `at`. */
static size_t skip_value(const char *s, size_t n, size_t at) {
  size_t depth = 0, i = at;
  while (i < n) {
    char c = s[i];
    if (c == '"') {
      i = skip_string(s, n, i);
      continue;
    }
    if (c == '{' || c == '[') depth++;
    if ((c == '}' || c == ']') && depth-- == 0) return i;
    if (c == ',' && depth == 0) return i;
    i++;
  }
  return n;
}

/** The value at `at`: a string is copied into `word` (escapes left as written). */
static ck_meta take_string(const char *s, size_t n, size_t at, char *word, size_t cap) {
  if (at < n && s[at] == 'n') return CK_META_ABSENT; // null: as if not there
  if (at >= n || s[at] != '"') return CK_META_NOT_STRING;
  size_t i = at + 1, len = 0;
  while (i < n && s[i] != '"') {
    size_t step = s[i] == '\\' && i + 1 < n ? 2 : 1;
    for (size_t k = 0; k < step; k++, i++)
      if (len + 1 < cap) word[len++] = s[i];
  }
  word[len] = '\0';
  return CK_META_STRING;
}

ck_meta ck_meta_operation(const char *json, size_t n, char *word, size_t cap) {
  size_t i = skip_space(json, n, 0);
  if (i >= n || json[i] != '{') return CK_META_ABSENT;
  for (i++;;) {
    i = skip_space(json, n, i);
    if (i >= n || json[i] != '"') return CK_META_ABSENT; // '}': no such field
    size_t key = i + 1, end = skip_string(json, n, i);
    bool match = end - key == 10 && memcmp(json + key, "operation\"", 10) == 0;
    i = skip_space(json, n, end);
    if (i >= n || json[i] != ':') return CK_META_ABSENT;
    i = skip_space(json, n, i + 1);
    if (match) return take_string(json, n, i, word, cap);
    i = skip_value(json, n, i);
    if (i >= n || json[i] != ',') return CK_META_ABSENT;
    i++;
  }
}
