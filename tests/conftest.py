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
