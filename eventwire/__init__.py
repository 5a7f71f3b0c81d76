"""eventwire: news articles in, a CAMEO/ACLED political-event dataset out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
# Bump whenever coding output can change (dictionaries, rules, model): a new coder version recodes on request.
CODER_VERSION = "0.16.0"

if TYPE_CHECKING:
    from eventwire.loading import Datasets, open_dataset, read_pandas

__all__ = ["CODER_VERSION", "Datasets", "__version__", "open_dataset", "read_pandas"]


def __getattr__(name: str) -> Any:
    # The loading API imports polars; the coding workers import this package and never need it.
    if name in ("open_dataset", "read_pandas", "Datasets"):
        from eventwire import loading

        return getattr(loading, name)
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
