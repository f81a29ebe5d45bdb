// Reading the operation off the front of a text: one word from a fixed set, matched
// exactly (lower case), so that ordinary data is never mistaken for a command by accident
// of case or prefix.
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

ck_op ck_op_prefix(const char *text, size_t n, size_t *rest) {
  size_t start, len;
  ck_first_word(text, n, &start, &len);
  for (int op = CK_DIGEST; op <= CK_UNHEX; op++) {
    if (strlen(NAMES[op]) == len && memcmp(text + start, NAMES[op], len) == 0) {
      size_t r = start + len;
      while (r < n && is_space(text[r])) r++;
      *rest = r;
      return (ck_op)op;
    }
  }
  *rest = 0;
  return CK_NONE;
}

bool ck_blank(const char *text, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!is_space(text[i])) return false;
  return true;
}
