"""Services for a cycle: create it with the regulation's defaults, publish the call (Art. 18), advance its stage.

`cycle_publish_call` (draft → open) and `cycle_advance` (every later stage, each with what must be true before
it) move `Cycle.stage`, both through `accounts.workflows.transition` with award's CYCLE_WORKFLOW.
"""
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_record
from accounts.dates import date_text
from accounts.refusals import office_only
from accounts.workflows import transition

from ..models import ApplicationState, Cycle, CycleStage, NoticeKind, WindowChange
from ..selectors import decision_stage_blockers
from ..signals import cycle_stage_changed
from ..workflows import CYCLE_WORKFLOW, next_cycle_stage
from .transition import WorkflowError

PENDING_BEFORE_QUALIFICATION_ENDS = (
    ApplicationState.SUBMITTED,
    ApplicationState.ENDORSED,
    ApplicationState.RETURNED,
)


OFFICE_ONLY = gettext_lazy("只有领导小组办公室可以管理届次。")


@transaction.atomic
def cycle_create(*, by, **fields):
    """Create a cycle in draft; every rule not given keeps the 2018 regulation's default."""
    office_only(by, OFFICE_ONLY)
    cycle = Cycle.objects.create(created_by=by, **fields)
    audit_record(action="cycle.created", actor=by, obj=cycle, cycle_id=cycle.pk, detail={"number": cycle.number})
    return cycle


@transaction.atomic
def cycle_publish_call(*, cycle, by):
    """Art. 18: publish the application window, schedule and media on the public site; opens applications."""
    office_only(by, OFFICE_ONLY)
    if cycle.stage != CycleStage.DRAFT:
        raise WorkflowError(_("申报通知只能在筹备阶段发布。"))
    if not cycle.media.strip() or not cycle.schedule.strip():
        raise WorkflowError(_("发布前请填写工作安排和发布媒体(第十八条)。"))
    return transition(CYCLE_WORKFLOW, cycle, CycleStage.OPEN, by=by, action="cycle.call_published",
                      fields={"call_published_at": timezone.now()}, update_fields=())


def cycle_stage_blockers(cycle, *, today=None):
    """What stops the cycle moving to its next stage, as sentences for the office (empty when it may move)."""
    today = today or timezone.localdate()
    target = next_cycle_stage(cycle.stage)
    blockers = []
    if target is None:
        return [_("本届已结束。")]
    if cycle.stage == CycleStage.DRAFT:
        blockers.append(_("请先发布申报通知。"))
    if target == CycleStage.QUALIFICATION and today <= cycle.application_closes:
        blockers.append(
            _("申报截止日期(%(date)s)之后才能进入资格审查。") % {"date": date_text(cycle.application_closes)}
        )
    if target == CycleStage.DOCUMENT_REVIEW:
        pending = cycle.applications.filter(state__in=PENDING_BEFORE_QUALIFICATION_ENDS).count()
        if pending:
            blockers.append(_("还有 %(n)s 份申报未完成推荐或资格审查。") % {"n": pending})
        notice = cycle.notices.filter(kind=NoticeKind.QUALIFICATION).order_by("-published_at").first()
        if notice is None:
            blockers.append(_("请先公示资格审查合格名单(第十九条第二项)。"))
        elif notice.ends_on >= today:
            blockers.append(_("资格审查合格名单公示期至 %(date)s 结束。") % {"date": date_text(notice.ends_on)})
    if target == CycleStage.SITE_REVIEW:
        undecided = cycle.applications.filter(state=ApplicationState.QUALIFIED).count()
        if undecided:
            blockers.append(
                _("还有 %(n)s 份申报的资料评审结果尚未确认进入现场评审名单(第十九条第三项、第二十条)。") % {"n": undecided}
            )
    if target == CycleStage.COMPREHENSIVE_REVIEW:
        incomplete = cycle.applications.filter(state=ApplicationState.SITE_REVIEW).filter(
            Q(site_score__isnull=True) | Q(satisfaction_index__isnull=True)
        ).count()
        if incomplete:
            blockers.append(
                _("还有 %(n)s 份申报缺少现场评审得分或社会满意度测评结果(第十九条第四项)。") % {"n": incomplete}
            )
    blockers += decision_stage_blockers(cycle, target, today=today)
    return blockers


@transaction.atomic
def cycle_advance(*, cycle, by, today=None):
    """Move the cycle to its next stage when nothing blocks it; later stages add their own checks here."""
    office_only(by, OFFICE_ONLY)
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    blockers = cycle_stage_blockers(cycle, today=today)
    if blockers:
        raise WorkflowError(_("暂不能进入下一阶段。"), reasons=blockers)
    from_stage = cycle.stage
    cycle = transition(CYCLE_WORKFLOW, cycle, next_cycle_stage(cycle.stage), by=by, locked=True,
                       action="cycle.advanced", update_fields=())
    # Art. 26: review takes back the grants of the seats whose stage just ended.
    cycle_stage_changed.send(sender=Cycle, cycle=cycle, from_stage=from_stage, to_stage=cycle.stage, by=by)
    return cycle


def window_submissions_after(cycle, closes):
    """The applications of `cycle` already submitted after `closes` (Asia/Shanghai dates), earliest first."""
    return [
        a for a in cycle.applications.filter(submitted_at__isnull=False).order_by("submitted_at")
        if timezone.localtime(a.submitted_at).date() > closes
    ]


@transaction.atomic
def cycle_change_window(*, cycle, application_opens, application_closes, reason, by, accept_earlier_close=False):
    """Move the application window while applications are open — an extension or an early close announced
    like the call itself (Art. 18); the reason is recorded and the public call page shows the change, dated,
    with its reason (a `WindowChange`).

    Closing before the day some applications were already submitted is refused unless `accept_earlier_close`:
    the office has been warned (the submissions stay valid — they were made within the window then published).
    """
    office_only(by, OFFICE_ONLY)
    if cycle.stage not in (CycleStage.DRAFT, CycleStage.OPEN):
        raise WorkflowError(_("申报阶段结束后不能调整申报时间。"))
    if not reason.strip():
        raise WorkflowError(_("请填写调整理由。"))
    if application_closes < application_opens:
        raise WorkflowError(_("申报截止日期不能早于开始日期。"))
    late = window_submissions_after(cycle, application_closes)
    if late and not accept_earlier_close:
        raise WorkflowError(
            _("新的截止日期早于 %(n)s 份已提交申报的提交日期,请确认后再调整。") % {"n": len(late)}
        )
    before = {"opens": cycle.application_opens.isoformat(), "closes": cycle.application_closes.isoformat()}
    change = None
    if cycle.is_call_published:
        change = WindowChange.objects.create(
            cycle=cycle, opens_before=cycle.application_opens, closes_before=cycle.application_closes,
            opens=application_opens, closes=application_closes, reason=reason.strip(),
            submissions_after_close=len(late), changed_by=by,
        )
    cycle.application_opens = application_opens
    cycle.application_closes = application_closes
    cycle.save(update_fields=["application_opens", "application_closes"])
    audit_record(
        action="cycle.window_changed", actor=by, obj=cycle, cycle_id=cycle.pk,
        detail={"before": before, "opens": application_opens.isoformat(), "closes": application_closes.isoformat(),
                "reason": reason.strip(), "submissions_after_close": [a.pk for a in late],
                "announced": change is not None},
    )
    return cycle
