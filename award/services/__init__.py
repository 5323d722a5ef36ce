"""Business logic of the award app: every write goes through a function here (STYLE §1–2)."""
from .application import (
    application_create,
    application_endorsement,
    application_submit,
    application_withdraw,
)
from .awards import approval_blockers, approval_record, awards_grant
from .calendar import calendar_year_enter
from .certificate import certificate_render, certificate_rerender
from .cycle import cycle_advance, cycle_change_window, cycle_create, cycle_publish_call, cycle_stage_blockers
from .evidence import evidence_add, evidence_delete
from .notice import notice_publish
from .objections import objection_file, objection_resolve
from .proposals import deliberation_record, proposal_create, proposal_vacancy_record, proposal_withdraw
from .qualification import endorsement_record, qualification_decide
from .qualification_batch import (
    qualification_batch_check,
    qualification_batch_plan,
    qualification_decide_batch,
)
from .transition import WorkflowError, application_transition, applications_transition

__all__ = [
    "application_endorsement",
    "approval_blockers",
    "approval_record",
    "awards_grant",
    "certificate_render",
    "certificate_rerender",
    "deliberation_record",
    "objection_file",
    "objection_resolve",
    "proposal_create",
    "proposal_vacancy_record",
    "proposal_withdraw",
    "calendar_year_enter",
    "WorkflowError",
    "application_create",
    "application_submit",
    "application_transition",
    "applications_transition",
    "application_withdraw",
    "cycle_advance",
    "cycle_change_window",
    "cycle_create",
    "cycle_publish_call",
    "cycle_stage_blockers",
    "endorsement_record",
    "evidence_add",
    "evidence_delete",
    "notice_publish",
    "qualification_batch_check",
    "qualification_batch_plan",
    "qualification_decide",
    "qualification_decide_batch",
]
