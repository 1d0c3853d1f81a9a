import numpy as np
import pytest

from cxstudy.evaluate import accuracy, expected_calibration_error, interval, kappa, macro_f1, reliability, report


def test_point_metrics():
    gold = ["negative", "negative", "positive", "neutral"]
    predicted = ["negative", "positive", "positive", "neutral"]
    assert accuracy(gold, predicted) == 0.75
    assert macro_f1(gold, predicted) == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    assert kappa(gold, gold) == 1.0


def test_interval_brackets_the_value_and_narrows_with_more_data():
    rng = np.random.default_rng(0)
    gold = rng.choice(["a", "b"], size=400)
    predicted = np.where(rng.random(400) < 0.8, gold, np.where(gold == "a", "b", "a"))
    value, low, high = interval(accuracy, gold, predicted, n_resamples=500)
    assert low < value < high and high - low < 0.1
    _, small_low, small_high = interval(accuracy, gold[:40], predicted[:40], n_resamples=500)
    assert small_high - small_low > high - low


def test_calibration_error_zero_for_calibrated_and_large_for_overconfident():
    rng = np.random.default_rng(1)
    confidence = rng.uniform(0.34, 1.0, size=20_000)
    correct = rng.random(20_000) < confidence
    probabilities = np.stack([confidence, (1 - confidence) / 2, (1 - confidence) / 2], axis=1)
    gold = np.where(correct, 0, 1)
    assert expected_calibration_error(probabilities, gold) < 0.02
    overconfident = np.tile([0.99, 0.005, 0.005], (1000, 1))
    assert expected_calibration_error(overconfident, np.r_[np.zeros(500), np.ones(500)].astype(int)) == pytest.approx(0.49)
    assert reliability(probabilities, gold)["count"].sum() == 20_000


def test_report_fields():
    row = report(["x", "y"] * 20, ["x", "y"] * 20, np.tile([[0.9, 0.1]], (40, 1)), labels=["x", "y"])
    assert row["macro_f1"] == 1.0 and row["n"] == 40 and "ece" in row
