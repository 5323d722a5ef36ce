"""The workflows of review's stateful models, as plain data (STYLE §2).

Each `*_WORKFLOW` hands its table to `accounts.workflows.transition`, the one function that moves a state;
several cards at once (voided with their assignment) move through `accounts.workflows.transition_rows`.
"""
from accounts.workflows import Workflow

from .models import Assignment, AssignmentState, Correction, CorrectionState, Scorecard, ScorecardState

A = AssignmentState
# Proposed by the agency, activated when it confirms; declined by the expert, voided by the agency, a conflict or
# a bar (Art. 12, 27).
ASSIGNMENT_TRANSITIONS = {
    A.PROPOSED: {A.ACTIVE, A.DECLINED, A.VOID},
    A.ACTIVE: {A.DECLINED, A.VOID},
    A.DECLINED: set(),
    A.VOID: set(),
}

C = ScorecardState
# Submitted by the expert, sent back by the agency (SPEC §7), voided with its assignment or by a conflict.
SCORECARD_TRANSITIONS = {
    C.DRAFT: {C.SUBMITTED, C.VOID},
    C.SUBMITTED: {C.DRAFT, C.VOID},
    C.VOID: set(),
}

# Issue 8: an open correction is applied or withdrawn, once.
CORRECTION_STATE_TRANSITIONS = {
    CorrectionState.OPEN: {CorrectionState.APPLIED, CorrectionState.CANCELLED},
    CorrectionState.APPLIED: set(),
    CorrectionState.CANCELLED: set(),
}


def _application_ids(row) -> dict:
    return {"cycle_id": row.application.cycle_id, "application_id": row.application_id}


ASSIGNMENT_WORKFLOW = Workflow(model=Assignment, transitions=ASSIGNMENT_TRANSITIONS, name="review.assignment",
                               ids=_application_ids, audit_edge=False)
SCORECARD_WORKFLOW = Workflow(model=Scorecard, transitions=SCORECARD_TRANSITIONS, name="review.scorecard",
                              ids=_application_ids, audit_edge=False)
CORRECTION_WORKFLOW = Workflow(model=Correction, transitions=CORRECTION_STATE_TRANSITIONS, name="review.correction",
                               ids=lambda c: {"cycle_id": c.cycle_id, "application_id": c.application_id},
                               audit_edge=False)

# An assignment still to be scored: the states the table lets void.
LIVE = tuple(sorted(ASSIGNMENT_WORKFLOW.sources(A.VOID)))
