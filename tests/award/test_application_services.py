"""The intake workflow through its services: draft, submit, endorse, qualification review, withdraw, correct."""
import datetime

import pytest
from django.utils import timezone
from guardian.models import GroupObjectPermission

from accounts.models import AuditEntry, Notification
from award import services
from award.models import ApplicationState, Award, CorrectionRequest
from award.permissions import can_edit_application
from tests.factories.accounts import (
    IndividualFactory,
    OfficeUserFactory,
    OrganizationFactory,
    RecommenderUserFactory,
)
from tests.factories.award import DECLARATIONS, CycleFactory, application_in_state, fill_application

pytestmark = pytest.mark.django_db


def _submit(application, **overrides):
    kwargs = {"signed_name": "王明", "declarations": DECLARATIONS, "by": application.applicant, **overrides}
    return services.application_submit(application=application, **kwargs)


def test_application_create_prepares_three_years_and_every_category():
    # Art. 6: the three years before the application are evaluated.
    cycle = CycleFactory(year=2026)
    organization = OrganizationFactory(with_certification=True)

    application = services.application_create(cycle=cycle, applicant=organization.user)

    assert [f.year for f in application.year_figures.all()] == [2025, 2024, 2023]
    assert application.self_assessments.count() == 7
    assert application.state == ApplicationState.DRAFT
    assert application.reference == f"BZ{cycle.number}-O-{application.pk:04d}"


def test_application_create_individual_uses_the_300_point_areas():
    application = services.application_create(cycle=CycleFactory(), applicant=IndividualFactory().user)

    assert application.self_assessments.count() == 3
    assert application.standard.total_points == 300


def test_application_create_twice_in_one_cycle_is_refused():
    cycle = CycleFactory()
    organization = OrganizationFactory(with_certification=True)
    services.application_create(cycle=cycle, applicant=organization.user)

    with pytest.raises(services.WorkflowError, match="已有一份申报"):
        services.application_create(cycle=cycle, applicant=organization.user)


def test_application_create_refused_when_cycle_not_open():
    cycle = CycleFactory(stage="draft", call_published_at=None)

    with pytest.raises(services.WorkflowError, match="尚未开放"):
        services.application_create(cycle=cycle, applicant=OrganizationFactory().user)


def test_application_submit_incomplete_lists_what_is_missing_and_changes_nothing():
    application = services.application_create(
        cycle=CycleFactory(), applicant=OrganizationFactory(with_certification=True).user
    )

    with pytest.raises(services.WorkflowError) as caught:
        _submit(application)

    assert "请至少上传一份证实性材料。" in caught.value.reasons
    assert "请选择推荐单位。" in caught.value.reasons
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT
    assert application.submitted_at is None


def test_application_submit_refused_when_registered_under_five_years():
    # Art. 15(一): registered and operating in Binzhou for 5 years or more.
    today = timezone.localdate()
    organization = OrganizationFactory(
        with_certification=True, registration_date=today.replace(year=today.year - 4)
    )
    application = services.application_create(cycle=CycleFactory(), applicant=organization.user)
    fill_application(application, recommender=RecommenderUserFactory().recommender)

    with pytest.raises(services.WorkflowError) as caught:
        _submit(application)

    assert any("第十五条" in r or "5 年" in r or "5年" in r for r in caught.value.reasons), caught.value.reasons
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT


def test_application_submit_refused_while_an_earlier_award_is_valid():
    # Art. 6: no repeat application for the same award within its validity.
    organization = OrganizationFactory(with_certification=True)
    old_cycle = CycleFactory()
    old = application_in_state("draft", cycle=old_cycle, applicant_profile=organization)
    old_cycle.stage = "closed"
    old_cycle.save()
    type(old).objects.filter(pk=old.pk).update(state=ApplicationState.AWARDED)
    Award.objects.create(
        cycle=old_cycle, application=old, kind="organization", recipient_name=organization.name,
        credit_code=organization.credit_code, awarded_on=datetime.date(2024, 12, 20),
        valid_until=datetime.date(2029, 12, 19),
    )
    application = services.application_create(cycle=CycleFactory(), applicant=organization.user)
    fill_application(application, recommender=RecommenderUserFactory().recommender)

    with pytest.raises(services.WorkflowError) as caught:
        _submit(application)

    assert any("2029" in r for r in caught.value.reasons), caught.value.reasons


def test_application_submit_locks_the_form_and_asks_the_recommender():
    # Art. 19(一): the recommender signs before the office sees it.
    application = application_in_state("draft")
    recommender_user = RecommenderUserFactory(recommender=application.recommender)

    _submit(application)

    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert not can_edit_application(application.applicant, application)
    assert Notification.objects.filter(recipient=recommender_user, event="application.submitted").count() == 1
    assert {c["passed"] for c in application.eligibility_snapshot} == {True}
    # The recommender's group holds its grants on it; the applicant has a receipt; one audit entry.
    grants = GroupObjectPermission.objects.filter(group__name=f"recommender:{application.recommender_id}",
                                                  object_pk=str(application.pk))
    assert set(grants.values_list("permission__codename", flat=True)) == {
        "view_application", "endorse_application", "view_evidence"}
    assert Notification.objects.filter(recipient=application.applicant, subject__startswith="申报已提交").exists()
    assert AuditEntry.objects.filter(action="application.submitted", application_id=application.pk).count() == 1
    assert (application.signed_name, application.signed_at is not None) == ("王明", True)


