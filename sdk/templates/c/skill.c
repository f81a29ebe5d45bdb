// {{name}}: a Skillhost skill. Build it with `skillhost skill build`.
#include <stdio.h>

#include "skillhost.h"

void exports_a2a_skill_skill_describe(exports_a2a_skill_skill_list_skill_card_t *ret) {
  a2a_skill_types_skill_card_t *card = calloc(1, sizeof *card); // empty lists: none
  card->id = sh_owned("{{name}}");
  card->name = sh_owned("{{name}}");
  card->description = sh_owned("Greets whoever writes.");
  ret->ptr = card;
  ret->len = 1;
}

bool exports_a2a_skill_skill_run(sh_turn *turn, sh_outcome *ret, sh_error *err) {
  sh_str name = sh_message_text(turn);
  bool ok;
  if (name.len == 0) {
    ok = sh_input_required(ret, "Who should I greet?");
  } else if (name.len == 4 && memcmp(name.ptr, "fail", 4) == 0) {
    ok = sh_fail(err, "asked to fail");
  } else {
    sh_progress("composing a greeting");
    char greeting[256];
    int n = snprintf(greeting, sizeof greeting, "Hello, %.*s!", (int)name.len, (const char *)name.ptr);
    if (n >= (int)sizeof greeting) n = sizeof greeting - 1; // snprintf counts what did not fit
    sh_artifact_text("greeting", "greeting", (sh_str){(uint8_t *)greeting, (size_t)n}, false, true);
    ok = sh_completed(ret, "greeted");
  }
  exports_a2a_skill_skill_turn_free(turn); // `name` pointed into the turn
  return ok;
}
