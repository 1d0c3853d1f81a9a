"""From sentence scores to post scores, with the sentences that drove them.

A post is never truncated: every sentence is scored and the post's
probabilities are the mean of its sentences' probabilities, weighted by the
square root of sentence length (long sentences say more, but a rambling one
should not drown out a short verdict). Drivers are the sentences whose
polarity (p_positive - p_negative), times their weight, moved the post most in
each direction, so a post that praises the workshop and condemns customer
service shows both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxstudy.sentiment import LABELS

PROBABILITIES = [f"p_{label}" for label in LABELS]
MAX_DRIVERS = 3
# A sentence drives a post only if its own label is polar with at least this probability.
DRIVER_FLOOR = 0.5


def sentence_weights(words: pd.Series) -> np.ndarray:
    """Aggregation weight of each sentence: the square root of its length in words (at least 1)."""
    return np.sqrt(np.maximum(words.to_numpy(dtype=float), 1.0))


def drivers(sentences: pd.DataFrame, max_drivers: int = MAX_DRIVERS) -> list[dict]:
    """The sentences of one post that pushed it most towards negative and towards positive."""
    weights = sentence_weights(sentences["words"])
    polarity = sentences["p_positive"].to_numpy() - sentences["p_negative"].to_numpy()
    contribution = weights * polarity / weights.sum()
    chosen = []
    for label, sign in (("negative", -1), ("positive", 1)):
        strong = np.flatnonzero((np.sign(polarity) == sign) & (sentences[f"p_{label}"].to_numpy() >= DRIVER_FLOOR))
        for i in strong[np.argsort(-np.abs(contribution[strong]), kind="stable")][:max_drivers]:
            row = sentences.iloc[i]
            chosen.append({"sentence": int(row["sentence"]), "text": row["text"], "label": label,
                           "probability": round(float(row[f"p_{label}"]), 4),
                           "contribution": round(float(contribution[i]), 4)})
    return chosen


def aggregate_posts(sentences: pd.DataFrame, max_drivers: int = MAX_DRIVERS) -> pd.DataFrame:
    """One row per post (in first-seen order): sentence count, probabilities, label, drivers.

    ``sentences`` needs ``post``, ``sentence``, ``text``, ``words`` and the
    ``p_negative``/``p_neutral``/``p_positive`` columns.
    """
    rows = []
    for post, part in sentences.groupby("post", sort=False):
        weights = sentence_weights(part["words"])
        probabilities = (part[PROBABILITIES].to_numpy() * weights[:, None]).sum(axis=0) / weights.sum()
        rows.append({"post": post, "sentences": len(part),
                     **{name: float(p) for name, p in zip(PROBABILITIES, probabilities)},
                     "sentiment": LABELS[int(np.argmax(probabilities))],
                     "drivers": drivers(part, max_drivers)})
    return pd.DataFrame(rows, columns=["post", "sentences", *PROBABILITIES, "sentiment", "drivers"])
