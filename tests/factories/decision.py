"""Builders for the decision stage (comprehensive review → awards), driving the real services.

- `decision_cycle(**rules)` — a cycle open for applications (so applications can be created), with `rules`.
- `set_stage(cycle, stage)` — puts a cycle in `stage` directly (the earlier stages belong to other tests).
- `application_at_site_review(cycle, kind=..., document=..., site=..., satisfaction=..., office=..., profile=...)` —
  an application qualified by the real services, then moved to SITE_REVIEW with the review results written on
  it as the review app would.
- `proposed_cycle(...)` — a cycle in PUBLIC_NOTICE with a deliberation agreeing to every candidate given.
- `publish_proposed_notice(cycle, office, starts_on)` — the proposed-award-list notice, published as of `starts_on`.
- `awarded_cycle(...)` — a cycle taken through notice, approval and awards; returns (cycle, certificates).
"""
import datetime
from decimal import Decimal

from django.utils import timezone

from award import services
from award.models import Cycle, CycleStage, NoticeKind

from .accounts import OfficeUserFactory, OrganizationFactory
from .award import CycleFactory, application_in_state, pdf_upload, seeded_standard


def decision_cycle(**rules):
    rules.setdefault("organization_standard", seeded_standard("organization"))
    rules.setdefault("individual_standard", seeded_standard("individual"))
    return CycleFactory(**rules)


def set_stage(cycle, stage):
    Cycle.objects.filter(pk=cycle.pk).update(stage=stage)
    cycle.refresh_from_db()
    return cycle


def application_at_site_review(cycle, *, kind="organization", document="800", site="800", satisfaction="90",
                               office=None, profile=None):
    stage = cycle.stage
    set_stage(cycle, CycleStage.OPEN)
    if profile is None and kind == "organization":
        profile = OrganizationFactory(with_certification=True)
    application = application_in_state("qualified", cycle=cycle, kind=kind, applicant_profile=profile, office=office)
    set_stage(cycle, stage)
    services.application_transition(
        application=application, to_state="site_review", by=application.office_user, reason="现场评审"
    )
    type(application).objects.filter(pk=application.pk).update(
        document_score=None if document is None else Decimal(document),
        site_score=None if site is None else Decimal(site),
        satisfaction_index=None if satisfaction is None else Decimal(satisfaction),
    )
    application.refresh_from_db()
    return application


def proposed_cycle(*, organizations=2, individuals=1, nominations=0, office=None, **rules):
    """A cycle in PUBLIC_NOTICE whose deliberation agreed to `organizations` organization awards, `individuals`
    individual awards and `nominations` nomination awards. Returns (cycle, office, applications)."""
    office = office or OfficeUserFactory()
    cycle = set_stage(decision_cycle(**rules), CycleStage.COMPREHENSIVE_REVIEW)
    applications = []
    plan = (
        [("organization", "organization")] * organizations
        + [("individual", "individual")] * individuals
        + [("organization", "nomination")] * nominations
    )
    proposals = []
    for i, (kind, award_kind) in enumerate(plan):
        application = application_at_site_review(cycle, kind=kind, office=office, site=str(900 - i))
        proposals.append(
            services.proposal_create(cycle=cycle, application=application, award_kind=award_kind, by=office)
        )
        applications.append(application)
    services.deliberation_record(
        cycle=cycle, meeting_name="领导小组第3次会议", held_on=timezone.localdate(), members_present="张三、李四、王五",
        decisions={p.pk: ("agree", "") for p in proposals}, by=office,
    )
    services.cycle_advance(cycle=cycle, by=office)
    cycle.refresh_from_db()
    for application in applications:
        application.refresh_from_db()
    return cycle, office, applications


def publish_proposed_notice(cycle, office, *, starts_on=None):
    starts_on = starts_on or timezone.localdate()
    return services.notice_publish(
        cycle=cycle, kind=NoticeKind.PROPOSED_AWARDS, title=f"{cycle}拟奖励名单公示", body="现予公示。",
        starts_on=starts_on, by=office, today=starts_on,
    )


def awarded_cycle(*, organizations=1, individuals=1, nominations=0, office=None, **rules):
    """A cycle whose notice window (published 30 days ago) has ended, approved yesterday, awards granted.
    Returns (cycle, office, certificates)."""
    cycle, office, _applications = proposed_cycle(
        organizations=organizations, individuals=individuals, nominations=nominations, office=office, **rules
    )
    today = timezone.localdate()
    notice = publish_proposed_notice(cycle, office, starts_on=today - datetime.timedelta(days=30))
    services.cycle_advance(cycle=cycle, by=office)
    services.approval_record(
        cycle=cycle, body="standing_meeting", decided_on=notice.ends_on + datetime.timedelta(days=1),
        document_number="滨政字〔2026〕12号", scan=pdf_upload("批准文件.pdf"), by=office,
    )
    certificates = services.awards_grant(cycle=cycle, by=office)
    cycle.refresh_from_db()
    return cycle, office, certificates
