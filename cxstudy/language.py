"""Language identification: py3langid, restricted to the study's languages.

Two questions are asked of a text. ``identify`` answers "which of the
configured languages is this?" and says ``und`` below a confidence floor.
``dominant_language`` answers "which of all 97 languages is this?", so a post
in German is recognised as outside the configured set rather than forced
into the nearest configured language.

>>> identify("Il servizio clienti non ha mai risposto alle mie email.").lang
'it'
>>> identify("ok").lang
'und'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

LANGUAGES: tuple[str, ...] = ("it", "es", "en")
UNDETERMINED = "und"
CONFIDENCE_FLOOR = 0.8
# Identification reads a post's opening characters: enough for any language
# decision, and it keeps a multi-megabyte post from dominating run time.
MAX_CHARS = 20_000


@dataclass(frozen=True)
class Guess:
    """A language code and the identifier's probability for it."""

    lang: str
    confidence: float


@lru_cache(maxsize=None)
def _identifier(languages: tuple[str, ...] | None) -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if languages:
        identifier.set_languages(list(languages))
    return identifier


def identify(text: str, languages: tuple[str, ...] = LANGUAGES, floor: float = CONFIDENCE_FLOOR) -> Guess:
    """The most probable of ``languages``, or ``und`` when below ``floor`` or without letters."""
    sample = text[:MAX_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return Guess(UNDETERMINED, 0.0)
    lang, confidence = _identifier(tuple(languages)).classify(sample)
    confidence = float(confidence)
    return Guess(lang if confidence >= floor else UNDETERMINED, confidence)


def dominant_language(text: str) -> Guess:
    """The most probable language among all py3langid knows (no floor)."""
    sample = text[:MAX_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return Guess(UNDETERMINED, 0.0)
    lang, confidence = _identifier(None).classify(sample)
    return Guess(lang, float(confidence))
