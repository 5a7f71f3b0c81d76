"""Reports the text does not date that it dates nonetheless: by another report of their sentence, or, in the
headline, by the story's day.

One sentence, one act told twice: an undated report takes the date the sentence gives another report of the
same kind of act.
"He said that in 2007, when he was arrested, the speaker welcomed his arrest": the second "arrest" is the first
one, and the sentence dates it (2007), though not under its own words. Left undated it would take its scene's
date or the publication day and found a second event of today. A report dated from elsewhere (``inherited``,
``published``, ``dateline``) therefore takes the date of a report of the same CAMEO root in its sentence that
the sentence itself dates, unless that report is retold from an earlier time ("police arrested a man who had
been arrested in 2004": the earlier arrest's year is not today's arrest's).
"""

from __future__ import annotations

from spacy.tokens import Span

from eventwire.article_dates import UNDATED
from eventwire.coding.draft import Draft
from eventwire.coding.when import DAY, NOT_UNDER, When, distance_to, find_dates, inherited, retold
from eventwire.ingest.dates import DateOrder

# date_source values of a report its own sentence dates (schemas.columns.DateSource)
_WRITTEN = frozenset({"sentence", "relative"})


def share_sentence_dates(rows: list[Draft], reporting_verbs: frozenset[str]) -> None:
    """Date, in place, each asserted report of ``rows`` (one sentence's) that its sentence does not date by the
    first report of the same root the sentence dates and does not retell (``retold``); its source is then
    ``inherited``."""
    donors = [r for r in rows if r.date_source in _WRITTEN and not retold(r.roots, reporting_verbs)]
    for row in rows:
        if row.date_source in _WRITTEN or row.factuality != "asserted":
            continue
        donor = next((d for d in donors if d.cameo_root_code == row.cameo_root_code), None)
        if donor is not None:
            row.event_date, row.time_precision, row.date_source = donor.event_date, donor.time_precision, "inherited"


def lead_day(sent: Span, undated: When, order: DateOrder) -> When | None:
    """The day a body sentence gives its main act, when it names one ("… pleaded not guilty Monday …"): a
    day-precise date in the main verb's phrase that is no noun's ("Saturday's shooting")."""
    dated = [f for f in find_dates(sent, undated.day, order) if f.when.precision == DAY and f.owner is None]
    # under the main verb: "The airstrikes follow a drone attack on Sunday" gives the attack's day, not the story's
    own = [f for f in dated if distance_to(sent, f, {sent.root.i}) < NOT_UNDER]
    return inherited(own[0].when) if own else None


def date_headline(rows: list[Draft], body_offset: int, lead: When | None) -> None:
    """Date, in place, the headline's undated reports of an act the body does not report by the story's day
    (``lead``: the first day a body sentence gives its main act). A headline summarises the story ("Police say man
    pulled a gun at motel" over "Police arrested a man Tuesday after a fight at the motel"); it is not news of the
    publication day. Its own date, when it writes one, stays."""
    if lead is None:
        return
    # a headline act the body reports too joins the body's report, whose date the event then takes
    # (``article_dates.date_rank``); only one the body leaves untold is dated here
    told = {r.cameo_root_code for r in rows if r.char_start >= body_offset and r.factuality == "asserted"}
    for row in rows:
        if row.char_start < body_offset and row.date_source in UNDATED and row.cameo_root_code not in told:
            row.event_date, row.time_precision, row.date_source = lead.day, lead.precision, lead.source
