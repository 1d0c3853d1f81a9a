import numpy as np
import pandas as pd
import pytest

from cxstudy.encoder import embed
from cxstudy.practices import extract_practices
from cxstudy.quality import (CHANNEL_LABELS, DIMENSIONS, LEARNT_FIELDS, OUTCOMES, READING_WEIGHT, REMEDY_LABELS, CharGrams,
                             LogisticHeads, QualityHeads, ZeroShot, cross_validated, dimension_lists, dimension_profile,
                             dimension_input, label_matrix, load_codebook, outcome_features, prototypes, readings, value_lists)
from cxstudy.sentiment import create_analyzer


def test_codebook_defines_every_dimension_with_examples_in_three_languages():
    codebook = load_codebook()
    values = codebook["dimensions"]["values"]
    assert set(values) == set(DIMENSIONS) | {"none"}
    for name in DIMENSIONS:
        assert {e["lang"] for e in values[name]["examples"]} == {"it", "es", "en"}
    assert set(prototypes()) == set(DIMENSIONS) | {"none"}


def test_label_matrix_round_trip():
    lists = [["reliability", "empathy"], ["none"], ["tangibles"]]
    matrix = label_matrix(pd.Series(lists))
    assert matrix.shape == (3, 5) and matrix.sum() == 3
    assert dimension_lists(matrix) == lists


def synthetic(n=300, seed=0):
    """Unit-length 384-dimensional features (as e5's) that carry five random labels, and the labels."""
    rng = np.random.default_rng(seed)
    labels = rng.random((n, 5)) < 0.3
    directions = rng.normal(size=(5, 384))
    features = labels.astype(float) @ directions + rng.normal(scale=0.3, size=(n, 384))
    return (features / np.linalg.norm(features, axis=1, keepdims=True)).astype(np.float32), labels


def words(labels):
    """A text per row naming its labels in words (the lexical signal the n-grams read)."""
    return [" ".join(name for name, on in zip(DIMENSIONS, row) if on) or "niente" for row in labels]


def test_heads_learn_and_round_trip(tmp_path):
    features, labels = synthetic()
    texts = words(labels)
    fields = [extract_practices(text, "en") for text in texts]
    grams = CharGrams.fit(texts[:200], min_df=1)
    inputs = grams.features(features, texts)
    with_readings = dimension_input(inputs, features, fields)
    heads = LogisticHeads.fit(with_readings[:200], labels[:200])
    accuracy = (heads.predict(with_readings[200:]) == labels[200:]).mean()
    assert accuracy > 0.9
    single = labels[:, :3] & (np.cumsum(labels[:, :3], axis=1) == 1)  # first true label only
    single[~single.any(axis=1), 2] = True
    outcome = LogisticHeads.fit(features[:200], single[:200], OUTCOMES)
    chosen = outcome.choose(features[200:])
    assert np.mean([OUTCOMES.index(c) == row.argmax() for c, row in zip(chosen, single[200:])]) > 0.8
    remedies = LogisticHeads.fit(inputs[:200], labels[:200], REMEDY_LABELS)
    QualityHeads(heads, grams, outcome, {"remedies": remedies}, card={"items": 200}).save(tmp_path / "q.npz")
    again = QualityHeads.load(tmp_path / "q.npz")
    dimensions, practices = again.read(features, texts, fields)
    assert np.array_equal(dimensions, heads.predict(with_readings))
    assert again.outcome.choose(features) == outcome.choose(features) and again.card == {"items": 200}
    assert practices == {"remedies": value_lists(remedies.predict(inputs), REMEDY_LABELS)}
    nothing = again.read(features[:0], [], [])
    assert nothing[0].shape == (0, 5) and nothing[1] == {"remedies": []}


def test_readings_carry_the_sentiment_head_and_what_the_patterns_found():
    texts = ["I waited 3 weeks for a refund and nobody answered my emails.", "The seats were blue."]
    embeddings = embed(texts)
    found = readings(embeddings, [extract_practices(text, "en") for text in texts]) / READING_WEIGHT
    assert found.shape == (2, 14)
    assert np.allclose(found[:, :3], create_analyzer().predict(texts), atol=1e-5)  # the shipped head's probabilities
    channel, delay = found[:, 3], found[:, 4]
    assert channel.tolist() == [1, 0] and delay.tolist() == [1, 0]
    assert found[1, 3:].sum() == 0


def test_the_shipped_quality_heads_were_trained_on_the_shipped_sentiment_head():
    assert QualityHeads.load().card["sentiment_head"] == create_analyzer().identity


def test_learnt_practice_values_are_the_codebooks_and_round_trip():
    practices = load_codebook()["practices"]
    assert REMEDY_LABELS == tuple(practices["remedies"]["values"])
    assert CHANNEL_LABELS == tuple(practices["channels"]["values"])
    assert all(LEARNT_FIELDS[name].labels == tuple(practices[name]["values"]) for name in LEARNT_FIELDS)
    lists = [["apology", "compensation"], [], ["refund"]]
    matrix = label_matrix(pd.Series(lists), REMEDY_LABELS)
    assert matrix.shape == (3, 5) and value_lists(matrix, REMEDY_LABELS) == lists


