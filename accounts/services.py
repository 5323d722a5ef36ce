"""Services of the accounts app: registration, profiles, staff accounts (SPEC §1).

Each function is keyword-only, runs in one transaction, validates what it is given (a form may have checked it
already; the service does not trust that), writes the audit entry (SPEC §14) and returns what it created or
changed. Bad input raises `django.core.exceptions.ValidationError` and leaves the database untouched.
"""

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import emails
from .audit import audit_record
from .identifiers import credit_code_clean, id_number_clean
from .models import (
    STAFF_ROLES,
    Certification,
    IndividualProfile,
    Notification,
    OrganizationProfile,
    Recommender,
    Role,
)
from .notifications import notify
from .permissions import has_role
from .signals import announce_conflict_facts

User = get_user_model()

# The office may also open an expert's account (SPEC §6: the agency and the office build the pool); the expert then
# completes the profile the conflict rules read. Experts are listed in the expert pool, not among staff accounts.
ACCOUNT_FORM_ROLES = STAFF_ROLES + (Role.EXPERT,)

ORGANIZATION_EDITABLE = (
    "name",
    "registration_date",
    "district",
    "sector",
    "industry",
    "size",
    "address",
    "contact_name",
    "contact_phone",
    "has_own_ip",
    "leads_standards",
    "is_modern_agriculture",
    "is_strategic_emerging",
    "is_new_service",
)
INDIVIDUAL_EDITABLE = (
    "name",
    "employer",
    "employer_credit_code",
    "position",
    "district",
    "sector",
    "quality_work_since",
    "contact_phone",
)
CERTIFICATION_FIELDS = ("kind", "standard", "number", "issuer", "valid_from", "valid_until")


# --- registration ------------------------------------------------------------------------------------------------


def organization_register(
    *,
    username: str,
    password: str,
    email: str,
    profile_data: dict,
    certifications: list[dict],
    ip: str | None = None,
) -> User:
    """Art. 15: an organization registers itself — its account, its profile and at least one certificate.

    Creates a User with role "organization" whose `full_name` is the organization's name, its OrganizationProfile
    (credit code compacted and unique) and its certifications, and records "account.registered". A username or
    credit code already registered gives one generic refusal that does not say which (issue 11); the owner of
    the code is told in the inbox and by e-mail.
    """
    if not certifications:
        raise ValidationError({"certifications": _("请至少填写一项管理体系认证(第十五条)。")})
    data = _only(profile_data, ORGANIZATION_EDITABLE + ("credit_code",))
    data["credit_code"] = _field_error("credit_code", credit_code_clean, data.get("credit_code", ""))
    owner = OrganizationProfile.objects.filter(credit_code=data["credit_code"]).select_related("user").first()
    _refuse_if_taken(username=username, owner=owner.user if owner else None, what=_("统一社会信用代码"))
    return _organization_create(username=username, password=password, email=email, data=data,
                                certifications=certifications, ip=ip)


@transaction.atomic
def _organization_create(*, username, password, email, data, certifications, ip):
    _not_in_future(data.get("registration_date"), "registration_date", _("注册登记日期不能晚于今天。"))
    user = _user_create(
        username=username,
        password=password,
        email=email,
        role=Role.ORGANIZATION,
        full_name=data.get("name", ""),
        phone=data.get("contact_phone", ""),
    )
    profile = OrganizationProfile(user=user, **data)
    profile.full_clean()
    profile.save()
    for row in certifications:
        _certification_save(Certification(organization=profile), row)
    audit_record(
        action="account.registered", actor=user, obj=profile, ip=ip, detail={"role": Role.ORGANIZATION}
    )
    return user


def individual_register(
    *, username: str, password: str, email: str, profile_data: dict, ip: str | None = None
) -> User:
    """Art. 17: an individual registers itself — its account and its profile with a checked, unique ID number.

    Creates a User with role "individual" whose `full_name` is the person's name and its IndividualProfile, and
    records "account.registered" (the ID number is not written to the log). A username or ID number already
    registered gives one generic refusal that does not say which (issue 11); the owner of the number is told.
    """
    data = _only(profile_data, INDIVIDUAL_EDITABLE + ("id_number",))
    data["id_number"] = _field_error("id_number", id_number_clean, data.get("id_number", ""))
    data["employer_credit_code"] = _optional_credit_code(data.get("employer_credit_code", ""))
    owner = IndividualProfile.objects.filter(id_number=data["id_number"]).select_related("user").first()
    _refuse_if_taken(username=username, owner=owner.user if owner else None, what=_("居民身份证号码"))
    return _individual_create(username=username, password=password, email=email, data=data, ip=ip)


