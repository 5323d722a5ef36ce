"""Art. 12, 26: access to an application's material follows the pledge and ends with the work.

One rule decides (`review.access.expert_material_access`); the guardian grants are written from it, and award's
views ask both, so each of them denies on its own.
"""
import pytest
from django.urls import reverse
from guardian.shortcuts import remove_perm

from accounts.models import Role
from award.models import ApplicationState, CycleStage
from award.services import cycle_advance
from review.models import Assignment, Pledge
from review.services import pledge_sign, shortlist_confirm
from tests.factories.accounts import UserFactory
from tests.factories.award import pdf_upload
from tests.factories.review import (
    activate,
    make_agency,
    make_application,
    make_cycle,
    make_expert,
    pledge,
    submit_scores,
)


@pytest.fixture
def evidence(application, private_media_root):
    """A file uploaded while the application was a draft (the state is set back to qualified afterwards)."""
    from award.services import evidence_add

    type(application).objects.filter(pk=application.pk).update(state=ApplicationState.DRAFT)
    application.state = ApplicationState.DRAFT
    item = evidence_add(application=application, kind="other", description="", uploaded_file=pdf_upload(),
                        by=application.applicant, max_bytes=10_000_000)
    type(application).objects.filter(pk=application.pk).update(state=ApplicationState.QUALIFIED)
    application.state = ApplicationState.QUALIFIED
    return item


@pytest.fixture
def expert(cycle, application, office):
    cycle.stage = CycleStage.DOCUMENT_REVIEW
    cycle.save(update_fields=["stage"])
    expert = make_expert()
    activate(Assignment.objects.create(application=application, expert=expert, created_by=office))
    return expert


def _get(client, user, name, pk):
    client.force_login(user)
    return client.get(reverse(name, kwargs={"pk": pk}))


def test_unpledged_expert_with_an_active_assignment_is_refused_with_the_reason(client, expert, application,
                                                                               evidence):
    # Art. 26: the assignment is active, but no pledge → no page, no file, and the 403 says why.
    detail = _get(client, expert, "award:application_detail", application.pk)
    download = _get(client, expert, "award:evidence_download", evidence.pk)
    inline = client.get(reverse("award:evidence_download", kwargs={"pk": evidence.pk}) + "?inline=1")

    assert (detail.status_code, download.status_code, inline.status_code) == (403, 403, 403)
    assert expert.has_perm("award.view_application", application) is False


def test_signing_the_pledge_opens_the_material(client, expert, cycle, application, evidence):
    # Art. 26: the grant is written when the pledge is signed, not when the assignment became active.
    pledge_sign(cycle=cycle, expert=expert, signed_name="专家", by=expert)

    assert _get(client, expert, "award:application_detail", application.pk).status_code == 200
    assert _get(client, expert, "award:evidence_download", evidence.pk).status_code == 200


def test_a_revoked_grant_denies_on_its_own(client, expert, cycle, application, evidence):
    # One place decides, but both doors hold: the rule still allows, the grant is gone → refused.
    pledge_sign(cycle=cycle, expert=expert, signed_name="专家", by=expert)
    remove_perm("award.view_application", expert, application)
    remove_perm("award.view_evidence", expert, application)

    assert _get(client, expert, "award:application_detail", application.pk).status_code == 403
    assert _get(client, expert, "award:evidence_download", evidence.pk).status_code == 403


def test_the_rule_denies_on_its_own_while_the_grant_stays(client, expert, cycle, application, evidence):
    # The grant is still recorded, the pledge row is gone → refused by the rule alone.
    pledge_sign(cycle=cycle, expert=expert, signed_name="专家", by=expert)
    Pledge.objects.filter(expert=expert).delete()

    assert expert.has_perm("award.view_application", application) is True
    assert _get(client, expert, "award:application_detail", application.pk).status_code == 403
    assert _get(client, expert, "award:evidence_download", evidence.pk).status_code == 403


def test_confirmed_shortlist_ends_the_document_experts_access(client, cycle, panel, application, office):
    # Art. 26: once the office confirms the document-review results, the document experts' work is done.
    experts = panel[1][:3]
    cycle.stage = CycleStage.DOCUMENT_REVIEW
    cycle.save(update_fields=["stage"])
    pledge(cycle, *experts)
    assignments = [activate(Assignment.objects.create(application=application, expert=e, created_by=office))
                   for e in experts]
    for a in assignments:
        submit_scores(a, 80)
    assert experts[0].has_perm("award.view_application", application) is True

    shortlist_confirm(cycle=cycle, by=office)

    experts[0].refresh_from_db()
    assert experts[0].has_perm("award.view_application", application) is False
    response = _get(client, experts[0], "review:scorecard_edit", assignments[0].pk)
    assert response.status_code == 403
    record = _get(client, experts[0], "review:own_scorecard", assignments[0].scorecard.pk)
    assert record.status_code == 200
    assert "4.1" in record.content.decode()


