"""Art. 19(二): one qualification ruling for several applications of a cycle, each recorded as if decided alone.

The office chooses the ruling and every criterion once for the batch; each application still gets its own
QualificationReview with its own criteria, its own transition, audit entry and notification, through
`qualification_decide`, all in one transaction: a batch is recorded whole or not at all.

The data-checkable criteria stay each application's own (as recorded at submission). A batch cannot overrule
them: when the batch's choice for a system check differs from an application's result, the batch is refused and
names that application, which the office then decides on its own page, where an override carries its own note.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.refusals import require_role

from ..models import Application, ApplicationState, QualificationReview
from ..qualification import qualification_criteria
from .qualification import qualification_decide
from .transition import WorkflowError


def _label(application):
    return f"{application.reference} {application.applicant_name}"


def qualification_batch_plan(*, applications, decision, criteria):
    """The criteria each application would be recorded with: {application pk: [criterion, ...]}.

    `criteria`: the batch's choices, [{"code", "passed", "note"}, ...]. Refuses (nothing changes) when the batch
    is empty, spans cycles or kinds, holds an application that is not in qualification review, or contradicts an
    application's system check.
    """
    qualification_batch_check(applications)
    if decision == QualificationReview.Decision.PASS and any(not c.get("passed") for c in criteria):
        raise WorkflowError(_("有审查项目未通过,不能作出“符合申报条件”的结论。"))
    chosen = {c["code"]: c for c in criteria}
    plan, contradictions = {}, []
    for application in applications:
        rows = []
        for row in qualification_criteria(application):
            choice = chosen.get(row["code"])
            if choice is None:
                raise WorkflowError(_("请逐项作出认定。"))
            if not row.get("judged") and bool(choice["passed"]) != bool(row["system_passed"]):
                contradictions.append(
                    _("%(application)s:系统核验“%(label)s”的结果为“%(result)s”,与本批次的认定不一致。")
                    % {"application": _label(application), "label": row["label"],
                       "result": _("符合") if row["system_passed"] else _("不符合")}
                )
            rows.append({"code": row["code"], "article": row["article"], "label": str(row["label"]),
                         "passed": bool(choice["passed"]), "note": choice.get("note", "")})
        plan[application.pk] = rows
    if contradictions:
        raise WorkflowError(
            _("本批次的认定与以下申报的系统核验结果不一致,未作任何记录;请将其移出本批次,在单份审查页面逐项认定并注明意见:"),
            reasons=contradictions,
        )
    return plan


def qualification_batch_check(applications):
    """Refuse a batch that is empty, spans cycles or kinds, or holds an application not in qualification review."""
    if not applications:
        raise WorkflowError(_("请至少选择一份申报。"))
    if len({a.cycle_id for a in applications}) > 1:
        raise WorkflowError(_("一个批次只能包含同一届的申报。"))
    if len({a.kind for a in applications}) > 1:
        # Art. 15 and Art. 17 set different conditions, so organizations and individuals have different criteria.
        raise WorkflowError(_("组织和个人的审查项目不同(第十五条、第十七条),请分别批量审查。"))
    wrong = [a for a in applications if a.state != ApplicationState.ENDORSED]
    if wrong:
        raise WorkflowError(
            _("以下申报当前不在资格审查环节,本批次未作任何记录,请将其移出后重试:"),
            reasons=[f"{_label(a)}({a.get_state_display()})" for a in wrong],
        )


def qualification_decide_batch(*, applications, decision, criteria, reasons, by, deadline=None, ip=None):
    """Record `decision` for every application of the batch, each with its own criteria, in one transaction.

    Returns the QualificationReviews in the applications' order. Any refusal (for any application) leaves
    every application of the batch unchanged.
    """
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以进行资格审查。"))
    with transaction.atomic():
        locked = list(
            Application.objects.select_for_update(of=("self",)).select_related("cycle", "applicant")
            .filter(pk__in=[a.pk for a in applications]).order_by("pk")
        )
        if len(locked) != len({a.pk for a in applications}):
            raise WorkflowError(_("所选申报有的已不存在,本批次未作任何记录。"))
        plan = qualification_batch_plan(applications=locked, decision=decision, criteria=criteria)
        reviews = []
        for application in locked:
            try:
                reviews.append(qualification_decide(
                    application=application, decision=decision, criteria=plan[application.pk], reasons=reasons,
                    deadline=deadline, by=by, ip=ip,
                ))
            except WorkflowError as error:
                raise WorkflowError(
                    _("%(application)s:%(message)s本批次未作任何记录。")
                    % {"application": _label(application), "message": error.message},
                    reasons=error.reasons,
                ) from error
    return reviews