def test_application_submit_without_signature_is_refused():
    application = application_in_state("draft")

    with pytest.raises(services.WorkflowError) as caught:
        _submit(application, signed_name=" ", declarations={**DECLARATIONS, "declares_truthful": False})

    assert "请填写签署人姓名。" in caught.value.reasons
    assert "请逐项阅读并勾选全部承诺。" in caught.value.reasons


def test_endorsement_by_another_recommender_is_refused():
    application = application_in_state("submitted")

    with pytest.raises(services.WorkflowError):
        services.endorsement_record(
            application=application, decision="endorse", opinion="同意", signed_name="某人",
            by=RecommenderUserFactory(),
        )
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED


def test_endorsement_endorse_sends_the_application_to_the_office():
    office = OfficeUserFactory()
    application = application_in_state("submitted", office=office)

    services.endorsement_record(
        application=application, decision="endorse", opinion="同意推荐", signed_name="孙立",
        by=application.recommender_user,
    )

    application.refresh_from_db()
    assert application.state == ApplicationState.ENDORSED
    assert Notification.objects.filter(recipient=office, event="application.endorsed").exists()


def test_declined_application_may_choose_another_recommender_and_resubmit():
    application = application_in_state("declined")
    other = RecommenderUserFactory()
    application.recommender = other.recommender
    application.save()

    _submit(application)

    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.recommender == other.recommender


def test_application_withdraw_before_qualification_review():
    application = application_in_state("endorsed")

    services.application_withdraw(application=application, by=application.applicant)

    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN
    assert application.withdrawn_at is not None


def test_application_withdraw_after_qualification_is_refused():
    application = application_in_state("qualified")

    with pytest.raises(services.WorkflowError, match="不能撤回"):
        services.application_withdraw(application=application, by=application.applicant)


def test_qualification_pass_with_a_failed_criterion_is_refused():
    # Art. 19(二): the ruling follows the criteria.
    application = application_in_state("endorsed")

    with pytest.raises(services.WorkflowError, match="未通过"):
        services.qualification_decide(
            application=application, decision="pass", reasons="理由", by=application.office_user,
            criteria=[{"code": "x", "article": "第十五条", "label": "x", "passed": False}],
        )


def test_qualification_return_needs_a_deadline():
    application = application_in_state("endorsed")

    with pytest.raises(services.WorkflowError, match="截止日期"):
        services.qualification_decide(
            application=application, decision="return", reasons="补充材料", by=application.office_user, criteria=[]
        )


def test_returned_application_corrected_goes_back_to_qualification_review():
    application = application_in_state("returned")
    assert application.is_editable
    correction = CorrectionRequest.objects.get(application=application)

    _submit(application)

    application.refresh_from_db()
    correction.refresh_from_db()
    assert application.state == ApplicationState.ENDORSED
    assert correction.resolved_at is not None


def test_qualification_by_non_office_is_refused():
    application = application_in_state("endorsed")

    with pytest.raises(services.WorkflowError):
        services.qualification_decide(
            application=application, decision="pass", reasons="理由", by=application.recommender_user, criteria=[]
        )


def test_application_transition_outside_the_table_is_refused():
    application = application_in_state("qualified")

    with pytest.raises(services.WorkflowError, match="不能变更"):
        services.application_transition(application=application, to_state="submitted", by=application.office_user)


def test_correction_after_the_window_closed_is_accepted_until_its_deadline():
    # Art. 19(二): the office's return for correction sets its own deadline.
    application = application_in_state("returned")
    cycle = application.cycle
    cycle.application_closes = timezone.localdate() - datetime.timedelta(days=1)
    cycle.stage = "qualification"
    cycle.save()

    _submit(application)

    application.refresh_from_db()
    assert application.state == ApplicationState.ENDORSED


def test_correction_after_its_deadline_is_refused():
    application = application_in_state("returned")
    CorrectionRequest.objects.filter(application=application).update(
        deadline=timezone.localdate() - datetime.timedelta(days=1)
    )

    with pytest.raises(services.WorkflowError) as caught:
        _submit(application)

    assert any("补正截止日期" in r for r in caught.value.reasons)
    application.refresh_from_db()
    assert application.state == ApplicationState.RETURNED


def test_application_create_refused_while_an_earlier_cycle_still_reviews_the_applicant():
    organization = OrganizationFactory(with_certification=True)
    earlier = application_in_state("qualified", applicant_profile=organization)
    earlier.cycle.stage = "document_review"
    earlier.cycle.save()

    with pytest.raises(services.WorkflowError, match="仍在评审中"):
        services.application_create(cycle=CycleFactory(), applicant=organization.user)
