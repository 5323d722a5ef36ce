"""Art. 10(三), 19(三)(四), 20: the review's PDF reports, rendered with WeasyPrint (STYLE: one small PDF helper).

Four kinds (ReportFile.Kind): the document-review report of one application and of the whole cycle, the site
report and the satisfaction report of one application. Each kind names what it is made from (a stamp), its
context and its template. `report_render` is idempotent: a report is re-rendered only when its stamp changed.
The Celery task `task_render_report` only delegates here; views call `report_get_or_render`.
"""
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Avg, Count, Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.broker import broker_hand_off
from accounts.dispatch import task_named
from award.cycle_figures import cycle_figures
from award.models import Application, ApplicationKind
from award.pdf import render_pdf

from .aggregation import truncate
from .models import (
    Agency,
    Conflict,
    DocumentResult,
    ItemScore,
    Question,
    Questionnaire,
    ReportFile,
    Respondent,
    Scorecard,
    ScorecardState,
    ScoreLayer,
    SiteVisit,
    SurveyAnswer,
)
from .peers import peer_labels
from .selectors import REVIEWED_STATES, category_subtotals, feedback_for, standard_categories
from .services.survey import satisfaction_index, survey_summary

Kind = ReportFile.Kind
# Queued by name: review.tasks imports this module.
RENDER_TASK = "review.tasks.task_render_report"
# Part of every stamp: raise it when a report template changes, so stored reports are rendered anew.
LAYOUT_VERSION = 3


def _hash(parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in [LAYOUT_VERSION, *parts]).encode()).hexdigest()


def _common(cycle, number, marking=None):
    return {"cycle": cycle, "agency": Agency.objects.filter(cycle=cycle).first(), "generated_at": timezone.localtime(),
            "report_number": number, "marking": marking or _("内部资料 注意保密")}


# -- the document-review report of one application (Art. 19(三)) ----------------------------------------------

def _document_cards(application):
    return Scorecard.objects.filter(application=application, layer=ScoreLayer.DOCUMENT,
                                    state=ScorecardState.SUBMITTED).order_by("id")


def document_stamp(application) -> str:
    result = getattr(application, "document_result", None)
    parts = [application.applicant_name, result.result if result else None, result.computed_at if result else None,
             result.consensus_note if result else ""]
    parts += [f"{c.pk}:{c.total}:{c.updated_at.isoformat()}" for c in _document_cards(application)]
    return _hash(parts)


def document_context(application) -> dict:
    context = feedback_for(application=application)
    # SPEC §7: each expert's total under the label every viewer of the application sees (专家A, 专家B… as on the
    # discussion page), in the order of the assignments, never a name
    labels = peer_labels(application)
    context["expert_totals"] = [(labels.get(c.expert_id, "—"), c.total)
                                for c in _document_cards(application).order_by("assignment_id", "id")]
    context.update(_common(application.cycle, f"ZP-{application.reference or application.pk}",
                           marking=_("评审反馈 仅送申报方")))
    return context


# -- the document-review report of the whole cycle (Art. 10(三), 20) --------------------------------------------

def _cycle_results(cycle):
    return DocumentResult.objects.filter(application__cycle=cycle, application__state__in=REVIEWED_STATES)


def cycle_document_stamp(cycle) -> str:
    rows = _cycle_results(cycle).order_by("application_id").values_list(
        "application_id", "result", "computed_at", "confirmed_at")
    apps = Application.objects.filter(cycle=cycle, state__in=REVIEWED_STATES).values_list("pk", "state")
    return _hash([cycle.pk, cycle.pass_ratio, *rows, *sorted(apps)])


def cycle_document_context(cycle) -> dict:
    """Per award kind: every application under review with its experts, mean, spread, result and the bar."""
    applications = list(
        Application.objects.filter(cycle=cycle, state__in=REVIEWED_STATES)
        .select_related("document_result").order_by("kind", "-document_score", "reference", "id")
    )
    groups = []
    for kind, label in ApplicationKind.choices:
        rows = [a for a in applications if a.kind == kind]
        if not rows:
            continue
        results = [getattr(a, "document_result", None) for a in rows]
        groups.append({
            "label": label, "rows": [{"application": a, "result": r} for a, r in zip(rows, results, strict=True)],
            "scale": cycle.standard_for(kind).total_points, "pass_mark": cycle.pass_mark_for(kind),
            "scored": sum(1 for r in results if r and r.expert_count), "passed": sum(1 for r in results if r and r.passes),
        })
    cards = Scorecard.objects.filter(application__cycle=cycle, layer=ScoreLayer.DOCUMENT)
    context = _common(cycle, f"ZP-{cycle.year}-{cycle.number:02d}")
    context.update({
        "groups": groups,
        "distribution": cycle_figures(cycle=cycle)["scores"],
        "total": len(applications),
        "passed": sum(g["passed"] for g in groups),
        "submitted_cards": cards.filter(state=ScorecardState.SUBMITTED).count(),
        "voided_cards": cards.filter(state=ScorecardState.VOID).count(),
        "conflicts": Conflict.objects.filter(application__cycle=cycle).count(),
        "pass_percent": truncate(cycle.pass_ratio * 100),
        "spread_percent": truncate(cycle.spread_threshold_ratio * 100),
    })
    return context


