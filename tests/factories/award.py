"""Factories and builders for the award app.

- `CycleFactory` — a cycle open for applications today (window from 10 days ago to 10 days ahead), call published,
  with the seeded standards; `CycleFactory(stage="draft", call_published_at=None)` for a draft.
- `application_in_state(state, cycle=..., kind=...)` — drives a fresh application through the real services to
  `state` ("draft", "submitted", "declined", "endorsed", "returned", "qualified", "not_qualified", "withdrawn")
  and returns it with `.recommender_user` and `.office_user` attached for the test's convenience.
- `fill_application(application)` — completes the form (figures, self-assessment, one PDF, a recommender).
- `pdf_upload(name)` / `png_upload(name)` — real files that pass the content checks.
- `ApplicationFactory` — an application created directly in QUALIFIED (`person=True` for an individual's), for
  tests that arrange later stages; `AwardFactory` / `award_for(profile=..., kind=...)` — an award of a past cycle.
"""
import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfWriter

from accounts.models import Sector
from award import services
from award.dates import add_years
from award.models import Application, ApplicationState, Award, Cycle, CycleStage, ScoringStandard

from .accounts import (
    IndividualFactory,
    OfficeUserFactory,
    OrganizationFactory,
    RecommenderUserFactory,
    credit_code_sequence,
)


def _today():
    return timezone.localdate()


def seeded_standard(kind, *, version=None):
    """The migration-seeded standard (the newest, or `version`), seeded again when a transactional test flushed
    the tables before."""
    from award.models import StandardCategory, StandardItem
    from award.standards_seed import INDIVIDUAL_STANDARD, ORGANIZATION_STANDARD, load_standard

    standards = ScoringStandard.objects.filter(kind=kind)
    if version is not None:
        standards = standards.filter(version=version)
    standard = standards.order_by("-version").first()
    if standard is None:
        data = ORGANIZATION_STANDARD if kind == "organization" else INDIVIDUAL_STANDARD
        standard = load_standard(ScoringStandard, StandardCategory, StandardItem, data)
    return standard


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: 20 + n)
    year = factory.LazyFunction(lambda: _today().year)
    stage = CycleStage.OPEN
    application_opens = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=10))
    application_closes = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=10))
    schedule = "申报、资格审查、评审、公示、批准"
    media = "滨州日报"
    call_published_at = factory.LazyFunction(timezone.now)
    organization_standard = factory.LazyFunction(lambda: seeded_standard("organization"))
    individual_standard = factory.LazyFunction(lambda: seeded_standard("individual"))


def pdf_upload(name="材料.pdf"):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def png_upload(name="照片.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def fill_application(application, *, recommender):
    application.recommender = recommender
    application.summary = "质量工作概述"
    application.achievement = "主要成果"
    application.save()
    for figure in application.year_figures.all():
        figure.revenue = 1000
        figure.quality_indicators = "合格率 99%"
        figure.save()
    application.self_assessments.update(text="自评说明")
    services.evidence_add(
        application=application, kind="license" if application.kind == "organization" else "identity",
        description="", uploaded_file=pdf_upload(), by=application.applicant, max_bytes=20 * 1024 * 1024,
    )
    return application


DECLARATIONS = {"declares_truthful": True, "declares_no_major_accident": True, "declares_no_violations": True}

PATHS = {
    "draft": [],
    "submitted": ["submit"],
    "withdrawn": ["submit", "withdraw"],
    "declined": ["submit", "decline"],
    "endorsed": ["submit", "endorse"],
    "returned": ["submit", "endorse", "return"],
    "qualified": ["submit", "endorse", "pass"],
    "not_qualified": ["submit", "endorse", "fail"],
}


def application_in_state(state, *, cycle=None, kind="organization", applicant_profile=None, office=None):
    cycle = cycle or CycleFactory()
    if applicant_profile is None:
        applicant_profile = (
            OrganizationFactory(with_certification=True) if kind == "organization" else IndividualFactory()
        )
    recommender_user = RecommenderUserFactory()
    office = office or OfficeUserFactory()
    application = services.application_create(cycle=cycle, applicant=applicant_profile.user)
    fill_application(application, recommender=recommender_user.recommender)
    criteria = [{"code": "materials", "article": "第十九条(一)", "label": "材料", "passed": True}]
    for step in PATHS[state]:
        if step == "submit":
            services.application_submit(
                application=application, signed_name="签署人", declarations=DECLARATIONS, by=application.applicant
            )
        elif step == "withdraw":
            services.application_withdraw(application=application, by=application.applicant)
        elif step in ("endorse", "decline"):
            services.endorsement_record(
                application=application, decision=step, opinion="意见", signed_name="推荐人", by=recommender_user
            )
        elif step in ("pass", "fail", "return"):
            services.qualification_decide(
                application=application, decision=step, reasons="理由", by=office,
                criteria=[{**criteria[0], "passed": step != "fail"}],
                deadline=_today() + datetime.timedelta(days=5) if step == "return" else None,
            )
        application.refresh_from_db()
    application.recommender_user = recommender_user
    application.office_user = office
    return application


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An organization's application created directly in QUALIFIED (arranging a test is not a transition);
    `person=True` for an individual's (employer with a credit code of its own)."""

    class Meta:
        model = Application

    class Params:
        person = factory.Trait(
            kind="individual",
            organization=None,
            individual=factory.SubFactory(
                IndividualFactory, sector=factory.SelfAttribute("..sector"),
                employer_credit_code=factory.Sequence(lambda n: credit_code_sequence(3_000_000 + n)),
            ),
            applicant=factory.SelfAttribute("individual.user"),
            applicant_name=factory.SelfAttribute("individual.name"),
        )

    cycle = factory.SubFactory(CycleFactory)
    kind = "organization"
    sector = Sector.SECONDARY
    state = ApplicationState.QUALIFIED
    organization = factory.SubFactory(OrganizationFactory, sector=factory.SelfAttribute("..sector"))
    applicant = factory.SelfAttribute("organization.user")
    applicant_name = factory.SelfAttribute("organization.name")
    reference = factory.Sequence(lambda n: f"T{5001 + n}")


class AwardFactory(factory.django.DjangoModelFactory):
    """An award of a past (closed) cycle, granted 400 days ago, on an application in AWARDED."""

    class Meta:
        model = Award

    cycle = factory.SubFactory(
        CycleFactory, stage=CycleStage.CLOSED, year=factory.LazyFunction(lambda: _today().year - 2)
    )
    application = factory.SubFactory(ApplicationFactory, cycle=factory.SelfAttribute("..cycle"), state="awarded")
    kind = "organization"
    recipient_name = factory.SelfAttribute("application.applicant_name")
    credit_code = factory.LazyAttribute(
        lambda o: o.application.organization.credit_code if o.application.organization else ""
    )
    id_number = factory.LazyAttribute(lambda o: o.application.individual.id_number if o.application.individual else "")
    awarded_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=400))
    valid_until = factory.LazyAttribute(lambda o: add_years(o.awarded_on, o.cycle.validity_years))
    prize_yuan = 300_000


def award_for(*, profile=None, kind="organization", cycle=None, awarded_on=None, prize_yuan=300_000):
    """An `AwardFactory` award to `profile` (an organization's, or an individual's with kind="individual")."""
    fields = {"kind": kind, "prize_yuan": prize_yuan}
    if cycle is not None:
        fields["cycle"] = cycle
    if awarded_on is not None:
        fields["awarded_on"] = awarded_on
    if kind == "individual":
        fields.update(application__person=True, application__individual=profile)
    elif profile is not None:
        fields["application__organization"] = profile
    return AwardFactory(**fields)
