"""Issue 10 point 9: right after `seed_demo`, the office can approve and award 第6届 in one sitting, through the
pages — its proposed-list notice has ended (five working days, Art. 19(六)) and no objection is open."""
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from award.models import ApplicationState, Award, Cycle, CycleStage
from award.selectors import open_objections, proposed_notice
from tests.confirming import post_confirmed
from tests.factories.award import pdf_upload

pytestmark = pytest.mark.django_db


def test_office_approves_and_awards_the_demo_cycle_in_one_sitting(client):
    call_command("seed_demo", stdout=io.StringIO())
    cycle = Cycle.objects.get(number=6)
    notice = proposed_notice(cycle)
    today = timezone.localdate()
    assert cycle.stage == CycleStage.PUBLIC_NOTICE
    assert notice.working_days == 5 and notice.ends_on < today  # Art. 19(六): the window is over
    assert not open_objections(cycle).exists()
    proposed = list(cycle.applications.filter(state=ApplicationState.PROPOSED))
    assert {a.proposal.award_kind for a in proposed} == {"organization", "individual", "nomination"}
    client.force_login(User.objects.get(username="office"))

    post_confirmed(client, reverse("award:cycle_advance", kwargs={"pk": cycle.pk}))
    cycle.refresh_from_db()
    assert cycle.stage == CycleStage.APPROVAL

    response = client.post(reverse("award:approval_record", kwargs={"pk": cycle.pk}), {
        "body": "standing_meeting", "decided_on": today.isoformat(), "document_number": "滨政字〔2026〕30号",
        "scan": pdf_upload("批准文件.pdf"), "confirmed": "on",
    })
    assert response.status_code == 302, response.context["form"].errors if response.context else response

    post_confirmed(client, reverse("award:awards_grant", kwargs={"pk": cycle.pk}))

    awards = Award.objects.filter(cycle=cycle)
    assert awards.count() == len(proposed) == 4
    assert all(hasattr(award, "certificate") for award in awards)


def test_seeding_again_leaves_the_demo_cycle_alone(client):
    call_command("seed_demo", stdout=io.StringIO())
    counts = Cycle.objects.count(), Award.objects.count()

    out = io.StringIO()
    call_command("seed_demo", stdout=out)

    assert (Cycle.objects.count(), Award.objects.count()) == counts
    assert "待批准" not in out.getvalue()
