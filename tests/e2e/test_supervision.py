"""Browser: a supervisor handles a public complaint to an outcome; the office revokes an award and the public
verification page then shows its certificate revoked (Art. 11, 24)."""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from award.models import Certificate
from supervision import services
from tests.factories.accounts import PASSWORD, OfficeUserFactory
from tests.factories.award import CycleFactory, award_for
from tests.factories.supervision import appointed_group, supervisors


def _login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()


# The seeded scoring standards (a data migration) must survive the flush between transactional tests.
@pytest.mark.django_db(transaction=True)
def test_supervisor_handles_complaint_to_outcome(page, live_server):
    office = OfficeUserFactory()
    cycle = CycleFactory()
    supervisor = supervisors(1)[0]
    appointed_group(cycle=cycle, office=office, users=[supervisor])

    page.goto(f"{live_server.url}/supervision/complaints/new/")
    page.select_option("#id_category", "advertising")
    page.fill("#id_subject", "滨州某食品有限公司")
    page.fill("#id_description", "产品包装印有市长质量奖字样。")
    page.fill("#id_complainant_name", "王先生")
    page.fill("#id_complainant_contact", "13800000000")
    page.get_by_role("button", name="提交投诉举报").click()
    code = page.locator("#tracking-code").inner_text()

    _login(page, live_server.url, supervisor)
    page.goto(f"{live_server.url}/supervision/complaints/")
    page.get_by_role("link", name=code).click()
    page.fill("#id_deadline", (timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="受理并开始调查").click()
    page.fill("#id_findings", "经现场核查,包装确有该字样。")
    page.select_option("#id_outcome", "substantiated")
    page.fill("#id_public_reply", "情况属实,已责令整改。")
    page.get_by_role("button", name="办结").click()

    page.goto(f"{live_server.url}/supervision/complaints/track/?code={code}")
    expect(page.locator("#complaint-state")).to_have_text("已办结")
    expect(page.locator("#complaint-outcome")).to_have_text("情况属实")


@pytest.mark.django_db(transaction=True)
def test_office_revokes_award_and_certificate_shows_revoked(page, live_server):
    office = OfficeUserFactory()
    award = award_for()
    Certificate.objects.create(award=award, number="BZ-E2E-0001", state="rendered")
    case = services.revocation_open(award=award, source="media", ground="org-08", source_detail="滨州日报", by=office)
    services.revocation_investigate(case=case, findings="查证属实", substantiated=True, by=office)
    services.revocation_propose(case=case, propose=True, meeting="领导小组会议", proposal_date=timezone.localdate(),
                                by=office)

    _login(page, live_server.url, office)
    page.goto(f"{live_server.url}/supervision/revocations/{case.pk}/")
    today = timezone.localdate().isoformat()
    page.fill("#id_decision_date", today)
    page.fill("#id_notice_starts_on", today)
    page.fill("#id_reference", "滨政字〔2025〕9号")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="登记撤销决定").click()
    expect(page.get_by_text("撤销决定已登记,撤销公告已发布。")).to_be_visible()

    page.goto(f"{live_server.url}/verify/?number=BZ-E2E-0001")
    expect(page.get_by_text("已撤销").first).to_be_visible()
    award.refresh_from_db()
    assert award.revocation_reference == "滨政字〔2025〕9号"
    assert award.application.notice_entries.filter(notice__kind="revocation").count() == 1
