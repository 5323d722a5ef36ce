"""Art. 11 (SPEC §12): once a cycle is closed its review record is a read-only archive. Every review service that
changes it refuses, and leaves everything as it was; the same call works while the cycle is open. An Art. 27
disqualification may still be decided after the close."""
import datetime

import pytest
from django.utils import timezone

from award.models import Application, Cycle, CycleStage
from review.models import (
    Assignment,
    AssignmentState,
    Panel,
    PanelMember,
    Pledge,
    Question,
    Questionnaire,
    Respondent,
    RespondentGroup,
    ReviewerBar,
    Scorecard,
    SurveyAnswer,
)
from review.services import (
    ReviewError,
    assignment_add,
    assignment_remove,
    expert_disqualify,
    panel_member_add,
    pledge_sign,
    scorecard_reopen,
    scorecard_save,
    shortlist_confirm,
    survey_answer,
)
from tests.factories.review import (
    activate,
    card_for,
    full_comments,
    full_percentages,
    make_expert,
    pledge,
    submit_scores,
)

CLOSED_MESSAGE = "本届评审工作已结束并归档,不能再修改。"


@pytest.fixture
def ctx(cycle, panel, application, office, agency_user):
    _, experts = panel
    pledge(cycle, *experts)
    return {"cycle": cycle, "panel": panel[0], "experts": experts, "application": application, "office": office,
            "agency_user": agency_user}


def _fresh_application(c):
    return Application.objects.get(pk=c["application"].pk)


def _assigned(c, expert):
    return activate(Assignment.objects.create(application=c["application"], expert=expert, created_by=c["office"]))


# Each case arranges the record on the open cycle and returns (act, observe): `act` makes the call the way a view
# would (objects fetched afresh), `observe` reads what a user would see change.

def case_assignment_add(c):
    expert = c["experts"][0]
    return (
        lambda: assignment_add(application=_fresh_application(c), expert=expert, by=c["agency_user"]),
        lambda: Assignment.objects.filter(application=c["application"]).count(),
    )


def case_assignment_remove(c):
    assignment = _assigned(c, c["experts"][0])
    return (
        lambda: assignment_remove(assignment=Assignment.objects.get(pk=assignment.pk), reason="调整",
                                  by=c["agency_user"]),
        lambda: Assignment.objects.get(pk=assignment.pk).state,
    )


def case_scorecard_submit(c):
    assignment = _assigned(c, c["experts"][0])
    card = card_for(assignment)
    app = c["application"]
    return (
        lambda: scorecard_save(scorecard=Scorecard.objects.get(pk=card.pk), percentages=full_percentages(app, 80),
                               comments=full_comments(app), submit=True, by=assignment.expert),
        lambda: (Scorecard.objects.get(pk=card.pk).state, Scorecard.objects.get(pk=card.pk).total),
    )


def case_scorecard_reopen(c):
    card = submit_scores(_assigned(c, c["experts"][0]), 80)
    return (
        lambda: scorecard_reopen(scorecard=Scorecard.objects.get(pk=card.pk), reason="漏评条款", by=c["agency_user"]),
        lambda: Scorecard.objects.get(pk=card.pk).state,
    )


def case_panel_member_add(c):
    newcomer = make_expert()
    return (
        lambda: panel_member_add(panel=Panel.objects.get(pk=c["panel"].pk), expert=newcomer, by=c["agency_user"]),
        lambda: PanelMember.objects.filter(panel=c["panel"]).count(),
    )


def case_pledge_sign(c):
    newcomer = make_expert()
    return (
        lambda: pledge_sign(cycle=Cycle.objects.get(pk=c["cycle"].pk), expert=newcomer, signed_name="张三",
                            by=newcomer),
        lambda: Pledge.objects.filter(expert=newcomer).count(),
    )


def case_survey_answer(c):
    questionnaire = Questionnaire.objects.create(
        cycle=c["cycle"], kind="organization", title="满意度测评", created_by=c["office"],
        deadline=timezone.now() + datetime.timedelta(days=7))
    questions = [Question.objects.create(questionnaire=questionnaire, text=t, position=i)
                 for i, t in enumerate(("产品质量", "服务态度"))]
    respondent = Respondent.objects.create(application=c["application"], group=RespondentGroup.CUSTOMER,
                                           created_by=c["agency_user"])
    return (
        lambda: survey_answer(token=respondent.token, ratings={q.pk: 5 for q in questions}),
        lambda: (Respondent.objects.get(pk=respondent.pk).answered_at is None,
                 SurveyAnswer.objects.filter(respondent=respondent).count()),
    )


def case_shortlist_confirm(c):
    for expert in c["experts"][:c["cycle"].experts_per_application]:
        submit_scores(_assigned(c, expert), 80)
    return (
        lambda: shortlist_confirm(cycle=Cycle.objects.get(pk=c["cycle"].pk), by=c["office"]),
        lambda: _fresh_application(c).state,
    )


CASES = [
    pytest.param(case_assignment_add, id="assignment_add"),
    pytest.param(case_assignment_remove, id="assignment_remove"),
    pytest.param(case_scorecard_submit, id="scorecard_save_submit"),
    pytest.param(case_scorecard_reopen, id="scorecard_reopen"),
    pytest.param(case_panel_member_add, id="panel_member_add"),
    pytest.param(case_pledge_sign, id="pledge_sign"),
    pytest.param(case_survey_answer, id="survey_answer"),
    pytest.param(case_shortlist_confirm, id="shortlist_confirm"),
]


def _close(cycle):
    # Arranging a test is not a transition: the stage is set the way supervision's cycle_close leaves it.
    Cycle.objects.filter(pk=cycle.pk).update(stage=CycleStage.CLOSED)


@pytest.mark.parametrize("case", CASES)
def test_review_service_refuses_a_closed_cycle(ctx, case):
    act, observe = case(ctx)
    _close(ctx["cycle"])
    before = observe()

    with pytest.raises(ReviewError) as refused:  # Art. 11
        act()

    assert str(refused.value) == CLOSED_MESSAGE
    assert observe() == before


@pytest.mark.parametrize("case", CASES)
def test_review_service_changes_an_open_cycle(ctx, case):
    act, observe = case(ctx)
    before = observe()

    act()

    assert observe() != before


def test_expert_disqualify_still_acts_on_a_closed_cycle(ctx):
    # Art. 27: misconduct found after the close is still decided; the bar keeps the expert out of later cycles.
    expert = ctx["experts"][1]
    assignment = _assigned(ctx, expert)
    _close(ctx["cycle"])

    expert_disqualify(expert=expert, cycle=Cycle.objects.get(pk=ctx["cycle"].pk), reason="泄露评审信息",
                      by=ctx["office"])

    assert ReviewerBar.objects.filter(user=expert).count() == 1
    assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.VOID
    assert PanelMember.objects.filter(panel=ctx["panel"], expert=expert).exists() is False

