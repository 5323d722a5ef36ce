"""Comprehensive review, deliberation, the proposed-list notice, approval and awards (SPEC §9–10)."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.dates import date_text
from accounts.models import Notification
from award import services
from award.dates import award_valid_until
from award.models import (
    ApplicationState,
    Award,
    AwardKind,
    CycleStage,
    NoticeKind,
    Proposal,
)
from award.selectors import comprehensive_ranking
from tests.factories.accounts import LeadingGroupUserFactory, OfficeUserFactory, OrganizationFactory
from tests.factories.award import pdf_upload
from tests.factories.decision import (
    application_at_site_review,
    awarded_cycle,
    decision_cycle,
    proposed_cycle,
    publish_proposed_notice,
    set_stage,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return OfficeUserFactory()


@pytest.fixture
def cycle():
    return set_stage(decision_cycle(organization_award_cap=2, individual_award_cap=1, nomination_award_cap=1),
                     CycleStage.COMPREHENSIVE_REVIEW)


# --- Caps (Art. 6, 7) and vacancies -----------------------------------------------------------------------------

def test_proposal_create_refuses_beyond_the_organization_cap_and_says_why(cycle, office):
    apps = [application_at_site_review(cycle, office=office) for _ in range(3)]
    for application in apps[:2]:
        services.proposal_create(cycle=cycle, application=application, award_kind="organization", by=office)

    with pytest.raises(services.WorkflowError) as refusal:
        services.proposal_create(cycle=cycle, application=apps[2], award_kind="organization", by=office)

    # Art. 6: 组织奖每届不超过 N 个 (N is the cycle's cap, here 2)
    assert str(refusal.value) == "组织奖名额已满(上限 2 个,第六条)"
    apps[2].refresh_from_db()
    assert apps[2].state == ApplicationState.SITE_REVIEW
    assert Proposal.objects.filter(cycle=cycle, award_kind="organization").count() == 2


def test_proposal_create_refuses_a_nomination_award_for_an_individual(cycle, office):
    person = application_at_site_review(cycle, kind="individual", office=office)

    with pytest.raises(services.WorkflowError) as refusal:
        services.proposal_create(cycle=cycle, application=person, award_kind="nomination", by=office)

    assert str(refusal.value) == "个人奖不设提名奖(第七条)。"  # Art. 7


def test_proposal_create_refuses_incomplete_review_results(cycle, office):
    application = application_at_site_review(cycle, satisfaction=None, office=office)

    with pytest.raises(services.WorkflowError) as refusal:
        services.proposal_create(cycle=cycle, application=application, award_kind="organization", by=office)

    assert "不完整" in str(refusal.value)


def test_vacancy_takes_a_place_with_its_reason_and_counts_against_the_cap(cycle, office):
    # Art. 6: 达不到奖励条件的奖项可以空缺
    services.proposal_vacancy_record(cycle=cycle, award_kind="individual", reason="无申报达到奖励条件", by=office)
    person = application_at_site_review(cycle, kind="individual", office=office)

    with pytest.raises(services.WorkflowError) as refusal:
        services.proposal_create(cycle=cycle, application=person, award_kind="individual", by=office)

    vacancy = Proposal.objects.get(cycle=cycle, award_kind="individual")
    assert (vacancy.is_vacant, vacancy.vacancy_reason, vacancy.slot) == (True, "无申报达到奖励条件", 1)
    assert str(refusal.value) == "个人奖名额已满(上限 1 人,第六条)"


def test_vacancy_without_a_reason_is_refused(cycle, office):
    with pytest.raises(services.WorkflowError):
        services.proposal_vacancy_record(cycle=cycle, award_kind="organization", reason="  ", by=office)
    assert Proposal.objects.count() == 0


def test_proposal_withdraw_frees_the_place_and_returns_the_application(cycle, office):
    application = application_at_site_review(cycle, office=office)
    proposal = services.proposal_create(cycle=cycle, application=application, award_kind="organization", by=office)

    services.proposal_withdraw(proposal=proposal, by=office)

    application.refresh_from_db()
    assert application.state == ApplicationState.SITE_REVIEW
    assert Proposal.objects.filter(cycle=cycle).count() == 0


def test_database_refuses_a_second_proposal_in_the_same_slot(cycle, office):
    from django.db import IntegrityError, transaction

    Proposal.objects.create(cycle=cycle, award_kind="organization", slot=1, vacancy_reason="空缺", proposed_by=office)
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.create(
            cycle=cycle, award_kind="organization", slot=1, vacancy_reason="空缺", proposed_by=office
        )


def test_proposal_form_post_over_the_cap_shows_the_reason(client, cycle, office):
    apps = [application_at_site_review(cycle, office=office) for _ in range(2)]
    services.proposal_vacancy_record(cycle=cycle, award_kind="nomination", reason="空缺", by=office)
    client.force_login(office)

    response = client.post(
        reverse("award:proposal_create", kwargs={"pk": cycle.pk}),
        {"application": apps[0].pk, "award_kind": "nomination"}, follow=True,
    )

    assert "组织提名奖名额已满(上限 1 个,第七条)" in response.content.decode()
    apps[0].refresh_from_db()
    assert apps[0].state == ApplicationState.SITE_REVIEW


# --- Ranking formula (Art. 19(五)) ---------------------------------------------------------------------------------

def test_ranking_normalises_scores_to_percent_and_applies_the_cycle_weights(office):
    cycle = set_stage(
        decision_cycle(weight_document=Decimal("0.50"), weight_site=Decimal("0.30"),
                       weight_satisfaction=Decimal("0.20")),
        CycleStage.COMPREHENSIVE_REVIEW,
    )
    org = application_at_site_review(cycle, document="700", site="800", satisfaction="90", office=office)
    person = application_at_site_review(cycle, kind="individual", document="240", site="210", satisfaction="80",
                                        office=office)

    ranking = comprehensive_ranking(cycle=cycle)

    org_row, person_row = ranking["organization"][0], ranking["individual"][0]
    # organization standard: 1000 points → 70%, 80%; 0.5×70 + 0.3×80 + 0.2×90 = 77
    assert (org_row.application, org_row.document_pct, org_row.site_pct, org_row.composite) == (
        org, Decimal("70.00"), Decimal("80.00"), Decimal("77.00"))
    # individual standard: 300 points → 80%, 70%; 0.5×80 + 0.3×70 + 0.2×80 = 77
    assert (person_row.application, person_row.composite) == (person, Decimal("77.00"))


def test_ranking_breaks_ties_by_art16_then_site_score_then_submission_time(cycle, office):
    # Same composite (0.4×d + 0.4×s + 0.2×sat): 80/80/90 and 90/70/90 both give 82.
    plain_high_site = application_at_site_review(cycle, document="800", site="800", satisfaction="90", office=office)
    plain_low_site = application_at_site_review(cycle, document="900", site="700", satisfaction="90", office=office)
    encouraged = application_at_site_review(
        cycle, document="900", site="700", satisfaction="90", office=office,
        profile=OrganizationFactory(with_certification=True, is_strategic_emerging=True),
    )
    later_twin = application_at_site_review(cycle, document="800", site="800", satisfaction="90", office=office)

    rows = comprehensive_ranking(cycle=cycle)["organization"]

    # Art. 16 first, then higher site score, then earlier submission
    assert [r.application for r in rows] == [encouraged, plain_high_site, later_twin, plain_low_site]
    assert {r.composite for r in rows} == {Decimal("82.00")}
    assert [r.rank for r in rows] == [1, 2, 3, 4]


def test_comprehensive_review_page_shows_the_formula_and_the_ranking(client, cycle, office):
    application_at_site_review(cycle, office=office)
    client.force_login(office)

    response = client.get(reverse("award:comprehensive_review", kwargs={"pk": cycle.pk}))

    text = response.content.decode()
    assert response.status_code == 200
    assert "综合得分 = 资料评审得分率 × 0.40 + 现场评审得分率 × 0.40 + 社会满意度指数 × 0.20" in text
    assert "第十六条鼓励申报的组织" in text


# --- Deliberation (Art. 8(三)) -------------------------------------------------------------------------------------

def test_deliberation_makes_the_proposed_list_and_closes_the_rest(cycle, office):
    agreed = application_at_site_review(cycle, office=office)
    rejected = application_at_site_review(cycle, office=office)
    not_put_forward = application_at_site_review(cycle, office=office)
    p1 = services.proposal_create(cycle=cycle, application=agreed, award_kind="organization", by=office)
    p2 = services.proposal_create(cycle=cycle, application=rejected, award_kind="nomination", by=office)

    services.deliberation_record(
        cycle=cycle, meeting_name="第5次会议", held_on=timezone.localdate(), members_present="甲、乙、丙",
        decisions={p1.pk: ("agree", ""), p2.pk: ("reject", "示范作用不足")}, by=office,
    )

    states = [a.__class__.objects.get(pk=a.pk).state for a in (agreed, rejected, not_put_forward)]
    assert states == [ApplicationState.PROPOSED, ApplicationState.NOT_AWARDED, ApplicationState.NOT_AWARDED]
    assert Notification.objects.filter(event="application.not_awarded").count() == 2


def test_deliberation_rejection_needs_remarks(cycle, office):
    application = application_at_site_review(cycle, office=office)
    proposal = services.proposal_create(cycle=cycle, application=application, award_kind="organization", by=office)

    with pytest.raises(services.WorkflowError) as refusal:
        services.deliberation_record(
            cycle=cycle, meeting_name="会议", held_on=timezone.localdate(), members_present="甲",
            decisions={proposal.pk: ("reject", "")}, by=office,
        )

    assert refusal.value.reasons == [f"不同意“{application.applicant_name}”时请写明理由。"]


def test_cycle_cannot_go_to_public_notice_before_the_deliberation(cycle, office):
    assert services.cycle_stage_blockers(cycle) == ["请先记录领导小组对候选名单的审议(第八条第三项)。"]


def test_leading_group_reads_the_deliberation(client):
    cycle, _office, applications = proposed_cycle(organizations=1, individuals=0)
    client.force_login(LeadingGroupUserFactory())

    response = client.get(reverse("award:deliberation_detail", kwargs={"pk": cycle.pk}))

    assert response.status_code == 200
    assert applications[0].applicant_name in response.content.decode()


# --- The proposed-list notice window (Art. 19(六)) ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("starts_on", "ends_on"),
    [
        # National Day 2026: holidays 1–7 October, make-up working days Sun 20 Sept and Sat 10 Oct.
        (datetime.date(2026, 9, 28), datetime.date(2026, 10, 9)),
        (datetime.date(2026, 9, 30), datetime.date(2026, 10, 12)),
        # Spring Festival 2026: holidays 15–23 February, make-up working days Sat 14 and Sat 28 Feb.
        (datetime.date(2026, 2, 12), datetime.date(2026, 2, 25)),
        (datetime.date(2026, 2, 14), datetime.date(2026, 2, 27)),
    ],
    ids=["national-day-from-monday", "national-day-from-eve", "spring-festival-from-thursday",
         "spring-festival-from-makeup-saturday"],
)
def test_proposed_notice_window_is_five_working_days_by_the_prc_calendar(starts_on, ends_on):
    cycle, office, applications = proposed_cycle(organizations=1, individuals=1)

    notice = publish_proposed_notice(cycle, office, starts_on=starts_on)

    assert (notice.kind, notice.working_days, notice.ends_on) == (NoticeKind.PROPOSED_AWARDS, 5, ends_on)
    assert sorted(notice.entries.values_list("application_id", flat=True)) == sorted(a.pk for a in applications)


def test_proposed_notice_labels_say_which_award(office):
    cycle, office, applications = proposed_cycle(organizations=1, individuals=0, nominations=1)

    notice = publish_proposed_notice(cycle, office)

    labels = sorted(notice.entries.values_list("label", flat=True))
    assert labels == sorted([f"{applications[0].applicant_name}(市长质量奖(组织))",
                             f"{applications[1].applicant_name}(市长质量奖提名奖)"])


def test_proposed_notice_only_in_the_public_notice_stage(cycle, office):
    with pytest.raises(services.WorkflowError):
        publish_proposed_notice(cycle, office)


# --- Approval (Art. 19(七)) ----------------------------------------------------------------------------------------

def test_approval_refused_before_the_notice_window_has_ended():
    cycle, office, _apps = proposed_cycle(organizations=1, individuals=0)
    notice = publish_proposed_notice(cycle, office)
    set_stage(cycle, CycleStage.APPROVAL)  # as if advanced by mistake: the service checks again

    with pytest.raises(services.WorkflowError) as refusal:
        services.approval_record(
            cycle=cycle, body="mayor", decided_on=timezone.localdate(), document_number="滨政字〔2026〕1号",
            scan=pdf_upload(), by=office,
        )

    assert refusal.value.reasons == [f"拟奖励名单公示期至 {date_text(notice.ends_on)} 结束。"]
    assert not hasattr(cycle, "approval")


def test_cycle_advance_to_approval_waits_for_the_window(office):
    cycle, office, _apps = proposed_cycle(organizations=1, individuals=0)
    notice = publish_proposed_notice(cycle, office)

    assert services.cycle_stage_blockers(cycle) == [f"拟奖励名单公示期至 {date_text(notice.ends_on)} 结束。"]
    assert services.cycle_stage_blockers(cycle, today=notice.ends_on + datetime.timedelta(days=1)) == []


# --- Awards (Art. 4, 6, 19(八)) ------------------------------------------------------------------------------------

def test_awards_grant_creates_awards_with_prize_validity_and_certificate_numbers():
    cycle, office, certificates = awarded_cycle(organizations=1, individuals=1, nominations=1,
                                                organization_prize_yuan=300_000, validity_years=5)

    awards = {a.kind: a for a in Award.objects.filter(cycle=cycle)}
    approval = cycle.approval
    assert cycle.stage == CycleStage.AWARDED
    # Art. 4: 30万元 for organizations; individuals and nomination awards no prize
    assert [awards[k].prize_yuan for k in (AwardKind.ORGANIZATION, AwardKind.INDIVIDUAL, AwardKind.NOMINATION)] == [
        300_000, 0, 0]
    # Art. 6: valid 5 years from the approval date
    assert awards["organization"].valid_until == award_valid_until(approval.decided_on, 5)
    assert awards["organization"].valid_until == approval.decided_on.replace(
        year=approval.decided_on.year + 5) - datetime.timedelta(days=1)
    assert sorted(c.number for c in certificates) == [
        f"BZQA-{cycle.number}-N-001", f"BZQA-{cycle.number}-O-001", f"BZQA-{cycle.number}-P-001"]
    assert set(cycle.applications.values_list("state", flat=True)) == {ApplicationState.AWARDED}
    assert Notification.objects.filter(event="award.granted").count() == 3


def test_awards_grant_skips_an_application_disqualified_after_an_upheld_objection():
    from tests.factories.accounts import SupervisorUserFactory

    cycle, office, apps = proposed_cycle(organizations=2, individuals=0)
    notice = publish_proposed_notice(cycle, office, starts_on=timezone.localdate() - datetime.timedelta(days=30))
    objection = services.objection_file(
        notice=notice, application=apps[1], name="王五", contact="13800000000", content="材料造假,证据见附件。",
        now=timezone.make_aware(datetime.datetime.combine(notice.starts_on, datetime.time(10))),
    )
    services.objection_resolve(objection=objection, upheld=True, reasons="查实虚报业绩", by=SupervisorUserFactory())
    services.cycle_advance(cycle=cycle, by=office)
    services.approval_record(
        cycle=cycle, body="mayor", decided_on=notice.ends_on + datetime.timedelta(days=1),
        document_number="滨政字〔2026〕2号", scan=pdf_upload(), by=office,
    )

    certificates = services.awards_grant(cycle=cycle, by=office)

    assert [c.award.application_id for c in certificates] == [apps[0].pk]
    apps[1].refresh_from_db()
    assert apps[1].state == ApplicationState.DISQUALIFIED


def test_winners_export_is_an_xlsx_with_one_row_per_award(client):
    import io

    from openpyxl import load_workbook

    cycle, office, certificates = awarded_cycle(organizations=1, individuals=1)
    client.force_login(office)

    response = client.get(reverse("award:winners_export", kwargs={"pk": cycle.pk}))

    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert sorted(r[1] for r in rows) == sorted(c.number for c in certificates)
    prize = headers.index("奖金(元)")
    assert sorted(r[prize] for r in rows) == [0, 300_000]


def test_winners_page_lists_the_published_winners(client):
    cycle, _office, certificates = awarded_cycle(organizations=1, individuals=0)

    response = client.get(reverse("award:winners"))

    text = response.content.decode()
    assert (response.status_code, certificates[0].number in text) == (200, True)
    assert certificates[0].award.recipient_name in text
