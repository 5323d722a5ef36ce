"""The per-application computation of the document-review result as the app did it before issue 12 made it
set-based (review.services.recompute): the oracle the SQL is compared with on random data. Pure Decimal
arithmetic, read through the ORM one application at a time; never used by the app."""
from dataclasses import dataclass
from decimal import Decimal

from award.models import StandardItem
from review.aggregation import truncate
from review.models import ConsensusScore, Scorecard, ScorecardState, ScoreLayer

# SPEC §7 fixes the trimmed mean at "at least 5 experts"; the cycle only switches it on (use_trimmed_mean).
TRIM_MIN_EXPERTS = 5


@dataclass(frozen=True)
class Aggregate:
    count: int
    mean: Decimal | None
    trimmed: bool
    spread: Decimal | None
    spread_flagged: bool


def aggregate(totals, *, use_trimmed_mean, spread_threshold_ratio, scale):
    """SPEC §7: mean of the expert totals, or without the highest and lowest when the cycle says so and there are
    at least TRIM_MIN_EXPERTS; the spread (max − min) is flagged when it exceeds `spread_threshold_ratio × scale`."""
    totals = sorted(Decimal(t) for t in totals)
    if not totals:
        return Aggregate(0, None, False, None, False)
    spread = totals[-1] - totals[0]
    trimmed = bool(use_trimmed_mean and len(totals) >= TRIM_MIN_EXPERTS)
    counted = totals[1:-1] if trimmed else totals
    mean = sum(counted, Decimal(0)) / Decimal(len(counted))
    flagged = spread > Decimal(spread_threshold_ratio) * Decimal(scale)
    return Aggregate(len(totals), mean, trimmed, spread, flagged)


def passes_bar(result, pass_mark):
    """Art. 20: at least 55 % of the scale goes on to site review, compared exactly (no rounding up)."""
    return result is not None and Decimal(result) >= Decimal(pass_mark)


def consensus_total(application):
    """The consensus total when the leader has recorded every item of the standard, else None."""
    rows = list(ConsensusScore.objects.filter(application=application).values_list("item_id", "points"))
    if not rows:
        return None
    items = set(StandardItem.objects.filter(category__standard=application.standard).values_list("pk", flat=True))
    if not items or {r[0] for r in rows} != items:
        return None
    return sum((r[1] for r in rows), Decimal(0))


def document_values(app) -> dict:
    """The old per-application result: what results_recompute must write for `app`."""
    cycle = app.cycle
    totals = list(
        Scorecard.objects.filter(application=app, layer=ScoreLayer.DOCUMENT, state=ScorecardState.SUBMITTED)
        .values_list("total", flat=True)
    )
    agg = aggregate(totals, use_trimmed_mean=cycle.use_trimmed_mean,
                    spread_threshold_ratio=cycle.spread_threshold_ratio, scale=app.standard.total_points)
    consensus = consensus_total(app)
    result = consensus if consensus is not None else agg.mean
    pass_mark = cycle.pass_mark_for(app.kind)
    return {
        "expert_count": agg.count, "mean": truncate(agg.mean), "trimmed": agg.trimmed,
        "spread": agg.spread, "spread_flagged": agg.spread_flagged, "consensus_total": consensus,
        "result": truncate(result), "pass_mark": pass_mark, "passes": passes_bar(result, pass_mark),
    }
