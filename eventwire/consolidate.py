"""Consolidate asserted mentions into events: one row per real-world event, with ids that stay put.

Which mentions are one event (``assign_events``)
------------------------------------------------
Mentions are taken in the order they were published (then article, sentence, trigger: a total order). Each
mention joins the best compatible event formed so far, else founds a new one. Two reports are compatible when
all of these hold (thresholds in ``MergeRules``; the README's "Consolidation" section lists them):

* **what**: the same CAMEO root code, and, across articles, the same ACLED event type when both have one
  ("Battles" from one outlet and "Violence against civilians" from another are two events; inside one
  article the headline's terse wording often types the act differently from the body, and the place, date
  and actor checks decide). Inside one article the violent roots (18 assault, 19 fight, 20 mass violence)
  are one kind: "a suicide bombing" (18) and "14 people were killed" (19 for a killing with no named doer)
  in the next sentence are one incident told twice; an attack and the next day's arrest (17) stay two.
  Across articles two violent roots meet only when both reports give the act the same ACLED event type;
* **when**: event dates at most ``day_window`` days apart when both are day-precise, ``week_window`` when
  either is week-precise, ``month_window`` when either is month-precise. Two day-precise dates that differ
  inside one article are two events: the article itself tells them apart. Inside one article a report that
  the text does not date (``UNDATED``: the publication or dateline day) and an event of that article founded
  by a dated one, or the other way round, may be up to ``month_window`` days apart ("Grand jury indicts man"
  over "was indicted March 4"), and so may a report of one of the event's roots whose date is only its later
  scene's (``article_dates``: "stabbed early Saturday", then under Monday's charge "stabbed Welch"). And a
  dated report joins none of its article's events that another dated report of the article places at another
  time (the same day when both are day-precise, else within the window): "arrested last week" and "a judge set
  his bail on Tuesday" are two acts, even where an undated headline or a week-precise report would chain them;
* **where**: the same country; both town-precise (geo precision 1–2, with a point) → within ``near_km``;
  otherwise the same admin1 when both name one, else the same country, and not two different towns: a
  report the gazetteer places only in a region still names its town in the sentence ("in Kirawa, Borno
  State"), and a town other than the event's is another event. A mention with no place joins only events
  of its own article;
* **apart**: a report that calls its act a separate one ("in a separate attack", "separately") joins no
  event that was not itself reported as separate: the text says it is another incident;
* **who**: for actor 1 and actor 2 alike, either side unknown (no CAMEO code and no type), or the same actor:
  one CAMEO code a prefix of the other ("NGA" and "NGAMIL"), civilians however named (ACLED inter 7: "12
  people", "15 traders"), else no conflicting country and the same CAMEO type, where an unidentified armed
  group ("gunmen", type UAF) may be any armed non-state actor (INS, REB, SEP, CRM, IMG) or a doer named as a
  person ("a 26-year-old man": ACLED's lone attacker). In a battle whose two sides both reports name, the sides
  may come in either order (``eventwire.merge_actors``). Inside the article that founded the event the sides
  are read more loosely, and two arrests naming different people are two acts (``eventwire.merge_incident``).

The event is compared with its founding mention's date (so a chain of daily reports cannot creep), and with
the most precise place and the first named actors its mentions gave so far. Among several compatible events
one of the same kind (reported as separate or not) wins, then the nearest in time, then in space, then the
oldest.

The ``event_id`` is a hash of the founding mention's id. Later reports of an event (tomorrow's article)
sort after its founding mention, join it and leave the id and every earlier decision unchanged; only a
report published *earlier* than the founding one and arriving later (a backfill) can found the event
instead, and the README says so.

What an event says (``consolidate``)
------------------------------------
* what: the most confident, most specific mention;
* who (each side): the most specific report of it: a named group with a country ("Boko Haram") over a bare
  role ("gunmen") over an unknown name, ties to the most confident mention;
* where: the most precise place (lowest geo_precision), ties to the most confident mention;
* when: a date written for the act over an inherited one over none (``article_dates.date_rank``), then the
  most precise (lowest time_precision); ties to the date most mentions give, then the earliest;
* how many (fatalities, injuries, arrests): per article the largest figure it reports for the event; per
  source the figure of its latest article (a correction replaces what the outlet said before); across
  sources the lowest non-zero figure (ACLED's most conservative reported figure).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from itertools import groupby
from typing import Any, cast

import polars as pl

from eventwire.article_dates import INHERITED, UNDATED, OwnEvent, date_rank
from eventwire.geo.distance import haversine_km
from eventwire.ingest.article import stable_id
from eventwire.merge_actors import CROWDS, PERSON, UNNAMED_ARMED, actor_of, actors_agree, more_specific
from eventwire.merge_actors import Actor as Actor
from eventwire.merge_incident import TOLL_COLUMNS, ArticlePeople, sides_agree_in_article
from eventwire.merge_incident import VIOLENT_ROOTS as VIOLENT_ROOTS
from eventwire.merge_incident import kind_expr as kind_expr
from eventwire.merge_incident import kind_of as kind_of
from schemas.arrow import arrow_schema
from schemas.event_index import PLACE
from schemas.records import Event, EventCore, Mention

CORE_COLUMNS = [
    name for name in EventCore.model_fields if name not in ("fatalities", "injuries", "arrests", "confidence")
]
COUNTS = ("fatalities", "injuries", "arrests")


@dataclass(frozen=True)
class MergeRules:
    """Thresholds of the consolidation rule (documented in the module docstring and the README)."""

    day_window: int = 1  # reports a day apart: "late Sunday" in one outlet is "on Monday" in another
    week_window: int = 7
    month_window: int = 31
    near_km: float = 25.0  # two town-precise places this close are one place (ACLED's precision-2 radius)


RULES = MergeRules()
# "in a separate attack", "another raid", "Separately, police said": the report's own word that this is not
# the incident the reader already knows of.
_SEPARATE = re.compile(
    r"\b(?:separate|unrelated|another|second|different)\s+(?:\w+\s+){0,2}?"
    r"(?:attacks?|incidents?|raids?|assaults?|ambush(?:es)?|clash(?:es)?|bombings?|shootings?|strikes?|"
    r"explosions?|blasts?|protests?|killings?|operations?)\b|\bseparately\b",
    re.IGNORECASE,
)
_REGION_NOUNS = frozenset({"state", "province", "region", "district", "county", "governorate", "division"})
_ACTOR_COLUMNS = tuple(f"actor{n}_{c}" for n in (1, 2) for c in ("code", "country", "type", "inter"))
_NEEDED = (
    "mention_id",
    "article_id",
    "published_at",
    "sentence_index",
    "trigger_start",
    "factuality",
    "kept",
    "event_date",
    "time_precision",
    "cameo_root_code",
    "event_type",
    *_ACTOR_COLUMNS,
    "actor1_name",
    "actor2_name",
    *TOLL_COLUMNS,  # a toll with no doer joins its incident (merge_incident)
    "iso3",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "location",
    "sentence",
    "date_source",
)


# A mention's place in the order mentions are taken: (published_at, article_id, sentence_index, trigger_start,
# mention_id). An event's founding key orders events ("the oldest"); its latest key tells whether a report
# delivered now was published before some of the event's (a backfill: ``eventwire.event_index``).
SortKey = tuple[Any, str, int, int, str]
ORDER = ["published_at", "article_id", "sentence_index", "trigger_start", "mention_id"]


@dataclass(eq=False)  # events are compared by identity
class Cluster:
    """An event as the merge rule sees it while mentions are taken: everything a later report is compared
    with. Persisted per event by ``eventwire.event_index`` so that a night continues where the last stopped."""

    event_id: str
    article_id: str
    anchor_date: date
    anchor_precision: int
    event_type: str | None
    iso3: str | None
    place: dict[str, Any]  # most precise place so far: admin1, latitude, longitude, geo_precision
    actors: dict[str, Actor | None] = field(default_factory=dict)  # actor1/actor2 → most specific so far
    order: SortKey = (None, "", 0, 0, "")  # the founding mention's key
    separate: bool = False  # founded by a report that calls its act a separate one
    towns: set[str] = field(default_factory=set)  # towns its reports name (``towns_named``)
    roots: set[str] = field(default_factory=set)  # CAMEO roots of its reports (several only inside one article)
    root: str = ""  # CAMEO root code of its founding report
    last: SortKey = (None, "", 0, 0, "")  # the key of its latest mention
    keys: set[str] = field(default_factory=set)  # place keys it is filed under (``_Index``), over its places


@lru_cache(maxsize=4096)
def _address_before(admin1: str) -> re.Pattern[str] | None:
    """A pattern for the place names written before ``admin1`` in an address ("in Kirawa, Borno State")."""
    words = [w for w in re.findall(r"[\w'’-]+", admin1) if w.lower() not in _REGION_NOUNS]
    if not words:
        return None
    region = r"\s+".join(map(re.escape, words))
    return re.compile(
        rf"\b(?:in|at|near|outside|of)\s+((?:[A-Z][\w'’.-]*\s+){{0,2}}[A-Z][\w'’.-]*),\s+(?:the\s+)?{region}\b"
    )


def says_separate(sentence: str | None) -> bool:
    """Whether a report calls its act a separate incident ("In a separate attack, gunmen killed ...")."""
    return bool(sentence) and _SEPARATE.search(sentence or "") is not None


def towns_named(row: dict[str, Any]) -> set[str]:
    """The towns a report places its act in, lower-cased: the gazetteer's town when it found one (precision 1–2),
    and any name the sentence writes before the report's region ("in Kirawa, Borno State"), which the
    gazetteer may lack and so places only in the region."""
    towns: set[str] = set()
    if _precise(row) and row.get("location"):
        towns.add(str(row["location"]).lower())
    admin1, sentence = row.get("admin1"), row.get("sentence")
    if admin1 and sentence and "," in sentence:  # an address is "Town, Region": most sentences have none
        pattern = _address_before(str(admin1))
        if pattern is not None:
            for name in pattern.findall(str(sentence)):
                if name.lower() not in (str(admin1).lower(), str(row.get("country") or "").lower()):
                    towns.add(name.lower())
    return towns


def window(p1: int, p2: int, rules: MergeRules) -> int:
    """Days two reports' dates may be apart, by their time precisions."""
    worst = max(p1, p2)
    return rules.day_window if worst == 1 else rules.week_window if worst == 2 else rules.month_window


