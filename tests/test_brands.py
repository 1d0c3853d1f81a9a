from cxstudy.brands import Gazetteer


def test_target_is_most_named_brand_with_groups_counting_together():
    gazetteer = Gazetteer.load()
    text = "Wind mi ha tagliato la linea. Infostrada non risponde. Le Poste non c'entrano. Passerò a Fastweb."
    found = gazetteer.find(text, "it")
    assert found.target_brand == "Wind/Infostrada"
    assert found.mentions == {"Wind": 1, "Infostrada": 1, "Poste Italiane": 1, "Fastweb": 1}
    assert found.sector == "telecommunications"


def test_title_mentions_weigh_double_and_aliases_need_whole_words():
    gazetteer = Gazetteer.load()
    text = "Toyota, poi Kia. Windows e Legoland non sono marchi qui."
    assert gazetteer.find(text, "it").target_brand == "Toyota"
    found = gazetteer.find(text, "it", title="Lexus")
    assert found.target_brand == "Lexus"
    assert found.mentions == {"Toyota": 1, "Kia": 1, "Lexus": 1}


def test_unnamed_target_gets_sector_from_lemmas():
    gazetteer = Gazetteer.load()
    found = gazetteer.find("El concesionario no contesta y mis coches siguen en el taller.", "es")
    assert found.target_brand is None and found.mentions == {}
    assert found.sector == "automotive"
    assert gazetteer.find("Nessun marchio qui, solo parole.", "it").sector is None


def test_user_gazetteer(tmp_path):
    path = tmp_path / "brands.yml"
    path.write_text("brands:\n  - {name: Acme, aliases: [Acme, ACME], sector: widgets, country: US}\nsectors: {}\n")
    found = Gazetteer.load(path).find("ACME never answered. Acme!", "en")
    assert found.target_brand == "Acme" and found.mentions == {"Acme": 2} and found.sector == "widgets"
