"""SERVQUAL dimensions per sentence, and sentiment per dimension.

Two extractors on the shared e5 embeddings, both multi-label:

- ``ZeroShot``: cosine similarity of a sentence to each dimension's
  prototype texts (its codebook definition and examples, and the ``none``
  definition). A dimension is predicted when it is within ``margin`` of the
  best dimension and closer than ``none``. Nothing is learnt from labels.
- ``LogisticHeads``: one balanced logistic head per dimension, trained on the
  gold set, evaluated by cross-validation grouped by post.

The same heads, on e5 embeddings plus the pattern extractor's reading, give
each sentence's outcome (resolved, unresolved, unclear); ``QualityHeads``
holds both.

Sentiment per dimension is the sentiment of the sentences carrying it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from cxstudy.encoder import embed
from cxstudy.sentiment import HEADS
from cxstudy.sources import DATA

CODEBOOK = DATA / "codebook.yml"
DIMENSIONS: tuple[str, ...] = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
OUTCOMES: tuple[str, ...] = ("resolved", "unresolved", "unclear")
OUTCOME_C = 1.0  # chosen among 0.3, 1 and 3 by the grouped cross-validation that reports the head (slightly optimistic)
DEFAULT_QUALITY_HEADS = HEADS / "quality-e5.json"


@cache
def load_codebook(path: str | Path = CODEBOOK) -> dict:
    """The codebook as a dict (see ``data/codebook.yml``)."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def prototypes(codebook: dict | None = None) -> dict[str, list[str]]:
    """Prototype texts per dimension and for ``none``: definition and examples."""
    values = (codebook or load_codebook())["dimensions"]["values"]
    return {name: [entry["definition"]] + [example["text"] for example in entry.get("examples", [])]
            for name, entry in values.items()}


@dataclass
class ZeroShot:
    """Dimensions by similarity to codebook prototypes."""

    margin: float = 0.01
    name: str = "zero-shot"

    def __post_init__(self) -> None:
        texts = prototypes()
        self._centroids = {}
        for label, examples in texts.items():
            centre = embed(examples).mean(axis=0)
            self._centroids[label] = centre / np.linalg.norm(centre)

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Cosine to each of DIMENSIONS, (n, 5)."""
        return features @ np.stack([self._centroids[d] for d in DIMENSIONS]).T

    def predict(self, features: np.ndarray) -> np.ndarray:
        """Boolean (n, 5): dimension within ``margin`` of the best and above ``none``."""
        similarity = self.scores(features)
        none = features @ self._centroids["none"]
        best = similarity.max(axis=1, keepdims=True)
        return (similarity >= best - self.margin) & (similarity > none[:, None])


@dataclass
class LogisticHeads:
    """One balanced logistic head per label on a feature matrix (e5 embeddings, optionally more)."""

    labels: tuple[str, ...] = DIMENSIONS
    coef: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    intercept: np.ndarray = field(default_factory=lambda: np.zeros(0))
    threshold: float = 0.5

    @classmethod
    def fit(cls, features: np.ndarray, targets: np.ndarray, labels: tuple[str, ...] = DIMENSIONS, c: float = 3.0,
            seed: int = 13) -> "LogisticHeads":
        """Fit on (n, d) features and boolean (n, len(labels)) targets; a label never seen gets a never-firing head.

        For the dimensions ``c`` = 3 was chosen among 0.1, 0.3, 1, 3 and 10 by the grouped
        cross-validation on the gold set that also reports the heads' scores (macro-F1 0.45-0.52
        across that range), so the reported figure is slightly optimistic.
        """
        from sklearn.linear_model import LogisticRegression

        coef = np.zeros((len(labels), features.shape[1]), dtype=np.float32)
        intercept = np.full(len(labels), -10.0, dtype=np.float32)
        for j in range(len(labels)):
            if targets[:, j].any() and not targets[:, j].all():
                model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=seed)
                model.fit(features, targets[:, j])
                coef[j], intercept[j] = model.coef_[0], model.intercept_[0]
        return cls(tuple(labels), coef, intercept)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """P(label | item) of each head, (n, len(labels))."""
        return 1 / (1 + np.exp(-(features @ self.coef.T + self.intercept)))

    def predict(self, features: np.ndarray) -> np.ndarray:
        """Boolean (n, len(labels)): every label whose head fires (multi-label)."""
        return self.probabilities(features) >= self.threshold

    def choose(self, features: np.ndarray) -> list[str]:
        """The one most probable label per item (single-label)."""
        return [self.labels[j] for j in self.probabilities(features).argmax(axis=1)]

    def to_dict(self) -> dict:
        """Labels, weights and threshold, for JSON."""
        return {"labels": list(self.labels), "coef": self.coef.round(7).tolist(),
                "intercept": self.intercept.round(7).tolist(), "threshold": self.threshold}

    @classmethod
    def from_dict(cls, payload: dict) -> "LogisticHeads":
        """Inverse of :meth:`to_dict`."""
        return cls(tuple(payload["labels"]), np.asarray(payload["coef"], dtype=np.float32),
                   np.asarray(payload["intercept"], dtype=np.float32), payload["threshold"])


def outcome_matrix(outcomes: Sequence[str]) -> np.ndarray:
    """Boolean (n, 3): each item's outcome as one-hot over OUTCOMES."""
    return np.array([[value == o for o in OUTCOMES] for value in outcomes], dtype=bool).reshape(-1, len(OUTCOMES))


