"""Art. 26 in Debian's chromium: an expert who has not signed the cycle's pledge types an assigned application's
address, is refused, reads why (the pledge is missing) and follows the page's link to the pledge."""
from playwright.sync_api import expect

from accounts.models import AuditEntry, Role
from award.models import CycleStage
from review.models import Assignment
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.review import activate, make_application, make_cycle, make_panel

from .conftest import ARTIFACTS


def test_unpledged_expert_typing_an_application_url_sees_the_pledge_reason(page, live_server, transactional_db):
    office = UserFactory(role=Role.OFFICE)
    cycle = make_cycle(stage=CycleStage.DOCUMENT_REVIEW)
    application = make_application(cycle, name="滨州黄河精密铸造有限公司")
    _, experts = make_panel(cycle, size=1)
    expert = experts[0]
    activate(Assignment.objects.create(application=application, expert=expert, created_by=office))

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", expert.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    response = page.goto(f"{live_server.url}/applications/{application.pk}/")

    reason = page.get_by_test_id("denied-reason")
    assert response.status == 403
    expect(reason).to_contain_text("您尚未签署本届评审的保密与回避承诺")
    expect(page.get_by_text("滨州黄河精密铸造有限公司")).to_have_count(0)  # nothing of the application shows
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "denied-reason-pledge.png"), full_page=True)
    assert AuditEntry.objects.filter(actor=expert, action="access.denied", application_id=application.pk).exists()

    reason.get_by_role("link", name="签署保密与回避承诺").click()
    expect(page.locator("h1")).to_have_text("保密与回避承诺")
