"""Users, their roles and profiles, recommenders, the audit log and the notification inbox/outbox.

The lowest layer: nothing here imports award, review or supervision.
"""
import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORGANIZATION = "organization", _("申报组织")
    INDIVIDUAL = "individual", _("申报个人")
    RECOMMENDER = "recommender", _("推荐单位")
    OFFICE = "office", _("领导小组办公室")
    AGENCY = "agency", _("第三方评审机构")
    EXPERT = "expert", _("评审专家")
    SUPERVISOR = "supervisor", _("评审监督小组成员")
    LEADING_GROUP = "leading_group", _("质量强市工作领导小组")

    @classmethod
    def applicant_roles(cls):
        return (cls.ORGANIZATION, cls.INDIVIDUAL)


# Roles whose accounts the office creates (SPEC §1). Applicants register themselves and the agency invites its
# experts (review app), so neither is created here.
STAFF_ROLES = (Role.RECOMMENDER, Role.OFFICE, Role.AGENCY, Role.SUPERVISOR, Role.LEADING_GROUP)


class User(AbstractUser):
    """A person who logs in. `role` decides the menus; object permissions (guardian) decide the data."""

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, blank=True)
    full_name = models.CharField(_("姓名或名称"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    recommender = models.ForeignKey(
        "accounts.Recommender",
        verbose_name=_("所属推荐单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self):
        return self.full_name or self.username

    @property
    def is_applicant(self):
        return self.role in Role.applicant_roles()

    @property
    def is_office(self):
        return self.role == Role.OFFICE


class Sector(models.TextChoices):
    PRIMARY = "primary", _("第一产业")
    SECONDARY = "secondary", _("第二产业")
    TERTIARY = "tertiary", _("第三产业")


class District(models.TextChoices):
    """Art. 5 and the regulation's addressees: the county-level areas of Binzhou."""

    BINCHENG = "bincheng", _("滨城区")
    ZHANHUA = "zhanhua", _("沾化区")
    HUIMIN = "huimin", _("惠民县")
    YANGXIN = "yangxin", _("阳信县")
    WUDI = "wudi", _("无棣县")
    BOXING = "boxing", _("博兴县")
    ZOUPING = "zouping", _("邹平市")
    ETDZ = "etdz", _("滨州经济技术开发区")
    HIGHTECH = "hightech", _("滨州高新技术产业开发区")
    BEIHAI = "beihai", _("北海经济开发区")


class OrganizationSize(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class Recommender(models.Model):
    """推荐单位: a county-level government or development-zone committee, or a municipal department."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("县(区)政府 / 开发区管委会")
        DEPARTMENT = "department", _("市直部门")

    name = models.CharField(_("名称"), max_length=100, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    district = models.CharField(_("所辖区域"), max_length=20, choices=District.choices, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("推荐单位")
        verbose_name_plural = _("推荐单位")
        ordering = ["kind", "id"]

    def __str__(self):
        return self.name


class OrganizationProfile(models.Model):
    """申报组织's standing data, kept by the organization; an application snapshots what it needs."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organization")
    name = models.CharField(_("组织名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    registration_date = models.DateField(_("注册登记日期"))
    district = models.CharField(_("所在县(区)"), max_length=20, choices=District.choices)
    sector = models.CharField(_("所属产业"), max_length=20, choices=Sector.choices)
    industry = models.CharField(_("所属行业"), max_length=100, blank=True)
    size = models.CharField(_("企业规模"), max_length=20, choices=OrganizationSize.choices)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50)
    contact_phone = models.CharField(_("联系电话"), max_length=30)
    # Art. 16: encouraged applicants, a flag and a documented tie-breaker, never hidden points.
    has_own_ip = models.BooleanField(_("拥有自主知识产权"), default=False)
    leads_standards = models.BooleanField(_("主导制定国家或国际标准"), default=False)
    is_modern_agriculture = models.BooleanField(_("现代农业"), default=False)
    is_strategic_emerging = models.BooleanField(_("战略性新兴产业"), default=False)
    is_new_service = models.BooleanField(_("新型服务业"), default=False)

    class Meta:
        verbose_name = _("组织档案")
        verbose_name_plural = _("组织档案")

    def __str__(self):
        return self.name

    @property
    def is_sme(self):
        return self.size in (OrganizationSize.MEDIUM, OrganizationSize.SMALL, OrganizationSize.MICRO)

    @property
    def is_encouraged(self):
        """Art. 16: SMEs with own IP or leading standards; modern agriculture, strategic emerging, new services."""
        return bool(
            (self.is_sme and (self.has_own_ip or self.leads_standards))
            or self.is_modern_agriculture
            or self.is_strategic_emerging
            or self.is_new_service
        )


class Certification(models.Model):
    """A management-system certificate (GB/T 19001 or another), Art. 15(三)."""

    class Kind(models.TextChoices):
        GBT19001 = "gbt19001", _("GB/T 19001 质量管理体系认证")
        OTHER = "other", _("其他管理体系认证")

    organization = models.ForeignKey(OrganizationProfile, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("认证类型"), max_length=20, choices=Kind.choices)
    standard = models.CharField(_("认证标准"), max_length=100, blank=True)
    number = models.CharField(_("证书编号"), max_length=100)
    issuer = models.CharField(_("认证机构"), max_length=100)
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"))

    class Meta:
        verbose_name = _("体系认证")
        verbose_name_plural = _("体系认证")
        ordering = ["-valid_until"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="certification_valid_range"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def is_valid_on(self, day):
        return self.valid_from <= day <= self.valid_until


class IndividualProfile(models.Model):
    """申报个人's standing data. The ID number is shown masked to everyone but the office."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="individual")
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("居民身份证号码"), max_length=18, unique=True)
    employer = models.CharField(_("工作单位"), max_length=200)
    employer_credit_code = models.CharField(_("工作单位统一社会信用代码"), max_length=18, blank=True)
    position = models.CharField(_("职务/职称"), max_length=100, blank=True)
    district = models.CharField(_("所在县(区)"), max_length=20, choices=District.choices)
    sector = models.CharField(_("所属产业"), max_length=20, choices=Sector.choices)
    quality_work_since = models.DateField(_("在滨州从事质量工作起始日期"))
    contact_phone = models.CharField(_("联系电话"), max_length=30)

    class Meta:
        verbose_name = _("个人档案")
        verbose_name_plural = _("个人档案")

    def __str__(self):
        return self.name

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)


# A resident ID number inside free text: 18 characters (17 digits and a digit or X) or the old 15 digits.
ID_NUMBER_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def mask_id_numbers_in(text):
    """`text` with every ID number in it masked (370102********123X): for contact fields and free text that a
    non-office role reads (issue 11; 个人信息保护)."""
    return ID_NUMBER_IN_TEXT.sub(lambda match: mask_id_number(match.group(0)), text or "")


def mask_id_number(value):
    """Show the first 6 and last 4 characters of an ID number: 370102********123X."""
    if not value or len(value) < 10:
        return "*" * len(value or "")
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


class AuditEntry(models.Model):
    """One line of the append-only, hash-chained audit log (SPEC §14, Art. 11, 26).

    Written only by `accounts.audit.audit_record` (or a bulk writer through `audit_seal`); each entry carries the
    hash of the one before and its own keyed hash (`accounts.audit.audit_hash`), so an altered or deleted entry
    breaks the chain that `audit_verify` walks.
    """

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT
    )
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    action = models.CharField(_("动作"), max_length=60, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=60, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    cycle_id = models.IntegerField(_("届次"), null=True, blank=True, db_index=True)
    application_id = models.IntegerField(_("申报"), null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # Which HMAC key (settings.AUDIT_HMAC_KEY_ID) hashed the entry: keys rotate, old entries still verify.
    key_id = models.CharField(max_length=16, default="")

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["id"]

    def __str__(self):
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"


class Notification(models.Model):
    """An event a person must act on or wants to know: the inbox row and the outbox row at once.

    Written in the same transaction as the change it reports (`accounts.notifications.notify`); the relay hands
    undelivered rows to Celery, and `delivery_key` makes a retried or duplicated send a no-op.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(_("事件"), max_length=60)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    link = models.CharField(_("链接"), max_length=300, blank=True)
    delivery_key = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    relayed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"]), models.Index(fields=["email_sent_at"])]

    def __str__(self):
        return self.subject
