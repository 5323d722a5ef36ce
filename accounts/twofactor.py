"""TOTP two-factor sign-in with django-otp (issue 11; 等保 2.0 identity authentication: two or more factors).

Who: the office, the agency, experts, supervisors and the leading group (`OTP_ROLES`), and any superuser. With
settings.OTP_REQUIRED they must enrol before anything else; whoever has enrolled is asked for a code at every
sign-in, required or not. Applicants and recommenders are never asked.

A person has at most one confirmed TOTP device (the authenticator app) and one static device holding the recovery
codes (`OTP_RECOVERY_CODE_COUNT` single-use codes, shown once when made). Enrolment: `enrolment_device` makes an
unconfirmed TOTP device whose key the QR code carries; `enrolment_confirm` checks the first code, confirms it,
removes any older device and makes fresh recovery codes. Every enrolment, regeneration, recovery-code use and
failure is written to the audit log. Codes are throttled per device by django-otp (1, 2, 4, 8 … seconds after
each failure).
"""
import io
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import emails
from .audit import audit_record
from .models import Role
from .notifications import notify
from .refusals import WorkflowError, office_only

OTP_ROLES = (Role.OFFICE, Role.AGENCY, Role.EXPERT, Role.SUPERVISOR, Role.LEADING_GROUP)
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def otp_role(user) -> bool:
    """May and, with OTP_REQUIRED, must use the second factor."""
    return bool(user and user.is_authenticated and (user.role in OTP_ROLES or user.is_superuser))


def otp_required_for(user) -> bool:
    return bool(settings.OTP_REQUIRED) and otp_role(user)


@dataclass(frozen=True)
class TwoFactorStatus:
    enrolled: bool
    enrolled_at: object = None
    last_used_at: object = None
    recovery_codes_left: int = 0


# --- reads -------------------------------------------------------------------------------------------------------


def confirmed_totp(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def has_second_factor(user) -> bool:
    """Has a confirmed authenticator (recovery codes alone do not count: they come with one)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def status_of(user) -> TwoFactorStatus:
    device = confirmed_totp(user)
    if device is None:
        return TwoFactorStatus(enrolled=False)
    left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return TwoFactorStatus(
        enrolled=True, enrolled_at=device.created_at, last_used_at=device.last_used_at, recovery_codes_left=left
    )


def enrolment_device(user) -> TOTPDevice:
    """The unconfirmed authenticator the enrolment page shows as a QR code (made on first call, then the same)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_NAME).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def pending_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=False, name=TOTP_NAME).order_by("-id").first()


def manual_key(device) -> str:
    """The key in base32, in groups of four, for typing into an app that cannot scan."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_svg(device) -> bytes:
    """The otpauth:// URL of `device` as an SVG QR code (a path on a white square; no script, no style)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


# --- writes ------------------------------------------------------------------------------------------------------


def _normalized(code: str) -> str:
    return "".join((code or "").split()).replace("-", "").lower()


@transaction.atomic
def enrolment_confirm(*, user, code: str, ip=None):
    """Check the first code of the pending authenticator. On success: confirm it, remove the older authenticator
    and recovery codes, make new recovery codes; returns (device, codes). On failure returns (None, []) and
    records "otp.enrol_failed"."""
    device = pending_device(user)
    token = _normalized(code)
    if device is None or not token.isdigit() or not device.verify_token(token):
        audit_record(action="otp.enrol_failed", actor=user, ip=ip)
        return None, []
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    audit_record(action="otp.enrolled", actor=user, obj=device, ip=ip, detail={"recovery_codes": len(codes)})
    return device, codes


@transaction.atomic
def recovery_codes_regenerate(*, user, ip=None) -> list[str]:
    """New recovery codes for an enrolled person; the old ones stop working. Records "otp.recovery_regenerated"."""
    if not has_second_factor(user):
        raise ValueError("not enrolled")
    codes = _recovery_codes_replace(user)
    audit_record(action="otp.recovery_regenerated", actor=user, ip=ip, detail={"recovery_codes": len(codes)})
    return codes


@dataclass(frozen=True)
class VerifyOutcome:
    device: object = None
    recovery_used: bool = False
    throttled: bool = False
    message: str = ""


