"""The Markdown report, one section per chunk of the "report" artifact: a client shows each
section as it arrives. Pure, like analysis.py."""

from analysis import ease_band


def sections(stats):
    """The report's sections, in order, each ending with a blank line."""
    return [counts(stats), readability(stats), top_words(stats), summary(stats)]


def counts(s):
    rows = [("Characters", s["characters"]), ("Words", s["words"]), ("Unique words", s["uniqueWords"]),
            ("Sentences", s["sentences"]), ("Paragraphs", s["paragraphs"]),
            ("Average word length", f"{s['averageWordLength']} letters"),
            ("Average sentence length", f"{s['averageSentenceLength']} words")]
    table = "\n".join(f"| {name} | {value} |" for name, value in rows)
    return f"# Text statistics\n\n| measure | value |\n|---|---|\n{table}\n\n"


def readability(s):
    minutes, seconds = divmod(s["readingTimeSeconds"], 60)
    time = f"{minutes} min {seconds} s" if minutes else f"{seconds} s"
    score = s["fleschReadingEase"]
    return (f"## Readability\n\n- Flesch reading ease: {score} ({ease_band(score)})\n"
            f"- Reading time: {time} at 200 words a minute\n\n")


def top_words(s):
    if not s["topWords"]:
        return "## Top words\n\nNone: every word is a common one.\n\n"
    items = "\n".join(f"{i}. {t['word']} ({t['count']})" for i, t in enumerate(s["topWords"], 1))
    return f"## Top words\n\n{items}\n\n"


def summary(s):
    lines = "\n".join(f"- {sentence}" for sentence in s["summary"])
    n = len(s["summary"])
    return f"## Summary\n\n{n} sentence{'s' if n != 1 else ''}, in the text's order:\n\n{lines}\n"
