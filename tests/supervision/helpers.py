"""Builders for supervision tests: an appointed group, an award of a past cycle, a complaint."""
import datetime

from django.utils import timezone

from accounts.models import Role
from award.models import Application, Award, CycleStage
from supervision import services
from tests.factories.accounts import OrganizationFactory, UserFactory
from tests.factories.award import CycleFactory


def supervisors(n, prefix="sup"):
    return [UserFactory(role=Role.SUPERVISOR, username=f"{prefix}{i}-{UserFactory._meta.model.objects.count()}")
            for i in range(n)]


def appointed_group(*, cycle, office, users, approved_on=None):
    group = services.group_propose(cycle=cycle, by=office)
    for user in users:
        services.group_member_add(group=group, user=user, category="deputy", name=str(user), by=office)
    return services.group_appoint(group=group, approved_on=approved_on or timezone.localdate(),
                                  approval_reference="质强领发〔2025〕1号", by=office)


def award_for(*, profile=None, kind="organization", cycle=None, awarded_on=None, prize_yuan=300_000):
    """An award of a past (closed) cycle to an organization (or individual profile)."""
    today = timezone.localdate()
    cycle = cycle or CycleFactory(stage=CycleStage.CLOSED, year=today.year - 2)
    awarded_on = awarded_on or today - datetime.timedelta(days=400)
    if kind == "individual":
        application = Application.objects.create(
            cycle=cycle, kind="individual", applicant=profile.user, individual=profile, applicant_name=profile.name,
            sector="secondary", state="awarded", reference=f"T-I-{profile.pk}-{cycle.pk}")
        code, id_number = "", profile.id_number
    else:
        profile = profile or OrganizationFactory()
        application = Application.objects.create(
            cycle=cycle, kind="organization", applicant=profile.user, organization=profile, applicant_name=profile.name,
            sector="secondary", state="awarded", reference=f"T-O-{profile.pk}-{cycle.pk}")
        code, id_number = profile.credit_code, ""
    return Award.objects.create(
        cycle=cycle, application=application, kind=kind if kind != "individual" else "individual",
        recipient_name=application.applicant_name, credit_code=code, id_number=id_number, awarded_on=awarded_on,
        valid_until=awarded_on.replace(year=awarded_on.year + cycle.validity_years), prize_yuan=prize_yuan,
    )


def complaint(**overrides):
    fields = {"category": "advertising", "subject": "某公司", "description": "在产品包装上使用市长质量奖称号。",
              "complainant_name": "王先生", "complainant_contact": "13800000000", "ip": "10.0.0.1"}
    fields.update(overrides)
    return services.complaint_file(**fields)
