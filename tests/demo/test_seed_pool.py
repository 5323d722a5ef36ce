"""Issue 9 in the demo: the agency's pool shows a bid, a detected conflict, an overdue expert and a discussion."""
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from award.models import Application, Cycle
from review.models import Assignment, Bid, Conflict, ConflictSource, DiscussionPost


@pytest.fixture
def demo(db, mailoutbox):
    call_command("seed_demo", stdout=io.StringIO())
    return Cycle.objects.get(number=8)


def test_the_agency_sees_a_bid_in_the_proposals_reasons(client, demo):
    assert Bid.objects.filter(application__cycle=demo).count() == 2
    client.force_login(User.objects.get(username="agency"))

    html = client.get(reverse("review:agency_dashboard")).content.decode()

    assert "意愿:非常愿意" in html


def test_the_conflict_matrix_shows_a_detected_conflict(client, demo):
    assert Conflict.objects.filter(application__cycle=demo, source=ConflictSource.DETECTED).exists()
    client.force_login(User.objects.get(username="agency"))

    response = client.get(reverse("review:conflict_matrix"), {"sector": "secondary"})

    assert response.status_code == 200 and "conflict-detected" in response.content.decode()


def test_some_experts_are_overdue(demo):
    assert demo.document_scoring_deadline < timezone.localdate()
    overdue = Assignment.objects.filter(application__cycle=demo, state="active").exclude(
        scorecard__state="submitted")
    assert overdue.exists()


def test_the_discussion_thread_is_there_for_the_agency_and_the_panel(client, demo):
    application = Application.objects.get(cycle=demo, applicant__username="org_service")
    assert DiscussionPost.objects.filter(application=application).count() == 4
    for username in ("agency", "expert9"):
        client.force_login(User.objects.get(username=username))
        html = client.get(reverse("review:discussion", kwargs={"pk": application.pk})).content.decode()
        assert "信息化投入的证据很充分" in html and "专家A" in html, username
    client.force_login(User.objects.get(username="org_service"))
    assert client.get(reverse("review:discussion", kwargs={"pk": application.pk})).status_code == 403
