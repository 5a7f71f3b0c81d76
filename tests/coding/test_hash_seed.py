"""Same input, same output, in every process: Python salts string hashes per process (PYTHONHASHSEED), so a
set of strings iterated while summing votes or breaking ties would code differently from run to run."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import ROOT

# Codes every seed article (with places from all over the world) and prints each mention, all fields, in order.
CODE_SEEDS = """
import json, sys
from pathlib import Path
from eventwire import pipeline
from eventwire.ingest.readers import discover, read_file
root = Path(sys.argv[1])
arts = [a for p in discover(root) for a in read_file(p, root).articles]
coded = pipeline.code_batch(arts)
print(json.dumps([m.model_dump(mode="json", exclude={"coded_at", "ingested_at"}) for m in coded.mentions]))
"""


def _coded(seed: str) -> list[dict[str, object]]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run(
        [sys.executable, "-c", CODE_SEEDS, str(ROOT / "seeds")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    mentions: list[dict[str, object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return mentions


def test_coding_does_not_depend_on_the_hash_seed() -> None:
    first, second = _coded("1"), _coded("4242")
    assert len(first) > 100  # the seeds code hundreds of mentions: a failure to code would prove nothing
    assert first == second
