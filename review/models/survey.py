"""Satisfaction survey (社会满意度测评, Art. 19(四)): questionnaire, respondents with single-use tokens, answers."""
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Questionnaire(models.Model):
    """Set by the office per cycle and award kind; answers after `deadline` are refused."""

    cycle = models.ForeignKey("award.Cycle", on_delete=models.CASCADE, related_name="questionnaires")
    kind = models.CharField(_("适用奖项"), max_length=20, choices=[("organization", _("组织奖")),
                                                               ("individual", _("个人奖"))])
    title = models.CharField(_("标题"), max_length=200)
    intro = models.TextField(_("说明"), blank=True)
    deadline = models.DateTimeField(_("截止时间"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("满意度问卷")
        verbose_name_plural = _("满意度问卷")
        constraints = [models.UniqueConstraint(fields=["cycle", "kind"], name="one_questionnaire_per_kind")]

    def __str__(self):
        return self.title


class Question(models.Model):
    """A statement rated on a five-point scale (1 非常不满意 … 5 非常满意)."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("题目"), max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        ordering = ["position", "id"]


class RespondentGroup(models.TextChoices):
    CUSTOMER = "customer", _("顾客")
    EMPLOYEE = "employee", _("员工")
    COMMUNITY = "community", _("社区及相关方")
    COLLEAGUE = "colleague", _("同事")
    SERVED = "served", _("服务对象")

    @classmethod
    def for_kind(cls, kind):
        if kind == "individual":
            return (cls.COLLEAGUE, cls.SERVED)
        return (cls.CUSTOMER, cls.EMPLOYEE, cls.COMMUNITY)


def new_token():
    return secrets.token_urlsafe(24)


class Respondent(models.Model):
    """One person asked to answer about one application, through a single-use token link without login.

    The row is also the invitation's outbox row (respondents have no account, so no accounts.Notification):
    the token is its unique delivery key, `sent_at` says the e-mail went, `relayed_at`/`attempts`/`last_error`
    follow the hand-over to Celery as accounts.notifications does (review.services.survey)."""

    application = models.ForeignKey("award.Application", on_delete=models.CASCADE, related_name="respondents")
    group = models.CharField(_("类别"), max_length=20, choices=RespondentGroup.choices)
    name = models.CharField(_("姓名或称呼"), max_length=100, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("添加时间"), default=timezone.now)
    relayed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    answered_at = models.DateTimeField(_("作答时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("测评对象")
        verbose_name_plural = _("测评对象")
        ordering = ["application_id", "group", "id"]


class SurveyAnswer(models.Model):
    respondent = models.ForeignKey(Respondent, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(_("评价"))

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        constraints = [
            models.UniqueConstraint(fields=["respondent", "question"], name="one_answer_per_question"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="rating_1_to_5"),
        ]
