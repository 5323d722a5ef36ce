"""Issue 9 point 5 in Debian's chromium: one application's 23 items scored from the keyboard alone in at most 30
actions, the draft saved without losing focus, and a refused value explained next to its field (with and without
JavaScript). Screenshots of the page at 1400 px and 375 px go to test-artifacts/.

How the test counts. Every key pressed and every click is recorded (`Counted`: keystrokes, clicks, scrolls); none of
them is hidden in a helper, and the test never clicks, scrolls or focuses on the user's behalf. The issue's bound
is in *actions*, and the issue fixes that unit by its own baseline ("scoring one organization takes about 63
actions" on the old page: a click into each of 23 fields, the value typed, the scrolling and the save — 63 only
adds up when a typed value is one action; counted in keystrokes the same path is about 90). So one action is: a
value typed into a field ("65", with its keystrokes), one other key (Space, Enter, Tab, an arrow), one click, one
scroll. The keystrokes are asserted too, exactly, so a page that needed more of them would fail: 23 values of two
or three digits cannot take fewer than 47 digit keys on any page that lets the expert type the percentage (the
issue wants "63" refused beside its field, so digits must stay digits), plus one Space and one Enter.
Signing in and opening the page are not counted; the page opens with the first unscored item focused.
"""
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from award.models import Evidence, SelfAssessment, StandardCategory, StandardItem, YearFigure
from review.models import Assignment, ItemScore
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_document_review import login
from tests.e2e.test_phone_layout import WIDE_ELEMENTS
from tests.factories.accounts import UserFactory
from tests.factories.review import activate, card_for, make_application, make_cycle, make_panel, pledge

# 23 values: most complete themselves ("65" cannot grow into another 5 % step), "100" after three digits, and one
# "10" that could still become "100", so Space confirms it and moves on (one action more).
VALUES = ["65", "70", "80", "55", "90", "45", "60", "75", "85", "50", "10", "35",
          "40", "95", "100", "65", "70", "60", "55", "50", "45", "80", "75"]


class Counted:
    """The keyboard and the mouse, counting actions in the issue's unit and every keystroke and click."""

    def __init__(self, page):
        self.page, self.actions, self.keystrokes, self.clicks = page, 0, 0, 0

    def type(self, text):
        """One value typed into the focused field: one action, as many keystrokes as characters."""
        self.page.keyboard.type(text)
        self.actions += 1
        self.keystrokes += len(text)

    def press(self, key):
        self.page.keyboard.press(key)
        self.actions += 1
        self.keystrokes += 1

    def click(self, locator):
        locator.click()
        self.actions += 1
        self.clicks += 1


@pytest.fixture
def scoring(transactional_db):
    office = UserFactory(role=Role.OFFICE)
    cycle = make_cycle()
    application = make_application(cycle, name="滨州黄河精密铸造有限公司")
    _, experts = make_panel(cycle, size=1)
    pledge(cycle, *experts)
    assignment = activate(Assignment.objects.create(application=application, expert=experts[0], created_by=office))
    for category in StandardCategory.objects.filter(standard=application.standard):
        SelfAssessment.objects.create(application=application, category=category, claimed_points=category.points * 7 // 10,
                                      text=f"{category.name}:建立了覆盖全公司的管理体系,三年来持续改进。")
    Evidence.objects.create(application=application, kind="quality", description="近三年质量指标统计",
                            file="evidence/x", original_name="质量指标证明.pdf", content_type="application/pdf",
                            size=1024, sha256="0" * 64, uploaded_by=application.applicant)
    for year, revenue in ((2023, 52000), (2024, 58600), (2025, 63100)):
        YearFigure.objects.create(application=application, year=year, revenue=revenue, profit=revenue // 12,
                                  tax=revenue // 20)
    return assignment


def _open(page, live_server, assignment):
    login(page, live_server, assignment.expert.username)
    page.goto(f"{live_server.url}/review/expert/assignments/{assignment.pk}/score/")
    expect(page.locator("h1")).to_contain_text("滨州黄河精密铸造有限公司")


def test_23_items_scored_with_the_keyboard_in_at_most_30_actions(page, live_server, scoring):
    items = list(StandardItem.objects.filter(category__standard=scoring.application.standard)
                 .order_by("category__position", "position"))
    assert len(items) == len(VALUES) == 23
    page.set_viewport_size({"width": 1400, "height": 900})
    _open(page, live_server, scoring)
    keyboard = Counted(page)
    focused = "document.activeElement && document.activeElement.name"
    assert page.evaluate(focused) == f"item_{items[0].pk}"  # the keyboard starts at the first item

    for item, value in zip(items, VALUES, strict=True):
        assert page.evaluate(focused) == f"item_{item.pk}"
        keyboard.type(value)
        if value == "10":
            keyboard.press("Space")  # "10" may still become "100": Space confirms it
    keyboard.press("Enter")  # saves the draft where the focus is

    expect(page.locator("[data-save-status]")).to_contain_text("草稿已保存")
    expected = sum(Decimal(i.points) * Decimal(v) / 100 for i, v in zip(items, VALUES, strict=True))
    card = card_for(scoring)
    assert page.evaluate(focused) == f"item_{items[-1].pk}"  # the save kept the focus
    assert ItemScore.objects.filter(scorecard=card).count() == 23
    card.refresh_from_db()
    assert card.total == expected
    expect(page.locator("[data-total]")).to_have_text(f"{expected:.2f}")
    print(f"\n23 items: {keyboard.actions} actions, {keyboard.keystrokes} keystrokes, {keyboard.clicks} clicks")
    assert keyboard.actions <= 30  # issue 9 point 5
    # 23 actions typing values, one Space and one Enter; 47 digits + Space + Enter; the mouse never touched
    assert (keyboard.actions, keyboard.keystrokes, keyboard.clicks) == (25, sum(map(len, VALUES)) + 2, 0)
    assert keyboard.keystrokes == 49
    # the running total stays in view at the bottom of the page
    page.keyboard.press("End")
    expect(page.locator("[data-score-bar]")).to_be_in_viewport()

    page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "scoring-1400.png"))
    page.locator(f"#category-{items[-1].category_id}").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "scoring-1400-results.png"))


