import json

import datasets
import pytest

from cxstudy.corpus import BadInputError, decode, extract_title, ingest, load_corpus, overview


def run(tmp_path, inputs, **options):
    out = tmp_path / "out" / "corpus.jsonl"
    report = ingest(inputs, out, progress=False, **options)
    corpus = load_corpus(out) if report.accepted else None
    rejections = [json.loads(line) for line in out.with_suffix(".rejections.jsonl").read_text().splitlines()]
    assert report.read == report.accepted + len(rejections)
    return report, corpus, rejections


POST_IT = "Il servizio clienti non ha mai risposto alle mie email, dopo tre settimane ho chiamato il numero verde."
POST_ES = "El concesionario no contestó al teléfono durante siete meses y el coche sigue averiado en el taller."


def test_raw_files_of_every_encoding(tmp_path):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "a.txt").write_bytes(("Titolo del post\n" + POST_IT).encode("utf-8"))
    (folder / "b.txt").write_bytes(POST_ES.replace("\n", "\r\n").encode("latin-1"))
    (folder / "c.txt").write_bytes(b"")
    (folder / "d.bin").write_bytes(bytes(range(256)) * 4)
    report, corpus, rejections = run(tmp_path, [folder])
    assert report.read == 4 and report.accepted == 2
    by_id = corpus.set_index("id")
    assert by_id.loc["a", "title"] == "Titolo del post" and by_id.loc["a", "lang"] == "it"
    assert by_id.loc["b", "text"] == POST_ES and by_id.loc["b", "lang"] == "es"
    assert by_id.loc["b", "source"]["encoding"] != "utf-8"
    assert len(by_id.loc["a", "source"]["sha256"]) == 64
    assert sorted(r["reason"].split(" (")[0] for r in rejections) == ["binary file", "empty file"]


def test_malformed_jsonl_line_names_file_and_line_and_writes_nothing(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text(json.dumps({"id": "1", "text": POST_IT}) + "\n{broken\n" + json.dumps({"id": "3", "text": POST_ES}) + "\n")
    out = tmp_path / "corpus.jsonl"
    with pytest.raises(BadInputError, match=r"posts\.jsonl:2: malformed JSON"):
        ingest([path], out, progress=False)
    assert not out.exists()
    report, corpus, rejections = run(tmp_path, [path], skip_bad=True)
    assert list(corpus["id"]) == ["1", "3"]
    assert rejections == [{"source": {"kind": "jsonl", "file": rejections[0]["source"]["file"], "record": 2,
                                      "sha256": None, "encoding": None}, "reason": "malformed JSON (Expecting property name enclosed in double quotes)", "id": None}]


def test_records_without_text_duplicates_and_foreign_languages_are_rejected(tmp_path):
    path = tmp_path / "posts.jsonl"
    records = [
        {"id": "ok", "text": POST_IT},
        {"id": "empty", "text": "   "},
        {"id": "missing"},
        {"id": "ok", "text": POST_ES},
        {"id": "de", "text": "Der Kundendienst hat meine E-Mail nie beantwortet und das Paket kam nach drei Wochen."},
        {"text": POST_ES},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    report, corpus, rejections = run(tmp_path, [path])
    assert report.read == 6 and report.accepted == 2
    assert corpus["id"].iloc[0] == "ok" and len(corpus["id"].iloc[1]) == 16  # content-hash id
    reasons = {r["source"]["record"]: r["reason"] for r in rejections}
    assert reasons[2] == reasons[3] == "record has no text"
    assert reasons[4].startswith("duplicate id 'ok' (first at") and reasons[4].endswith(":1)")
    assert reasons[5].startswith("language 'de' is outside the configured set")


def test_csv_and_hf_dataset_inputs(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(f'id,text,title\nx1,"{POST_IT}",Un titolo\nx2,"{POST_ES}",\n')
    saved = tmp_path / "hf"
    datasets.Dataset.from_dict({"id": ["h1"], "body": [POST_ES]}).save_to_disk(str(saved))
    report, corpus, _ = run(tmp_path, [path])
    assert list(corpus["id"]) == ["x1", "x2"] and corpus["title"].iloc[0] == "Un titolo"
    report, corpus, _ = run(tmp_path, [], hf_dataset=str(saved), text_field="body")
    assert list(corpus["id"]) == ["h1"] and corpus["source"].iloc[0]["kind"] == "hf"


def test_csv_row_with_extra_fields_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "posts.csv"
    path.write_text(f'id,text\nx1,"{POST_IT}"\nx2,"{POST_ES}",extra\n')
    with pytest.raises(BadInputError, match=r"posts\.csv:3: row has a different number of fields"):
        ingest([path], tmp_path / "c.jsonl", progress=False)


def test_five_megabyte_post_is_kept_whole(tmp_path):
    text = (POST_IT + "\n") * (5_000_000 // (len(POST_IT) + 1))
    path = tmp_path / "big.txt"
    path.write_text(text)
    report, corpus, _ = run(tmp_path, [path])
    assert report.accepted == 1
    assert len(corpus["text"].iloc[0]) == len(text.strip("\n"))


def test_decode_refuses_empty_and_binary():
    with pytest.raises(BadInputError, match="empty"):
        decode(b"  \n", "x.txt")
    with pytest.raises(BadInputError, match="binary"):
        decode(b"PK\x03\x04\x00\x00", "x.zip")
    assert decode("perché € “sì”".encode("cp1252"), "x.txt") == ("perché € “sì”", "cp1252")
    assert decode("año".encode("latin-1"), "x.txt")[0] == "año"
    assert decode("ciao".encode("utf-16"), "x.txt") == ("ciao", "utf-16")


def test_extract_title_only_for_headlines():
    assert extract_title("Un titolo\nIl testo.") == ("Un titolo", "Il testo.")
    assert extract_title("Una frase intera.\nAltro testo.")[0] is None
    assert extract_title("Solo una riga")[0] is None


def test_overview_counts(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Titolo\nPrima frase. Seconda frase!\nPosta un commento\n")
    _, corpus, _ = run(tmp_path, [path])
    row = overview(corpus).iloc[0]
    assert (row["sentences"], row["words"], row["lines removed"]) == (2, 4, 1)
