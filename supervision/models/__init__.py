"""Supervision (评审监督, Art. 11, 13, 27) and the duties after the award (Art. 21–25).

States change only through supervision.services; each model's docstring says which service owns it.
"""
from .aftercare import PrizeFundReport, PrizeFundReportState, Visit, VisitState
from .complaint import (
    Complaint,
    ComplaintCategory,
    ComplaintEvidence,
    ComplaintNote,
    ComplaintOutcome,
    ComplaintState,
)
from .group import MemberCategory, SupervisionGroup, SupervisionMember
from .misconduct import MisconductCase, MisconductState, MisconductSubject
from .report import SupervisionOpinion, SupervisionReport
from .revocation import (
    GROUNDS_INDIVIDUAL,
    GROUNDS_ORGANIZATION,
    RevocationCase,
    RevocationSource,
    RevocationState,
    grounds_for_kind,
)

__all__ = [
    "GROUNDS_INDIVIDUAL",
    "GROUNDS_ORGANIZATION",
    "Complaint",
    "ComplaintCategory",
    "ComplaintEvidence",
    "ComplaintNote",
    "ComplaintOutcome",
    "ComplaintState",
    "MemberCategory",
    "MisconductCase",
    "MisconductState",
    "MisconductSubject",
    "PrizeFundReport",
    "PrizeFundReportState",
    "RevocationCase",
    "RevocationSource",
    "RevocationState",
    "SupervisionGroup",
    "SupervisionMember",
    "SupervisionOpinion",
    "SupervisionReport",
    "Visit",
    "VisitState",
    "grounds_for_kind",
]
