"""Metric functions for the evaluation harness: pure, small, checked on hand-made cases in tests.

Written here rather than taken from scikit-learn: the five functions below are a few lines each, and
scikit-learn (with scipy) would be the heaviest dependency of the package for them.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the gazetteer is passed in; metrics stay free of loading it
    from eventwire.geo.gazetteer import Gazetteer


def accuracy(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float | None:
    """Share of positions where prediction equals gold; None for no data."""
    if len(gold) != len(pred):
        raise ValueError("gold and pred differ in length")
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else None


def per_class_f1(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[Hashable, tuple[float, int]]:
    """Class → (F1, gold support), over the classes that occur in gold."""
    tp: Counter[Hashable] = Counter()
    fp: Counter[Hashable] = Counter()
    fn: Counter[Hashable] = Counter()
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fn[g] += 1
            fp[p] += 1
    support = Counter(gold)
    out = {}
    for cls, n in support.items():
        precision = tp[cls] / (tp[cls] + fp[cls]) if tp[cls] + fp[cls] else 0.0
        recall = tp[cls] / n
        out[cls] = (2 * precision * recall / (precision + recall) if precision + recall else 0.0, n)
    return out


def weighted_f1(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float | None:
    """F1 per gold class, averaged with weights = gold support (scikit-learn's average='weighted')."""
    scores = per_class_f1(gold, pred)
    total = sum(n for _, n in scores.values())
    return sum(f * n for f, n in scores.values()) / total if total else None


def macro_f1(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float | None:
    """Unweighted mean of per-class F1 over the gold classes."""
    scores = per_class_f1(gold, pred)
    return sum(f for f, _ in scores.values()) / len(scores) if scores else None


def distance_summary(distances: Sequence[float | None], n_gold: int) -> dict[str, float | None]:
    """Share of all gold items within 25 / 161 km (a missing prediction counts as a miss), and the median
    error over the items that were located."""
    located = [d for d in distances if d is not None]
    return {
        "within_25km": sum(d <= 25 for d in located) / n_gold if n_gold else None,
        "within_161km": sum(d <= 161 for d in located) / n_gold if n_gold else None,
        "median_km": statistics.median(located) if located else None,
        "located": len(located) / n_gold if n_gold else None,
    }


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, int]]:
    """gold label → predicted label → count."""
    table: dict[str, dict[str, int]] = {}
    for g, p in zip(gold, pred, strict=True):
        row = table.setdefault(g, {})
        row[p] = row.get(p, 0) + 1
    return table


_GENERIC = re.compile(
    r"\b(state|province|region|governorate|oblast|department|district|county|prefecture|"
    r"division|territory|municipality|city|capital|krai|kray|mohafazat|muhafazat|wilayat|"
    r"provincia|estado|departamento|republic|autonomous|okrug|area|grad|of)\b"
)


def same_place_name(a: str | None, b: str | None) -> bool:
    """Admin names compared case-, diacritics- and punctuation-insensitively, without generic words:
    ACLED's 'Borno' and GeoNames' 'Borno State' are the same region."""
    if not a or not b:
        return False
    return _name_key(a) == _name_key(b)


def _name_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[’'`.]", "", text)
    text = re.sub(r"[-_,/()]", " ", text)
    text = _GENERIC.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def name_skeleton(name: str) -> str:
    """A name's consonant skeleton: the generic-word-free key without spaces, vowels (y too) or h, doubled
    letters collapsed. Romanisations of one Arabic, Thai or Khmer name differ mostly in vowels, spacing and
    h ('Basrah'/'Basra', 'Lop Buri'/'Lopburi', 'Kordestan'/'Kurdistan'); the skeleton is a loose key, so
    callers use it only where the two names are already known to be in one country."""
    key = re.sub(r"[\saeiouyh]", "", _name_key(name))
    return re.sub(r"(.)\1+", r"\1", key)


def same_admin1(iso3: str | None, gold: str | None, pred: str | None, gazetteer: Gazetteer | None) -> bool:
    """Whether a predicted admin1 name names the gold region of country ``iso3``:

    (1) equal without case, diacritics, punctuation and generic words; or (2) both resolve, through the
    gazetteer's admin1 index within ``iso3``, to one region; or (3) the gold name is not in that index, or
    resolves to the predicted region, and both names share a consonant skeleton. A gold name that resolves
    to another region than the prediction is a miss however alike the spellings ('Hebei' vs 'Hubei')."""
    if not gold or not pred:
        return False
    if same_place_name(gold, pred):
        return True
    if gazetteer is None or not iso3:
        return False
    gold_region, pred_region = gazetteer.admin1_of(iso3, gold), gazetteer.admin1_of(iso3, pred)
    if gold_region is not None and pred_region is not None and gold_region.geonameid == pred_region.geonameid:
        return True
    if gold_region is not None and (pred_region is None or gold_region.geonameid != pred_region.geonameid):
        return False
    return name_skeleton(gold) == name_skeleton(pred) != ""


def share(values: Sequence[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