@transaction.atomic
def _individual_create(*, username, password, email, data, ip):
    _not_in_future(data.get("quality_work_since"), "quality_work_since", _("起始日期不能晚于今天。"))
    user = _user_create(
        username=username,
        password=password,
        email=email,
        role=Role.INDIVIDUAL,
        full_name=data.get("name", ""),
        phone=data.get("contact_phone", ""),
    )
    profile = IndividualProfile(user=user, **data)
    profile.full_clean()
    profile.save()
    audit_record(
        action="account.registered", actor=user, obj=profile, ip=ip, detail={"role": Role.INDIVIDUAL}
    )
    return user


# --- profiles ------------------------------------------------------------------------------------------------------


@transaction.atomic
def organization_profile_update(
    *, profile: OrganizationProfile, profile_data: dict, certifications: list[dict], by, ip: str | None = None
) -> OrganizationProfile:
    """The organization keeps its own profile and certificates (Art. 15(三)); only its own user may.

    `certifications` is the complete new list: a row with an `id` updates that certificate, a row without one adds
    a certificate, and a certificate not in the list is removed. The credit code is not changed here. Records
    "profile.updated".
    """
    if by.pk != profile.user_id:
        raise PermissionDenied(_("只能修改自己的档案。"))
    if not certifications:
        raise ValidationError({"certifications": _("请至少填写一项管理体系认证(第十五条)。")})
    data = _only(profile_data, ORGANIZATION_EDITABLE)
    _not_in_future(data.get("registration_date"), "registration_date", _("注册登记日期不能晚于今天。"))
    for name, value in data.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    existing = {cert.pk: cert for cert in profile.certifications.all()}
    kept = set()
    for row in certifications:
        cert_id = row.get("id")
        if cert_id is not None and cert_id not in existing:
            raise ValidationError({"certifications": _("证书不属于本组织。")})
        kept.add(cert_id)
        _certification_save(existing.get(cert_id) or Certification(organization=profile), row)
    profile.certifications.exclude(pk__in=[pk for pk in kept if pk is not None]).filter(
        pk__in=list(existing)
    ).delete()
    _user_sync(profile.user, full_name=profile.name, phone=profile.contact_phone)
    audit_record(
        action="profile.updated",
        actor=by,
        obj=profile,
        ip=ip,
        detail={"fields": sorted(data), "certifications": len(certifications)},
    )
    announce_conflict_facts(user=profile.user, by=by)  # Art. 12: re-check conflicts at once
    return profile


@transaction.atomic
def individual_profile_update(
    *, profile: IndividualProfile, profile_data: dict, by, ip: str | None = None
) -> IndividualProfile:
    """The individual keeps its own profile (Art. 17); only its own user may. The ID number is not changed here."""
    if by.pk != profile.user_id:
        raise PermissionDenied(_("只能修改自己的档案。"))
    data = _only(profile_data, INDIVIDUAL_EDITABLE)
    if "employer_credit_code" in data:
        data["employer_credit_code"] = _optional_credit_code(data["employer_credit_code"])
    _not_in_future(data.get("quality_work_since"), "quality_work_since", _("起始日期不能晚于今天。"))
    for name, value in data.items():
        setattr(profile, name, value)
    profile.full_clean()
    profile.save()
    _user_sync(profile.user, full_name=profile.name, phone=profile.contact_phone)
    audit_record(action="profile.updated", actor=by, obj=profile, ip=ip, detail={"fields": sorted(data)})
    announce_conflict_facts(user=profile.user, by=by)  # Art. 12: re-check conflicts at once
    return profile


# --- staff accounts ------------------------------------------------------------------------------------------------


@transaction.atomic
def staff_account_create(
    *,
    role: str,
    username: str,
    full_name: str,
    email: str,
    password: str,
    recommender: Recommender | None = None,
    by,
    ip: str | None = None,
) -> User:
    """SPEC §1: the office creates the accounts of recommenders, the agency, supervisors, the leading group and its
    own staff. A recommender account belongs to exactly one Recommender; no other account does. Records
    "account.staff_created".
    """
    _require_office(by)
    if role not in ACCOUNT_FORM_ROLES:
        raise ValidationError({"role": _("办公室不能创建这一角色的账号。")})
    if role == Role.RECOMMENDER and recommender is None:
        raise ValidationError({"recommender": _("请选择该账号所属的推荐单位。")})
    if role != Role.RECOMMENDER and recommender is not None:
        raise ValidationError({"recommender": _("只有推荐单位账号才选择推荐单位。")})
    if recommender is not None and not recommender.is_active:
        raise ValidationError({"recommender": _("该推荐单位已停用。")})
    user = _user_create(
        username=username,
        password=password,
        email=email,
        role=role,
        full_name=full_name,
        recommender=recommender,
    )
    audit_record(
        action="account.staff_created",
        actor=by,
        obj=user,
        ip=ip,
        detail={
            "role": role,
            "username": user.username,
            "recommender": recommender.pk if recommender else None,
        },
    )
    return user


