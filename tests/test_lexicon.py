import numpy as np

from cxstudy.lexicon import LexiconAnalyzer, polarity


def test_polarity_signs_and_negation():
    assert polarity("Un servizio pessimo e inutile.") < 0
    assert polarity("Ottimo lavoro, personale gentile.") > 0
    assert polarity("Il servizio non è buono.") < 0
    assert polarity("The staff were great.") > 0
    assert polarity("Il pacco è arrivato martedì.") == 0.0


def test_probabilities_are_read_off_polarity():
    probabilities = LexiconAnalyzer().predict(["Servizio pessimo.", "Il pacco è arrivato.", ""])
    assert np.allclose(probabilities.sum(axis=1), 1)
    assert probabilities[0].argmax() == 0 and probabilities[1].tolist() == [0.0, 1.0, 0.0]
    assert probabilities[2].tolist() == [0.0, 1.0, 0.0]
