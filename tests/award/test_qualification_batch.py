"""Batch qualification review (Art. 19(二), issue 10 point 6): several applications ruled on at once, each still
recorded criterion by criterion, with its own transition, audit entry and notification; a wrong-state or
contradicting application refuses the whole batch and nothing changes; nothing happens without the confirmation."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.confirmation import FIELD
from accounts.models import AuditEntry, Notification
from award.models import Application, ApplicationState, QualificationReview
from award.qualification import qualification_criteria
from tests.confirming import confirmation_token_in, post_confirmed
from tests.factories.accounts import OfficeUserFactory
from tests.factories.award import CycleFactory, application_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    """Three organizations' applications of one cycle in qualification review, and the office."""
    office = OfficeUserFactory()
    cycle = CycleFactory()
    applications = [application_in_state("endorsed", cycle=cycle, office=office) for _ in range(3)]
    return cycle, office, applications


def _url(cycle):
    return reverse("award:qualification_batch", kwargs={"pk": cycle.pk})


def _data(client, cycle, applications, *, decision="pass", choice="pass"):
    """The batch form filled in: every criterion `choice`, the ruling and its reasons."""
    ids = [a.pk for a in applications]
    form = client.get(_url(cycle), {"select": "1", "application": ids}).context["form"]
    data = {name: choice for name in form.fields if name.startswith("c_")}
    return {**data, "application": ids, "decision": decision, "reasons": "经逐项审查,符合申报条件。"}


def _states(applications):
    return [Application.objects.get(pk=a.pk).state for a in applications]


def test_the_list_offers_only_applications_in_qualification_review(client, batch):
    cycle, office, applications = batch
    qualified = application_in_state("qualified", cycle=cycle, office=office)
    client.force_login(office)

    page = client.get(_url(cycle)).content.decode()

    for application in applications:
        assert f'name="application" value="{application.pk}"' in page
    assert f'value="{qualified.pk}"' not in page


def test_judged_criteria_start_undecided_and_must_each_be_chosen(client, batch):
    # Art. 19(二): a person's judgement is never pre-selected, in a batch as on the single form.
    cycle, office, applications = batch
    client.force_login(office)
    form = client.get(_url(cycle), {"select": "1", "application": [a.pk for a in applications]}).context["form"]
    judged = [c["code"] for c in qualification_criteria(applications[0]) if c.get("judged")]
    assert judged and all(form[f"c_{code}"].initial is None for code in judged)

    data = _data(client, cycle, applications)
    del data[f"c_{judged[0]}"]
    response = client.post(_url(cycle), data)

    assert "请逐项作出认定" in response.content.decode()
    assert _states(applications) == [ApplicationState.ENDORSED] * 3


def test_a_confirmed_batch_of_three_records_each_application_as_if_decided_alone(client, batch):
    # Art. 19(二): one QualificationReview per application with every criterion of its own checklist.
    cycle, office, applications = batch
    client.force_login(office)
    audits = AuditEntry.objects.filter(application_id__in=[a.pk for a in applications]).count()

    response = post_confirmed(client, _url(cycle), _data(client, cycle, applications))

    assert response.status_code == 302
    assert _states(applications) == [ApplicationState.QUALIFIED] * 3
    for application in applications:
        review = QualificationReview.objects.get(application=application)
        expected = [c["code"] for c in qualification_criteria(application)]
        assert [c["code"] for c in review.criteria] == expected
        assert all(c["passed"] for c in review.criteria)
        assert review.decided_by == office
        assert AuditEntry.objects.filter(application_id=application.pk, action__contains="qualified").exists()
        assert Notification.objects.filter(recipient=application.applicant, event="application.qualified").exists()
    assert AuditEntry.objects.filter(application_id__in=[a.pk for a in applications]).count() >= audits + 3


def test_posting_without_the_confirmation_changes_nothing(client, batch):
    cycle, office, applications = batch
    client.force_login(office)

    response = client.post(_url(cycle), _data(client, cycle, applications))

    assert confirmation_token_in(response)
    body = response.content.decode()
    assert all(a.applicant_name in body for a in applications)
    assert _states(applications) == [ApplicationState.ENDORSED] * 3
    assert not QualificationReview.objects.exists()


