"""Art. 19(四): the satisfaction survey — single-use tokens, deadline, the 0–100 index."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.outbox import outbox_relay
from review.models import Respondent, RespondentGroup, SurveyAnswer
from review.services import ReviewError, questionnaire_save, respondents_add, survey_answer
from review.services.survey import INVITATIONS


@pytest.fixture
def questionnaire(cycle, office):
    return questionnaire_save(cycle=cycle, kind="organization", title="满意度测评", intro="",
                              deadline=timezone.now() + datetime.timedelta(days=7),
                              questions=["产品质量", "售后服务"], by=office)


@pytest.fixture
def respondents(application, agency_user, questionnaire, mailoutbox):
    return respondents_add(application=application, by=agency_user, rows=[
        (RespondentGroup.CUSTOMER, "张三", "zhang@example.com"),
        (RespondentGroup.EMPLOYEE, "李四", "li@example.com"),
    ])


def ratings(questionnaire, value):
    return {q.pk: value for q in questionnaire.questions.all()}


def test_invitations_are_mailed_with_the_token_link(application, agency_user, questionnaire, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        respondents = respondents_add(application=application, by=agency_user, rows=[
            (RespondentGroup.CUSTOMER, "张三", "zhang@example.com"),
            (RespondentGroup.EMPLOYEE, "李四", "li@example.com"),
        ])

    assert len(mailoutbox) == 2
    assert respondents[0].token in mailoutbox[0].body


def test_token_is_single_use(respondents, questionnaire, application):
    survey_answer(token=respondents[0].token, ratings=ratings(questionnaire, 5))

    with pytest.raises(ReviewError, match="只能作答一次"):
        survey_answer(token=respondents[0].token, ratings=ratings(questionnaire, 1))
    assert SurveyAnswer.objects.filter(respondent=respondents[0]).count() == 2


def test_answer_after_deadline_is_refused(respondents, questionnaire):
    later = questionnaire.deadline + datetime.timedelta(seconds=1)

    with pytest.raises(ReviewError, match="截止"):
        survey_answer(token=respondents[0].token, ratings=ratings(questionnaire, 5), now=later)
    assert Respondent.objects.get(pk=respondents[0].pk).answered_at is None


def test_index_is_zero_to_hundred(respondents, questionnaire, application):
    survey_answer(token=respondents[0].token, ratings=ratings(questionnaire, 5))
    survey_answer(token=respondents[1].token, ratings=ratings(questionnaire, 3))

    application.refresh_from_db()
    assert application.satisfaction_index == Decimal("75.00")  # (100 + 50) / 2


def test_individual_groups_are_colleagues_and_people_served(cycle, agency_user):
    from tests.factories.review import make_application

    app = make_application(cycle, kind="individual")

    with pytest.raises(ReviewError):
        respondents_add(application=app, by=agency_user, rows=[(RespondentGroup.CUSTOMER, "x", "")])


def test_public_link_answers_without_login(client, respondents, questionnaire):
    url = f"/review/survey/{respondents[0].token}/"
    data = {f"q_{q.pk}": "4" for q in questionnaire.questions.all()}

    first = client.post(url, data)
    second = client.get(url)

    assert first.status_code == 302
    assert second.status_code == 410
    assert "只能作答一次" in second.content.decode()


def test_invitation_is_sent_once_however_often_it_is_relayed(respondents, mailoutbox):
    from review.services.survey import survey_invitation_send

    first = survey_invitation_send(respondent_id=respondents[0].pk)
    again = survey_invitation_send(respondent_id=respondents[0].pk)
    outbox_relay(INVITATIONS, min_age=datetime.timedelta(0), stale_after=datetime.timedelta(0))
    outbox_relay(INVITATIONS, min_age=datetime.timedelta(0), stale_after=datetime.timedelta(0))

    assert (first, again) == (True, False)
    assert sorted(m.to[0] for m in mailoutbox) == ["li@example.com", "zhang@example.com"]
    assert Respondent.objects.filter(sent_at__isnull=True).count() == 0


def test_broker_down_leaves_the_invitation_for_the_relay(application, agency_user, questionnaire, mailoutbox,
                                                        django_capture_on_commit_callbacks, monkeypatch):
    from review.tasks import task_send_survey_invitation

    def broker_down(*args, **kwargs):
        raise OSError("redis down")

    with monkeypatch.context() as patched:
        patched.setattr(task_send_survey_invitation, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            [respondent] = respondents_add(application=application, by=agency_user,
                                           rows=[(RespondentGroup.CUSTOMER, "张三", "zhang@example.com")])
    respondent.refresh_from_db()
    unsent = (len(mailoutbox), respondent.relayed_at)

    relayed = outbox_relay(INVITATIONS, min_age=datetime.timedelta(0))

    assert unsent == (0, None)
    assert relayed == 1
    assert [m.to for m in mailoutbox] == [["zhang@example.com"]]


def test_smtp_failure_is_recorded_and_retried_later(respondents, mailoutbox, settings):
    from review.services.survey import survey_invitation_send

    settings.EMAIL_BACKEND = "tests.review.test_survey.FailingBackend"
    with pytest.raises(OSError):
        survey_invitation_send(respondent_id=respondents[0].pk)
    failed = Respondent.objects.get(pk=respondents[0].pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    sent = survey_invitation_send(respondent_id=respondents[0].pk)

    assert (failed.sent_at, failed.attempts, failed.last_error) == (None, 1, "OSError: smtp down")
    assert sent is True
    assert Respondent.objects.get(pk=respondents[0].pk).attempts == 2


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("smtp down")
