"""Who may reach each review URL (the walk in tests/test_permission_walk.py).

Art. 12: world["conflicted_expert"] has a pledge, a panel seat, a voided assignment and a site-team seat on
world["application"], and a recorded conflict with it, so every URL of that application must refuse them for the
conflict itself, not for a missing pledge or seat. Art. 26: world["expert"] signed the cycle's pledge.

The expert's assignment is recorded without the guardian grant on purpose: the award URLs' rules (owned by award)
do not list "expert" yet, and the review pages check the assignment itself.
"""
import datetime

from tests.permission_walk import PUBLIC, Rule

EXPERTS = {"expert", "conflicted_expert"}


def extend_world(world: dict) -> None:
    """The agency of world["cycle"] with world["agency"]; a secondary-sector panel led by world["expert"] (profile,
    pledge, ACTIVE assignment and a draft scorecard on world["application"], site-team leader); the conflicted
    expert recused through a recorded conflict; a confirmed document result (the owner's feedback); the
    organization questionnaire with a respondent token."""
    from django.utils import timezone

    from review import services
    from review.models import (
        Agency,
        AgencyMember,
        Assignment,
        AssignmentState,
        ConflictSource,
        ConflictType,
        DocumentResult,
        ExpertProfile,
        Panel,
        PanelMember,
        Pledge,
        Questionnaire,
        Respondent,
        Scorecard,
        ScoreLayer,
        SiteTeamMember,
        SiteVisit,
    )

    office, cycle, application = world["office"], world["cycle"], world["application"]
    expert, conflicted = world["expert"], world["conflicted_expert"]
    agency = Agency.objects.create(
        cycle=cycle, name="滨州质量评审中心", credit_code="91371600MA3C000001", approved_at=datetime.date(2025, 6, 1),
        approval_reference="质强领〔2025〕3号", recorded_by=office)
    AgencyMember.objects.create(agency=agency, user=world["agency"])
    Pledge.objects.create(cycle=cycle, expert=world["agency"], signed_name="机构人员", text="承诺")  # Art. 26
    for n, user in enumerate((expert, conflicted)):
        ExpertProfile.objects.create(user=user, affiliation=f"滨州学院{n}", title="教授",
                                     sectors=[application.sector])
        Pledge.objects.create(cycle=cycle, expert=user, signed_name=str(user), text="承诺")
    panel = Panel.objects.create(cycle=cycle, sector=application.sector, name="专项评审组", leader=expert)
    PanelMember.objects.create(panel=panel, expert=expert)
    PanelMember.objects.create(panel=panel, expert=conflicted)
    assignment = Assignment.objects.create(application=application, expert=expert, state=AssignmentState.ACTIVE,
                                           created_by=world["agency"])
    scorecard = Scorecard.objects.create(application=application, expert=expert, assignment=assignment,
                                         layer=ScoreLayer.DOCUMENT)
    # The grant the assignment service records: the assigned expert opens the application and its evidence.
    from review.services.common import grants_sync

    grants_sync(expert=expert, application=application)
    visit = SiteVisit.objects.create(application=application, leader=expert, created_by=world["agency"],
                                     scheduled_for=timezone.localdate() + datetime.timedelta(days=30))
    Assignment.objects.create(application=application, expert=conflicted, state=AssignmentState.ACTIVE,
                              created_by=world["agency"])
    for user in (expert, conflicted):
        SiteTeamMember.objects.create(visit=visit, expert=user)
    # Art. 12: the conflict is found after the assignment and the site-team seat; it voids the assignment.
    services.conflict_record(expert=conflicted, application=application, source=ConflictSource.OFFICE,
                             type=ConflictType.KINSHIP, reason="近亲属任该企业高管", by=office)
    DocumentResult.objects.create(application=application, expert_count=3, mean=600, result=600, pass_mark=550,
                                  passes=True, confirmed_at=timezone.now(), confirmed_by=office)
    questionnaire = Questionnaire.objects.create(
        cycle=cycle, kind="organization", title="社会满意度测评", deadline=timezone.now() + datetime.timedelta(days=30),
        created_by=office)
    questionnaire.questions.create(text="产品质量", position=0)
    submitted = Scorecard.objects.create(application=world["endorsed_application"], expert=expert,
                                         layer=ScoreLayer.SITE, state="submitted", total=500, findings="发现")
    from review.models import Correction

    correction = Correction.objects.create(cycle=cycle, application=application, layer="document",
                                           reason="复核", article="第二十条", opened_by=office)
    world.update({
        "correction": correction,
        "submitted_scorecard": submitted,
        "agency_record": agency, "panel": panel, "assignment": assignment, "scorecard": scorecard,
        "site_visit": visit,
        "respondent": Respondent.objects.create(application=application, group="customer", name="顾客甲",
                                                created_by=world["agency"]),
    })


def _pk(key):
    return lambda w: {"pk": w[key].pk}


APP = _pk("application")


