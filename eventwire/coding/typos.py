"""Misspelt event words: "clashes errupted", "violence erruped", "protestors blocked".

Monitors' notes and local news are typed fast. A misspelt verb costs more than its own match: the small
model does not know the word, so it parses the whole sentence wrongly ("inter-clan violence errupted in
Afdere" becomes a prepositional phrase "On ... violence"). A lowercase word the model's lemmatizer does not
know that is one or two letters (or a swapped pair) from exactly one inflected form of a trigger word is
read as that form: its ``norm_`` is set before the pipeline runs (the model's token features start from the
norm, so the tagger and parser see "erupted"), and its lemma is set after it. The text itself and every
offset stay as written.

The vocabulary is the installed model's lemmatizer tables (its word index, irregular forms and suffix
rules), so the check needs no word list of its own. A general spelling corrector (pyspellchecker,
SymSpell) would correct any word towards any English word; only the trigger words matter here, and
correcting a rare but real word towards them would invent events, hence the narrow rule.
"""

from __future__ import annotations

from functools import cache, lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.tokens import Doc

from eventwire.coding import lexicon as lx
from eventwire.coding.inflection import inflections, lemma_tables

_USER_DATA = "eventwire.typos"
#: Shortest word looked at, and shortest word two letters may be wrong in: short words have too many
#: neighbours ("fired"/"hired"/"fined").
MIN_LETTERS = 6
TWO_EDITS_FROM = 7


@cache
def _tables() -> tuple[frozenset[str], dict[str, list[tuple[str, str]]], dict[str, str], tuple[str, ...]]:
    """(every word form the lemmatizer knows directly, its suffix rules by part of speech, trigger form →
    lemma for the first word of every trigger entry and the verbs event nouns need, those forms in order)."""
    tables = lemma_tables()
    rules, irregular = tables.rules, tables.irregular
    known: set[str] = set(tables.index)
    for forms in irregular.values():
        for lemma, spelt in forms.items():
            known.add(lemma)
            known.update(spelt)
    lexicon = lx.triggers()
    words = {(first, "verb" if pos == "VERB" else "noun") for first, pos in lexicon.by_first}
    # the verbs an event noun needs ("clashes erupted", "carried out an attack") are trigger words too
    anchors = set(lexicon.light_verbs) | lx.words("happen_verbs")
    anchors |= {verb for entries in lexicon.by_first.values() for entry in entries for verb in entry.verbs or ()}
    words |= {(verb, "verb") for verb in anchors}
    triggers: dict[str, str] = {}
    for word, pos in sorted(words):
        if word.isalpha():
            for form in inflections(word, pos, rules, irregular):
                triggers.setdefault(form, word)
    known.update(triggers)
    return frozenset(known), rules, triggers, tuple(triggers)


def _known(word: str) -> bool:
    known, rules, _triggers, _forms = _tables()
    if word in known:
        return True
    return any(
        word.endswith(old) and f"{word[: len(word) - len(old)]}{new}" in known
        for pos_rules in rules.values()
        for old, new in pos_rules
        if old
    )


@lru_cache(maxsize=16384)
def correction(word: str) -> tuple[str, str] | None:
    """(the trigger form, its lemma) a lowercase ``word`` misspells, or None: the word is unknown to the
    lemmatizer, and one form of one trigger word is nearest, within one letter (two for words of
    ``TWO_EDITS_FROM`` letters or more), starting with the same letter."""
    if len(word) < MIN_LETTERS or not word.isalpha() or _known(word):
        return None
    _known_words, _rules, triggers, forms = _tables()
    limit = 2 if len(word) >= TWO_EDITS_FROM else 1
    extracted = process.extract(word, forms, scorer=OSA.distance, score_cutoff=limit, limit=8)
    found = [(form, dist) for form, dist, _ in extracted if form[0] == word[0]]
    if not found:
        return None
    best = min(dist for _form, dist in found)
    nearest = [form for form, dist in found if dist == best]
    return (nearest[0], triggers[nearest[0]]) if len(nearest) == 1 else None


def mark_typos(doc: Doc) -> Doc:
    """Set the norm of each misspelt trigger word of a tokenised, not yet parsed ``doc`` (see module)."""
    fixes: dict[int, str] = {}
    for token in doc:
        if token.is_lower and len(token) >= MIN_LETTERS:
            fix = correction(token.text)
            if fix is not None:
                token.norm_ = fix[0]
                fixes[token.i] = fix[1]
    if fixes:
        doc.user_data[_USER_DATA] = fixes
    return doc


def apply_typo_lemmas(doc: Doc) -> None:
    """After the pipeline: the lemma of each corrected word is its trigger's ("errupted" → "erupt")."""
    for i, lemma in doc.user_data.get(_USER_DATA, {}).items():
        doc[i].lemma_ = lemma
