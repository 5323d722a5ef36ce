"""Art. 19(四): the satisfaction survey — single-use tokens, deadline, the 0–100 index."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from review.models import Respondent, RespondentGroup, SurveyAnswer
from review.services import ReviewError, questionnaire_save, respondents_add, survey_answer


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
    from .factories import make_application

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
