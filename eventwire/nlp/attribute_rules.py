"""The attribute ruler's matches found by lookup instead of by spaCy's Matcher: the same rules, the same result.

The English pipelines' attribute ruler maps each fine-grained tag to its part of speech and morphology and
then applies a hundred-odd word exceptions ("is" → lemma "be", "us" → "we"). spaCy's Matcher tries every one
of its 179 patterns at every token: ~18 µs a token, 12 % of the whole parse of a pre-scanned article, for
rules that key on one word or one tag. Here each pattern is filed under the lowercase word or the tag its
first token needs, so a token is tried against the two or three patterns that can apply to it. The matches
are the ruler's own (rule number, key, start, end), sorted as it sorts them, and the ruler still sets the
attributes itself; a pipeline whose rules use anything this does not read (operators, other attributes,
other predicates) keeps spaCy's Matcher (``index_attribute_rules`` returns False).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

Test = Callable[[Any], bool]
# The token attributes the rules read, as the Matcher reads them, in the order of a token's row below.
_COLUMNS = ("LOWER", "TAG", "DEP", "IS_SPACE")
_INDEXED = _COLUMNS  # the attributes a pattern can be filed under, in order of preference


@dataclass(frozen=True, slots=True)
class _Pattern:
    rule: int  # the ruler's rule number: later rules win, so matches are applied in this order
    key: int  # the Matcher key the ruler gives the rule (hash of str(rule))
    length: int  # tokens
    tests: tuple[tuple[int, int, Test], ...]  # (token offset, column, test) for every attribute of every token


class AttributeRuleIndex:
    """The ruler's patterns filed by the word, tag, dependency or spacing their first token needs."""

    def __init__(self, patterns: list[tuple[int, _Pattern, frozenset[object]]]) -> None:
        self.by: list[dict[object, list[_Pattern]]] = [{} for _ in _COLUMNS]
        self.anywhere: list[_Pattern] = []  # first token not pinned to given values (a regex): tried everywhere
        for column, pattern, values in patterns:
            if not values:
                self.anywhere.append(pattern)
            for value in values:
                self.by[column].setdefault(value, []).append(pattern)

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """What ``AttributeRuler.match`` returns: (rule, key, start, end) of every match, sorted."""
        rows = [(t.lower_, t.tag_, t.dep_, t.is_space) for t in doc]
        n = len(rows)
        lower, tag, dep, space = self.by
        out = set()
        for i, row in enumerate(rows):
            for group in (lower.get(row[0]), tag.get(row[1]), dep.get(row[2]), space.get(row[3]), self.anywhere):
                for pattern in group or ():
                    end = i + pattern.length
                    if end > n:
                        continue
                    for offset, column, test in pattern.tests:
                        if not test(rows[i + offset][column]):
                            break
                    else:
                        out.add((pattern.rule, pattern.key, i, end))
        return sorted(out)


def _test(attr: str, value: Any) -> Test | None:
    """The Matcher's test of one attribute (None: one this module does not read)."""
    if attr not in _COLUMNS:
        return None
    if isinstance(value, dict):
        if set(value) == {"IN"}:
            return frozenset(value["IN"]).__contains__
        if set(value) == {"NOT_IN"}:
            barred = frozenset(value["NOT_IN"])
            return lambda v: v not in barred
        if set(value) == {"REGEX"} and attr != "IS_SPACE":
            regex = re.compile(value["REGEX"])
            return lru_cache(maxsize=65536)(lambda v: regex.search(v) is not None)  # tried at every token
        return None
    if not isinstance(value, bool if attr == "IS_SPACE" else str):
        return None
    return lambda v: bool(v == value)


def _first_values(spec: dict[str, Any]) -> tuple[int, frozenset[object]]:
    """The column a pattern is filed under and the values its first token may have (none: any token)."""
    for column, attr in enumerate(_INDEXED):
        value = spec.get(attr)
        if isinstance(value, str | bool):
            return column, frozenset({value})
        if isinstance(value, dict) and set(value) == {"IN"}:
            return column, frozenset(value["IN"])
    return 0, frozenset()


def build_index(rules: list[dict[str, Any]], key_of: Callable[[str], int]) -> AttributeRuleIndex | None:
    """The index of an attribute ruler's ``patterns`` (None when one uses what this does not read)."""
    filed = []
    for rule, entry in enumerate(rules):
        for tokens in entry["patterns"]:
            if not tokens:
                return None
            tests = []
            for offset, spec in enumerate(tokens):
                for attr, value in spec.items():
                    test = _test(attr, value)
                    if test is None:
                        return None
                    tests.append((offset, _COLUMNS.index(attr), test))
            column, values = _first_values(tokens[0])
            filed.append((column, _Pattern(rule, key_of(str(rule)), len(tokens), tuple(tests)), values))
    return AttributeRuleIndex(filed)


def index_attribute_rules(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Have the pipeline's attribute ruler find its matches by lookup; False (and the ruler unchanged) when the
    pipeline has no such component or its rules need spaCy's Matcher."""
    if name not in nlp.pipe_names:
        return False
    ruler: Any = nlp.get_pipe(name)
    index = build_index(ruler.patterns, lambda key: int(nlp.vocab.strings[key]))
    if index is None:
        return False
    ruler.match = index.match  # the ruler's own __call__ and set_annotations do the rest
    return True
