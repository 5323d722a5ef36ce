"""The correction procedure in Debian's chromium (issue 8; Art. 19(三), 20): after the shortlist, the agency cannot
send a score back; the office opens a correction with its reason and article, confirms it, the agency sends the
score back, the expert rescores, and the office applies the correction: the application moves to site review."""
from playwright.sync_api import expect

from accounts.models import Role
from award.models import ApplicationState, CycleStage
from review import services
from review.models import Assignment, Correction, CorrectionState, Scorecard
from tests.factories.accounts import UserFactory
from tests.factories.review import (
    activate,
    full_comments,
    full_percentages,
    make_agency,
    make_application,
    make_cycle,
    make_panel,
    pledge,
    submit_scores,
)

from .conftest import ARTIFACTS
from .test_document_review import login


def test_office_corrects_a_confirmed_result_through_the_correction_procedure(page, live_server, transactional_db):
    office = UserFactory(role=Role.OFFICE)
    cycle = make_cycle(stage=CycleStage.DOCUMENT_REVIEW)
    _agency, agency_user = make_agency(cycle, office=office)
    application = make_application(cycle, name="滨州渤海新材料有限公司")
    _, experts = make_panel(cycle, size=3)
    pledge(cycle, *experts)
    for expert in experts:
        submit_scores(activate(Assignment.objects.create(application=application, expert=expert, created_by=office)),
                      50)
    services.shortlist_confirm(cycle=cycle, by=office)
    application.refresh_from_db()
    assert application.state == ApplicationState.NOT_SHORTLISTED
    ARTIFACTS.mkdir(exist_ok=True)

    # The office opens the correction from the results page, checks it and confirms it.
    login(page, live_server, office.username)
    page.goto(f"{live_server.url}/review/office/?cycle={cycle.number}")
    page.locator(f"tr[data-application='{application.pk}']").get_by_role("link", name="更正", exact=True).click()
    page.get_by_label("资料评审", exact=True).check()
    page.fill("input[name=article]", "第二十条")
    page.fill("textarea[name=reason]", "监督小组发现一位专家的评分录入错误")
    page.get_by_role("button", name="下一步:核对").click()
    expect(page.locator(".confirm-card")).to_contain_text("监督小组收到通知")
    page.get_by_role("button", name="确认启动更正").click()
    expect(page.locator("h1")).to_contain_text("滨州渤海新材料有限公司")
    correction = Correction.objects.get()
    page.context.clear_cookies()

    # The agency sends each score back; the experts rescore.
    for card in Scorecard.objects.filter(application=application):
        services.scorecard_reopen(scorecard=card, reason="按更正程序复核", by=agency_user)
        services.scorecard_save(scorecard=card, percentages=full_percentages(application, 80),
                                comments=full_comments(application), submit=True, by=card.expert)

    # The office sees before and after, and applies it.
    login(page, live_server, office.username)
    page.goto(f"{live_server.url}/review/office/corrections/{correction.pk}/")
    figures = page.get_by_test_id("correction-figures")
    expect(figures).to_contain_text("未进入现场评审")
    expect(figures).to_contain_text("进入现场评审")
    page.screenshot(path=str(ARTIFACTS / "correction-detail.png"), full_page=True)
    page.get_by_role("button", name="完成更正").click()
    page.get_by_role("button", name="确认完成更正").click()
    expect(page.locator(".messages")).to_contain_text("更正已完成")
    page.screenshot(path=str(ARTIFACTS / "correction-applied.png"), full_page=True)

    application.refresh_from_db()
    correction.refresh_from_db()
    assert application.state == ApplicationState.SITE_REVIEW
    assert correction.state == CorrectionState.APPLIED
