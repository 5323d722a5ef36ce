"""Scoring standards (评审标准) as versioned data: categories (类目) and items (评分条款).

They live in award, the lower layer, because the application form's self-assessment and the cycle's rules need
them; review scores against them. A standard in use by a cycle is frozen; a change makes a new version.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScoringStandard(models.Model):
    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("组织奖评审标准")
        INDIVIDUAL = "individual", _("个人奖评审标准")

    kind = models.CharField(_("适用对象"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=200)
    version = models.PositiveIntegerField(_("版本"), default=1)
    total_points = models.PositiveIntegerField(_("总分"))
    is_default_draft = models.BooleanField(
        _("默认草案"), default=False, help_text=_("尚未经领导小组批准的默认草案,界面上会标明。")
    )
    approved_at = models.DateField(_("领导小组批准日期"), null=True, blank=True)
    approval_reference = models.CharField(_("批准文件/会议"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("评审标准")
        verbose_name_plural = _("评审标准")
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="standard_kind_version_unique")]
        ordering = ["kind", "-version"]

    def __str__(self):
        return f"{self.name}(第{self.version}版)"


class StandardCategory(models.Model):
    standard = models.ForeignKey(ScoringStandard, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("编号"), max_length=10)
    name = models.CharField(_("类目"), max_length=100)
    points = models.PositiveIntegerField(_("分值"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("类目")
        verbose_name_plural = _("类目")
        ordering = ["standard", "position"]
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="category_code_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"


class StandardItem(models.Model):
    class Nature(models.TextChoices):
        PROCESS = "process", _("过程类(方法、展开、学习、整合)")
        RESULT = "result", _("结果类(水平、趋势、对比、整合)")

    category = models.ForeignKey(StandardCategory, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("编号"), max_length=12)
    name = models.CharField(_("评分条款"), max_length=100)
    points = models.PositiveIntegerField(_("分值"))
    nature = models.CharField(_("类型"), max_length=10, choices=Nature.choices, default=Nature.PROCESS)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("评分条款")
        verbose_name_plural = _("评分条款")
        ordering = ["category", "position"]

    def __str__(self):
        return f"{self.code} {self.name}"
