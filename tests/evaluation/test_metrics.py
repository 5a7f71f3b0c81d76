"""Metric functions on tiny cases with answers worked out by hand."""

from __future__ import annotations

import pytest

from eventwire.evaluation import metrics as m
from eventwire.geo.distance import haversine_km


def test_accuracy() -> None:
    assert m.accuracy(["a", "b", "c", "d"], ["a", "x", "c", "x"]) == 0.5
    assert m.accuracy([], []) is None
    with pytest.raises(ValueError):
        m.accuracy(["a"], [])


def test_weighted_and_macro_f1() -> None:
    gold = ["A", "A", "A", "B"]
    pred = ["A", "A", "B", "B"]
    # A: P=1, R=2/3, F1=0.8 (support 3); B: P=1/2, R=1, F1=2/3 (support 1)
    assert m.weighted_f1(gold, pred) == pytest.approx((0.8 * 3 + 2 / 3) / 4)
    assert m.macro_f1(gold, pred) == pytest.approx((0.8 + 2 / 3) / 2)
    # a predicted class absent from gold lowers precision but adds no class to the average
    assert m.macro_f1(["A", "A"], ["A", "Z"]) == pytest.approx(2 / 3)


def test_haversine_known_distances() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)  # one degree on the equator
    # Paris – London, ~343.5 km
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.5, abs=1.0)
    assert haversine_km(10, 20, 10, 20) == 0


def test_distance_summary_counts_missing_as_misses() -> None:
    s = m.distance_summary([10.0, 100.0, 500.0, None], 4)
    assert s["within_25km"] == 0.25 and s["within_161km"] == 0.5
    assert s["median_km"] == 100.0 and s["located"] == 0.75


def test_confusion() -> None:
    assert m.confusion(["a", "a", "b"], ["a", "b", "b"]) == {"a": {"a": 1, "b": 1}, "b": {"b": 1}}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Borno", "Borno State", True),
        ("Île-de-France", "ile de france", True),
        ("Kharkivs’ka Oblast’", "Kharkivska", True),
        ("Krasnodarskiy Kray", "Krasnodarskiy", True),
        ("Faryab", "Balkh", False),
        ("Faryab", None, False),
    ],
)
def test_same_place_name(a: str, b: str | None, same: bool) -> None:
    assert m.same_place_name(a, b) is same


def test_admin_names_compare_without_generic_words_and_by_skeleton() -> None:
    assert m.same_place_name("Republic of Bashkortostan", "Bashkortostan Republic")
    assert m.same_place_name("City of Skopje", "Grad Skopje")
    assert m.same_place_name("Western", "Western Area")
    # romanisations that differ in vowels, spacing and h share a skeleton; different names do not
    assert m.name_skeleton("Lop Buri") == m.name_skeleton("Lopburi")
    assert m.name_skeleton("Basrah") == m.name_skeleton("Basra")
    assert m.name_skeleton("Kordestan") == m.name_skeleton("Kurdistan Province")
    assert m.name_skeleton("Eastern Cape") != m.name_skeleton("Western Cape")
