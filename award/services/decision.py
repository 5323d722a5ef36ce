"""The decision stage (SPEC §9–10): candidates within the caps, the leading group's deliberation, objections to a
public notice, the government's approval and the awards.

Every function here is keyword-only, takes the acting user as `by`, writes its audit entry and queues its
notifications in the same transaction, and moves application states only through `application_transition`.
"""
import datetime
import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.dates import date_text
from accounts.models import Role, User
from accounts.notifications import notify

from ..models import (
    Application,
    ApplicationKind,
    ApplicationState,
    Approval,
    Award,
    AwardKind,
    Certificate,
    Cycle,
    CycleStage,
    Deliberation,
    DeliberationDecision,
    Notice,
    NoticeKind,
    Objection,
    ObjectionState,
    Proposal,
    award_kind_order,
)
from ..selectors import comprehensive_ranking
from ..uploads import inspect_evidence_file
from ..workflows import APPLICATION_TRANSITIONS
from .application import WorkflowError, application_transition, office_users

# Art. 6, 7: which applications each award kind is for; individuals have no nomination award (Art. 7).
APPLICATION_KIND_FOR = {
    AwardKind.ORGANIZATION: ApplicationKind.ORGANIZATION,
    AwardKind.INDIVIDUAL: ApplicationKind.INDIVIDUAL,
    AwardKind.NOMINATION: ApplicationKind.ORGANIZATION,
}
# Art. 4, 7, 19(八): what each award carries. Organizations: trophy, certificate and prize; individuals: trophy and
# certificate; nomination awards: the certificate only.
AWARD_ITEMS = {
    AwardKind.ORGANIZATION: {"trophy": True, "prize": True},
    AwardKind.INDIVIDUAL: {"trophy": True, "prize": False},
    AwardKind.NOMINATION: {"trophy": False, "prize": False},
}
CERTIFICATE_LETTER = {AwardKind.ORGANIZATION: "O", AwardKind.INDIVIDUAL: "P", AwardKind.NOMINATION: "N"}
# Notices the public may object to (Art. 19(二)(六)); revocation announcements are decisions, not proposals.
OBJECTION_NOTICE_KINDS = (NoticeKind.QUALIFICATION, NoticeKind.PROPOSED_AWARDS)
# Public forms: at most this many posts per client address per window (Django's cache; without CACHES in the
# settings that is the per-process local-memory cache, which is enough to slow a script down on one server).
PUBLIC_POST_LIMIT = 5
PUBLIC_POST_WINDOW_SECONDS = 3600


def award_cap(cycle, award_kind):
    """Art. 6, 7: the cycle's cap for `award_kind`, and the article that sets it."""
    if award_kind == AwardKind.ORGANIZATION:
        return cycle.organization_award_cap, _("第六条")
    if award_kind == AwardKind.INDIVIDUAL:
        return cycle.individual_award_cap, _("第六条")
    return cycle.nomination_award_cap, _("第七条")


def cap_full_message(cycle, award_kind):
    cap, article = award_cap(cycle, award_kind)
    if award_kind == AwardKind.ORGANIZATION:
        return _("组织奖名额已满(上限 %(cap)s 个,%(article)s)") % {"cap": cap, "article": article}
    if award_kind == AwardKind.INDIVIDUAL:
        return _("个人奖名额已满(上限 %(cap)s 人,%(article)s)") % {"cap": cap, "article": article}
    return _("组织提名奖名额已满(上限 %(cap)s 个,%(article)s)") % {"cap": cap, "article": article}


def _require_role(by, *roles, message):
    if not (by and by.is_authenticated and by.is_active and by.role in roles):
        raise WorkflowError(message)


def _office_only(by):
    _require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以进行此项工作。"))


def _locked_cycle(cycle, stage):
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.stage != stage:
        raise WorkflowError(
            _("本届当前处于“%(now)s”阶段,此项工作须在“%(stage)s”阶段进行。")
            % {"now": locked.get_stage_display(), "stage": CycleStage(stage).label}
        )
    return locked


