"""Issue 9 point 4 in Debian's chromium: the agency sees who is overdue and reminds them with one click; the
expert finds the reminder in the inbox and the deadline on the task list. A screenshot goes to test-artifacts/."""
import datetime

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Notification, Role
from award.models import CycleStage
from review.models import Assignment
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_document_review import login
from tests.factories.accounts import UserFactory
from tests.factories.review import (
    activate,
    make_agency,
    make_application,
    make_cycle,
    make_panel,
    pledge,
    submit_scores,
)


def test_agency_reminds_the_overdue_expert_once(page, live_server, transactional_db):
    office = UserFactory(role=Role.OFFICE)
    cycle = make_cycle(stage=CycleStage.DOCUMENT_REVIEW,
                       document_scoring_deadline=timezone.localdate() - datetime.timedelta(days=2))
    _, agency = make_agency(cycle, office=office)
    _, (done, late) = make_panel(cycle, size=2)
    pledge(cycle, done, late)
    for name in ("滨州黄河精密铸造有限公司", "博兴县绿源食品有限公司"):
        app = make_application(cycle, name=name)
        submit_scores(activate(Assignment.objects.create(application=app, expert=done, created_by=office)), 70)
        activate(Assignment.objects.create(application=app, expert=late, created_by=office))

    login(page, live_server, agency.username)
    page.goto(f"{live_server.url}/review/agency/")
    page.get_by_role("link", name="专家评分进度").click()
    row = page.locator(f"tr[data-expert='{late.pk}']")
    expect(row.locator("[data-status]")).to_contain_text("逾期")
    expect(page.locator(f"tr[data-expert='{done.pk}'] [data-status]")).to_contain_text("已全部提交")
    row.get_by_role("button", name="提醒").click()
    expect(page.locator(".messages")).to_contain_text("已提醒")
    page.get_by_role("button", name="提醒全部逾期专家").click()
    expect(page.locator(".messages")).to_contain_text("今天已提醒过")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "expert-progress.png"))
    assert Notification.objects.filter(event="reminder.scoring", recipient=late).count() == 1
    page.context.clear_cookies()

    login(page, live_server, late.username)
    page.goto(f"{live_server.url}/review/expert/")
    expect(page.locator("[data-deadline]").first).to_contain_text("已逾期")
    page.goto(f"{live_server.url}/accounts/inbox/")
    expect(page.locator("main")).to_contain_text("评审机构提醒")
