"""Unit tests of text-stats' pure logic (analysis, report, request), run natively:
python3 -m unittest discover -s plugins/text-stats/tests"""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import analysis  # noqa: E402
import report  # noqa: E402
import request  # noqa: E402
from request import Piece, Refusal  # noqa: E402

with open(os.path.join(HERE, "..", "testdata", "sample.txt"), encoding="utf-8") as f:
    SAMPLE = f.read()


class Analysis(unittest.TestCase):
    def test_words_keep_inner_apostrophes_and_hyphens(self):
        got = analysis.words("Don't stop -- well-known, co-op! x_y")
        self.assertEqual(got, ["Don't", "stop", "well-known", "co-op", "x", "y"])

    def test_sentences_end_at_marks_and_paragraphs(self):
        text = 'One. "Two!" Three?\n\nFour without a mark\n\n...'
        self.assertEqual(analysis.sentences(text), ["One.", '"Two!"', "Three?", "Four without a mark"])

    def test_syllables(self):
        cases = {"the": 1, "lighthouse": 2, "table": 2, "make": 1, "rhythm": 1, "ledger": 2, "a": 1, "1871": 1}
        for word, want in cases.items():
            self.assertEqual(analysis.syllables(word), want, word)

    def test_top_words_skip_stop_words_and_break_ties_alphabetically(self):
        ws = analysis.words("the cat and the dog; the Dog, a cat, an owl")
        self.assertEqual(analysis.top_words(ws), [("cat", 2), ("dog", 2), ("owl", 1)])

    def test_summary_keeps_the_text_order(self):
        ss = ["Cats sleep.", "Dogs bark at night.", "Cats and dogs sleep at night."]
        self.assertEqual(analysis.summary(ss, 2), ["Cats sleep.", "Cats and dogs sleep at night."])
        self.assertEqual(analysis.summary(ss, 10), ss)

    def test_summary_sentences_are_clipped(self):
        (only,) = analysis.summary(["word " * 100], 1)
        self.assertEqual((len(only), only[-1]), (analysis.MAX_SENTENCE, "\u2026"))

    def test_known_numbers_of_the_sample(self):
        s = analysis.analyse(SAMPLE)
        self.assertEqual(
            {k: s[k] for k in ["characters", "words", "sentences", "paragraphs", "uniqueWords"]},
            {"characters": 958, "words": 171, "sentences": 14, "paragraphs": 4, "uniqueWords": 111},
        )
        self.assertEqual((s["averageWordLength"], s["averageSentenceLength"]), (4.47, 12.21))
        self.assertEqual((s["fleschReadingEase"], s["readingTimeSeconds"]), (76.2, 51))
        self.assertEqual(s["topWords"][0], {"word": "every", "count": 3})
        self.assertEqual(len(s["summary"]), 3)

    def test_ease_bands(self):
        self.assertEqual([analysis.ease_band(x) for x in (95, 76.2, 55, 10)],
                         ["very easy", "fairly easy", "fairly difficult", "very difficult"])


class Report(unittest.TestCase):
    def test_four_sections_in_order(self):
        parts = report.sections(analysis.analyse(SAMPLE))
        self.assertEqual([p.split("\n")[0] for p in parts],
                         ["# Text statistics", "## Readability", "## Top words", "## Summary"])
        self.assertIn("- Flesch reading ease: 76.2 (fairly easy)\n", parts[1])
        self.assertIn("- Reading time: 51 s at 200 words a minute\n", parts[1])


class Request(unittest.TestCase):
    def gather(self, *messages):
        return request.gather([([Piece(*p) for p in parts], meta) for parts, meta in messages])

    def test_text_and_the_default_summary(self):
        self.assertEqual(self.gather(([("text", "Hello there.")], {})), ("Hello there.", 3))

    def test_a_summary_line_is_not_text(self):
        self.assertEqual(self.gather(([("text", "Summary: 5\nHello.")], {})), ("\nHello.", 5))

    def test_the_follow_up_text_meets_the_earlier_summary_size(self):
        got = self.gather(([("text", "Hi there.")], {}), ([("text", "summary: 5")], {}))
        self.assertEqual(got, ("Hi there.", 5))

    def test_metadata_sets_the_summary_size(self):
        self.assertEqual(self.gather(([("text", "x")], {"summarySentences": 2})), ("x", 2))
        self.assertEqual(self.gather(([("text", "x")], ["not", "an", "object"])), ("x", 3))

    def test_no_text_asks(self):
        self.assertEqual(self.gather(([("text", "summary: 5")], {})), (None, 5))
        self.assertEqual(self.gather(([], {})), (None, 3))

    def test_files_decode_as_utf8_text(self):
        got = self.gather(([("file", "Größe.".encode(), "text/plain", "a.txt")], {}))
        self.assertEqual(got, ("Größe.", 3))

    def test_refusals_say_why(self):
        cases = [
            (("file", b"\xffabc", "text/plain", "a.txt"), "a.txt is not UTF-8 text (invalid byte at offset 0)."),
            (("file", b"%PDF", "application/pdf", "b.pdf"), "b.pdf is application/pdf; send text (a text/* file or a message)."),
            (("text", "summary: 11\nx"), "summary must be a whole number from 1 to 10, not '11'."),
            (("text", "summary: many"), "summary must be a whole number from 1 to 10, not 'many'."),
            (("file", b"a" * (request.MAX_BYTES + 1), "text/plain"), "The text is 1048577 bytes; the limit is 1048576 bytes (1 MiB)."),
        ]
        for piece, reason in cases:
            with self.assertRaises(Refusal) as caught:
                self.gather(([piece], {}))
            self.assertEqual(str(caught.exception), reason)


if __name__ == "__main__":
    unittest.main()
