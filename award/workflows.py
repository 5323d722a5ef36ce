"""The workflows of award's stateful models, as plain data (STYLE §2).

`APPLICATION_TRANSITIONS[from_state]` lists the states an application may move to; `CYCLE_TRANSITIONS` likewise
for the cycle's stages, `OBJECTION_TRANSITIONS` and `CERTIFICATE_TRANSITIONS` for objections and certificates.
Each `*_WORKFLOW` hands its table to `accounts.workflows.transition`, the one function that moves a state.
"""
from django.utils.translation import gettext_lazy as _

from accounts.workflows import Workflow

from .models import (
    Application,
    Certificate,
    CertificateState,
    Cycle,
    Dossier,
    DossierState,
    Objection,
    ObjectionState,
)
from .models import ApplicationState as S
from .models import CycleStage as C

APPLICATION_TRANSITIONS = {
    # A draft is not withdrawn: it simply stays unsubmitted (SPEC §4: withdrawal is of a submitted application).
    S.DRAFT: {S.SUBMITTED},
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


OBJECTION_TRANSITIONS = {
    ObjectionState.OPEN: {ObjectionState.UPHELD, ObjectionState.DISMISSED},
    ObjectionState.UPHELD: set(),
    ObjectionState.DISMISSED: set(),
}

# Rendering is retried until it succeeds (certificate_render); a rendered certificate never changes.
CERTIFICATE_TRANSITIONS = {
    CertificateState.PENDING: {CertificateState.RENDERED},
    CertificateState.FAILED: {CertificateState.RENDERED},
    CertificateState.RENDERED: set(),
}

# A dossier (申报书) is rendered once from its snapshot; a rendered dossier never changes (issue 10).
DOSSIER_TRANSITIONS = {DossierState.PENDING: {DossierState.RENDERED}, DossierState.RENDERED: set()}

APPLICATION_WORKFLOW = Workflow(
    model=Application, transitions=APPLICATION_TRANSITIONS, name="application",
    ids=lambda a: {"cycle_id": a.cycle_id, "application_id": a.pk},
)
CYCLE_WORKFLOW = Workflow(
    model=Cycle, transitions=CYCLE_TRANSITIONS, name="cycle", field="stage", ids=lambda c: {"cycle_id": c.pk},
    refusal=_("本届当前处于“%(state)s”阶段,不能进入“%(to)s”阶段。"),
)
OBJECTION_WORKFLOW = Workflow(
    model=Objection, transitions=OBJECTION_TRANSITIONS, name="objection", related=("application", "notice"),
    ids=lambda o: {"cycle_id": o.notice.cycle_id, "application_id": o.application_id},
    refusal=_("该异议已处理。"), audit_edge=False,
)
CERTIFICATE_WORKFLOW = Workflow(
    model=Certificate, transitions=CERTIFICATE_TRANSITIONS, name="certificate",
    related=("award", "award__application"),
    ids=lambda c: {"cycle_id": c.award.cycle_id, "application_id": c.award.application_id}, audit_edge=False,
)

DOSSIER_WORKFLOW = Workflow(
    model=Dossier, transitions=DOSSIER_TRANSITIONS, name="dossier", related=("application",),
    ids=lambda d: {"cycle_id": d.application.cycle_id, "application_id": d.application_id}, audit_edge=False,
)

# Until the office rules in qualification review (SPEC §4): the states the table lets withdraw.
WITHDRAWABLE = APPLICATION_WORKFLOW.sources(S.WITHDRAWN)


def next_cycle_stage(stage):
    targets = CYCLE_TRANSITIONS.get(stage) or set()
    return next(iter(targets), None)
