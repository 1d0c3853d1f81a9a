"""The corpus: reading posts from every input kind, validating them, ingesting.

Inputs are raw text files as crawled (one post per file, any common encoding),
JSONL, CSV, or a Hugging Face dataset. Every input record ends either in the
corpus or in the rejection report with its reason, so records in = corpus +
rejections. A malformed JSONL line or CSV row stops ingestion with an error
naming the file and line, unless ``skip_bad`` turns it into a rejection.

The corpus is written and read through ``datasets`` so the same code serves
five posts and a hundred thousand.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import datasets
import pandas as pd
from tqdm import tqdm

from cxstudy.brands import DEFAULT_GAZETTEER, Gazetteer
from cxstudy.clean import clean_text, normalise
from cxstudy.language import CONFIDENCE_FLOOR, LANGUAGES, UNDETERMINED, dominant_language, identify
from cxstudy.segment import split_sentences

TEXT_SUFFIXES = {".txt", ".text", ".md"}
# Share of control characters above which a decoded file is taken for binary.
BINARY_CONTROL_SHARE = 0.05
# Encodings tried, in order, for raw files that are not valid UTF-8: the legacy
# Western European code pages of the study's languages. CP1252 is Latin-1 plus
# printable characters in 0x80-0x9F, so it is tried first; Latin-1 decodes any
# byte, and the control-character check then tells text from binary.
LEGACY_ENCODINGS = ("cp1252", "latin_1")
TITLE_MAX_WORDS = 15
TITLE_MAX_CHARS = 140


class BadInputError(ValueError):
    """An input record that cannot be read; the message names file and line."""

    def __init__(self, file: str, reason: str, record: int | None = None):
        self.file, self.reason, self.record = file, reason, record
        super().__init__(f"{file}:{record}: {reason}" if record is not None else f"{file}: {reason}")


@dataclass
class Source:
    """Where a record came from."""

    kind: str
    file: str
    record: int | None = None
    sha256: str | None = None
    encoding: str | None = None

    def where(self) -> str:
        """``file`` or ``file:record`` for messages."""
        return self.file if self.record is None else f"{self.file}:{self.record}"


@dataclass
class RawPost:
    """A record as read, before cleaning."""

    id: str | None
    text: Any
    source: Source
    title: str | None = None
    lang: str | None = None


@dataclass
class Rejection:
    """An input record kept out of the corpus, and why."""

    source: Source
    reason: str
    id: str | None = None


@dataclass
class IngestReport:
    """Counts and rejections of one ingestion run."""

    read: int = 0
    accepted: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    def summary(self) -> str:
        """One line for people."""
        return f"read {self.read} records: {self.accepted} in the corpus, {len(self.rejections)} rejected"


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def decode(raw: bytes, where: str) -> tuple[str, str]:
    """Text and encoding of raw bytes: UTF-8 (or UTF-16 with a byte-order mark) when
    valid, else the first of LEGACY_ENCODINGS that decodes them. The encoding is
    returned so every record says how it was read.

    Raises BadInputError for empty and binary content.
    """
    if not raw.strip():
        raise BadInputError(where, "empty file")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" in raw:
        raise BadInputError(where, "binary file (NUL bytes)")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    for encoding in LEGACY_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > BINARY_CONTROL_SHARE * len(text):
        raise BadInputError(where, f"binary file ({controls} control characters)")
    return text, encoding


def _read_text_file(path: Path) -> RawPost:
    raw = path.read_bytes()
    shown = _display_path(path)
    text, encoding = decode(raw, shown)
    source = Source("text", shown, sha256=hashlib.sha256(raw).hexdigest(), encoding=encoding)
    return RawPost(path.stem, text, source)


def _record_post(record: Any, source: Source, text_field: str, id_field: str) -> RawPost:
    if not isinstance(record, dict):
        raise BadInputError(source.file, f"expected an object, got {type(record).__name__}", source.record)
    given_id = record.get(id_field)
    return RawPost(
        None if given_id in (None, "") else str(given_id),
        record.get(text_field),
        source,
        title=record.get("title") or None,
        lang=record.get("lang") or None,
    )


def _bad(error: BadInputError, kind: str, skip_bad: bool) -> Rejection:
    """A malformed record as a rejection when skipping, else the error raised."""
    if not skip_bad:
        raise error
    return Rejection(Source(kind, error.file, record=error.record), error.reason)


def _read_jsonl(path: Path, text_field: str, id_field: str, skip_bad: bool) -> Iterator[RawPost | Rejection]:
    shown = _display_path(path)
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = Source("jsonl", shown, record=number)
            try:
                yield _record_post(json.loads(line), source, text_field, id_field)
            except json.JSONDecodeError as error:
                yield _bad(BadInputError(shown, f"malformed JSON ({error.msg})", number), "jsonl", skip_bad)
            except BadInputError as error:
                yield _bad(error, "jsonl", skip_bad)


def _read_csv(path: Path, text_field: str, id_field: str, skip_bad: bool) -> Iterator[RawPost | Rejection]:
    shown = _display_path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or text_field not in reader.fieldnames:
            raise BadInputError(shown, f"no '{text_field}' column in the header", 1)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                yield _bad(BadInputError(shown, f"malformed CSV ({error})", reader.line_num), "csv", skip_bad)
                continue
            if None in row or None in row.values():
                error = BadInputError(shown, "row has a different number of fields than the header", reader.line_num)
                yield _bad(error, "csv", skip_bad)
                continue
            yield _record_post(row, Source("csv", shown, record=reader.line_num), text_field, id_field)


def _read_hf(name: str, split: str, text_field: str, id_field: str, skip_bad: bool) -> Iterator[RawPost | Rejection]:
    path = Path(name)
    if (path / "dataset_info.json").exists() or (path / "state.json").exists():
        data = datasets.load_from_disk(str(path))
        if isinstance(data, datasets.DatasetDict):
            data = data[split]
    else:
        data = datasets.load_dataset(name, split=split)
    for number, record in enumerate(data):
        try:
            yield _record_post(record, Source("hf", f"{name}[{split}]", record=number), text_field, id_field)
        except BadInputError as error:
            yield _bad(error, "hf", skip_bad)


def expand_inputs(inputs: Iterable[str | Path]) -> list[Path]:
    """Files named, and the readable files inside folders named (sorted)."""
    files: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            files.extend(sorted(p for p in item.rglob("*") if p.is_file() and not p.name.startswith(".")))
        elif item.exists():
            files.append(item)
        else:
            raise FileNotFoundError(f"{item}: no such file or folder")
    return files


def read_posts(
    inputs: Iterable[str | Path],
    *,
    text_field: str = "text",
    id_field: str = "id",
    skip_bad: bool = False,
    hf_dataset: str | None = None,
    hf_split: str = "train",
) -> Iterator[RawPost | Rejection]:
    """Every record of every input, as a RawPost or (unreadable) a Rejection.

    Files ending in ``.jsonl``/``.json`` are JSON lines, ``.csv`` CSV, anything
    else one raw post per file. Malformed records raise BadInputError unless
    ``skip_bad``; empty or binary raw files are always rejections.
    """
    for path in expand_inputs(inputs):
        suffix = path.suffix.lower()
        if suffix in {".jsonl", ".json"}:
            yield from _read_jsonl(path, text_field, id_field, skip_bad)
        elif suffix == ".csv":
            yield from _read_csv(path, text_field, id_field, skip_bad)
        else:
            try:
                yield _read_text_file(path)
            except BadInputError as error:
                yield Rejection(Source("text", error.file), error.reason)
    if hf_dataset:
        yield from _read_hf(hf_dataset, hf_split, text_field, id_field, skip_bad)


def extract_title(text: str) -> tuple[str | None, str]:
    """A headline on the first line (short, no closing full stop, more text after it)."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    words = first.split()
    if (
        rest.strip()
        and 0 < len(words) <= TITLE_MAX_WORDS
        and len(first) <= TITLE_MAX_CHARS
        and not first.endswith((".", ",", ";", ":"))
    ):
        return first, rest.strip("\n")
    return None, text


