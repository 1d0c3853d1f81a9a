from cxstudy.clean import clean_text, residue_reason


def test_removes_general_page_furniture_with_reasons():
    text = "\n".join([
        "Il mio reclamo",
        "Tempo di lettura: 4 minuti",
        "Ho chiamato tre volte e nessuno ha risposto.",
        "Questo sito usa cookie: cliccando accetti la cookie policy.",
        "12345cookie-checkIl mio reclamo",
        "![](img.png) |",
        "|",
        "(una foto del prodotto) |",
        "También te puede interesar",
        "12 commenti",
        "Leave a reply",
        "Older Posts",
        "<< Home",
    ])
    cleaned = clean_text(text)
    assert cleaned.text == "Il mio reclamo\nHo chiamato tre volte e nessuno ha risposto."
    reasons = [r["reason"] for r in cleaned.removed]
    assert reasons == [
        "reading-time badge", "cookie notice", "cookie notice", "empty image/table markup",
        "empty image/table markup", "image caption in layout table", "related posts", "comment counter",
        "comment form", "navigation", "navigation",
    ]
    assert [r["line"] for r in cleaned.removed][:2] == [2, 4]


def test_content_that_merely_mentions_cookies_or_comments_is_kept():
    for line in [
        "Ho lasciato un commento sul loro sito ma nessuno mi ha risposto.",
        "I biscotti (cookies) erano scaduti, ho chiesto il rimborso.",
        "Home delivery was three weeks late.",
    ]:
        assert residue_reason(line) is None, line


def test_normalises_line_ends_and_collapses_blank_runs():
    cleaned = clean_text("Primo.\r\n\r\n\u00a0\r\n\r\nSecondo.\u200b")
    assert cleaned.text == "Primo.\n\nSecondo."
    assert cleaned.removed == []
