import json

import datasets
import numpy as np
import pandas as pd

from cxstudy.cache import VectorCache
from cxstudy.scoring import score_batch, score_file, score_posts


class KeywordAnalyzer:
    """A deterministic stand-in backend that counts the sentences it is asked to score."""

    name = identity = "keyword-test"

    def __init__(self):
        self.seen = 0

    def predict(self, texts):
        self.seen += len(texts)
        rows = []
        for text in texts:
            low = text.lower()
            rows.append([0.8, 0.1, 0.1] if "pessimo" in low else [0.1, 0.1, 0.8] if "ottimo" in low else [0.1, 0.8, 0.1])
        return np.array(rows, dtype=np.float32).reshape(-1, 3)


POSTS = pd.DataFrame({
    "id": ["a", "b", "c", "d", "e", "f"],
    "text": ["Officina ottimo lavoro. Servizio clienti pessimo, pessimo davvero.", "", "   ",
             "🙂🙂", "Ottimo! " + "parola " * 30_000, "The service was pessimo. El servicio fue ottimo, sí."],
})


def test_every_post_gets_a_row_in_order_and_empty_ones_say_why():
    analyzer = KeywordAnalyzer()
    posts, sentences = score_posts(POSTS, analyzer)
    assert posts["id"].tolist() == ["a", "b", "c", "d", "e", "f"]
    assert posts["sentiment"].tolist()[:2] == ["negative", None]
    assert posts.loc[1, "note"] == posts.loc[2, "note"] == "no sentence to score (empty text)"
    assert posts.loc[3, "sentiment"] == "neutral" and posts.loc[4, "sentences"] > 200
    labels = {d["label"] for d in posts.loc[0, "drivers"]}
    assert labels == {"negative", "positive"}
    assert set(sentences["post"]) == {"a", "d", "e", "f"}
    assert posts.loc[5, "sentences"] == 2 and len(posts.loc[5, "drivers"]) == 2


def test_duplicate_ids_are_scored_apart():
    posts, _ = score_posts(pd.DataFrame({"id": ["x", "x"], "text": ["Pessimo.", "Ottimo."]}), KeywordAnalyzer())
    assert posts["sentiment"].tolist() == ["negative", "positive"]


def test_cache_means_a_rerun_computes_nothing(tmp_path):
    cache = VectorCache(tmp_path / "scores.sqlite")
    first = KeywordAnalyzer()
    score_posts(POSTS, first, cache)
    assert first.seen > 0
    again = KeywordAnalyzer()
    posts, _ = score_posts(POSTS.iloc[::-1], again, cache)
    assert again.seen == 0 and posts["id"].tolist() == ["f", "e", "d", "c", "b", "a"]


def test_score_batch_plugs_into_dataset_map():
    data = datasets.Dataset.from_pandas(POSTS.iloc[:2])
    scored = data.map(score_batch, batched=True, batch_size=1, fn_kwargs={"analyzer": KeywordAnalyzer()})
    assert scored["sentiment"] == ["negative", None]


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def test_score_file_one_record_per_input_and_resumes(tmp_path):
    source = tmp_path / "in.jsonl"
    records = [{"id": f"p{i}", "text": f"Servizio pessimo, numero {i}." if i % 2 else f"Ottimo, numero {i}."}
               for i in range(10)]
    write_jsonl(source, records)
    with source.open("a") as handle:
        handle.write("{not json\n" + json.dumps({"id": "nt"}) + "\n")
    out = tmp_path / "out.jsonl"
    assert score_file(source, out, KeywordAnalyzer(), chunk=3) == 12
    full = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in full] == [f"p{i}" for i in range(10)] + [None, "nt"]
    assert full[10]["rejected"].startswith("malformed JSON") and full[11]["rejected"] == "record has no text"
    # interrupt: keep four records and half of the fifth, then rerun
    lines = out.read_text().splitlines()
    out.write_text("\n".join(lines[:4]) + "\n" + lines[4][:20])
    analyzer = KeywordAnalyzer()
    score_file(source, out, analyzer, chunk=3)
    assert [json.loads(line) for line in out.read_text().splitlines()] == full
    assert analyzer.seen == 6  # only the records p4 … p9, not yet written whole


def test_score_file_sentence_level_and_raw_inputs(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "a.txt").write_bytes("Il servizio è pessimo. Però il tecnico è ottimo e gentile, perché sì.".encode("cp1252"))
    (folder / "b.txt").write_bytes(b"")
    out = tmp_path / "s.jsonl"
    score_file(folder, out, KeywordAnalyzer(), level="sentence")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows][:2] == ["a#0", "a#1"] and rows[2]["id"].endswith("b.txt") and len(rows) == 3
    assert rows[0]["sentiment"] == "negative" and rows[1]["sentiment"] == "positive"
    assert "perché" in rows[1]["text"]
    assert rows[2]["rejected"] == "empty file" and rows[2]["sentiment"] is None