def process_batch(
    batch: dict[str, list[Any]],
    languages: tuple[str, ...] = LANGUAGES,
    gazetteer_path: str = str(DEFAULT_GAZETTEER),
    floor: float = CONFIDENCE_FLOOR,
) -> dict[str, list[Any]]:
    """Clean, title, language and brands for a batch of raw records.

    Plugs into ``Dataset.map(batched=True)``. Records that cannot enter the
    corpus get a ``rejected`` reason instead of being dropped.
    """
    gazetteer = Gazetteer.load(gazetteer_path)
    out: dict[str, list[Any]] = {key: [] for key in (
        "title", "text", "lang", "lang_confidence", "brands", "target_brand", "sector", "removed", "rejected")}
    for text, title, given_lang, source in zip(batch["raw_text"], batch["title"], batch["given_lang"], batch["source"]):
        cleaned = clean_text(text)
        body = cleaned.text
        if title is None and source["kind"] == "text":
            title, body = extract_title(body)
        title = normalise(title).strip() if title else None
        rejected = None if body.strip() else "no text left after removing crawl residue"
        if given_lang:
            lang, confidence = given_lang, 1.0
        else:
            guess = identify(body, languages, floor)
            lang, confidence = guess.lang, guess.confidence
            dominant = dominant_language(body)
            if dominant.lang not in languages and dominant.lang != UNDETERMINED and dominant.confidence >= floor:
                lang, confidence = dominant.lang, dominant.confidence
        if not rejected and lang not in languages and lang != UNDETERMINED:
            rejected = f"language '{lang}' is outside the configured set ({', '.join(languages)})"
        found = gazetteer.find(body, lang, title)
        out["title"].append(title)
        out["text"].append(body)
        out["lang"].append(lang)
        out["lang_confidence"].append(round(confidence, 4))
        out["brands"].append([{"name": name, "count": count} for name, count in found.mentions.items()])
        out["target_brand"].append(found.target_brand)
        out["sector"].append(found.sector)
        out["removed"].append(cleaned.removed)
        out["rejected"].append(rejected)
    return out


