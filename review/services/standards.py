"""Scoring standards as data (SPEC §7, issue 3 item 1): the office drafts, the leading group approves, and a
standard in use by a cycle that has left "draft" is frozen — changing it makes a new version.

The models are award's (ScoringStandard, StandardCategory, StandardItem); review owns how they change.
"""
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.refusals import require_role
from award.models import Cycle, CycleStage, ScoringStandard, StandardCategory, StandardItem

from .common import ReviewError

# The seeded default drafts say so in their name; a new version is the office's own draft and drops the mark.
DEFAULT_DRAFT_MARK = "(默认草案)"


def standard_cycles_in_use(standard):
    """The cycles past "draft" that score against `standard` (their scores would change under them)."""
    return Cycle.objects.filter(
        Q(organization_standard=standard) | Q(individual_standard=standard)
    ).exclude(stage=CycleStage.DRAFT).order_by("number")


def standard_frozen_reason(standard) -> str:
    """Why `standard` may not be edited, or "" when it may: in use by a running cycle, or already approved."""
    cycles = list(standard_cycles_in_use(standard))
    if cycles:
        return _("该评审标准已被%(cycles)s使用,已冻结;如需修改,请创建新版本。") % {
            "cycles": "、".join(str(c) for c in cycles)}
    if standard.approved_at:
        return _("该评审标准已经领导小组批准,已冻结;如需修改,请创建新版本。")
    return ""


def _check_office(by):
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以维护评审标准。"))


def standard_new_version(*, standard, by) -> ScoringStandard:
    """Copy `standard` with its categories and items into the next version of its kind, as an unapproved draft
    the office may edit; the original stays as it is for the cycles that use it."""
    _check_office(by)
    with transaction.atomic():
        latest = ScoringStandard.objects.select_for_update().filter(kind=standard.kind).aggregate(v=Max("version"))
        copy = ScoringStandard.objects.create(
            kind=standard.kind, name=standard.name.replace(DEFAULT_DRAFT_MARK, "").strip() or standard.name,
            version=(latest["v"] or 0) + 1,
            total_points=standard.total_points, is_default_draft=False)
        for category in standard.categories.prefetch_related("items").order_by("position", "id"):
            new_category = StandardCategory.objects.create(
                standard=copy, code=category.code, name=category.name, points=category.points,
                position=category.position)
            StandardItem.objects.bulk_create([
                StandardItem(category=new_category, code=i.code, name=i.name, points=i.points, nature=i.nature,
                             position=i.position)
                for i in category.items.order_by("position", "id")
            ])
        audit_record(action="review.standard_versioned", actor=by, obj=copy,
                     detail={"from": standard.pk, "from_version": standard.version, "version": copy.version})
    return copy


def standard_edit(*, standard, name, categories, items, by) -> ScoringStandard:
    """Change a draft standard: its name, category names (`categories`: id → name) and item names and points
    (`items`: id → (name, points)). Category points and the total follow the items. Refused when frozen."""
    _check_office(by)
    with transaction.atomic():
        standard = ScoringStandard.objects.select_for_update().get(pk=standard.pk)
        reason = standard_frozen_reason(standard)
        if reason:
            raise ReviewError(reason)
        if not name.strip():
            raise ReviewError(_("请填写标准名称。"))
        own_items = {i.pk: i for i in StandardItem.objects.filter(category__standard=standard)}
        for item_id, (item_name, points) in items.items():
            item = own_items.get(int(item_id))
            if item is None:
                raise ReviewError(_("评分条款不属于该评审标准。"))
            if not item_name.strip() or points is None or int(points) <= 0:
                raise ReviewError(_("条款 %(code)s 须有名称和正整数分值。") % {"code": item.code})
            item.name, item.points = item_name.strip(), int(points)
            item.save(update_fields=["name", "points"])
        total = 0
        for category in standard.categories.all():
            category.name = (categories.get(category.pk) or categories.get(str(category.pk)) or category.name).strip()
            category.points = sum(i.points for i in own_items.values() if i.category_id == category.pk)
            category.save(update_fields=["name", "points"])
            total += category.points
        standard.name, standard.total_points = name.strip(), total
        standard.save(update_fields=["name", "total_points"])
        audit_record(action="review.standard_edited", actor=by, obj=standard,
                     detail={"version": standard.version, "total_points": total})
    return standard


def standard_approve(*, standard, approved_at, approval_reference, by) -> ScoringStandard:
    """The office records the leading group's approval of a standard (date and the document or meeting)."""
    _check_office(by)
    if not approval_reference.strip():
        raise ReviewError(_("请填写批准文件或会议。"))
    with transaction.atomic():
        standard = ScoringStandard.objects.select_for_update().get(pk=standard.pk)
        if standard.approved_at:
            raise ReviewError(_("该评审标准已记录批准,不能重复记录。"))
        standard.approved_at, standard.approval_reference = approved_at, approval_reference.strip()
        standard.is_default_draft = False
        standard.save(update_fields=["approved_at", "approval_reference", "is_default_draft"])
        audit_record(action="review.standard_approved", actor=by, obj=standard,
                     detail={"approved_at": str(approved_at), "reference": standard.approval_reference})
    return standard
