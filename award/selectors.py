"""Reads of the award app: who sees which applications, cycles and notices."""
from django.db.models import Count, Q
from django.utils import timezone

from .models import Application, ApplicationState, Cycle, CycleStage, Notice


def cycle_current():
    """The cycle the public site and the dashboards speak of: the newest one whose call is published,
    else the newest one."""
    published = Cycle.objects.filter(call_published_at__isnull=False).order_by("-number").first()
    return published or Cycle.objects.order_by("-number").first()


def cycle_open_for_applications(*, today=None):
    today = today or timezone.localdate()
    return (
        Cycle.objects.filter(stage=CycleStage.OPEN, application_opens__lte=today, application_closes__gte=today)
        .order_by("-number")
        .first()
    )


def applications_for_applicant(*, user):
    return (
        Application.objects.filter(applicant=user)
        .select_related("cycle", "recommender")
        .order_by("-cycle__number", "-created_at")
    )


def applications_for_recommender(*, user):
    if not user.recommender_id:
        return Application.objects.none()
    return (
        Application.objects.filter(recommender_id=user.recommender_id)
        .exclude(state=ApplicationState.DRAFT)
        .exclude(recusals__user=user)
        .select_related("cycle", "recommender")
        .order_by("-submitted_at")
    )


def applications_for_office(*, user, cycle, state=None, kind=None, encouraged=None):
    qs = (
        Application.objects.filter(cycle=cycle)
        .exclude(state=ApplicationState.DRAFT)
        .exclude(recusals__user=user)
        .select_related("recommender", "organization", "individual")
        .order_by("kind", "reference")
    )
    if state:
        qs = qs.filter(state=state)
    if kind:
        qs = qs.filter(kind=kind)
    if encouraged:
        qs = qs.filter(
            Q(organization__is_modern_agriculture=True)
            | Q(organization__is_strategic_emerging=True)
            | Q(organization__is_new_service=True)
            | (
                Q(organization__size__in=["medium", "small", "micro"])
                & (Q(organization__has_own_ip=True) | Q(organization__leads_standards=True))
            )
        )
    return qs


def application_state_counts(*, cycle):
    rows = cycle.applications.values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def notices_public():
    return Notice.objects.select_related("cycle").order_by("-published_at")
