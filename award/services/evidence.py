"""An application's evidence files: checked by content, fingerprinted, stored privately (SPEC §3)."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record

from ..models import Evidence, EvidenceKind
from ..uploads import inspect_evidence_file
from .application import ensure_editable


@transaction.atomic
def evidence_add(*, application, kind, description, uploaded_file, by, ip=None, max_bytes):
    """Check an upload by content, fingerprint it and store it privately; a bad file stores nothing, nor a kind
    that does not fit the applicant (EvidenceKind.for_kind). A second copy of a file is stored: the view warns."""
    ensure_editable(application)
    if kind not in EvidenceKind.for_kind(application.kind):
        raise ValidationError(_("“%(kind)s”不适用于本申报,请选择其他材料类型。") % {"kind": EvidenceKind(kind).label})
    checked = inspect_evidence_file(uploaded_file, max_bytes=max_bytes)
    evidence = Evidence(
        application=application,
        kind=kind,
        description=description,
        original_name=uploaded_file.name[-255:],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    evidence.file.save(uploaded_file.name, uploaded_file, save=False)
    evidence.save()
    audit_record(
        action="evidence.uploaded", actor=by, obj=evidence, cycle_id=application.cycle_id,
        application_id=application.pk, ip=ip,
        detail={"name": evidence.original_name, "sha256": evidence.sha256, "size": evidence.size},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, evidence, by, ip=None):
    """Remove a file from a draft; the audit log keeps its name and fingerprint."""
    application = evidence.application
    ensure_editable(application)
    audit_record(
        action="evidence.deleted", actor=by, obj=evidence, cycle_id=application.cycle_id,
        application_id=application.pk, ip=ip, detail={"name": evidence.original_name, "sha256": evidence.sha256},
    )
    stored = evidence.file.name
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(stored))