# -- the site report of one application (Art. 19(四)) ----------------------------------------------------------

def _site_cards(application):
    return Scorecard.objects.filter(application=application, layer=ScoreLayer.SITE,
                                    state=ScorecardState.SUBMITTED).order_by("id")


def site_stamp(application) -> str:
    visit = SiteVisit.objects.filter(application=application).first()
    site_score = Application.objects.filter(pk=application.pk).values_list("site_score", flat=True).first()
    parts = [application.applicant_name, site_score,
             visit.report_submitted_at if visit else None, visit.scheduled_for if visit else None]
    parts += [f"{c.pk}:{c.total}:{c.updated_at.isoformat()}" for c in _site_cards(application)]
    return _hash(parts)


def site_context(application) -> dict:
    """The visit, its team, the verified score per category (mean of the members) next to the document result,
    each member's findings (numbered, not named) and the leader's report."""
    visit = SiteVisit.objects.filter(application=application).select_related("leader").first()
    cards = list(_site_cards(application).prefetch_related(
        Prefetch("items", queryset=ItemScore.objects.select_related("item"))))
    subtotals = [category_subtotals(c) for c in cards]
    document = getattr(application, "document_result", None)
    doc_cards = list(_document_cards(application).prefetch_related(
        Prefetch("items", queryset=ItemScore.objects.select_related("item"))))
    doc_subtotals = [category_subtotals(c) for c in doc_cards]

    def mean(values):
        return truncate(sum(values, Decimal(0)) / len(values)) if values else None

    categories = [{
        "category": c,
        "site": mean([s.get(c.pk, Decimal(0)) for s in subtotals]),
        "document": mean([s.get(c.pk, Decimal(0)) for s in doc_subtotals]),
    } for c in standard_categories(application)]
    members = []
    if visit:
        members = [m.expert for m in visit.members.select_related("expert").order_by("id")]
    context = _common(application.cycle, f"XC-{application.reference or application.pk}")
    site_score = Application.objects.filter(pk=application.pk).values_list("site_score", flat=True).first()
    context.update({
        "application": application, "visit": visit, "members": members, "categories": categories,
        "scale": application.standard.total_points, "site_score": site_score,
        "document": document,
        "findings": [{"label": _("组员%(n)s") % {"n": n}, "text": c.findings, "total": c.total}
                     for n, c in enumerate(cards, start=1)],
    })
    return context


# -- the satisfaction report of one application (Art. 19(四)) --------------------------------------------------

def satisfaction_stamp(application) -> str:
    answers = SurveyAnswer.objects.filter(respondent__application=application).aggregate(n=Count("id"))
    respondents = Respondent.objects.filter(application=application).aggregate(
        n=Count("id"), last=Max("answered_at"))
    q = Questionnaire.objects.filter(cycle=application.cycle_id, kind=application.kind).first()
    return _hash([application.applicant_name, application.satisfaction_index, answers["n"], respondents["n"],
                  respondents["last"], q.deadline if q else None])


def satisfaction_context(application) -> dict:
    """Per group: invited, answered, response rate and index; per question: mean rating and index."""
    questionnaire = Questionnaire.objects.filter(cycle=application.cycle_id, kind=application.kind).first()
    summary = survey_summary(application=application)
    for group in summary["groups"]:
        group["rate"] = truncate(Decimal(group["answered"]) * 100 / group["invited"]) if group["invited"] else None
    questions = []
    if questionnaire:
        rows = Question.objects.filter(questionnaire=questionnaire).annotate(
            avg=Avg("answers__rating", filter=_answers_of(application)),
            n=Count("answers", filter=_answers_of(application)))
        questions = [{"question": q, "n": q.n, "mean": truncate(Decimal(q.avg)) if q.avg is not None else None,
                      "index": truncate(satisfaction_index(q.avg)) if q.avg is not None else None} for q in rows]
    invited = sum(g["invited"] for g in summary["groups"])
    answered = sum(g["answered"] for g in summary["groups"])
    context = _common(application.cycle, f"MY-{application.reference or application.pk}")
    context.update({
        "application": application, "questionnaire": questionnaire, "groups": summary["groups"],
        "index": application.satisfaction_index, "questions": questions, "invited": invited, "answered": answered,
        "rate": truncate(Decimal(answered) * 100 / invited) if invited else None,
    })
    return context


