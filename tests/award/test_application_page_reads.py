"""The application page reads its own application, not the table (issue 12: a page's cost does not grow with the
number of applications; a per-row query count stays flat even when one query loads every row)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from award.models import ApplicationState
from tests.factories.accounts import OfficeUserFactory
from tests.factories.award import CycleFactory, application_in_state

pytestmark = pytest.mark.django_db


def test_the_application_page_selects_only_the_application_it_shows(client):
    cycle = CycleFactory()
    office = OfficeUserFactory()
    shown, *_ = [application_in_state(ApplicationState.SUBMITTED, cycle=cycle, office=office) for _ in range(3)]
    client.force_login(shown.applicant)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("award:application_detail", kwargs={"pk": shown.pk}))

    assert page.status_code == 200
    whole_table = [q["sql"] for q in queries if 'FROM "award_application"' in q["sql"] and "WHERE" not in q["sql"]]
    assert whole_table == []