@transaction.atomic
def user_set_active(*, user, active: bool, by, ip: str | None = None):
    """The office enables or disables an account (e.g. a supervisor when the group is dissolved, Art. 11).

    The office cannot disable its own account. Records "account.activated" or "account.deactivated" when the
    state changes; setting the state it already has changes nothing.
    """
    _require_office(by)
    if user.pk == by.pk and not active:
        raise ValidationError(_("不能停用自己正在使用的账号。"))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(action="account.activated" if active else "account.deactivated", actor=by, obj=user, ip=ip)
    return user


# --- inbox ---------------------------------------------------------------------------------------------------------


def inbox_mark_all_read(*, by) -> int:
    """SPEC §11: mark every unread notification of `by` read; returns how many changed. Touches no one else's."""
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(read_at=timezone.now())


# --- helpers -------------------------------------------------------------------------------------------------------


def _require_office(by):
    if not has_role(by, Role.OFFICE):
        raise PermissionDenied(_("只有领导小组办公室可以管理账号。"))


def _only(data: dict, allowed) -> dict:
    return {name: value for name, value in data.items() if name in allowed}


def _not_in_future(day, field, message):
    if day and day > timezone.localdate():
        raise ValidationError({field: message})


# One refusal for a taken username, credit code or ID number: a visitor must not learn which is registered.
REGISTRATION_TAKEN = gettext_lazy(
    "注册未能完成。如果您或您的单位已经注册过,请用原账号登录(忘记账号请联系领导小组办公室);"
    "否则请换一个用户名后重试。"
)


def _refuse_if_taken(*, username, owner, what):
    """Raise the generic refusal when `username` is taken or the identifier already has an `owner` (then told,
    once a day at most, in its inbox and by e-mail — the message stays in the database: the refusal is caught by
    the view and the request's transaction commits)."""
    username_taken = User.objects.filter(username__iexact=User.normalize_username(username)).exists()
    if owner is None and not username_taken:
        return
    if owner is not None:
        notify(recipient=owner, event="account.registration_attempt", link="",
               key=f"registration-attempt-{owner.pk}-{timezone.localdate():%Y%m%d}",
               **emails.registration_attempt(what=what))
    raise ValidationError(str(REGISTRATION_TAKEN), code="taken")


def _optional_credit_code(value):
    value = (value or "").strip()
    return _field_error("employer_credit_code", credit_code_clean, value) if value else ""


def _field_error(field, check, value):
    try:
        return check(value)
    except ValidationError as error:
        raise ValidationError({field: error.error_list}) from None


def _user_create(*, username, password, email, role, full_name, phone="", recommender=None):
    username = User.normalize_username(username)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("该用户名已被使用,请换一个。")})
    user = User(
        username=username,
        email=User.objects.normalize_email(email),
        role=role,
        full_name=full_name,
        phone=phone,
        recommender=recommender,
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password2": error.error_list}) from None
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


def _user_sync(user, *, full_name, phone):
    if (user.full_name, user.phone) != (full_name, phone):
        user.full_name, user.phone = full_name, phone
        user.save(update_fields=["full_name", "phone"])


def _certification_save(cert, row):
    for name in CERTIFICATION_FIELDS:
        if name in row:
            setattr(cert, name, row[name])
    if cert.valid_from and cert.valid_until and cert.valid_until < cert.valid_from:
        raise ValidationError({"certifications": _("有效期至不能早于有效期起。")})
    cert.full_clean(exclude=["organization"])
    cert.save()
    return cert


@transaction.atomic
def recommender_create(*, name, kind, district="", by, ip=None):
    """SPEC §1: the office adds a recommender — usually a municipal department (市直部门) for this cycle."""
    _require_office(by)
    name = name.strip()
    if Recommender.objects.filter(name=name).exists():
        raise ValidationError(_("该推荐单位已存在。"))
    recommender = Recommender.objects.create(name=name, kind=kind, district=district)
    audit_record(action="recommender.created", actor=by, obj=recommender, ip=ip, detail={"name": name, "kind": kind})
    return recommender
