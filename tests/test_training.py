"""The committed head is reproducible from installed data by the project's own pipeline."""

import numpy as np

from cxstudy.sentiment import DEFAULT_HEAD, Head
from cxstudy.encoder import embed
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
