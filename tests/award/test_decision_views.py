"""The office takes a cycle from site-review results to published winners through the pages (SPEC §9–10)."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from award.models import ApplicationState, CertificateState, CycleStage, Notice, NoticeKind
from tests.confirming import post_confirmed
from tests.factories.accounts import OfficeUserFactory
from tests.factories.award import pdf_upload
from tests.factories.decision import application_at_site_review, decision_cycle, set_stage

pytestmark = pytest.mark.django_db


def test_office_runs_the_decision_stage_through_the_pages(client, django_capture_on_commit_callbacks):
    office = OfficeUserFactory()
    cycle = set_stage(decision_cycle(), CycleStage.COMPREHENSIVE_REVIEW)
    winner = application_at_site_review(cycle, office=office, site="900")
    runner_up = application_at_site_review(cycle, office=office, site="600")
    client.force_login(office)

    # Comprehensive review: propose one, leave a nomination place vacant with a reason (Art. 6)
    client.post(reverse("award:proposal_create", kwargs={"pk": cycle.pk}),
                {"application": winner.pk, "award_kind": "organization"})
    client.post(reverse("award:proposal_vacancy", kwargs={"pk": cycle.pk}),
                {"award_kind": "nomination", "reason": "无达到条件的组织"})
    proposal = winner.__class__.objects.get(pk=winner.pk).proposal

    # Deliberation (Art. 8(三))
    response = client.post(reverse("award:deliberation_record", kwargs={"pk": cycle.pk}), {
        "meeting_name": "领导小组2026年第2次会议", "held_on": timezone.localdate().isoformat(),
        "members_present": "组长甲、副组长乙", f"d_{proposal.pk}": "agree", f"r_{proposal.pk}": "",
    })
    assert response.status_code == 302
    post_confirmed(client, reverse("award:cycle_advance", kwargs={"pk": cycle.pk}))
    cycle.refresh_from_db()
    assert cycle.stage == CycleStage.PUBLIC_NOTICE

    # Public notice (Art. 19(六)), published today
    response = post_confirmed(client, reverse("award:proposed_notice_create", kwargs={"pk": cycle.pk}), {
        "title": "拟奖励名单公示", "body": "现予公示。", "starts_on": timezone.localdate().isoformat(),
    })
    notice = Notice.objects.get(cycle=cycle, kind=NoticeKind.PROPOSED_AWARDS)
    assert response.status_code == 302
    assert list(notice.entries.values_list("application_id", flat=True)) == [winner.pk]

    # The window ends (moved into the past here), then approval (Art. 19(七)) and the awards (Art. 19(八))
    start = timezone.localdate() - datetime.timedelta(days=20)
    Notice.objects.filter(pk=notice.pk).update(starts_on=start, ends_on=start + datetime.timedelta(days=7))
    post_confirmed(client, reverse("award:cycle_advance", kwargs={"pk": cycle.pk}))
    response = client.post(reverse("award:approval_record", kwargs={"pk": cycle.pk}), {
        "body": "standing_meeting", "decided_on": (start + datetime.timedelta(days=10)).isoformat(),
        "document_number": "滨政字〔2026〕30号", "scan": pdf_upload("批准.pdf"), "confirmed": "on",
    })
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        post_confirmed(client, reverse("award:awards_grant", kwargs={"pk": cycle.pk}))

    cycle.refresh_from_db()
    winner.refresh_from_db()
    runner_up.refresh_from_db()
    assert (cycle.stage, winner.state, runner_up.state) == (
        CycleStage.AWARDED, ApplicationState.AWARDED, ApplicationState.NOT_AWARDED)
    assert winner.award.certificate.state == CertificateState.RENDERED
    page = client.get(reverse("award:cycle_awards", kwargs={"pk": cycle.pk})).content.decode()
    assert winner.award.certificate.number in page
    assert reverse("award:certificate_download", kwargs={"pk": winner.award.certificate.pk}) in page


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_comprehensive_review_page_queries_do_not_grow_with_the_list(client):
    office = OfficeUserFactory()
    cycle = set_stage(decision_cycle(), CycleStage.COMPREHENSIVE_REVIEW)
    application_at_site_review(cycle, office=office)
    client.force_login(office)
    url = reverse("award:comprehensive_review", kwargs={"pk": cycle.pk})
    small = _count_queries(client, url)
    for _ in range(3):
        application_at_site_review(cycle, office=office)
        application_at_site_review(cycle, kind="individual", office=office)

    large = _count_queries(client, url)

    assert large == small


@pytest.mark.parametrize(
    ("stage", "url_name"),
    [("comprehensive_review", "award:comprehensive_review"), ("approval", "award:approval_record"),
     ("awarded", "award:cycle_awards")],
    ids=["comprehensive-review", "approval", "awarded"],
)
def test_office_dashboard_points_to_the_decision_stage_page(client, stage, url_name):
    office = OfficeUserFactory()
    cycle = set_stage(decision_cycle(), stage)
    client.force_login(office)

    response = client.get(reverse("award:dashboard"))

    assert reverse(url_name, kwargs={"pk": cycle.pk}) in response.content.decode()
