"""Public pages: the complaint form (any time, no login) and the tracking page (Art. 11, 23, 25, 27)."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.http import FORM_OVERHEAD_BYTES, accepts_request_body, client_ip

from .. import services
from ..forms import ComplaintForm, TrackForm
from ..selectors import complaint_by_code


@accepts_request_body(lambda: services.complaints.MAX_FILES * settings.EVIDENCE_MAX_BYTES + FORM_OVERHEAD_BYTES)
def complaint_create(request):
    form = ComplaintForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_file(
                category=data["category"], subject=data["subject"], description=data["description"],
                complainant_name=data["complainant_name"], complainant_contact=data["complainant_contact"],
                files=data["files"], cycle=data["cycle"], application=data.get("application"),
                stage=data.get("stage") or "", ip=client_ip(request),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("files" if error.code != "rate_limited" else None, message)
            if getattr(error, "code", None) == "rate_limited":
                return render(request, "supervision/complaint/create.html", {"form": form}, status=429)
        else:
            return redirect(reverse("supervision:complaint_track") + f"?code={complaint.tracking_code}&new=1")
    return render(request, "supervision/complaint/create.html", {"form": form})


def complaint_track(request):
    form = TrackForm(request.GET or None)
    complaint = complaint_by_code(code=request.GET.get("code")) if form.is_valid() else None
    return render(request, "supervision/complaint/track.html", {
        "form": form, "complaint": complaint, "searched": form.is_bound, "new": request.GET.get("new") == "1",
        "notes": complaint.notes.filter(is_public=True) if complaint else [],
        "not_found": _("未找到该查询码对应的投诉举报,请核对后重试。"),
    })
