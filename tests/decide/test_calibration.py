"""Reliability table and expected calibration error on hand-worked cases."""

from __future__ import annotations

import pytest

from eventwire.decide.calibration import expected_calibration_error, markdown, noise_floor, reliability_table


def test_bins_hold_mean_prediction_and_observed_share() -> None:
    table = reliability_table([0.05, 0.15, 0.12, 0.95, 1.0], [False, True, False, True, True], bins=10)
    assert [b.n for b in table] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 2]  # 1.0 falls in the last bin
    assert table[1].mean_predicted == pytest.approx(0.135)
    assert table[1].observed == pytest.approx(0.5)
    assert table[2].mean_predicted is None and table[2].observed is None


def test_expected_calibration_error_by_hand() -> None:
    # bin 0: predicted 0.05, observed 0 → gap 0.05, weight 1/5; bin 1: 0.135 vs 0.5 → 0.365, weight 2/5;
    # bin 9: 0.975 vs 1 → 0.025, weight 2/5
    table = reliability_table([0.05, 0.15, 0.12, 0.95, 1.0], [False, True, False, True, True], bins=10)
    assert expected_calibration_error(table) == pytest.approx(0.05 / 5 + 2 * 0.365 / 5 + 2 * 0.025 / 5)


def test_perfectly_calibrated_predictions_have_no_error() -> None:
    probabilities = [0.25] * 4 + [0.75] * 4
    labels = [True, False, False, False, True, True, True, False]
    assert expected_calibration_error(reliability_table(probabilities, labels, bins=4)) == pytest.approx(0.0)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        reliability_table([0.5], [True, False])
    with pytest.raises(ValueError):
        reliability_table([1.5], [True])
    with pytest.raises(ValueError):
        expected_calibration_error(reliability_table([], []))


def test_markdown_shows_every_bin() -> None:
    text = markdown(reliability_table([0.05, 0.95], [False, True], bins=2))
    assert "| 0.0–0.5 | 1 | 0.050 | 0.000 |" in text and "| 0.5–1.0 | 1 | 0.950 | 1.000 |" in text


def test_noise_floor_by_hand() -> None:
    # one bin of one prediction at 0.5: observed 0 or 1, each off by 0.5
    assert noise_floor([0.5]) == pytest.approx(0.5)
    # two at 0.5 in one bin: 0 or 2 positives (chance 1/4 each) are off by 0.5, one positive (1/2) by 0
    assert noise_floor([0.5, 0.5]) == pytest.approx(0.25)
    # certain predictions cannot be off; more predictions per bin, a lower floor
    assert noise_floor([0.0, 1.0, 1.0]) == pytest.approx(0.0)
    assert noise_floor([0.3] * 100) < noise_floor([0.3] * 10) < noise_floor([0.3] * 2)
    # bins weigh by size: 0.55 alone is off by 0.45 (chance 0.55) or 0.55 (chance 0.45); 0.95 and 1.0 (mean
    # 0.975) see two positives (chance 0.95, off by 0.025) or one (0.05, off by 0.475)
    expected = 1 / 3 * (0.55 * 0.45 + 0.45 * 0.55) + 2 / 3 * (0.95 * 0.025 + 0.05 * 0.475)
    assert noise_floor([0.55, 0.95, 1.0]) == pytest.approx(expected)
    with pytest.raises(ValueError):
        noise_floor([])
    with pytest.raises(ValueError):
        noise_floor([1.2])
