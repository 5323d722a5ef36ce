"""SPEC §11, Art. 12: the expert is told (inbox and e-mail through the outbox) when a score is sent back and
when an assignment is voided for a conflict — the reason shown without naming the other party."""
import pytest

from accounts.models import Notification
from review.models import Assignment, ConflictSource, ConflictType
from review.services import conflict_record, scorecard_reopen
from tests.factories.review import activate, pledge, submit_scores


@pytest.fixture
def assignment(cycle, panel, application, office):
    expert = panel[1][0]
    pledge(cycle, expert)
    return activate(Assignment.objects.create(application=application, expert=expert, created_by=office))


def test_score_sent_back_reaches_inbox_and_email(assignment, agency_user, mailoutbox,
                                                  django_capture_on_commit_callbacks):
    card = submit_scores(assignment, 80)

    with django_capture_on_commit_callbacks(execute=True):
        scorecard_reopen(scorecard=card, reason="4.7 结果类条款评分依据不足", by=agency_user)

    note = Notification.objects.get(recipient=assignment.expert, event="score_returned")
    assert "4.7 结果类条款评分依据不足" in note.body
    assert [m.to for m in mailoutbox] == [[assignment.expert.email]]
    assert mailoutbox[0].subject.endswith(note.subject)


def test_second_return_is_a_second_notice(assignment, agency_user):
    card = submit_scores(assignment, 80)
    scorecard_reopen(scorecard=card, reason="第一次", by=agency_user)
    submit_scores(assignment, 75)

    scorecard_reopen(scorecard=card, reason="第二次", by=agency_user)

    assert Notification.objects.filter(recipient=assignment.expert, event="score_returned").count() == 2


def test_conflict_void_tells_the_expert_the_kind_not_the_recorded_reason(
    assignment, application, office, mailoutbox, django_capture_on_commit_callbacks
):
    # Art. 12: the office's note names the relative; the expert is told only the kind of conflict.
    submit_scores(assignment, 80)

    with django_capture_on_commit_callbacks(execute=True):
        conflict_record(expert=assignment.expert, application=application, source=ConflictSource.OFFICE,
                        type=ConflictType.KINSHIP, reason="其妻王某某任该企业财务总监(举报人李某提供)", by=office)

    note = Notification.objects.get(recipient=assignment.expert, event="assignment_voided")
    assert "亲属关系" in note.body
    assert "王某某" not in note.body and "李某" not in note.body
    assert "评分同时作废" in note.body
    assert len(mailoutbox) == 1 and "王某某" not in mailoutbox[0].body


def test_applicants_avoid_list_is_not_revealed(assignment, application, office):
    conflict_record(expert=assignment.expert, application=application, source=ConflictSource.APPLICANT,
                    type=ConflictType.AVOID_LIST, reason="申报方回避名单:张某(竞争对手顾问)", by=office)

    body = Notification.objects.get(recipient=assignment.expert, event="assignment_voided").body
    assert "回避名单" not in body and "张某" not in body
    assert "其他利害关系" in body


def test_own_declaration_sends_no_void_notice(assignment, application):
    conflict_record(expert=assignment.expert, application=application, source=ConflictSource.DECLARED,
                    type=ConflictType.SHAREHOLDING, reason="持有其股票", by=assignment.expert)

    assert Notification.objects.filter(recipient=assignment.expert, event="assignment_voided").count() == 0
