"""The applicant's feedback as a picture (issue 10 point 8): its category subtotals against each category's
maximum and the shortlisted applications' mean (Art. 19(三), 20). Reads only.

The shortlisted are the applications of the same cycle and award kind whose document-review result reached the
bar (`DocumentResult.passes`). Their mean is shown only when at least `MIN_SHORTLISTED` of them exist, so that no
applicant can read another's subtotals from it (with two, a shortlisted applicant could).
"""
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum

from accounts.charts import versus_chart

from .aggregation import truncate
from .models import ItemScore, ScorecardState, ScoreLayer

__all__ = ["MIN_SHORTLISTED", "feedback_chart", "shortlisted_category_means"]

MIN_SHORTLISTED = 3


def shortlisted_category_means(*, application):
    """({category id: mean subtotal of the shortlisted applications}, how many were shortlisted); one query.

    Each shortlisted application counts once: its experts' mean subtotal per category, then the mean over them.
    """
    rows = (
        ItemScore.objects.filter(
            scorecard__layer=ScoreLayer.DOCUMENT, scorecard__state=ScorecardState.SUBMITTED,
            scorecard__application__cycle_id=application.cycle_id, scorecard__application__kind=application.kind,
            scorecard__application__document_result__passes=True,
        )
        .values("scorecard__application_id", "item__category_id")
        .annotate(points=Sum("points"), cards=Count("scorecard_id", distinct=True))
        .order_by()
    )
    per_category = defaultdict(list)
    applications = set()
    for row in rows:
        applications.add(row["scorecard__application_id"])
        per_category[row["item__category_id"]].append(row["points"] / row["cards"])
    if len(applications) < MIN_SHORTLISTED:
        return {}, len(applications)
    means = {category: truncate(sum(values, Decimal(0)) / len(values)) for category, values in per_category.items()}
    return means, len(applications)


def feedback_chart(*, categories, means):
    """The chart of `feedback_for`'s category rows with the shortlisted means laid beside them."""
    return versus_chart([
        (f"{row['category'].code} {row['category'].name}", row["mean"], row["category"].points,
         means.get(row["category"].pk)) for row in categories
    ])
