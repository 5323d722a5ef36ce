"""Every user's landing page after login: where the cycle is and what they must do next (SPEC §16)."""
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import Role

from ..models import ApplicationState, CycleStage
from ..selectors import (
    application_state_counts,
    applications_for_applicant,
    applications_for_recommender,
    cycle_current,
    cycle_open_for_applications,
)
from ..services.application import application_checks

HIGHER_APP_DASHBOARDS = {
    Role.AGENCY: "review:agency_dashboard",
    Role.EXPERT: "review:expert_dashboard",
    Role.SUPERVISOR: "supervision:dashboard",
    Role.LEADING_GROUP: "supervision:leading_group_dashboard",
}


@login_required
def dashboard(request):
    user = request.user
    cycle = cycle_current()
    today = timezone.localdate()
    if user.role in HIGHER_APP_DASHBOARDS:
        try:
            return redirect(reverse(HIGHER_APP_DASHBOARDS[user.role]))
        except NoReverseMatch:
            pass
    context = {"cycle": cycle, "today": today}
    if user.role in Role.applicant_roles():
        applications = list(applications_for_applicant(user=user))
        open_cycle = cycle_open_for_applications(today=today)
        live = [a for a in applications if a.state != ApplicationState.WITHDRAWN]
        in_progress = [a for a in live if a.state not in ApplicationState.finished()]
        current = next((a for a in live if open_cycle and a.cycle_id == open_cycle.pk), None) or next(
            iter(in_progress), None
        )
        context.update(
            {
                "applications": applications,
                "open_cycle": open_cycle,
                "current": current,
                "open_correction": current.corrections.filter(resolved_at__isnull=True).first() if current else None,
                "can_start": bool(open_cycle) and current is None,
                "checks": application_checks(current) if current and current.is_editable else [],
            }
        )
        return render(request, "award/dashboard/applicant.html", context)
    if user.role == Role.RECOMMENDER:
        applications = list(applications_for_recommender(user=user))
        context["pending"] = [a for a in applications if a.state == ApplicationState.SUBMITTED]
        context["recent"] = applications[:10]
        return render(request, "award/dashboard/recommender.html", context)
    if user.role == Role.OFFICE:
        context["counts"] = application_state_counts(cycle=cycle) if cycle else {}
        context["endorsed"] = context["counts"].get(ApplicationState.ENDORSED, 0)
        context["stages"] = CycleStage
        return render(request, "award/dashboard/office.html", context)
    return render(request, "award/dashboard/other.html", context)
