"""The report's tunable numbers, one typed object per concern."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReportSettings:
    top: int = 12  # rows of the top actors / locations / sources / countries charts
    max_map_marks: int = 2500  # map circles kept (largest first): ~400 bytes each with the hover text
    sentences_per_mark: int = 3  # sentences shown on hover for a mark that gathers several events
    sentence_chars: int = 220  # a sentence is cut to this length in the hover text
    max_daily_bins: int = 120  # more days than this are shown by week, and past max_weekly_bins by month
    max_weekly_bins: int = 110
    timeline_tail: float = 0.01  # share of the oldest events a long timeline leaves out (references to the past)
    map_width: int = 960  # SVG units; the map is equirectangular, so its height is half of this


@dataclass(frozen=True, slots=True)
class DriftSettings:
    """When a week's counts differ enough from the weeks before it to warn. Counts are per week of publication
    (articles' ``published_at``, events' ``first_seen``); the latest week ends on the latest publication day."""

    baseline_weeks: int = 4  # weeks before the latest one that make its baseline (their weekly mean)
    min_history_weeks: int = 3  # baseline weeks that must hold articles, else the feed is too new to judge
    jump_ratio: float = 5.0  # a count this many times its baseline mean (or more) is a jump
    drop_ratio: float = 5.0  # a count this many times below its baseline mean (or less) is a drop
    min_events: int = 10  # events a country or type needs (this week for a jump, baseline mean for a drop)
    min_articles: float = 3.0  # weekly articles a source needs in its baseline before its stop or drop counts
    share_ratio: float = 2.0  # a share of unplaced events this many times its baseline share warns …
    min_share_rise: float = 0.05  # … when it also rises by at least this much (5 points)

    @property
    def feed_days(self) -> int:
        """Days of the feed the checks read: the baseline weeks and the latest one."""
        return 7 * (self.baseline_weeks + 1)
