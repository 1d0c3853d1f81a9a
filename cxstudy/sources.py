"""Named corpora the study reads, each with its provenance.

>>> seed_corpus()["lang"].tolist()
['it', 'it', 'it', 'es', 'it']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cxstudy.corpus import load_corpus

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED_RAW = DATA / "raw"
SEED_CORPUS = DATA / "corpus.jsonl"


def seed_corpus() -> pd.DataFrame:
    """The five seed posts (Italian and Spanish blog and forum posts), as ingested.

    Provenance and licence: ``data/README.md``. Rebuild with
    ``cxstudy ingest data/raw --out data/corpus.jsonl``.
    """
    return load_corpus(SEED_CORPUS)
