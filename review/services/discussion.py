"""SPEC §7, Art. 12, 26: the panel's discussion of one application, and the consensus round around it.

Who takes part: the experts of the application who submitted their own document scorecard (independent scores
come first, SPEC §7), the sector panel's leader, and the cycle's agency; the office reads. Nobody with a conflict
(Art. 12), never the applicant and never an expert of another panel (Art. 26: the discussion quotes the material).
Experts appear under a label that is the same for every viewer of the application (专家A, 专家B…: one per
assignment, in the order the assignments were made, so a later swap never renames anyone).

Once the office confirmed the shortlist the thread is read-only (issue 8, review.services.freeze); an expert's
access ends with the document review as everywhere else (Art. 26, review.access).
"""
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.notifications import notify
from accounts.permissions import ALLOW, deny
from award.models import Application, ApplicationState

from .. import emails
from ..access import expert_material_access
from ..models import (
    Agency,
    AgencyMember,
    Assignment,
    AssignmentState,
    DiscussionPost,
    DocumentResult,
    Panel,
    Scorecard,
    ScorecardState,
    ScoreLayer,
)
from ..peers import author_label, label_for, peer_labels  # noqa: F401 — label_for re-exported
from ..selectors import is_conflicted
from .common import ReviewError, refuse_closed
from .freeze import confirmed
from .results import result_recompute

POST_MAX_CHARS = 4000
NOTE_MAX_CHARS = 3000


def _leads(user, application) -> bool:
    return Panel.objects.filter(cycle=application.cycle_id, sector=application.sector, leader=user).exists()


def _is_cycle_agency(user, application) -> bool:
    return Agency.objects.filter(cycle=application.cycle_id, members__user=user).exists()


def discussion_access(user, application):
    """Art. 12, 26, SPEC §7: may the user read the application's discussion and its side-by-side peer scores?
    A verdict that says why not."""
    if not (user and user.is_authenticated and user.is_active):
        return deny(_("请先登录。"))
    if user.role == Role.EXPERT:
        verdict = expert_material_access(user, application)  # conflict, bar, pledge, a seat still running
        if not verdict:
            return verdict
        own = Scorecard.objects.filter(application=application, expert=user, layer=ScoreLayer.DOCUMENT,
                                       assignment__state=AssignmentState.ACTIVE).values_list("state", flat=True).first()
        if own == ScorecardState.SUBMITTED:
            return ALLOW
        if Assignment.objects.filter(application=application, expert=user, state=AssignmentState.ACTIVE).exists():
            return deny(_("请先提交您本人的评分;提交后方可查看其他专家的评分并参加讨论(独立评分在先)。"))
        if _leads(user, application):
            return ALLOW
        return deny(_("只有已提交评分的本组专家和专项评审组组长可以参加该申报的讨论。"))
    if is_conflicted(user=user, application=application):
        return deny(_("您与该申报存在利害关系,依第十二条须回避。"))
    if user.role == Role.OFFICE:
        return ALLOW
    if user.role == Role.AGENCY:
        if _is_cycle_agency(user, application):
            return ALLOW
        return deny(_("您不是本届受委托的评审机构人员。"))
    return deny(_("评审讨论仅限本组评审专家、组长和评审机构,依第二十六条保密。"))


def _fresh(application):
    """The application as it is now, with its cycle (a stale object must not slip past the freeze)."""
    return Application.objects.select_related("cycle").get(pk=application.pk)


def discussion_read_only(application) -> str:
    """Why nobody may post any more ('' while the discussion is open): the cycle is closed or the office has
    confirmed the document-review results (issue 8)."""
    if application.cycle.stage == "closed":
        return _("本届评审工作已结束并归档,讨论只能查看。")
    if application.state != ApplicationState.QUALIFIED or confirmed(application, ScoreLayer.DOCUMENT, loaded=True):
        return _("资料评审结果已经领导小组办公室确认,讨论已关闭,只能查看。")
    return ""


def discussion_post_access(user, application):
    """May the user write in the thread: a reader who is not the office, while the discussion is open."""
    verdict = discussion_access(user, application)
    if not verdict:
        return verdict
    if user.role == Role.OFFICE:
        return deny(_("领导小组办公室可以查看讨论,不参加讨论。"))
    why = discussion_read_only(application)
    if why:
        return deny(why)
    return ALLOW


def participants(application) -> list:
    """Who is told of a new post: the experts who submitted, the panel leader and the agency's staff."""
    users = get_user_model().objects
    ids = set(Scorecard.objects.filter(application=application, layer=ScoreLayer.DOCUMENT,
                                       state=ScorecardState.SUBMITTED, assignment__state=AssignmentState.ACTIVE)
              .values_list("expert_id", flat=True))
    leader = Panel.objects.filter(cycle=application.cycle_id, sector=application.sector).values_list(
        "leader_id", flat=True).first()
    if leader:
        ids.add(leader)
    ids |= set(AgencyMember.objects.filter(agency__cycle=application.cycle_id).values_list("user_id", flat=True))
    return [u for u in users.filter(pk__in=ids, is_active=True).order_by("id")
            if not is_conflicted(user=u, application=application)]


