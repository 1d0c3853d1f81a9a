from cxstudy.segment import split_sentences


def texts(text):
    return [s.text for s in split_sentences(text)]


def test_offsets_point_into_the_text():
    text = "Primo punto.  Secondo punto!\nTerzo"
    for sentence in split_sentences(text):
        assert " ".join(text[sentence.start:sentence.end].split()) == sentence.text


def test_hard_wrapped_lines_are_joined_and_headings_are_not():
    text = "Quando il cliente ha torto\nLa differenza tra le\nofficine e il\nservizio clienti.\nD \"ma io ho pagato\"\nR \"Non è colpa nostra\""
    assert texts(text) == [
        "Quando il cliente ha torto",
        "La differenza tra le officine e il servizio clienti.",
        'D "ma io ho pagato"',
        'R "Non è colpa nostra"',
    ]


def test_bullets_ellipses_emoji_and_missing_spaces():
    text = "  • Primo acquisto. Ottimo 🙂\n  • Secondo… ma tre giorni, non settimane!!! Bravi.Davvero bravi."
    assert texts(text) == ["Primo acquisto.", "Ottimo 🙂", "Secondo… ma tre giorni, non settimane!!!", "Bravi.", "Davvero bravi."]


def test_abbreviations_numbers_and_question_marks():
    text = "Ho scritto al Sig. Rossi il 29 Giugno 2020. Totale 0,00€! Nel 2020 costava 47,15 euro. ¿Por qué? Nadie contestó."
    assert texts(text) == [
        "Ho scritto al Sig. Rossi il 29 Giugno 2020.", "Totale 0,00€!", "Nel 2020 costava 47,15 euro.", "¿Por qué?",
        "Nadie contestó.",
    ]


def test_quoted_questions_split_inside_a_line():
    assert texts('D "Sarebbe questa la cultura di servizio? Lo sa che ne scriverò?"') == [
        'D "Sarebbe questa la cultura di servizio?', 'Lo sa che ne scriverò?"',
    ]


def test_stray_punctuation_is_not_a_sentence_and_numbered_lists_are():
    assert texts("...\n1. Primo passo\n2) Secondo passo") == ["Primo passo", "Secondo passo"]


def test_run_on_text_is_cut_into_windows_that_cover_it():
    from cxstudy.segment import MAX_SENTENCE_WORDS

    text = " ".join(f"parola{i}" for i in range(5000))
    sentences = split_sentences(text)
    assert len(sentences) == -(-5000 // MAX_SENTENCE_WORDS)
    assert " ".join(s.text for s in sentences) == text
    assert all(len(s.text.split()) <= MAX_SENTENCE_WORDS for s in sentences)
