"""Consistency checks for the named-organisation dictionary ``eventwire/coding/data/organisations.csv``.

Plain data checks (csv module only): reference tables come from ``schemas/taxonomy/`` and the country
dictionary from ``eventwire/coding/data/countries.csv``, so the test runs without the shared folder.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "eventwire" / "coding" / "data"
TAXONOMY = ROOT / "schemas" / "taxonomy"
ORGANISATIONS = DATA / "organisations.csv"

COLUMNS = ["name", "aliases", "code", "country", "type", "inter", "sponsor", "theatre", "comment"]
MIN_ROWS = 320
CODE_RE = re.compile(r"^(?:[A-Z]{3})+$")

# Plain English words (and a few very common non-name tokens) that must never be an alias: matched
# case-insensitively they would fire on ordinary text ("IS" the verb, "WHO", "ICE", "PDF", "ETA" ...).
COMMON_WORDS = frozenset(
    (
        "a all am amnesty an and army as at be bras by commonwealth congress do eta fact for go government he hope"
        " ice in ira is it jam let me mend militia my no of on one or party pdf pdfs police ram raw rebels red sad"
        " so state the tip to up us we who"
    ).split()
) | {"the party"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def organisations() -> list[dict[str, str]]:
    return _read(ORGANISATIONS)


@cache
def countries() -> list[dict[str, str]]:
    return _read(DATA / "countries.csv")


@cache
def actor_types() -> frozenset[str]:
    return frozenset(row["code"] for row in _read(TAXONOMY / "cameo_actor_types.csv"))


@cache
def cameo_geo_codes() -> frozenset[str]:
    """CAMEO country, region and sub-national codes from the taxonomy table."""
    return frozenset(row["cameo_code"] for row in _read(TAXONOMY / "cameo_country_codes.csv"))


def aliases(row: dict[str, str]) -> list[str]:
    return row["aliases"].split(";") if row["aliases"] else []


def chunks(code: str) -> list[str]:
    return [code[i : i + 3] for i in range(0, len(code), 3)]


def where(n: int, row: dict[str, str]) -> str:
    return f"row {n + 2} ({row.get('name')!r})"


def test_columns_and_size() -> None:
    with ORGANISATIONS.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == COLUMNS
    rows = organisations()
    assert len(rows) >= MIN_ROWS, f"{len(rows)} rows, need at least {MIN_ROWS}"
    for n, row in enumerate(rows):
        assert None not in row, f"{where(n, row)}: too many fields (unquoted comma?)"
        assert all(row[c] is not None for c in COLUMNS), f"{where(n, row)}: missing fields"
        assert row["name"].strip() == row["name"] and row["name"], f"{where(n, row)}: bad name"


def test_names_unique() -> None:
    seen: dict[str, int] = {}
    for n, row in enumerate(organisations()):
        key = row["name"].casefold()
        assert key not in seen, f"{where(n, row)}: duplicate name (row {seen.get(key, 0) + 2})"
        seen[key] = n


def test_aliases_well_formed() -> None:
    for n, row in enumerate(organisations()):
        own: set[str] = set()
        for alias in aliases(row):
            assert alias and alias == alias.strip(), f"{where(n, row)}: empty or padded alias {alias!r}"
            key = alias.casefold()
            assert key != row["name"].casefold(), f"{where(n, row)}: alias repeats the name: {alias!r}"
            assert key not in own, f"{where(n, row)}: alias listed twice: {alias!r}"
            own.add(key)


def test_no_surface_form_shared_between_rows() -> None:
    """A name or alias (casefolded) must point to exactly one organisation."""
    owners: dict[str, set[int]] = defaultdict(set)
    for n, row in enumerate(organisations()):
        for form in [row["name"], *aliases(row)]:
            owners[form.casefold()].add(n)
    shared = {form: sorted(rows) for form, rows in owners.items() if len(rows) > 1}
    assert not shared, f"surface forms shared by several rows (0-based row index): {shared}"


def test_no_short_or_common_word_aliases() -> None:
    for n, row in enumerate(organisations()):
        for alias in aliases(row):
            assert len(alias) > 2, f"{where(n, row)}: alias {alias!r} has 2 characters or fewer"
            assert alias.casefold() not in COMMON_WORDS, f"{where(n, row)}: alias {alias!r} is a common word"
        assert row["name"].casefold() not in COMMON_WORDS, f"{where(n, row)}: name is a common word"


def test_no_alias_shadows_a_country_term() -> None:
    """Country names, aliases, demonyms and capitals belong to countries.csv (e.g. 'Islamic Emirate of Afghanistan')."""
    terms: set[str] = set()
    for row in countries():
        for column in ("name", "aliases", "demonyms", "capitals"):
            terms.update(v.casefold() for v in row[column].split(";") if v)
    for n, row in enumerate(organisations()):
        for form in [row["name"], *aliases(row)]:
            assert form.casefold() not in terms, f"{where(n, row)}: {form!r} is a country term in countries.csv"


def test_types_valid() -> None:
    for n, row in enumerate(organisations()):
        assert row["type"] in actor_types(), f"{where(n, row)}: unknown CAMEO type {row['type']!r}"


def test_codes_well_formed_and_contain_type() -> None:
    cameo_by_iso3: dict[str, set[str]] = defaultdict(set)
    for country in countries():
        cameo_by_iso3[country["iso3"]].add(country["cameo"])
    geo = cameo_geo_codes() | {c["cameo"] for c in countries()}
    for n, row in enumerate(organisations()):
        code = row["code"]
        assert CODE_RE.fullmatch(code), f"{where(n, row)}: code {code!r} is not 3-letter chunks"
        parts = chunks(code)
        assert row["type"] in parts, f"{where(n, row)}: code {code!r} does not contain type {row['type']!r}"
        if row["country"]:
            # country code first (as in countries.csv `cameo`), then the type
            assert parts[0] in cameo_by_iso3[row["country"]], (
                f"{where(n, row)}: code {code!r} does not start with the CAMEO code of {row['country']}"
            )
            assert len(parts) >= 2 and parts[1] == row["type"], f"{where(n, row)}: type must follow the country"
            rest = parts[2:]
        else:
            # IGOs, NGOs and transnational groups: the type leads
            assert parts[0] == row["type"], f"{where(n, row)}: code {code!r} must start with the type"
            rest = parts[1:]
        for part in rest:
            assert part not in geo, f"{where(n, row)}: {part!r} in {code!r} is a country/region code"


def test_inter_range() -> None:
    for n, row in enumerate(organisations()):
        assert row["inter"].isdigit() and 1 <= int(row["inter"]) <= 8, f"{where(n, row)}: inter {row['inter']!r}"


@pytest.mark.parametrize("column", ["country", "sponsor", "theatre"])
def test_country_and_sponsor_are_known_iso3(column: str) -> None:
    iso3 = {c["iso3"] for c in countries()}
    for n, row in enumerate(organisations()):
        value = row[column]
        assert value == "" or (re.fullmatch(r"[A-Z]{3}", value) and value in iso3), (
            f"{where(n, row)}: {column} {value!r} is not an iso3 code in countries.csv"
        )


def test_every_row_has_a_comment() -> None:
    for n, row in enumerate(organisations()):
        assert row["comment"].strip(), f"{where(n, row)}: empty comment"


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("Daesh", "Islamic State"),
        ("Kataib Hezbollah", "Kata'ib Hezbollah"),
        ("al-Shabab", "Al-Shabaab"),
        ("Ansar Allah", "Houthis"),
        ("RSF", "Rapid Support Forces"),
        ("JNIM", "JNIM"),
        ("March 23 Movement", "M23"),
        ("HTS", "Hayat Tahrir al-Sham"),
        ("CJNG", "Jalisco New Generation Cartel"),
    ],
)
def test_known_surface_forms(surface: str, name: str) -> None:
    index = {form.casefold(): row["name"] for row in organisations() for form in [row["name"], *aliases(row)]}
    assert index.get(surface.casefold()) == name
