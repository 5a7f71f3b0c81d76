"""The event coder: one parsed article → validated Mention records (all factualities).

Per sentence: trigger → roles → actors → places → date → counts → factuality → ACLED typing.
Pure: the same doc and article always give the same mentions, ids included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, partial

from pydantic import ValidationError
from spacy.tokens import Doc, Span, Token

from eventwire import CODER_VERSION
from eventwire.coding import lexicon as lx
from eventwire.coding.acled import clause_cues, protest_cues
from eventwire.coding.actors import (
    CIVILIAN_INTER,
    Actor,
    article_country,
    cameo_country,
    localise,
    resolve_actor,
    situate,
)
from eventwire.coding.counts import arrests, casualties, count_words
from eventwire.coding.draft import Draft, cameo_fields
from eventwire.coding.event_type import decide_article, returned_fire, type_mention
from eventwire.coding.factuality import factuality_with_cue
from eventwire.coding.places import (
    PlaceRef,
    article_focus,
    dateline_country,
    divided_part,
    document_place,
    event_places,
    prefer_dateline_country,
)
from eventwire.coding.prescan import sentence_number, sentence_starts
from eventwire.coding.roles import source_and_target
from eventwire.coding.sentence_dates import date_headline, lead_day, share_sentence_dates
from eventwire.coding.triggers import MATERIAL_ROOTS, TriggerMatch, find_triggers
from eventwire.coding.typos import apply_typo_lemmas
from eventwire.coding.when import When, event_date, inherited, reference_of, retold, scene_date, source_order
from eventwire.geo.gazetteer import Gazetteer, load_gazetteer
from eventwire.ingest.article import InputArticle, stable_id
from eventwire.ingest.dates import DateOrder
from schemas import taxonomy
from schemas.records import Mention

VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# Roots whose events carry the dead and hurt of their sentence: violence, protest, and violent repression
# (175: "police fired tear gas at protesters, killing two" is its own toll). An arrest, charge or trial
# (other 17s) carries only its arrests: "charged with murder in the shooting death of X" is the killing's
# toll, another event's, and counted on both a researcher's sum would count the dead twice.
COUNTED_ROOTS = VIOLENT_ROOTS | {"14"}
REPRESSION_CODE = "175"
CHARGE_CODE = "173"  # arrest, detain, or charge with legal action


@dataclass(frozen=True)
class Resources:
    """Dictionaries and gazetteer, loaded once per process and shared by every article it codes."""

    triggers: lx.TriggerLexicon
    actors: lx.ActorLexicon
    acled_rules: tuple[lx.AcledRule, ...]
    modality: dict[str, frozenset[str]]
    gazetteer: Gazetteer


@cache
def resources() -> Resources:
    return Resources(lx.triggers(), lx.actors(), lx.acled_rules(), lx.modality(), load_gazetteer())


@dataclass(frozen=True, slots=True)
class CodingError:
    sentence_index: int
    error: str


def code_article(doc: Doc, article: InputArticle, res: Resources) -> tuple[list[Mention], list[CodingError]]:
    """Code every sentence of ``doc`` (parsed from ``article.full_text``)."""
    apply_typo_lemmas(doc)
    # Each sentence's triggers first: they read only its parse. A doc where none matches codes nothing, and
    # its places, focus and dates (half the coding time of an article) are not worked out.
    found = [
        (sent, sent_text, find_triggers(sent, res.triggers, headline=_in_headline(sent, article)))
        for sent in doc.sents
        if (sent_text := sent.text).strip()  # built from the sentence's tokens on each access: once per sentence
    ]
    if not any(matches for _sent, _text, matches in found):
        return [], []
    prefer_dateline_country(doc, res.gazetteer, res.actors, article.dateline)
    focus = article_focus(doc, res.gazetteer, res.actors, article.dateline)
    fallback = document_place(doc, res.gazetteer, res.actors, focus)
    rows: list[Draft] = []
    country = article_country(doc, res.actors)
    order = source_order(article, dateline_country(article.dateline, res.gazetteer), focus or country)
    context = Narrative(order=order)
    undated = reference_of(article)
    starts = sentence_starts(article.coding_text)  # numbering independent of which sentences were parsed
    previous_end = 0
    lead: When | None = None  # the story's day: the first a body sentence gives its main act
    text = doc.text  # built from every token on each access: once per article, not per sentence
    for sent, sent_text, matches in found:  # a stretch the pre-scan blanked is no sentence
        first = sent.start_char + len(sent_text) - len(sent_text.lstrip())
        index = sentence_number(starts, first)
        headline = _in_headline(sent, article)
        # A line break since the last sentence read starts a new scene (also across sentences the pre-scan
        # blanked); the headline summarises, it sets none.
        if headline or "\n" in text[previous_end:first]:
            context = Narrative(order=order)
        previous_end = sent.end_char - (len(sent_text) - len(sent_text.rstrip()))
        sentence_rows = _merge_same_violence(
            [
                row
                for match in matches
                for row in _code_match(match, sent, index, article, focus, res, context, fallback, country)
            ],
            res.acled_rules,
        )
        share_sentence_dates(sentence_rows, lx.words("reporting_verbs"))
        _attach_tolls(sent, sentence_rows, res.acled_rules)
        rows += sentence_rows
        if not headline:
            _report_toll(sent, sentence_rows, context, undated)
            _fire_returned(sent, context)
            context.update(sent, undated, sentence_rows)
            lead = lead or (lead_day(sent, undated, order) if article.title else None)
    date_headline(rows, article.body_offset, lead)
    decide_article(rows, partial(cameo_country, res.actors))
    mentions: list[Mention] = []
    errors: list[CodingError] = []
    for row in rows:
        try:
            mentions.append(Mention.model_validate(_finish(row, article)))
        except ValidationError as exc:
            errors.append(CodingError(row.sentence_index, _one_line(exc)))
    return mentions, errors


def may_code(doc: Doc, article: InputArticle, res: Resources) -> bool:
    """Whether ``doc``, parsed without its entities (the recogniser not yet run), could code anything: whether a
    trigger would match in some sentence whatever the entities turn out to be. An entity only ever lets a trigger
    match (a place name as its object, "the September 11 attacks" as a particular act, a possessive that is no
    date), so the triggers are sought with every word read as a place name, which passes each of those tests: if
    none matches even then, ``code_article`` would find none after the recogniser either, and the doc codes
    nothing (a sixth of parsed articles, whose entities are then not worth recognising). The doc's entities are
    left missing, as the recogniser expects them."""
    if not len(doc):
        return False
    apply_typo_lemmas(doc)
    doc.ents = [Span(doc, 0, len(doc), label=_ANY_ENTITY)]
    try:
        return any(
            find_triggers(sent, res.triggers, headline=_in_headline(sent, article))
            for sent in doc.sents
            if sent.text.strip()
        )
    finally:
        doc.set_ents([], default="missing")


_ANY_ENTITY = "GPE"  # a place (triggers.PLACE_LABELS), a particular act (triggers.SPECIFIC_ENTITIES), no date


def _in_headline(sent: Span, article: InputArticle) -> bool:
    return article.title is not None and sent.start_char < article.body_offset


def _one_line(exc: ValidationError) -> str:
    first = exc.errors()[0]
    return f"invalid mention: {'.'.join(map(str, first['loc']))}: {first['msg']} ({exc.error_count()} errors)"


@dataclass
class Narrative:
    """Where and when the story is, sentence by sentence: "On 29 April, workers demonstrated in Hyderabad.
    Rioters pelted stones at the police." — the second sentence happens on the same day, in the same town.
    A material act (protest, force, coercion: CAMEO 14–20) that names no date or place inherits those of
    the last such act in its paragraph; statements and meetings do not ("The president later met the
    families" is another scene). A fronted date sets the scene's date even in a sentence that codes no
    material act ("On 28 April, police chased a car. A shoot-out broke out.")."""

    date: When | None = None
    places: list[PlaceRef] | None = None
    order: DateOrder = "day_first"  # how the source writes dates in numbers (when.source_order)

    violent: Draft | None = None  # the last asserted violent act: a later toll belongs to it

    def update(self, sent: Span, undated: When, rows: list[Draft]) -> None:
        scene = scene_date(sent, undated.day, self.order)
        if scene is not None:
            self.date = inherited(scene)  # "On 28 April, police chased a car." frames what follows
        material = [r for r in rows if r.cameo_root_code in MATERIAL_ROOTS]
        if not material:
            return
        violent = [r for r in material if r.cameo_root_code in VIOLENT_ROOTS and r.factuality == "asserted"]
        if violent:
            self.violent = violent[-1]
        # only an act that happened sets the scene's date: "the call for rallies on April 9" does not
        if any(r.factuality == "asserted" for r in material):
            when = event_date(sent, [sent.root], undated, self.order)
            if when.explicit:
                self.date = inherited(when)
        named = [r.place for r in material if r.place is not None and r.place.from_text]
        if named:
            # Two acts at one town give two equal (not identical) places: one is enough, or a later sentence
            # would be coded twice at that town, as two rows with one mention id.
            self.places = distinct_places(named)


def _retold_one(token: Token, reporting: frozenset[str]) -> bool:
    return retold([token], reporting)


def _other_time(token: Token, sent: Span, when: When, undated: When, order: DateOrder) -> bool:
    """Whether the killing or wounding word ``token`` is of another time than the event dated ``when``: retold
    ("who had killed two") and not of this event's date, or dated otherwise ("a year after an attack in 2019
    killed five"). A retold act's toll is counted for the event its own date gives it ("charged with murdering
    her in 2007"), never for the day's."""
    own = event_date(sent, [token], undated, order)
    same = own.explicit and (own.day, own.precision) == (when.day, when.precision)
    if retold([token], lx.words("reporting_verbs")):
        return not same
    return own.explicit and not same


def _fire_returned(sent: Span, context: Narrative) -> None:
    """ "Militants threw a grenade at the checkpoint. Soldiers returned fire." — a two-sided fight: the
    previous act becomes a battle, as ACLED codes it."""
    if context.violent is None:
        return
    lowered = sent.text.lower()
    if not any(p in lowered for p in lx.words("returned_fire")):
        return
    returned_fire(context.violent)


def _roots(match: TriggerMatch) -> list[Token]:
    return [match.head] if match.anchor is match.head else [match.head, match.anchor]


def _report_toll(sent: Span, rows: list[Draft], context: Narrative, undated: When) -> None:
    """ "Four people were killed and twenty wounded." after the attack's sentence: the toll is the attack's;
    not a toll the sentence dates to another time ("In 2018, an attack there killed 40") nor a retold one."""
    if context.violent is None or any(r.cameo_root_code in VIOLENT_ROOTS for r in rows):
        return
    violent = context.violent
    when = event_date(sent, [sent.root], undated, context.order)
    if when.explicit and (when.day, when.precision) != (violent.event_date, violent.time_precision):
        return
    dead, hurt = casualties(sent, apart=partial(_retold_one, reporting=lx.words("reporting_verbs")))
    if dead or hurt:
        context.violent.fatalities = max(context.violent.fatalities, dead)
        context.violent.injuries = max(context.violent.injuries, hurt)


def _code_match(
    match: TriggerMatch,
    sent: Span,
    index: int,
    article: InputArticle,
    focus: str | None,
    res: Resources,
    context: Narrative | None = None,
    fallback: PlaceRef | None = None,
    country: str | None = None,
) -> list[Draft]:
    cameo = taxonomy.cameo_codes()[match.code]
    roots = _roots(match)
    source_tok, target_tok = source_and_target(match)
    if source_tok is None and match.entry.lemma[0] in lx.words("agentless_charge"):
        if any(c.dep_ == "det" for c in match.head.children):
            return []  # "the accused": the defendant, not an act
        if _charged_person(match.head, target_tok, res.actors):
            cameo = taxonomy.cameo_codes()[CHARGE_CODE]  # "accused of fraud", by nobody named: the charge
    fact, cue = factuality_with_cue(match, res.modality)
    order: DateOrder = context.order if context is not None else "day_first"
    undated = reference_of(article)
    when = event_date(sent, roots, undated, order)
    # the scene a material act with no date or place of its own inherits them from
    scene = context if context is not None and cameo.root_code in MATERIAL_ROOTS else None
    earlier = retold(roots, lx.words("reporting_verbs"))
    if earlier and not when.explicit and fact == "asserted":
        # an act retold from an earlier time that nothing dates is not news of the day: it takes neither the
        # scene's date nor the publication day, and makes no event
        fact = "background"
    elif not when.explicit and scene is not None and scene.date is not None and not earlier:
        when = scene.date
    nouns = res.triggers.event_nouns
    source = resolve_actor(source_tok, res.actors, nouns, when.day) if source_tok is not None else None
    target = resolve_actor(target_tok, res.actors, nouns, when.day) if target_tok is not None else None
    apart = partial(_other_time, sent=sent, when=when, undated=undated, order=order)
    counted = cameo.root_code in COUNTED_ROOTS or cameo.code.startswith(REPRESSION_CODE)
    dead, hurt = casualties(sent, apart=apart) if counted else (0, 0)
    lemma = match.entry.lemma[0]
    court_step = lemma in lx.words("judicial_steps") and lemma not in count_words().custody_charges
    custody = cameo.code.startswith("173") and not court_step
    held = arrests(match.head) if custody else 0  # "sentenced three men" holds nobody new
    # The source phrase carries the means as often as the verb does: "an Israeli air strike killed nine".
    cues = clause_cues(roots + ([source_tok] if source_tok is not None else []))
    if cameo.root_code == "14":
        claims = res.modality["call_governors"]
        cues = protest_cues(roots, match.anchor, claims) | clause_cues([source_tok] if source_tok is not None else [])
    if match.anchor.dep_ == "conj":  # "youths demonstrated and clashed with police": the first act frames it
        cues = cues | {match.anchor.head.lemma_.lower()}
    found = event_places(sent, roots, res.gazetteer, res.actors, focus)
    if not any(p.from_text for p in found) and scene is not None and scene.places:
        found = scene.places
    elif not any(p.from_text for p in found) and scene is not None and fallback is not None:
        found = [fallback]  # the article's most specific place, coarser precision
    parties = {actor.country for actor in (source, target) if actor is not None}
    places: list[PlaceRef | None] = [*distinct_places([divided_part(p, parties, res.gazetteer) for p in found])] or [
        None
    ]
    raw = sent.text
    start = sent.start_char + len(raw) - len(raw.lstrip())
    end = sent.end_char - (len(raw) - len(raw.rstrip()))
    rows = []
    for place in places:
        iso3 = place.place.iso3 if place else None
        # an actor takes the country of a place the text names for the event, not of the article's guess
        here = iso3 if place is not None and place.from_text else None
        a1 = localise(situate(source, here, res.actors, country, target, when.day), here)
        a2 = localise(situate(target, here, res.actors, country, source, when.day), here)
        draft = Draft(
            article_id=article.article_id,
            sentence_index=index,
            sentence=article.full_text[start:end],
            char_start=start,
            char_end=end,
            trigger=match.text,
            trigger_start=match.start_char,
            trigger_end=match.end_char,
            factuality=fact,
            event_date=when.day,
            time_precision=when.precision,
            date_source=when.source,
            **cameo_fields(cameo),
            fatalities=dead,
            injuries=hurt,
            arrests=held,
            confidence=_confidence(match, a1, a2, place, when.explicit),
            actor1=a1,
            actor2=a2,
            place=place,
            roots=roots,
            cues=cues,
            inter1=_typing_inter(a1, source_tok),
            lemma=match.entry.lemma[0],
        )
        type_mention(draft, res.acled_rules)
        rows.append(draft)
    # "threatened to attack" is coded from "threaten" itself; a statement is derived only when the governing
    # word is not a trigger of its own ("will", "would", "is ready to", "refused to")
    spoken = fact in ("future", "intended") and (cue, "VERB") in res.triggers.by_first
    derived = None if spoken else _derived_code(match.code, fact, cue, source)
    if derived is not None:
        rows += [_as_statement(row, derived) for row in rows]
    return rows


def _typing_inter(actor: Actor | None, token: Token | None) -> int | None:
    """The doer's ACLED inter as the typing rules read it. One civilian ("an IT worker went on a stabbing spree",
    "a prisoner shot a sergeant") is no mob: ACLED codes a lone attacker as a sole perpetrator of an attack, so
    the rules read such a doer as an unnamed armed actor; crowds, protesters and rioters keep their role."""
    if actor is None:
        return None
    lone = (
        token is not None
        and token.tag_ == "NN"
        and token.lemma_.lower() not in count_words().collective_nouns
        and actor.inter == CIVILIAN_INTER
    )
    return None if lone else actor.inter


def _charged_person(verb: Token, target: Token | None, actors: lx.ActorLexicon) -> bool:
    """An agentless passive ("Qawi was accused of inciting the murder", the headline's "Man accused of fraud")
    whose target is a person: news of a legal charge. A program or a policy "accused of" something is
    criticism, and stays the accusation it reads as."""
    if verb.tag_ not in ("VBN", "VBD") or any(c.dep_ in ("dobj", "obj") for c in verb.children):
        return False  # active: someone accuses someone
    if target is None:
        return False
    if target.ent_type_ == "PERSON" or target.pos_ == "PRON":
        return True
    agent = actors.agents.get((target.lemma_.lower(),))
    return agent is not None and agent.acled_inter == CIVILIAN_INTER


def distinct_places(places: Iterable[PlaceRef | None]) -> list[PlaceRef]:
    """One place per gazetteer entry, in order: the mention id is a hash of the place's geonameid and country, so
    a trigger coded twice at one place would give two rows with one id."""
    seen: dict[tuple[str | None, int | None], PlaceRef] = {}
    for ref in places:
        if ref is not None:
            seen.setdefault((ref.place.iso3, ref.place.geonameid), ref)
    return list(seen.values())


def _derived_code(code: str, fact: str, cue: str, source: Actor | None) -> str | None:
    """A commitment or a refusal is itself an event: "X will send aid" is X's intent to provide aid (033),
    "X refused to meet Y" is a rejection (125). Needs a named source: someone must commit or refuse."""
    if source is None:
        return None
    tables = lx.derived_codes()
    if fact in ("future", "intended") or (fact == "hypothetical" and cue == "would"):
        return lx.derived_code(tables["intent_codes"], code)
    if fact == "negated" and cue == "refuse":
        return lx.derived_code(tables["refusal_codes"], code) or "120"
    return None


def _as_statement(row: Draft, code: str) -> Draft:
    """The statement a future or refused act implies, as an asserted mention of its own."""
    cameo = taxonomy.cameo_codes()[code]
    return replace(
        row,
        derived=True,
        factuality="asserted",
        **cameo_fields(cameo),
        disorder_type=None,
        event_type=None,
        sub_event_type=None,
        fatalities=0,
        injuries=0,
        arrests=0,
    )


def _confidence(
    match: TriggerMatch, a1: Actor | None, a2: Actor | None, place: PlaceRef | None, explicit_date: bool
) -> float:
    """A documented additive score, not a probability: what the coder could pin down for this mention."""
    score = 0.45
    score += 0.15 if a1 is not None and a1.code else 0.05 if a1 is not None else 0.0
    score += 0.1 if a2 is not None else 0.0
    score += 0.15 if place is not None and place.from_text else 0.0
    score += 0.1 if explicit_date else 0.0
    score -= 0.1 if match.how in ("headline", "possessive") else 0.0
    return round(min(max(score, 0.05), 0.95), 2)


def _merge_same_violence(rows: list[Draft], rules: tuple[lx.AcledRule, ...]) -> list[Draft]:
    """'Troops clashed with ISWAP, killing 14' is one event: within a sentence, violent triggers at one place
    collapse into the most informative one, which borrows the actors, words and tolls the others found and
    is typed again with them ("the Taliban commander was killed in an operation by police" is a battle)."""
    kept: list[Draft] = []
    for row in sorted(rows, key=_informativeness, reverse=True):
        twin = next(
            (
                k
                for k in kept
                if row.cameo_root_code in VIOLENT_ROOTS
                and k.cameo_root_code in VIOLENT_ROOTS
                and k.geonameid == row.geonameid
                and k.iso3 == row.iso3
                and k.factuality == row.factuality
                # "killed two on Monday, a year after an attack in 2023 killed five": two days, two events
                and (k.event_date, k.time_precision) == (row.event_date, row.time_precision)
            ),
            None,
        )
        if twin is None:
            kept.append(replace(row))
            continue
        if _named(row.actor1) and not _named(twin.actor1):
            twin.actor1, twin.inter1 = row.actor1, row.inter1
        if _named(row.actor2) and not _named(twin.actor2):
            twin.actor2 = row.actor2
        twin.cues = twin.cues | row.cues
        twin.fatalities = max(twin.fatalities, row.fatalities)
        twin.injuries = max(twin.injuries, row.injuries)
        twin.roots = twin.roots + row.roots
        if not twin.derived:
            type_mention(twin, rules)
    return sorted(kept, key=lambda r: (r.trigger_start, int(r.derived), r.geonameid or 0))


def _named(actor: Actor | None) -> bool:
    return actor is not None and actor.name is not None


def _attach_tolls(sent: Span, rows: list[Draft], rules: tuple[lx.AcledRule, ...]) -> None:
    """ "An air strike killed five in Idlib, and a car bomb killed three in Aleppo": when a sentence reports
    violent events at different places, each figure goes to the event whose trigger is nearest to it in the
    parse. Triggers at one place were already merged into one event, which keeps every figure."""
    events = [r for r in rows if r.factuality == "asserted" and r.cameo_root_code in VIOLENT_ROOTS and r.roots]
    if len({(r.iso3, r.geonameid) for r in events}) < 2:
        return
    for row in events:
        rivals = [r.roots for r in events if (r.iso3, r.geonameid) != (row.iso3, row.geonameid)]
        dead, hurt = casualties(sent, row.roots, rivals)
        if (dead, hurt) != (row.fatalities, row.injuries):
            row.fatalities, row.injuries = dead, hurt
            if not row.derived:
                type_mention(row, rules)


def _informativeness(row: Draft) -> tuple[int, int, float, int]:
    specific = len(row.cameo_code) + (1 if row.cameo_code[-1] != "0" else 0)
    actors = int(_named(row.actor1)) + int(_named(row.actor2))
    return actors, specific, row.confidence, -row.trigger_start


def _finish(row: Draft, article: InputArticle) -> dict[str, object]:
    record = row.record()
    record["mention_id"] = stable_id(
        article.article_id,
        row.sentence_index,
        row.trigger_start,
        row.trigger_end,
        row.cameo_code,
        # a region the gazetteer has no id for is told apart by its name (otherwise the id is unchanged)
        row.geonameid if row.geonameid is not None else row.location,
        row.iso3,
    )
    record["event_id"] = None  # assigned when mentions are consolidated across articles (consolidate.py)
    record["source"] = article.source
    record["published_at"] = article.published_at
    record["coder_version"] = CODER_VERSION
    return record