def _free_slot(cycle, award_kind):
    """The lowest free place 1..cap of `award_kind`, or a refusal that says the cap is reached (Art. 6, 7)."""
    cap, _article = award_cap(cycle, award_kind)
    taken = set(Proposal.objects.filter(cycle=cycle, award_kind=award_kind).values_list("slot", flat=True))
    free = [slot for slot in range(1, cap + 1) if slot not in taken]
    if not free:
        raise WorkflowError(cap_full_message(cycle, award_kind))
    return free[0]


def _insert_proposal(**fields):
    """Create the row in a savepoint; the unique (cycle, kind, slot) constraint is the database's own guard."""
    try:
        with transaction.atomic():
            return Proposal.objects.create(**fields)
    except IntegrityError as exc:
        raise WorkflowError(_("该名额刚被他人占用,请刷新页面后重试。")) from exc


def proposal_create(*, cycle, application, award_kind, by, remarks="", ip=None):
    """Art. 19(五): put an application that passed site review on the candidate list for `award_kind`.

    Locks the cycle row so two office users proposing at once are counted one after the other; refuses beyond
    the cycle's cap (Art. 6, 7), a kind that does not fit the application (Art. 7: no nomination award for
    individuals), and an application whose review results are incomplete.
    """
    _office_only(by)
    with transaction.atomic():
        cycle = _locked_cycle(cycle, CycleStage.COMPREHENSIVE_REVIEW)
        if Deliberation.objects.filter(cycle=cycle).exists():
            raise WorkflowError(_("领导小组已审议候选名单,不能再调整。"))
        application = Application.objects.get(pk=application.pk)
        if application.cycle_id != cycle.pk:
            raise WorkflowError(_("该申报不属于本届。"))
        if application.state != ApplicationState.SITE_REVIEW:
            raise WorkflowError(
                _("只有完成现场评审的申报可以提名,该申报当前为“%(state)s”。")
                % {"state": application.get_state_display()}
            )
        if APPLICATION_KIND_FOR[award_kind] != application.kind:
            if application.kind == ApplicationKind.INDIVIDUAL and award_kind == AwardKind.NOMINATION:
                raise WorkflowError(_("个人奖不设提名奖(第七条)。"))
            raise WorkflowError(
                _("“%(award)s”不适用于%(kind)s申报。")
                % {"award": AwardKind(award_kind).label, "kind": application.get_kind_display()}
            )
        ranked = comprehensive_ranking(cycle=cycle, kind=application.kind)[application.kind]
        row = next((r for r in ranked if r.application.pk == application.pk), None)
        if row is None or not row.is_complete:
            raise WorkflowError(_("该申报的资料评审、现场评审或满意度测评结果不完整,不能提名。"))
        slot = _free_slot(cycle, award_kind)
        proposal = _insert_proposal(
            cycle=cycle, award_kind=award_kind, slot=slot, application=application,
            composite_score=row.composite, rank=row.rank, remarks=remarks.strip(), proposed_by=by,
        )
        application_transition(
            application=application, to_state=ApplicationState.CANDIDATE, by=by, ip=ip,
            reason=_("列入%(award)s候选名单") % {"award": AwardKind(award_kind).label},
            detail={"award_kind": award_kind, "slot": slot, "composite": str(row.composite), "rank": row.rank},
        )
    return proposal


def proposal_vacancy_record(*, cycle, award_kind, reason, by, ip=None):
    """Art. 6: a place of `award_kind` stays vacant (达不到奖励条件的奖项可以空缺), with the reason recorded."""
    _office_only(by)
    if not reason.strip():
        raise WorkflowError(_("请填写空缺理由。"))
    with transaction.atomic():
        cycle = _locked_cycle(cycle, CycleStage.COMPREHENSIVE_REVIEW)
        if Deliberation.objects.filter(cycle=cycle).exists():
            raise WorkflowError(_("领导小组已审议候选名单,不能再调整。"))
        slot = _free_slot(cycle, award_kind)
        proposal = _insert_proposal(
            cycle=cycle, award_kind=award_kind, slot=slot, vacancy_reason=reason.strip(), proposed_by=by
        )
        audit_record(
            action="proposal.vacancy", actor=by, obj=proposal, cycle_id=cycle.pk, ip=ip,
            detail={"award_kind": award_kind, "slot": slot, "reason": reason.strip()},
        )
    return proposal


