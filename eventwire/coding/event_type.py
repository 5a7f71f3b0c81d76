"""The ACLED type of an event, decided from the whole of it: every place the coder sets or changes a mention's
disorder type, event type and sub-event type, and the ACLED actor conventions that follow from the type.

1. ``type_mention``: the rules of ``acled_rules.yaml`` (``acled.acled_type``) on the mention's CAMEO code,
   clause words, actor types and toll; run again whenever a merge or a toll changes what the rules read.
2. ``returned_fire``: "Militants threw a grenade at the checkpoint. Soldiers returned fire." is a battle.
3. ``decide_article``, on all of an article's mentions, in this order:
   - a protest takes the most serious outcome reported for the same day and place ("Workers demonstrated in
     Hyderabad. Rioters pelted stones at the police." is one violent demonstration; "Residents marched on
     the town hall. Police dispersed them with tear gas." a protest with intervention): violence by the
     crowd → Violent demonstration; force by the authorities with deaths → Excessive force against
     protesters; other intervention (dispersal, arrests of the crowd) → Protest with intervention;
   - a killing by no named armed actor at a riot is the riot's violence;
   - ACLED's sides: a demonstration's actor1 is the crowd, violence by nobody named is by an unidentified
     armed group, violence against civilians has civilians as actor2;
   - the state forces that intervene at a demonstration are its actor2;
   - violence against civilians named as its target, coded as a generic fight (190, 193), is an assault (180)
     in CAMEO's terms.

Which actor types bear arms and which ACLED inter codes are crowds or civilians are taxonomy facts
(``schemas/taxonomy``), not numbers written here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from eventwire.coding.acled import acled_fields, acled_type
from eventwire.coding.actors import Actor
from eventwire.coding.draft import Draft, cameo_fields
from eventwire.coding.lexicon import AcledRule, words
from schemas import taxonomy

ARMED_TYPES = taxonomy.armed_actor_types()
# State actors that intervene in a crowd; councillors or lawmakers who demonstrate are protesters themselves
FORCE_TYPES: frozenset[str | None] = frozenset({*taxonomy.state_force_types(), None})
STATE_FORCES = taxonomy.state_force_inters()
ARMED_INTERS = taxonomy.armed_inters()
UNARMED_INTERS = taxonomy.unarmed_inters()  # crowds and civilians
CIVILIAN_INTER = taxonomy.civilian_inter()
CROWD_INTERS = UNARMED_INTERS - {CIVILIAN_INTER}  # rioters and protesters
CROWD_ROLES = {"Protests": 6, "Riots": 5}
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# ACLED's names for the side a note implies but does not name: (name, CAMEO type, inter)
CROWD_SIDES = {"Protests": ("Protesters", "CVL", 6), "Riots": ("Rioters", "CVL", 5)}
UNIDENTIFIED_ARMED = ("Unidentified Armed Group", "UAF", 3)
CIVILIANS = ("Civilians", "CVL", CIVILIAN_INTER)
INTERVENTION_CODES = ("175", "173", "1724")  # repression, arrests, curfew enforcement


# ------------------------------------------------------------------------------------------- one mention


def target_inter(actor: Actor | None, source_inter: int | None = None) -> int | None:
    """The target's ACLED type for typing the event: a mayor, a minister or a journalist is an unarmed
    target (civilians) even where their institution is coded as the state (1). A crowd that state forces
    (``source_inter``) use force on keeps its role: "security forces opened fire on demonstrators" is force
    against protesters, not an attack on civilians; gunmen firing on a crowd attack civilians."""
    if actor is None:
        return None
    if actor.inter in CROWD_INTERS and source_inter in STATE_FORCES:
        return actor.inter
    if actor.type is not None and actor.type not in ARMED_TYPES:
        return CIVILIAN_INTER
    return actor.inter


def crowd_inter(inter: int | None, event_type: str | None) -> int | None:
    """ACLED's actor type is the role in the event: a crowd (rioters, protesters, civilians, unknown) that
    demonstrates is protesters (6), that riots is rioters (5), whatever noun the text used."""
    role = CROWD_ROLES.get(event_type or "")
    return role if role is not None and (inter is None or inter in UNARMED_INTERS) else inter


def type_mention(draft: Draft, rules: tuple[AcledRule, ...]) -> None:
    """Type ``draft`` by the rules from what it holds now; actor1 takes its role in that type."""
    draft.disorder_type, draft.event_type, draft.sub_event_type = acled_type(
        draft.cameo_code,
        draft.cues,
        draft.inter1,
        target_inter(draft.actor2, draft.inter1),
        draft.fatalities,
        rules,
        draft.lemma,
    )
    if _named(draft.actor1):
        draft.actor1 = _with_inter(draft.actor1, crowd_inter(draft.inter1, draft.event_type))


def returned_fire(violent: Draft) -> None:
    """ "Militants threw a grenade at the checkpoint. Soldiers returned fire." — a two-sided fight: the
    previous act becomes a battle, as ACLED codes it."""
    if violent.event_type in ("Explosions/Remote violence", "Violence against civilians"):
        violent.disorder_type, violent.event_type, violent.sub_event_type = acled_fields("Armed clash")


# ------------------------------------------------------------------------------------------ the article


def decide_article(drafts: list[Draft], cameo_of: Callable[[str], str | None]) -> None:
    """Type an article's mentions from each other, then apply ACLED's actor conventions, in place.
    ``cameo_of`` maps an ISO3 to its CAMEO country code."""
    escalate_protests(drafts)
    fold_into_riots(drafts)
    for draft in drafts:
        assault_on_civilians(draft)  # before ACLED's sides name "Civilians" where the text named no victim
        acled_sides(draft, cameo_of)
    intervening_forces(drafts)


# A fight (CAMEO 19) whose ACLED type is one-sided violence against civilians, with the civilians named as
# its target, is an assault (18) in CAMEO's terms: "a gunman shot shoppers", "gunmen killed nine villagers".
# An attack on a place ("attacked a market", "vowed to attack the capital") keeps 19, and only the generic
# codes move: shelling (194) or an air strike (195) on a town keeps its means.
ASSAULT_OF_FIGHT = {"190": "180", "193": "180"}


# One-sided violence: against civilians, or by a crowd or a lone civilian ("a man shot his neighbour", "journalists
# were attacked by protesters": ACLED's mob violence), which is never two armed sides fighting.
ONE_SIDED_TYPES = frozenset({"Violence against civilians", "Riots"})


def assault_on_civilians(draft: Draft) -> None:
    """Recode a one-sided act of violence against civilians from fight (19) to assault (18), in place."""
    code = ASSAULT_OF_FIGHT.get(draft.cameo_code)
    if code is None or draft.derived or draft.event_type not in ONE_SIDED_TYPES:
        return
    if draft.event_type == "Riots" and (draft.cues & words("crowd_words") or draft.lemma in words("two_sided")):
        # "riots killed five", "attacked by protesters": the crowd's violence, as ACLED and PLOVER read it; "a
        # clash ensued between herders and farmers": two sides fighting
        return
    if (
        target_inter(draft.actor2) != CIVILIAN_INTER
        and not (draft.actor2 is None and _person_patient(draft))
        and draft.lemma not in words("shot_at_people")
    ):
        return  # no person as the victim: an attack on a place or on nobody named
    for column, value in cameo_fields(taxonomy.cameo_codes()[code]).items():
        setattr(draft, column, value)


def _person_patient(draft: Draft) -> bool:
    """The trigger's object or passive subject is a person the actor dictionaries cannot name: a personal pronoun
    or a person's name ("shot him dead", "Ratana was shot")."""
    pronouns = words("person_pronouns")
    return any(
        child.dep_ in ("dobj", "nsubjpass") and (child.lower_ in pronouns or child.ent_type_ == "PERSON")
        for root in draft.roots
        for child in root.children
    )


