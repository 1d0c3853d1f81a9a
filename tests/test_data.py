"""The committed data are what the project's own code makes of the raw files."""

from pathlib import Path

import pytest

from cxstudy.corpus import ingest
from cxstudy.sources import ROOT, SEED_CORPUS, SEED_RAW, seed_corpus

SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def test_corpus_is_up_to_date_with_raw_files(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "corpus.jsonl"
    report = ingest([SEED_RAW.relative_to(ROOT)], out, progress=False)
    assert report.rejections == []
    assert out.read_text(encoding="utf-8") == SEED_CORPUS.read_text(encoding="utf-8"), (
        "data/corpus.jsonl is stale: run `cxstudy ingest data/raw --out data/corpus.jsonl`"
    )


@pytest.mark.skipif(not SHARED_SEEDS.exists(), reason="../shared/seeds is not beside the checkout")
def test_raw_files_are_the_seeds_byte_for_byte():
    shared = sorted(p.name for p in SHARED_SEEDS.iterdir())
    assert sorted(p.name for p in SEED_RAW.iterdir()) == shared
    for name in shared:
        assert (SEED_RAW / name).read_bytes() == (SHARED_SEEDS / name).read_bytes(), name


def test_seed_corpus_reads_as_the_study_expects():
    corpus = seed_corpus()
    assert sorted(corpus["lang"]) == ["es", "it", "it", "it", "it"]
    targets = dict(zip(corpus["id"].str[:3], corpus["target_brand"].fillna("(none)")))
    assert targets == {"000": "Lexus", "001": "(none)", "002": "LEGO", "003": "(none)", "004": "Wind/Infostrada"}
    sectors = dict(zip(corpus["id"].str[:3], corpus["sector"]))
    assert sectors["001"] == "fitness equipment" and sectors["003"] == "automotive"
    residue = ["cookie-check", "You might also like", "Posta un commento", "<< Home", "![]()", "Comments:",
               "Tempo di lettura", "No Comment"]
    for text in corpus["text"]:
        assert not any(marker in text for marker in residue)
    assert all(Path(source["file"]).parent == Path("data/raw") for source in corpus["source"])


def test_every_file_the_package_reads_is_in_the_package_data():
    """A wheel carries only the files ``package-data`` names: the trained heads and the linked data files
    (gazetteer, codebook) must all be among them."""
    import tomllib
    from fnmatch import fnmatch

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["cxstudy"]
    package = ROOT / "cxstudy"
    files = [path.relative_to(package).as_posix() for folder in ("heads", "resources") for path in (package / folder).iterdir()]
    assert len(files) >= 5 and all(any(fnmatch(name, pattern) for pattern in patterns) for name in files), files


def test_the_package_reads_the_gazetteer_and_codebook_of_data():
    """The package's resources are links to ``data/``, the one copy a user edits."""
    from cxstudy.brands import DEFAULT_GAZETTEER
    from cxstudy.quality import CODEBOOK

    assert DEFAULT_GAZETTEER.resolve() == ROOT / "data" / "brands.yml"
    assert CODEBOOK.resolve() == ROOT / "data" / "codebook.yml"
