"""The expert pool (专家库, Art. 10(二), 12): accounts the agency or the office opens one by one or imports from
an xlsx file, and the profile each expert completes before the pledge. The profile is what the conflict rules of
Art. 12 read, so every change re-checks the conflicts at once.

Rows are validated like a form (name, ID number by its GB 11643 checksum, phone, e-mail, employer and its GB 32100
credit code, title, sectors, expertise keywords). An import is all or nothing: a file with one refused row changes
nothing and the report says, row by row, what would have been created or updated and why a row was refused.
"""
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.identifiers import credit_code_clean, id_number_clean
from accounts.models import Role, Sector
from accounts.notifications import notify
from accounts.refusals import require_role

from .. import emails
from ..models import (
    AgencyMember,
    ConsultingClient,
    ExpertProfile,
    PastEmployment,
    RelativeEmployment,
    Shareholding,
)
from .common import ReviewError
from .conflicts import conflicts_recheck

User = get_user_model()

# The import template's columns, in order: (key, heading). The headings are what the office's staff see in Excel.
IMPORT_COLUMNS = (
    ("full_name", "姓名"),
    ("id_number", "居民身份证号码"),
    ("phone", "手机号码"),
    ("email", "电子邮箱"),
    ("affiliation", "工作单位"),
    ("affiliation_credit_code", "工作单位统一社会信用代码"),
    ("title", "职称/职务"),
    ("sectors", "擅长产业"),
    ("keywords", "专业领域关键词"),
    ("username", "登录用户名(可不填,默认手机号码)"),
)
MAX_IMPORT_ROWS = 2000
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
LIST_SPLIT = re.compile(r"[、,,;;/\s]+")


def pool_manager_check(by):
    """Only the agency and the office build the pool (SPEC §6)."""
    require_role(by, Role.AGENCY, Role.OFFICE, message=_("只有第三方评审机构或领导小组办公室可以管理专家库。"))
    if by.role == Role.AGENCY and not AgencyMember.objects.filter(user=by).exists():
        raise ReviewError(_("您不是受委托的评审机构人员。"))


def sectors_parse(value) -> list[str]:
    """'二产业、三产业' or 'secondary,tertiary' → ['secondary', 'tertiary']; raises ValidationError otherwise."""
    by_label = {str(label): code for code, label in Sector.choices}
    by_label.update({code: code for code, _label in Sector.choices})
    short = {"一产": Sector.PRIMARY, "二产": Sector.SECONDARY, "三产": Sector.TERTIARY,
             "一产业": Sector.PRIMARY, "二产业": Sector.SECONDARY, "三产业": Sector.TERTIARY,
             "第一产业": Sector.PRIMARY, "第二产业": Sector.SECONDARY, "第三产业": Sector.TERTIARY}
    parsed = []
    for part in LIST_SPLIT.split(str(value or "").strip()):
        if not part:
            continue
        code = by_label.get(part) or short.get(part)
        if code is None:
            raise ValidationError(_("擅长产业“%(value)s”无法识别,请填写:%(choices)s。")
                                  % {"value": part, "choices": "、".join(str(lab) for _c, lab in Sector.choices)})
        if code not in parsed:
            parsed.append(str(code))
    if not parsed:
        raise ValidationError(_("请填写擅长产业。"))
    return parsed


def keywords_parse(value) -> list[str]:
    """Expertise keywords separated by 、 , ; or spaces, each at most 20 characters, at most 12."""
    words = []
    for part in LIST_SPLIT.split(str(value or "").strip()):
        if part and part not in words:
            if len(part) > 20:
                raise ValidationError(_("关键词“%(word)s”过长(不超过20字)。") % {"word": part})
            words.append(part)
    if len(words) > 12:
        raise ValidationError(_("关键词最多12个。"))
    return words


def _text(value, *, limit, required, message):
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValidationError(message)
    if len(text) > limit:
        raise ValidationError(_("内容过长(不超过%(n)s字)。") % {"n": limit})
    return text


def expert_row_clean(row: dict) -> tuple[dict, dict]:
    """Validate one expert's data (a form's or an xlsx row's). Returns (clean data, {field: message})."""
    clean, errors = {}, {}
    checks = {
        "full_name": lambda v: _text(v, limit=50, required=True, message=_("请填写姓名。")),
        "id_number": id_number_clean,
        "phone": _phone_clean,
        "email": _email_clean,
        "affiliation": lambda v: _text(v, limit=200, required=True, message=_("请填写工作单位。")),
        "affiliation_credit_code": credit_code_clean,
        "title": lambda v: _text(v, limit=100, required=False, message=""),
        "sectors": sectors_parse,
        "keywords": keywords_parse,
        "username": lambda v: _text(v, limit=150, required=False, message=""),
    }
    for key, check in checks.items():
        value = row.get(key)
        if isinstance(value, str) or value is None:
            pass
        elif isinstance(value, float) and value.is_integer():
            value = str(int(value))  # a phone number Excel stored as a number
        elif not isinstance(value, list | tuple):
            value = str(value)
        try:
            clean[key] = check(value)
        except ValidationError as error:
            errors[key] = " ".join(error.messages)
    return clean, errors


