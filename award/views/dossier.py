"""The printable dossier (申报书, issue 10 point 7): one application's PDF, a cycle's dossiers as one zip, and the
check page its QR code opens. Downloads are permission-checked and audited; the check page shows personal data
to the office only."""
import csv
import io
import re
import zipfile

from django.contrib import messages
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_record
from accounts.dates import date_text
from accounts.http import client_ip
from accounts.models import Role
from accounts.permissions import office_required, role_required

from ..dossier import dossier_payload, fingerprint_of, payload_differences
from ..models import Application, Cycle, Dossier, DossierState, has_dossier
from ..permissions import DOSSIER_ROLES, can_view_application, can_view_dossier
from ..services.dossier import cycle_dossiers, dossier_current, dossier_prefetch, dossier_snapshot
from .common import application_or_403

FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")
CHUNK = 64 * 1024
PART_LABELS = {
    "profile": gettext_lazy("基本情况"), "figures": gettext_lazy("关键指标"), "self_assessment": gettext_lazy("自评"),
    "evidence": gettext_lazy("证实性材料"), "statement": gettext_lazy("质量工作概述"),
    "declarations": gettext_lazy("承诺与签署"), "recommender": gettext_lazy("推荐单位"),
    "submitted_at": gettext_lazy("提交时间"), "applicant_name": gettext_lazy("申报名称"),
    "sector": gettext_lazy("所属产业"),
}


def _filename(application):
    return f"{application.reference or application.pk}-dossier.pdf"


@role_required(*DOSSIER_ROLES)
def dossier_download(request, pk):
    """The dossier PDF of the application's last submission, once the worker has rendered it."""
    application = application_or_403(request, pk, can_view_dossier, queryset=Application.objects.select_related(
        "cycle", "organization", "individual", "recommender"))
    dossier = dossier_current(application)
    if dossier is None or dossier.submitted_at != application.submitted_at:
        dossier = dossier_snapshot(application=application)  # a submission from before dossiers existed
    if dossier.state != DossierState.RENDERED or not dossier.pdf:
        messages.info(request, _("申报书正在生成,请稍后再试。"))
        return redirect("award:application_detail", pk=application.pk)
    audit_record(
        action="dossier.downloaded", actor=request.user, obj=dossier, cycle_id=application.cycle_id,
        application_id=application.pk, ip=client_ip(request), detail={"fingerprint": dossier.fingerprint},
    )
    return FileResponse(dossier.pdf.open("rb"), as_attachment=True, filename=_filename(application),
                        content_type="application/pdf")


class _Sink:
    """A write-only stream for zipfile (no tell/seek: zipfile then writes data descriptors) that hands out what
    was written so far."""

    def __init__(self):
        self._parts = []

    def write(self, data):
        self._parts.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def drain(self):
        data, self._parts = b"".join(self._parts), []
        return data


def _manifest(rows):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([_("申报编号"), _("申报名称"), _("奖项"), _("状态"), _("推荐单位"), _("提交时间"),
                     _("数据指纹(SHA-256)"), _("文件名"), _("PDF SHA-256")])
    for application, dossier in rows:
        writer.writerow([
            application.reference, application.applicant_name, application.get_kind_display(),
            application.get_state_display(), application.recommender.name if application.recommender else "",
            date_text(application.submitted_at), dossier.fingerprint, _filename(application), dossier.sha256,
        ])
    return "\ufeff" + text.getvalue()  # Excel opens a UTF-8 CSV with a BOM correctly


def _zip_stream(rows):
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for application, dossier in rows:
            with dossier.pdf.open("rb") as source, archive.open(_filename(application), "w") as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield sink.drain()
        archive.writestr("manifest.csv", _manifest(rows).encode("utf-8"))
    yield sink.drain()


@office_required
def cycle_dossiers_zip(request, pk):
    """Every submitted application's dossier of the cycle as one zip, streamed, with a manifest (reference,
    applicant, fingerprint). While some are still being rendered, says how many and queues what is missing."""
    cycle = get_object_or_404(Cycle, pk=pk)
    rows = cycle_dossiers(cycle)
    waiting = [a for a, d in rows if d.state != DossierState.RENDERED or not d.pdf]
    if waiting or not rows:
        return render(request, "award/dossier/zip_waiting.html",
                      {"cycle": cycle, "total": len(rows), "waiting": len(waiting)})
    audit_record(action="dossiers.exported", actor=request.user, obj=cycle, cycle_id=cycle.pk,
                 ip=client_ip(request), detail={"count": len(rows)})
    response = StreamingHttpResponse(_zip_stream(rows), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="dossiers-cycle-{cycle.number}.zip"'
    return response


def dossier_check(request):
    """The page a dossier's QR code opens. Anyone learns only whether the fingerprint belongs to a submitted
    application of a cycle and whether it is that application's latest submission; a signed-in office user also
    sees which application it is and whether the fingerprint still matches its current data (and where not)."""
    fingerprint = (request.GET.get("fp") or "").strip().lower()[:64]
    context = {"fingerprint": fingerprint, "searched": bool(fingerprint)}
    if fingerprint and not FINGERPRINT.match(fingerprint):
        context["invalid"] = True
    elif fingerprint:
        dossier = Dossier.objects.select_related("application", "application__cycle").filter(
            fingerprint=fingerprint).order_by("-submitted_at").first()
        if dossier is not None:
            application = dossier.application
            latest = dossier_current(application)
            context.update(dossier=dossier, cycle=application.cycle,
                           is_latest=latest.pk == dossier.pk and has_dossier(application))
            user = request.user
            if user.is_authenticated and user.role == Role.OFFICE and can_view_application(user, application):
                context.update(_office_check(dossier))
    return render(request, "award/dossier/check.html", context)


def _office_check(dossier):
    application = dossier_prefetch(Application.objects.filter(pk=dossier.application_id)).get()
    current = dossier_payload(application)
    differences = payload_differences(dossier.payload, current)
    return {
        "office_view": True, "application": application,
        "matches_current": fingerprint_of(current) == dossier.fingerprint,
        "differences": [PART_LABELS.get(key, key) for key in differences],
    }
