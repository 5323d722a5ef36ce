"""Who may reach each supervision URL (the walk in tests/test_permission_walk.py).

Supervisors reach only their own cycle's record and the handling of complaints, opinions, reports and misconduct
proposals; every other write URL (group, close, decisions, visits, fund reviews, revocations) denies them.
"""
from tests.permission_walk import ANY_LOGGED_IN, PUBLIC, Rule

SUP_OFFICE = {"supervisor", "office"}
DECISIONS = {"office", "leading_group"}


def extend_world(world: dict) -> None:
    """An appointed supervision group for world["cycle"] with world["supervisor"]; a complaint with evidence;
    a report; a misconduct proposal against world["expert"]; an award of a past cycle to world["owner"] with a
    visit, a prize-fund report and a revocation case."""
    from supervision import services
    from supervision.models import MisconductCase, RevocationCase
    from tests.factories.award import award_for, pdf_upload
    from tests.factories.supervision import appointed_group

    office, cycle = world["office"], world["cycle"]
    appointed_group(cycle=cycle, office=office, users=[world["supervisor"]])
    complaint = services.complaint_file(
        category="process", subject="资格审查", description="请核查。", complainant_name="公众",
        complainant_contact="13800000000", files=[pdf_upload("证据.pdf")], ip="10.9.9.9")
    services.complaint_accept(complaint=complaint, deadline=cycle.application_closes, note="", by=world["supervisor"])
    services.complaint_conclude(complaint=complaint, findings="已核查", outcome="unsubstantiated", outcome_text="",
                                public_reply="经核查不属实。", by=world["supervisor"])
    world["complaint"] = complaint
    world["complaint_evidence"] = complaint.evidence.first()
    world["supervision_report"] = services.report_submit(
        cycle=cycle, title="监督情况报告", summary="评审按程序进行。", complaints=[complaint], by=world["supervisor"])
    world["misconduct_case"] = MisconductCase.objects.create(
        cycle=cycle, subject="expert", expert=world["expert"], facts="泄露评分。", proposed_by=world["supervisor"])
    award = award_for(profile=world["owner"].organization)
    world["award"] = award
    world["visit"] = services.visit_schedule(award=award, scheduled_for=award.valid_until, purpose="巡访",
                                             by=office)
    world["fund_report"] = services.fund_report_submit(award=award, year=award.awarded_on.year, narrative="用于培训",
                                                       training_yuan=1000, by=world["owner"])
    world["supervision_group"] = cycle.supervision_group
    world["supervision_member"] = cycle.supervision_group.members.first()
    world["revocation_case"] = RevocationCase.objects.create(
        award=award, source="media", ground="org-08", source_detail="滨州日报报道", opened_by=office,
        state="investigated")


def _pk(key):
    return lambda w: {"pk": w[key].pk}


def _cycle(w):
    return {"pk": w["cycle"].pk}


RULES = {
    "supervision:complaint_create": Rule(allowed=PUBLIC),
    "supervision:complaint_track": Rule(allowed=PUBLIC),
    "supervision:dashboard": Rule(allowed={"supervisor"}),
    "supervision:leading_group_dashboard": Rule(allowed={"leading_group"}),
    # Art. 8(三), 19(五): the comprehensive review before the deliberation (the awarded decision cycle of the walk)
    "supervision:leading_group_review": Rule(lambda w: {"pk": w["decision_cycle"].pk}, DECISIONS),
    "supervision:cycle_record": Rule(_cycle, SUP_OFFICE),
    "supervision:audit_log": Rule(_cycle, SUP_OFFICE),
    "supervision:audit_export": Rule(_cycle, SUP_OFFICE),
    "supervision:opinion_create": Rule(_cycle, {"supervisor"}),
    "supervision:report_create": Rule(_cycle, {"supervisor"}),
    "supervision:misconduct_create": Rule(_cycle, {"supervisor"}),
    "supervision:complaint_list": Rule(allowed=SUP_OFFICE),
    "supervision:complaint_detail": Rule(_pk("complaint"), SUP_OFFICE),
    "supervision:complaint_accept": Rule(_pk("complaint"), SUP_OFFICE, method="POST"),
    "supervision:complaint_dismiss": Rule(_pk("complaint"), SUP_OFFICE, method="POST"),
    "supervision:complaint_note": Rule(_pk("complaint"), SUP_OFFICE, method="POST"),
    "supervision:complaint_conclude": Rule(_pk("complaint"), SUP_OFFICE, method="POST"),
    "supervision:complaint_evidence": Rule(_pk("complaint_evidence"), SUP_OFFICE),
    "supervision:report_list": Rule(allowed=SUP_OFFICE | DECISIONS),
    "supervision:report_download": Rule(_pk("supervision_report"), SUP_OFFICE | DECISIONS),
    "supervision:report_mark_read": Rule(_pk("supervision_report"), {"leading_group"}, method="POST"),
    "supervision:misconduct_list": Rule(allowed=SUP_OFFICE),
    "supervision:misconduct_detail": Rule(_pk("misconduct_case"), SUP_OFFICE),
    # Office-only writes: supervisors and everyone else are denied (Art. 11: supervisors only read and handle).
    "supervision:complaint_move": Rule(_pk("complaint"), {"office"}),
    "supervision:group_manage": Rule(_cycle, {"office"}),
    "supervision:group_propose": Rule(_cycle, {"office"}, method="POST"),
    "supervision:member_add": Rule(_pk("supervision_group"), {"office"}, method="POST"),
    "supervision:member_remove": Rule(_pk("supervision_member"), {"office"}, method="POST"),
    "supervision:group_appoint": Rule(_pk("supervision_group"), {"office"}, method="POST"),
    "supervision:cycle_close": Rule(_cycle, {"office"}),
    "supervision:misconduct_decide": Rule(_pk("misconduct_case"), {"office"}, method="POST"),
    "supervision:award_list": Rule(allowed={"office"}),
    "supervision:visit_plan": Rule(_cycle, {"office"}),
    "supervision:visit_schedule": Rule(_pk("award"), {"office"}),
    "supervision:visit_record": Rule(_pk("visit"), {"office"}),
    "supervision:fund_report_review": Rule(_pk("fund_report"), {"office"}),
    "supervision:revocation_create": Rule(_pk("award"), {"office"}),
    "supervision:revocation_list": Rule(allowed=DECISIONS),
    "supervision:revocation_detail": Rule(_pk("revocation_case"), DECISIONS),
    "supervision:revocation_investigate": Rule(_pk("revocation_case"), {"office"}, method="POST"),
    "supervision:revocation_propose": Rule(_pk("revocation_case"), DECISIONS, method="POST"),
    "supervision:revocation_decide": Rule(_pk("revocation_case"), {"office"}, method="POST"),
    "supervision:revocation_recovery": Rule(_pk("revocation_case"), {"office"}, method="POST"),
    "supervision:winner_awards": Rule(allowed={"owner", "other_applicant", "individual"}),
    "supervision:fund_report_create": Rule(_pk("award"), {"owner"}),
}
assert ANY_LOGGED_IN  # imported for symmetry with the other rule modules
