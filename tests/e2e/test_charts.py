"""Issue 10 point 8 in chromium: the office's cycle charts and the applicant's feedback chart fit a 375 px phone
and a 1400 px desktop; screenshots go to test-artifacts/."""
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import District, Role, Sector
from award.models import ApplicationState
from review.models import Assignment
from tests.confirming import post_confirmed
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_phone_layout import WIDE_ELEMENTS
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.award import ApplicationFactory
from tests.factories.review import activate, make_application, make_cycle, make_panel, pledge, submit_scores


def _login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/dashboard/**")


@pytest.fixture
def reviewed(transactional_db, client):
    office = UserFactory(role=Role.OFFICE)
    cycle = make_cycle()
    _, experts = make_panel(cycle, size=3)
    pledge(cycle, *experts)
    applications = [make_application(cycle) for _ in range(4)]
    for application, pct in zip(applications, (45, 60, 70, 85), strict=True):
        for expert in experts:
            assignment = activate(Assignment.objects.create(application=application, expert=expert, created_by=office))
            submit_scores(assignment, pct)
    for district, sector in ((District.ZOUPING, Sector.PRIMARY), (District.BEIHAI, Sector.TERTIARY)):
        ApplicationFactory(cycle=cycle, organization__district=district, sector=sector, document_score=Decimal("512"),
                           state=ApplicationState.NOT_QUALIFIED)
    client.force_login(office)
    post_confirmed(client, reverse("review:shortlist_confirm"))
    return office, cycle, applications[0]


@pytest.mark.parametrize("width", [1400, 375], ids=["desktop", "phone"])
def test_charts_fit_and_show(browser, live_server, reviewed, width):
    office, cycle, applicant_application = reviewed
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, is_mobile=width < 500)
    page = context.new_page()
    base = live_server.url
    _login(page, base, office)
    page.goto(base + reverse("award:cycle_manage", kwargs={"pk": cycle.pk}))
    assert page.locator("figure.chart svg").count() == 3
    assert page.evaluate(WIDE_ELEMENTS) == []
    page.locator("#figures-title").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#figures-title").locator("xpath=..").screenshot(path=str(ARTIFACTS / f"charts-cycle-{width}.png"))
    page.click("form.logout button")

    _login(page, base, applicant_application.applicant)
    page.goto(base + reverse("review:feedback", kwargs={"pk": applicant_application.pk}))
    assert page.locator("figure.chart svg").count() == 1
    assert page.evaluate(WIDE_ELEMENTS) == []
    page.locator("#chart-title").locator("xpath=..").screenshot(path=str(ARTIFACTS / f"charts-feedback-{width}.png"))
    context.close()
