"""Issue 8: results freeze when the office confirms them; a correction is the only way past the freeze, and state,
result, bar decision and released feedback agree after every step (Art. 19(三)(四), 20, 24)."""
import pytest
from django.urls import reverse

from accounts.models import AuditEntry, Notification
from award.models import ApplicationState, CycleStage
from review import services
from review.models import (
    Assignment,
    AssignmentState,
    ConflictSource,
    ConflictType,
    Correction,
    CorrectionState,
    DocumentResult,
    Scorecard,
    ScorecardState,
)
from review.services.freeze import AFTER_DOCUMENT_REVIEW
from review.services.results import document_values
from tests.confirming import post_confirmed
from tests.factories.review import (
    activate,
    full_comments,
    full_percentages,
    make_application,
    pledge,
    submit_scores,
)
from tests.factories.supervision import appointed_group, supervisors


def assert_agreement(cycle):
    """Each application's state, stored result, bar decision and released feedback agree, and — short of an open
    correction — the stored result is what its valid scorecards give."""
    for app in type(cycle).objects.get(pk=cycle.pk).applications.all():
        doc = DocumentResult.objects.filter(application=app).first()
        if doc is None:
            continue
        assert app.document_score == doc.result, app
        if not Correction.objects.filter(application=app, layer="document", state=CorrectionState.OPEN).exists():
            assert document_values(app)["result"] == doc.result, app
        if app.state in AFTER_DOCUMENT_REVIEW:
            assert doc.confirmed_at is not None, app
        if app.state == ApplicationState.NOT_SHORTLISTED:
            assert not doc.passes and doc.feedback_released_at is not None, app
        if app.state == ApplicationState.SITE_REVIEW:
            assert doc.passes and doc.feedback_released_at is None, app


@pytest.fixture
def scored(cycle, panel, office):
    """Two applications scored by three experts each: one at 80 % (above the bar), one at 50 % (below it)."""
    type(cycle).objects.filter(pk=cycle.pk).update(stage=CycleStage.DOCUMENT_REVIEW)
    cycle.refresh_from_db()
    experts = panel[1][:3]
    pledge(cycle, *experts)
    apps = {}
    for name, pct in (("high", 80), ("low", 50)):
        app = make_application(cycle)
        cards = [submit_scores(activate(Assignment.objects.create(application=app, expert=e, created_by=office)),
                               pct) for e in experts]
        apps[name] = (app, cards)
    assert_agreement(cycle)
    return apps


@pytest.fixture
def confirmed(scored, cycle, office):
    services.shortlist_confirm(cycle=cycle, by=office)
    assert_agreement(cycle)
    return scored


def test_after_the_shortlist_a_score_cannot_be_sent_back(confirmed, agency_user):
    # Art. 20: the confirmed document-review result is final through the normal pages.
    app, cards = confirmed["low"]

    with pytest.raises(services.ReviewError, match="更正程序"):
        services.scorecard_reopen(scorecard=cards[0], reason="请复核", by=agency_user)

    cards[0].refresh_from_db()
    assert cards[0].state == ScorecardState.SUBMITTED


def test_after_the_shortlist_assignments_cannot_be_removed_swapped_or_added(confirmed, agency_user, panel):
    app, cards = confirmed["high"]
    assignment = cards[0].assignment
    spare = panel[1][3]

    for attempt in (
        lambda: services.assignment_remove(assignment=assignment, reason="调整", by=agency_user),
        lambda: services.assignment_swap(assignment=assignment, expert=spare, reason="调整", by=agency_user),
        lambda: services.assignment_add(application=app, expert=spare, by=agency_user),
    ):
        with pytest.raises(services.ReviewError):
            attempt()

    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.ACTIVE
    assert not Assignment.objects.filter(application=app, expert=spare).exists()


def test_the_reopen_page_refuses_after_the_shortlist_and_changes_nothing(client, confirmed, agency_user, cycle):
    app, cards = confirmed["low"]
    client.force_login(agency_user)

    response = client.post(reverse("review:scorecard_reopen", kwargs={"pk": cards[0].pk}), {"reason": "复核"},
                           follow=True)

    assert "更正程序" in response.content.decode()
    cards[0].refresh_from_db()
    assert cards[0].state == ScorecardState.SUBMITTED
    app.refresh_from_db()
    assert app.state == ApplicationState.NOT_SHORTLISTED
    assert_agreement(cycle)


