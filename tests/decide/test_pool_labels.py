"""The committed labels of the news pool's long articles: they join with the corpus text, pass the guideline's
checker, and hold no article the pool's labelled file already annotates (skipped where ../shared is absent)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.decide import pool_labels

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus" / "news_pool.jsonl"
LABELLED = SHARED / "corpus" / "news_pool_labelled.jsonl"
CHECKER = SHARED / "eval" / "check_annotation.py"


@pytest.fixture(scope="module")
def committed() -> list[dict[str, object]]:
    if not CORPUS.is_file() or not CHECKER.is_file():
        pytest.skip("../shared is absent: the long articles' labels are joined with its corpus text")
    return pool_labels.gold_rows(pool_labels.LABELS, CORPUS, LABELLED)


def test_the_committed_long_article_labels_pass_check_annotation(
    committed: list[dict[str, object]], tmp_path: Path
) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in committed), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(CHECKER), str(gold), str(gold)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith(f"{len(committed)} articles checked, 0 problems")


def test_the_committed_long_article_labels_are_the_articles_the_pools_file_leaves_out(
    committed: list[dict[str, object]],
) -> None:
    ids = [str(r["id"]) for r in committed]
    labelled = {json.loads(line)["id"] for line in LABELLED.read_text(encoding="utf-8").splitlines() if line}
    corpus = {json.loads(line)["id"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line}
    assert len(set(ids)) == len(ids) and ids == sorted(ids)
    assert set(ids) == corpus - labelled  # every long article, once, and none the pool's file annotates
    stored = pool_labels.LABELS.read_text(encoding="utf-8")
    assert '"text"' not in stored  # the text is joined from the corpus, not kept twice
