"""Issue 9 point 6 in Debian's chromium (SPEC §7, Art. 12, 26): two experts who submitted post in the application's
thread, each under the label every viewer sees (专家A, 专家B), no expert's name reaches another expert, the
applicant is kept out, and the agency opens a consensus round on an application whose spread is below the
threshold. Screenshots at 1400 px and 375 px go to test-artifacts/."""
import pytest
from playwright.sync_api import expect

from accounts.models import AuditEntry, Role
from review.models import Assignment, DiscussionPost, DocumentResult
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_document_review import login
from tests.e2e.test_phone_layout import WIDE_ELEMENTS
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

NAMES = ("王组长甲", "钱专家乙", "孙专家丙")


@pytest.fixture
def panel_thread(transactional_db):
    """experts[0] leads the panel; experts 1 and 2 (专家A, 专家B) submitted 60 % and 65 %: a spread of 50 points,
    below the cycle's threshold, so no consensus round is due."""
    office = UserFactory(role=Role.OFFICE)
    cycle = make_cycle()
    agency = make_agency(cycle, office=office)[1]
    application = make_application(cycle, name="滨州黄河精密铸造有限公司")
    _, experts = make_panel(cycle, size=3)
    for expert, name in zip(experts, NAMES, strict=True):
        expert.full_name = name
        expert.save(update_fields=["full_name"])
    pledge(cycle, *experts)
    for expert, pct in ((experts[1], 60), (experts[2], 65)):
        submit_scores(activate(Assignment.objects.create(application=application, expert=expert, created_by=office)),
                      pct)
    return {"application": application, "leader": experts[0], "a": experts[1], "b": experts[2], "agency": agency}


def _discussion(page, live_server, user, application):
    page.context.clear_cookies()
    login(page, live_server, user.username)
    page.goto(f"{live_server.url}/review/applications/{application.pk}/discussion/")
    expect(page.locator("h1")).to_contain_text("评审讨论")


def _post(page, text):
    page.fill("textarea[name=body]", text)
    page.get_by_role("button", name="发布留言").click()
    expect(page.locator(".thread")).to_contain_text(text)


def _names_shown(page, *users):
    body = page.locator("main").inner_text()
    return [u.full_name for u in users if u.full_name in body]


def test_two_experts_discuss_under_labels_and_the_agency_opens_a_consensus_round(page, live_server, panel_thread):
    t, application = panel_thread, panel_thread["application"]
    page.set_viewport_size({"width": 1400, "height": 900})

    # SPEC §7: 专家A posts; the side-by-side table and the thread carry labels, not names
    _discussion(page, live_server, t["a"], application)
    _post(page, "4.5 过程管理:过程绩效指标只有两年数据,建议下调至 55%。")
    posts = page.locator(".thread-post")
    expect(posts.nth(0).locator(".thread-meta strong")).to_have_text("专家A")
    expect(page.locator(".peer-table thead")).to_contain_text("专家A")
    expect(page.locator(".peer-table thead")).to_contain_text("专家B")
    assert _names_shown(page, t["leader"], t["b"]) == []

    # 专家B answers and sees 专家A's post under the same label
    _discussion(page, live_server, t["b"], application)
    expect(posts.nth(0).locator(".thread-meta strong")).to_have_text("专家A")
    _post(page, "同意。现场评审时请核实 2023 年的过程有效性数据。")
    expect(posts.nth(1).locator(".thread-meta strong")).to_have_text("专家B")
    assert _names_shown(page, t["leader"], t["a"]) == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "discussion-1400.png"), full_page=True)

    # the panel leader reads both under the same labels, still without names
    _discussion(page, live_server, t["leader"], application)
    expect(posts.nth(0).locator(".thread-meta strong")).to_have_text("专家A")
    expect(posts.nth(1).locator(".thread-meta strong")).to_have_text("专家B")
    assert _names_shown(page, t["a"], t["b"]) == []

    # Art. 12, 26: hidden from the applicant
    page.context.clear_cookies()
    login(page, live_server, application.applicant.username)
    response = page.goto(f"{live_server.url}/review/applications/{application.pk}/discussion/")
    assert response.status == 403
    expect(page.locator("main")).not_to_contain_text("过程绩效指标")

    # SPEC §7: the agency opens a consensus round although the spread is below the threshold
    _discussion(page, live_server, t["agency"], application)
    expect(posts.nth(0).locator(".thread-meta strong")).to_have_text("专家A")
    expect(page.locator("#consensus-title")).to_be_visible()
    page.fill("input[name=reason]", "专家对过程管理类目的评分理由不一致,需合议。")
    page.get_by_role("button", name="发起共识评分").click()
    expect(page.locator("h1")).to_contain_text("发起共识评分")  # the signed confirmation page
    page.get_by_role("button", name="确认发起共识评分").click()
    expect(page.locator("main")).to_contain_text("专家对过程管理类目的评分理由不一致,需合议。")
    expect(page.get_by_role("button", name="发起共识评分")).to_have_count(0)

    result = DocumentResult.objects.get(application=application)
    assert (result.consensus_open, result.spread_flagged) == (True, False)
    assert DiscussionPost.objects.filter(application=application).count() == 2
    assert AuditEntry.objects.filter(action="review.discussion_posted", application_id=application.pk).count() == 2

    # the leader now records the consensus scores from the same page
    _discussion(page, live_server, t["leader"], application)
    expect(page.get_by_role("link", name="逐条记录共识评分")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "discussion-leader-1400.png"), full_page=True)


def test_the_discussion_fits_a_phone(browser, live_server, panel_thread):
    t, application = panel_thread, panel_thread["application"]
    DiscussionPost.objects.create(application=application, author=t["a"],
                                  body="4.5 过程管理:过程绩效指标只有两年数据,建议下调至 55%。")
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True)
    page = context.new_page()
    try:
        _discussion(page, live_server, t["b"], application)
        assert page.evaluate(WIDE_ELEMENTS) == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "discussion-375.png"), full_page=True)
        # the item column stays in view while the experts' columns scroll sideways
        table = page.locator(".peer-table").locator("xpath=..")
        table.scroll_into_view_if_needed()
        table.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        expect(page.locator(".peer-table tbody th").first).to_be_in_viewport()
        page.screenshot(path=str(ARTIFACTS / "discussion-375-table.png"))
        # the thread is one tap away, not below 23 rows of scores
        page.get_by_role("link", name="讨论(1 条)").click()
        expect(page.locator(".thread-post").first).to_be_in_viewport()
    finally:
        context.close()
