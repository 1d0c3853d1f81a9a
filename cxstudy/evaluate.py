"""Metrics with uncertainty: macro-F1, accuracy, Cohen's κ, calibration error.

Intervals are percentile bootstrap intervals from ``scipy.stats.bootstrap``
over items (paired resampling of gold and predicted labels).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