def test_character_ngrams_carry_the_words_when_the_embeddings_carry_nothing():
    _, labels = synthetic()
    texts = words(labels)
    grams = CharGrams.fit(texts[:200], min_df=1)
    blank = np.zeros((len(texts), 16))
    heads = LogisticHeads.fit(grams.features(blank[:200], texts[:200]), labels[:200])
    assert (heads.predict(grams.features(blank[200:], texts[200:])) == labels[200:]).mean() > 0.95
    unseen = grams.transform(["qqqq zzzz"])
    assert unseen.shape == (1, len(grams.vocabulary)) and unseen.nnz == 0  # n-grams never seen are ignored


def test_a_dimension_never_labelled_is_never_predicted():
    features, labels = synthetic()
    labels[:, 0] = False
    assert not LogisticHeads.fit(features, labels).predict(features)[:, 0].any()


def test_outcome_features_append_the_patterns_reading():
    from cxstudy.practices import find_outcome

    texts = ["Hanno risolto subito.", "Still no answer.", "Ho comprato un tapis roulant."]
    features = outcome_features(np.zeros((3, 4), dtype=np.float32), [find_outcome(t) for t in texts])
    assert features.shape == (3, 4 + len(OUTCOMES))
    assert features[:, 4:].tolist() == np.eye(3).tolist()


def test_cross_validation_is_out_of_fold_by_group():
    features, labels = synthetic(200)
    groups = np.repeat(np.arange(20), 10)
    predicted = cross_validated(features, labels, groups) >= 0.5
    assert predicted.shape == labels.shape and (predicted == labels).mean() > 0.85
    # a feature that only identifies the group cannot be learnt across folds
    identity = np.eye(20)[groups]
    random_labels = np.repeat(np.random.default_rng(1).random((20, 5)) < 0.5, 10, axis=0)
    leaked = cross_validated(identity, random_labels, groups) >= 0.5
    assert (leaked == random_labels).mean() < 0.75


def test_cross_validation_trains_on_extra_rows_without_scoring_them():
    every_feature, every_label = synthetic(400)
    features, labels, extra_features, extra_labels = every_feature[:200], every_label[:200], every_feature[200:], every_label[200:]
    groups = np.repeat(np.arange(20), 10)
    never = labels.copy()
    never[:, 0] = False  # the first label is never seen in the scored items, only in the extra rows
    alone = cross_validated(features, never, groups) >= 0.5
    helped = cross_validated(features, never, groups, extra=(extra_features, extra_labels)) >= 0.5
    assert helped.shape == labels.shape and not alone[:, 0].any()
    assert (helped[:, 0] == labels[:, 0]).mean() > 0.85


def test_cross_validation_trains_on_a_share_of_posts_and_extra_rows(monkeypatch):
    every_feature, every_label = synthetic(400)
    groups = np.repeat(np.arange(20), 10)
    sizes = []
    fit = LogisticHeads.fit.__func__

    def recording(cls, features, targets, *args, **kwargs):
        sizes.append(features.shape[0])
        return fit(cls, features, targets, *args, **kwargs)

    monkeypatch.setattr(LogisticHeads, "fit", classmethod(recording))
    probabilities = cross_validated(every_feature[:200], every_label[:200], groups,
                                    extra=(every_feature[200:], every_label[200:]), share=0.5)
    assert sizes == [8 * 10 + 100] * 5  # half of each fold's 16 training posts, half of the 200 extra rows
    assert (probabilities > 0).any(axis=1).all()  # every item is still scored


def test_dimension_profile_shares_and_sentiment():
    sentences = pd.DataFrame({
        "dimensions": [["responsiveness"], ["responsiveness", "empathy"], ["none"], ["empathy"]],
        "p_positive": [0.1, 0.0, 0.5, 0.9], "p_negative": [0.8, 0.9, 0.1, 0.05],
    })
    profile = dimension_profile(sentences)
    assert profile["responsiveness"] == {"share": 0.5, "sentiment": pytest.approx(-0.8)}
    assert profile["empathy"]["sentiment"] == pytest.approx((-0.9 + 0.85) / 2)
    assert profile["tangibles"] == {"share": 0.0, "sentiment": None}


def test_zero_shot_reads_a_clear_responsiveness_complaint():
    zero_shot = ZeroShot()
    from cxstudy.encoder import embed

    features = embed(["Nessuno risponde al telefono, aspetto una risposta da tre settimane.",
                      "The seats were dirty and the plane was old and broken."])
    predicted = dimension_lists(zero_shot.predict(features))
    assert "responsiveness" in predicted[0]
    assert "tangibles" in predicted[1]