def proposal_withdraw(*, proposal, by, ip=None):
    """Take a place off the candidate list before the deliberation; a proposed application returns to the pool."""
    _office_only(by)
    with transaction.atomic():
        _locked_cycle(proposal.cycle, CycleStage.COMPREHENSIVE_REVIEW)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if Deliberation.objects.filter(cycle_id=proposal.cycle_id).exists():
            raise WorkflowError(_("领导小组已审议候选名单,不能再调整。"))
        application = proposal.application
        audit_record(
            action="proposal.withdrawn", actor=by, obj=proposal, cycle_id=proposal.cycle_id, ip=ip,
            application_id=proposal.application_id,
            detail={"award_kind": proposal.award_kind, "slot": proposal.slot},
        )
        proposal.delete()
        if application is not None:
            application_transition(
                application=application, to_state=ApplicationState.SITE_REVIEW, by=by, ip=ip,
                reason=_("撤回候选提名"),
            )


def deliberation_record(*, cycle, meeting_name, held_on, members_present, decisions, by, summary="", ip=None,
                        today=None):
    """Art. 8(三): record the leading group's deliberation of the candidate list.

    `decisions` maps each candidate proposal's id to ("agree" | "reject", remarks); a rejection needs remarks.
    Agreed candidates become the proposed award list (拟奖励 → PROPOSED); rejected ones and every application that
    was not put forward are not awarded (NOT_AWARDED).
    """
    _office_only(by)
    today = today or timezone.localdate()
    if not meeting_name.strip() or not members_present.strip():
        raise WorkflowError(_("请填写会议名称和出席成员。"))
    if held_on > today:
        raise WorkflowError(_("会议日期不能晚于今天。"))
    with transaction.atomic():
        cycle = _locked_cycle(cycle, CycleStage.COMPREHENSIVE_REVIEW)
        if Deliberation.objects.filter(cycle=cycle).exists():
            raise WorkflowError(_("本届的审议结果已经记录。"))
        candidates = list(
            Proposal.objects.filter(cycle=cycle, application__isnull=False).select_related("application")
        )
        if not candidates:
            raise WorkflowError(_("候选名单为空,无法提交审议。"))
        reasons = []
        for proposal in candidates:
            decision, remarks = decisions.get(proposal.pk, (None, ""))
            if decision not in DeliberationDecision.Decision.values:
                reasons.append(_("请填写对“%(name)s”的审议结论。") % {"name": proposal.application.applicant_name})
            elif decision == DeliberationDecision.Decision.REJECT and not (remarks or "").strip():
                reasons.append(_("不同意“%(name)s”时请写明理由。") % {"name": proposal.application.applicant_name})
        if reasons:
            raise WorkflowError(_("审议记录不完整。"), reasons=reasons)
        deliberation = Deliberation.objects.create(
            cycle=cycle, meeting_name=meeting_name.strip(), held_on=held_on,
            members_present=members_present.strip(), summary=summary.strip(), recorded_by=by,
        )
        for proposal in candidates:
            decision, remarks = decisions[proposal.pk]
            DeliberationDecision.objects.create(
                deliberation=deliberation, proposal=proposal, decision=decision, remarks=(remarks or "").strip()
            )
            agreed = decision == DeliberationDecision.Decision.AGREE
            application_transition(
                application=proposal.application,
                to_state=ApplicationState.PROPOSED if agreed else ApplicationState.NOT_AWARDED,
                by=by, ip=ip, reason=(remarks or "").strip() or _("领导小组审议同意"),
                detail={"deliberation": deliberation.pk, "award_kind": proposal.award_kind},
            )
            if not agreed:
                _notify_not_awarded(proposal.application, deliberation)
        for application in cycle.applications.filter(state=ApplicationState.SITE_REVIEW):
            application_transition(
                application=application, to_state=ApplicationState.NOT_AWARDED, by=by, ip=ip,
                reason=_("未列入候选名单"), detail={"deliberation": deliberation.pk},
            )
            _notify_not_awarded(application, deliberation)
        audit_record(
            action="deliberation.recorded", actor=by, obj=deliberation, cycle_id=cycle.pk, ip=ip,
            detail={"meeting": deliberation.meeting_name, "held_on": held_on.isoformat(),
                    "decisions": {str(k): v[0] for k, v in decisions.items()}},
        )
    return deliberation