@contextmanager
def _quiet_datasets() -> Iterator[None]:
    """Silence ``datasets`` progress bars and info logs (ours show progress)."""
    was_enabled = datasets.is_progress_bar_enabled()
    verbosity = datasets.logging.get_verbosity()
    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    try:
        yield
    finally:
        datasets.logging.set_verbosity(verbosity)
        if was_enabled:
            datasets.enable_progress_bars()


def _validated(records: Iterator[RawPost | Rejection], report: IngestReport, keep_raw: Path | None) -> Iterator[dict]:
    seen: dict[str, str] = {}
    for item in records:
        report.read += 1
        if isinstance(item, Rejection):
            report.rejections.append(item)
            continue
        text = item.text
        if not isinstance(text, str) or not text.strip():
            report.rejections.append(Rejection(item.source, "record has no text", item.id))
            continue
        post_id = item.id or hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        if post_id in seen:
            report.rejections.append(Rejection(item.source, f"duplicate id '{post_id}' (first at {seen[post_id]})", post_id))
            continue
        seen[post_id] = item.source.where()
        if keep_raw is not None and item.source.kind == "text":
            target = keep_raw / Path(item.source.file).name
            if Path(item.source.file).resolve() != target.resolve():
                shutil.copyfile(item.source.file, target)
            item.source.file = _display_path(target)
        yield {"id": post_id, "raw_text": text, "title": item.title, "given_lang": item.lang,
               "source": asdict(item.source)}


