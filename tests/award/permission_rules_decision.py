"""Who may reach each URL of the decision stage (award/urls_decision.py), for the walk in
tests/test_permission_walk.py. The objects live in a second, awarded cycle built by `extend_world`."""
import datetime

from django.utils import timezone

from tests.permission_walk import PUBLIC, Rule

OFFICE = {"office"}
HANDLERS = {"office", "supervisor"}  # objections: the supervision group and the office (Art. 11(一))
READERS = {"office", "supervisor", "leading_group"}  # the deliberation (Art. 8(三))


def _pk(key):
    return lambda w: {"pk": w[key].pk}


def extend_world(world: dict) -> None:
    """An awarded cycle: a deliberation, a proposed-list notice with an objection (with evidence), an approval,
    awards and certificates; one objection stays open on a notice that is still in its window."""
    from award import services
    from award.models import Proposal
    from tests.factories.award import pdf_upload
    from tests.factories.decision import awarded_cycle, proposed_cycle, publish_proposed_notice

    office = world["office"]
    cycle, _office, certificates = awarded_cycle(organizations=1, individuals=1, office=office)
    notice = cycle.notices.get(kind="proposed_awards")
    in_window = timezone.make_aware(datetime.datetime.combine(notice.starts_on, datetime.time(10)))
    objection = services.objection_file(
        notice=notice, application=certificates[0].award.application, name="王五", contact="13800000000",
        content="对拟奖励对象的质量业绩有异议。", evidence=pdf_upload("证据.pdf"), now=in_window,
    )
    services.objection_resolve(objection=objection, upheld=False, reasons="经核查不属实", by=office)
    open_cycle, _office, applications = proposed_cycle(organizations=1, individuals=0, office=office)
    open_notice = publish_proposed_notice(open_cycle, office)
    # The world's supervisor sits in both cycles' groups (the grant supervision records on appointment).
    from guardian.shortcuts import assign_perm

    for supervised in (cycle, open_cycle):
        assign_perm("award.view_cycle", world["supervisor"], supervised)
    world.update({
        "decision_cycle": cycle,
        "decision_notice": open_notice,
        "proposal": Proposal.objects.filter(cycle=open_cycle).first(),
        "objection": objection,
        "certificate": certificates[0],
        "open_objection": services.objection_file(
            notice=open_notice, application=applications[0], name="赵六", contact="13900000000",
            content="公示对象存在虚假宣传。", now=timezone.now(),
        ),
    })


RULES = {
    # Public site
    "award:objection_create": Rule(_pk("decision_notice"), PUBLIC),
    "award:objection_submitted": Rule(allowed=PUBLIC),
    "award:verify": Rule(allowed=PUBLIC),
    "award:winners": Rule(allowed=PUBLIC),
    # Comprehensive review and candidates: the office
    "award:comprehensive_review": Rule(_pk("decision_cycle"), OFFICE),
    "award:proposal_create": Rule(_pk("decision_cycle"), OFFICE, method="POST"),
    "award:proposal_vacancy": Rule(_pk("decision_cycle"), OFFICE, method="POST"),
    "award:proposal_withdraw": Rule(_pk("proposal"), OFFICE, method="POST"),
    "award:deliberation_record": Rule(_pk("decision_cycle"), OFFICE),
    "award:deliberation_detail": Rule(_pk("decision_cycle"), READERS),
    # Notice and objections
    "award:proposed_notice_create": Rule(_pk("decision_cycle"), OFFICE),
    "award:objection_list": Rule(_pk("decision_cycle"), HANDLERS),
    "award:objection_detail": Rule(_pk("objection"), HANDLERS),
    "award:objection_resolve": Rule(_pk("open_objection"), HANDLERS, method="POST"),
    "award:objection_evidence": Rule(_pk("objection"), HANDLERS),
    # Approval, awards, certificates
    "award:approval_record": Rule(_pk("decision_cycle"), OFFICE),
    "award:approval_scan": Rule(_pk("decision_cycle"), READERS),
    "award:cycle_awards": Rule(_pk("decision_cycle"), OFFICE),
    "award:awards_grant": Rule(_pk("decision_cycle"), OFFICE, method="POST"),
    "award:winners_export": Rule(_pk("decision_cycle"), OFFICE),
    "award:applications_export": Rule(_pk("decision_cycle"), OFFICE),
    "award:qualified_export": Rule(_pk("decision_cycle"), OFFICE),
    "award:certificate_rerender": Rule(_pk("certificate"), OFFICE, method="POST"),
    # The winner (not one of the walk's actors) and the office; every other actor is refused.
    "award:certificate_download": Rule(_pk("certificate"), OFFICE),
}
