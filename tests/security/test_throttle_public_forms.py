"""Throttle trips of the public forms that count in the cache (issue 11, standing figures): the objection form
and registration, each posted past its per-address limit through the client, added to `throttle_trips`."""
import pytest
from django.urls import reverse

from accounts.http import PUBLIC_POST_LIMIT
from accounts.views import REGISTRATION_POST_LIMIT
from tests.accounts.test_registration import individual_post
from tests.factories.decision import proposed_cycle, publish_proposed_notice

from .figures import accumulate

OVER = 3


@pytest.mark.django_db
def test_objection_and_registration_throttles_trip_past_their_limits(client):
    cycle, office, applications = proposed_cycle(organizations=1, individuals=0)
    notice = publish_proposed_notice(cycle, office)
    objection = reverse("award:objection_create", kwargs={"pk": notice.pk})
    form = {"application": applications[0].pk, "name": "王五", "contact": "13800000000",
            "content": "该单位近三年发生过质量事故,请核查。"}
    statuses = [client.post(objection, form).status_code for _ in range(PUBLIC_POST_LIMIT + OVER)]
    register = reverse("accounts:register_individual")
    statuses += [client.post(register, individual_post(username=f"probe-{n}", password2="x")).status_code
                 for n in range(REGISTRATION_POST_LIMIT + OVER)]
    tried = PUBLIC_POST_LIMIT + REGISTRATION_POST_LIMIT + 2 * OVER
    accumulate(throttle_tried=tried, throttle_trips=statuses.count(429))

    assert statuses.count(429) == 2 * OVER