def test_a_conflict_found_after_confirmation_voids_nothing_and_tells_the_office(confirmed, office, cycle):
    # Art. 12 with issue 8: the confirmed scores stand until the office opens a correction.
    app, cards = confirmed["high"]
    expert = cards[0].expert

    services.conflict_record(expert=expert, application=app, source=ConflictSource.OFFICE,
                             type=ConflictType.KINSHIP, reason="其配偶任该企业高管", by=office)

    cards[0].refresh_from_db()
    assert cards[0].state == ScorecardState.SUBMITTED
    assert Notification.objects.filter(recipient=office, event="review.conflict_after_confirmation").exists()
    assert AuditEntry.objects.filter(action="review.conflict_after_confirmation", application_id=app.pk).exists()
    assert not Notification.objects.filter(recipient=expert, event="assignment_voided").exists()
    assert_agreement(cycle)


def test_site_scores_and_the_index_freeze_when_comprehensive_review_starts(confirmed, cycle, agency_user):
    # Art. 19(四): from comprehensive review on, the site layer is the ranking's input.
    app, _cards = confirmed["high"]
    type(cycle).objects.filter(pk=cycle.pk).update(stage=CycleStage.COMPREHENSIVE_REVIEW)
    app.refresh_from_db()

    with pytest.raises(services.ReviewError, match="综合评审已经开始"):
        services.respondents_add(application=app, rows=[("customer", "张三", "")], by=agency_user)


@pytest.fixture
def group(cycle, office):
    users = supervisors(3, prefix="frz")
    appointed_group(cycle=cycle, office=office, users=users)
    return users


def test_a_correction_is_opened_by_the_office_with_reason_and_article_and_supervisors_are_told(
        confirmed, office, group, agency_user):
    app, _cards = confirmed["low"]

    correction = services.correction_open(application=app, layer="document", reason="监督小组指出第3条评分有误",
                                          article="第二十条", by=office)

    assert correction.before["state"] == ApplicationState.NOT_SHORTLISTED
    assert all(Notification.objects.filter(recipient=u, event="review.correction_opened").exists() for u in group)
    assert Notification.objects.filter(recipient=agency_user, event="review.correction_opened").exists()
    entry = AuditEntry.objects.get(action="review.correction_opened", application_id=app.pk)
    assert entry.detail["article"] == "第二十条"


def test_only_the_office_opens_a_correction(confirmed, agency_user):
    app, _cards = confirmed["low"]

    with pytest.raises(services.ReviewError):
        services.correction_open(application=app, layer="document", reason="x", article="第二十条", by=agency_user)


def test_a_correction_needs_a_reason_and_an_article(confirmed, office):
    app, _cards = confirmed["low"]

    for reason, article in (("", "第二十条"), ("有误", "  ")):
        with pytest.raises(services.ReviewError):
            services.correction_open(application=app, layer="document", reason=reason, article=article, by=office)
    assert not Correction.objects.exists()


def test_an_unconfirmed_result_needs_no_correction(scored, office):
    app, _cards = scored["low"]

    with pytest.raises(services.ReviewError, match="尚未确认"):
        services.correction_open(application=app, layer="document", reason="有误", article="第二十条", by=office)


def test_a_granted_award_changes_only_through_revocation(confirmed, office):
    # Art. 24
    app, _cards = confirmed["high"]
    type(app).objects.filter(pk=app.pk).update(state=ApplicationState.AWARDED)
    app.refresh_from_db()

    with pytest.raises(services.ReviewError, match="第二十四条"):
        services.correction_open(application=app, layer="document", reason="有误", article="第二十条", by=office)


