"""Issue 12: saving or submitting a scorecard costs a bounded number of queries, whatever the size of the standard and of the
cycle (set-based upserts of the item scores and comments, one access query)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from award.models import StandardItem
from review.models import Assignment
from tests.factories.review import activate, card_for, make_application, pledge, submit_scores
from tests.query_walk import real_queries

SAVE_CEILING = 15


def _assigned(cycle, experts, office, application):
    return [activate(Assignment.objects.create(application=application, expert=e, created_by=office))
            for e in experts[:3]]


def _form_data(application, pct="60"):
    data = {f"item_{i.pk}": pct for i in StandardItem.objects.filter(category__standard=application.standard)}
    for c in application.standard.categories.all():
        data[f"strengths_{c.pk}"] = "领导作用突出"
        data[f"improvements_{c.pk}"] = "数据分析待加强"
    return data


@pytest.mark.parametrize("others", [0, 4], ids=["one-application", "five-applications"])
@pytest.mark.parametrize("action", ["save", "submit"])
def test_scorecard_post_stays_within_the_ceiling(client, cycle, panel, application, office, others, action):
    _, experts = panel
    pledge(cycle, *experts)
    mine = _assigned(cycle, experts, office, application)
    for _ in range(others):  # other applications of the cycle, scored by the same experts
        for assignment in _assigned(cycle, experts, office, make_application(cycle)):
            submit_scores(assignment, 70)
    submit_scores(mine[1], 70)  # a peer already submitted on this application
    client.force_login(mine[0].expert)
    url = reverse("review:scorecard_edit", kwargs={"pk": mine[0].pk})
    client.get(url)
    data = {**_form_data(application), "action": action}

    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)

    card = card_for(mine[0])
    assert response.status_code == 302
    assert len(real_queries(captured)) <= SAVE_CEILING, [q["sql"][:150] for q in real_queries(captured)]
    assert (card.state, str(card.total)) == ("submitted" if action == "submit" else "draft", "600.00")
