"""The supervision group (评审监督小组) of a cycle, Art. 11.

Proposed by the office, appointed with the leading group's approval once at least the cycle's share of its
members is new against the previous cycle's group, dissolved when the cycle closes. Only
supervision.services.group changes these rows.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberCategory(models.TextChoices):
    """Art. 11: where the members come from."""

    DEPUTY = "deputy", _("人大代表")
    CPPCC = "cppcc", _("政协委员")
    GOVERNMENT = "government", _("政府机关")
    MEDIA = "media", _("新闻媒体")
    LAWYER = "lawyer", _("执业律师")
    OTHER = "other", _("其他有关人员")


class SupervisionGroup(models.Model):
    cycle = models.OneToOneField(
        "award.Cycle", verbose_name=_("届次"), on_delete=models.PROTECT, related_name="supervision_group"
    )
    # Art. 11: "每届轮换的比例不少于三分之一", as data (numerator/denominator keeps one third exact).
    min_new_numerator = models.PositiveSmallIntegerField(_("最低轮换比例(分子)"), default=1)
    min_new_denominator = models.PositiveSmallIntegerField(_("最低轮换比例(分母)"), default=3)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("提名时间"), auto_now_add=True)
    approved_on = models.DateField(_("领导小组批准日期"), null=True, blank=True)
    approval_reference = models.CharField(_("批准文件/会议"), max_length=200, blank=True)
    appointed_at = models.DateTimeField(_("聘任时间"), null=True, blank=True)
    dissolved_at = models.DateTimeField(_("解散时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评审监督小组")
        verbose_name_plural = _("评审监督小组")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_new_denominator__gt=0), name="supervision_group_ratio_denominator"
            )
        ]

    def __str__(self):
        return _("%(cycle)s评审监督小组") % {"cycle": self.cycle}

    @property
    def is_appointed(self):
        return self.appointed_at is not None and self.dissolved_at is None


class SupervisionMember(models.Model):
    group = models.ForeignKey(SupervisionGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("账号"), on_delete=models.PROTECT, related_name="supervision_seats"
    )
    category = models.CharField(_("类别"), max_length=20, choices=MemberCategory.choices)
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("居民身份证号码"), max_length=18, blank=True)
    affiliation = models.CharField(_("工作单位及职务"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("监督小组成员")
        verbose_name_plural = _("监督小组成员")
        ordering = ["group", "category", "id"]
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_seat_per_user_per_group")]

    def __str__(self):
        return f"{self.name}({self.get_category_display()})"
