"""The study's scored corpora, each computed once and cached on disk by content hash.

The book's chapters call these functions; the expensive part (encoding
sentences) is cached in the user cache, so a rebuild after editing prose
recomputes nothing.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from cxstudy.cache import VectorCache
from cxstudy.quality import QualityHeads
from cxstudy.scoring import score_posts
from cxstudy.sentiment import create_analyzer
from cxstudy.sources import seed_corpus
from cxstudy.tables import clip

SEED_LABELS = {"000": "Lexus", "001": "treadmill maker", "002": "LEGO", "003": "Spanish dealer", "004": "Wind/Infostrada"}


def post_label(post_id: str) -> str:
    """A short reader's name for a seed post ("002 LEGO")."""
    return f"{post_id[:3]} {SEED_LABELS.get(post_id[:3], '')}".strip()


@cache
def seed_scores() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seed posts scored: post frame (sentiment, drivers, dimensions, practices) and sentence frame."""
    corpus = seed_corpus()
    posts, sentences = score_posts(corpus[["id", "text"]], create_analyzer(), VectorCache(),
                                   quality=QualityHeads.load())
    posts.insert(1, "post", posts["id"].map(post_label))
    posts.insert(2, "target", corpus["target_brand"].fillna("(unnamed)").to_numpy())
    sentences["label"] = sentences["post"].map(post_label)
    return posts, sentences


@cache
def airline_scores(split: str = "test") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The airline tweets of one split (default: the held-out test split, never seen in training),
    scored with quality; the human label is kept as ``human``."""
    from cxstudy.labelled import airline_tweets

    tweets = airline_tweets()
    tweets = tweets[tweets["split"] == split].reset_index(drop=True)
    posts, sentences = score_posts(tweets[["id", "text"]], create_analyzer(), VectorCache(),
                                   quality=QualityHeads.load())
    posts["airline"] = tweets["airline"].to_numpy()
    posts["human"] = tweets["label"].to_numpy()
    sentences["airline"] = sentences["post"].map(dict(zip(tweets["id"], tweets["airline"])))
    return posts, sentences


def practice_flags(posts: pd.DataFrame) -> pd.DataFrame:
    """Yes/no columns from the ``practices`` of scored posts: each channel and remedy, any delay,
    resolved, churn and word of mouth."""
    from cxstudy.quality import load_codebook

    values = load_codebook()["practices"]
    flags = pd.DataFrame(index=posts.index)
    for channel in values["channels"]["values"]:
        flags[f"channel: {channel}"] = posts["practices"].map(lambda p, c=channel: c in p["channels"])
    for remedy in values["remedies"]["values"]:
        flags[f"remedy: {remedy}"] = posts["practices"].map(lambda p, r=remedy: r in p["remedies"])
    flags["a delay mentioned"] = posts["practices"].map(lambda p: bool(p["delays"]))
    flags["outcome: resolved"] = posts["practices"].map(lambda p: p["outcome"] == "resolved")
    flags["outcome: unresolved"] = posts["practices"].map(lambda p: p["outcome"] == "unresolved")
    flags["churn"] = posts["practices"].map(lambda p: p["churn"]["present"])
    flags["word of mouth"] = posts["practices"].map(lambda p: p["word_of_mouth"]["present"])
    return flags


def reading(post_id: str) -> dict[str, pd.DataFrame]:
    """One seed post read by the toolkit: its verdict (with the toolkit's and the annotators' sentence
    labels counted side by side), drivers, the practices found in each sentence, and the sentences
    carrying each dimension (long texts clipped)."""
    posts, sentences = seed_scores()
    post = posts[posts["id"] == post_id].iloc[0]
    part = sentences[sentences["post"] == post_id]
    annotated = _seed_gold().query("post == @post_id")["sentiment"]
    verdict = pd.DataFrame([{"post": post["post"], "target": post["target"], "sentences": post["sentences"],
                             "sentiment": post["sentiment"], "p_negative": post["p_negative"],
                             "p_neutral": post["p_neutral"], "p_positive": post["p_positive"],
                             "sentences − / 0 / + (toolkit)": _counts(part["sentiment"]),
                             "sentences − / 0 / + (annotators)": _counts(annotated)}])
    drivers = pd.DataFrame(post["drivers"], columns=["sentence", "label", "probability", "contribution", "text"])
    drivers["text"] = drivers["text"].map(clip)
    rows = []
    for row in part.itertuples():
        found = [f"channel: {c}" for c in row.channels]
        found += [f"delay: {d['days']:g} days ({d['awaited']})" for d in row.delays]
        found += [f"outcome: {row.outcome}"] if row.outcome != "unclear" else []
        found += [f"remedy: {r}" for r in row.remedies]
        found += [f"churn ({row.churn['rival'] or 'no rival named'})"] if row.churn["present"] else []
        found += ([f"word of mouth ({row.word_of_mouth['polarity'] or 'polarity unclear'})"]
                  if row.word_of_mouth["present"] else [])
        if found:
            rows.append({"sentence": row.sentence, "found": "; ".join(found), "text": clip(row.text)})
    practices = pd.DataFrame(rows, columns=["sentence", "found", "text"])
    dimensions = (part.explode("dimensions").query("dimensions != 'none'")
                  .assign(polarity=lambda t: t["p_positive"] - t["p_negative"])
                  .groupby("dimensions").agg(sentences=("sentence", lambda s: ", ".join(map(str, s))),
                                             mean_polarity=("polarity", "mean"))
                  .reset_index().rename(columns={"dimensions": "dimension"}))
    return {"verdict": verdict, "drivers": drivers, "practices": practices, "dimensions": dimensions}


@cache
def _seed_gold() -> pd.DataFrame:
    from cxstudy.gold import read_gold

    gold = read_gold()
    return gold[gold["source"] == "seed"].reset_index(drop=True)


def _counts(labels: pd.Series) -> str:
    """"negative / neutral / positive" counts of sentence labels."""
    return " / ".join(str(int((labels == label).sum())) for label in ("negative", "neutral", "positive"))


def post_strip(post_id: str):
    """The sentence-by-sentence sentiment strip of one seed post (a matplotlib figure)."""
    from cxstudy.figures import sentiment_strip

    _, sentences = seed_scores()
    return sentiment_strip(sentences[sentences["post"] == post_id], post_label(post_id))


def show_reading(post_id: str) -> None:
    """Display a seed post's reading in a notebook: verdict, drivers, practices, dimensions."""
    from IPython.display import Markdown, display

    titles = {"verdict": "The verdict", "drivers": "The sentences that drove it",
              "practices": "Practices, with the sentence each comes from",
              "dimensions": "The sentences carrying each dimension"}
    for name, table in reading(post_id).items():
        display(Markdown(f"**{titles[name]}**"))
        if name == "verdict":  # one row: shown as a column of fields
            display(table.T.rename(columns={0: ""}).style.format(precision=2))
        else:
            display(table.style.hide(axis="index").format(precision=2))
