"""The workflows of a cycle and of an application, as plain data (STYLE §2).

`APPLICATION_TRANSITIONS[from_state]` lists the states an application may move to; `CYCLE_TRANSITIONS` likewise
for the cycle's stages. The transition services in award.services check these tables; nothing else moves a state.
"""
from .models import ApplicationState as S
from .models import CycleStage as C

APPLICATION_TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.ENDORSED, S.DECLINED, S.WITHDRAWN},
    S.DECLINED: {S.SUBMITTED, S.WITHDRAWN},
    S.ENDORSED: {S.QUALIFIED, S.NOT_QUALIFIED, S.RETURNED, S.WITHDRAWN},
    # A corrected application goes back to qualification review if the recommender that endorsed it is still the
    # chosen one, and to the newly chosen recommender for endorsement otherwise (Art. 19(一)).
    S.RETURNED: {S.ENDORSED, S.SUBMITTED, S.WITHDRAWN},
    S.WITHDRAWN: set(),
    S.NOT_QUALIFIED: set(),
    S.QUALIFIED: {S.SITE_REVIEW, S.NOT_SHORTLISTED, S.DISQUALIFIED},
    S.NOT_SHORTLISTED: set(),
    S.SITE_REVIEW: {S.CANDIDATE, S.NOT_AWARDED, S.DISQUALIFIED},
    # Back to SITE_REVIEW when the office withdraws a proposal before the leading group deliberates.
    S.CANDIDATE: {S.PROPOSED, S.NOT_AWARDED, S.DISQUALIFIED, S.SITE_REVIEW},
    S.PROPOSED: {S.AWARDED, S.NOT_AWARDED, S.DISQUALIFIED},
    S.DISQUALIFIED: set(),
    S.AWARDED: set(),
    S.NOT_AWARDED: set(),
}

# Only a review correction the office opened and applies (issue 8; Art. 19(三), 20) moves a confirmed
# document-review decision the other way; application_transition allows these when it is given the correction.
CORRECTION_TRANSITIONS = {
    S.SITE_REVIEW: {S.NOT_SHORTLISTED},
    S.NOT_SHORTLISTED: {S.SITE_REVIEW},
}

CYCLE_ORDER = [
    C.DRAFT,
    C.OPEN,
    C.QUALIFICATION,
    C.DOCUMENT_REVIEW,
    C.SITE_REVIEW,
    C.COMPREHENSIVE_REVIEW,
    C.PUBLIC_NOTICE,
    C.APPROVAL,
    C.AWARDED,
    C.CLOSED,
]

CYCLE_TRANSITIONS = {stage: {CYCLE_ORDER[i + 1]} for i, stage in enumerate(CYCLE_ORDER[:-1])}
CYCLE_TRANSITIONS[C.CLOSED] = set()


def next_cycle_stage(stage):
    targets = CYCLE_TRANSITIONS.get(stage) or set()
    return next(iter(targets), None)
