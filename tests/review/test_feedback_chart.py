"""The applicant's feedback chart (issue 10 point 8): category subtotals against the maxima and the shortlisted
applications' mean (Art. 19(三), 20), with the same figures as a table for screen readers."""
import re

import pytest
from django.urls import reverse

from award.models import StandardCategory
from review.feedback_figures import MIN_SHORTLISTED
from review.models import Assignment
from tests.confirming import post_confirmed
from tests.factories.review import activate, make_application, pledge, submit_scores

pytestmark = pytest.mark.django_db


def _score(application, experts, office, pct):
    for expert in experts:
        assignment = activate(Assignment.objects.create(application=application, expert=expert, created_by=office))
        submit_scores(assignment, pct)


def _table_rows(body):
    table = body[body.index('<table class="table chart-table'):]
    table = table[:table.index("</table>")]
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)][1:]


@pytest.fixture
def reviewed(cycle, panel, application, office):
    _, experts = panel
    pledge(cycle, *experts)
    _score(application, experts, office, 50)  # below the 55 % bar
    others = [make_application(cycle) for _ in range(MIN_SHORTLISTED)]
    for other, pct in zip(others, (60, 70, 80), strict=True):
        _score(other, experts, office, pct)
    return others


def test_feedback_table_lists_own_maximum_and_shortlisted_mean(client, office, reviewed, application):
    # Art. 20: the three shortlisted scored 60, 70 and 80 % everywhere: their mean is 70 % of each category.
    client.force_login(office)
    post_confirmed(client, reverse("review:shortlist_confirm"))
    client.force_login(application.applicant)

    body = client.get(reverse("review:feedback", kwargs={"pk": application.pk})).content.decode()

    categories = StandardCategory.objects.filter(standard=application.standard).order_by("position", "pk")
    expected = [[f"{c.code} {c.name}", f"{c.points * 50 / 100:.2f}", str(c.points), f"{c.points * 70 / 100:.1f}".removesuffix(".0")]
                for c in categories]
    assert _table_rows(body) == expected
    assert '<svg class="chart-svg"' in body and 'aria-hidden="true"' in body


def test_feedback_hides_shortlisted_mean_below_minimum(client, office, cycle, panel, application):
    # With fewer than MIN_SHORTLISTED shortlisted, their mean would tell one applicant's subtotals to another.
    _, experts = panel
    pledge(cycle, *experts)
    _score(application, experts, office, 50)
    _score(make_application(cycle), experts, office, 80)
    client.force_login(office)
    post_confirmed(client, reverse("review:shortlist_confirm"))
    client.force_login(application.applicant)

    body = client.get(reverse("review:feedback", kwargs={"pk": application.pk})).content.decode()

    assert {row[3] for row in _table_rows(body)} == {"—"}
    assert "不显示其平均得分" in body
