"""Review fixtures built on tests/factories/accounts.py: a cycle on the seeded standards, qualified
applications, and experts with profiles in the sector's panel.

Applications are created directly in their state: arranging a test is not a transition.
"""
import datetime

from django.utils import timezone

from accounts.models import Role, Sector
from award.models import Application, ApplicationState, Cycle, ScoringStandard
from review.models import Agency, AgencyMember, ExpertProfile, Panel, PanelMember, Pledge
from tests.factories.accounts import (
    IndividualFactory,
    OrganizationFactory,
    UserFactory,
    credit_code_sequence,
    id_number_sequence,
)

_counter = {"n": 5000}


def _next():
    _counter["n"] += 1
    return _counter["n"]


def seeded_standard(kind):
    """The migration-seeded standard; re-seeded after a transactional test flushed the tables."""
    from award.models import StandardCategory, StandardItem
    from award.standards_seed import INDIVIDUAL_STANDARD, ORGANIZATION_STANDARD, load_standard

    standard = ScoringStandard.objects.filter(kind=kind, version=1).first()
    if standard is None:
        data = ORGANIZATION_STANDARD if kind == "organization" else INDIVIDUAL_STANDARD
        standard = load_standard(ScoringStandard, StandardCategory, StandardItem, data)
    return standard


def make_cycle(**overrides):
    fields = {
        "number": _next(),
        "year": 2025,
        "application_opens": datetime.date(2025, 3, 1),
        "application_closes": datetime.date(2025, 5, 31),
        "organization_standard": seeded_standard("organization"),
        "individual_standard": seeded_standard("individual"),
    }
    fields.update(overrides)
    return Cycle.objects.create(**fields)


def make_application(cycle, *, kind="organization", sector=Sector.SECONDARY, state=ApplicationState.QUALIFIED,
                     name=None):
    if kind == "organization":
        org = OrganizationFactory(sector=sector, **({"name": name} if name else {}))
        return Application.objects.create(
            cycle=cycle, kind=kind, applicant=org.user, organization=org, state=state,
            applicant_name=org.name, sector=sector, reference=f"T{_next()}",
        )
    person = IndividualFactory(sector=sector, employer_credit_code=credit_code_sequence(_next()),
                               **({"name": name} if name else {}))
    return Application.objects.create(
        cycle=cycle, kind=kind, applicant=person.user, individual=person, state=state,
        applicant_name=person.name, sector=sector, reference=f"T{_next()}",
    )


def make_expert(*, affiliation_code=None, sectors=(Sector.SECONDARY,), id_number=None, username=None):
    user = UserFactory(role=Role.EXPERT, **({"username": username} if username else {}))
    ExpertProfile.objects.create(
        user=user, affiliation=f"专家单位{user.pk}",
        affiliation_credit_code=affiliation_code or credit_code_sequence(900000 + _next()),
        title="高级工程师", sectors=list(sectors), id_number=id_number or id_number_sequence(_next()),
        profile_confirmed_at=timezone.now(),
    )
    return user


def make_panel(cycle, *, sector=Sector.SECONDARY, size=3, leader=True):
    panel = Panel.objects.create(cycle=cycle, sector=sector, name=f"{sector}专项评审组")
    experts = [make_expert(sectors=(sector,)) for _ in range(size)]
    for e in experts:
        PanelMember.objects.create(panel=panel, expert=e)
    if leader and experts:
        panel.leader = experts[0]
        panel.save()
    return panel, experts


def make_agency(cycle, *, office):
    agency = Agency.objects.create(cycle=cycle, name="测试评审机构", credit_code=credit_code_sequence(_next()),
                                   approved_at=datetime.date(2025, 6, 1), approval_reference="质强领〔2025〕1号",
                                   recorded_by=office)
    user = UserFactory(role=Role.AGENCY)
    AgencyMember.objects.create(agency=agency, user=user)
    return agency, user


def pledge(cycle, *experts):
    for e in experts:
        Pledge.objects.get_or_create(cycle=cycle, expert=e, defaults={"signed_name": str(e), "text": "承诺"})
