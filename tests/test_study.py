from cxstudy.sources import seed_corpus
from cxstudy.study import post_label, post_strip, reading


def test_reading_of_a_seed_post_points_at_its_sentences():
    post = seed_corpus()["id"].iloc[1]
    result = reading(post)
    assert result["verdict"]["post"].iloc[0] == post_label(post) == "001 treadmill maker"
    assert result["verdict"][["p_negative", "p_neutral", "p_positive"]].sum(axis=1).round(6).iloc[0] == 1
    practices = result["practices"]
    delays = practices[practices["field"] == "delay"]
    assert any(v.startswith("91.32 days") for v in delays["value"])
    assert all(isinstance(t, str) and t for t in practices["text"])
    assert set(result["drivers"]["label"]) <= {"negative", "positive"}
    figure = post_strip(post)
    assert figure.axes[0].get_title() == post_label(post)
