"""The scoring run: posts → sentences → cached sentence probabilities → post scores.

``score_posts`` is the Python API (pandas in, pandas out); ``score_batch``
is the same work as a function over a batch dict for
``datasets.Dataset.map(batched=True)``; ``score_file`` is what
``cxstudy score`` runs: one output record per input record, in input order,
written as it goes so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm import tqdm

from cxstudy.aggregate import PROBABILITIES, aggregate_posts
from cxstudy.cache import VectorCache, text_key
from cxstudy.encoder import embed
from cxstudy.practices import aggregate_practices, extract_in_context
from cxstudy.quality import LEARNT_FIELDS, QualityHeads, dimension_lists, dimension_profile, merge_learnt
from cxstudy.segment import sentence_table
from cxstudy.sentiment import LABELS, Analyzer

PREDICT_BATCH = 256
PRACTICE_FIELDS = ["channels", "delays", "outcome", "remedies", "churn", "word_of_mouth"]


def score_sentences(texts: list[str], analyzer: Analyzer, cache: VectorCache | None = None,
                    progress: bool | None = False) -> np.ndarray:
    """Probabilities (n, 3) for ``texts``; each distinct text is computed once and cached."""
    keys = [text_key(analyzer.identity, text) for text in texts]
    unique = dict(zip(keys, texts))
    known = cache.get(list(unique)) if cache else {}
    missing = [key for key in unique if key not in known]
    with tqdm(total=len(missing), desc="scoring sentences", unit=" sentences",
              disable=None if progress is None else not progress) as bar:
        for start in range(0, len(missing), PREDICT_BATCH):
            chunk = missing[start: start + PREDICT_BATCH]
            computed = dict(zip(chunk, analyzer.predict([unique[key] for key in chunk]).astype(np.float32)))
            known.update(computed)
            if cache:
                cache.put(computed)
            bar.update(len(chunk))
    return np.stack([known[key] for key in keys]) if keys else np.zeros((0, len(LABELS)), dtype=np.float32)


def score_posts(posts: pd.DataFrame, analyzer: Analyzer, cache: VectorCache | None = None,
                progress: bool | None = False, quality: QualityHeads | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Post scores and sentence scores for a frame with ``id`` and ``text`` columns.

    Posts without any sentence (empty or whitespace text) get no probabilities
    and ``sentiment`` None, with the reason in ``note``; no post is dropped,
    and posts sharing an id are still scored apart. With ``quality`` heads,
    sentences also get SERVQUAL ``dimensions`` and practice fields, and posts
    a ``dimensions`` profile (share and sentiment per dimension) and ``practices``.
    """
    ids = posts["id"].tolist()
    sentences = sentence_table(pd.DataFrame({"id": range(len(ids)), "text": posts["text"].tolist()}))
    probabilities = score_sentences(sentences["text"].tolist(), analyzer, cache, progress)
    for i, name in enumerate(PROBABILITIES):
        sentences[name] = probabilities[:, i] if len(sentences) else []
    sentences["sentiment"] = [LABELS[i] for i in probabilities.argmax(axis=1)] if len(sentences) else []
    scored = aggregate_posts(sentences).set_index("post")
    result = pd.DataFrame({"position": range(len(ids))}).join(scored, on="position").drop(columns="position")
    result.insert(0, "id", ids)
    positions = sentences["post"].tolist()  # each sentence's post as its row in ``posts`` (ids may repeat)
    sentences["post"] = [ids[i] for i in positions]
    result["sentences"] = result["sentences"].fillna(0).astype(int)
    result["drivers"] = [d if isinstance(d, list) else [] for d in result["drivers"]]
    result["sentiment"] = result["sentiment"].astype(object).where(result["sentiment"].notna(), None)
    result["note"] = [None if n else "no sentence to score (empty text)" for n in result["sentences"]]
    if quality is not None:
        _add_quality(result, sentences, quality, positions)
    return result, sentences


def _add_quality(posts: pd.DataFrame, sentences: pd.DataFrame, quality: QualityHeads, positions: list[int]) -> None:
    """Dimensions and practices on sentences and posts (in place); ``positions`` gives each
    sentence's post as its row in ``posts``."""
    texts = sentences["text"].tolist()
    features = embed(texts)
    langs = sentences["lang"].tolist()
    fields = extract_in_context(texts, langs, positions)
    dimensions, learnt_practices = quality.read(features, texts, fields)
    sentences["dimensions"] = dimension_lists(dimensions)
    for f, outcome in zip(fields, quality.predict_outcome(features, [f["outcome"] for f in fields])):
        f["outcome"] = outcome
    for name, learnt in learnt_practices.items():
        for f, values in zip(fields, merge_learnt([f[name] for f in fields], learnt, langs, LEARNT_FIELDS[name].adds)):
            f[name] = values
    for name in PRACTICE_FIELDS:
        sentences[name] = [f[name] for f in fields]
    rows: dict[int, list[int]] = {}
    for row, position in enumerate(positions):
        rows.setdefault(position, []).append(row)
    profiles, practices = [], []
    for position in range(len(posts)):
        part = sentences.iloc[rows.get(position, [])]
        profiles.append(dimension_profile(part) if len(part) else None)
        practices.append(aggregate_practices(part[["sentence", *PRACTICE_FIELDS]].to_dict("records")))
    posts["dimensions"] = profiles
    posts["practices"] = practices