def discussion_post(*, application, body, by, ip=None) -> DiscussionPost:
    """Add one message to the application's thread (append-only), audited, and tell the other participants.
    Refused with the reason when the author may not post (Art. 12, 26; the freeze of issue 8)."""
    body = (body or "").strip()
    if not body:
        raise ReviewError(_("请填写留言内容。"))
    if len(body) > POST_MAX_CHARS:
        raise ReviewError(_("留言不能超过 %(n)s 字。") % {"n": POST_MAX_CHARS})
    application = _fresh(application)
    verdict = discussion_post_access(by, application)
    if not verdict:
        raise ReviewError(verdict.reason)
    with transaction.atomic():
        post = DiscussionPost.objects.create(application=application, author=by, body=body)
        audit_record(action="review.discussion_posted", actor=by, obj=application, cycle_id=application.cycle_id,
                     application_id=application.pk, ip=ip, detail={"post": post.pk, "chars": len(body)})
        labels = peer_labels(application)
        leader_id = Panel.objects.filter(cycle=application.cycle_id, sector=application.sector).values_list(
            "leader_id", flat=True).first()
        subject, text = emails.discussion_posted(application=application,
                                                 author=author_label(by, labels=labels, leader_id=leader_id))
        link = reverse("review:discussion", kwargs={"pk": application.pk})
        for user in participants(application):
            if user.pk != by.pk:
                notify(recipient=user, event="discussion_posted", subject=subject, body=text, link=link,
                       key=f"discussion:{post.pk}:{user.pk}")
    return post


def consensus_open(*, application, reason, by, ip=None) -> DocumentResult:
    """SPEC §7: the agency or the office opens a consensus round on any application in document review, whatever
    the spread; the panel leader then records the consensus scores (the shortlist waits for them) and the note."""
    application = _fresh(application)
    refuse_closed(application.cycle)  # Art. 11: a closed cycle is archived read-only
    if by.role == Role.AGENCY:
        if not _is_cycle_agency(by, application):
            raise ReviewError(_("您不是本届受委托的评审机构人员。"))
    elif by.role != Role.OFFICE:
        raise ReviewError(_("只有评审机构或领导小组办公室可以发起共识评分。"))
    if is_conflicted(user=by, application=application):
        raise ReviewError(_("您与该申报存在利害关系,依第十二条须回避。"))
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("请填写发起共识评分的理由。"))
    with transaction.atomic():
        if discussion_read_only(application):
            raise ReviewError(_("资料评审结果已确认,不能再发起共识评分。"))
        doc = DocumentResult.objects.select_for_update().filter(application=application).first()
        if doc is None:
            doc = result_recompute(application=application)
            doc = DocumentResult.objects.select_for_update().get(pk=doc.pk)
        if doc.consensus_open:
            raise ReviewError(_("该申报已在共识评分中。"))
        doc.consensus_requested_at, doc.consensus_requested_by = timezone.now(), by
        doc.consensus_requested_reason = reason[:300]
        doc.save(update_fields=["consensus_requested_at", "consensus_requested_by", "consensus_requested_reason"])
        audit_record(action="review.consensus_opened", actor=by, obj=application, cycle_id=application.cycle_id,
                     application_id=application.pk, ip=ip, detail={"reason": reason[:300]})
        leader = Panel.objects.filter(cycle=application.cycle_id, sector=application.sector).select_related(
            "leader").first()
        subject, body = emails.consensus_opened(application=application)
        if leader is not None and leader.leader is not None:
            notify(recipient=leader.leader, event="consensus_opened", subject=subject, body=body,
                   link=reverse("review:discussion", kwargs={"pk": application.pk}),
                   key=f"consensus-opened:{application.pk}:{doc.consensus_requested_at.timestamp()}")
    return doc


def consensus_note_save(*, application, note, by, ip=None) -> DocumentResult:
    """SPEC §7: the panel leader writes the consensus note of the round; it is printed in the application's
    document-review report, which the applicant receives (so it names no expert)."""
    application = _fresh(application)
    refuse_closed(application.cycle)  # Art. 11
    if by.role != Role.EXPERT or not _leads(by, application):
        raise ReviewError(_("只有本产业专项评审组组长可以填写共识意见。"))
    if is_conflicted(user=by, application=application):
        raise ReviewError(_("您与该申报存在利害关系,依第十二条须回避。"))
    note = (note or "").strip()
    if not note:
        raise ReviewError(_("请填写共识意见。"))
    if len(note) > NOTE_MAX_CHARS:
        raise ReviewError(_("共识意见不能超过 %(n)s 字。") % {"n": NOTE_MAX_CHARS})
    with transaction.atomic():
        if discussion_read_only(application):
            raise ReviewError(_("资料评审结果已确认,共识意见不能再修改。"))
        doc = DocumentResult.objects.select_for_update().filter(application=application).first()
        if doc is None or not doc.consensus_open:
            raise ReviewError(_("该申报未进行共识评分,无需填写共识意见。"))
        doc.consensus_note, doc.consensus_note_by = note, by
        doc.save(update_fields=["consensus_note", "consensus_note_by"])
        audit_record(action="review.consensus_note_saved", actor=by, obj=application, cycle_id=application.cycle_id,
                     application_id=application.pk, ip=ip, detail={"chars": len(note)})
    return doc