def test_the_correction_procedure_end_to_end_keeps_state_result_and_feedback_in_agreement(
        confirmed, office, agency_user, group, cycle):
    # Art. 20, issue 8: the low application was under-scored; corrected, it reaches the bar and the site review.
    app, cards = confirmed["low"]
    before = DocumentResult.objects.get(application=app).result
    correction = services.correction_open(application=app, layer="document", reason="评分录入错误",
                                          article="第二十条", by=office)
    assert_agreement(cycle)

    for card in cards:
        services.scorecard_reopen(scorecard=card, reason="请按更正程序复核", by=agency_user)
        assert_agreement(cycle)  # the confirmed result stands while the correction is open
        services.scorecard_save(scorecard=card, percentages=full_percentages(app, 90),
                                comments=full_comments(app), submit=True, by=card.expert)
        assert_agreement(cycle)

    app.refresh_from_db()
    assert app.state == ApplicationState.NOT_SHORTLISTED
    assert DocumentResult.objects.get(application=app).result == before

    services.correction_apply(correction=correction, note="复核完毕", by=office)

    app.refresh_from_db()
    doc = DocumentResult.objects.get(application=app)
    assert app.state == ApplicationState.SITE_REVIEW
    assert doc.result > before and doc.passes and doc.feedback_released_at is None
    correction.refresh_from_db()
    assert (correction.state, correction.before["state"], correction.after["state"]) == (
        CorrectionState.APPLIED, ApplicationState.NOT_SHORTLISTED, ApplicationState.SITE_REVIEW)
    entry = AuditEntry.objects.get(action="review.correction_applied", application_id=app.pk)
    assert entry.detail["before"]["document_score"] == str(before)
    assert all(Notification.objects.filter(recipient=u, event="review.correction_applied").exists() for u in group)
    assert Notification.objects.filter(recipient=app.applicant, event="review.correction_applied").exists()
    assert_agreement(cycle)
    # Frozen again afterwards.
    with pytest.raises(services.ReviewError):
        services.scorecard_reopen(scorecard=Scorecard.objects.filter(application=app).first(), reason="再改",
                                  by=agency_user)


def test_a_correction_that_changed_something_cannot_be_cancelled(confirmed, office, agency_user):
    app, cards = confirmed["low"]
    correction = services.correction_open(application=app, layer="document", reason="复核", article="第二十条",
                                          by=office)
    services.scorecard_reopen(scorecard=cards[0], reason="复核", by=agency_user)

    with pytest.raises(services.ReviewError, match="请完成更正"):
        services.correction_cancel(correction=correction, note="不需要了", by=office)


def test_an_untouched_correction_can_be_cancelled(confirmed, office):
    app, _cards = confirmed["low"]
    correction = services.correction_open(application=app, layer="document", reason="复核", article="第二十条",
                                          by=office)

    services.correction_cancel(correction=correction, note="经核实无误", by=office)

    correction.refresh_from_db()
    assert correction.state == CorrectionState.CANCELLED


def test_the_office_opens_and_applies_a_correction_through_confirmed_pages(client, confirmed, office, cycle):
    app, _cards = confirmed["low"]
    client.force_login(office)
    url = reverse("review:correction_open", kwargs={"pk": app.pk})

    unconfirmed = client.post(url, {"layer": "document", "article": "第二十条", "reason": "复核"})
    assert not Correction.objects.exists() and unconfirmed.status_code == 200  # Only the confirmation page
    response = post_confirmed(client, url, {"layer": "document", "article": "第二十条", "reason": "复核"})
    correction = Correction.objects.get()
    assert response.status_code == 302

    detail = client.get(reverse("review:correction_detail", kwargs={"pk": correction.pk})).content.decode()
    assert "第二十条" in detail and "未进入现场评审" in detail
    apply_url = reverse("review:correction_apply", kwargs={"pk": correction.pk})
    client.post(apply_url, {"note": ""})
    assert Correction.objects.get().state == CorrectionState.OPEN  # a replayed POST without its token
    post_confirmed(client, apply_url, {"note": "无变化"})
    assert Correction.objects.get().state == CorrectionState.APPLIED
    listing = client.get(reverse("review:correction_list"), {"cycle": cycle.number}).content.decode()
    assert app.applicant_name in listing


def test_supervisors_see_the_correction_in_the_process_record(client, confirmed, office, group, cycle):
    app, _cards = confirmed["low"]
    services.correction_open(application=app, layer="document", reason="投诉反映评分有误", article="第二十条",
                             by=office)
    client.force_login(group[0])

    html = client.get(reverse("supervision:cycle_record", kwargs={"pk": cycle.pk})).content.decode()

    assert "投诉反映评分有误" in html and "更正中" in html


def test_an_art_27_bar_after_confirmation_leaves_the_confirmed_scores_for_a_correction(confirmed, office, cycle):
    # Art. 27 with issue 8: the bar takes the expert out of the work; the confirmed result stays until corrected.
    app, cards = confirmed["low"]
    expert = cards[0].expert

    bar = services.expert_disqualify(expert=expert, cycle=cycle, reason="泄露评审信息", by=office)

    cards[0].refresh_from_db()
    assert cards[0].state == ScorecardState.SUBMITTED
    assert app.pk in bar.effects["confirmed_results_left_for_correction"]
    assert_agreement(cycle)