def ingest(
    inputs: Iterable[str | Path],
    out: str | Path,
    *,
    rejections_out: str | Path | None = None,
    languages: tuple[str, ...] = LANGUAGES,
    gazetteer_path: str | Path = DEFAULT_GAZETTEER,
    keep_raw: str | Path | None = None,
    progress: bool | None = None,
    **read_options: Any,
) -> IngestReport:
    """Read, validate, clean and annotate posts; write the corpus JSONL and the rejection report.

    ``keep_raw`` copies raw text files byte for byte into that folder and
    records the copy as the source. ``read_options`` go to :func:`read_posts`.
    Nothing is written when an input is malformed (BadInputError).
    """
    out = Path(out)
    rejections_out = Path(rejections_out) if rejections_out else out.with_suffix(".rejections.jsonl")
    keep_raw_dir = Path(keep_raw) if keep_raw is not None else None
    if keep_raw_dir is not None:
        keep_raw_dir.mkdir(parents=True, exist_ok=True)
    report = IngestReport()
    with tempfile.TemporaryDirectory(prefix="cxstudy-ingest-") as tmp, _quiet_datasets():
        staged = Path(tmp) / "raw.jsonl"
        with staged.open("w", encoding="utf-8") as handle:
            records = tqdm(read_posts(inputs, **read_options), desc="reading", unit=" records", disable=None if progress is None else not progress)
            for record in _validated(records, report, keep_raw_dir):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        columns = ["id", "title", "lang", "lang_confidence", "target_brand", "sector", "brands", "text", "removed", "source"]
        if staged.stat().st_size:
            data = datasets.load_dataset("json", data_files=str(staged), split="train", cache_dir=tmp)
            data = data.map(
                process_batch, batched=True, batch_size=64, remove_columns=["raw_text", "given_lang", "title"],
                fn_kwargs={"languages": tuple(languages), "gazetteer_path": str(gazetteer_path)},
            )
            for record in data.filter(lambda r: r["rejected"] is not None).to_list():
                report.rejections.append(Rejection(Source(**record["source"]), record["rejected"], record["id"]))
            kept = data.filter(lambda r: r["rejected"] is None).select_columns(columns)
            report.accepted = len(kept)
        out.parent.mkdir(parents=True, exist_ok=True)
        if report.accepted:
            kept.to_json(str(out), lines=True, force_ascii=False)
        else:
            out.write_text("", encoding="utf-8")
    assert report.read == report.accepted + len(report.rejections), "records lost in ingestion"
    with Path(rejections_out).open("w", encoding="utf-8") as handle:
        for rejection in report.rejections:
            handle.write(json.dumps(asdict(rejection), ensure_ascii=False) + "\n")
    return report


def load_corpus(path: str | Path) -> pd.DataFrame:
    """A corpus JSONL as a DataFrame (through ``datasets``), in file order."""
    with _quiet_datasets(), tempfile.TemporaryDirectory(prefix="cxstudy-load-") as tmp:
        data = datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=tmp)
        return data.to_pandas()


def overview(corpus: pd.DataFrame) -> pd.DataFrame:
    """One row per post: language, target brand, sector, sentences, words, lines removed."""
    return pd.DataFrame(
        {
            "id": corpus["id"],
            "language": corpus["lang"],
            "target brand": corpus["target_brand"].fillna("(none named)"),
            "sector": corpus["sector"].fillna("—"),
            "sentences": [len(split_sentences(text)) for text in corpus["text"]],
            "words": [len(text.split()) for text in corpus["text"]],
            "lines removed": [len(removed) for removed in corpus["removed"]],
            "brands named": [", ".join(b["name"] for b in brands) or "—" for brands in corpus["brands"]],
        }
    )


def removal_audit(corpus: pd.DataFrame) -> pd.DataFrame:
    """Every line the cleaner removed: post id, line number, reason, the line."""
    rows = [
        {"post": post_id, "line": item["line"], "reason": item["reason"], "removed text": item["text"]}
        for post_id, removed in zip(corpus["id"], corpus["removed"])
        for item in removed
    ]
    return pd.DataFrame(rows, columns=["post", "line", "reason", "removed text"])