def _notify_not_awarded(application, deliberation):
    notify(
        recipient=application.applicant, event="application.not_awarded",
        link=reverse("award:application_detail", kwargs={"pk": application.pk}),
        key=f"not-awarded:{application.pk}",
        subject=_("综合评审结果"),
        body=_("经综合评审和领导小组审议(%(date)s),“%(name)s”未列入本届拟奖励名单。")
        % {"date": date_text(deliberation.held_on), "name": application.applicant_name},
    )


# --- Objections (Art. 19(六)) ---------------------------------------------------------------------------------

def public_rate_limit_hit(*, scope, ip, limit=PUBLIC_POST_LIMIT, window_seconds=PUBLIC_POST_WINDOW_SECONDS):
    """Count one post from `ip` to the public form `scope`; True once the address is over `limit` in the window."""
    key = f"rate:{scope}:{ip or 'unknown'}"
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return False
    return count > limit


def objection_window_state(notice, *, now=None):
    """"before", "open" or "closed": objections are accepted from the first day of the window until 23:59:59
    (Asia/Shanghai) of its last day (Art. 19(六))."""
    day = timezone.localtime(now or timezone.now()).date()
    if day < notice.starts_on:
        return "before"
    if day > notice.ends_on:
        return "closed"
    return "open"


def _tracking_number(notice, now):
    return f"YY{notice.cycle.number}-{timezone.localtime(now):%Y%m%d}-{secrets.token_hex(3).upper()}"


def objection_file(*, notice, application, name, contact, content, evidence=None, ip=None, now=None):
    """Art. 19(六): anyone files an objection to an entry of a notice, with real name and contact, within the
    window. Evidence is checked by content and stored privately. The office and the supervisors hear of it.
    Returns the objection; its `tracking_number` is the filer's receipt."""
    now = now or timezone.now()
    if notice.kind not in OBJECTION_NOTICE_KINDS:
        raise WorkflowError(_("该公告不受理异议。"))
    window = objection_window_state(notice, now=now)
    if window == "before":
        raise WorkflowError(_("公示尚未开始,暂不受理异议。"))
    if window == "closed":
        raise WorkflowError(
            _("公示期已于 %(date)s 24 时结束,不再受理异议。") % {"date": date_text(notice.ends_on)}
        )
    if not notice.entries.filter(application=application).exists():
        raise WorkflowError(_("所选对象不在本次公示名单中。"))
    if not name.strip() or not contact.strip() or not content.strip():
        raise WorkflowError(_("请填写真实姓名、联系方式和异议内容。"))
    checked = None
    if evidence:
        try:
            checked = inspect_evidence_file(evidence, max_bytes=settings.EVIDENCE_MAX_BYTES)
        except ValidationError as exc:
            raise WorkflowError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        objection = Objection(
            notice=notice, application=application, tracking_number=_tracking_number(notice, now),
            name=name.strip(), contact=contact.strip(), content=content.strip(), ip_address=ip, filed_at=now,
        )
        if checked is not None:
            objection.evidence_name = evidence.name[-255:]
            objection.evidence_content_type = checked.content_type
            objection.evidence_sha256 = checked.sha256
            objection.evidence.save(evidence.name, evidence, save=False)
        objection.save()
        audit_record(
            action="objection.filed", actor=AnonymousUser(), obj=objection, cycle_id=notice.cycle_id,
            application_id=application.pk, ip=ip,
            detail={"notice": notice.pk, "tracking_number": objection.tracking_number,
                    "evidence_sha256": objection.evidence_sha256},
        )
        link = reverse("award:objection_detail", kwargs={"pk": objection.pk})
        handlers = User.objects.filter(role__in=(Role.OFFICE, Role.SUPERVISOR), is_active=True)
        for user in handlers:
            notify(
                recipient=user, event="objection.filed", link=link, key=f"objection:{objection.pk}:{user.pk}",
                subject=_("收到异议:%(name)s") % {"name": application.applicant_name},
                body=_("“%(notice)s”收到一件异议(受理编号 %(number)s),请评审监督小组处理。")
                % {"notice": notice.title, "number": objection.tracking_number},
            )
    return objection


