"""Dimension heads on frozen e5 embeddings against fine-tuning e5's top layers, by grouped CV.

    .venv/bin/python benchmarks/dimension_heads.py [--top 4] [--epochs 3] [--folds 5]

The shipped extractor is one balanced logistic head per SERVQUAL dimension on
frozen e5-small embeddings and character n-grams (:class:`cxstudy.quality.LogisticHeads`,
:class:`cxstudy.quality.CharGrams`). This script asks whether fine-tuning the
encoder helps the embedding part (both sides here read the embeddings only):
per fold of the same cross-validation grouped by post (no post in training and test at once), it trains the top
``--top`` transformer layers of e5 and a linear layer on the mean-pooled
sentence (class-balanced binary cross-entropy, AdamW, ``query:`` prefix,
sentences cut at 128 tokens) and prints macro-F1 per fold and overall for both.
On 2 CPU cores, one fold of the default setting takes about six minutes.

Measured on the 2,226 gold items (defaults, 2 cores, 29 min): macro-F1 per fold
0.634 / 0.613 / 0.644 / 0.632 / 0.583 fine-tuned against 0.622 / 0.602 / 0.630 /
0.627 / 0.591 frozen; over all items 0.619 against 0.615. The gain does not pay
for a second, adapted encoder pass at scoring time, so the frozen heads stay.
"""

from __future__ import annotations

import argparse
import copy
import time
from collections.abc import Iterator

import numpy as np
import torch
from sklearn.model_selection import GroupKFold

from cxstudy.encoder import embed, get_encoder
from cxstudy.evaluate import compare_dimensions
from cxstudy.gold import read_gold
from cxstudy.quality import LogisticHeads, label_matrix

SEED = 13


def macro_f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    """Macro-F1 over the five dimensions, as ``cxstudy evaluate quality`` reports it."""
    return float(compare_dimensions(gold, predicted).set_index("dimension").loc["macro", "f1"])


def batches(ids: list[list[int]], rows: np.ndarray, size: int, shuffle: bool, tokenizer) -> Iterator[tuple[np.ndarray, dict]]:
    """Padded batches of tokenised sentences: shuffled for training, length-sorted for prediction."""
    rng = np.random.default_rng(SEED)
    order = rng.permutation(rows) if shuffle else rows[np.argsort([len(ids[i]) for i in rows], kind="stable")]
    for start in range(0, len(order), size):
        chosen = order[start:start + size]
        yield chosen, tokenizer.pad({"input_ids": [ids[i] for i in chosen]}, return_tensors="pt")


def pooled(model: torch.nn.Module, batch: dict) -> torch.Tensor:
    """Mean-pooled, L2-normalised last hidden states (as the encoder computes its embeddings)."""
    hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    return torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)


def fine_tuned_probabilities(ids: list[list[int]], targets: np.ndarray, train: np.ndarray, test: np.ndarray,
                             top: int, epochs: int) -> np.ndarray:
    """P(dimension) on ``test`` after fine-tuning the top ``top`` layers of e5 on ``train``."""
    encoder = get_encoder()
    model = copy.deepcopy(encoder.model).train()
    for parameter in model.parameters():
        parameter.requires_grad = False
    layers = model.encoder.layer[-top:]
    for parameter in layers.parameters():
        parameter.requires_grad = True
    head = torch.nn.Linear(encoder.dim, targets.shape[1])
    share = targets[train].mean(axis=0)
    loss = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((1 - share) / np.maximum(share, 1e-3), dtype=torch.float32))
    optimiser = torch.optim.AdamW([{"params": layers.parameters(), "lr": 3e-5}, {"params": head.parameters(), "lr": 2e-3}],
                                  weight_decay=0.01)
    for _ in range(epochs):
        for rows, batch in batches(ids, train, 16, True, encoder.tokenizer):
            value = loss(head(pooled(model, batch) * 10), torch.tensor(targets[rows], dtype=torch.float32))
            optimiser.zero_grad()
            value.backward()
            optimiser.step()
    model.eval()
    out = np.zeros((len(targets), targets.shape[1]), dtype=np.float32)
    with torch.inference_mode():
        for rows, batch in batches(ids, test, 64, False, encoder.tokenizer):
            out[rows] = torch.sigmoid(head(pooled(model, batch) * 10)).numpy()
    return out[test]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=4, help="transformer layers to fine-tune, from the top (default 4)")
    parser.add_argument("--epochs", type=int, default=3, help="training epochs per fold (default 3)")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds, grouped by post (default 5)")
    args = parser.parse_args()
    torch.manual_seed(SEED)
    gold = read_gold()
    targets = label_matrix(gold["dimensions"])
    features = embed(gold["text"].tolist())
    ids = get_encoder().tokenizer(["query: " + t for t in gold["text"]], truncation=True, max_length=128)["input_ids"]
    frozen, tuned = np.zeros_like(targets), np.zeros_like(targets)
    start = time.time()
    splits = GroupKFold(n_splits=args.folds, shuffle=True, random_state=SEED).split(features, groups=gold["post"])
    for fold, (train, test) in enumerate(splits):
        frozen[test] = LogisticHeads.fit(features[train], targets[train]).predict(features[test])
        tuned[test] = fine_tuned_probabilities(ids, targets, train, test, args.top, args.epochs) >= 0.5
        print(f"fold {fold}: frozen e5 + logistic heads {macro_f1(targets[test], frozen[test]):.3f}, "
              f"top {args.top} layers fine-tuned {macro_f1(targets[test], tuned[test]):.3f} ({time.time() - start:.0f} s)",
              flush=True)
    print(f"all {len(gold)} gold items: frozen {macro_f1(targets, frozen):.3f}, fine-tuned {macro_f1(targets, tuned):.3f}")


if __name__ == "__main__":
    main()
