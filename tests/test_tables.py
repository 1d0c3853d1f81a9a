import numpy as np
import pandas as pd
import pytest

from cxstudy.tables import dimension_table, independence_test, practice_effects, rank_agreement, ranking, shares


def airlines(seed=0):
    rng = np.random.default_rng(seed)
    rows = []
    for name, p_negative in [("A", 0.8), ("B", 0.5), ("C", 0.2)]:
        for _ in range(300):
            rows.append({"airline": name, "sentiment": "negative" if rng.random() < p_negative else "positive"})
    frame = pd.DataFrame(rows)
    frame["polarity"] = np.where(frame["sentiment"] == "positive", 1.0, -1.0)
    return frame


def test_shares_have_intervals_around_them():
    table = shares(airlines(), "airline", "sentiment")
    a = table[(table["airline"] == "A") & (table["label"] == "negative")].iloc[0]
    assert a["low"] < a["share"] < a["high"] and 0.72 < a["share"] < 0.88
    assert table.groupby("airline")["share"].sum().round(6).eq(1).all()


def test_independence_test_sees_real_differences_and_not_noise():
    assert independence_test(airlines(), "airline", "sentiment")["p_value"] < 1e-6
    same = airlines()
    same["airline"] = np.random.default_rng(1).choice(["A", "B", "C"], len(same))
    assert independence_test(same, "airline", "sentiment")["p_value"] > 0.01


def test_ranking_orders_groups_and_agreement_is_perfect_with_itself():
    table = ranking(airlines(), "airline", "polarity", draws=300)
    assert table["airline"].tolist() == ["C", "B", "A"] and table["rank_high"].max() <= 3
    assert rank_agreement(table, table, "airline")["spearman_rho"] == pytest.approx(1.0)


def test_dimension_table_and_practice_effects():
    sentences = pd.DataFrame({"airline": ["A", "A", "B"], "dimensions": [["empathy"], ["none"], ["empathy"]],
                              "p_positive": [0.9, 0.2, 0.1], "p_negative": [0.05, 0.1, 0.8]})
    table = dimension_table(sentences, "airline").set_index(["airline", "dimension"])
    assert table.loc[("A", "empathy"), "share"] == 0.5 and table.loc[("B", "empathy"), "sentiment"] == pytest.approx(-0.7)
    posts = pd.DataFrame({"apology": [True, True, True, False, False, False],
                          "p_positive": [0.8, 0.7, 0.9, 0.1, 0.2, 0.1], "p_negative": [0.1, 0.1, 0.0, 0.8, 0.7, 0.9]})
    effect = practice_effects(posts, ["apology"]).iloc[0]
    assert effect["difference"] > 1 and effect["low"] > 0


def test_examples_are_a_few_readable_rows_per_group():
    from cxstudy.tables import examples

    frame = pd.DataFrame({"post": ["a", "a", "a", "b"], "gold": [["x", "y"], ["x"], [], ["z"]],
                          "text": ["short", "word " * 100, "third", "b text"]})
    table = examples(frame, ["post", "gold", "text"], per_group=2, width=40)
    assert table["post"].tolist() == ["a", "a", "b"]
    assert table["gold"].tolist() == ["x, y", "x", "z"]
    assert len(table.loc[1, "text"]) <= 40 and table.loc[1, "text"].endswith("…")