def test_a_token_for_another_selection_changes_nothing(client, batch):
    cycle, office, applications = batch
    client.force_login(office)
    token = confirmation_token_in(client.post(_url(cycle), _data(client, cycle, applications[:2])))

    client.post(_url(cycle), {**_data(client, cycle, applications), FIELD: token})

    assert _states(applications) == [ApplicationState.ENDORSED] * 3


def test_an_application_no_longer_in_review_refuses_the_whole_batch(client, batch):
    # Art. 19(二): decided on its own page after the batch was confirmed-to-be; the batch records nothing.
    cycle, office, applications = batch
    client.force_login(office)
    data = _data(client, cycle, applications)
    token = confirmation_token_in(client.post(_url(cycle), data))
    single = reverse("award:qualification_review", kwargs={"pk": applications[1].pk})
    single_form = client.get(single).context["form"]
    post_confirmed(client, single, {**{n: "fail" for n in single_form.fields if n.startswith("c_")},
                                    "decision": "fail", "reasons": "不符合第十五条。"})

    response = client.post(_url(cycle), {**data, FIELD: token})

    body = response.content.decode()
    assert "不在资格审查环节" in body and applications[1].reference in body
    assert _states(applications) == [ApplicationState.ENDORSED, ApplicationState.NOT_QUALIFIED,
                                     ApplicationState.ENDORSED]
    assert QualificationReview.objects.filter(application__in=[applications[0], applications[2]]).count() == 0


def test_selecting_a_wrong_state_application_is_refused_on_the_list(client, batch):
    cycle, office, applications = batch
    qualified = application_in_state("qualified", cycle=cycle, office=office)
    client.force_login(office)

    response = client.get(_url(cycle), {"select": "1", "application": [applications[0].pk, qualified.pk]})

    body = response.content.decode()
    assert "不在资格审查环节" in body and qualified.reference in body
    assert "form" not in response.context or response.context.get("form") is None


def test_a_batch_choice_contradicting_a_system_check_is_refused_and_names_the_application(client, batch):
    # Art. 15: the data-checkable criteria stay each application's own; a batch cannot overrule them.
    cycle, office, applications = batch
    snapshot = [{**c, "passed": False} if c["code"] == "operating_years" else c
                for c in applications[2].eligibility_snapshot]
    assert snapshot != applications[2].eligibility_snapshot
    Application.objects.filter(pk=applications[2].pk).update(eligibility_snapshot=snapshot)
    client.force_login(office)
    data = _data(client, cycle, applications)  # the mixed system check starts undecided
    assert data.get("c_sys_operating_years") == "pass"

    response = client.post(_url(cycle), data)

    body = response.content.decode()
    assert not confirmation_token_in(response)
    assert "与本批次的认定不一致" in body and applications[2].reference in body
    assert _states(applications) == [ApplicationState.ENDORSED] * 3


def test_organizations_and_individuals_are_not_mixed_in_one_batch(client, batch):
    # Art. 15, 17: different conditions, different checklists.
    cycle, office, applications = batch
    person = application_in_state("endorsed", cycle=cycle, kind="individual", office=office)
    client.force_login(office)

    response = client.get(_url(cycle), {"select": "1", "application": [applications[0].pk, person.pk]})

    assert "请分别批量审查" in response.content.decode()


def test_the_mixed_system_check_starts_undecided(client, batch):
    cycle, office, applications = batch
    snapshot = [{**c, "passed": False} if c["code"] == "operating_years" else c
                for c in applications[0].eligibility_snapshot]
    Application.objects.filter(pk=applications[0].pk).update(eligibility_snapshot=snapshot)
    client.force_login(office)

    form = client.get(_url(cycle), {"select": "1", "application": [a.pk for a in applications]}).context["form"]

    assert form["c_sys_operating_years"].initial is None
    assert form["c_sys_credit_code"].initial == "pass"


def test_the_batch_form_costs_the_same_queries_for_two_and_for_five_applications(client, batch):
    cycle, office, applications = batch
    applications += [application_in_state("endorsed", cycle=cycle, office=office) for _ in range(2)]
    client.force_login(office)

    def queries(selection):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(_url(cycle), {"select": "1", "application": [a.pk for a in selection]})
        assert response.status_code == 200 and response.context["form"] is not None
        return len(captured)

    assert queries(applications[:2]) == queries(applications)
