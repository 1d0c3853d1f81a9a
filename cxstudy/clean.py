"""Crawl-residue removal, with the reason for every line removed.

Rules are general page furniture of blogs and forums (cookie banners, related
posts, comment forms, navigation, layout markup, reading-time badges), written
as patterns over whole lines in Italian, Spanish and English. Each removed line
is reported with its rule so a reader can audit the cleaning.

>>> cleaned = clean_text("Titolo\\n\\nTesto del post.\\nPosta un commento\\n<< Home")
>>> cleaned.text
'Titolo\\n\\nTesto del post.'
>>> [r["reason"] for r in cleaned.removed]
['comment form', 'navigation']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# (reason, pattern); each pattern must match the whole stripped line.
RESIDUE_RULES: list[tuple[str, re.Pattern[str]]] = [
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in [
        ("cookie notice", r"\d*\s*cookie[-\s]?check.*"),
        ("cookie notice", r".{0,200}\b(cookies?)\b.{0,200}\b(accept\w*|accett\w*|acept\w*|consent\w*|policy|pol[ií]tica)\b.{0,200}"),
        ("related posts", r"(you (might|may) also like|related (posts|articles)|read (also|more)|"
                          r"potrebbe(ro)? (anche )?interessarti|ti potrebbe(ro)? (anche )?interessare|"
                          r"articoli correlati|leggi anche|post correlati|"
                          r"tambi[eé]n te puede interesar|art[ií]culos relacionados|entradas relacionadas|"
                          r"te puede interesar)\s*[:.!]?"),
        ("comment counter", r"(no|\d+)\s+(comments?|commenti|commento|comentarios?)\s*:?"),
        ("comment form", r"(posta|lascia|scrivi|aggiungi) (un )?commento|leave a (comment|reply)|post a comment|"
                         r"deja (un|tu) comentario|publicar un comentario|"
                         r"(iscriviti|subscribe)( a)?( to)? (post comments|commenti).*"),
        ("navigation", r"(<<|«|‹)\s*(home|inicio|indietro|back)|(home|inicio)\s*(>>|»|›)|"
                       r"(older|newer) posts?|post (pi[uù] )?(vecchio|recente|successivo|precedente)|"
                       r"(entrada|entradas) (m[aá]s )?(antigua|reciente|anterior|siguiente)s?|"
                       r"(previous|next) post|torna (su|alla home)|back to top"),
        ("reading-time badge", r"(tempo di lettura|reading time|tiempo de lectura|lectura)\s*:?\s*\d+\s*\w*\.?"),
        ("empty image/table markup", r"(!\[[^\]]*\]\([^)]*\)|\|)(\s*(!\[[^\]]*\]\([^)]*\)|\|))*"),
        ("image caption in layout table", r"\(.{1,200}\)\s*\|"),
        ("share buttons", r"((share|condividi|compartir)( (this|on|su|en))?\s*:?\s*)?"
                          r"((facebook|twitter|whatsapp|linkedin|pinterest|email|telegram|x)\s*[,|·]?\s*){2,}"),
    ]
]


@dataclass
class Cleaned:
    """A cleaned post: the kept text and the lines removed, each with its reason."""

    text: str
    removed: list[dict[str, object]] = field(default_factory=list)


def normalise(text: str) -> str:
    """Unicode NFC, unified line ends, no-break spaces and zero-width characters made plain."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub("[\u200b\u200c\u200d\ufeff]", "", text)


def residue_reason(line: str) -> str | None:
    """The reason a line is crawl residue, or None when it is content."""
    stripped = line.strip()
    if not stripped:
        return None
    for reason, pattern in RESIDUE_RULES:
        if pattern.fullmatch(stripped):
            return reason
    return None


def clean_text(text: str) -> Cleaned:
    """Remove residue lines, collapse runs of blank lines, strip trailing spaces.

    Blank lines are layout, not content, so only lines with characters are
    reported as removed.
    """
    kept: list[str] = []
    removed: list[dict[str, object]] = []
    for number, line in enumerate(normalise(text).split("\n"), start=1):
        reason = residue_reason(line)
        if reason:
            removed.append({"line": number, "text": line.strip(), "reason": reason})
            continue
        line = line.rstrip()
        if not line.strip() and (not kept or not kept[-1]):
            continue
        kept.append(line if line.strip() else "")
    return Cleaned("\n".join(kept).strip("\n"), removed)
