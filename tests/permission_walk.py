"""The permission walk: every URL of the URLconf, as every actor, allowed or denied (issue 2).

Rules live per app in tests/<app>/permission_rules*.py (each exports RULES and may export extend_world); the walk
fails for any URL without a rule, so a URL added later is covered or fails until its owner decides its rule.
"""
import datetime
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

ACTORS = (
    "anonymous",
    "owner",
    "other_applicant",
    "individual",
    "recommender",
    "other_recommender",
    "office",
    "agency",
    "expert",
    "conflicted_expert",
    "supervisor",
    "leading_group",
)
PUBLIC = frozenset(ACTORS)
ANY_LOGGED_IN = frozenset(a for a in ACTORS if a != "anonymous")
# The Django admin guards itself (staff only) and is tested separately; language switching is public by design.
UNWALKED_NAMESPACES = {"admin"}
UNWALKED_NAMES = {"set_language", "accounts:language"}  # tests/award/test_public_responses.py


@dataclass(frozen=True)
class Rule:
    """`material`: the URL shows an application's material (form, evidence, scores, reports) to world["expert"];
    the pledge walk then also proves that the expert is refused without the cycle's pledge and once the stage
    that needed the material has ended (Art. 12, 26)."""
    kwargs: Callable[[dict], dict] = field(default=lambda world: {})
    allowed: frozenset = frozenset()
    method: str = "GET"
    material: bool = False

    def __init__(self, kwargs=None, allowed=(), method="GET", material=False):
        object.__setattr__(self, "kwargs", kwargs or (lambda world: {}))
        object.__setattr__(self, "allowed", frozenset(allowed))
        object.__setattr__(self, "method", method)
        object.__setattr__(self, "material", material)


def url_names(patterns=None, namespace=""):
    """Every named URL of the URLconf as "namespace:name"."""
    names = set()
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (
                entry.namespace or namespace
            )
            if entry.namespace in UNWALKED_NAMESPACES:
                continue
            names |= url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            full = f"{namespace}:{entry.name}" if namespace else entry.name
            if full not in UNWALKED_NAMES:
                names.add(full)
    return names


def rule_modules():
    import tests

    for info in pkgutil.walk_packages(tests.__path__, "tests."):
        if info.name.rsplit(".", 1)[-1].startswith("permission_rules"):
            yield importlib.import_module(info.name)


def all_rules():
    rules = {}
    for module in rule_modules():
        overlap = set(rules) & set(module.RULES)
        assert not overlap, f"rules defined twice: {overlap}"
        rules.update(module.RULES)
    return rules


def _know_next_year(office):
    """Tests must not depend on whether the calendar library already knows next year: enter a plain schedule."""
    from award.models import CalendarYear

    year = timezone.localdate().year + 1
    CalendarYear.objects.get_or_create(year=year, defaults={"source": "测试用", "confirmed_by": office})


def build_world():
    """The base world: one user per actor and applications in the states the award URLs need."""
    from accounts.models import Role
    from award import services
    from award.models import Recusal
    from tests.factories.accounts import (
        IndividualFactory,
        OfficeUserFactory,
        OrganizationFactory,
        RecommenderUserFactory,
        UserFactory,
    )
    from tests.factories.award import CycleFactory, application_in_state, fill_application, pdf_upload

    office = OfficeUserFactory()
    cycle = CycleFactory()
    owner_profile = OrganizationFactory(with_certification=True)
    application = application_in_state("qualified", cycle=cycle, applicant_profile=owner_profile, office=office)
    recommender = application.recommender_user
    other_profile = OrganizationFactory(with_certification=True)
    submitted = services.application_create(cycle=cycle, applicant=other_profile.user)
    fill_application(submitted, recommender=recommender.recommender)
    services.application_submit(
        application=submitted, signed_name="签署人", by=other_profile.user,
        declarations={"declares_truthful": True, "declares_no_major_accident": True, "declares_no_violations": True},
    )
    individual_profile = IndividualFactory()
    draft = services.application_create(cycle=cycle, applicant=individual_profile.user)
    fill_application(draft, recommender=recommender.recommender)
    endorsed = application_in_state("endorsed", cycle=cycle, office=office)
    conflicted = UserFactory(role=Role.EXPERT, username="conflicted")
    Recusal.objects.create(application=application, user=conflicted, reason="曾任职")
    world = {
        "anonymous": None,
        "owner": owner_profile.user,
        "other_applicant": other_profile.user,
        "individual": individual_profile.user,
        "recommender": recommender,
        "other_recommender": RecommenderUserFactory(),
        "office": office,
        "agency": UserFactory(role=Role.AGENCY, username="agency-walk"),
        "expert": UserFactory(role=Role.EXPERT, username="expert-walk"),
        "conflicted_expert": conflicted,
        "supervisor": UserFactory(role=Role.SUPERVISOR, username="supervisor-walk"),
        "leading_group": UserFactory(role=Role.LEADING_GROUP, username="leader-walk"),
        "cycle": cycle,
        "application": application,
        "submitted_application": submitted,
        "draft_application": draft,
        "endorsed_application": endorsed,
        "evidence": application.evidence.first(),
        "draft_evidence": services.evidence_add(
            application=draft, kind="other", description="", uploaded_file=pdf_upload(), by=draft.applicant,
            max_bytes=10_000_000,
        ),
    }
    cycle.stage = "qualification"
    cycle.save()
    _know_next_year(office)
    world["notice"] = services.notice_publish(
        cycle=cycle, kind="qualification", title="资格审查合格名单公示", body="", by=office,
        starts_on=timezone.localdate() + datetime.timedelta(days=1), applications=[application],
    )
    for module in rule_modules():
        extend = getattr(module, "extend_world", None)
        if extend is not None:
            extend(world)
    return world