def _phone_clean(value):
    phone = re.sub(r"[\s()()]", "", str(value or ""))
    if not PHONE_RE.match(phone):
        raise ValidationError(_("手机号码格式不正确(11位手机号或带区号的固定电话)。"))
    return phone


def _email_clean(value):
    email = str(value or "").strip()
    if not email:
        raise ValidationError(_("请填写电子邮箱(用于接收账号激活链接和评审通知)。"))
    validate_email(email)
    return email.lower()


@dataclass
class ImportRow:
    number: int
    name: str
    outcome: str = ""  # created / updated / refused
    reasons: list = field(default_factory=list)

    @property
    def outcome_label(self):
        return {"created": _("新建"), "updated": _("更新"), "refused": _("拒绝")}.get(self.outcome, "")


@dataclass
class ImportReport:
    rows: list
    saved: bool = False

    @property
    def refused(self):
        return [r for r in self.rows if r.outcome == "refused"]

    def count(self, outcome):
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def created_count(self):
        return self.count("created")

    @property
    def updated_count(self):
        return self.count("updated")


def experts_import(*, rows: list[dict], by) -> ImportReport:
    """SPEC §6: import the pool from the template's rows (dicts keyed by IMPORT_COLUMNS). A row whose ID number is
    already in the pool updates that expert; any other row creates an account and invites the expert by e-mail.
    All or nothing: one refused row (or a duplicate inside the file) and nothing is saved."""
    pool_manager_check(by)
    if not rows:
        raise ReviewError(_("文件中没有专家数据行。"))
    if len(rows) > MAX_IMPORT_ROWS:
        raise ReviewError(_("一次最多导入 %(n)s 行,请分批导入。") % {"n": MAX_IMPORT_ROWS})
    cleaned = []
    report = ImportReport(rows=[])
    ids = [id_number_clean_or_blank(r.get("id_number")) for r in rows]
    existing = {p.id_number: p for p in ExpertProfile.objects.filter(id_number__in=[i for i in ids if i])
                .select_related("user")}
    seen_ids, seen_users = {}, {}
    usernames = set()
    for n, row in enumerate(rows, start=2):  # row 1 holds the headings
        data, errors = expert_row_clean(row)
        line = ImportRow(number=n, name=str(row.get("full_name") or "").strip())
        idn = data.get("id_number")
        if idn and idn in seen_ids:
            errors["id_number"] = _("与第%(n)s行的身份证号码重复。") % {"n": seen_ids[idn]}
        elif idn:
            seen_ids[idn] = n
        profile = existing.get(idn) if idn else None
        if "phone" in data and not data.get("username"):
            data["username"] = data["phone"]
        if profile is None and data.get("username"):
            key = data["username"].lower()
            if key in seen_users:
                errors["username"] = _("与第%(n)s行的登录用户名重复。") % {"n": seen_users[key]}
            seen_users[key] = n
            usernames.add(data["username"])
        line.outcome = "refused" if errors else ("updated" if profile else "created")
        line.reasons = [f"{dict(IMPORT_COLUMNS)[k].split('(')[0]}:{v}" for k, v in errors.items()]
        report.rows.append(line)
        cleaned.append((line, data, profile))
    taken = {u.lower() for u in User.objects.filter(username__in=list(usernames)).values_list("username", flat=True)}
    for line, data, _profile in cleaned:
        if line.outcome == "created" and data["username"].lower() in taken:
            line.outcome = "refused"
            line.reasons.append(_("登录用户名:“%(u)s”已被其他账号使用,请另填用户名。") % {"u": data["username"]})
    if report.refused:
        return report
    with transaction.atomic():
        for _line, data, profile in cleaned:
            if profile is None:
                expert_create(data=data, by=by)
            else:
                _profile_fields_save(profile, data, by=by)
        audit_record(action="review.experts_imported", actor=by,
                     detail={"created": report.count("created"), "updated": report.count("updated")})
    report.saved = True
    return report


def id_number_clean_or_blank(value):
    try:
        return id_number_clean(str(value or ""))
    except ValidationError:
        return ""


