"""The document-review results computed in Python, for databases without PostgreSQL's set-based SQL — the
demo's embedded SQLite (review.services.recompute uses this when `connection.vendor` is not "postgresql").

The same rules as the SQL, one application at a time: submitted document scorecards only; the mean without the
highest and lowest total when the cycle uses the trimmed mean and there are at least TRIM_MIN_EXPERTS of them; a
consensus replaces it only when the leader recorded every item of the application's standard; the mean cut to two
decimals as `div(sum × 100, count) / 100` cuts it; the bar compared exactly (`sum ≥ pass mark × count`, Art. 20).
"""
from decimal import Decimal

from django.utils import timezone

from award.models import Application, StandardItem

from ..aggregation import CENT, TRIM_MIN_EXPERTS
from ..models import ConsensusScore, DocumentResult, Scorecard, ScorecardState, ScoreLayer

VALUE_KEYS = ("expert_count", "mean", "trimmed", "spread", "spread_flagged", "consensus_total", "result",
              "pass_mark", "passes")


def _consensus(application, standard):
    rows = list(ConsensusScore.objects.filter(application=application).values_list(
        "item_id", "points", "item__category__standard_id"))
    items = StandardItem.objects.filter(category__standard=standard).count() if standard else 0
    if not items or len(rows) != items or any(row[2] != standard.pk for row in rows):
        return None
    return sum((row[1] for row in rows), Decimal(0))


def values_for(application) -> dict:
    cycle = application.cycle
    standard = cycle.standard_for(application.kind)
    totals = sorted(Scorecard.objects.filter(application=application, layer=ScoreLayer.DOCUMENT,
                                             state=ScorecardState.SUBMITTED).values_list("total", flat=True))
    n = len(totals)
    scale = standard.total_points if standard else None
    pass_mark = scale * cycle.pass_ratio if standard else None
    trimmed = bool(cycle.use_trimmed_mean and n >= TRIM_MIN_EXPERTS)
    counted = totals[1:-1] if trimmed else totals
    csum, cn = sum(counted, Decimal(0)), len(counted)
    spread = totals[-1] - totals[0] if totals else None
    consensus = _consensus(application, standard)
    mean = (Decimal(csum * 100 // cn) / 100).quantize(CENT) if cn else None  # as div() cuts, exactly
    if consensus is not None:
        passes = pass_mark is not None and consensus >= pass_mark
    else:
        passes = bool(cn and pass_mark is not None and csum >= pass_mark * cn)
    return {
        "expert_count": n, "mean": mean, "trimmed": trimmed, "spread": spread,
        "spread_flagged": bool(spread is not None and spread > cycle.spread_threshold_ratio * scale),
        "consensus_total": consensus, "result": consensus if consensus is not None else mean,
        "pass_mark": pass_mark, "passes": passes,
    }


def _applications(ids):
    return Application.objects.filter(pk__in=ids).select_related(
        "cycle__organization_standard", "cycle__individual_standard").order_by("pk")


def recompute(ids, *, confirmed_states) -> None:
    now = timezone.now()
    results = {r.application_id: r for r in DocumentResult.objects.filter(application_id__in=ids)}
    for application in _applications(ids):
        existing = results.get(application.pk)
        if existing is not None and application.state in confirmed_states:
            continue  # confirmed by the office: it stays (review.services.freeze)
        values = values_for(application)
        if existing is None:
            DocumentResult.objects.create(application=application, computed_at=now, **values)
        elif any(getattr(existing, k) != v for k, v in values.items()):
            DocumentResult.objects.filter(pk=existing.pk).update(computed_at=now, **values)
        if application.document_score != values["result"]:
            Application.objects.filter(pk=application.pk).update(document_score=values["result"])


def preview(ids) -> dict[int, dict]:
    return {application.pk: values_for(application) for application in _applications(ids)}
