"""Art. 11: the supervision group of a cycle — proposed by the office, appointed with the leading group's
approval when enough of it is new against the previous cycle's group, dissolved when the cycle closes."""
from dataclasses import dataclass
from fractions import Fraction

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.audit import audit_record
from accounts.identifiers import id_number_clean
from accounts.models import Role
from accounts.notifications import notify
from accounts.services import user_set_active

from .. import emails
from ..models import SupervisionGroup, SupervisionMember
from .common import WorkflowError, office_only


@dataclass(frozen=True)
class Rotation:
    """How many of the group's members are new against the previous cycle's group, and whether that is enough."""

    new: int
    total: int
    required: Fraction
    previous_group: SupervisionGroup | None

    @property
    def ratio(self) -> Fraction:
        return Fraction(self.new, self.total) if self.total else Fraction(0)

    @property
    def passes(self) -> bool:
        # Art. 11: "不少于三分之一" — exactly the required share passes; compared as fractions, never floats.
        return self.previous_group is None or (self.total > 0 and self.ratio >= self.required)

    @property
    def text(self) -> str:
        if self.previous_group is None:
            return _("无上届监督小组,全部 %(n)s 名成员均为新成员。") % {"n": self.total}
        params = {"new": self.new, "total": self.total, "pct": f"{float(self.ratio) * 100:.1f}",
                  "required": f"{self.required.numerator}/{self.required.denominator}"}
        if self.passes:
            return _("新成员 %(new)s/%(total)s = %(pct)s%%,不少于%(required)s。") % params
        return _("新成员 %(new)s/%(total)s = %(pct)s%%,少于%(required)s。") % params


def _previous_group(cycle):
    return (
        SupervisionGroup.objects.filter(cycle__number__lt=cycle.number, appointed_at__isnull=False)
        .order_by("-cycle__number").prefetch_related("members").first()
    )


def group_rotation(*, group) -> Rotation:
    """Art. 11: count the members who did not sit in the previous cycle's appointed group, as persons — the
    same account or the same ID number — so a new account does not make an old member new."""
    previous = _previous_group(group.cycle)
    members = list(group.members.all())
    required = Fraction(group.min_new_numerator, group.min_new_denominator)
    if previous is None:
        return Rotation(new=len(members), total=len(members), required=required, previous_group=None)
    old_users = {m.user_id for m in previous.members.all()}
    old_ids = {m.id_number.upper() for m in previous.members.all() if m.id_number}
    new = sum(1 for m in members if m.user_id not in old_users and (m.id_number or "").upper() not in old_ids)
    return Rotation(new=new, total=len(members), required=required, previous_group=previous)


@transaction.atomic
def group_propose(*, cycle, by) -> SupervisionGroup:
    """Art. 11: the office starts the cycle's group (members are added next); returns the existing one if any."""
    office_only(by)
    if cycle.stage == "closed":
        raise WorkflowError(_("本届已结束。"))
    group, created = SupervisionGroup.objects.get_or_create(cycle=cycle, defaults={"proposed_by": by})
    if created:
        audit_record(action="supervision.group_proposed", actor=by, obj=group, cycle_id=cycle.pk)
    return group


def _editable(group):
    if group.appointed_at is not None:
        raise WorkflowError(_("监督小组已聘任,成员不能再调整。"))


@transaction.atomic
def group_member_add(*, group, user, category, name, by, id_number="", affiliation="") -> SupervisionMember:
    """Art. 11: the office proposes a member from the supervisor accounts, with the category they represent."""
    office_only(by)
    _editable(group)
    if user.role != Role.SUPERVISOR:
        raise WorkflowError(_("该账号不是评审监督小组成员账号。"))
    if group.members.filter(user=user).exists():
        raise WorkflowError(_("该成员已在名单中。"))
    id_number = id_number_clean(id_number) if (id_number or "").strip() else ""  # GB 11643
    if id_number and group.members.filter(id_number=id_number).exists():
        raise WorkflowError(_("同一身份证号码的成员已在名单中。"))
    member = SupervisionMember.objects.create(
        group=group, user=user, category=category, name=name.strip() or str(user), id_number=id_number,
        affiliation=affiliation.strip(),
    )
    audit_record(action="supervision.member_added", actor=by, obj=member, cycle_id=group.cycle_id,
                 detail={"user": user.username, "category": category})
    return member


@transaction.atomic
def group_member_remove(*, member, by):
    """The office takes a proposed member off the list before appointment."""
    office_only(by)
    _editable(member.group)
    audit_record(action="supervision.member_removed", actor=by, obj=member.group, cycle_id=member.group.cycle_id,
                 detail={"user": member.user.username})
    member.delete()


@transaction.atomic
def group_appoint(*, group, approved_on, approval_reference, by, ip=None) -> SupervisionGroup:
    """Art. 11: record the leading group's approval and appoint the group (聘任制).

    Refuses an empty group and one with less than the required share of new members against the previous
    cycle's group, saying the ratio. Activates the members' accounts and tells them.
    """
    office_only(by)
    group = SupervisionGroup.objects.select_for_update().select_related("cycle").get(pk=group.pk)
    _editable(group)
    if not approval_reference.strip():
        raise WorkflowError(_("请填写领导小组批准的文件或会议。"))
    if approved_on > timezone.localdate():
        raise WorkflowError(_("批准日期不能晚于今天。"))
    rotation = group_rotation(group=group)
    if rotation.total == 0:
        raise WorkflowError(_("监督小组还没有成员。"))
    if not rotation.passes:
        raise WorkflowError(_("不能聘任:评审监督小组成员每届轮换的比例不少于三分之一(第十一条)。"),
                            reasons=[rotation.text])
    group.approved_on = approved_on
    group.approval_reference = approval_reference.strip()
    group.appointed_at = timezone.now()
    group.save(update_fields=["approved_on", "approval_reference", "appointed_at"])
    audit_record(action="supervision.group_appointed", actor=by, obj=group, cycle_id=group.cycle_id, ip=ip,
                 detail={"approved_on": approved_on.isoformat(), "reference": group.approval_reference,
                         "new": rotation.new, "total": rotation.total})
    for member in group.members.select_related("user"):
        user_set_active(user=member.user, active=True, by=by, ip=ip)
        # The grant award reads to let a supervisor see this cycle's objections and decisions.
        assign_perm("award.view_cycle", member.user, group.cycle)
        notify(recipient=member.user, event="supervision.appointed", key=f"supervision-appointed:{member.pk}",
               link=reverse("supervision:dashboard"),
               **emails.group_appointed(group=group))
    return group


@transaction.atomic
def group_dissolve(*, group, by, ip=None) -> SupervisionGroup:
    """Art. 11: "当届评审工作结束后评审监督小组即解散" — the group is dissolved and its members' accounts are
    deactivated, unless a member sits in another cycle's live group."""
    office_only(by)
    group = SupervisionGroup.objects.select_for_update().get(pk=group.pk)
    if group.dissolved_at is not None:
        return group
    group.dissolved_at = timezone.now()
    group.save(update_fields=["dissolved_at"])
    deactivated = []
    for member in group.members.select_related("user"):
        remove_perm("award.view_cycle", member.user, group.cycle)
        elsewhere = SupervisionMember.objects.filter(
            user=member.user, group__appointed_at__isnull=False, group__dissolved_at__isnull=True
        ).exists()
        if not elsewhere:
            user_set_active(user=member.user, active=False, by=by, ip=ip)
            deactivated.append(member.user.username)
    audit_record(action="supervision.group_dissolved", actor=by, obj=group, cycle_id=group.cycle_id, ip=ip,
                 detail={"deactivated": deactivated})
    return group