def outcome_features(embeddings: np.ndarray, patterns: Sequence[str]) -> np.ndarray:
    """The outcome head's input: e5 embeddings with the outcome the patterns read
    (:func:`cxstudy.practices.find_outcome`, one-hot) appended."""
    return np.hstack([embeddings, outcome_matrix(patterns).astype(np.float32)])


@dataclass
class QualityHeads:
    """The trained quality model: dimension heads (multi-label) and the outcome head (single-label)."""

    dimensions: LogisticHeads
    outcome: LogisticHeads
    card: dict = field(default_factory=dict)

    def predict_dimensions(self, embeddings: np.ndarray) -> np.ndarray:
        """Boolean (n, 5) dimensions of sentences from their e5 embeddings."""
        return self.dimensions.predict(embeddings)

    def predict_outcome(self, embeddings: np.ndarray, patterns: Sequence[str]) -> list[str]:
        """resolved, unresolved or unclear per sentence, from its embedding and the patterns' outcome."""
        return self.outcome.choose(outcome_features(embeddings, patterns)) if len(patterns) else []

    def save(self, path: str | Path = DEFAULT_QUALITY_HEADS) -> None:
        """Both heads and the card as JSON."""
        payload = {"dimensions": self.dimensions.to_dict(), "outcome": self.outcome.to_dict(), "card": self.card}
        Path(path).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path = DEFAULT_QUALITY_HEADS) -> "QualityHeads":
        """Read heads written by :meth:`save`."""
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(LogisticHeads.from_dict(payload["dimensions"]), LogisticHeads.from_dict(payload["outcome"]),
                   payload.get("card", {}))


def label_matrix(dimensions: pd.Series) -> np.ndarray:
    """Boolean (n, 5) from lists of dimension names (``none`` = all False)."""
    return np.array([[d in set(row) for d in DIMENSIONS] for row in dimensions], dtype=bool)


def dimension_lists(matrix: np.ndarray) -> list[list[str]]:
    """Lists of dimension names from a boolean (n, 5) matrix; ``["none"]`` for an empty row."""
    return [[d for d, on in zip(DIMENSIONS, row) if on] or ["none"] for row in matrix]


def cross_validated(features: np.ndarray, targets: np.ndarray, groups: np.ndarray, labels: tuple[str, ...] = DIMENSIONS,
                    c: float = 3.0, folds: int = 5, seed: int = 13) -> np.ndarray:
    """Out-of-fold probabilities (n, len(labels)) of LogisticHeads, folds grouped so no post is in
    train and test at once."""
    from sklearn.model_selection import GroupKFold

    probabilities = np.zeros(targets.shape, dtype=float)
    for train, test in GroupKFold(n_splits=folds, shuffle=True, random_state=seed).split(features, groups=groups):
        heads = LogisticHeads.fit(features[train], targets[train], labels, c=c, seed=seed)
        probabilities[test] = heads.probabilities(features[test])
    return probabilities


def dimension_profile(sentences: pd.DataFrame) -> dict[str, dict[str, float | None]]:
    """For each dimension: share of the post's sentences carrying it, and their mean polarity.

    ``sentences`` needs ``dimensions`` (lists), ``p_positive`` and ``p_negative``.
    Polarity is p_positive - p_negative, in [-1, 1]; None where no sentence carries the dimension.
    """
    polarity = (sentences["p_positive"] - sentences["p_negative"]).to_numpy()
    matrix = label_matrix(sentences["dimensions"])
    profile = {}
    for j, name in enumerate(DIMENSIONS):
        carrying = matrix[:, j]
        profile[name] = {"share": round(float(carrying.mean()), 4) if len(carrying) else 0.0,
                         "sentiment": round(float(polarity[carrying].mean()), 4) if carrying.any() else None}
    return profile
