"""Why a material gold event was missed (``news_details.misses``), with the real coder on an invented article:
no candidate on its sentence, a candidate of another root, or one that is not asserted."""

from __future__ import annotations

from typing import Any

from eventwire.evaluation import news, news_details
from eventwire.evaluation.runner import code_articles

ARREST = "Police arrested two men in Dayton on Monday."
MARCH = "Protesters will march in Columbus next week."
PAINT = "The council painted the old fire station on Friday."


def _event(quote: str, root: str) -> dict[str, Any]:
    return {"quotes": [quote], "cameo_root": root, "cameo_alt": [], "material": True, "background": False}


def test_misses_say_why() -> None:
    row = {
        "id": "m1",
        "published": "2024-03-05",
        "text": " ".join([ARREST, MARCH, PAINT]),
        "events": [_event(ARREST, "17"), _event(ARREST, "18"), _event(MARCH, "14"), _event(PAINT, "07")],
        "traps": [],
    }
    mentions = code_articles([news.to_article(row)])
    missed = news_details.misses([row], mentions)
    causes = {(r["quotes"][0], r["cameo_root"]): r["miss_cause"] for r in missed}
    # the arrest is found and typed: not a miss; the same sentence read as an assault has only a 17 candidate
    assert causes == {
        (ARREST, "18"): "wrong root",
        (MARCH, "14"): "not asserted",
        (PAINT, "07"): "no candidate",
    }
    table = news_details.miss_table(missed)
    assert table["07"]["no candidate"] == 1 and sum(sum(v.values()) for v in table.values()) == 3
