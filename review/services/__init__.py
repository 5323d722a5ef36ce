"""Business logic of the review app: every write goes through a function here (STYLE §1–2)."""
from ..selectors import is_conflicted
from .agency import (
    agency_for,
    agency_member_add,
    agency_record,
    expert_profile_save,
    panel_member_add,
    panel_member_remove,
    panel_save,
    pledge_sign,
)
from .assignments import (
    assignment_add,
    assignment_decline,
    assignment_remove,
    assignment_swap,
    assignments_confirm,
    assignments_propose,
)
from .bars import agency_disqualify, expert_disqualify
from .bids import bid_set
from .common import ReviewError, agency_bar, expert_bar, grants_sync
from .conflicts import conflict_declare, conflict_flag, conflict_record, conflicts_detect
from .corrections import correction_apply, correction_cancel, correction_open
from .deadlines import scoring_deadlines_set
from .discussion import consensus_note_save, consensus_open, discussion_post
from .results import (
    consensus_record,
    result_recompute,
    shortlist_blockers,
    shortlist_confirm,
    site_score_recompute,
)
from .scoring import scorecard_missing, scorecard_open, scorecard_reopen, scorecard_save
from .site import site_report_submit, site_scorecard_open, site_visit_schedule, visit_not_yet
from .survey import questionnaire_save, respondents_add, satisfaction_recompute, survey_answer, survey_summary

__all__ = [
    "correction_apply",
    "correction_cancel",
    "correction_open",
    "ReviewError",
    "agency_bar",
    "agency_disqualify",
    "agency_for",
    "agency_member_add",
    "agency_record",
    "assignment_add",
    "assignment_decline",
    "assignment_remove",
    "assignment_swap",
    "assignments_confirm",
    "assignments_propose",
    "bid_set",
    "conflict_declare",
    "conflict_flag",
    "conflict_record",
    "conflicts_detect",
    "consensus_note_save",
    "consensus_open",
    "consensus_record",
    "discussion_post",
    "expert_bar",
    "expert_disqualify",
    "expert_profile_save",
    "grants_sync",
    "is_conflicted",
    "panel_member_add",
    "panel_member_remove",
    "panel_save",
    "pledge_sign",
    "questionnaire_save",
    "respondents_add",
    "result_recompute",
    "satisfaction_recompute",
    "scorecard_missing",
    "scorecard_open",
    "scorecard_reopen",
    "scorecard_save",
    "scoring_deadlines_set",
    "shortlist_blockers",
    "shortlist_confirm",
    "site_report_submit",
    "site_score_recompute",
    "site_scorecard_open",
    "site_visit_schedule",
    "visit_not_yet",
    "survey_answer",
    "survey_summary",
]
