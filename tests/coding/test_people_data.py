"""Consistency of the dated office-holder table eventwire/coding/data/people.csv.

The table lets a name in an article resolve to the actor it denoted on the article's date, so its dates must be
well formed and terms must not collide: one holder per office and country at a time (acting, caretaker and
disputed holders excepted when the comment says so), and no surface form shared by two people of the same country
while both are in office. Terms are half-open intervals [start, end): a handover on the day one term ends and the
next begins is not an overlap. An empty end means "still in office as of the comment's date".
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = ROOT / "eventwire" / "coding" / "data" / "people.csv"
COUNTRIES = ROOT / "eventwire" / "coding" / "data" / "countries.csv"
ACTOR_TYPES = ROOT / "schemas" / "taxonomy" / "cameo_actor_types.csv"

COLUMNS = ["name", "aliases", "country", "office", "type", "start", "end", "comment"]
OFFICES = {
    "head_of_state",
    "head_of_government",
    "defence_minister",
    "foreign_minister",
    "armed_forces_chief",
    "interior_minister",
    "other",
}
# Offices whose holders are civilian government by rule; a disputed claimant may carry another type (e.g. OPP).
GOV_OFFICES = {"head_of_state", "head_of_government", "foreign_minister", "interior_minister"}
OVERLAP_OK = ("acting", "caretaker", "disputed")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TITLES = (
    "President ",
    "Prime Minister ",
    "King ",
    "Queen ",
    "Emperor ",
    "General ",
    "Gen. ",
    "Minister ",
    "Chancellor ",
    "Admiral ",
    "Field Marshal ",
    "Mullah ",
    "Ayatollah ",
    "Emir ",
    "Crown Prince ",
)
# The countries the brief names as the minimum coverage.
CORE = """USA RUS UKR CHN GBR FRA DEU TUR IRN IRQ SYR ISR PSE LBN YEM SAU ARE QAT EGY JOR LBY SDN SSD ETH ERI SOM
KEN UGA COD RWA BDI CAF TCD CMR NGA NER MLI BFA MOZ ZWE ZAF AFG PAK IND BGD MMR THA PHL IDN PRK KOR JPN COL VEN
MEX HTI ECU BRA PER NIC ARM AZE GEO BLR SRB""".split()

Row = dict[str, str]


def _read(path: Path) -> tuple[list[str], list[Row]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


HEADER, ROWS = _read(PEOPLE)


def _where(row: Row) -> str:
    return f"{row['name']} ({row['country']}, {row['office']}, {row['start']}..{row['end'] or 'open'})"


def _span(row: Row) -> tuple[date, date]:
    return date.fromisoformat(row["start"]), (date.fromisoformat(row["end"]) if row["end"] else date.max)


def _overlap(a: Row, b: Row) -> bool:
    (a0, a1), (b0, b1) = _span(a), _span(b)
    return a0 < b1 and b0 < a1


def _dated() -> list[Row]:
    """Rows whose dates parse (malformed ones are reported by test_dates_well_formed_and_ordered)."""
    return [r for r in ROWS if _parses(r["start"]) and (not r["end"] or _parses(r["end"]))]


def _parses(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return bool(DATE_RE.match(text))


def _forms(row: Row) -> set[str]:
    return {row["name"].casefold()} | {a.strip().casefold() for a in row["aliases"].split(";") if a.strip()}


def _exempt(row: Row) -> bool:
    return any(word in row["comment"].casefold() for word in OVERLAP_OK)


def test_columns() -> None:
    assert HEADER == COLUMNS


def test_required_fields_present() -> None:
    missing = [
        (i, f)
        for i, r in enumerate(ROWS, 2)
        for f in ("name", "country", "office", "type", "start")
        if not (r[f] or "").strip()
    ]
    assert not missing, missing
    assert all(None not in r for r in ROWS), "row with more fields than the header"


def test_no_stray_whitespace() -> None:
    bad = [(i, f) for i, r in enumerate(ROWS, 2) for f in COLUMNS if r[f] != r[f].strip()]
    assert not bad, bad


def test_no_duplicate_rows() -> None:
    keys = [(r["name"], r["country"], r["office"], r["start"]) for r in ROWS]
    dup = {k for k in keys if keys.count(k) > 1}
    assert not dup, dup


def test_dates_well_formed_and_ordered() -> None:
    bad = []
    for r in ROWS:
        fields = ("start", "end") if r["end"] else ("start",)
        malformed = [f for f in fields if not _parses(r[f])]
        if malformed:
            bad.append((_where(r), malformed))
        elif r["end"] and r["end"] < r["start"]:
            bad.append((_where(r), "end before start"))
    assert not bad, bad


def test_month_only_dates_fall_on_the_first() -> None:
    bad = [
        _where(r)
        for r in ROWS
        if "month only" in r["comment"] and not (r["start"].endswith("-01") or r["end"].endswith("-01"))
    ]
    assert not bad, bad


def test_open_terms_say_as_of_when() -> None:
    bad = [_where(r) for r in ROWS if not r["end"] and not re.search(r"as of [A-Z][a-z]{2} \d{4}", r["comment"])]
    assert not bad, bad


def test_office_allowed() -> None:
    bad = [_where(r) for r in ROWS if r["office"] not in OFFICES]
    assert not bad, bad


def test_other_office_is_explained() -> None:
    bad = [_where(r) for r in ROWS if r["office"] == "other" and not r["comment"]]
    assert not bad, bad


def test_type_is_a_cameo_actor_type() -> None:
    _, types = _read(ACTOR_TYPES)
    codes = {t["code"] for t in types}
    bad = [(_where(r), r["type"]) for r in ROWS if r["type"] not in codes]
    assert not bad, bad


def _type_fits(row: Row) -> bool:
    office, typ, comment = row["office"], row["type"], row["comment"]
    if office == "armed_forces_chief":
        return typ == "MIL"
    if office in GOV_OFFICES:
        return typ == "GOV" or "disputed" in comment.casefold()
    if office == "defence_minister":  # MIL only for serving officers, which the comment must say
        return typ == "GOV" or (typ == "MIL" and bool(comment))
    return True


def test_type_fits_office() -> None:
    bad = [_where(r) for r in ROWS if not _type_fits(r)]
    assert not bad, bad


def test_country_in_country_table() -> None:
    _, countries = _read(COUNTRIES)
    iso3 = {c["iso3"] for c in countries}
    bad = [_where(r) for r in ROWS if r["country"] not in iso3]
    assert not bad, bad


def test_coverage() -> None:
    present = {r["country"] for r in ROWS}
    assert len(present) >= 60
    assert not set(CORE) - present
    heads = {r["country"] for r in ROWS if r["office"] in {"head_of_state", "head_of_government"}}
    assert present <= heads, present - heads  # every country listed has at least one head of state or government


def test_aliases_well_formed() -> None:
    bad = []
    for r in ROWS:
        if not r["aliases"]:
            continue
        items = r["aliases"].split(";")
        if any(not a or a != a.strip() for a in items) or len(set(items)) != len(items):
            bad.append((_where(r), "empty, padded or repeated alias"))
        bad += [(_where(r), a) for a in items if a.startswith(TITLES)]
    assert not bad, bad


def test_same_person_same_aliases() -> None:
    seen: dict[tuple[str, str], str] = {}
    bad = []
    for r in ROWS:
        key = (r["country"], r["name"])
        if seen.setdefault(key, r["aliases"]) != r["aliases"]:
            bad.append(key)
    assert not bad, bad


def test_no_overlap_for_same_person_and_office() -> None:
    groups: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
    for r in _dated():
        groups[(r["country"], r["name"], r["office"])].append(r)
    bad = [(_where(a), _where(b)) for rows in groups.values() for a, b in combinations(rows, 2) if _overlap(a, b)]
    assert not bad, bad


def test_one_holder_per_country_and_office() -> None:
    # 'other' gathers unrelated roles (spokesmen, vice-presidents, armed-group leaders), so holders may coexist.
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in _dated():
        if r["office"] != "other":
            groups[(r["country"], r["office"])].append(r)
    bad = [
        (_where(a), _where(b))
        for rows in groups.values()
        for a, b in combinations(rows, 2)
        if a["name"] != b["name"] and _overlap(a, b) and not (_exempt(a) or _exempt(b))
    ]
    assert not bad, bad


def test_surface_forms_unambiguous_while_in_office() -> None:
    by_country: dict[str, list[Row]] = defaultdict(list)
    for r in _dated():
        by_country[r["country"]].append(r)
    bad = []
    for rows in by_country.values():
        for a, b in combinations(rows, 2):
            if a["name"] != b["name"] and _overlap(a, b):
                shared = _forms(a) & _forms(b)
                if shared:
                    bad.append((_where(a), _where(b), sorted(shared)))
    assert not bad, bad


@pytest.mark.parametrize(
    ("name", "country", "office", "on", "expected"),
    [
        ("Joe Biden", "USA", "head_of_state", "2024-06-01", True),
        ("Joe Biden", "USA", "head_of_state", "2026-01-01", False),
        ("Lloyd Austin", "USA", "defence_minister", "2022-03-01", True),
        ("Volodymyr Zelensky", "UKR", "head_of_state", "2022-02-24", True),
        ("Petro Poroshenko", "UKR", "head_of_state", "2022-02-24", False),
    ],
)
def test_spot_checks(name: str, country: str, office: str, on: str, expected: bool) -> None:
    day = date.fromisoformat(on)
    hits = [
        r
        for r in ROWS
        if (r["name"], r["country"], r["office"]) == (name, country, office) and _span(r)[0] <= day < _span(r)[1]
    ]
    assert bool(hits) is expected
