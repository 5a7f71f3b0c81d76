"""The code layout rules, read from the source: layers import downwards only, and no module grows past 600 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("eventwire", "schemas", "flows")
# Lower layers never import the layers above them (the coder, consolidation, the run, the flows, the CLI).
LOWER = ("eventwire.ingest", "eventwire.nlp", "eventwire.geo", "eventwire.store", "schemas")
HIGHER = ("eventwire.coding", "eventwire.consolidate", "eventwire.pipeline", "flows", "eventwire.cli")
MAX_LINES = 600


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _imports(path: Path, module: str | None = None) -> set[str]:
    """Every module ``path`` (module ``module``) imports, at the top or inside functions: a lazy import is a
    dependency too."""
    module = module or _module(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return out


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_sources_are_found() -> None:
    modules = {_module(p) for p in _sources()}
    assert {"eventwire.geo.gazetteer", "eventwire.coding.coder", "schemas.taxonomy", "flows.nightly"} <= modules


@pytest.mark.parametrize("path", [p for p in _sources() if _within(_module(p), LOWER)], ids=_module)
def test_lower_layers_import_nothing_from_higher_ones(path: Path) -> None:
    upward = sorted(name for name in _imports(path) if _within(name, HIGHER))
    assert upward == [], f"{_module(path)} imports {upward}"


def test_the_layer_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The check itself can fail: a lazy import of the coder inside a function is found."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from eventwire.coding.coder import resources\n    from ..coding import places\n")
    found = _imports(probe, "eventwire.geo.probe")
    assert "eventwire.coding.coder" in found
    assert "eventwire.coding.places" in found


@pytest.mark.parametrize("path", [p for p in _sources() if p.is_relative_to(ROOT / "eventwire")], ids=_module)
def test_no_module_is_longer_than_600_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines: split it by concern"