def objection_resolve(*, objection, upheld: bool, reasons, by, ip=None):
    """Art. 11(一), 19(六): the supervision group (or the office) rules on an objection, with reasons.

    Upheld (查实有违法违规情形): the application is disqualified (取消资格) with the reasons recorded.
    Dismissed: the objection is closed. Either way the applicant concerned and the office are told.
    """
    _require_role(by, Role.SUPERVISOR, Role.OFFICE, message=_("只有评审监督小组或领导小组办公室可以处理异议。"))
    if not (reasons or "").strip():
        raise WorkflowError(_("请写明处理意见。"))
    with transaction.atomic():
        objection = Objection.objects.select_for_update().select_related("application", "notice").get(
            pk=objection.pk
        )
        if objection.state != ObjectionState.OPEN:
            raise WorkflowError(_("该异议已处理。"))
        objection.state = ObjectionState.UPHELD if upheld else ObjectionState.DISMISSED
        objection.resolution = reasons.strip()
        objection.resolved_by = by
        objection.resolved_at = timezone.now()
        objection.save(update_fields=["state", "resolution", "resolved_by", "resolved_at"])
        application = objection.application
        disqualified = False
        if upheld and ApplicationState.DISQUALIFIED in APPLICATION_TRANSITIONS.get(application.state, set()):
            application_transition(
                application=application, to_state=ApplicationState.DISQUALIFIED, by=by, ip=ip,
                reason=_("异议查实,取消资格:%(reasons)s") % {"reasons": objection.resolution},
                detail={"objection": objection.pk},
            )
            disqualified = True
        audit_record(
            action=f"objection.{objection.state}", actor=by, obj=objection, cycle_id=objection.notice.cycle_id,
            application_id=application.pk, ip=ip,
            detail={"reasons": objection.resolution, "disqualified": disqualified},
        )
        body = (
            _("针对“%(name)s”的异议(受理编号 %(number)s)经核查属实,取消其评审资格。理由:%(reasons)s")
            if upheld
            else _("针对“%(name)s”的异议(受理编号 %(number)s)经核查不予采纳。理由:%(reasons)s")
        ) % {"name": application.applicant_name, "number": objection.tracking_number, "reasons": objection.resolution}
        recipients = {application.applicant, *office_users()}
        for user in recipients:
            notify(
                recipient=user, event="objection.resolved", key=f"objection-resolved:{objection.pk}:{user.pk}",
                link=reverse("award:application_detail", kwargs={"pk": application.pk}),
                subject=_("异议处理结果"), body=body,
            )
    return objection


# --- Approval and awards (Art. 19(七)(八)) ---------------------------------------------------------------------

def proposed_notice(cycle):
    return cycle.notices.filter(kind=NoticeKind.PROPOSED_AWARDS).order_by("-published_at").first()


