"""Actor resolution: countries, role nouns, named organisations and dated office-holders."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from eventwire.coding.actors import lookup
from eventwire.coding.lexicon import DATA_DIR, actors


@pytest.fixture(scope="module")
def resolve(nlp):  # type: ignore[no-untyped-def]
    lexicon = actors()

    def run(text: str, on: date = date(2024, 2, 2)) -> dict[str, tuple]:
        return {
            phrase: (a.name, a.code, a.country, a.type, a.inter, a.sponsor)
            for phrase, a in lookup(text, on, nlp, lexicon)
        }

    return run


def test_role_and_country_compose_a_cameo_code(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("Iraqi police arrested two men near a US military outpost.")
    assert found["Iraqi police"][1:5] == ("IRQCOP", "IRQ", "COP", 1)
    assert found["US military outpost"][1] == "USAMIL"


def test_sponsor_is_not_the_actors_country(resolve) -> None:  # type: ignore[no-untyped-def]
    _, _, country, _, inter, sponsor = resolve("Iran-backed militants fired rockets.")["Iran - backed militants"]
    assert (country, sponsor, inter) == (None, "IRN", 3)


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("Kataib Hezbollah announced a pause.", "Kata'ib Hezbollah", "IRQUAF"),
        ("Kata'ib Hizballah announced a pause.", "Kata'ib Hezbollah", "IRQUAF"),
        ("al Shabaab fighters attacked the base.", "Al-Shabaab", None),
        ("ISWAP fighters attacked the base.", "ISWAP", "NGAINS"),
    ],
)
def test_named_groups_and_their_transliterations(resolve, text: str, name: str, code: str | None) -> None:  # type: ignore[no-untyped-def]
    found = list(resolve(text).values())
    assert any(f[0] == name and (code is None or f[1] == code) for f in found), found


def test_acronyms_must_be_written_in_capitals(resolve) -> None:  # type: ignore[no-untyped-def]
    assert not any(f[0] == "Rapid Support Forces" for f in resolve("The rsf was mentioned.").values())
    assert any(f[0] == "Rapid Support Forces" for f in resolve("The RSF attacked El Fasher.").values())


def test_roles_are_dated(resolve) -> None:  # type: ignore[no-untyped-def]
    assert resolve("Biden spoke.", date(2024, 2, 2))["Biden"][1] == "USAGOV"
    assert resolve("Biden spoke.", date(2025, 1, 19))["Biden"][1] == "USAGOV"  # last day in office
    assert resolve("Biden spoke.", date(2025, 1, 20))["Biden"][1] == "USAELI"  # the handover day is not his
    assert resolve("Kirby said.", date(2024, 2, 2))["Kirby"][1:3] == ("USAGOV", "USA")
    assert resolve("Raisi said.", date(2024, 2, 2))["Raisi"][1] == "IRNGOV"


def test_unknown_named_entities_keep_their_name(resolve) -> None:  # type: ignore[no-untyped-def]
    found = resolve("The Zorblax Liberation Front attacked a village.")
    assert any("Zorblax" in f[0] and f[1] is None for f in found.values()), found


def test_dictionaries_have_no_duplicate_keys() -> None:
    for name, column in (("agents.csv", "term"), ("countries.csv", "cameo")):
        with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
            keys = [row[column] for row in csv.DictReader(handle)]
        assert len(keys) == len(set(keys)), (name, sorted(k for k in set(keys) if keys.count(k) > 1))
