from cxstudy.language import dominant_language, identify


def test_identifies_the_three_study_languages():
    assert identify("Il tecnico non mi ha mai chiamato nonostante i solleciti.").lang == "it"
    assert identify("El cliente lleva siete meses con averías en su coche.").lang == "es"
    assert identify("The airline lost my bag and nobody answered the phone.").lang == "en"


def test_undetermined_without_letters_or_confidence():
    assert identify("1234 !!! 🙂").lang == "und"
    assert identify("ok").lang == "und"


def test_dominant_language_sees_languages_outside_the_set():
    guess = dominant_language("Der Kundendienst hat meine E-Mail nie beantwortet, das ist unglaublich.")
    assert guess.lang == "de" and guess.confidence > 0.9
    assert identify("Der Kundendienst hat meine E-Mail nie beantwortet.", floor=0.99).lang == "und"