def _precise(place: dict[str, Any]) -> bool:
    return place.get("geo_precision") in (1, 2) and place.get("latitude") is not None


def _distance(cluster: Cluster, row: dict[str, Any], rules: MergeRules) -> float | None:
    """Kilometres between the places (0 when only admin1/country agree); None when they are not one place."""
    if row.get("iso3") != cluster.iso3:
        return None
    if row.get("iso3") is None:  # no place at all: only within one article
        return 0.0 if row["article_id"] == cluster.article_id else None
    here, there = row, cluster.place
    if _precise(here) and _precise(there):
        km = haversine_km(here["latitude"], here["longitude"], there["latitude"], there["longitude"])
        return km if km <= rules.near_km else None
    towns = row.get("_towns") or set()
    if towns and cluster.towns and not towns & cluster.towns:
        return None  # two different towns, one of them known only by its region
    if here.get("admin1") and there.get("admin1"):
        return 0.0 if here["admin1"] == there["admin1"] else None
    return 0.0


def _more_precise(row: dict[str, Any], place: dict[str, Any]) -> bool:
    mine, theirs = row.get("geo_precision"), place.get("geo_precision")
    return mine is not None and (theirs is None or mine < theirs)


class _Index:
    """The events of one block (country, CAMEO root), findable by founding day and place, so a month of
    100,000 mentions in one country compares each report with a handful of events, not with all of them."""

    CELL = 0.5  # degrees of latitude per grid cell: ~55 km, more than ``near_km``

    def __init__(self, rules: MergeRules) -> None:
        self.rules = rules
        # (founding precision, place key) → founding day → events
        self.slots: dict[tuple[int, str], dict[int, list[Cluster]]] = {}

    def _cell(self, lat: float, lon: float) -> str:
        return f"cell|{int(lat // self.CELL)}|{int(lon // self.CELL)}"

    def _cells_within_reach(self, lat: float, lon: float) -> list[str]:
        """The cell of a point and every cell that may hold a place within ``near_km`` of it (cells narrow
        towards the poles, so more of them east and west)."""
        i, j = int(lat // self.CELL), int(lon // self.CELL)
        width_km = 111.2 * self.CELL * max(math.cos(math.radians(lat)), 0.05)
        reach = max(1, math.ceil(self.rules.near_km / width_km))
        return [f"cell|{i + di}|{j + dj}" for di in (-1, 0, 1) for dj in range(-reach, reach + 1)]

    def keys(self, place: dict[str, Any]) -> set[str]:
        """Where an event with this place is filed (strings, so that they can be stored with the output)."""
        admin1 = place.get("admin1")
        keys = {"all", f"admin1|{int(_precise(place))}|{admin1}" if admin1 else "no-admin1"}
        if _precise(place):
            keys.add(self._cell(place["latitude"], place["longitude"]))
        return keys

    def wanted(self, row: dict[str, Any]) -> list[str]:
        """Where events a report could join are filed (``_distance`` decides among them)."""
        admin1 = row.get("admin1")
        if not admin1:
            return ["all"]
        if _precise(row):
            return [f"admin1|0|{admin1}", "no-admin1", *self._cells_within_reach(row["latitude"], row["longitude"])]
        return [f"admin1|0|{admin1}", f"admin1|1|{admin1}", "no-admin1"]

    def add(self, cluster: Cluster) -> None:
        """File an event under the keys of its place, new or more precise (it stays under its earlier ones)."""
        self.file(cluster, self.keys(cluster.place) - cluster.keys)

    def file(self, cluster: Cluster, keys: Iterable[str]) -> None:
        day = cluster.anchor_date.toordinal()
        for key in keys:
            cluster.keys.add(key)
            self.slots.setdefault((cluster.anchor_precision, key), {}).setdefault(day, []).append(cluster)

    def nearby(self, row: dict[str, Any], day: int, precision: int) -> list[tuple[int, Cluster]]:
        """Events whose founding day is within the date window of the report and that could share its place,
        with the gap in days."""
        seen: dict[int, tuple[int, Cluster]] = {}
        wanted = self.wanted(row)
        for founded_at in (1, 2, 3):
            reach = window(precision, founded_at, self.rules)
            for key in wanted:
                by_day = self.slots.get((founded_at, key))
                if not by_day:
                    continue
                days = range(day - reach, day + reach + 1) if len(by_day) > 2 * reach else by_day
                for d in days:
                    if abs(d - day) <= reach:
                        for cluster in by_day.get(d, ()):
                            seen.setdefault(id(cluster), (abs(d - day), cluster))
        return sorted(seen.values(), key=lambda pair: (pair[0], pair[1].order))


def _with_article_towns(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows with ``_towns`` (``towns_named``) set. A headline that names only the region ("Four farmers
    killed in Borno") is about the town its article names for that kind of act ("... in Kirawa, Borno State"):
    a row naming none takes its article's. Rows come sorted by article, so one article is held at a time."""
    for _, group in groupby(rows, key=lambda r: r["article_id"]):
        article = list(group)
        named: defaultdict[str, set[str]] = defaultdict(set)
        for row in article:
            row["_towns"] = towns_named(row)
            named[kind_of(row["cameo_root_code"])] |= row["_towns"]
        for row in article:
            row["_towns"] = row["_towns"] or named[kind_of(row["cameo_root_code"])]
            yield row


def assign_events(mentions: pl.DataFrame, rules: MergeRules = RULES, *, per_article: bool = False) -> pl.DataFrame:
    """``mentions`` with ``event_id`` set on asserted mentions by the rule above (null on the others).
    ``per_article`` keeps every article's events apart (evaluation: each gold note is its own event)."""
    return Consolidator(rules, per_article=per_article).assign(mentions)


class Consolidator:
    """The merge rule's state: the events formed so far, per block (country, CAMEO root). ``assign`` takes
    mentions in order and may be called again with later ones; ``restore`` puts back an event saved by an
    earlier run, so a night continues from the saved events instead of re-reading their mentions."""

    def __init__(self, rules: MergeRules = RULES, *, per_article: bool = False) -> None:
        self.rules, self.per_article = rules, per_article
        self.blocks: dict[tuple[str | None, str, str], _Index] = {}
        self.touched: dict[str, Cluster] = {}  # events founded or joined by ``assign``, by id
        self._probe = _Index(rules)  # ``wanted`` reads only the rules, never an index's events
        # the events the article being taken founded, per block, and whether their founding report was undated:
        # an article's mentions come one after another (``ORDER``) and within one night or one block rebuild
        self._article: str | None = None
        self._own: dict[tuple[str | None, str, str], list[OwnEvent[Cluster]]] = {}
        self._people = ArticlePeople()

    def _block(self, iso3: str | None, root: str, apart: str) -> _Index:
        return self.blocks.setdefault((iso3, root, apart), _Index(self.rules))

    def restore(self, cluster: Cluster) -> None:
        """File a saved event (placed, so in its country's block) under the keys it was filed under."""
        self._block(cluster.iso3, kind_of(cluster.root), "").file(cluster, set(cluster.keys))

    def wanted(self, row: dict[str, Any]) -> list[str]:
        """The place keys under which the events ``row`` could join are filed."""
        return self._probe.wanted(row)

    def assign(self, mentions: pl.DataFrame) -> pl.DataFrame:
        if mentions.is_empty():
            return mentions
        ordered = mentions.with_row_index("_row").sort(ORDER)
        ids: dict[int, str] = {}
        asserted = (
            r
            for r in ordered.select(["_row", *(c for c in _NEEDED if c in ordered.columns)]).iter_rows(named=True)
            # not reported as having happened, or dropped by the decision step (null: coded before it)
            if r["factuality"] == "asserted" and r.get("kept") is not False
        )
        for row in _with_article_towns(asserted):
            cluster = self._take(row)
            self.touched[cluster.event_id] = cluster
            ids[row["_row"]] = cluster.event_id
        column = pl.Series("event_id", [ids.get(i) for i in range(mentions.height)], dtype=pl.String)
        return mentions.with_columns(column)

    def _take(self, row: dict[str, Any]) -> Cluster:
        """The event one report joins or founds, updated with what the report says."""
        rules = self.rules
        day, precision = row["event_date"], row["time_precision"]
        key: SortKey = tuple(row[c] for c in ORDER)
        separate = says_separate(row.get("sentence"))
        # a report with no place can only join its own article's events: file those per article
        apart = row["article_id"] if self.per_article or row.get("iso3") is None else ""
        block = (row.get("iso3"), kind_of(row["cameo_root_code"]), apart)
        index = self._block(*block)
        if row["article_id"] != self._article:
            self._article, self._own, self._people = row["article_id"], {}, ArticlePeople()
        source, root = row.get("date_source"), row["cameo_root_code"]
        undated, ours = source in UNDATED, {id(o.event): o for o in self._own.get(block, ())}
        best: tuple[tuple[int, int, float, SortKey], Cluster] | None = None
        for gap, cluster in self._candidates(index, ours, row, undated):
            mine = ours.get(id(cluster))  # of this article: two day-precise dates are two events, unless a report
            if gap and precision == cluster.anchor_precision == 1 and mine and not mine.retells(root, source, day):
                continue  # only inherited one of the two (``article_dates``)
            if separate and not cluster.separate:
                continue  # "in a separate attack": not the event reported so far
            if self._people.differ(cluster, row):
                continue  # an arrest of another person named in the article (a police blotter)
            # another violent root: the same act inside the article that told both, or across articles when
            # both reports give it one ACLED type ("gunmen killed nine villagers" read as an assault by one
            # outlet and as a killing, 19, by another is one attack on civilians)
            if (
                row["cameo_root_code"] not in cluster.roots
                and row["article_id"] != cluster.article_id
                and not (cluster.event_type and cluster.event_type == row.get("event_type"))
            ):
                continue
            if (
                cluster.event_type
                and row.get("event_type")
                and cluster.event_type != row["event_type"]
                and row["article_id"] != cluster.article_id
            ):
                continue
            km = _distance(cluster, row, rules)
            sides, after = (cluster.actors, cluster.event_type, row), row["sentence_index"] - cluster.last[2]
            own = row["article_id"] == cluster.article_id  # its article may name the sides more loosely
            if km is None or not (sides_agree_in_article(*sides, after) if own else actors_agree(*sides)):
                continue
            # a report that does not say "separate" is of the incident already known, where it can be
            rank = (int(cluster.separate != separate), gap, km, cluster.order)
            if best is None or rank < best[0]:
                best = (rank, cluster)
        if best is None:
            cluster = Cluster(
                event_id=stable_id("event", row["mention_id"]),
                article_id=row["article_id"],
                anchor_date=day,
                anchor_precision=precision,
                event_type=row.get("event_type"),
                iso3=row.get("iso3"),
                place={k: row.get(k) for k in PLACE},
                order=key,
                separate=separate,
                root=row["cameo_root_code"],
            )
            index.add(cluster)
            self._own.setdefault(block, []).append(OwnEvent(cluster, undated, source == INHERITED))
        else:
            cluster = best[1]
            if _more_precise(row, cluster.place):
                cluster.place = {k: row.get(k) for k in PLACE}
                index.add(cluster)  # findable by its new, more precise place too
            cluster.event_type = cluster.event_type or row.get("event_type")
        for mine in self._own.get(block, ()):
            if mine.event is cluster:
                mine.record(root, source, day, precision, founded=best is None)
        cluster.last = key
        self._people.add(cluster, row)
        cluster.towns |= row["_towns"]
        cluster.roots.add(row["cameo_root_code"])
        for prefix in ("actor1", "actor2"):
            actor = actor_of(row, prefix)
            if more_specific(actor, cluster.actors.get(prefix)):
                cluster.actors[prefix] = actor
        return cluster

    def _candidates(
        self, index: _Index, own: dict[int, OwnEvent[Cluster]], row: dict[str, Any], undated: bool
    ) -> list[tuple[int, Cluster]]:
        """The events ``row`` may join, with the gap in days: those within its date window (``_Index.nearby``),
        and its own article's events of the block whose date one of the two reports does not give (``UNDATED``),
        up to ``month_window`` days away; of its own article's events, a dated report joins only one whose
        other dated reports in the article agree with it (``OwnEvent.agrees``), so that an undated headline
        cannot chain two acts of different days into one (``eventwire.article_dates``)."""
        day, precision = row["event_date"], row["time_precision"]
        root, source, win = row["cameo_root_code"], row.get("date_source"), partial(window, rules=self.rules)

        def agrees(cluster: Cluster) -> bool:
            mine = own.get(id(cluster))
            return undated or mine is None or mine.admits(root, source, day, precision, win)

        found = [(gap, c) for gap, c in index.nearby(row, day.toordinal(), precision) if agrees(c)]
        seen = {id(cluster) for _, cluster in found}
        for mine in own.values():
            gap = abs(mine.event.anchor_date.toordinal() - day.toordinal())
            near = gap <= self.rules.month_window and (undated or mine.undated or mine.retells(root, source, day))
            if id(mine.event) not in seen and near and agrees(mine.event):
                found.append((gap, mine.event))
        return found


def _empty_frame(model: type[Mention] | type[Event]) -> pl.DataFrame:
    # a Table gives a DataFrame; pyarrow is untyped, so the checker sees every overload of from_arrow
    return cast(pl.DataFrame, pl.from_arrow(arrow_schema(model).empty_table()))


def mention_frame(mentions: list[Mention]) -> pl.DataFrame:
    """Mention records as a frame typed by the schema registry (inference would type a column that is null
    in the first rows as Null, then fail on its first value)."""
    schema = _empty_frame(Mention).schema
    return pl.DataFrame([m.model_dump() for m in mentions], schema=schema)


def _conservative(column: str) -> pl.Expr:
    positive = pl.col(column).filter(pl.col(column) > 0)
    return pl.when(positive.len() > 0).then(positive.min()).otherwise(0).cast(pl.Int32).alias(column)


def _most_specific(ranked: pl.DataFrame, side: str, columns: list[str]) -> pl.DataFrame:
    """The side as its most specific report names it: a named group with a country ("Boko Haram", NGAINS)
    over, as the doer, a lone person ("a 26-year-old man", who could be of any group) over a bare role ("gunmen",
    UAF) over a name the dictionaries do not know over nothing."""
    code, country, kind = pl.col(f"{side}_code"), pl.col(f"{side}_country"), pl.col(f"{side}_type")
    person = pl.lit(False)
    if side == "actor1":
        person = (kind == PERSON) & ~pl.col("actor1_inter").is_in(sorted(CROWDS)).fill_null(False)
    score = (
        pl.when(code.is_not_null() & country.is_not_null() & (kind != UNNAMED_ARMED) & ~person)
        .then(4)
        .when(code.is_not_null() & person)
        .then(3)
        .when(code.is_not_null())
        .then(2)
        .when(pl.col(f"{side}_name").is_not_null())
        .then(1)
        .otherwise(0)
    )
    return (
        ranked.with_columns(score.alias("_who"))
        .sort(["event_id", "_who"], descending=[False, True], maintain_order=True)
        .group_by("event_id", maintain_order=True)
        .first()
        .select(["event_id", *columns])
    )


def consolidate(mentions: pl.DataFrame, rules: MergeRules = RULES, *, per_article: bool = False) -> pl.DataFrame:
    """Mentions (Mention schema) → events (Event schema): ``assign_events`` then ``build_events``."""
    return build_events(assign_events(mentions, rules, per_article=per_article))


def build_events(mentions: pl.DataFrame) -> pl.DataFrame:
    """Mentions with ``event_id`` assigned → events (Event schema), sorted by event_date, iso3, event_id."""
    asserted = mentions.filter((pl.col("factuality") == "asserted") & pl.col("event_id").is_not_null())
    schema = pl.Schema(_empty_frame(Event).schema)
    if asserted.is_empty():
        return pl.DataFrame(schema=schema)
    # Specificity: 4-digit beats 3-digit, and "195" beats the catch-all "190" of the same length.
    specific = pl.col("cameo_code").str.len_chars() + (pl.col("cameo_code").str.slice(-1) != "0").cast(pl.UInt32)
    ranked = asserted.with_columns(specific.alias("_specific")).sort(
        ["event_id", "confidence", "_specific", "published_at", "mention_id"],
        descending=[False, True, True, False, False],
    )
    place_cols = ["iso3", "country", "admin1", "location", "latitude", "longitude", "geo_precision", "geonameid"]
    sides = {side: [c for c in CORE_COLUMNS if c.startswith(f"{side}_")] for side in ("actor1", "actor2")}
    what = [
        c
        for c in CORE_COLUMNS
        if c not in ("event_id", "event_date", "time_precision", *place_cols, *sides["actor1"], *sides["actor2"])
    ]
    best = ranked.group_by("event_id", maintain_order=True).first().select(["event_id", *what, "confidence"])
    who = [_most_specific(ranked, side, columns) for side, columns in sides.items()]
    where = (
        ranked.sort(["event_id", "geo_precision"], nulls_last=True, maintain_order=True)
        .group_by("event_id", maintain_order=True)
        .first()
        .select(["event_id", *place_cols])
    )
    votes = asserted.group_by(["event_id", date_rank(), "time_precision", "event_date"]).agg(pl.len().alias("_votes"))
    when = (
        votes.sort(
            ["event_id", "_dated", "time_precision", "_votes", "event_date"], descending=[*[False] * 3, True, False]
        )
        .group_by("event_id", maintain_order=True)
        .first()
        .select(["event_id", "event_date", "time_precision"])
    )
    per_article = asserted.group_by(["event_id", "article_id"]).agg(
        pl.coalesce("source", "article_id").first().alias("_source"),
        pl.col("published_at").max(),
        *[pl.col(c).max() for c in COUNTS],
    )
    per_source = (
        per_article.sort(["published_at", "article_id"])
        .group_by(["event_id", "_source"])
        .agg(*[pl.col(c).last() for c in COUNTS])
    )
    counts = per_source.group_by("event_id").agg(*[_conservative(c) for c in COUNTS])
    evidence = asserted.group_by("event_id").agg(
        pl.col("mention_id").n_unique().cast(pl.Int32).alias("num_mentions"),  # = len(mention_ids), by definition
        pl.coalesce("source", "article_id").n_unique().cast(pl.Int32).alias("num_sources"),
        pl.col("article_id").n_unique().cast(pl.Int32).alias("num_articles"),
        pl.col("published_at").min().alias("first_seen"),
        pl.col("published_at").max().alias("last_seen"),
        pl.col("article_id").unique().sort().alias("article_ids"),
        pl.col("mention_id").unique().sort().alias("mention_ids"),
    )
    events = (
        best.join(who[0], on="event_id")
        .join(who[1], on="event_id")
        .join(where, on="event_id")
        .join(when, on="event_id")
        .join(counts, on="event_id")
        .join(evidence, on="event_id")
    )
    return (
        events.select(schema.names())
        .cast(dict(schema.items()))
        .sort(["event_date", "iso3", "event_id"], nulls_last=True)
    )
