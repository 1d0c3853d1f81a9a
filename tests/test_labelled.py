import random
import re
from pathlib import Path

import pandas as pd
import pytest

from cxstudy.labelled import (
    LABELS,
    SPLITS,
    absita,
    airline_tweets,
    english_tweets,
    evomsa_spanish,
    sfu_spanish_reviews,
    split_column,
)

# The validation sets live beside the checkout, in ../shared, never in the repository.
VALIDATION = Path(__file__).resolve().parents[2] / "shared" / "validation"
SFU = VALIDATION / "sfu_spanish_reviews"
ABSITA = VALIDATION / "absita_2018" / "absita_2018_training.csv"
C1_OR_CR = re.compile("[\r\x80-\x9f]")


def assert_common_schema(frame: pd.DataFrame, lang: str) -> None:
    assert list(frame.columns[:4]) == ["id", "text", "label", "lang"]
    assert frame["id"].is_unique
    assert set(frame["lang"]) == {lang}
    assert not frame["text"].str.contains(C1_OR_CR).any()


def assert_split_shares(splits: pd.Series, tolerance: float) -> None:
    shares = splits.value_counts(normalize=True)
    for name, fraction in zip(SPLITS, (0.7, 0.1, 0.2)):
        assert shares[name] == pytest.approx(fraction, abs=tolerance)


@pytest.fixture(scope="module")
def english() -> pd.DataFrame:
    return english_tweets()


@pytest.fixture(scope="module")
def airlines() -> pd.DataFrame:
    return airline_tweets()


def test_split_column_is_stable_under_row_order_and_close_to_fractions():
    ids = [f"row-{i}" for i in range(20_000)]
    splits = dict(zip(ids, split_column(ids)))
    shuffled = random.Random(0).sample(ids, len(ids))
    assert dict(zip(shuffled, split_column(shuffled))) == splits
    assert_split_shares(pd.Series(splits), tolerance=0.01)


def test_split_column_depends_on_seed_and_fractions():
    ids = [f"row-{i}" for i in range(1_000)]
    assert split_column(ids, seed=1) != split_column(ids, seed=2)
    assert set(split_column(ids, fractions=(0.5, 0.5, 0.0))) == {"train", "validation"}
    with pytest.raises(ValueError):
        split_column(ids, fractions=(0.7, 0.2, 0.2))


def test_english_tweets(english):
    assert_common_schema(english, "en")
    assert len(english) == 37_154
    assert english["label"].value_counts().to_dict() == {"negative": 15_952, "neutral": 14_412, "positive": 6_790}
    folded = english["text"].map(lambda text: " ".join(text.split()).casefold())
    assert folded.is_unique
    assert_split_shares(english["split"], tolerance=0.01)


def test_english_tweet_splits_survive_shuffling(english):
    shuffled = english.sample(frac=1.0, random_state=1)
    assert split_column(shuffled["id"]) == shuffled["split"].to_list()


def test_english_tweets_are_decoded_as_mac_roman(english):
    texts = "\n".join(english["text"])
    assert "Iäó»m" in texts  # upstream mojibake for "I'm", kept printable
    assert english["text"].str.contains("\n").sum() > 1_000  # in-tweet line breaks, stored as \r


def test_airline_tweets(airlines, english):
    assert_common_schema(airlines, "en")
    assert set(airlines["label"]) == set(LABELS)
    assert airlines["airline"].value_counts().to_dict() == {
        "United": 3_798, "US Airways": 2_897, "American": 2_574,
        "Southwest": 2_402, "JetBlue": 2_206, "Virgin America": 502,
    }
    assert airlines["label"].value_counts().to_dict() == {"negative": 9_079, "neutral": 3_041, "positive": 2_259}
    same_rows = english.set_index("id").loc[airlines["id"]]
    assert same_rows["text"].to_list() == airlines["text"].to_list()
    assert same_rows["split"].to_list() == airlines["split"].to_list()


def test_airline_tweets_mostly_name_their_airline(airlines):
    handle = {"United": "@united", "US Airways": "@usairways", "American": "@americanair",
              "Southwest": "@southwestair", "JetBlue": "@jetblue", "Virgin America": "@virginamerica"}
    named = [handle[airline] in text.lower() for airline, text in zip(airlines["airline"], airlines["text"])]
    assert len(named) - sum(named) <= 5


def test_evomsa_spanish():
    frame = evomsa_spanish()  # first call downloads the pinned sdist into ~/.cache/cxstudy
    assert_common_schema(frame, "es")
    assert len(frame) == 998
    assert frame["label"].value_counts().to_dict() == {"positive": 527, "negative": 268, "neutral": 203}
    assert frame["original_label"].value_counts().to_dict() == {"P": 527, "N": 268, "NONE": 190, "NEU": 13}
    assert frame["text"].str.contains("ñ|á|é|í|ó|ú").sum() > 100
    assert set(frame["split"]) == set(SPLITS)


@pytest.mark.skipif(not SFU.is_dir(), reason="SFU Spanish Review Corpus not in ../shared/validation")
def test_sfu_spanish_reviews():
    reviews = sfu_spanish_reviews(SFU)
    assert_common_schema(reviews, "es")
    assert len(reviews) == 400
    assert reviews["label"].value_counts().to_dict() == {"negative": 200, "positive": 200}
    assert set(reviews.groupby("category").size()) == {50}
    assert set(reviews["stars"]) == {1, 2, 4, 5}
    assert reviews["text"].str.contains("ñ").sum() > 100
    assert reviews["text"].str.contains("€").any()  # a Windows-1252 byte, not Latin-1
    assert "coches/no_1_11" in set(reviews["id"])


@pytest.mark.skipif(not ABSITA.is_file(), reason="ABSITA 2018 not in ../shared/validation")
def test_absita():
    sentences = absita(ABSITA)
    assert_common_schema(sentences, "it")
    assert len(sentences) == 6_337
    assert sentences["label"].value_counts().to_dict() == {"positive": 3_030, "negative": 2_992, "mixed": 311}
    assert sentences["label"].isna().sum() == 4
    assert sentences["staff_presence"].dtype == bool
    assert sentences["staff_presence"].sum() == 1_203
    assert "Buon rapporto qualità prezzo." in set(sentences["text"])


def test_evomsa_download_is_silent_and_a_failure_says_why(tmp_path, capfd, monkeypatch):
    import subprocess

    from cxstudy import labelled

    assert len(labelled._evomsa_sdist(tmp_path).name) > 0
    captured = capfd.readouterr()
    assert captured.out == captured.err == ""  # nothing leaks into a notebook cell's output

    monkeypatch.setattr(labelled.subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a, 1, "", "ERROR: No matching distribution"))
    with pytest.raises(RuntimeError, match="No matching distribution"):
        labelled._evomsa_sdist(tmp_path / "elsewhere")
