"""Art. 19(四): printable invitations for survey respondents without an e-mail address — one sheet each, with the
single-use link written out and as a QR code (inline SVG markup, no script, style or data: URI), so the agency
can hand them out on paper or read the link out by phone."""
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from accounts.audit import audit_record
from accounts.http import client_ip
from accounts.models import Role
from accounts.permissions import role_required
from award.certificates import qr_svg

from ..models import Respondent
from ..permissions import can_act_as_agency, can_open_application
from ..services.survey import questionnaire_for
from .common import application_checked, forbid


def survey_url(respondent) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("review:survey_answer", kwargs={"token": respondent.token})


@role_required(Role.AGENCY)
def respondents_sheet(request, pk):
    """One printed page per respondent who has no e-mail and has not answered yet; printing is audited (each
    sheet carries a link that answers once)."""
    application = application_checked(request, pk, can_open_application)
    verdict = can_act_as_agency(request.user, application.cycle_id)
    if not verdict:
        return forbid(request, verdict, application)
    respondents = list(Respondent.objects.filter(application=application, email="", answered_at__isnull=True)
                       .order_by("group", "id"))
    for respondent in respondents:
        respondent.url = survey_url(respondent)
        respondent.qr = qr_svg(respondent.url)
    if respondents:
        audit_record(action="review.survey_sheets_printed", actor=request.user, obj=application,
                     cycle_id=application.cycle_id, application_id=application.pk, ip=client_ip(request),
                     detail={"respondents": [r.pk for r in respondents]})
    return render(request, "review/survey/sheet.html", {
        "application": application, "respondents": respondents,
        "questionnaire": questionnaire_for(application),
    })