def _answers_of(application):
    return Q(answers__respondent__application=application)


# -- one table of the kinds, and the rendering --------------------------------------------------------------

@dataclass(frozen=True)
class ReportKind:
    stamp: Callable
    context: Callable
    template: str
    filename: str


KINDS = {
    Kind.DOCUMENT: ReportKind(document_stamp, document_context, "pdf/review/document_report.html",
                              "document-review-{ref}.pdf"),
    Kind.CYCLE_DOCUMENT: ReportKind(cycle_document_stamp, cycle_document_context,
                                    "pdf/review/cycle_document_report.html", "document-review-cycle-{ref}.pdf"),
    Kind.SITE: ReportKind(site_stamp, site_context, "pdf/review/site_report.html", "site-review-{ref}.pdf"),
    Kind.SATISFACTION: ReportKind(satisfaction_stamp, satisfaction_context, "pdf/review/satisfaction_report.html",
                                  "satisfaction-{ref}.pdf"),
}


def _subject_fields(subject, kind):
    """The ReportFile lookup for a report about `subject` (an Application, or a Cycle for a cycle kind)."""
    if kind in Kind.for_cycle():
        return {"cycle": subject, "application": None, "kind": kind}
    return {"application": subject, "kind": kind}


def report_filename(subject, kind) -> str:
    ref = subject.number if kind in Kind.for_cycle() else (subject.reference or subject.pk)
    return KINDS[kind].filename.format(ref=ref)


def report_pdf(*, subject, kind) -> bytes:
    spec = KINDS[kind]
    return render_pdf(template_name=spec.template, context=spec.context(subject))


def report_render(*, application=None, cycle=None, kind=Kind.DOCUMENT) -> ReportFile:
    """Render (or keep) a report about `application` (or `cycle` for a cycle kind); returns the stored report."""
    if kind in Kind.for_cycle():
        subject = cycle
    else:  # fresh from the database: the services update the row, not the caller's instance
        subject = Application.objects.select_related("cycle").get(pk=application.pk)
    stamp = KINDS[kind].stamp(subject)
    lookup = _subject_fields(subject, kind)
    existing = ReportFile.objects.filter(**lookup).first()
    if existing and existing.source_stamp == stamp and existing.file:
        return existing
    pdf = report_pdf(subject=subject, kind=kind)
    cycle_id = subject.pk if kind in Kind.for_cycle() else subject.cycle_id
    with transaction.atomic():
        report, _created = ReportFile.objects.select_for_update().get_or_create(
            **lookup, defaults={"source_stamp": stamp, "cycle_id": cycle_id})
        old = report.file.name if report.file else None
        report.file.save(f"{kind}.pdf", ContentFile(pdf), save=False)
        report.source_stamp = stamp
        report.save()
    if old and old != report.file.name:
        report.file.storage.delete(old)
    return report


def report_get_or_render(*, application=None, cycle=None, kind=Kind.DOCUMENT):
    """The current report, rendering it through the task; None while a worker is still rendering it."""
    subject = cycle if kind in Kind.for_cycle() else application
    existing = ReportFile.objects.filter(**_subject_fields(subject, kind)).first()
    if existing and existing.file and existing.source_stamp == KINDS[kind].stamp(subject):
        return existing
    ids = {"cycle_id": subject.pk} if kind in Kind.for_cycle() else {"application_id": subject.pk}
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task_named(RENDER_TASK).apply(kwargs={"kind": kind, **ids})
        return ReportFile.objects.filter(**_subject_fields(subject, kind)).first()
    # A hand-off lost to a broken broker is made again by the next request for the report.
    transaction.on_commit(lambda: broker_hand_off(task_named(RENDER_TASK), kwargs={"kind": kind, **ids},
                                                  what=f"报告 {kind} {ids}"), robust=True)
    return None
