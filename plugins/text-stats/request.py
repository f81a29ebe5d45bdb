"""What a turn asks for: the text to analyse and how many summary sentences, gathered from
the new message and, for what it lacks, the client's earlier messages. Pure: the adapter
(app.py) hands in plain pieces, so every rule here is unit tested natively.

Rules: text parts count, joined by blank lines, and so do files of a text/* type (or with
no type) that decode as UTF-8. A line ``summary: N`` (1 to 10) sets the number of summary
sentences and is not part of the text; so does ``metadata.summarySentences``.
"""

import re
from dataclasses import dataclass

MAX_BYTES = 1 << 20  # the largest text analysed: 1 MiB of UTF-8
DEFAULT_SUMMARY = 3
MAX_SUMMARY = 10
DIRECTIVE = re.compile(r"^[ \t]*summary[ \t]*:[ \t]*(.*?)[ \t]*$", re.IGNORECASE | re.MULTILINE)
QUESTION = "Send the text to analyse, as a message or a text file."


class Refusal(Exception):
    """Input the skill will not analyse; the message is the reason the client sees."""


@dataclass
class Piece:
    """One part of a message: kind is "text" or "file"; value is str or bytes."""

    kind: str
    value: object
    media_type: str = None
    filename: str = None


def summary_count(value):
    """A summary size as given by a client, checked."""
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_SUMMARY:
        raise Refusal(f"summary must be a whole number from 1 to {MAX_SUMMARY}, not '{text[:20]}'.")
    return int(text)


def split_directive(text):
    """`text` without its ``summary: N`` lines, and the last N given (None if none)."""
    found = [summary_count(m.group(1)) for m in DIRECTIVE.finditer(text)]
    return DIRECTIVE.sub("", text), (found[-1] if found else None)


def decode(piece):
    """A file piece's text; refuses other media types and bytes that are not UTF-8."""
    name = piece.filename or "the file"
    kind = (piece.media_type or "text/plain").split(";")[0].strip().lower()
    if not kind.startswith("text/"):
        raise Refusal(f"{name} is {kind}; send text (a text/* file or a message).")
    try:
        return piece.value.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Refusal(f"{name} is not UTF-8 text (invalid byte at offset {e.start}).") from None


def message_request(pieces, metadata):
    """The text (None when blank) and summary size (None when not given) of one message."""
    texts, count = [], None
    for piece in pieces:
        if piece.kind == "file":
            if len(piece.value) > MAX_BYTES:
                raise too_big(len(piece.value))
            texts.append(decode(piece))
        elif piece.kind == "text":
            texts.append(piece.value)
    text, count = split_directive("\n\n".join(texts))
    if isinstance(metadata, dict) and "summarySentences" in metadata:
        count = summary_count(metadata["summarySentences"])
    return (text if text.strip() else None), count


def too_big(size):
    return Refusal(f"The text is {size} bytes; the limit is {MAX_BYTES} bytes (1 MiB).")


def gather(messages):
    """The text and summary size for this turn. `messages` is newest first, each a pair
    (pieces, metadata). Returns (text or None, count)."""
    text, count = None, None
    for pieces, metadata in messages:
        t, c = message_request(pieces, metadata)
        text = text if text is not None else t
        count = count if count is not None else c
        if text is not None and count is not None:
            break
    if text is not None and len(text.encode("utf-8")) > MAX_BYTES:
        raise too_big(len(text.encode("utf-8")))
    return text, (count if count is not None else DEFAULT_SUMMARY)
