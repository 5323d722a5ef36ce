"""Issue 13 in Debian's chromium: a service's refusal on a form page stands on the form, above the fields the user
filled in (the office moves the scoring deadlines of a closed cycle; Art. 11 keeps it read-only)."""
from playwright.sync_api import expect

from accounts.models import Role
from award.models import CycleStage
from tests.factories.accounts import UserFactory
from tests.factories.review import make_cycle

from .conftest import ARTIFACTS
from .test_document_review import login


def test_a_refusal_on_a_form_page_is_shown_on_the_form(page, live_server, transactional_db):
    office = UserFactory(role=Role.OFFICE)
    cycle = make_cycle(stage=CycleStage.CLOSED)

    login(page, live_server, office.username)
    page.goto(f"{live_server.url}/review/office/deadlines/?cycle={cycle.number}")
    page.fill("input[name=document_scoring_deadline]", "2026-07-01")
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    errors = page.locator("form .form-errors")
    expect(errors).to_contain_text("本届评审工作已结束并归档,不能再修改。")
    expect(page.locator("input[name=document_scoring_deadline]")).to_have_value("2026-07-01")  # what was typed stays
    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1400, 375):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(ARTIFACTS / f"form-refusal-{width}.png"), full_page=True)
