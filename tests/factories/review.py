"""Factories and builders for the review app, on tests/factories/accounts.py and award.py.

- `ReviewCycleFactory` — a 2025 cycle on the seeded standards, in the model's default stage (tests set the stage
  they need); `make_cycle(**overrides)` is the same call.
- `make_application(cycle, kind=..., sector=..., state=..., name=...)` — an `ApplicationFactory` (award.py) in
  QUALIFIED unless `state` says otherwise.
- `ExpertFactory` — an expert user with an `ExpertProfile` (`ExpertProfileFactory`); `make_expert(...)`.
- `PanelFactory`, `PanelMemberFactory`, `make_panel(cycle, sector=..., size=..., leader=...)` → (panel, experts).
- `AgencyFactory`, `AgencyMemberFactory`, `make_agency(cycle, office=...)` → (agency, agency user).
- `PledgeFactory`, `pledge(cycle, *experts)` — signed pledges (Art. 13).
- `ScorecardFactory`, `card_for(assignment)`; `activate(assignment)`, `full_percentages(application, pct)`,
  `full_comments(application)`, `submit_scores(assignment, pct)` — score a whole scorecard the way an expert's
  form would, through the real service.
"""
import datetime

import factory
from django.utils import timezone

from accounts.models import Role, Sector
from award.models import ApplicationState, Cycle, StandardCategory, StandardItem
from review.models import (
    Agency,
    AgencyMember,
    AssignmentState,
    ExpertProfile,
    Panel,
    PanelMember,
    Pledge,
    Scorecard,
    ScoreLayer,
)
from review.services import grants_sync, scorecard_save

from .accounts import UserFactory, credit_code_sequence, id_number_sequence
from .award import ApplicationFactory, seeded_standard

# Offsets keep the codes made here apart from the accounts factories' own sequences.
_CYCLE_NUMBERS = 5001
_AFFILIATION_CODES = 900_000
_AGENCY_CODES = 4_000_000
_EXPERT_ID_NUMBERS = 500_000


class ReviewCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    number = factory.Sequence(lambda n: _CYCLE_NUMBERS + n)
    year = 2025
    application_opens = datetime.date(2025, 3, 1)
    application_closes = datetime.date(2025, 5, 31)
    organization_standard = factory.LazyFunction(lambda: seeded_standard("organization", version=1))
    individual_standard = factory.LazyFunction(lambda: seeded_standard("individual", version=1))


class ExpertProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertProfile

    user = factory.SubFactory(UserFactory, role=Role.EXPERT)
    affiliation = factory.LazyAttribute(lambda o: f"专家单位{o.user.pk}")
    affiliation_credit_code = factory.Sequence(lambda n: credit_code_sequence(_AFFILIATION_CODES + n))
    title = "高级工程师"
    sectors = factory.LazyFunction(lambda: [Sector.SECONDARY])
    id_number = factory.Sequence(lambda n: id_number_sequence(_EXPERT_ID_NUMBERS + n))
    profile_confirmed_at = factory.LazyFunction(timezone.now)  # SPEC §6: the pledge waits for a confirmed profile


class ExpertFactory(UserFactory):
    """An expert user with a profile; profile fields as `profile__<field>`."""

    role = Role.EXPERT
    profile = factory.RelatedFactory(ExpertProfileFactory, "user")


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    cycle = factory.SubFactory(ReviewCycleFactory)
    sector = Sector.SECONDARY
    name = factory.LazyAttribute(lambda o: f"{o.sector}专项评审组")


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    panel = factory.SubFactory(PanelFactory)
    expert = factory.SubFactory(ExpertFactory)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    cycle = factory.SubFactory(ReviewCycleFactory)
    name = "测试评审机构"
    credit_code = factory.Sequence(lambda n: credit_code_sequence(_AGENCY_CODES + n))
    approved_at = datetime.date(2025, 6, 1)
    approval_reference = "质强领〔2025〕1号"
    recorded_by = factory.SubFactory(UserFactory, role=Role.OFFICE)


class AgencyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyMember

    agency = factory.SubFactory(AgencyFactory)
    user = factory.SubFactory(UserFactory, role=Role.AGENCY)


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge
        django_get_or_create = ("cycle", "expert")

    cycle = factory.SubFactory(ReviewCycleFactory)
    expert = factory.SubFactory(ExpertFactory)
    signed_name = factory.LazyAttribute(lambda o: str(o.expert))
    text = "承诺"


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scorecard
        django_get_or_create = ("assignment",)

    application = factory.SelfAttribute("assignment.application")
    expert = factory.SelfAttribute("assignment.expert")
    layer = ScoreLayer.DOCUMENT


def make_cycle(**overrides):
    return ReviewCycleFactory(**overrides)


def make_application(cycle, *, kind="organization", sector=Sector.SECONDARY, state=ApplicationState.QUALIFIED,
                     name=None):
    named = {}
    if name:
        named = {"individual__name": name} if kind == "individual" else {"organization__name": name}
    return ApplicationFactory(cycle=cycle, person=kind == "individual", sector=sector, state=state, **named)


def make_expert(*, affiliation_code=None, sectors=(Sector.SECONDARY,), id_number=None, username=None):
    fields = {"profile__sectors": list(sectors)}
    if affiliation_code:
        fields["profile__affiliation_credit_code"] = affiliation_code
    if id_number:
        fields["profile__id_number"] = id_number
    if username:
        fields["username"] = username
    return ExpertFactory(**fields)


def make_panel(cycle, *, sector=Sector.SECONDARY, size=3, leader=True):
    panel = PanelFactory(cycle=cycle, sector=sector)
    experts = [make_expert(sectors=(sector,)) for _ in range(size)]
    for expert in experts:
        PanelMemberFactory(panel=panel, expert=expert)
    if leader and experts:
        panel.leader = experts[0]
        panel.save()
    return panel, experts


def make_agency(cycle, *, office, pledged=True):
    """The cycle's agency and one staff member, who has signed the cycle's pledge unless `pledged=False`."""
    member = AgencyMemberFactory(agency__cycle=cycle, agency__recorded_by=office)
    if pledged:
        PledgeFactory(cycle=cycle, expert=member.user)
    return member.agency, member.user


def pledge(cycle, *experts):
    for expert in experts:
        PledgeFactory(cycle=cycle, expert=expert)


def full_percentages(application, pct):
    items = StandardItem.objects.filter(category__standard=application.standard)
    return {i.pk: pct for i in items}


def full_comments(application):
    cats = StandardCategory.objects.filter(standard=application.standard)
    return {c.pk: ("优势:体系健全", "改进:数据分析不足") for c in cats}


def activate(assignment):
    """Put a proposed assignment in ACTIVE directly, with its object grants, as the confirmation would."""
    type(assignment).objects.filter(pk=assignment.pk).update(state=AssignmentState.ACTIVE)
    assignment.refresh_from_db()
    grants_sync(expert=assignment.expert, application=assignment.application)
    return assignment


def card_for(assignment):
    return ScorecardFactory(assignment=assignment)


def submit_scores(assignment, pct=None, *, percentages=None):
    card = card_for(assignment)
    percentages = percentages or full_percentages(assignment.application, pct)
    return scorecard_save(scorecard=card, percentages=percentages, comments=full_comments(assignment.application),
                          submit=True, by=assignment.expert)
