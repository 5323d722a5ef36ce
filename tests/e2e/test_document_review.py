"""Document review in Debian's chromium (Art. 12, 19(三), 20, 26): an expert signs the pledge, scores every item
of an application, submits, and the office sees the result cross the bar exactly (500 + 500 + 650) / 3 = 550."""
import re

from playwright.sync_api import expect

from accounts.models import Role
from award.models import StandardCategory, StandardItem
from review.models import Assignment
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.review import activate, make_application, make_cycle, make_panel, pledge, submit_scores


def login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_expert_scores_and_office_sees_result_cross_the_bar(page, live_server, transactional_db):
    office = UserFactory(role=Role.OFFICE)
    cycle = make_cycle()
    application = make_application(cycle, name="滨州黄河精密铸造有限公司")
    _, experts = make_panel(cycle, size=3)
    assignments = [activate(Assignment.objects.create(application=application, expert=e, created_by=office))
                   for e in experts]
    pledge(cycle, experts[1], experts[2])
    for assignment in assignments[1:]:
        submit_scores(assignment, 50)  # 500 each: the result stands at 500, below the bar
    page.on("dialog", lambda dialog: dialog.accept())

    # Art. 26: the pledge comes before anything else
    login(page, live_server, experts[0].username)
    page.goto(f"{live_server.url}/review/expert/")
    expect(page.locator("h1")).to_have_text("保密与回避承诺")
    page.check("input[name=agree]")
    page.fill("input[name=signed_name]", "刘建国")
    page.click("main button[type=submit]")

    page.get_by_role("link", name="评分").click()
    expect(page.locator("h1")).to_contain_text("滨州黄河精密铸造有限公司")
    items = StandardItem.objects.filter(category__standard=application.standard)
    for item in items:
        page.fill(f"input[name=item_{item.pk}]", "65")
    for category in StandardCategory.objects.filter(standard=application.standard):
        page.fill(f"textarea[name=strengths_{category.pk}]", f"{category.name}:方法系统,展开充分")
        page.fill(f"textarea[name=improvements_{category.pk}]", f"{category.name}:对标分析不足")
    page.click("button[value=save]")
    expect(page.locator("[data-total]")).to_have_text("650.00")
    page.click("button[value=submit]")
    expect(page.locator(".badge[data-state=submitted]")).to_be_visible()
    page.context.clear_cookies()

    # Art. 20: 550.00 of 1000 is at the bar, so it passes
    login(page, live_server, office.username)
    page.goto(f"{live_server.url}/review/office/")
    row = page.locator(f"tr[data-application='{application.pk}']")
    expect(row.locator("[data-result]")).to_contain_text("550.00")
    expect(row.locator("[data-verdict]")).to_have_text(re.compile("达到分数线"))
    assert items.count() == 23