def verify(*, user, code: str, ip=None) -> VerifyOutcome:
    """A code at sign-in: six digits from the authenticator, or one recovery code (then used up). Records
    "otp.recovery_used" or "otp.failed" (not for a code refused unchecked by the throttle). The caller's transaction must commit on failure too (the throttle and
    the audit entry are kept), so this is not atomic as a whole."""
    token = _normalized(code)
    if not token:
        return VerifyOutcome(message=_("请输入验证码。"))
    devices = []
    if token.isdigit():
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id")[:1])
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        allowed, data = device.verify_is_allowed()
        if not allowed:
            # Refused unchecked while the device's delay runs: cheap to send by the thousand, so not one audit
            # entry each (the checked failures before it are recorded, and each doubles the delay).
            return VerifyOutcome(throttled=True, message=_("验证码错误次数过多,请稍候几秒再试。"))
        with transaction.atomic():
            ok = device.verify_token(token)
        if ok:
            recovery = isinstance(device, StaticDevice)
            if recovery:
                left = device.token_set.count()
                audit_record(action="otp.recovery_used", actor=user, obj=device, ip=ip, detail={"left": left})
            return VerifyOutcome(device=device, recovery_used=recovery)
    audit_record(
        action="otp.failed", actor=user, ip=ip, detail={"kind": "totp" if token.isdigit() else "recovery"}
    )
    return VerifyOutcome(message=_("验证码不正确或已过期,请重新输入。"))


def _recovery_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = []
    while len(codes) < settings.OTP_RECOVERY_CODE_COUNT:
        token = StaticToken.random_token()  # 8 characters of base32, lower case
        if token not in codes and not token.isdigit():  # all digits would read as an authenticator code
            codes.append(token)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=token) for token in codes])
    return codes


# --- the office's reset (a person lost their phone and their recovery codes) ---------------------------------------


def reset_refusal(*, target, by):
    """Why the office may not reset `target`'s second factor (a text), or "" when it may. Not oneself: whoever sits
    at an unlocked office session (or holds a stolen one) could otherwise strip the owner's second factor without
    a code; one's own phone is changed on the account-security page (with a recovery code if it is lost), and a
    lost second factor of an office account is reset by a colleague (two people, not one)."""
    if target.pk == by.pk:
        return _("不能重置自己的双因素认证。更换手机请在“账号安全”中重新绑定(手机丢失时先用恢复码登录);"
                 "恢复码也已用完时,请由办公室的另一位同事重置。")
    if target.is_superuser or target.role not in OTP_ROLES:
        return _("该账号不使用本系统的双因素认证,无法在此重置。")
    if not TOTPDevice.objects.filter(user=target).exists() and not StaticDevice.objects.filter(user=target).exists():
        return _("该账号尚未绑定身份验证器,无需重置。")
    return ""


@transaction.atomic
def two_factor_reset(*, target, by, reason: str, ip=None):
    """Issue 11: the office removes `target`'s authenticators and recovery codes (the person lost both); at the
    next sign-in they enrol again (with OTP_REQUIRED they must). Records "otp.reset" (who, whom, why) and tells
    the person in the inbox and by e-mail; their signed-in sessions end. Refused (WorkflowError): not the office, oneself, a role without the
    second factor, nothing to reset, no reason."""
    office_only(by, _("只有领导小组办公室可以重置他人的双因素认证。"))
    reason = " ".join((reason or "").split())
    if not reason:
        raise WorkflowError(_("请填写重置的原因。"))
    refusal = reset_refusal(target=target, by=by)
    if refusal:
        raise WorkflowError(refusal)
    tokens = StaticToken.objects.filter(device__user=target).count()
    totp_removed, _detail = TOTPDevice.objects.filter(user=target).delete()
    StaticDevice.objects.filter(user=target).delete()
    sessions = user_sessions_end(target)  # whoever holds the lost phone and a signed-in session is out too
    entry = audit_record(
        action="otp.reset", actor=by, obj=target, ip=ip,
        detail={"username": target.username, "reason": reason, "authenticators": totp_removed,
                "recovery_codes": tokens, "sessions_ended": sessions},
    )
    notify(recipient=target, event="account.otp_reset", link=reverse("accounts:account_security"),
           key=f"otp-reset-{target.pk}-{timezone.now().timestamp()}", **emails.two_factor_reset(reason=reason))
    return entry


def user_sessions_end(user) -> int:
    """Sign `user` out everywhere: delete their unexpired sessions (database sessions carry the user's id only
    inside the encoded data, so each is decoded — a rare office action). Returns how many were ended."""
    ended = [session.session_key for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
             if session.get_decoded().get(SESSION_KEY) == str(user.pk)]
    Session.objects.filter(session_key__in=ended).delete()
    return len(ended)


def recovery_code_display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"
