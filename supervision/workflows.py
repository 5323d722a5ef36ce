"""The workflows of supervision's stateful models, as plain data (STYLE §2).

Each `*_WORKFLOW` hands its table to `accounts.workflows.transition`, the one function that moves a state.
"""
from django.utils.translation import gettext_lazy as _

from accounts.workflows import Workflow

from .models import (
    Complaint,
    ComplaintState,
    MisconductCase,
    MisconductState,
    PrizeFundReport,
    PrizeFundReportState,
    RevocationCase,
    RevocationState,
    Visit,
    VisitState,
)

S = ComplaintState
COMPLAINT_TRANSITIONS = {
    S.RECEIVED: {S.INVESTIGATING, S.DISMISSED},
    S.INVESTIGATING: {S.CONCLUDED},
    S.CONCLUDED: set(),
    S.DISMISSED: set(),
}

# Art. 24: open → investigated → proposed → revoked → recovered; unproven or not proposed: dropped.
R = RevocationState
CASE_TRANSITIONS = {
    R.OPEN: {R.INVESTIGATED, R.DROPPED},
    R.INVESTIGATED: {R.PROPOSED, R.DROPPED},
    R.PROPOSED: {R.REVOKED, R.DROPPED},
    R.REVOKED: {R.RECOVERED},
    R.RECOVERED: set(),
    R.DROPPED: set(),
}

# Art. 27: the group proposes, the office decides once.
MISCONDUCT_TRANSITIONS = {
    MisconductState.PROPOSED: {MisconductState.DISQUALIFIED, MisconductState.REJECTED},
    MisconductState.DISQUALIFIED: set(),
    MisconductState.REJECTED: set(),
}

# Art. 21: a report starts submitted; the office accepts it or returns it for another submission.
F = PrizeFundReportState
FUND_REPORT_TRANSITIONS = {
    F.SUBMITTED: {F.ACCEPTED, F.RETURNED},
    F.RETURNED: {F.SUBMITTED},
    F.ACCEPTED: set(),
}

# Art. 22: a scheduled visit is recorded once it took place.
VISIT_TRANSITIONS = {
    VisitState.SCHEDULED: {VisitState.DONE, VisitState.CANCELLED},
    VisitState.DONE: set(),
    VisitState.CANCELLED: set(),
}


def _award_ids(row) -> dict:
    return {"cycle_id": row.award.cycle_id, "application_id": row.award.application_id}


COMPLAINT_WORKFLOW = Workflow(
    model=Complaint, transitions=COMPLAINT_TRANSITIONS, name="complaint",
    ids=lambda c: {"cycle_id": c.cycle_id}, refusal=_("投诉举报当前为“%(state)s”,不能办理此操作。"),
)
CASE_WORKFLOW = Workflow(
    model=RevocationCase, transitions=CASE_TRANSITIONS, name="revocation", related=("award",),
    ids=_award_ids, refusal=_("案件当前为“%(state)s”,不能办理此操作。"),
)
MISCONDUCT_WORKFLOW = Workflow(
    model=MisconductCase, transitions=MISCONDUCT_TRANSITIONS, name="misconduct", related=("cycle", "expert", "agency"),
    ids=lambda c: {"cycle_id": c.cycle_id}, refusal=_("该事项已作出决定。"), audit_edge=False,
)
FUND_REPORT_WORKFLOW = Workflow(
    model=PrizeFundReport, transitions=FUND_REPORT_TRANSITIONS, name="fund_report", related=("award__application",),
    ids=_award_ids, audit_edge=False,
)
VISIT_WORKFLOW = Workflow(
    model=Visit, transitions=VISIT_TRANSITIONS, name="visit", related=("award",), ids=_award_ids,
    refusal=_("该巡访已记录或已取消。"), audit_edge=False,
)
