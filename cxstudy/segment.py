"""Sentence segmentation for Italian, Spanish and English posts, with offsets.

Posts from blogs and forums are not edited prose: lines are hard-wrapped in
mid-sentence, lists use bullets, dialogue is quoted line by line, emoji close
sentences and spaces go missing after full stops. The segmenter first joins
wrapped lines into blocks, then splits blocks at sentence punctuation.

Written here rather than taken from pysbd or a spaCy model because it needs
character offsets into the cleaned post, line-aware joining of hard-wrapped
text, and no model download; the rules are small and tested one by one.

>>> [s.text for s in split_sentences("Ottimo servizio!Grazie.\\n• Primo punto\\n• secondo punto")]
['Ottimo servizio!', 'Grazie.', 'Primo punto', 'secondo punto']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd

from cxstudy.language import LANGUAGES, identify

EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d"
UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
TERMINAL = ".!?…"
LINE_TERMINAL = TERMINAL + ":;\"”»'’)" + EMOJI

BULLET = re.compile(r"^\s*(?:[•·▪●◦‣*\-–—]|\d{1,2}[.)])\s+")
# A split point: sentence punctuation, closing quotes or brackets, trailing emoji,
# then whitespace before something that opens a sentence, or no whitespace at
# all between a lower-case word and an upper-case one ("ragione.Poi").
BOUNDARY = re.compile(
    rf"(?P<punct>[{TERMINAL}]+)[\"'”»’)\]]*(?:\s*[{EMOJI}])*"
    rf"(?:\s+(?=[\"'“«(¿¡]?[{UPPER}0-9¿¡\"“«{EMOJI}])|(?<=[{LOWER}]{{2}}[.!?])(?=[{UPPER}][{LOWER}]))"
)
ABBREVIATIONS = frozenset(
    """sig sigg sig.ra dott dott.ssa dr mr mrs ms sr sra srta ing prof ecc etc pag pagg p pp n nr num tel
    vs es ca cfr art av avv ave st dept no vol fig ud uds d geom rag spett gent egr ss jr co inc ltd srl spa
    sa ee uu e.g i.e p.es a.c""".split()
)


# Sentences longer than this are scored in consecutive windows of this many
# words, so no encoder ever truncates a run-on "sentence" (e.g. a post with
# no punctuation at all).
MAX_SENTENCE_WORDS = 120


@dataclass(frozen=True)
class Sentence:
    """A sentence: its position in the post, character offsets and text."""

    index: int
    start: int
    end: int
    text: str


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Spans of text made of lines that belong together (wrapped lines joined)."""
    start = end = None
    previous = ""
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if not stripped:
            if start is not None:
                yield start, end
            start = None
            previous = ""
            continue
        continues = (
            start is not None
            and previous[-1] not in LINE_TERMINAL
            and (stripped[0].islower() or stripped[0] in "(,")
            and not BULLET.match(line)
        )
        if continues:
            end = line_end
        else:
            if start is not None:
                yield start, end
            start, end = line_start, line_end
        previous = stripped
    if start is not None:
        yield start, end


def _is_abbreviation(block: str, punct_start: int) -> bool:
    """Whether the full stop at ``punct_start`` closes an abbreviation or an initial."""
    if block[punct_start] != "." or block[punct_start: punct_start + 3] == "...":
        return False
    token = re.search(r"[\w.]+$", block[:punct_start])
    if not token:
        return False
    word = token.group().lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _split_block(block: str) -> Iterator[tuple[int, int]]:
    """Sentence spans inside one block."""
    start = 0
    for match in BOUNDARY.finditer(block):
        if _is_abbreviation(block, match.start("punct")):
            continue
        end = match.end()
        piece = block[start:end].strip()
        if re.fullmatch(r"\d{1,3}[.)]", piece):  # a list number, not a sentence
            continue
        yield start, end
        start = end
    yield start, len(block)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with character offsets into it.

    Bullet markers are left out of the sentence span; whitespace inside a
    sentence (wrapped lines) is collapsed in ``text``; a sentence longer than
    MAX_SENTENCE_WORDS becomes consecutive windows. Pieces without a letter,
    digit or emoji (stray punctuation) are not sentences.
    """
    sentences: list[Sentence] = []
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        for start, end in _split_block(block):
            piece = block[start:end]
            bullet = BULLET.match(piece)
            if bullet:
                start += bullet.end()
                piece = block[start:end]
            lead = len(piece) - len(piece.lstrip())
            trail = len(piece.rstrip())
            if not re.search(rf"[\w{EMOJI}]", piece):
                continue
            for window_start, window_end in _windows(text, block_start + start + lead, block_start + start + trail):
                sentences.append(
                    Sentence(len(sentences), window_start, window_end, " ".join(text[window_start:window_end].split()))
                )
    return sentences


def _windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Spans of at most MAX_SENTENCE_WORDS words covering text[start:end]."""
    words = [m.span() for m in re.finditer(r"\S+", text[start:end])]
    for first in range(0, max(len(words), 1), MAX_SENTENCE_WORDS):
        chunk = words[first: first + MAX_SENTENCE_WORDS]
        yield (start + chunk[0][0], start + chunk[-1][1]) if chunk else (start, end)


def sentence_table(posts: pd.DataFrame, languages: tuple[str, ...] = LANGUAGES) -> pd.DataFrame:
    """One row per sentence of every post: post id, index, offsets, text, words, language.

    Sentence language uses the same identifier as posts, restricted to
    ``languages``; short or ambiguous sentences are ``und``.
    """
    rows = [
        {
            "post": post_id,
            "sentence": s.index,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "words": len(s.text.split()),
            "lang": identify(s.text, languages).lang,
        }
        for post_id, text in zip(posts["id"], posts["text"])
        for s in split_sentences(text)
    ]
    return pd.DataFrame(rows, columns=["post", "sentence", "start", "end", "text", "words", "lang"])
