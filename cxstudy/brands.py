"""Brand gazetteer: mentions, the target brand of a post, and its sector.

The gazetteer is a YAML data file (``data/brands.yml``) a user can extend. The
target brand is the brand (or group of brands trading as one company) named
most often, with title mentions counting double; a post that names no brand
gets its sector from sector keywords, matched on lemmas.

>>> gazetteer = Gazetteer.load()
>>> found = gazetteer.find("Ho scritto a Wind, poi a Infostrada: passerò a Fastweb.", lang="it")
>>> found.target_brand, found.sector
('Wind/Infostrada', 'telecommunications')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import simplemma
import yaml

# data/brands.yml, through the package's link to it (so an installed wheel carries it too)
DEFAULT_GAZETTEER = Path(__file__).resolve().parent / "resources" / "brands.yml"
TITLE_WEIGHT = 2


@dataclass(frozen=True)
class Brand:
    """One gazetteer entry."""

    name: str
    aliases: tuple[str, ...]
    sector: str
    country: str
    group: str | None = None


@dataclass(frozen=True)
class BrandFindings:
    """Brands named in a post, the target brand and the sector."""

    mentions: dict[str, int]
    target_brand: str | None
    sector: str | None


class Gazetteer:
    """Brands and sector keywords, with matching over text."""

    def __init__(self, brands: list[Brand], sectors: dict[str, list[str]]):
        self.brands = {brand.name: brand for brand in brands}
        self.sectors = sectors
        alias_to_name = {alias: brand.name for brand in brands for alias in brand.aliases}
        self._alias_to_name = alias_to_name
        alternatives = "|".join(re.escape(a) for a in sorted(alias_to_name, key=len, reverse=True))
        self._pattern = re.compile(rf"(?<![\w@])(?:{alternatives})(?![\w])") if alternatives else None

    @classmethod
    def load(cls, path: str | Path = DEFAULT_GAZETTEER) -> "Gazetteer":
        """Read a gazetteer YAML file (see ``data/brands.yml`` for the format)."""
        return _load(str(path))

    def mentions(self, text: str) -> Counter[str]:
        """Mention counts per brand name."""
        if not self._pattern:
            return Counter()
        return Counter(self._alias_to_name[m.group()] for m in self._pattern.finditer(text))

    def sector_of_text(self, text: str, lang: str) -> str | None:
        """The sector whose keywords occur most often (on lemmas), or None."""
        lowered = text.lower()
        words = re.findall(r"\w+", lowered)
        lemmas = Counter(_lemmatize(word, lang) for word in words) + Counter(words)
        scores: Counter[str] = Counter()
        for sector, keywords in self.sectors.items():
            for keyword in keywords:
                if " " in keyword:
                    scores[sector] += len(re.findall(rf"\b{re.escape(keyword)}\b", lowered))
                else:
                    scores[sector] += lemmas[keyword]
        best = scores.most_common(1)
        return best[0][0] if best and best[0][1] > 0 else None

    def find(self, text: str, lang: str, title: str | None = None) -> BrandFindings:
        """Brands mentioned in ``title`` and ``text``, the target brand and the sector."""
        counts = self.mentions(text)
        weighted = Counter(counts)
        if title:
            title_counts = self.mentions(title)
            counts.update(title_counts)
            for name, n in title_counts.items():
                weighted[name] += TITLE_WEIGHT * n
        if not weighted:
            return BrandFindings({}, None, self.sector_of_text(f"{title or ''}\n{text}", lang))
        by_company: Counter[str] = Counter()
        for name, n in weighted.items():
            by_company[self.brands[name].group or name] += n
        company = by_company.most_common(1)[0][0]
        members = [name for name, _ in weighted.most_common() if (self.brands[name].group or name) == company]
        return BrandFindings(dict(counts.most_common()), "/".join(members), self.brands[members[0]].sector)


def _lemmatize(word: str, lang: str) -> str:
    """simplemma's lemma, or the word itself for a language simplemma lacks (or ``und``)."""
    try:
        return simplemma.lemmatize(word, lang=lang)
    except ValueError:
        return word


@lru_cache(maxsize=8)
def _load(path: str) -> Gazetteer:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    brands = [
        Brand(
            name=entry["name"],
            aliases=tuple(entry.get("aliases") or [entry["name"]]),
            sector=entry["sector"],
            country=entry.get("country", ""),
            group=entry.get("group"),
        )
        for entry in data.get("brands", [])
    ]
    return Gazetteer(brands, {sector: list(words) for sector, words in (data.get("sectors") or {}).items()})
