"""The statistics of a text, as pure functions: no bindings, so they are unit tested natively
(``python3 -m unittest discover -s plugins/text-stats/tests``).

Definitions, so the numbers can be checked by hand:

- a *word* is a run of letters or digits, with inner apostrophes or hyphens ("don't",
  "well-known"); words are compared case-folded;
- a *sentence* ends at ``.``, ``!`` or ``?`` followed by whitespace or the end, or at the end
  of a paragraph; only sentences with at least one word count;
- a *paragraph* is a block of text between blank lines;
- *syllables* are estimated: each run of vowels (a e i o u y) counts one, a final silent "e"
  (but not "le") does not, and every word has at least one. English only, and a heuristic;
- Flesch reading ease is 206.835 - 1.015 * words/sentences - 84.6 * syllables/words;
- reading time assumes 200 words a minute.
"""

import re
from collections import Counter

WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
# Whitespace after a mark, or after a mark and a closing quote or bracket.
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d\u2019)\]]))\s+")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
VOWELS = re.compile(r"[aeiouy]+")
WORDS_PER_MINUTE = 200
TOP_WORDS = 10
MAX_SENTENCE = 300  # characters of a summary sentence

# Words too common to say anything about a text: left out of the top words and of the
# sentence scores of the summary.
STOP_WORDS = frozenset(
    """a about after all also an and any are as at be been but by can could did do does for
    from had has have he her his how i if in into is it its just may me more most my no not
    of on one only or other our out over she so some such than that the their them then there
    these they this those to too up us was we were what when where which while who will with
    would you your""".split()
)


def words(text):
    """The words of `text`, as written."""
    return WORD.findall(text)


def paragraphs(text):
    """The non-blank paragraphs of `text`, stripped."""
    return [p.strip() for p in PARAGRAPH_BREAK.split(text) if p.strip()]


def sentences(text):
    """The sentences of `text` that hold at least one word, whitespace collapsed."""
    found = []
    for paragraph in paragraphs(text):
        for s in SENTENCE_END.split(paragraph):
            s = " ".join(s.split())
            if WORD.search(s):
                found.append(s)
    return found


def syllables(word):
    """An estimate of the syllables in an English word (see the module's notes)."""
    w = word.casefold()
    count = len(VOWELS.findall(w))
    if count > 1 and w.endswith("e") and not w.endswith("le"):
        count -= 1
    return max(count, 1)


def top_words(all_words, limit=TOP_WORDS):
    """The most frequent words that are not stop words, as (word, count); ties alphabetical."""
    counts = Counter(w.casefold() for w in all_words if w.casefold() not in STOP_WORDS)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def summary(all_sentences, count):
    """The `count` sentences whose words are most frequent in the whole text, in their order.

    A sentence scores the mean frequency of its non-stop words, so long sentences do not win
    by length alone; ties go to the earlier sentence."""
    per_sentence = [[w.casefold() for w in words(s)] for s in all_sentences]
    freq = Counter(w for ws in per_sentence for w in ws if w not in STOP_WORDS)

    def score(i):
        content = [w for w in per_sentence[i] if w not in STOP_WORDS]
        return sum(freq[w] for w in content) / len(content) if content else 0.0

    ranked = sorted(range(len(all_sentences)), key=lambda i: (-score(i), i))[:count]
    return [clip(all_sentences[i]) for i in sorted(ranked)]


def clip(sentence, limit=MAX_SENTENCE):
    """A sentence cut to `limit` characters, so a text without full stops cannot make the
    summary as long as the text."""
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "\u2026"


def analyse(text, summary_sentences=3):
    """Every statistic of `text`, as the "stats" data artifact reports them (camelCase keys,
    floats rounded to two places). `text` must hold at least one word."""
    text = text.strip()
    ws = words(text)
    ss = sentences(text)
    n_words, n_sentences = len(ws), max(len(ss), 1)
    n_syllables = sum(syllables(w) for w in ws)
    flesch = 206.835 - 1.015 * n_words / n_sentences - 84.6 * n_syllables / n_words
    return {
        "characters": len(text),
        "words": n_words,
        "sentences": len(ss),
        "paragraphs": len(paragraphs(text)),
        "uniqueWords": len({w.casefold() for w in ws}),
        "averageWordLength": round(sum(len(w) for w in ws) / n_words, 2),
        "averageSentenceLength": round(n_words / n_sentences, 2),
        "fleschReadingEase": round(flesch, 2),
        "readingTimeSeconds": round(n_words * 60 / WORDS_PER_MINUTE),
        "topWords": [{"word": w, "count": c} for w, c in top_words(ws)],
        "summary": summary(ss, summary_sentences),
    }


def ease_band(score):
    """The usual reading of a Flesch score."""
    bands = [(90, "very easy"), (80, "easy"), (70, "fairly easy"), (60, "plain English"),
             (50, "fairly difficult"), (30, "difficult")]
    return next((name for floor, name in bands if score >= floor), "very difficult")
