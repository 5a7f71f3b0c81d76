"""A month written in a date is no march: "On 4 March 2021, students staged a protest" codes the protest (140), not
a "march" staged (141), while a march staged is one (real parse, real coder)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.coding.asserted import asserted

PUBLISHED = datetime(2021, 3, 5, tzinfo=UTC)


def test_the_month_of_a_written_date_is_not_a_march(code_text) -> None:  # type: ignore[no-untyped-def]
    text = "On 4 March 2021, hundreds of students staged a protest in Nairobi against fee increases."
    found = [(m.trigger, m.cameo_code) for m in asserted(code_text, text, PUBLISHED)]
    assert found and all(code != "141" and "March" not in trigger for trigger, code in found), found
    assert "140" in {code for _, code in found}


def test_a_march_staged_is_still_a_march(code_text) -> None:  # type: ignore[no-untyped-def]
    text = "Hundreds of students staged a march in Nairobi on Thursday against fee increases."
    assert "141" in {m.cameo_code for m in asserted(code_text, text, PUBLISHED)}
