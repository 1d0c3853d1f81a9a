import pandas as pd
import pytest

from cxstudy.aggregate import aggregate_posts


def frame(rows):
    return pd.DataFrame(rows, columns=["post", "sentence", "text", "words", "p_negative", "p_neutral", "p_positive"])


def test_mixed_post_shows_drivers_on_both_sides():
    sentences = frame([
        ("a", 0, "L'officina è bravissima.", 4, 0.05, 0.15, 0.80),
        ("a", 1, "Il servizio clienti è inutile e arrogante.", 7, 0.90, 0.08, 0.02),
        ("a", 2, "Ho chiamato martedì.", 3, 0.10, 0.85, 0.05),
        ("b", 0, "Tutto bene.", 2, 0.1, 0.2, 0.7),
    ])
    posts = aggregate_posts(sentences)
    assert posts["post"].tolist() == ["a", "b"]
    a = posts.iloc[0]
    assert a["sentiment"] == "negative" and a["sentences"] == 3
    assert a[["p_negative", "p_neutral", "p_positive"]].sum() == pytest.approx(1.0)
    labels = {d["label"]: d["sentence"] for d in a["drivers"]}
    assert labels == {"negative": 1, "positive": 0}
    assert all(d["sentence"] != 2 for d in a["drivers"])


def test_weights_favour_longer_sentences_sublinearly():
    sentences = frame([("p", 0, "x", 100, 0.0, 0.0, 1.0), ("p", 1, "y", 1, 1.0, 0.0, 0.0)])
    post = aggregate_posts(sentences).iloc[0]
    assert post["p_positive"] == pytest.approx(10 / 11)
