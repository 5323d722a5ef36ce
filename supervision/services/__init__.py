"""Business logic of supervision: every write goes through a function here (STYLE §1–2)."""
from .aftercare import (
    fund_report_review,
    fund_report_submit,
    visit_record,
    visit_remind,
    visit_schedule,
    visits_plan,
)
from .closing import cycle_close, cycle_close_blockers
from .complaints import (
    complaint_accept,
    complaint_conclude,
    complaint_dismiss,
    complaint_file,
    complaint_move,
    complaint_note_add,
)
from .group import (
    Rotation,
    group_appoint,
    group_dissolve,
    group_member_add,
    group_member_remove,
    group_propose,
    group_rotation,
)
from .misconduct import misconduct_decide, misconduct_propose
from .reports import opinion_add, report_mark_read, report_submit
from .revocation import (
    revocation_decide,
    revocation_investigate,
    revocation_open,
    revocation_propose,
    revocation_recovery_record,
)

__all__ = [
    "Rotation",
    "complaint_accept",
    "complaint_conclude",
    "complaint_dismiss",
    "complaint_file",
    "complaint_move",
    "complaint_note_add",
    "cycle_close",
    "cycle_close_blockers",
    "fund_report_review",
    "fund_report_submit",
    "group_appoint",
    "group_dissolve",
    "group_member_add",
    "group_member_remove",
    "group_propose",
    "group_rotation",
    "misconduct_decide",
    "misconduct_propose",
    "opinion_add",
    "report_mark_read",
    "report_submit",
    "revocation_decide",
    "revocation_investigate",
    "revocation_open",
    "revocation_propose",
    "revocation_recovery_record",
    "visit_record",
    "visit_remind",
    "visit_schedule",
    "visits_plan",
]
