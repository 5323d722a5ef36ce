"""The printable dossier (申报书, issue 10 point 7): snapshot at submission, render once, serve the current one.

A dossier row is written in the submission's transaction (`dossier_snapshot`) with the submitted data frozen in
its payload and the fingerprint over it; the row is its rendering's outbox row (accounts/outbox.py), handed to
`award.tasks.task_render_dossier` after the commit and relayed while it is not rendered. `dossier_render` is
idempotent, so a retried or duplicated task renders and stores the PDF exactly once.
"""
import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from accounts.outbox import Outbox, outbox_queue, outbox_register
from accounts.workflows import transition

from .. import dossier as dossier_module
from ..models import DOSSIER_EXCLUDED_STATES, Application, Dossier, DossierState, SelfAssessment
from ..workflows import DOSSIER_WORKFLOW

DOSSIERS = outbox_register(Outbox(
    name="dossiers", model=Dossier, task="award.tasks.task_render_dossier",
    id_argument="dossier_id", label="申报书", counted="{n} 份申报书",
    undelivered=lambda rows: rows.exclude(state=DossierState.RENDERED), min_age=timedelta(0),
))


def dossier_snapshot(*, application) -> Dossier:
    """The dossier of `application`'s current submitted data: the existing row when its fingerprint is already
    known (the same submission), otherwise a new row queued for rendering after the commit."""
    payload = dossier_module.dossier_payload(application)
    fingerprint = dossier_module.fingerprint_of(payload)
    try:  # the unique (application, fingerprint) finds a submission already copied: one INSERT, no lookup first
        with transaction.atomic():
            dossier = Dossier.objects.create(
                application=application, payload=payload, fingerprint=fingerprint,
                submitted_at=application.submitted_at, layout_version=dossier_module.LAYOUT_VERSION,
            )
    except IntegrityError:  # the same submission's row exists (a repeated call, or a concurrent request)
        return Dossier.objects.get(application=application, fingerprint=fingerprint)
    outbox_queue(DOSSIERS, pk=dossier.pk)
    return dossier


def dossier_render(*, dossier) -> Dossier:
    """Render `dossier` to its PDF if not rendered yet and store it privately with its SHA-256. Idempotent: a
    second call changes nothing. An error is kept in `last_error` and raised for the task to retry."""
    if Dossier.objects.filter(pk=dossier.pk, state=DossierState.RENDERED).exists():
        return Dossier.objects.get(pk=dossier.pk)
    try:
        pdf = dossier_module.dossier_pdf(dossier)
    except Exception as exc:
        Dossier.objects.filter(pk=dossier.pk).update(last_error=str(exc)[:500])
        raise
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().select_related("application").get(pk=dossier.pk)
        if locked.state == DossierState.RENDERED:
            return locked
        locked.pdf.save(f"{locked.application.reference}.pdf", ContentFile(pdf), save=False)
        sha256 = hashlib.sha256(pdf).hexdigest()
        transition(
            DOSSIER_WORKFLOW, locked, DossierState.RENDERED, by=None, locked=True,
            fields={"sha256": sha256, "rendered_at": timezone.now(), "last_error": ""},
            detail={"fingerprint": locked.fingerprint, "sha256": sha256},
        )
    return locked


def dossier_current(application):
    """The dossier of `application`'s last submission (None before any); the caller checks `has_dossier`."""
    return application.dossiers.order_by("-submitted_at", "-pk").first()


def dossier_prefetch(queryset):
    """`queryset` of applications with everything `dossier_payload` reads and their dossiers, in fixed queries."""
    return queryset.select_related("cycle", "organization", "individual", "recommender").prefetch_related(
        "year_figures", "evidence",
        Prefetch("self_assessments", queryset=SelfAssessment.objects.select_related("category")),
        Prefetch("dossiers", queryset=Dossier.objects.order_by("-submitted_at", "-pk")),
    )


def cycle_dossiers(cycle):
    """[(application, its current dossier or None)] for every application of `cycle` a dossier stands for, by
    reference; a submission without a row yet (one from before dossiers existed) gets its snapshot now."""
    applications = dossier_prefetch(
        Application.objects.filter(cycle=cycle, submitted_at__isnull=False)
        .exclude(state__in=DOSSIER_EXCLUDED_STATES).order_by("reference", "pk")
    )
    result, missing = [], []
    for application in applications:
        dossiers = list(application.dossiers.all())
        current = dossiers[0] if dossiers else None
        if current is None or current.submitted_at != application.submitted_at:
            current = None
            missing.append(application)
        result.append([application, current])
    if missing:
        created = _snapshots_create(missing)
        for row in result:
            row[1] = row[1] or created[row[0].pk]
    return [tuple(row) for row in result]


def _snapshots_create(applications):
    rows = []
    for application in applications:
        payload = dossier_module.dossier_payload(application)
        rows.append(Dossier(
            application=application, payload=payload, fingerprint=dossier_module.fingerprint_of(payload),
            submitted_at=application.submitted_at, layout_version=dossier_module.LAYOUT_VERSION,
        ))
    created = Dossier.objects.bulk_create(rows)
    for dossier in created:
        outbox_queue(DOSSIERS, pk=dossier.pk)
    return {dossier.application_id: dossier for dossier in created}
