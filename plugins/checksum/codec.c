// Base64 and hex codecs. The decoders are strict about what they accept (the alphabet,
// padding only at the end, whole bytes) but skip ASCII whitespace anywhere, because encoded
// text is usually wrapped. The UTF-8 checks are strict in the same way as the host's:
// a text part that is not well-formed UTF-8 cannot leave the component.
#include "codec.h"

#include <stdio.h>

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t ck_base64_encode(const uint8_t *in, size_t n, char *out) {
  size_t o = 0, i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    out[o++] = B64[v >> 18], out[o++] = B64[(v >> 12) & 63];
    out[o++] = B64[(v >> 6) & 63], out[o++] = B64[v & 63];
  }
  if (n - i == 1) {
    uint32_t v = (uint32_t)in[i] << 16;
    out[o++] = B64[v >> 18], out[o++] = B64[(v >> 12) & 63], out[o++] = '=', out[o++] = '=';
  } else if (n - i == 2) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
    out[o++] = B64[v >> 18], out[o++] = B64[(v >> 12) & 63];
    out[o++] = B64[(v >> 6) & 63], out[o++] = '=';
  }
  out[o] = '\0';
  return o;
}

static int is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

static int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/** Names an offending byte readably: 'x' when printable, else its code. */
static void refuse(ck_bad *bad, const char *what, char c, size_t at) {
  if (c > ' ' && c < 127)
    snprintf(bad->reason, sizeof bad->reason, "Invalid %s at offset %zu: '%c'.", what, at, c);
  else
    snprintf(bad->reason, sizeof bad->reason, "Invalid %s at offset %zu: byte 0x%02x.", what, at,
             (unsigned)(unsigned char)c);
}

long ck_base64_decode(const char *in, size_t n, uint8_t *out, ck_bad *bad) {
  uint32_t acc = 0;
  size_t symbols = 0, pads = 0, o = 0;
  for (size_t i = 0; i < n; i++) {
    char c = in[i];
    if (is_space(c)) continue;
    if (c == '=' && symbols % 4 >= 2 && pads < 2) {
      pads++;
      continue;
    }
    int v = b64_value(c);
    if (v < 0 || pads > 0) {
      refuse(bad, pads > 0 ? "base64 (data after the '=' padding)" : "base64", c, i);
      return -1;
    }
    acc = acc << 6 | (uint32_t)v;
    if (++symbols % 4 == 0) {
      out[o++] = (uint8_t)(acc >> 16), out[o++] = (uint8_t)(acc >> 8), out[o++] = (uint8_t)acc;
      acc = 0;
    }
  }
  size_t tail = symbols % 4; // 2 or 3 symbols end with one or two bytes; padding is optional
  if (tail == 1 || (pads > 0 && tail + pads != 4)) {
    snprintf(bad->reason, sizeof bad->reason,
             "Invalid base64: it ends in the middle of a group (%zu symbols).", symbols);
    return -1;
  }
  if (tail == 2) out[o++] = (uint8_t)(acc >> 4);
  if (tail == 3) out[o++] = (uint8_t)(acc >> 10), out[o++] = (uint8_t)(acc >> 2);
  return (long)o;
}

static int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

long ck_hex_decode(const char *in, size_t n, uint8_t *out, ck_bad *bad) {
  size_t digits = 0, o = 0;
  int high = 0;
  for (size_t i = 0; i < n; i++) {
    if (is_space(in[i])) continue;
    int v = hex_value(in[i]);
    if (v < 0) {
      refuse(bad, "hex digit", in[i], i);
      return -1;
    }
    if (digits++ % 2 == 0) high = v;
    else out[o++] = (uint8_t)(high << 4 | v);
  }
  if (digits % 2) {
    snprintf(bad->reason, sizeof bad->reason, "Invalid hex: an odd number of digits (%zu).", digits);
    return -1;
  }
  return (long)o;
}

bool ck_utf8_valid(const uint8_t *p, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = p[i];
    size_t len;
    uint32_t cp, min;
    if (c < 0x80) {
      i++;
      continue;
    }
    if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1Fu, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0Fu, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07u, min = 0x10000;
    else return false; // a continuation byte first, or 0xF8..0xFF
    if (n - i < len) return false;
    for (size_t k = 1; k < len; k++) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (p[i + k] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

size_t ck_utf8_cut(const uint8_t *p, size_t n, size_t at, size_t max) {
  if (n - at <= max) return n;
  size_t end = at + max;
  while (end > at && (p[end] & 0xC0) == 0x80) end--; // p[end] starts the next chunk
  return end > at ? end : at + max; // only for text that is not UTF-8 at all
}
