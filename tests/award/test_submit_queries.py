"""Issue 12: submitting an application costs at most 20 queries, whatever else the cycle holds."""
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Notification
from award import services
from award.models import ApplicationState
from tests.factories.accounts import RecommenderUserFactory
from tests.factories.award import DECLARATIONS, CycleFactory, application_in_state
from tests.query_walk import real_queries

pytestmark = pytest.mark.django_db

SUBMIT_CEILING = 20


def _submit_queries(cycle, *, others, recommender_accounts):
    """Submit a fresh draft through the page after `others` submissions to the same recommender; the queries."""
    application = application_in_state("draft", cycle=cycle)
    for _ in range(recommender_accounts - 1):
        RecommenderUserFactory(recommender=application.recommender)
    for _ in range(others):
        other = application_in_state("draft", cycle=cycle)
        other.recommender = application.recommender
        other.save(update_fields=["recommender"])
        services.application_submit(application=other, signed_name="李华", declarations=DECLARATIONS,
                                    by=other.applicant)
    client = Client()
    client.force_login(application.applicant)
    url = reverse("award:application_submit", kwargs={"pk": application.pk})

    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {**{k: "on" for k in DECLARATIONS}, "signed_name": "王明"})

    application.refresh_from_db()
    assert (response.status_code, application.state) == (302, ApplicationState.SUBMITTED)
    told = Notification.objects.filter(event="application.submitted", link__endswith=f"/{application.pk}/")
    assert told.count() == recommender_accounts + 1  # each recommender account and the applicant's receipt
    return [q["sql"][:90] for q in real_queries(captured)]


def test_submit_stays_within_the_ceiling_and_does_not_grow():
    alone = _submit_queries(CycleFactory(), others=0, recommender_accounts=1)
    crowded = _submit_queries(CycleFactory(), others=4, recommender_accounts=3)

    assert len(alone) <= SUBMIT_CEILING, alone
    assert len(crowded) == len(alone), crowded
