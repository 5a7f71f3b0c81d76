"""What the merge rule (``eventwire.consolidate``) allows inside one article and not across articles.

An article tells one incident with several words for it: the headline, the lede and the details are one event
with several mentions. Across outlets the rule keeps reports apart on their CAMEO root and their sides; inside
the article that told them it is looser, and in one way stricter:

* **one kind of act**: the violent roots 18 (assault), 19 (fight) and 20 (mass violence) are one kind ("a suicide
  bombing", 18, then "14 people were killed", 19 for a killing with no named doer); an article's events are filed
  by kind (``kind_of``), and across articles two violent roots meet only with one ACLED event type;
* **a toll**: a report of a violent act with a toll whose doer the text does not name ("Two other people were
  killed"; the coder names that doer "Unidentified Armed Group") says nothing of who did it, so it may join the
  event its article was telling in the sentence before (or the same sentence) whatever doer that names: soldiers
  who raided a village "killing a farmer", or a car bomb read with the officials who gave its toll as its doer.
  A report whose trigger is only a word for the dead or the hurt ("the 20 killed included four children")
  is a toll even when its figure was not read.
  Further on, a report with no doer may be of another incident ("The suicide bombing occurred in Akuressa" five
  sentences after the army's shelling) and keeps the strict rule; an act with no toll keeps it too ("A bomb
  exploded at a market" after the soldiers' raid);
* **state forces**: "the task force" (military) and "Task Force officers" (police) of one article are one side:
  ACLED codes both as state forces, and an article seldom tells two acts of one kind, day and place by its army
  and by its police;
* **armed groups**: "separatists" and "rebel fighters" of one article are one side, as an unnamed "gunmen"
  already is of any armed group;
* **different people** (stricter): a police blotter lists arrests and charges of one day and town, one person
  after another. Two reports of an arrest or a charge (root 17) that name their person in the same way and with
  no name in common ("a Richmond man" and "a Louisiana man"; "Issac Fisher, 26" and "Jon E. Mihm") are two
  acts. A name and a description ("a Paris man", "Jonathan McDaniel, 19") may be one person and decide nothing.

The sides must still have no conflicting country, and every other check (what, when, where, apart) holds. Only
an event *founded by the article* is compared with the looser rules, and only what the article itself says of
an event's people counts, so a night's consolidation and a rebuild decide alike (an article is always taken
whole, in one pass).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import polars as pl

from eventwire.merge_actors import CROWDS, PERSON, Actor, actor_of, actors_agree
from schemas import taxonomy

# Inside one article these roots are one kind of act (module docstring); across articles the root decides.
VIOLENT_ROOTS = frozenset({"18", "19", "20"})


def kind_of(root: str) -> str:
    """The block a report's root files it under: the violent roots share one, so that inside an article an
    assault and a killing of one incident can meet; across articles ``assign_events`` wants the same root or,
    for two violent roots, the same ACLED event type."""
    return "violent" if root in VIOLENT_ROOTS else root


def kind_expr(column: str = "cameo_root_code") -> pl.Expr:
    """``kind_of`` over a column of CAMEO roots."""
    return pl.when(pl.col(column).is_in(sorted(VIOLENT_ROOTS))).then(pl.lit("violent")).otherwise(pl.col(column))


@dataclass(frozen=True)
class ArticleRules:
    """What one article may call one side, and when it names two people (module docstring)."""

    # the name the coder gives a violent act's unnamed doer (coding.event_type.UNIDENTIFIED_ARMED, which imports
    # spaCy: the write step does not load it; a test keeps the two equal)
    implied_doer: str = "Unidentified Armed Group"
    toll_reach: int = 1  # sentences after the event's latest report from which a toll with no doer may join it
    # families of CAMEO types that are one side inside an article: state forces, non-state armed groups
    families: tuple[frozenset[str], ...] = (taxonomy.state_force_types(), taxonomy.armed_group_types())
    person_roots: frozenset[str] = frozenset({"17"})  # acts whose reports are told apart by the person named
    # last words of a description of a person or a group of people ("a Richmond man", "Walmart employees")
    descriptions: frozenset[str] = frozenset(
        {"man", "woman", "men", "women", "boy", "girl", "teen", "teenager", "youth", "mother", "father"}
        | {"resident", "residents", "worker", "workers", "employee", "employees", "people", "officers"}
    )
    titles: frozenset[str] = frozenset({"Mr", "Mrs", "Ms", "Dr", "Sgt", "Judge", "Officer", "Deputy", "Sheriff"})


ARTICLE = ArticleRules()


def _one_family(a: Actor | None, b: Actor | None, rules: ArticleRules) -> bool:
    """Whether two named sides are of one family of armed actors and no conflicting country."""
    if a is None or b is None or a.type is None or b.type is None:
        return False
    if a.country and b.country and a.country != b.country:
        return False
    return any(a.type in family and b.type in family for family in rules.families)


def sides_agree_in_article(
    sides: dict[str, Actor | None],
    event_type: str | None,
    row: dict[str, Any],
    after: int,
    rules: ArticleRules = ARTICLE,
) -> bool:
    """Whether ``row`` names the same sides as an event *its own article founded*, whose most specific sides so
    far are ``sides`` and whose latest report is ``after`` sentences before it: ``merge_actors.actors_agree``,
    or that with a toll's unnamed doer and a side of the event's family standing in for any (module docstring)."""
    if actors_agree(sides, event_type, row):
        return True
    relaxed = dict(row)
    counted = (row.get("fatalities") or 0) > 0 or (row.get("injuries") or 0) > 0
    doerless = row.get("actor1_name") == rules.implied_doer and 0 <= after <= rules.toll_reach
    if doerless and (counted or told_casualties(row)):
        relaxed.update(actor1_code=None, actor1_type=None, actor1_country=None, actor1_inter=None)
    for prefix in ("actor1", "actor2"):
        if _one_family(sides.get(prefix), actor_of(row, prefix), rules):
            relaxed.update({f"{prefix}_code": None, f"{prefix}_type": None})
    return relaxed != row and actors_agree(sides, event_type, relaxed)


def told_casualties(row: dict[str, Any]) -> bool:
    """Whether a report's trigger is only a word for the dead or the hurt ("the 20 killed included four
    children", "were wounded", "was slain", "shot dead"; every form of the lexicon's words, ``casualty_forms``):
    a toll, whether or not the count reader found its figure."""
    words = tuple(re.findall(r"[a-z]+", str(row.get("trigger") or "").lower()))
    single, phrases = casualty_forms()
    return bool(words) and (all(w in single for w in words) or words in phrases)


# The lexicon's words for killing and hurting (coding/data/wordlists.yaml): one list for the coder's counts and
# for this rule.
CASUALTY_LISTS = (("kill_verbs", "verb"), ("injure_verbs", "verb"), ("kill_nouns", "noun"), ("injure_nouns", "noun"))


@cache
def casualty_forms() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """Every form of the lexicon's words for killing and hurting, by the model's own lemma tables ("slay" →
    "slain", "slew"): the one-word ones, and the phrases word by word with their first word inflected ("shoot
    dead" → ("shot", "dead")). Read once per process, from the tables' files: the write step loads no pipeline."""
    from eventwire.coding import lexicon
    from eventwire.coding.inflection import inflections, lemma_tables

    tables = lemma_tables()
    single: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    for key, pos in CASUALTY_LISTS:
        for entry in lexicon.words(key):
            first, *rest = entry.lower().split()
            forms = inflections(first, pos, tables.rules, tables.irregular)
            if rest:
                phrases.update((form, *rest) for form in forms)
            else:
                single.update(forms)
    return frozenset(single), frozenset(phrases)


# what a report says of its toll: its figures, and its trigger when that is only a word for the dead or hurt
TOLL_COLUMNS = ("fatalities", "injuries", "trigger")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")


def person_named(name: str | None, sentence: str, rules: ArticleRules = ARTICLE) -> tuple[str, frozenset[str]] | None:
    """How a report names a person: ("description", its capitalised words: "a Richmond man" → {Richmond}) or
    ("name", the capitalised words before the first comma: "Issac Fisher, 26, of Kansas City" → {Issac,
    Fisher}); None when it says nothing that tells people apart ("a 24-year-old woman", "Man" opening a
    headline)."""
    head = (name or "").split(",")[0].strip()
    words = head.split()
    if not words or (len(words) == 1 and sentence.startswith(head)):
        return None
    described = words[-1].lower().strip(".") in rules.descriptions
    found = frozenset(
        w for w in _CAPITALISED.findall(head) if w not in rules.titles and w.lower() not in rules.descriptions
    )
    return ("description" if described else "name", found) if found else None


def people_of(row: dict[str, Any], rules: ArticleRules = ARTICLE) -> list[tuple[str, frozenset[str]]]:
    """The people a report names on either side: sides of no CAMEO type or a person's (not police, a court …)."""
    found = (
        person_named(row.get(f"{side}_name"), row.get("sentence") or "", rules)
        for side in ("actor1", "actor2")
        # a crowd ("Protesters", "Students") is not a person told apart by name
        if row.get(f"{side}_type") in (None, PERSON) and row.get(f"{side}_inter") not in CROWDS
    )
    return [person for person in found if person is not None]


class ArticlePeople:
    """The people one article's reports of each event name so far, per way of naming (one article at a time:
    a new one is made for each article)."""

    def __init__(self, rules: ArticleRules = ARTICLE) -> None:
        self.rules = rules
        self.named: dict[int, dict[str, set[str]]] = {}  # id of the event → way of naming → capitalised words

    def differ(self, event: object, row: dict[str, Any]) -> bool:
        """Whether ``row`` (of the article) names someone else than its article's reports of ``event`` did."""
        if row["cameo_root_code"] not in self.rules.person_roots:
            return False
        known = self.named.get(id(event), {})
        return any(known.get(way) and not words & known[way] for way, words in people_of(row, self.rules))

    def add(self, event: object, row: dict[str, Any]) -> None:
        """``row`` joined or founded ``event``."""
        if row["cameo_root_code"] in self.rules.person_roots:
            for way, words in people_of(row, self.rules):
                self.named.setdefault(id(event), {}).setdefault(way, set()).update(words)