def test_stage_change_takes_the_grant_back(cycle, application, office):
    # Art. 26: a site-team seat's access ends when the cycle moves on to comprehensive review.
    from review.models import SiteTeamMember, SiteVisit
    from review.services import grants_sync

    cycle.stage = CycleStage.SITE_REVIEW
    cycle.save(update_fields=["stage"])
    type(application).objects.filter(pk=application.pk).update(state=ApplicationState.SITE_REVIEW,
                                                                 site_score=700, satisfaction_index=80)
    expert = make_expert()
    pledge(cycle, expert)
    visit = SiteVisit.objects.create(application=application, leader=expert, created_by=office,
                                     scheduled_for=cycle.application_closes)
    SiteTeamMember.objects.create(visit=visit, expert=expert)
    assert grants_sync(expert=expert, application=application) is True

    cycle_advance(cycle=cycle, by=office)

    expert.refresh_from_db()
    assert expert.has_perm("award.view_application", application) is False


def test_record_lists_the_work_and_refuses_another_experts_card(client, cycle, panel, application, office):
    experts = panel[1][:2]
    pledge(cycle, *experts)
    assignments = [activate(Assignment.objects.create(application=application, expert=e, created_by=office))
                   for e in experts]
    card = submit_scores(assignments[0], 80)

    client.force_login(experts[0])
    page = client.get(reverse("review:expert_record"))
    other = _get(client, experts[1], "review:own_scorecard", card.pk)

    assert application.reference in page.content.decode()
    assert reverse("review:own_scorecard", kwargs={"pk": card.pk}) in page.content.decode()
    assert other.status_code == 403


@pytest.mark.parametrize("role", [Role.OFFICE, Role.AGENCY, Role.ORGANIZATION], ids=str)
def test_own_scorecard_is_the_experts_alone(client, cycle, panel, application, office, role):
    expert = panel[1][0]
    pledge(cycle, expert)
    card = submit_scores(activate(Assignment.objects.create(application=application, expert=expert,
                                                            created_by=office)), 80)

    assert _get(client, UserFactory(role=role), "review:own_scorecard", card.pk).status_code == 403


def test_the_refusal_links_to_the_pledge_of_the_applications_own_cycle(client, expert, cycle, application, office):
    # Art. 12, 26: an expert working in two cycles is refused an application of the earlier one; the 403 page's
    # link opens that cycle's pledge (not the newest cycle's), and signing it opens the application.
    later = make_cycle(number=cycle.number + 1, stage=CycleStage.DOCUMENT_REVIEW)
    other = make_application(later)
    activate(Assignment.objects.create(application=other, expert=expert, created_by=office))
    refused = _get(client, expert, "award:application_detail", application.pk)
    link = f'{reverse("review:pledge_sign")}?cycle={cycle.pk}'
    assert refused.status_code == 403 and link.replace("&", "&amp;") in refused.content.decode()

    page = client.get(link)
    assert page.status_code == 200 and str(cycle) in page.content.decode()
    assert client.post(link, {"agree": "on", "signed_name": expert.full_name}).status_code == 302

    assert Pledge.objects.filter(expert=expert, cycle=cycle).exists()
    assert not Pledge.objects.filter(expert=expert, cycle=later).exists()
    assert _get(client, expert, "award:application_detail", application.pk).status_code == 200


def test_the_pledge_of_a_cycle_without_a_seat_is_not_found(client, expert, cycle):
    # An expert cannot sign (or read) the pledge of a cycle they have nothing to do in.
    stranger_cycle = make_cycle(number=cycle.number + 2)
    client.force_login(expert)
    assert client.get(f'{reverse("review:pledge_sign")}?cycle={stranger_cycle.pk}').status_code == 404
    assert client.get(f'{reverse("review:pledge_sign")}?cycle=abc').status_code == 404
    assert client.post(f'{reverse("review:pledge_sign")}?cycle={stranger_cycle.pk}',
                       {"agree": "on", "signed_name": expert.full_name}).status_code == 404
    assert not Pledge.objects.filter(expert=expert).exists()


def test_the_agency_sees_nothing_of_a_cycle_before_signing_its_pledge(client, cycle, application, office):
    # Art. 12, 26: the agency's staff read applications, scores and survey answers as the experts do, so they
    # sign the cycle's pledge first; the dashboard leads to the pledge, the typed URL is refused with the reason.
    cycle.stage = CycleStage.DOCUMENT_REVIEW
    cycle.save(update_fields=["stage"])
    _agency, staff = make_agency(cycle, office=office, pledged=False)
    client.force_login(staff)
    pledge_url = f'{reverse("review:pledge_sign")}?cycle={cycle.pk}'

    dashboard = client.get(reverse("review:agency_dashboard"))
    refused = client.get(reverse("review:respondents_manage", kwargs={"pk": application.pk}))
    assert dashboard.status_code == 302 and dashboard.url == pledge_url
    assert refused.status_code == 403 and "保密与回避承诺" in refused.content.decode()

    assert client.post(pledge_url, {"agree": "on", "signed_name": staff.full_name}).status_code == 302
    assert client.get(reverse("review:agency_dashboard")).status_code == 200
    assert client.get(reverse("review:respondents_manage", kwargs={"pk": application.pk})).status_code != 403
