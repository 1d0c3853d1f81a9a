"""Sentence sentiment: calibrated heads on the shared encoder, and other backends.

One entry point, :func:`create_analyzer`, returns an analyzer whose
``predict`` maps sentences to calibrated probabilities over
``("negative", "neutral", "positive")``. Backends:

- ``e5`` (default): the project's own small head (logistic or one hidden
  layer, chosen on validation) on frozen multilingual-e5-small embeddings,
  temperature-scaled on a validation split.
  The trained head ships in ``cxstudy/heads/`` with its model card.
- ``hf:<model id or folder>``: any ``AutoModelForSequenceClassification``;
  labels are mapped by name (neg/neu/pos) or, for three anonymous labels, by
  order.
- ``lexicon``: a transparent word-list baseline (PatternLite for Italian and
  English, VADER's emoji lexicon for emoji), for comparison.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax

LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
HEADS = Path(__file__).resolve().parent / "heads"
DEFAULT_HEAD = HEADS / "sentiment-e5.npz"
E5_PREFIX = "query: "


class Analyzer(Protocol):
    """Anything that turns sentences into probabilities over LABELS."""

    name: str
    identity: str  # changes whenever the backend's outputs may change (cache key)

    def predict(self, texts: list[str]) -> np.ndarray:
        """An (n, 3) array of probabilities, rows summing to one."""


@dataclass
class Head:
    """A small feed-forward head (logistic or one hidden ReLU layer) with a calibration temperature.

    ``weights[i]`` is (inputs, outputs) of layer i; the last layer gives the
    logits over LABELS.
    """

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    temperature: float = 1.0
    card: dict = field(default_factory=dict)

    def logits(self, features: np.ndarray) -> np.ndarray:
        """Uncalibrated logits, (n, 3)."""
        hidden = np.asarray(features, dtype=np.float32)
        for i, (weight, bias) in enumerate(zip(self.weights, self.biases)):
            hidden = hidden @ weight + bias
            if i < len(self.weights) - 1:
                hidden = np.maximum(hidden, 0)
        return hidden

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, (n, 3)."""
        return softmax(self.logits(features) / self.temperature, axis=1)

    def save(self, path: str | Path) -> None:
        """Weights (float32), temperature and model card in one ``.npz`` file."""
        arrays = {f"weight{i}": w.astype(np.float32) for i, w in enumerate(self.weights)}
        arrays |= {f"bias{i}": b.astype(np.float32) for i, b in enumerate(self.biases)}
        np.savez_compressed(path, labels=np.array(LABELS), temperature=np.float64(self.temperature),
                            card=np.array(json.dumps(self.card, ensure_ascii=False)), **arrays)

    @classmethod
    def load(cls, path: str | Path = DEFAULT_HEAD) -> "Head":
        """Read a head written by :meth:`save`."""
        with np.load(path) as data:
            if tuple(data["labels"]) != LABELS:
                raise ValueError(f"{path}: labels {list(data['labels'])} are not {list(LABELS)}")
            layers = sum(1 for name in data.files if name.startswith("weight"))
            return cls([data[f"weight{i}"] for i in range(layers)], [data[f"bias{i}"] for i in range(layers)],
                       float(data["temperature"]), json.loads(str(data["card"])))


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature minimising negative log-likelihood of ``labels`` (Guo et al., 2017)."""
    def nll(log_t: float) -> float:
        return -log_softmax(logits / np.exp(log_t), axis=1)[np.arange(len(labels)), labels].mean()

    return float(np.exp(minimize_scalar(nll, bounds=(-3, 3), method="bounded").x))


def train_head(features: np.ndarray, labels: np.ndarray, val_features: np.ndarray, val_labels: np.ndarray,
               *, seed: int = 13, hidden: int = 0, c: float = 1.0, alpha: float = 1e-2, balanced: bool = True) -> Head:
    """Fit a head on label indices into LABELS, then its temperature on the validation split.

    ``hidden=0``: multinomial logistic regression with inverse regularisation
    ``c``; otherwise one hidden ReLU layer of that width (L2 ``alpha``, early
    stopping on a 10% split of the training data). Classes are weighted to
    count equally (``balanced``): the training tweets' label shares (43%
    negative, 18% positive) are a property of Twitter, not of the posts the
    head will score, so the head should not learn them as a prior.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    from sklearn.utils.class_weight import compute_sample_weight

    weight = compute_sample_weight("balanced", labels) if balanced else None
    if hidden:
        model = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=alpha, early_stopping=True, random_state=seed,
                              max_iter=200)
        model.fit(features, labels, sample_weight=weight)
        weights, biases = [w.astype(np.float32) for w in model.coefs_], [b.astype(np.float32) for b in model.intercepts_]
    else:
        model = LogisticRegression(C=c, max_iter=3000, random_state=seed)
        model.fit(features, labels, sample_weight=weight)
        weights, biases = [model.coef_.T.astype(np.float32)], [model.intercept_.astype(np.float32)]
    order = [list(model.classes_).index(i) for i in range(len(LABELS))]
    weights[-1], biases[-1] = weights[-1][:, order], biases[-1][order]
    head = Head(weights, biases)
    head.temperature = fit_temperature(head.logits(val_features), val_labels)
    return head