def open_objections(cycle):
    return Objection.objects.filter(notice__cycle=cycle, state=ObjectionState.OPEN)


def approval_blockers(cycle, *, today=None):
    """Art. 19(六)(七): what stops the approval — the proposed list not yet on notice, its window not over, or an
    objection still open — as sentences for the office."""
    today = today or timezone.localdate()
    blockers = []
    notice = proposed_notice(cycle)
    if notice is None:
        blockers.append(_("请先公示拟奖励名单(第十九条第六项)。"))
    elif notice.ends_on >= today:
        blockers.append(_("拟奖励名单公示期至 %(date)s 结束。") % {"date": date_text(notice.ends_on)})
    n_open = open_objections(cycle).count()
    if n_open:
        blockers.append(_("还有 %(n)s 件异议未处理。") % {"n": n_open})
    return blockers


def approval_record(*, cycle, body, decided_on, document_number, scan, by, ip=None, today=None):
    """Art. 19(七): record the government's decision on the proposed list — body (常务会议 or the mayor's
    signature), date, document number and the uploaded scan. Refused while an objection is open or before the
    notice window has ended."""
    _office_only(by)
    today = today or timezone.localdate()
    if not document_number.strip():
        raise WorkflowError(_("请填写文号。"))
    try:
        checked = inspect_evidence_file(scan, max_bytes=settings.EVIDENCE_MAX_BYTES)
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages)) from exc
    with transaction.atomic():
        cycle = _locked_cycle(cycle, CycleStage.APPROVAL)
        if Approval.objects.filter(cycle=cycle).exists():
            raise WorkflowError(_("本届的批准决定已经记录。"))
        blockers = approval_blockers(cycle, today=today)
        if blockers:
            raise WorkflowError(_("暂不能记录批准决定。"), reasons=blockers)
        notice = proposed_notice(cycle)
        if decided_on <= notice.ends_on or decided_on > today:
            raise WorkflowError(
                _("批准日期应在公示期结束(%(end)s)之后,且不晚于今天。") % {"end": date_text(notice.ends_on)}
            )
        approval = Approval(
            cycle=cycle, body=body, decided_on=decided_on, document_number=document_number.strip(),
            scan_name=scan.name[-255:], scan_content_type=checked.content_type, scan_sha256=checked.sha256,
            recorded_by=by,
        )
        approval.scan.save(scan.name, scan, save=False)
        approval.save()
        audit_record(
            action="approval.recorded", actor=by, obj=approval, cycle_id=cycle.pk, ip=ip,
            detail={"body": body, "decided_on": decided_on.isoformat(), "document_number": approval.document_number,
                    "sha256": approval.scan_sha256},
        )
    return approval


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def award_valid_until(awarded_on, validity_years):
    """Art. 6: valid for `validity_years` years from the award date, the last day included."""
    return add_years(awarded_on, validity_years) - datetime.timedelta(days=1)