def expert_create(*, data: dict, by) -> User:
    """SPEC §6: open an expert's account with its pool data and e-mail an invitation to set a password.
    `data` is expert_row_clean's output; a duplicate ID number or username is refused."""
    pool_manager_check(by)
    if ExpertProfile.objects.filter(id_number=data["id_number"]).exists():
        raise ReviewError(_("该身份证号码的专家已在库中。"))
    username = User.normalize_username(data.get("username") or data["phone"])
    if User.objects.filter(username__iexact=username).exists():
        raise ReviewError(_("登录用户名“%(u)s”已被使用。") % {"u": username})
    with transaction.atomic():
        user = User(username=username, email=data["email"], role=Role.EXPERT, full_name=data["full_name"],
                    phone=data["phone"])
        user.set_unusable_password()
        user.save()
        profile = ExpertProfile.objects.create(
            user=user, affiliation=data["affiliation"], affiliation_credit_code=data["affiliation_credit_code"],
            title=data.get("title", ""), sectors=data["sectors"], keywords=data.get("keywords", []),
            id_number=data["id_number"])
        audit_record(action="review.expert_created", actor=by, obj=profile, detail={"user": user.username})
        expert_invite(user=user, by=by)
    return user


def expert_invite(*, user, by):
    """E-mail the expert a one-time link to set a password (valid until used, or until the password changes)."""
    link = reverse("accounts:password_set", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)})
    notify(recipient=user, event="review.expert_invited", key=f"expert-invited:{user.pk}:{user.password[-12:]}",
           **emails.expert_invited(user=user),
           link=link)


def _profile_fields_save(profile, data, *, by):
    """Update the pool fields of an existing expert from an import row; conflicts are re-checked."""
    for name in ("affiliation", "affiliation_credit_code", "title", "sectors", "keywords"):
        setattr(profile, name, data[name] if name in data else getattr(profile, name))
    profile.save()
    user = profile.user
    user.full_name, user.phone, user.email = data["full_name"], data["phone"], data["email"]
    user.save(update_fields=["full_name", "phone", "email"])
    audit_record(action="review.expert_updated", actor=by, obj=profile, detail={"user": user.username})
    conflicts_recheck(user=user, by=by)


RELATED_ROWS = {
    "employments": (PastEmployment, ("employer", "credit_code", "from_year", "to_year")),
    "clients": (ConsultingClient, ("kind", "client", "credit_code", "year")),
    "holdings": (Shareholding, ("company", "credit_code", "since_year", "until_year")),
    "relatives": (RelativeEmployment, ("relation", "employer", "credit_code")),
}
PROFILE_EDITABLE = ("affiliation", "affiliation_credit_code", "title", "sectors", "keywords")


def expert_profile_update(*, user, profile_data: dict, employments: list, clients: list, holdings: list,
                          relatives: list, by) -> ExpertProfile:
    """SPEC §6: the expert completes and confirms the profile the conflict rules read (Art. 12): current employer,
    past employers with years, consulting and training clients, shareholdings and relatives' employers, each keyed
    on its unified social credit code. Each list is the complete new list. Conflicts are re-checked at once, so a
    newly found one voids live work before the expert sees anything more."""
    if by.pk != user.pk or user.role != Role.EXPERT:
        raise ReviewError(_("个人资料须由专家本人填写。"))
    data = {k: v for k, v in profile_data.items() if k in PROFILE_EDITABLE}
    data["affiliation_credit_code"] = credit_code_clean(data.get("affiliation_credit_code", ""))
    lists = {"employments": employments, "clients": clients, "holdings": holdings, "relatives": relatives}
    for rows in lists.values():
        for row in rows:
            row["credit_code"] = credit_code_clean(row.get("credit_code", ""))
    for row in employments:
        if row["to_year"] < row["from_year"]:
            raise ValidationError(_("任职经历的截止年份不能早于起始年份。"))
    with transaction.atomic():
        profile, _created = ExpertProfile.objects.select_for_update().get_or_create(
            user=user, defaults={"affiliation": data.get("affiliation", "")})
        for name, value in data.items():
            setattr(profile, name, value)
        profile.profile_confirmed_at = timezone.now()
        profile.save()
        for key, (model, fields) in RELATED_ROWS.items():
            model.objects.filter(expert=profile).delete()
            model.objects.bulk_create([model(expert=profile, **{f: row.get(f) for f in fields}) for row in lists[key]])
        audit_record(action="review.expert_profile_confirmed", actor=by, obj=profile,
                     detail={k: len(v) for k, v in lists.items()})
        conflicts_recheck(user=user, by=by)
    return profile


def profile_is_complete(user) -> bool:
    """The expert confirmed the self-service profile (the pledge waits for it, SPEC §6)."""
    return ExpertProfile.objects.filter(user=user, profile_confirmed_at__isnull=False).exists()
