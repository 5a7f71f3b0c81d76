"""The fit part of the team's conflict-news sentences as short texts of their own, for the decision model.

A sentence is scored as a text of one or two sentences, as a wire snippet or an ACLED note is, but the model
learned only from whole articles. Its article features then read every such text as a lone mention in an
article too short to have a domain (``art=sents=0``, ``dom=short``): in a whole article an act named once
is more often a trap, so the typed head dropped snippets that report an attack ("Multiple assailants
attacked al-Quaety …", typed probability 0.24 against the 0.25 floor). Each fit-part sentence of a labelled
article is therefore also a training row of its own: its text cut from the article, with the article's gold
events and traps clipped to it, so its candidates are labelled exactly as in the article (a quote of a
real event, a trap, or nothing listed). Never a check-part sentence (``sources.scored_sentences`` withholds
those in their articles too), and never a sentence of an article held apart, so the model card's held-apart
figures stay those of whole articles; a sentence row has its article's fold (``sources.base_id``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eventwire.decide.sources import SENTENCES, held_apart, sentence_end
from eventwire.evaluation.news import occurrences
from eventwire.evaluation.split import part_of

Span = tuple[int, int]


def _clipped(text: str, quote: str, start: int, end: int) -> list[str]:
    """The parts of ``quote``'s occurrences in ``text`` that fall in ``[start, end)``, as written there."""
    out = []
    for a, b in occurrences(text, quote):
        part = text[max(a, start) : min(b, end)].strip()
        if part:
            out.append(part)
    return out


def view(row: dict[str, Any], sentence_id: str, sentence: str) -> dict[str, Any] | None:
    """The labelled article ``row`` cut to one sentence (its id ``<article>@<offset into row's text>``): a gold
    row of the same form, with the events and traps whose quotes fall in it (clipped to it); None when the
    offset does not point at the sentence."""
    text = str(row["text"])
    start = int(sentence_id.rsplit("@", 1)[1])
    end = sentence_end(text, start, sentence)
    cut = text[start:end].rstrip()
    if " ".join(cut.split()) != " ".join(sentence.split()):
        return None
    end = start + len(cut)
    events = []
    for event in row.get("events") or ():
        quotes = [q for quote in event.get("quotes") or () for q in _clipped(text, quote, start, end)]
        if quotes:
            events.append({**event, "quotes": list(dict.fromkeys(quotes))})
    traps = [
        {**trap, "quote": q}
        for trap in row.get("traps") or ()
        for q in dict.fromkeys(_clipped(text, str(trap["quote"]), start, end))
    ]
    return {"id": sentence_id, "text": cut, "published": row["published"], "events": events, "traps": traps}


def sentence_rows(rows: list[dict[str, Any]], path: Path = SENTENCES) -> list[dict[str, Any]]:
    """A training row for each fit-part sentence of ``path`` cut from one of ``rows`` (labelled articles) that is
    not held apart, in the file's order. A fit sentence whose text is also a check sentence's (one story carried
    by two articles of the corpus) is left out: the check part is never learned from, under any id."""
    by_id = {str(r["id"]): r for r in rows}
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    checked = {_normal(str(i["text"])) for i in items if part_of(str(i["id"])) != "fit"}
    out = []
    for item in items:
        sentence_id, article = str(item["id"]), str(item["article"])
        if part_of(sentence_id) != "fit" or article not in by_id or held_apart(article):
            continue
        if _normal(str(item["text"])) in checked:
            continue
        cut = view(by_id[article], sentence_id, str(item["text"]))
        if cut is not None:
            out.append(cut)
    return out


def _normal(text: str) -> str:
    """A sentence's words as compared across articles: case and spacing aside."""
    return " ".join(text.lower().split())
