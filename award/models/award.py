"""Awards (奖励) and their validity; revocation is recorded here so eligibility can apply the ban (Art. 24).

Keyed by the recipient's unified social credit code or ID number, not by account, so a new account does not
escape the repeat rule (Art. 6) or the ban (Art. 24).
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from .application import Application
from .cycle import Cycle


class AwardKind(models.TextChoices):
    ORGANIZATION = "organization", _("市长质量奖(组织)")
    INDIVIDUAL = "individual", _("市长质量奖(个人)")
    NOMINATION = "nomination", _("市长质量奖提名奖")


# Art. 6, 7: the regulation's order — the organization award, the individual award, then the nomination award.
# Every list, export and notice that groups by kind sorts with `award_kind_order`, never alphabetically.
AWARD_KIND_ORDER = (AwardKind.ORGANIZATION, AwardKind.INDIVIDUAL, AwardKind.NOMINATION)


def award_kind_order(field="kind"):
    """An ORDER BY expression putting `field` (an award or application kind) in the regulation's order."""
    return models.Case(
        *(models.When(**{field: kind}, then=models.Value(i)) for i, kind in enumerate(AWARD_KIND_ORDER)),
        default=models.Value(len(AWARD_KIND_ORDER)), output_field=models.IntegerField(),
    )


class Award(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="awards")
    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="award")
    kind = models.CharField(_("奖项"), max_length=20, choices=AwardKind.choices)
    recipient_name = models.CharField(_("获奖者"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True, db_index=True)
    awarded_on = models.DateField(_("授奖日期"))
    valid_until = models.DateField(_("有效期至"))
    prize_yuan = models.PositiveIntegerField(_("奖金(元)"), default=0)
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revocation_reference = models.CharField(_("撤销决定文号"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("奖项")
        verbose_name_plural = _("奖项")
        ordering = ["-awarded_on", "-id"]

    def __str__(self):
        return f"{self.recipient_name} · {self.get_kind_display()}"

    @property
    def is_revoked(self):
        return self.revoked_on is not None
