"""{{name}}: a Skillhost skill. Build it with `skillhost skill build`."""

import skillhost as sh


class Skill(sh.Skill):
    def describe(self):
        return [sh.card("{{name}}", "{{name}}", "Greets whoever writes.", tags=["example"])]

    def run(self, turn):
        name = sh.text_of(turn.message).strip()
        if not name:
            return sh.input_required("Who should I greet?")
        if name == "fail":
            raise sh.fail("asked to fail")
        sh.progress("composing a greeting")
        sh.artifact("greeting", "greeting", f"Hello, {name}!")
        return sh.completed()
