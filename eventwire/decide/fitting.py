"""The logistic fit the decision model and the sub-event typer share: their binary features as a sparse matrix
over a vocabulary of features seen in enough training articles, and scikit-learn's logistic regression (training
only, the `train` extra)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np


class Featured(Protocol):
    """A training example as the matrix reads it: its article (folds, vocabulary) and binary features."""

    @property
    def article(self) -> str: ...

    @property
    def features(self) -> frozenset[str]: ...


def vocabulary(train: Sequence[Featured], min_articles: int) -> list[str]:
    """The features seen in at least ``min_articles`` training articles."""
    seen: dict[str, set[str]] = {}
    for c in train:
        for f in c.features:
            seen.setdefault(f, set()).add(c.article)
    return sorted(f for f, articles in seen.items() if len(articles) >= min_articles)


def matrix(items: Sequence[Featured], index: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    rows, cols = [], []
    for i, c in enumerate(items):
        for f in sorted(c.features):  # sorted: the same matrix, stored alike, in every process
            j = index.get(f)
            if j is not None:
                rows.append(i)
                cols.append(j)
    data = np.ones(len(rows))
    return csr_matrix((data, (rows, cols)), shape=(len(items), len(index)))


def fit_logistic(x: Any, y: np.ndarray | list[str], strength: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=strength, max_iter=5000).fit(x, y)
