from cxstudy.sources import seed_corpus
from cxstudy.study import post_label, post_strip, reading


def test_reading_of_a_seed_post_points_at_its_sentences():
    post = seed_corpus()["id"].iloc[1]
    result = reading(post)
    assert result["verdict"]["post"].iloc[0] == post_label(post) == "001 treadmill maker"
    verdict = result["verdict"].iloc[0]
    assert round(verdict[["p_negative", "p_neutral", "p_positive"]].sum(), 6) == 1
    for column in ("sentences − / 0 / + (toolkit)", "sentences − / 0 / + (annotators)"):
        assert sum(map(int, verdict[column].split(" / "))) == verdict["sentences"]
    practices = result["practices"]
    assert practices["found"].str.contains("delay: 91.32 days (technician)", regex=False).any()
    assert all(isinstance(t, str) and 0 < len(t) <= 220 for t in practices["text"])
    assert practices["sentence"].is_unique
    assert set(result["drivers"]["label"]) <= {"negative", "positive"}
    figure = post_strip(post)
    assert figure.axes[0].get_title() == post_label(post)