@dataclass
class E5Analyzer:
    """The default backend: a trained head on multilingual-e5-small sentence embeddings."""

    head: Head
    encoder: Any = None  # a cxstudy.encoder.Encoder; the shared one when None
    batch_size: int = 16
    name: str = "e5"

    @property
    def identity(self) -> str:
        """Backend, encoder and a hash of the head's weights."""
        digest = hashlib.sha256(b"".join(a.tobytes() for a in self.head.weights + self.head.biases)
                                + str(self.head.temperature).encode()).hexdigest()[:16]
        return f"e5:multilingual-e5-small:{digest}"

    def predict(self, texts: list[str]) -> np.ndarray:
        from cxstudy.encoder import embed

        if self.encoder is None:  # the shared encoder, embeddings cached for reuse (e.g. by the quality heads)
            return self.head.predict_proba(embed(list(texts)))
        return self.head.predict_proba(self.encoder.encode(list(texts), prefix=E5_PREFIX, batch_size=self.batch_size))


def _label_order(id2label: dict[int, str]) -> list[int]:
    """Model output index for each of LABELS, from the model's label names."""
    names = {int(i): str(name).lower() for i, name in id2label.items()}
    found = []
    for stem in ("neg", "neu", "pos"):
        matches = [i for i, name in names.items() if name.startswith(stem)]
        found.append(matches[0] if len(matches) == 1 else None)
    if None not in found:
        return found
    if len(names) == 3:
        return [0, 1, 2]
    raise ValueError(f"cannot map model labels {sorted(names.values())} onto {LABELS}")


@dataclass
class HFAnalyzer:
    """Any local or hub sequence-classification model (hub ids need a network)."""

    model_id: str
    batch_size: int = 32
    max_length: int = 512
    name: str = ""
    identity: str = ""

    def __post_init__(self) -> None:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        self.name = self.name or f"hf:{self.model_id}"
        from cxstudy.encoder import quiet_transformers

        self.tokenizer = AutoTokenizer.from_pretrained(self.model_id)
        with quiet_transformers():
            self.model = AutoModelForSequenceClassification.from_pretrained(self.model_id).eval()
        self.order = _label_order(self.model.config.id2label)
        positions = getattr(self.model.config, "max_position_embeddings", None) or self.max_length
        self.max_length = min(self.max_length, positions - 2, self.tokenizer.model_max_length)
        with torch.no_grad():
            weights = sum(float(p.double().sum()) for p in self.model.parameters())
        config = self.model.config.to_json_string()
        self.identity = f"hf:{self.model_id}:{hashlib.sha256(f'{config}{weights!r}'.encode()).hexdigest()[:16]}"

    def predict(self, texts: list[str]) -> np.ndarray:
        import torch

        texts = list(texts)
        order = np.argsort([len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), len(LABELS)), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                index = order[start: start + self.batch_size]
                batch = self.tokenizer([texts[i] for i in index], padding=True, truncation=True,
                                       max_length=self.max_length, return_tensors="pt")
                logits = self.model(**batch).logits[:, self.order]
                out[index] = torch.softmax(logits.float(), dim=-1).numpy()
        return out


def create_analyzer(task: str = "sentiment", backend: str = "e5") -> Analyzer:
    """The analyzer for ``task`` with ``backend`` (``e5``, ``lexicon`` or ``hf:<id or folder>``).

    >>> create_analyzer(backend="lexicon").name
    'lexicon'
    """
    if task != "sentiment":
        raise ValueError(f"unknown task {task!r}; cxstudy has: sentiment")
    if backend == "e5":
        return _default_e5()
    if backend == "lexicon":
        from cxstudy.lexicon import LexiconAnalyzer

        return LexiconAnalyzer()
    if backend.startswith("hf:"):
        return HFAnalyzer(backend[3:])
    raise ValueError(f"unknown backend {backend!r}; use e5, lexicon or hf:<model id or folder>")


@cache
def _default_e5() -> E5Analyzer:
    return E5Analyzer(Head.load(DEFAULT_HEAD))


def default_head() -> Head:
    """The shipped sentiment head (the ``e5`` backend's), loaded once."""
    return _default_e5().head
