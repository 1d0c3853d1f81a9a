"""The committed head is reproducible from installed data by the project's own pipeline."""

import numpy as np
import pytest

from cxstudy.encoder import embed
from cxstudy.sentiment import DEFAULT_HEAD, Head
from cxstudy.sources import ABSITA, SFU
from cxstudy.training import _data_fingerprint, train_sentiment, training_data


def test_committed_head_was_trained_on_the_installed_data():
    card = Head.load(DEFAULT_HEAD).card
    data = training_data()
    assert card["data"]["fingerprint_sha256"] == _data_fingerprint(data)
    assert card["data"]["rows"] == data["split"].value_counts().to_dict()
    assert card["seed"] == 13 and card["data"]["limit"] is None
    assert set(card["test_metrics"]) == {"en", "es"}


def test_retraining_on_a_subset_is_deterministic_and_agrees_with_the_committed_head():
    first = train_sentiment(out=None, limit=600, candidates=({"hidden": 0, "c": 1.0},))
    second = train_sentiment(out=None, limit=600, candidates=({"hidden": 0, "c": 1.0},))
    assert all(np.array_equal(a, b) for a, b in zip(first.weights, second.weights))
    assert first.temperature == second.temperature
    assert first.card["data"]["rows"]["test"] > 50
    test = training_data(limit=600).query("split == 'test'")
    features = embed(test["text"].tolist())
    committed = Head.load(DEFAULT_HEAD).predict_proba(features).argmax(axis=1)
    retrained = first.predict_proba(features).argmax(axis=1)
    assert (committed == retrained).mean() > 0.6


@pytest.mark.skipif(not (ABSITA.exists() and SFU.exists()), reason="the gold set's review items need ../shared/validation")
def test_the_committed_quality_heads_are_what_training_writes_now(tmp_path):
    """`cxstudy train quality` on the committed gold set reproduces the shipped heads (so they are not stale),
    and writes them with a card a person can read."""
    from cxstudy.gold import read_gold
    from cxstudy.practices import extract_table
    from cxstudy.quality import QualityHeads
    from cxstudy.training import train_quality

    trained = train_quality(out=tmp_path / "quality.npz")
    again, shipped = QualityHeads.load(tmp_path / "quality.npz"), QualityHeads.load()
    assert again.card == trained.card and again.card["items"] == shipped.card["items"]
    assert f"- training items: {trained.card['training_items']}" in (tmp_path / "quality.md").read_text(encoding="utf-8")
    gold = read_gold()
    texts = gold["text"].tolist()
    embeddings, fields = embed(texts), extract_table(gold)
    (new, new_practices), (old, old_practices) = again.read(embeddings, texts, fields), shipped.read(embeddings, texts, fields)
    assert (new == old).mean() > 0.995
    for name in old_practices:
        assert np.mean([a == b for a, b in zip(new_practices[name], old_practices[name])]) > 0.995
