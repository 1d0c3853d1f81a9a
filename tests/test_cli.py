import json

import pytest

from cxstudy.cli import main


def test_help_explains_every_verb(capsys):
    for verb in ["ingest", "score", "train", "evaluate"]:
        with pytest.raises(SystemExit) as exit_info:
            main([verb, "--help"])
        assert exit_info.value.code == 0
        assert "usage: cxstudy " + verb in capsys.readouterr().out


def test_ingest_then_score_with_the_lexicon_backend(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Il servizio clienti è pessimo e inutile.\nIl tecnico invece è stato gentile e bravo.\n")
    (raw / "b.txt").write_text("")
    corpus = tmp_path / "corpus.jsonl"
    assert main(["ingest", str(raw), "--out", str(corpus)]) == 0
    assert "read 2 records: 1 in the corpus, 1 rejected" in capsys.readouterr().err
    out = tmp_path / "scores.jsonl"
    assert main(["score", str(corpus), "--out", str(out), "--backend", "lexicon", "--no-cache"]) == 0
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["id"] == "a" and record["sentiment"] in {"negative", "neutral", "positive"}
    assert {d["label"] for d in record["drivers"]} == {"negative", "positive"}
    assert abs(record["p_negative"] + record["p_neutral"] + record["p_positive"] - 1) < 1e-3


def test_malformed_input_is_an_error_naming_file_and_line(tmp_path, capsys):
    path = tmp_path / "posts.jsonl"
    path.write_text('{"id": "1", "text": "Ciao, tutto bene con il servizio."}\n{oops\n')
    assert main(["ingest", str(path), "--out", str(tmp_path / "c.jsonl")]) == 2
    error = capsys.readouterr().err
    assert "posts.jsonl:2: malformed JSON" in error and "--skip-bad" in error
    assert main(["ingest", str(path), "--out", str(tmp_path / "c.jsonl"), "--skip-bad"]) == 0
    assert main(["score", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "s.jsonl")]) == 2
