"""Batch qualification review in Debian's chromium (issue 10 point 6; Art. 19(二)): the office ticks three
applications on the list, rules on every criterion once, reads the confirmation listing them, confirms, and each
application is qualified with its own record."""
from playwright.sync_api import expect

from award.models import ApplicationState, QualificationReview
from tests.factories.accounts import OfficeUserFactory
from tests.factories.award import CycleFactory, application_in_state

from .conftest import ARTIFACTS
from .test_document_review import login


def test_office_qualifies_three_applications_in_one_batch(page, live_server, transactional_db):
    office = OfficeUserFactory()
    cycle = CycleFactory()
    applications = [application_in_state("endorsed", cycle=cycle, office=office) for _ in range(3)]
    left_out = application_in_state("endorsed", cycle=cycle, office=office)
    ARTIFACTS.mkdir(exist_ok=True)

    login(page, live_server, office.username)
    page.goto(f"{live_server.url}/office/cycles/{cycle.pk}/")
    page.get_by_role("link", name="批量资格审查").click()
    for application in applications:
        page.get_by_label(f"选择 {application.applicant_name}").check()
    page.screenshot(path=str(ARTIFACTS / "qualification-batch-select.png"), full_page=True)
    page.get_by_role("button", name="下一步:逐项认定").click()

    expect(page.locator("h1")).to_contain_text("3份申报")
    # Judged criteria start undecided: nothing is checked until the office chooses.
    expect(page.locator("input[name=c_materials]:checked")).to_have_count(0)
    for radio in page.locator("input[type=radio][name^=c_][value=pass]").all():
        radio.check()
    page.locator("input[name=decision][value=pass]").check()
    page.fill("textarea[name=reasons]", "经逐项审查,三家申报单位均符合第十五条规定的申报条件。")
    page.screenshot(path=str(ARTIFACTS / "qualification-batch-form.png"), full_page=True)
    page.get_by_role("button", name="核对结论").click()

    card = page.locator(".confirm-card")
    for application in applications:
        expect(card).to_contain_text(application.applicant_name)
    expect(card).not_to_contain_text(left_out.applicant_name)
    expect(card).to_contain_text("不能撤销")
    page.screenshot(path=str(ARTIFACTS / "qualification-batch-confirm.png"), full_page=True)
    page.get_by_role("button", name="确认并通知各申报人").click()

    expect(page.locator(".messages, [role=status], .alert").first).to_contain_text("3 份申报")
    for application in applications:
        application.refresh_from_db()
        assert application.state == ApplicationState.QUALIFIED
    assert QualificationReview.objects.count() == 3
    left_out.refresh_from_db()
    assert left_out.state == ApplicationState.ENDORSED