def STANDARD(w):  # noqa: N802 — reads like the other kwargs helpers
    return {"pk": w["cycle"].organization_standard_id}

RULES = {
    # expert (Art. 12, 26): the conflicted expert keeps the pages that show no application
    "review:expert_dashboard": Rule(allowed=EXPERTS),
    "review:pledge_sign": Rule(allowed=EXPERTS | {"agency"}),  # Art. 26: the agency's staff sign too
    # Art. 26: the expert's own record stays after the work; only their own submitted card, never a conflicted one
    "review:expert_record": Rule(allowed=EXPERTS),
    "review:own_scorecard": Rule(_pk("submitted_scorecard"), {"expert"}),
    "review:scorecard_edit": Rule(_pk("assignment"), {"expert"}, material=True),
    "review:assignment_decline": Rule(_pk("assignment"), {"expert"}, method="POST"),
    "review:conflict_declare": Rule(APP, {"expert"}, material=True),
    "review:consensus_edit": Rule(APP, {"expert"}, material=True),
    "review:site_visit": Rule(_pk("site_visit"), {"expert"}, material=True),
    "review:site_scorecard_edit": Rule(_pk("site_visit"), {"expert"}, material=True),
    "review:expert_profile": Rule(allowed=EXPERTS),
    # the expert pool and the conflict matrix (SPEC §6, Art. 12): the agency and the office
    "review:pool_list": Rule(allowed={"agency", "office"}),
    "review:pool_expert_create": Rule(allowed={"agency", "office"}),
    "review:pool_import": Rule(allowed={"agency", "office"}),
    "review:pool_import_template": Rule(allowed={"agency", "office"}),
    "review:conflict_matrix": Rule(allowed={"agency", "office"}),
    # agency (Art. 10)
    "review:agency_dashboard": Rule(allowed={"agency"}),
    "review:panel_manage": Rule(allowed={"agency"}),
    "review:assignments_propose": Rule(allowed={"agency"}, method="POST"),
    "review:assignments_confirm": Rule(allowed={"agency"}, method="POST"),
    "review:assignment_add": Rule(APP, {"agency"}, method="POST"),
    "review:assignment_remove": Rule(_pk("assignment"), {"agency"}, method="POST"),
    "review:assignment_swap": Rule(_pk("assignment"), {"agency"}, method="POST"),
    "review:scorecard_reopen": Rule(_pk("scorecard"), {"agency"}, method="POST"),
    # issue 9 point 4: the experts' progress and the reminder button are the agency's
    "review:expert_progress": Rule(allowed={"agency"}),
    "review:expert_remind": Rule(allowed={"agency"}, method="POST"),
    "review:site_visit_schedule": Rule(APP, {"agency"}),
    "review:respondents_manage": Rule(APP, {"agency"}),
    # office (Art. 9, 12, 20)
    "review:office_results": Rule(allowed={"office"}),
    "review:shortlist_confirm": Rule(allowed={"office"}, method="POST"),
    "review:agency_record": Rule(allowed={"office"}),
    "review:review_deadlines": Rule(allowed={"office"}),
    "review:conflict_flag": Rule(APP, {"office"}),
    # issue 8: the correction procedure is the office's alone
    "review:correction_list": Rule(allowed={"office"}),
    "review:correction_open": Rule(APP, {"office"}),
    "review:correction_detail": Rule(_pk("correction"), {"office"}),
    "review:correction_apply": Rule(_pk("correction"), {"office"}, method="POST"),
    "review:correction_cancel": Rule(_pk("correction"), {"office"}, method="POST"),
    "review:questionnaire_edit": Rule(lambda w: {"kind": "organization"}, {"office"}),
    "review:score_matrix_xlsx": Rule(allowed={"office"}),
    "review:score_matrix_cycle_xlsx": Rule(lambda w: {"pk": w["cycle"].pk}, {"office"}),
    # scoring standards (SPEC §7): the office drafts and records the leading group's approval
    "review:standard_list": Rule(allowed={"office"}),
    "review:standard_detail": Rule(STANDARD, {"office"}),
    "review:standard_version_create": Rule(STANDARD, {"office"}, method="POST"),
    "review:standard_approval_record": Rule(STANDARD, {"office"}),
    # the applicant's feedback once the office confirmed the result (Art. 19(三))
    "review:feedback": Rule(APP, {"owner", "office"}),
    "review:document_report_pdf": Rule(APP, {"owner", "office"}),
    # the agency's reports to the office (Art. 10(三), 19(四)); the site team sees its own report
    "review:site_report_pdf": Rule(APP, {"office", "agency", "expert"}, material=True),
    "review:satisfaction_report_pdf": Rule(APP, {"office", "agency"}),
    "review:cycle_report_pdf": Rule(allowed={"office", "agency"}),
    # public survey link, no login (Art. 19(四))
    "review:survey_answer": Rule(lambda w: {"token": w["respondent"].token}, PUBLIC),
    "review:survey_thanks": Rule(allowed=PUBLIC),
}
