"""Irreversible steps ask for confirmation (SPEC §16): a POST without the confirmation changes nothing; the
window warning and the public change notice (Art. 18); judged criteria start undecided (Art. 19(二));
a corrected application with another recommender is endorsed again (Art. 19(一))."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.confirmation import FIELD, confirmation_token
from award import services
from award.models import ApplicationState, Cycle, CycleStage, Notice, WindowChange
from tests.confirming import confirmation_token_in, post_confirmed
from tests.factories.accounts import RecommenderUserFactory
from tests.factories.award import DECLARATIONS, CycleFactory, application_in_state

pytestmark = pytest.mark.django_db


def _criteria_data(client, url):
    form = client.get(url).context["form"]
    return {name: "pass" for name in form.fields if name.startswith("c_")}


# --- a POST without the confirmation changes nothing, for each irreversible step ----------------------------


def test_qualification_post_without_confirmation_changes_nothing(client):
    # Art. 19(二)
    application = application_in_state("endorsed")
    client.force_login(application.office_user)
    url = reverse("award:qualification_review", kwargs={"pk": application.pk})
    data = {**_criteria_data(client, url), "decision": "pass", "reasons": "符合条件"}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "不能撤销" in response.content.decode()
    application.refresh_from_db()
    assert (application.state, application.qualification_reviews.count()) == (ApplicationState.ENDORSED, 0)


def test_qualification_confirmed_records_the_decision(client):
    application = application_in_state("endorsed")
    client.force_login(application.office_user)
    url = reverse("award:qualification_review", kwargs={"pk": application.pk})

    post_confirmed(client, url, {**_criteria_data(client, url), "decision": "pass", "reasons": "符合条件"})

    application.refresh_from_db()
    assert application.state == ApplicationState.QUALIFIED


def test_a_forged_token_for_another_object_is_refused(client):
    application = application_in_state("endorsed")
    other = application_in_state("endorsed", cycle=application.cycle)
    client.force_login(application.office_user)
    url = reverse("award:qualification_review", kwargs={"pk": application.pk})
    token = confirmation_token(user=application.office_user, action="qualification", key=other.pk)

    client.post(url, {**_criteria_data(client, url), "decision": "pass", "reasons": "x", FIELD: token})

    application.refresh_from_db()
    assert application.state == ApplicationState.ENDORSED


def test_endorsement_post_without_confirmation_changes_nothing(client):
    # Art. 19(一)
    application = application_in_state("submitted")
    client.force_login(application.recommender_user)
    url = reverse("award:endorsement_create", kwargs={"pk": application.pk})

    response = client.post(url, {"decision": "endorse", "opinion": "同意推荐。", "signed_name": "孙立"})

    assert confirmation_token_in(response)
    application.refresh_from_db()
    assert (application.state, application.endorsements.count()) == (ApplicationState.SUBMITTED, 0)


def test_cycle_advance_without_confirmation_changes_nothing_and_lists_preconditions(client):
    # Art. 19: stages only move forward
    cycle = CycleFactory()
    application = application_in_state("endorsed", cycle=cycle)
    client.force_login(application.office_user)
    Cycle.objects.filter(pk=cycle.pk).update(application_closes=timezone.localdate() - datetime.timedelta(days=1))

    response = client.post(reverse("award:cycle_advance", kwargs={"pk": cycle.pk}))

    page = response.content.decode()
    assert "前提条件均已满足" in page and "不能退回" in page
    cycle.refresh_from_db()
    assert cycle.stage == CycleStage.OPEN


def test_cycle_advance_page_hides_the_button_while_a_precondition_fails(client):
    cycle = CycleFactory()
    application = application_in_state("endorsed", cycle=cycle)
    client.force_login(application.office_user)

    response = client.post(reverse("award:cycle_advance", kwargs={"pk": cycle.pk}))

    assert "之后才能进入资格审查" in response.content.decode()
    assert "确认进入下一阶段</button>" not in response.content.decode()


def test_call_publish_without_confirmation_changes_nothing(client):
    # Art. 18
    cycle = CycleFactory(stage="draft", call_published_at=None)
    application = application_in_state("draft")
    client.force_login(application.office_user)

    response = client.post(reverse("award:cycle_publish_call", kwargs={"pk": cycle.pk}))

    assert confirmation_token_in(response)
    cycle.refresh_from_db()
    assert cycle.call_published_at is None


def test_qualification_notice_without_confirmation_changes_nothing(client):
    # Art. 19(二)
    cycle = CycleFactory()
    application = application_in_state("qualified", cycle=cycle)
    Cycle.objects.filter(pk=cycle.pk).update(stage=CycleStage.QUALIFICATION)
    client.force_login(application.office_user)
    url = reverse("award:notice_create", kwargs={"pk": cycle.pk})

    response = client.post(url, {"title": "公示", "body": "", "starts_on": timezone.localdate().isoformat()})

    assert application.applicant_name in response.content.decode()
    assert Notice.objects.count() == 0


def test_proposed_notice_and_awards_without_confirmation_change_nothing(client):
    # Art. 19(六)(八)
    from tests.factories.decision import proposed_cycle

    cycle, office, applications = proposed_cycle(organizations=1, individuals=0)
    client.force_login(office)

    client.post(reverse("award:proposed_notice_create", kwargs={"pk": cycle.pk}),
                {"title": "拟奖励名单公示", "body": "", "starts_on": timezone.localdate().isoformat()})
    client.post(reverse("award:awards_grant", kwargs={"pk": cycle.pk}))

    assert Notice.objects.count() == 0
    assert cycle.awards.count() == 0


def test_approval_without_the_confirmation_box_changes_nothing(client):
    # Art. 19(七)
    from tests.factories.award import pdf_upload
    from tests.factories.decision import proposed_cycle, publish_proposed_notice

    cycle, office, _apps = proposed_cycle(organizations=1, individuals=0)
    start = timezone.localdate() - datetime.timedelta(days=30)
    notice = publish_proposed_notice(cycle, office, starts_on=start)
    services.cycle_advance(cycle=cycle, by=office)
    client.force_login(office)

    response = client.post(reverse("award:approval_record", kwargs={"pk": cycle.pk}), {
        "body": "standing_meeting", "decided_on": (notice.ends_on + datetime.timedelta(days=1)).isoformat(),
        "document_number": "滨政字〔2026〕30号", "scan": pdf_upload("批准.pdf"),
    })

    assert "请勾选确认后再记录批准决定" in response.content.decode()
    assert not hasattr(Cycle.objects.get(pk=cycle.pk), "approval")


# --- judged criteria start undecided ----------------------------------------------------------------------


def test_judged_criteria_start_undecided_and_must_each_be_chosen(client):
    # Art. 19(二): what only a person can judge is never pre-selected
    application = application_in_state("endorsed")
    client.force_login(application.office_user)
    url = reverse("award:qualification_review", kwargs={"pk": application.pk})
    form = client.get(url).context["form"]
    judged = [name for name in form.fields if name.startswith("c_") and not name.startswith("c_sys_")]

    data = {name: "pass" for name in form.fields if name.startswith("c_sys_")}
    response = client.post(url, {**data, "decision": "pass", "reasons": "x"})

    assert judged and all(form[name].initial is None for name in judged)
    assert "请逐项作出认定" in response.content.decode()
    assert not confirmation_token_in(response)


# --- the window moved before existing submissions ------------------------------------------------------------


def test_window_close_before_existing_submissions_warns_and_is_announced(client):
    # Art. 18: the change is announced with its date and reason
    cycle = CycleFactory()
    application = application_in_state("submitted", cycle=cycle)
    client.force_login(application.office_user)
    url = reverse("award:cycle_change_window", kwargs={"pk": cycle.pk})
    new_close = timezone.localdate() - datetime.timedelta(days=1)
    data = {"application_opens": cycle.application_opens.isoformat(), "application_closes": new_close.isoformat(),
            "reason": "按公告提前截止"}

    warning = client.post(url, data)
    cycle.refresh_from_db()
    unchanged = cycle.application_closes
    post_confirmed(client, url, data)

    assert application.reference in warning.content.decode()
    assert unchanged != new_close
    cycle.refresh_from_db()
    assert cycle.application_closes == new_close
    change = WindowChange.objects.get()
    assert (change.reason, change.submissions_after_close) == ("按公告提前截止", 1)
    public = client.get(reverse("award:cycle_call", kwargs={"number": cycle.number})).content.decode()
    assert "按公告提前截止" in public and "申报时间调整说明" in public


def test_window_service_refuses_an_unacknowledged_close_before_submissions():
    cycle = CycleFactory()
    application = application_in_state("submitted", cycle=cycle)

    with pytest.raises(services.WorkflowError):
        services.cycle_change_window(
            cycle=cycle, application_opens=cycle.application_opens,
            application_closes=timezone.localdate() - datetime.timedelta(days=1), reason="x",
            by=application.office_user,
        )


# --- endorsement after a recommender change -------------------------------------------------------------------


def test_corrected_application_with_the_same_recommender_keeps_its_endorsement():
    # Art. 19(一)
    application = application_in_state("returned")

    services.application_submit(application=application, signed_name="签署人", declarations=DECLARATIONS,
                                by=application.applicant)

    application.refresh_from_db()
    assert application.state == ApplicationState.ENDORSED


def test_corrected_application_with_another_recommender_goes_to_it_for_endorsement():
    # Art. 19(一): the new recommender never endorsed it, so it must before qualification review
    application = application_in_state("returned")
    new = RecommenderUserFactory()
    application.recommender = new.recommender
    application.save()

    services.application_submit(application=application, signed_name="签署人", declarations=DECLARATIONS,
                                by=application.applicant)
    application.refresh_from_db()
    with pytest.raises(services.WorkflowError):
        services.qualification_decide(application=application, decision="pass", criteria=[], reasons="x",
                                      by=application.office_user)
    services.endorsement_record(application=application, decision="endorse", opinion="同意", signed_name="新",
                                by=new)

    application.refresh_from_db()
    assert application.state == ApplicationState.ENDORSED
    assert services.application_endorsement(application).recommender == new.recommender