def score_batch(batch: dict[str, list[Any]], analyzer: Analyzer, cache: VectorCache | None = None) -> dict[str, list]:
    """``score_posts`` over a ``Dataset.map(batched=True)`` batch; adds sentiment columns."""
    posts, _ = score_posts(pd.DataFrame({"id": batch["id"], "text": batch["text"]}), analyzer, cache)
    return {column: posts[column].tolist() for column in ["sentiment", *PROBABILITIES, "drivers"]}


def _post_records(posts: pd.DataFrame) -> Iterator[dict]:
    for row in posts.to_dict("records"):
        record = {"id": row["id"], "sentiment": row["sentiment"]}
        record.update({name: None if pd.isna(row[name]) else round(float(row[name]), 4) for name in PROBABILITIES})
        record.update({"sentences": row["sentences"], "drivers": row["drivers"]})
        for extra in ("dimensions", "practices"):
            if extra in row:
                record[extra] = row[extra]
        if row["note"]:
            record["note"] = row["note"]
        yield record


def _sentence_records(sentences: pd.DataFrame) -> Iterator[dict]:
    for row in sentences.to_dict("records"):
        yield {"id": f"{row['post']}#{row['sentence']}", "post": row["post"], "sentence": row["sentence"],
               "start": row["start"], "end": row["end"], "text": row["text"], "lang": row["lang"],
               "sentiment": row["sentiment"], **{name: round(float(row[name]), 4) for name in PROBABILITIES},
               **{name: row[name] for name in ["dimensions", *PRACTICE_FIELDS] if name in row}}


def read_score_input(path: Path) -> Iterator[dict]:
    """Input records for scoring: a JSONL's records as they are, or what ingestion makes of other inputs.

    Unreadable lines and ingestion rejections come through as records with a
    ``rejected`` reason, so they get an output record too.
    """
    if path.is_file() and path.suffix.lower() in {".jsonl", ".json"}:
        with path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    yield {"id": None, "line": number, "rejected": f"malformed JSON ({error.msg})"}
                    continue
                if not isinstance(record, dict):
                    yield {"id": None, "line": number, "rejected": "not a JSON object"}
                    continue
                record.setdefault("id", f"line-{number}")
                if not isinstance(record.get("text"), str):
                    record = {"id": record["id"], "line": number, "rejected": "record has no text"}
                yield record
        return
    from cxstudy.corpus import ingest, load_corpus

    with tempfile.TemporaryDirectory(prefix="cxstudy-score-") as tmp:
        corpus_path = Path(tmp) / "corpus.jsonl"
        report = ingest([path], corpus_path, progress=False, skip_bad=True)
        if report.accepted:
            yield from load_corpus(corpus_path)[["id", "text", "lang"]].to_dict("records")
        for rejection in report.rejections:
            yield {"id": rejection.id or rejection.source.where(), "rejected": rejection.reason}


def _resume_point(out: Path, ids: list[Any]) -> int:
    """How many input records ``out`` already holds, in order; a torn last line is cut off."""
    if not out.exists():
        return 0
    lines = out.read_text(encoding="utf-8").split("\n")
    done: list[dict] = []
    for line in lines:
        try:
            done.append(json.loads(line))
        except json.JSONDecodeError:
            break
    keys = [record.get("post", record.get("id")) for record in done]
    position, count = 0, 0
    while position < len(ids) and count < len(keys) and keys[count] == ids[position]:
        while count < len(keys) and keys[count] == ids[position]:
            count += 1
        position += 1
    if count != len(keys):
        raise ValueError(f"{out}: holds records that are not the start of this input; remove it or choose another --out")
    with out.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in done)
    return position


def score_file(path: str | Path, out: str | Path, analyzer: Analyzer, level: str = "post",
               cache: VectorCache | None = None, chunk: int = 64, progress: bool | None = None,
               quality: QualityHeads | None = None) -> int:
    """Score every record of ``path`` into ``out`` (JSONL), resuming a partial ``out``; returns records written."""
    out = Path(out)
    records = list(read_score_input(Path(path)))
    ids = [r["id"] for r in records]
    start = _resume_point(out, ids)
    written = 0
    with out.open("a", encoding="utf-8") as handle, tqdm(total=len(records), initial=start, desc="scoring posts",
                                                         unit=" posts", disable=None if progress is None else not progress) as bar:
        for first in range(start, len(records), chunk):
            part = records[first: first + chunk]
            good = [r for r in part if "rejected" not in r]
            posts, sentences = score_posts(pd.DataFrame(good, columns=["id", "text"]), analyzer, cache, quality=quality)
            by_id = {r["id"]: r for r in _post_records(posts)}
            for record in part:
                if "rejected" in record:
                    lines = [{**record, "sentiment": None}]
                elif level == "sentence":
                    lines = list(_sentence_records(sentences[sentences["post"] == record["id"]])) or [
                        {"id": record["id"], "post": record["id"], "sentiment": None, "note": by_id[record["id"]]["note"]}]
                else:
                    lines = [by_id[record["id"]]]
                handle.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
                written += len(lines)
            handle.flush()
            bar.update(len(part))
    return written
