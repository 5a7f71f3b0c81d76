"""Which sentences can carry an event: a dictionary pre-scan of surface forms, before any parsing.

Parsing is most of the cost of coding, and most sentences of a news article code nothing (about 7 in 8 of
the real articles in the evaluation set). The pre-scan reads each sentence's words and keeps it when a
trigger of ``triggers.yaml`` could match there: the trigger's words in any inflection, and for a verb
entry restricted to certain objects, one of those objects somewhere in the sentence; likewise a
``clause_any`` word; for an entry whose object must be a place (``held``: "gained control of Kidal"), a territory
word or a word that may be a place name (capitalised, or a first word the gazetteer knows); and for an event noun
outside the headline a verb that makes it an event. A month
"March" ("on 5 March", "since March") is no cue. The headline and the
lede are always kept, and so is the context a kept sentence leans on:
- casualty, toll and return-fire sentences after an act of their paragraph ("Both victims died.", "The death
  toll rose to 18.");
- sentences that open with a date, before an act of their paragraph (they set the scene's date for the next
  ones; the coder's narrative starts afresh at each line break);
- sentences that place the story: a locative before a gazetteer name ("in Kitui"), or a country name,
  demonym or capital (the article's country and fallback place are voted from all of them). One that names
  no place an earlier kept sentence does not name keeps only the phrases that name them and its closing mark
  ("in Kitui county stayed … .", "Iraqi officials"): they still count as votes (``coding.scene_phrases``);
- the two sentences before an act's sentence that says "he", "she" or "the group" (coreference looks back).
The coder reads tags, lemmas, dependencies and entities in every kind of context (places and countries through
the locative phrase and the parse, dates and tolls through the parse, antecedents as entities and their
parse), so a kept sentence gets the whole pipeline; context nothing reads (a toll before any act, a date
after the last, the sentences before a pronoun in a sentence with no act) is blanked.
Everything else is blanked with spaces of the same length, so the parser never sees it and every character
offset still points into the article text. ``bench/prescan.py`` measures what this changes.

Inflections come from the installed model's own lemmatizer tables (its suffix rules and irregular forms,
inverted), so a form the parser would lemmatise to a trigger lemma is a form the pre-scan knows.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.coding import lexicon as lx
from eventwire.coding.actors import PERSONAL
from eventwire.coding.inflection import inflections, lemma_tables
from eventwire.coding.lexicon import ActorLexicon, TriggerLexicon
from eventwire.coding.scene_phrases import CASED_WORD as _CASED_WORD
from eventwire.coding.scene_phrases import scene_names, scene_phrases
from eventwire.coding.territory import known_place
from eventwire.coding.triggers import CONFLICT_ROOTS, NO_DOER, located_protest_entry
from eventwire.coding.typos import MIN_LETTERS, correction, mark_typos
from eventwire.ingest.dates import MONTHS, WEEKDAYS

_WORD = re.compile(r"[a-z]+")
# A sentence ends at . ! or ? (and any closing quotes or brackets) before a space and a capital, digit or
# opening quote; or at a line break. Abbreviations ("Gen.", "U.S.") are checked separately.
_BOUNDARY = re.compile(r"""[.!?]["'”’)\]]*[ \t]+(?=["'“‘(\[]*[A-Z0-9])|\n+""")
_RE_PREFIXED = re.compile(r"\bre-([a-z]+)")
_ABBREVIATION = re.compile(r"(?:^|\s)(\S+\.)$")
_CLOSING = re.compile(r"[.!?][\"'”’)\]]*$")  # a sentence's closing mark
_LEAD_WORDS = 4  # "On 28 April," / "Late on Sunday," — a date this early in a sentence frames the scene
# Words of the relative dates in dates.yaml that can open a scene ("Late yesterday, …", "Overnight, …").
_DAY_WORDS = frozenset(
    {
        "today",
        "yesterday",
        "tonight",
        "overnight",
        "morning",
        "afternoon",
        "evening",
        "night",
        "week",
        "weekend",
        "month",
    }
)
_PRONOUN_LOOKBACK = 2  # sentences kept before one that refers back (coreference looks back a few sentences)


@dataclass(frozen=True, slots=True)
class Cue:
    """One trigger entry as the pre-scan sees it: the forms of its words after the first, the object forms of
    which one must appear in the sentence (None: no object needed; for an entry that needs a subject rather
    than an object, the subject forms), and whether a place name (a capitalised word) also satisfies the
    object (entries with PLACE among their objects). ``clause``: forms of the entry's ``clause_any`` words,
    one of which must appear ("fire" the noun only beside artillery, mortars, rockets …). ``anchors``: for a
    noun, the forms of the verbs that make it an event (its ``verbs`` or the light verbs, the verbs of which
    an event noun is the subject, and the harm, death and toll verbs), one of which must appear outside a
    headline; ``agentive``: a "by" agent or a possessive ("the army's offensive") also does; ``conflict``: for the noun
    of a conflict act, a possessive ("yesterday's bombings") or a word of ``Cues.conflict_marks`` also does;
    ``located``: for a protest noun, a preposition of place and a capitalised word ("protests in Hong Kong")."""

    rest: tuple[frozenset[str], ...]
    objects: frozenset[str] | None
    place_object: bool
    clause: frozenset[str] | None = None
    anchors: frozenset[str] | None = None
    agentive: bool = False
    conflict: bool = False  # a conflict act's noun: a possessive or "recent …" also does
    held: bool = False  # what is taken must be a place (coding.territory): a territory word or a place name
    located: bool = False  # a protest noun: "in" and a place name also do ("vigils in South Korea")


@dataclass(frozen=True)
class Cues:
    by_first: dict[str, tuple[Cue, ...]]  # surface form of a trigger's first word → its entries
    context: frozenset[str]  # words that keep a sentence as context: tolls, return fire
    dates: frozenset[str]  # month and day names and relative day words (a fronted date sets the scene)
    referring: frozenset[str]  # "he", "she", "group" …: keep the sentences before
    abbreviations: frozenset[str]  # "Gen.", "Jan.", "U.S." …: a full stop that does not end a sentence
    actors: ActorLexicon | None = None  # its country names, demonyms and capitals place a story
    is_place: Callable[[str], bool] = lambda _name: False  # a gazetteer name of a real place
    # words that make a conflict act's noun an event (triggers._conflict_anchor): "the recent …", "the latest …"
    conflict_marks: frozenset[str] = frozenset()
    territory: frozenset[str] = frozenset()  # forms of the territory words a `held` entry's place may be

    @cached_property
    def month_cues(self) -> frozenset[str]:
        """Month names that are also trigger cues ("march")."""
        return frozenset(MONTHS).intersection(self.by_first)


@dataclass(frozen=True, slots=True)
class _Read:
    """What the pre-scan reads in one sentence before deciding whether to keep it."""

    words: list[str]
    carrier: bool  # some trigger could match
    headline: bool


@dataclass(frozen=True, slots=True)
class Excerpt:
    text: str  # same length as the input; sentences that cannot carry an event are spaces
    kept: int  # sentences kept
    sentences: int  # sentences in the text
    kept_chars: int
    resumes: tuple[int, ...] = ()  # starts of kept sentences that follow a blanked one: certain boundaries
    carriers: int = 0  # sentences where a trigger could match: none, and the article can code no event

    @property
    def can_carry_event(self) -> bool:
        return self.carriers > 0


def sentence_spans(text: str, abbreviations: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed. Cheap and conservative: it never needs to agree
    with the parser exactly, only to avoid cutting a sentence in two."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if match.group().startswith("."):
            word = _ABBREVIATION.search(text, max(0, match.start() - 20), match.start() + 1)
            if word is not None and (
                word.group(1) in abbreviations or len(word.group(1)) == 2 or "." in word.group(1)[:-1]
            ):
                continue  # "Gen. Smith", "J. Smith", "the U.S. Army": the full stop belongs to the word
        end = match.start() + len(match.group().rstrip())
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def sentence_starts(text: str) -> list[int]:
    """Start offsets of the sentences of ``text``: the numbering ``Mention.sentence_index`` uses, the same
    whether or not a sentence was parsed."""
    return [a for a, _ in sentence_spans(text, cues().abbreviations)]


def sentence_number(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


def sentence_words(sentence: str, cues_: Cues) -> list[str]:
    """The sentence's lowercase words as the pre-scan reads them, with "re-took" also as "retook" and a
    misspelt word also as its correction ("errupted": "erupted"). Only a word written in lowercase is
    corrected, as the coder corrects only those (``typos.mark_typos``): "Battelle" is a name, not "battle"."""
    lower = sentence.lower()
    words = _WORD.findall(lower) + [f"re{w}" for w in _RE_PREFIXED.findall(lower)]
    words += [
        fix[0]
        for w in _CASED_WORD.findall(sentence)
        if len(w) >= MIN_LETTERS and w.islower() and w not in cues_.by_first and (fix := correction(w)) is not None
    ]
    return words


def can_carry_event(words: list[str], sentence: str, cues_: Cues, *, headline: bool = False) -> bool:
    """Whether some trigger entry could match in the sentence (its words in order, and the company it needs)."""
    return next(cue_hits(words, sentence, cues_, headline=headline), None) is not None


def cue_hits(words: list[str], sentence: str, cues_: Cues, *, headline: bool = False) -> Iterator[str]:
    """The words at which a trigger entry could match, in order (one per matching entry). In a headline a
    noun needs no verb (the coder reads a headline's event nouns as events)."""
    bag: set[str] | None = None
    months = _month_uses(sentence, words, cues_)
    for i, word in enumerate(words):
        if word in months:
            continue
        for cue in cues_.by_first.get(word, ()):
            n = len(cue.rest)
            if n and (i + n >= len(words) or any(words[i + 1 + k] not in cue.rest[k] for k in range(n))):
                continue
            if cue.objects is None and cue.clause is None and (cue.anchors is None or headline):
                yield word
                continue
            bag = bag if bag is not None else set(words)
            if cue.objects is not None and not (cue.objects & bag or (cue.place_object and _has_capitalised(sentence))):
                continue
            if cue.clause is not None and cue.clause.isdisjoint(bag):
                continue
            if cue.held and cues_.territory.isdisjoint(bag) and not _may_name_place(sentence, cues_):
                continue
            if (
                cue.anchors is not None
                and not headline
                and cue.anchors.isdisjoint(bag)
                and not (cue.agentive and ("by" in bag or _has_possessive(sentence)))
                and not (cue.conflict and (_has_possessive(sentence) or not cues_.conflict_marks.isdisjoint(bag)))
                and not (cue.located and not lx.words("located_preps").isdisjoint(bag) and _has_capitalised(sentence))
            ):
                continue
            yield word


def _month_uses(sentence: str, words: list[str], cues_: Cues) -> frozenset[str]:
    """Cue words that are, every time they occur in the sentence, a month's name: "on 5 March", "in March",
    "March 2024" code no protest march. A lowercase or a protest "March" still counts."""
    found = cues_.month_cues.intersection(words)
    if not found:
        return frozenset()
    return frozenset(
        month for month in found if len(_month_pattern(month).findall(sentence)) >= sum(w == month for w in words)
    )


@cache
def _month_pattern(month: str) -> re.Pattern[str]:
    """A capitalised month name with a date around it: a day number or year after it ("March 7", "March,
    2024"), a day number before it ("7 March", "7th of March"), a preposition or time word before it ("in
    March", "since early March", "mid-March", "the end of March"), or another month beside it ("February and
    March")."""
    name = month.capitalize()
    others = "|".join(m.capitalize() for m in MONTHS if m != month)
    joint = r"\s*(?:,|and|or|to|through|until|-|–)\s*"
    return re.compile(
        rf"\b{name},?\s+\d"
        rf"|\d(?:st|nd|rd|th)?\s+(?:of\s+)?{name}\b"
        rf"|\b(?i:{'|'.join(_MONTH_BEFORE)})[\s-]+(?:(?i:early|late|mid)[\s-]+)?{name}\b"
        rf"|\b(?:{others}){joint}{name}\b"
        rf"|\b{name}{joint}(?:{others})\b"
    )


# Words before a month's name that make it the month: "in March", "since late March", "the end of March".
_MONTH_BEFORE = (
    "in",
    "on",
    "since",
    "by",
    "until",
    "till",
    "through",
    "from",
    "during",
    "before",
    "after",
    "last",
    "next",
    "this",
    "early",
    "late",
    "mid",
    r"(?:end|beginning|start|middle)\s+of",
)


def _has_possessive(sentence: str) -> bool:
    return "'" in sentence or "’" in sentence


def refers_back(words: list[str], referring: frozenset[str]) -> bool:
    """A word the coder resolves to an earlier sentence's actor: "he", "she", "him", "her", or a group word
    right after "the" ("the militants"; "rights groups" and "a group of men" refer to no one named)."""
    return any(w in referring and (w in PERSONAL or (k > 0 and words[k - 1] == "the")) for k, w in enumerate(words))


def _has_capitalised(sentence: str) -> bool:
    return any(w[:1].isupper() for w in sentence.split()[1:])


def _may_name_place(sentence: str, cues_: Cues) -> bool:
    """Whether the sentence may name a place: a capitalised word after the first, or a first word the gazetteer
    knows ("Aleppo fell under government control"). The coder's test (``territory.is_place``) is narrower."""
    if _has_capitalised(sentence):
        return True
    first = _CASED_WORD.match(sentence.lstrip("\"'“‘(["))
    return first is not None and cues_.is_place(first.group())


def excerpt(text: str, headline_end: int = 0, cues_: Cues | None = None) -> Excerpt:
    """``text`` with every sentence that cannot carry an event, and that no kept sentence leans on, blanked.
    Sentences starting before ``headline_end`` (the headline) and the first sentence after it are kept."""
    cues_ = cues_ or cues()
    spans = sentence_spans(text, cues_.abbreviations)
    lede = next((i for i, (a, _) in enumerate(spans) if a >= headline_end), None)
    read: list[_Read] = []
    for a, b in spans:
        sentence = text[a:b]
        words = sentence_words(sentence, cues_)
        read.append(_Read(words, can_carry_event(words, sentence, cues_, headline=a < headline_end), a < headline_end))
    # The coder's narrative (a scene's date, the last violent act a later toll belongs to) is never set by the
    # headline, only acts read it, and it starts afresh at each line break: a toll with no act before it in its
    # paragraph, or a date with no act after it there, is read by nothing.
    paragraph = _paragraphs(text, spans)
    first_act: dict[int, int] = {}
    last_act: dict[int, int] = {}
    for i, r in enumerate(read):
        if r.carrier and not r.headline:
            first_act.setdefault(paragraph[i], i)
            last_act[paragraph[i]] = i
    keep = [False] * len(spans)
    # A sentence that only places the story, with no place that an earlier kept sentence does not name, adds no
    # place to the story, but its locative phrases still count for the story's country and place ("in Kitui"
    # twice is a stronger vote than once): only those phrases are kept.
    fragments: dict[int, list[tuple[int, int]]] = {}
    named: set[str] = set()  # places named in the sentences kept so far
    for i, r in enumerate(read):
        a, b = spans[i]
        names = scene_names(text[a:b], cues_)
        if (
            r.carrier
            or r.headline
            or i == lede
            # a toll or returned fire after an act of its paragraph, a date before one
            or (first_act.get(paragraph[i], i) < i and not cues_.context.isdisjoint(r.words))
            or (last_act.get(paragraph[i], i) > i and not cues_.dates.isdisjoint(r.words[:_LEAD_WORDS]))
            or not names <= named
        ):
            keep[i] = True
            named |= names
            # coreference is resolved for an act's actors only, so only an act's sentence looks back
            if r.carrier and refers_back(r.words, cues_.referring):
                for j in range(max(0, i - _PRONOUN_LOOKBACK), i):
                    keep[j] = True
        elif names:
            fragments[i] = [(a + start, a + end) for start, end in scene_phrases(text[a:b], cues_)]
    carriers = sum(r.carrier for r in read)
    parts: list[str] = []
    cursor = 0
    kept_chars = 0
    resumes = []
    for i, ((a, b), kept) in enumerate(zip(spans, keep, strict=True)):
        if kept:
            kept_chars += b - a
            if i and not keep[i - 1]:
                resumes.append(a)
            continue
        parts.append(text[cursor:a])
        phrases = fragments.get(i, [])
        for start, end in phrases:  # each phrase parsed as a sentence of its own
            parts.append(_blank(text[a:start]))
            parts.append(text[start:end])
            resumes.append(start)
            kept_chars += end - start
            a = end
        # and its closing mark: the next sentence is then parsed after a full stop, as in the text
        close = _CLOSING.search(text, a, b) if phrases else None
        parts.append(_blank(text[a : b if close is None else close.start()]))
        if close is not None:
            parts.append(text[close.start() : b])
            kept_chars += b - close.start()
        cursor = b
    parts.append(text[cursor:])
    return Excerpt("".join(parts), sum(keep), len(spans), kept_chars, tuple(resumes), carriers)


def _paragraphs(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """The paragraph (line) number of each sentence: a sentence span never holds a line break."""
    out = []
    number = 0
    previous_end = 0
    for a, b in spans:
        if "\n" in text[previous_end:a]:
            number += 1
        out.append(number)
        previous_end = b
    return out


def whole(text: str) -> Excerpt:
    """``text`` kept whole, for a full parse (no sentence blanked, no boundary preset)."""
    return Excerpt(text, 0, 0, len(text), (), 1)


def prepared_doc(nlp: Language, text: str | Excerpt, headline_end: int = 0) -> Doc:
    """The tokenised excerpt of ``text`` (or the excerpt given), ready for the pipeline, with a sentence start
    preset after every blanked stretch: the parser respects preset starts, so it never joins two kept
    sentences across a gap (a headline without a full stop would otherwise run on into the next kept sentence)."""
    out = text if isinstance(text, Excerpt) else excerpt(text, headline_end)
    doc = mark_typos(nlp.make_doc(out.text))
    for start in out.resumes:
        span = doc.char_span(start, start + 1, alignment_mode="expand")
        if span is not None and len(span):
            doc[span.start].is_sent_start = True
    return doc


def _blank(segment: str) -> str:
    """Spaces, keeping line breaks (they mark paragraphs, which end a scene)."""
    return "\n".join(" " * len(line) for line in segment.split("\n"))


# ── cues from the dictionaries ────────────────────────────────────────────────────────────────────
@cache
def cues() -> Cues:
    tables = lemma_tables()
    base = build_cues(lx.triggers(), tables.rules, tables.irregular, _abbreviations())
    return replace(base, actors=lx.actors(), is_place=known_place)


def build_cues(
    lexicon: TriggerLexicon,
    rules: dict[str, list[tuple[str, str]]],
    irregular: dict[str, dict[str, set[str]]],
    abbreviations: frozenset[str] = frozenset(),
) -> Cues:
    def inflect(lemma: str, pos: str) -> frozenset[str]:
        return inflections(lemma, pos, rules, irregular)

    def forms(words: Iterable[str]) -> frozenset[str]:
        """Every form of the words (each word of a phrase), as a noun or a verb."""
        return frozenset(
            f for phrase in words for w in _WORD.findall(phrase) for f in inflect(w, "noun") | inflect(w, "verb")
        )

    # Verbs an event noun is the subject of ("clashes erupted", "an explosion killed"), or the object of a
    # death verb's preposition ("died in an explosion"), or a toll's ("the toll from the attack rose")
    noun_verbs = forms(
        lx.words("happen_verbs")
        | lx.words("harm_verbs")
        | lx.words("kill_verbs")
        | lx.words("injure_verbs")
        | lx.words("toll_verbs")
        | lx.words("time_preps")
        | lx.words("time_nouns")
    )
    by_first: dict[str, list[Cue]] = {}
    for (first, pos), entries in lexicon.by_first.items():
        for entry in entries:
            objects = None
            needed = entry.objects if entry.objects is not None else entry.subjects  # "a convoy entered"
            if needed is entry.subjects and needed is not None and NO_DOER in needed:
                needed = None  # a doer no word names (a passive with no agent) is no word to look for
            if pos == "VERB" and needed is not None:
                objects = frozenset(
                    f
                    for o in needed
                    if o != "PLACE"
                    for w in o.split()
                    for f in inflect(w, "noun") | inflect(w, "verb")
                )
            rest = [w for w in entry.lemma[1:] if _WORD.fullmatch(w)]  # "sit - in": the hyphen is no word
            verbs = entry.verbs if entry.verbs is not None else lexicon.light_verbs
            cue = Cue(
                tuple(inflect(w, pos.lower()) | inflect(w, "verb") for w in rest),
                objects,
                pos == "VERB" and entry.objects is not None and "PLACE" in entry.objects,
                clause=forms(entry.clause_any) if entry.clause_any is not None else None,
                # "be" has forms the lemmatizer tables do not list ("was", "'s"): such a noun needs no verb
                anchors=forms(verbs) | noun_verbs if pos == "NOUN" and "be" not in verbs else None,
                agentive=entry.verbs is None,
                conflict=pos == "NOUN" and entry.code[:2] in CONFLICT_ROOTS,
                held=entry.held,
                located=located_protest_entry(entry),
            )
            # A noun entry needs a noun: "called" is never the noun "call" (the tagger decides which entry applies)
            for form in inflect(first, "noun") | (inflect(first, "verb") if pos == "VERB" else frozenset()):
                by_first.setdefault(form, []).append(cue)
    # Casualty words: a later "Both victims died." or "2 fatalities." gives the last attack its toll.
    toll = {
        f for key in ("toll_nouns", "kill_nouns", "injure_nouns") for w in lx.words(key) for f in inflect(w, "noun")
    }
    toll |= {
        f
        for key in ("kill_verbs", "injure_verbs", "lethal_manner")
        for w in lx.words(key)
        for f in inflect(w.split()[0], "verb")
    }
    fire = {w for phrase in lx.words("returned_fire") for w in _WORD.findall(phrase)} - {"in", "a", "with", "to"}
    dates = set(MONTHS) | {m[:3] for m in MONTHS} | set(WEEKDAYS) | _DAY_WORDS
    referring = {f for w in lx.words("group_anaphors") for f in inflect(w, "noun")} | PERSONAL
    return Cues(
        {k: tuple(v) for k, v in by_first.items()},
        frozenset(toll | _fire_cues(fire)),
        frozenset(dates),
        frozenset(referring),
        abbreviations,
        conflict_marks=forms(lx.words("recent_words")),
        territory=forms(lx.words("territory_words")),
    )


def _fire_cues(words: set[str]) -> set[str]:
    """Only the distinctive words of the return-fire phrases ("fire", "gunfire", "firefight", "gunfight")."""
    return {w for w in words if "fire" in w or "fight" in w}


def _abbreviations() -> frozenset[str]:
    """Words ending in a full stop that end no sentence: the tokenizer's ("Gen.", "Jan.", "U.S.") and titles."""
    from eventwire.nlp.pipeline import load_nlp

    tokenizer: Any = load_nlp().tokenizer  # spaCy types it as any callable; its Tokenizer is untyped Cython
    return frozenset(k for k in tokenizer.rules if k.endswith(".") and len(k) > 1) | {
        f"{w.capitalize()}." for w in lx.words("title_abbreviations")
    }
