"""The office's pictures of a cycle (issue 10 point 8): applications by county and by sector, and the
document-review results against the Art. 20 bar. Reads only; the charts are drawn by accounts.charts.

Counted: every application that was submitted (drafts and withdrawn applications left out). The document-review
result is the one review wrote onto the application (`Application.document_score`), as a share of its standard's
scale, so organizations (1000 points) and individuals (300) share one distribution.
"""
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.charts import bar_chart, histogram
from accounts.models import District, Sector

from .models import Application, ApplicationKind, ApplicationState

__all__ = ["cycle_figures"]


def cycle_figures(*, cycle):
    """The three charts of the office's cycle page: {"districts", "sectors", "scores"} (four queries)."""
    counted = Application.objects.filter(cycle=cycle).exclude(
        state__in=(ApplicationState.DRAFT, ApplicationState.WITHDRAWN)
    )
    by_district = {
        row["area"]: row["n"]
        for row in counted.annotate(area=Coalesce("organization__district", "individual__district"))
        .values("area").annotate(n=Count("id")).order_by()
    }
    district_rows = [(label, by_district.pop(value, 0)) for value, label in District.choices]
    if by_district:
        district_rows.append((_("其他"), sum(by_district.values())))
    by_sector = {row["sector"]: row["n"] for row in counted.values("sector").annotate(n=Count("id")).order_by()}
    scales = {
        ApplicationKind.ORGANIZATION: cycle.organization_standard.total_points,
        ApplicationKind.INDIVIDUAL: cycle.individual_standard.total_points,
    }
    shares = [
        score * 100 / scales[kind]
        for kind, score in counted.filter(document_score__isnull=False).values_list("kind", "document_score")
    ]
    return {
        "districts": bar_chart(district_rows),
        "sectors": bar_chart([(label, by_sector.get(value, 0)) for value, label in Sector.choices]),
        "scores": histogram(shares, pass_ratio=Decimal(cycle.pass_ratio)) if shares else None,
        "scored": len(shares),
    }