def awards_grant(*, cycle, by, ip=None, today=None):
    """Art. 4, 6, 19(八): after the approval, every application still on the proposed list wins its award.

    Creates the Award (kind, validity of `cycle.validity_years`, prize `cycle.organization_prize_yuan` for
    organizations, none otherwise) and its numbered Certificate, marks the application awarded, tells the winner,
    queues the certificate's rendering after the commit, and moves the cycle to "awarded".
    """
    from ..tasks import task_render_certificate
    from .cycle import cycle_advance

    _office_only(by)
    with transaction.atomic():
        cycle = _locked_cycle(cycle, CycleStage.APPROVAL)
        approval = Approval.objects.filter(cycle=cycle).first()
        if approval is None:
            raise WorkflowError(_("请先记录市政府的批准决定(第十九条第七项)。"))
        if open_objections(cycle).exists():
            raise WorkflowError(_("还有异议未处理,不能颁奖。"))
        proposals = (
            Proposal.objects.filter(cycle=cycle, application__state=ApplicationState.PROPOSED)
            .select_related("application", "application__organization", "application__individual")
            .order_by(award_kind_order("award_kind"), "slot")
        )
        numbers = {kind: 0 for kind in AwardKind.values}
        certificates = []
        for proposal in proposals:
            application = proposal.application
            kind = proposal.award_kind
            numbers[kind] += 1
            award = Award.objects.create(
                cycle=cycle, application=application, kind=kind, recipient_name=application.applicant_name,
                credit_code=application.organization.credit_code if application.organization else "",
                id_number=application.individual.id_number if application.individual else "",
                awarded_on=approval.decided_on,
                valid_until=award_valid_until(approval.decided_on, cycle.validity_years),
                prize_yuan=cycle.organization_prize_yuan if AWARD_ITEMS[kind]["prize"] else 0,
            )
            certificate = Certificate.objects.create(
                award=award, number=f"BZQA-{cycle.number}-{CERTIFICATE_LETTER[kind]}-{numbers[kind]:03d}"
            )
            certificates.append(certificate)
            application_transition(
                application=application, to_state=ApplicationState.AWARDED, by=by, ip=ip,
                reason=approval.document_number, detail={"award": award.pk, "certificate": certificate.number},
            )
            audit_record(
                action="award.granted", actor=by, obj=award, cycle_id=cycle.pk, application_id=application.pk,
                ip=ip, detail={"kind": kind, "certificate": certificate.number, "prize_yuan": award.prize_yuan,
                               "valid_until": award.valid_until.isoformat()},
            )
            notify(
                recipient=application.applicant, event="award.granted", key=f"award-granted:{award.pk}",
                link=reverse("award:application_detail", kwargs={"pk": application.pk}),
                subject=_("祝贺您荣获%(award)s") % {"award": award.get_kind_display()},
                body=_("经%(body)s(%(number)s),“%(name)s”荣获%(cycle)s%(award)s,证书编号 %(cert)s,有效期至 %(until)s。")
                % {"body": approval.get_body_display(), "number": approval.document_number,
                   "name": award.recipient_name, "cycle": cycle, "award": award.get_kind_display(),
                   "cert": certificate.number, "until": date_text(award.valid_until)},
            )
        for certificate in certificates:
            transaction.on_commit(
                lambda pk=certificate.pk: task_render_certificate.delay(certificate_id=pk), robust=True
            )
        cycle_advance(cycle=cycle, by=by, today=today)
    return certificates


def objection_notice_for(pk):
    """The notice `pk` if it accepts objections, else None."""
    return Notice.objects.select_related("cycle").filter(pk=pk, kind__in=OBJECTION_NOTICE_KINDS).first()


def decision_stage_blockers(cycle, target, *, today=None):
    """The decision stage's preconditions for `cycle_stage_blockers` (SPEC §2, §9): objections to a notice are
    resolved before the cycle moves on; the deliberation comes before the notice (Art. 8(三)); the notice window
    has ended before the approval (Art. 19(六)(七)); the approval before the awards."""
    blockers = []
    if target == CycleStage.DOCUMENT_REVIEW:
        n_open = open_objections(cycle).filter(notice__kind=NoticeKind.QUALIFICATION).count()
        if n_open:
            blockers.append(_("资格审查合格名单还有 %(n)s 件异议未处理。") % {"n": n_open})
    if target == CycleStage.PUBLIC_NOTICE and not Deliberation.objects.filter(cycle=cycle).exists():
        blockers.append(_("请先记录领导小组对候选名单的审议(第八条第三项)。"))
    if target == CycleStage.APPROVAL:
        blockers += approval_blockers(cycle, today=today)
    if target == CycleStage.AWARDED:
        if not Approval.objects.filter(cycle=cycle).exists():
            blockers.append(_("请先记录市政府的批准决定(第十九条第七项)。"))
        if cycle.applications.filter(state=ApplicationState.PROPOSED).exists():
            blockers.append(_("还有拟奖励对象未颁发奖项。"))
    return blockers
