"""Art. 19(三), 20: scoring, submitting, reopening, results and the voiding of scores after a late conflict."""
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from accounts.models import AuditEntry
from award.models import StandardItem
from review.models import (
    Assignment,
    ConflictSource,
    ConflictType,
    DocumentResult,
    ItemScore,
    ScorecardState,
)
from review.selectors import feedback_for, peer_scorecards
from review.services import (
    ReviewError,
    conflict_record,
    scorecard_reopen,
    scorecard_save,
)
from tests.factories.review import (
    activate,
    card_for,
    full_comments,
    full_percentages,
    make_application,
    make_panel,
    pledge,
    submit_scores,
)


@pytest.fixture
def assignments(assigned):
    return assigned


def test_points_are_computed_on_the_server(assignments):
    card = card_for(assignments[0])
    item = StandardItem.objects.get(category__standard=card.application.standard, code="4.1.1")

    scorecard_save(scorecard=card, percentages={item.pk: 55}, by=card.expert)

    assert ItemScore.objects.get(scorecard=card, item=item).points == Decimal("27.50")
    card.refresh_from_db()
    assert (card.state, card.total) == (ScorecardState.DRAFT, Decimal("27.50"))


def test_percentage_off_the_5_step_is_refused(assignments):
    card = card_for(assignments[0])
    item = StandardItem.objects.filter(category__standard=card.application.standard).first()

    with pytest.raises(ReviewError) as refused:
        scorecard_save(scorecard=card, percentages={item.pk: 57}, by=card.expert)
    assert str(refused.value.args[0]) == "得分比例须为0%—100%之间5%的整数倍。"  # no literal "%%" shown


def test_database_refuses_percentage_off_the_step(assignments):
    card = card_for(assignments[0])
    item = StandardItem.objects.filter(category__standard=card.application.standard).first()

    with pytest.raises(IntegrityError), transaction.atomic():
        ItemScore.objects.create(scorecard=card, item=item, percentage=57, points=1)


def test_submit_needs_strengths_and_improvements(assignments):
    card = card_for(assignments[0])

    with pytest.raises(ReviewError, match="优势或改进机会"):
        scorecard_save(scorecard=card, percentages=full_percentages(card.application, 60), submit=True,
                       by=card.expert)


def test_submit_locks_and_second_submit_is_refused(assignments):
    card = submit_scores(assignments[0], 60)

    with pytest.raises(ReviewError):
        scorecard_save(scorecard=card, percentages=full_percentages(card.application, 90),
                       comments=full_comments(card.application), submit=True, by=card.expert)
    card.refresh_from_db()
    assert (card.state, card.total) == (ScorecardState.SUBMITTED, Decimal("600.00"))
    assert AuditEntry.objects.filter(action="review.score_submitted").count() == 1


@pytest.mark.parametrize(
    ("pcts", "passes"),
    [((55, 55, 55), True), ((55, 55, 50), False)],
    ids=["550-passes", "533-fails"],
)
def test_result_is_mean_and_bar_applies(assignments, application, pcts, passes):
    # Art. 20
    for assignment, pct in zip(assignments, pcts, strict=True):
        submit_scores(assignment, pct)

    result = DocumentResult.objects.get(application=application)
    application.refresh_from_db()
    assert result.passes is passes
    assert application.document_score == result.result


def test_result_549_9_does_not_pass(assignments, application):
    # Art. 20: 549.9 fails — reach it with real items: 4.4.5 (10 points) at 5 % less is 0.5 points,
    # and one expert at 550 − 0.5 with two at 550 gives 549.83…
    items = full_percentages(application, 55)
    infra = StandardItem.objects.get(category__standard=application.standard, code="4.4.5")
    for assignment in assignments[:2]:
        submit_scores(assignment, 55)
    submit_scores(assignments[2], percentages={**items, infra.pk: 50})

    result = DocumentResult.objects.get(application=application)
    assert (result.result, result.passes) == (Decimal("549.83"), False)


def test_individual_bar_is_165_of_300(cycle, office):
    # Art. 20: 165 of 300 for individuals
    app = make_application(cycle, kind="individual")
    _, experts = make_panel(cycle, size=3)
    pledge(cycle, *experts)
    for e in experts:
        submit_scores(activate(Assignment.objects.create(application=app, expert=e, created_by=office)), 55)

    result = DocumentResult.objects.get(application=app)
    assert (result.result, result.pass_mark, result.passes) == (Decimal("165.00"), Decimal("165.00"), True)


def test_agency_reopens_with_reason(assignments, agency_user):
    card = submit_scores(assignments[0], 60)

    scorecard_reopen(scorecard=card, reason="4.7 评分依据不足", by=agency_user)

    card.refresh_from_db()
    assert (card.state, card.reopen_reason) == (ScorecardState.DRAFT, "4.7 评分依据不足")
    assert DocumentResult.objects.get(application=card.application).expert_count == 0


def test_peer_scores_visible_only_after_own_submit(assignments, application):
    submit_scores(assignments[0], 60)
    me = assignments[1].expert

    before = list(peer_scorecards(user=me, application=application))
    submit_scores(assignments[1], 70)
    after = [c.expert_id for c in peer_scorecards(user=me, application=application)]

    assert (before, after) == ([], [assignments[0].expert_id])


def test_late_conflict_voids_scores_and_recomputes(assignments, application, office):
    # Art. 12: a conflict found after scoring voids the scores and the assignment, recomputes, records why
    for assignment, pct in zip(assignments, (60, 60, 30), strict=True):
        submit_scores(assignment, pct)
    assert DocumentResult.objects.get(application=application).result == Decimal("500.00")
    late = assignments[2]

    conflict = conflict_record(expert=late.expert, application=application, source=ConflictSource.OFFICE,
                               type=ConflictType.CONSULTING, reason="2023年曾为其提供咨询", by=office)

    late.refresh_from_db()
    result = DocumentResult.objects.get(application=application)
    assert (late.state, late.scorecard.state) == ("void", ScorecardState.VOID)
    assert "2023年曾为其提供咨询" in late.scorecard.void_reason
    assert (result.expert_count, result.result, result.passes) == (2, Decimal("600.00"), True)
    assert conflict.voided_scores is True
    assert AuditEntry.objects.filter(action="review.scores_voided", application_id=application.pk).count() == 1
    assert application.recusals.filter(user=late.expert).exists()


def test_feedback_has_no_expert_names(assignments, application):
    # Art. 19(三): feedback never says who wrote what
    for assignment in assignments:
        submit_scores(assignment, 60)

    feedback = feedback_for(application=application)

    names = {str(a.expert) for a in assignments} | {a.expert.username for a in assignments}
    text = repr(feedback["categories"]) + repr(feedback["expert_totals"])
    assert not any(n in text for n in names)
    assert feedback["categories"][0]["mean"] == Decimal("66.00")  # 4.1: 110 × 60 %
    assert feedback["band"] == "50–65%"
