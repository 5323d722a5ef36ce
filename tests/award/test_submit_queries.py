"""Issue 12: submitting an application costs at most 20 queries, whatever else the cycle holds."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from award.models import ApplicationState
from tests.factories.award import DECLARATIONS, CycleFactory, application_in_state
from tests.query_walk import real_queries

pytestmark = pytest.mark.django_db

SUBMIT_CEILING = 20


@pytest.mark.parametrize("others", [0, 4], ids=["alone", "four-submitted-before"])
def test_submit_stays_within_the_ceiling(client, others):
    cycle = CycleFactory()
    for _ in range(others):
        application_in_state("submitted", cycle=cycle)
    application = application_in_state("draft", cycle=cycle)
    client.force_login(application.applicant)
    url = reverse("award:application_submit", kwargs={"pk": application.pk})

    data = {**{k: "on" for k in DECLARATIONS}, "signed_name": "王明"}

    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)

    application.refresh_from_db()
    assert (response.status_code, application.state) == (302, ApplicationState.SUBMITTED)
    assert len(real_queries(captured)) <= SUBMIT_CEILING, [q["sql"][:90] for q in real_queries(captured)]