def _named(actor: Actor | None) -> bool:
    return actor is not None and bool(actor.name)


def _inter(actor: Actor | None) -> int | None:
    return actor.inter if actor is not None else None


def _with_inter(actor: Actor | None, inter: int | None) -> Actor | None:
    return replace(actor, inter=inter) if actor is not None else None


def _same_place(a: Draft, b: Draft) -> bool:
    """Same day and country, and the same place unless one of them only knows the country."""
    if a.event_date != b.event_date or a.iso3 != b.iso3:
        return False
    return a.geonameid == b.geonameid or 3 in (a.geo_precision, b.geo_precision)


def _unarmed_clash(draft: Draft) -> bool:
    """'Clashes with the police broke out' after a demonstration: one side is the crowd, not an armed group."""
    sides = (_inter(draft.actor1), _inter(draft.actor2))
    return draft.sub_event_type == "Armed clash" and not all(s in ARMED_INTERS for s in sides)


def _retype(draft: Draft, sub_event: str) -> None:
    draft.disorder_type, draft.event_type, _ = acled_fields(sub_event)
    draft.sub_event_type = sub_event
    if draft.event_type == "Riots" and _named(draft.actor1):
        draft.actor1 = _with_inter(draft.actor1, crowd_inter(_inter(draft.actor1), draft.event_type))


