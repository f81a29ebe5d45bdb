"""text-stats: the skill adapter. Turns the WIT turn into plain pieces for request.py,
streams progress, the Markdown report (one section per chunk) and the "stats" data part.
The numbers come from analysis.py; nothing here computes them."""

import json

import analysis
import report
import request
import skillhost as sh
from wit_world.imports import types as t

CARD = sh.card(
    "text-stats",
    "Text statistics",
    "Statistics of an English text: characters, words, sentences, paragraphs, unique words, "
    "average word and sentence length, Flesch reading ease, reading time, the top words and "
    "an extractive summary (3 sentences; a line 'summary: N' asks for 1 to 10). Send the text "
    "as a message or a text/* file, up to 1 MiB.",
    tags=["text", "statistics", "readability", "summary", "nlp"],
    examples=[
        "The quick brown fox jumps over the lazy dog. It was not amused.",
        "summary: 5 (with a text file attached)",
    ],
    input_modes=["text/plain", "text/markdown"],
    output_modes=["text/markdown", "application/json"],
)


def pieces(message):
    """The message's parts as request.Piece values (URL and data parts are not text)."""
    out = []
    for p in message.parts:
        if isinstance(p.content, t.PartContent_Text):
            out.append(request.Piece("text", p.content.value))
        elif isinstance(p.content, t.PartContent_Raw):
            out.append(request.Piece("file", bytes(p.content.value), p.media_type, p.filename))
    return out


def messages_newest_first(turn):
    """The new message, then the client's earlier ones, as (pieces, metadata)."""
    earlier = [m for m in reversed(turn.history) if m.role == t.Role.USER]
    return [(pieces(m), sh.metadata_of(m)) for m in [turn.message, *earlier]]


def stream_report(stats):
    """The report artifact, one section per chunk."""
    out = sh.ArtifactStream("report", "report")
    *first, last = report.sections(stats)
    for section in first:
        out.write(sh.text(section, media_type="text/markdown", filename="report.md"))
    out.finish(sh.text(last, media_type="text/markdown", filename="report.md"))


class Skill(sh.Skill):
    def describe(self):
        return [CARD]

    def run(self, turn):
        try:
            text, count = request.gather(messages_newest_first(turn))
        except request.Refusal as refusal:
            raise sh.fail(str(refusal))
        if text is None:
            return sh.input_required(request.QUESTION)
        if not analysis.words(text):
            raise sh.fail("The text has no words to analyse.")
        sh.progress(f"Reading {len(text)} characters")
        sh.progress("Counting words, sentences and syllables; scoring sentences")
        stats = analysis.analyse(text, count)
        stream_report(stats)
        sh.artifact("stats", "stats", sh.data(stats))
        words, sentences = stats["words"], stats["sentences"]
        return sh.completed(f"Analysed {plural(words, 'word')} in {plural(sentences, 'sentence')}")


def plural(n, noun):
    return f"{n} {noun}{'' if n == 1 else 's'}"
