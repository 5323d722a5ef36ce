"""Issue 12 in chromium: the office's cycle page lists applications a page at a time with its county filter, and
the qualified-list notice form shows the list a page at a time, on a desktop and a 375 px phone; screenshots go to
test-artifacts/."""
import pytest
from django.urls import reverse

from accounts.models import District
from award.models import CycleStage
from award.views import office as office_views
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_charts import _login
from tests.e2e.test_phone_layout import WIDE_ELEMENTS
from tests.factories.accounts import OfficeUserFactory, OrganizationFactory
from tests.factories.award import CycleFactory, application_in_state


@pytest.mark.parametrize("width", [1400, 375], ids=["desktop", "phone"])
def test_office_lists_page_and_filter(browser, live_server, transactional_db, monkeypatch, width):
    monkeypatch.setattr(office_views, "OFFICE_PAGE_SIZE", 2)
    cycle, office = CycleFactory(), OfficeUserFactory()
    for _ in range(2):
        application_in_state("qualified", cycle=cycle, office=office)
    zouping = OrganizationFactory(with_certification=True, district=District.ZOUPING)
    wanted = application_in_state("qualified", cycle=cycle, office=office, applicant_profile=zouping)
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900}, is_mobile=width < 500)
    page = context.new_page()
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    _login(page, base, office)

    page.goto(base + reverse("award:cycle_manage", kwargs={"pk": cycle.pk}))
    assert page.get_by_text("第 1 / 2 页").is_visible()
    assert page.evaluate(WIDE_ELEMENTS) == []
    page.locator("form.filters").locator("xpath=..").screenshot(path=str(ARTIFACTS / f"office-cycle-list-{width}.png"))
    page.get_by_role("link", name="下一页").click()
    assert page.get_by_text("第 2 / 2 页").is_visible()
    page.select_option("#f-district", District.ZOUPING)
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("form.filters ~ .table-wrap tbody tr")
    assert rows.count() == 1 and wanted.reference in rows.inner_text()

    cycle.stage = CycleStage.QUALIFICATION
    cycle.save()
    page.goto(base + reverse("award:notice_create", kwargs={"pk": cycle.pk}))
    assert page.get_by_role("heading", name="名单(共 3 项)").is_visible()
    assert page.get_by_text("组织奖 3 项").is_visible()
    assert page.locator("main form input[type=checkbox]").count() == 0
    assert page.evaluate(WIDE_ELEMENTS) == []
    page.screenshot(path=str(ARTIFACTS / f"notice-form-{width}.png"), full_page=True)
    context.close()
