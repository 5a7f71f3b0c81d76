"""Shared fixtures. The Prefect test harness (a temporary API, ~11 s to start) starts once per session,
only when a test that runs the real flow asks for it."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CASES = Path(__file__).resolve().parent / "cases"
SEED_ARTICLE = SEEDS / "000_eee00659cada7720.txt"


def pytest_configure(config: pytest.Config) -> None:
    # Before Prefect is imported anywhere: offline, and never touching the user's own Prefect database.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="eventwire-test-prefect-"))


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from eventwire.nlp.pipeline import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def coder_resources():  # type: ignore[no-untyped-def]
    from eventwire.coding.coder import resources

    return resources()


@pytest.fixture(scope="session")
def res(coder_resources):  # type: ignore[no-untyped-def]
    """The coder's resources under the short name the place and geoparse tests use."""
    return coder_resources


@pytest.fixture(scope="session")
def code_text(nlp, coder_resources):  # type: ignore[no-untyped-def]
    """Code one text as an article published on ``published`` (no title): its mentions, with no errors."""
    from datetime import datetime

    from eventwire.coding.coder import code_article
    from eventwire.ingest.article import InputArticle

    def run(text: str, published: datetime):  # type: ignore[no-untyped-def]
        article = InputArticle(source_id="t", uri="t", text=text, published_at=published)
        mentions, errors = code_article(nlp(article.coding_text), article, coder_resources)
        assert not errors
        return mentions

    return run


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of seeds/ a test may add files to."""
    target = tmp_path / "input"
    shutil.copytree(SEEDS, target)
    return target


def asserted_sub_event_types(code_text, text: str, published) -> set[str | None]:  # type: ignore[no-untyped-def]
    """The ACLED sub-event types of a text's asserted mentions (``code_text``: the fixture)."""
    return {m.sub_event_type for m in code_text(text, published) if m.factuality == "asserted"}


def codes_in_a_longer_article(sentence: str, published) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(trigger, CAMEO code) of every mention of ``sentence`` set after two sentences of nothing, coded through
    the pipeline with the pre-scan on and the decision off: whether the pre-scan keeps it and the coder codes it."""
    from eventwire.decide.step import DecisionConfig
    from eventwire.ingest.article import InputArticle
    from eventwire.pipeline import code_batch

    text = "The weather was mild in the capital on Monday. Markets opened as usual. " + sentence
    article = InputArticle(source_id="p", uri="p", text=text, published_at=published)
    mentions = code_batch([article], prescan=True, decision=DecisionConfig(enabled=False)).mentions
    return [(m.trigger, m.cameo_code) for m in mentions]