def escalate_protests(drafts: list[Draft]) -> None:
    """Retype asserted peaceful protests in place from the other mentions of the same article."""
    asserted = [d for d in drafts if d.factuality == "asserted"]
    for protest in asserted:
        if protest.sub_event_type != "Peaceful protest":
            continue
        nearby = [d for d in asserted if d is not protest and _same_place(protest, d)]
        if any(d.event_type == "Riots" or _unarmed_clash(d) for d in nearby):
            _retype(protest, "Violent demonstration")
            continue
        # force by the authorities (state forces as the source): "police dispersed them", "7 were detained by
        # police"; "the editor was arrested", the grievance of a protest, has no such source
        force = [
            d
            for d in nearby
            if d.sub_event_type in ("Protest with intervention", "Excessive force against protesters")
            or (
                d.cameo_code.startswith(INTERVENTION_CODES)
                and (_inter(d.actor2) is None or _inter(d.actor2) in UNARMED_INTERS)
                and _inter(d.actor1) in STATE_FORCES
            )
        ]
        if force:
            deadly = any(d.fatalities > 0 or d.sub_event_type == "Excessive force against protesters" for d in force)
            sub_event = "Excessive force against protesters" if deadly else "Protest with intervention"
            _retype(protest, sub_event)
            for d in force:  # the arrests and the dispersal are the intervention, part of the same ACLED event
                _retype(d, sub_event)


def fold_into_riots(drafts: list[Draft]) -> None:
    """ "A prison riot broke out, in which a prisoner was killed": a killing by no named armed actor at the
    same day and place as a riot is the riot's violence, typed as the riot."""
    asserted = [d for d in drafts if d.factuality == "asserted"]
    riots = [d for d in asserted if d.event_type == "Riots"]
    for draft in asserted:
        inter1 = _inter(draft.actor1)
        if draft.event_type not in ("Violence against civilians", "Battles") or not (
            inter1 is None or inter1 in UNARMED_INTERS
        ):
            continue
        riot = next((r for r in riots if _same_place(draft, r)), None)
        if riot is not None and riot.sub_event_type is not None:
            _retype(draft, riot.sub_event_type)


def _implied(kind: tuple[str, str, int], iso3: str | None, cameo_of: Callable[[str], str | None]) -> Actor:
    """The unnamed side of an event in the event's country: "Protesters (India)", "Civilians (Yemen)"."""
    name, ctype, inter = kind
    country = cameo_of(iso3) if iso3 else None
    return Actor(name, (country or "") + ctype, iso3, ctype, inter)


def acled_sides(draft: Draft, cameo_of: Callable[[str], str | None]) -> None:
    """ACLED's actor conventions on a typed mention, in place (after the article-level retyping):
    - a demonstration's actor1 is the crowd ("Protesters", "Rioters"), whatever noun the text used; state
      forces that disperse it are actor2 ("police dispersed the marchers" → Protesters vs Police);
    - a peaceful protest has no actor2 type: what the crowd protests against is not a party to the event;
    - political violence by nobody named is by an "Unidentified Armed Group" (inter 3);
    - violence against civilians has civilians as actor2, named or not."""
    event_type = draft.event_type
    if event_type in CROWD_SIDES:
        a1 = draft.actor1 if _named(draft.actor1) else None
        a2 = draft.actor2 if _named(draft.actor2) else None
        if a1 is not None and a1.inter in STATE_FORCES and a1.type in FORCE_TYPES:
            crowd = a2 if a2 is not None and a2.inter not in ARMED_INTERS else None
            a1, a2 = crowd, a1
        crowd_side = a1 or _implied(CROWD_SIDES[event_type], draft.iso3, cameo_of)
        crowd_side = replace(crowd_side, inter=CROWD_ROLES[event_type])
        if crowd_side.type is None:  # "thousands of Iraqi Kurds demonstrated": a crowd of civilians (CAMEO CVL)
            crowd_side = replace(crowd_side, type="CVL", code=(crowd_side.code or "") + "CVL")
        draft.actor1, draft.actor2 = crowd_side, a2
        if draft.sub_event_type == "Peaceful protest":
            draft.actor2 = _with_inter(draft.actor2, None)
    elif event_type in VIOLENT_TYPES:
        if not _named(draft.actor1):
            draft.actor1 = _implied(UNIDENTIFIED_ARMED, draft.iso3, cameo_of)
        if event_type == "Violence against civilians":
            if not _named(draft.actor2):
                draft.actor2 = _implied(CIVILIANS, draft.iso3, cameo_of)
            draft.actor2 = _with_inter(draft.actor2, CIVILIAN_INTER)


def intervening_forces(drafts: list[Draft]) -> None:
    """ "Workers demonstrated in Kovvur. Rioters pelted stones at the police." — ACLED codes the whole
    demonstration as one event, with the state forces that intervened in it or were attacked at it as its
    actor2. Runs after ``acled_sides`` on an article's mentions, in place."""
    asserted = [d for d in drafts if d.factuality == "asserted"]
    for crowd in asserted:
        if (
            crowd.event_type not in CROWD_SIDES
            or crowd.sub_event_type == "Peaceful protest"
            or _inter(crowd.actor2) in STATE_FORCES
        ):
            continue
        for other in asserted:
            if other is crowd or not _same_place(crowd, other):
                continue
            forces = next(
                (s for s in (other.actor1, other.actor2) if _named(s) and s is not None and s.inter in STATE_FORCES),
                None,
            )
            if forces is not None:
                crowd.actor2 = forces
                break
