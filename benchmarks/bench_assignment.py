"""The assignment proposal at province scale (issue 12): 2,000 qualified applications, 300 experts in three
panels of 100, with a few conflicts to find. Prints the proposal's time and query count and the size of the
agency's assignment page. Everything runs inside a transaction that is rolled back, so the database is left as it
was (run it against PostgreSQL: DATABASE_URL=postgres://… make bench)."""
import datetime
import time

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from stdnum.cn import ric, uscc

from accounts.models import OrganizationProfile, Role, Sector, User

APPLICATIONS = 2000
EXPERTS = 300
SECTORS = (Sector.PRIMARY, Sector.SECONDARY, Sector.TERTIARY)


def _code(n):
    body = f"91371600MB{n:07d}"
    return body + uscc.calc_check_digit(body)


def _id(n):
    body = f"372321197001{n % 28 + 1:02d}{n % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class _Rollback(Exception):
    pass


def _seed():
    from award.models import Application, ApplicationState, Cycle, ScoringStandard
    from review.models import Agency, AgencyMember, ExpertProfile, Panel, PanelMember, PastEmployment

    office = User.objects.create(username="bench-office", role=Role.OFFICE)
    cycle = Cycle.objects.create(
        number=9000, year=2026, stage="document_review", application_opens=datetime.date(2026, 3, 1),
        application_closes=datetime.date(2026, 5, 31),
        organization_standard=ScoringStandard.objects.filter(kind="organization").order_by("version").first(),
        individual_standard=ScoringStandard.objects.filter(kind="individual").order_by("version").first())
    agency = Agency.objects.create(cycle=cycle, name="bench", credit_code=_code(9999999),
                                   approved_at=datetime.date(2026, 6, 1), approval_reference="x", recorded_by=office)
    agency_user = User.objects.create(username="bench-agency", role=Role.AGENCY)
    AgencyMember.objects.create(agency=agency, user=agency_user)
    users = User.objects.bulk_create([User(username=f"bench-org-{n}", role=Role.ORGANIZATION)
                                      for n in range(APPLICATIONS)])
    orgs = OrganizationProfile.objects.bulk_create([
        OrganizationProfile(user=u, name=f"滨州压测企业{n}", credit_code=_code(n), district="bincheng",
                            sector=SECTORS[n % 3], industry=("机械", "化工", "食品", "纺织")[n % 4],
                            size="medium", registration_date=datetime.date(2010, 1, 1), contact_name="x",
                            contact_phone="0543-1234567")
        for n, u in enumerate(users)])
    Application.objects.bulk_create([
        Application(cycle=cycle, kind="organization", applicant=o.user, organization=o,
                    state=ApplicationState.QUALIFIED, applicant_name=o.name, sector=o.sector,
                    reference=f"BENCH{n:05d}", summary="质量管理体系健全,推行卓越绩效和精益生产。")
        for n, o in enumerate(orgs)])
    experts = User.objects.bulk_create([User(username=f"bench-expert-{n}", role=Role.EXPERT,
                                             full_name=f"压测专家{n}") for n in range(EXPERTS)])
    profiles = ExpertProfile.objects.bulk_create([
        ExpertProfile(user=e, affiliation="x", affiliation_credit_code=_code(5_000_000 + n), sectors=[SECTORS[n % 3]],
                      id_number=_id(n), keywords=[("机械", "化工", "食品", "纺织")[n % 4], "卓越绩效"])
        for n, e in enumerate(experts)])
    PastEmployment.objects.bulk_create([  # every tenth expert once worked for an applicant of the panel
        PastEmployment(expert=p, employer="x", credit_code=_code(n * 3 % APPLICATIONS), from_year=2015,
                       to_year=2025) for n, p in enumerate(profiles) if n % 10 == 0])
    panels = {s: Panel.objects.create(cycle=cycle, sector=s, name=str(s)) for s in SECTORS}
    PanelMember.objects.bulk_create([PanelMember(panel=panels[SECTORS[n % 3]], expert=e)
                                     for n, e in enumerate(experts)])
    return cycle, agency_user


def bench_assignment_proposal_2000_by_300():
    from review.services import assignments_propose

    figures = {}
    try:
        with transaction.atomic():
            cycle, agency_user = _seed()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                created = assignments_propose(cycle=cycle, by=agency_user)
                figures["proposal (s)"] = time.perf_counter() - started
            figures["proposal queries"] = len(queries)
            figures["assignments created"] = len(created)
            client = Client()
            client.force_login(agency_user)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(reverse("review:agency_dashboard"))
                figures["assignment page (s)"] = time.perf_counter() - started
            figures["assignment page queries"] = len(queries)
            figures["assignment page status"] = response.status_code
            figures["assignment page (KB)"] = len(response.content) / 1024
            raise _Rollback
    except _Rollback:
        pass
    return figures