def always_reliability_unresolved():
    """Quality heads that give every sentence reliability, an unresolved outcome and (where the heads read
    remedies and channels) an apology and a chat."""
    from cxstudy.quality import CHANNEL_LABELS, DIMENSIONS, OUTCOMES, REMEDY_LABELS, CharGrams, LogisticHeads, QualityHeads

    return QualityHeads(
        LogisticHeads(DIMENSIONS, np.zeros((5, 384 + 1 + 14), dtype=np.float32),  # embedding, 1 n-gram, 14 readings
                      np.array([-9, 9, -9, -9, -9], dtype=np.float32)),
        CharGrams(["dop"], np.ones(1, dtype=np.float32)),
        LogisticHeads(OUTCOMES, np.zeros((3, 387), dtype=np.float32), np.array([-9, 9, -9], dtype=np.float32)),
        {"remedies": LogisticHeads(REMEDY_LABELS, np.zeros((5, 385), dtype=np.float32),
                                   np.array([9, -9, -9, -9, -9], dtype=np.float32)),
         "channels": LogisticHeads(CHANNEL_LABELS, np.zeros((9, 385), dtype=np.float32),
                                   np.array([-9, -9, -9, 9, -9, -9, -9, -9, -9], dtype=np.float32))})


def test_remedies_and_channels_from_the_heads_in_english_and_from_the_patterns_elsewhere():
    frame = pd.DataFrame({"id": ["en", "it"], "text": [
        "Nobody at the airline has answered my emails about the bag they lost last week.",
        "Dopo due settimane di attesa mi hanno finalmente rimborsato il biglietto del treno."]})
    posts, sentences = score_posts(frame, KeywordAnalyzer(), quality=always_reliability_unresolved())
    assert sentences["lang"].tolist() == ["en", "it"]
    assert sentences["remedies"].tolist() == [["apology"], ["refund"]]
    assert sentences["channels"].tolist() == [["email", "chat"], []]  # the heads' added to the patterns' in English
    assert [p["remedies"] for p in posts["practices"]] == [["apology"], ["refund"]]


def test_quality_on_a_500_sentence_post_and_a_5000_word_sentence():
    long_post = " ".join(f"Frase numero {i}, pagata 47,15 euro il 11 Ottobre 2020." for i in range(499))
    long_post += " Dopo 3 giorni nessuna risposta."
    frame = pd.DataFrame({"id": ["many", "long"], "text": [long_post, "parola " * 5000 + "dopo due settimane nessuna risposta"]})
    posts, sentences = score_posts(frame, KeywordAnalyzer(), quality=always_reliability_unresolved())
    assert posts["sentences"].tolist() == [500, -(-5005 // 120)]
    many, long = posts["practices"]
    assert [d["days"] for d in many["delays"]] == [3.0] and many["delays"][0]["sentence"] == 499
    assert [(d["days"], d["sentence"]) for d in long["delays"]] == [(14.0, 41)]  # in the last 120-word window
    assert posts.loc[0, "dimensions"]["reliability"]["share"] == 1.0


def test_quality_adds_dimensions_and_practices_per_sentence_and_post():
    from cxstudy.quality import DIMENSIONS

    always_reliability = always_reliability_unresolved()
    frame = pd.DataFrame({"id": ["p", "q"], "text": ["Ho scritto tre email. Dopo 3 giorni ottimo, pessimo.", ""]})
    posts, sentences = score_posts(frame, KeywordAnalyzer(), quality=always_reliability)
    assert sentences["dimensions"].tolist() == [["reliability"], ["reliability"]]
    profile = posts.loc[0, "dimensions"]
    assert set(profile) == set(DIMENSIONS) and profile["reliability"]["share"] == 1.0
    assert profile["tangibles"] == {"share": 0.0, "sentiment": None}
    practices = posts.loc[0, "practices"]
    assert practices["channels"] == ["email"] and practices["delays"][0]["days"] == 3.0
    assert sentences["outcome"].tolist() == ["unresolved", "unresolved"] and practices["outcome"] == "unresolved"
    assert posts.loc[1, "dimensions"] is None and posts.loc[1, "practices"]["channels"] == []


def test_posts_sharing_an_id_get_their_own_practices():
    frame = pd.DataFrame({"id": ["x", "x"], "text": ["Ho mandato una email.", "Ho chiamato il numero verde."]})
    posts, _ = score_posts(frame, KeywordAnalyzer(), quality=always_reliability_unresolved())
    assert [p["channels"] for p in posts["practices"]] == [["email"], ["phone"]]
