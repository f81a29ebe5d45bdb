"""Skillhost helpers for Python skills (componentize-py), over the a2a:skill@0.1.0 WIT.

A skill module defines a class named ``Skill``::

    import skillhost as sh

    class Skill(sh.Skill):
        def describe(self):
            return [sh.card("hello", "Hello", "Says hello")]

        def run(self, turn):
            sh.progress("thinking")
            return sh.completed(sh.text("hello"))

Raise ``sh.fail(reason)`` for the skill's own error. Any other exception is a bug: the
host reports it as a crash, with the traceback in its log.
"""

import json

from componentize_py_types import Err
from wit_world import exports as _exports
from wit_world.imports import config as _config
from wit_world.imports import events as _events
from wit_world.imports import logging as _logging
from wit_world.imports import types as _t

Skill = _exports.Skill
"""The base class of a skill: implement ``describe(self)`` and ``run(self, turn)``."""

# ---- parts ----


def _part(content, media_type=None, filename=None, metadata=None):
    meta = None if metadata is None else json.dumps(metadata)
    return _t.Part(content=content, media_type=media_type, filename=filename, metadata=meta)


def text(s, **opts):
    """A text part. Options: media_type, filename, metadata (a dict)."""
    return _part(_t.PartContent_Text(str(s)), **opts)


def raw(b, **opts):
    """Inline bytes (bytes, or a str to encode as UTF-8)."""
    return _part(_t.PartContent_Raw(b.encode() if isinstance(b, str) else bytes(b)), **opts)


def url(u, **opts):
    """A reference to content at a URL."""
    return _part(_t.PartContent_Url(str(u)), **opts)


def data(value, **opts):
    """Structured data: any JSON-serializable value."""
    opts.setdefault("media_type", "application/json")
    return _part(_t.PartContent_Data(json.dumps(value)), **opts)


def reply(*parts):
    """A reply (message) of parts; strings become text parts."""
    return _t.Reply(parts=[text(p) if isinstance(p, str) else p for p in parts], metadata=None)


# ---- reading a turn ----


def text_of(message):
    """The text parts of a message, joined by newlines."""
    return "\n".join(p.content.value for p in message.parts if isinstance(p.content, _t.PartContent_Text))


def metadata_of(message):
    """A message's metadata as a dict ({} when it has none)."""
    return json.loads(message.metadata) if message.metadata else {}


def data_of(part):
    """A data part's value, or None."""
    return json.loads(part.content.value) if isinstance(part.content, _t.PartContent_Data) else None


# ---- how a turn ends ----


def completed(*parts):
    """Done, optionally with a final message."""
    return _t.Outcome_Completed(reply(*parts) if parts else None)


def input_required(*parts):
    """Ask the client for more; the reply is the question."""
    return _t.Outcome_InputRequired(reply(*parts))


def auth_required(*parts):
    """Ask the client to authenticate first."""
    return _t.Outcome_AuthRequired(reply(*parts))


def rejected(*parts):
    """Refuse the task, saying why."""
    return _t.Outcome_Rejected(reply(*parts))


def message(*parts):
    """Answer directly instead of with a task."""
    return _t.Outcome_Message(reply(*parts))


def fail(reason):
    """The skill's own error, to raise: ``raise sh.fail("bad input")``."""
    return Err(_t.SkillError(reason=str(reason)))


# ---- progress and artifacts ----


def progress(*parts):
    """Reports progress; the task stays WORKING."""
    _events.emit_status(reply(*parts))


def _artifact(artifact_id, name, parts):
    return _t.Artifact(artifact_id=artifact_id, name=name, description=None, parts=reply(*parts).parts, metadata=None)


def artifact(artifact_id, name, *parts):
    """Emits a whole artifact."""
    _events.emit_artifact(_artifact(artifact_id, name, parts), False, True)


class ArtifactStream:
    """An artifact sent in chunks: write() each chunk, finish() the last one."""

    def __init__(self, artifact_id, name):
        self.artifact_id, self.name, self.started = artifact_id, name, False

    def write(self, *parts):
        if parts:
            self._send(parts, False)

    def finish(self, *parts):
        self._send(parts or (text(""),), True)

    def _send(self, parts, last):
        _events.emit_artifact(_artifact(self.artifact_id, self.name, parts), self.started, last)
        self.started = True


def cancelled():
    """Whether the client cancelled the task (the host stops the run by itself anyway)."""
    return _events.cancelled()


# ---- logging and configuration ----


def _log(level):
    def record(msg, **fields):
        _logging.log(level, str(msg), [(k, str(v)) for k, v in fields.items()])

    return record


debug, info, warn, error = (_log(_logging.Level.DEBUG), _log(_logging.Level.INFO),
                            _log(_logging.Level.WARN), _log(_logging.Level.ERROR))


def config(key):
    """The value for key in skill.toml's [config], or None."""
    return _config.get(key)


# ---- skill cards ----


def card(id, name, description, tags=(), examples=(), input_modes=(), output_modes=()):
    """How a skill presents itself in the Agent Card."""
    return _t.SkillCard(id=id, name=name, description=description, tags=list(tags), examples=list(examples),
                        input_modes=list(input_modes), output_modes=list(output_modes))
