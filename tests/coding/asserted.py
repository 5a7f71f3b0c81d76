"""The asserted mentions of one text, for the tests of the trigger dictionaries' kinds of act."""

from __future__ import annotations

from datetime import datetime


def asserted(code_text, text: str, published: datetime):  # type: ignore[no-untyped-def]
    """``code_text`` is the session fixture of ``tests/conftest.py``; the article is published on ``published``."""
    return [m for m in code_text(text, published) if m.factuality == "asserted"]