def test_a_bad_value_is_refused_beside_its_field(page, live_server, scoring):
    items = list(StandardItem.objects.filter(category__standard=scoring.application.standard)
                 .order_by("category__position", "position"))
    _open(page, live_server, scoring)
    first = page.locator(f"input[name=item_{items[0].pk}]")
    row = first.locator("xpath=ancestor::*[@data-score-item]")

    page.keyboard.type("63")
    expect(row.locator("[data-hint-for]")).to_contain_text("5%的整数倍")
    expect(first).to_have_attribute("aria-invalid", "true")
    expect(first).to_be_focused()  # an impossible value does not move on
    page.keyboard.press("Enter")
    expect(page.locator("[data-save-status]")).to_contain_text("请先修改")
    assert not ItemScore.objects.exists()

    first.fill("105")
    expect(row.locator("[data-hint-for]")).to_contain_text("超过了满分")
    first.fill("60")
    expect(row.locator("[data-hint-for]")).to_be_hidden()
    expect(row.locator("[data-item-score]")).to_have_text(f"{Decimal(items[0].points) * Decimal('0.6'):.2f}")


def test_without_javascript_the_server_refuses_beside_the_field(browser, live_server, scoring):
    context = browser.new_context(locale="zh-CN", java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        items = list(StandardItem.objects.filter(category__standard=scoring.application.standard)
                     .order_by("category__position", "position"))
        _open(page, live_server, scoring)
        page.fill(f"input[name=item_{items[0].pk}]", "63")
        page.fill(f"input[name=item_{items[1].pk}]", "70")
        page.click("button[value=save]")

        row = page.locator(f"input[name=item_{items[0].pk}]").locator("xpath=ancestor::*[@data-score-item]")
        expect(row.locator("[data-hint-for]")).to_contain_text("5%的整数倍")
        expect(page.locator(".form-errors")).to_contain_text("草稿未保存")
        assert not ItemScore.objects.exists()  # nothing changes
        expect(page.locator(f"input[name=item_{items[0].pk}]")).to_have_value("63")  # what was typed stays
    finally:
        context.close()


def test_the_scoring_page_fits_a_phone(browser, live_server, scoring):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True)
    page = context.new_page()
    try:
        _open(page, live_server, scoring)
        page.keyboard.type("65")
        assert page.evaluate(WIDE_ELEMENTS) == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "scoring-375.png"))
        page.locator("details[data-material]").first.locator("summary").click()
        page.locator("details[data-band-guide]").first.locator("summary").click()
        assert page.evaluate(WIDE_ELEMENTS) == []
        page.locator("details[data-band-guide]").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "scoring-375-open.png"), full_page=False)
    finally:
        context.close()
