"""Issue 8: one scripted cycle from the first document score to the awards, with the agreement of state, stored
results, bar decision, released feedback and grants checked after every step, and each frozen layer tried once
more after it froze (Art. 19(三)–(八), 20, 24, 26)."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from award import services as award_services
from award.models import ApplicationState, Award, CycleStage
from review import services
from review.models import Assignment, RespondentGroup, Scorecard, ScorecardState, ScoreLayer
from review.services.freeze import confirmed
from review.services.results import site_score_value
from review.services.survey import satisfaction_value
from tests.factories.award import pdf_upload
from tests.factories.review import activate, full_percentages, make_application, pledge, submit_scores

from .test_freeze import assert_agreement


def assert_whole_agreement(cycle):
    """Document layer as in test_freeze, and the site layer too: the stored site score and satisfaction index are
    what the site scorecards and the answers give; an awarded application holds exactly one award."""
    assert_agreement(cycle)
    for app in type(cycle).objects.get(pk=cycle.pk).applications.all():
        if app.site_score is not None:
            assert app.site_score == site_score_value(app), app
            assert app.satisfaction_index == satisfaction_value(app), app
        awards = Award.objects.filter(application=app).count()
        assert awards == (1 if app.state == ApplicationState.AWARDED else 0), app


def _advance(cycle, office, **kwargs):
    award_services.cycle_advance(cycle=cycle, by=office, **kwargs)
    cycle.refresh_from_db()
    return cycle


@pytest.mark.django_db(transaction=False)
def test_a_whole_cycle_keeps_state_results_feedback_and_grants_in_agreement(cycle, panel, office, agency_user,
                                                                             mailoutbox):
    # Art. 19(三): document review, three experts each; "high" above the 55 % bar, "low" below it.
    type(cycle).objects.filter(pk=cycle.pk).update(stage=CycleStage.DOCUMENT_REVIEW)
    cycle.refresh_from_db()
    experts = panel[1][:3]
    pledge(cycle, *experts)
    high, low = make_application(cycle), make_application(cycle)
    for app, pct in ((high, 80), (low, 50)):
        for expert in experts:
            submit_scores(activate(Assignment.objects.create(application=app, expert=expert, created_by=office)),
                          pct)
    assert_whole_agreement(cycle)

    # Art. 20: the shortlist is confirmed; the document layer freezes.
    services.shortlist_confirm(cycle=cycle, by=office)
    high.refresh_from_db(), low.refresh_from_db()
    assert (high.state, low.state) == (ApplicationState.SITE_REVIEW, ApplicationState.NOT_SHORTLISTED)
    assert confirmed(high, ScoreLayer.DOCUMENT)
    assert_whole_agreement(cycle)
    card = Scorecard.objects.filter(application=high, layer=ScoreLayer.DOCUMENT).first()
    with pytest.raises(services.ReviewError):
        services.scorecard_reopen(scorecard=card, reason="再改一次", by=agency_user)
    assert_whole_agreement(cycle)

    # Art. 19(四): site review by a team of two, and the satisfaction survey.
    cycle = _advance(cycle, office)
    assert cycle.stage == CycleStage.SITE_REVIEW
    visit = services.site_visit_schedule(application=high, leader=experts[0], members=[experts[1]],
                                         scheduled_for=timezone.localdate() - datetime.timedelta(days=1),
                                         by=agency_user)
    for expert, pct in ((experts[0], 60), (experts[1], 70)):
        site_card = services.site_scorecard_open(visit=visit, by=expert)
        services.scorecard_save(scorecard=site_card, percentages=full_percentages(high, pct),
                                findings="现场核实属实", submit=True, by=expert)
    services.site_report_submit(visit=visit, findings="过程控制规范", report="建议推荐", by=experts[0])
    questionnaire = services.questionnaire_save(
        cycle=cycle, kind="organization", title="满意度测评", intro="",
        deadline=timezone.now() + datetime.timedelta(days=7), questions=["产品质量", "售后服务"], by=office)
    respondents = services.respondents_add(application=high, by=agency_user, rows=[
        (RespondentGroup.CUSTOMER, "张三", "zhang@example.com"),
        (RespondentGroup.EMPLOYEE, "李四", "li@example.com"),
        (RespondentGroup.EMPLOYEE, "王五", "wang@example.com"),
    ])
    for respondent, rating in zip(respondents[:2], (5, 4), strict=True):
        services.survey_answer(token=respondent.token,
                               ratings={q.pk: rating for q in questionnaire.questions.all()})
    high.refresh_from_db()
    assert (high.site_score, high.satisfaction_index) == (Decimal("650.00"), Decimal("87.50"))
    assert_whole_agreement(cycle)

    # Comprehensive review: the site layer freezes; a late score or answer changes nothing.
    cycle = _advance(cycle, office)
    assert cycle.stage == CycleStage.COMPREHENSIVE_REVIEW
    assert confirmed(high, ScoreLayer.SITE)
    site_card = Scorecard.objects.filter(application=high, layer=ScoreLayer.SITE).first()
    with pytest.raises(services.ReviewError):
        services.scorecard_reopen(scorecard=site_card, reason="再改一次", by=agency_user)
    with pytest.raises(services.ReviewError):  # the third respondent answers too late
        services.survey_answer(token=respondents[2].token,
                               ratings={q.pk: 1 for q in questionnaire.questions.all()})
    services.satisfaction_recompute(application=high)
    services.site_score_recompute(application=high)
    high.refresh_from_db()
    assert (high.site_score, high.satisfaction_index) == (Decimal("650.00"), Decimal("87.50"))
    assert_whole_agreement(cycle)

    # Art. 19(五)–(六): the office proposes, the leading group deliberates, the proposed list is published.
    proposal = award_services.proposal_create(cycle=cycle, application=high, award_kind="organization", by=office)
    award_services.deliberation_record(
        cycle=cycle, meeting_name="领导小组第3次会议", held_on=timezone.localdate(), members_present="张三、李四",
        decisions={proposal.pk: ("agree", "")}, by=office)
    cycle = _advance(cycle, office)
    assert cycle.stage == CycleStage.PUBLIC_NOTICE
    high.refresh_from_db(), low.refresh_from_db()
    assert (high.state, low.state) == (ApplicationState.PROPOSED, ApplicationState.NOT_SHORTLISTED)
    assert_whole_agreement(cycle)
    starts_on = timezone.localdate() - datetime.timedelta(days=30)
    notice = award_services.notice_publish(cycle=cycle, kind="proposed_awards", title="拟奖励名单公示",
                                           body="现予公示。", starts_on=starts_on, by=office, today=starts_on)

    # Art. 19(七)–(八): approval and the awards; every layer stays as it was confirmed.
    cycle = _advance(cycle, office)
    award_services.approval_record(cycle=cycle, body="standing_meeting",
                                   decided_on=notice.ends_on + datetime.timedelta(days=1),
                                   document_number="滨政字〔2026〕12号", scan=pdf_upload("批准文件.pdf"), by=office)
    award_services.awards_grant(cycle=cycle, by=office)
    cycle.refresh_from_db(), high.refresh_from_db(), low.refresh_from_db()
    assert cycle.stage == CycleStage.AWARDED
    assert (high.state, low.state) == (ApplicationState.AWARDED, ApplicationState.NOT_SHORTLISTED)
    assert (high.document_score, high.site_score) == (Decimal("800.00"), Decimal("650.00"))
    assert_whole_agreement(cycle)
    with pytest.raises(services.ReviewError):
        services.scorecard_reopen(scorecard=card, reason="获奖后再改", by=agency_user)
    assert Scorecard.objects.filter(application=high, state=ScorecardState.SUBMITTED).count() == 5
    assert_whole_agreement(cycle)
