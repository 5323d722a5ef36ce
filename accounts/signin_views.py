"""Pages of the second sign-in factor and the account-security page (issue 11; accounts/twofactor.py).

The password step is Django's LoginView (accounts/urls.py) with django-axes in front of it (accounts/signin.py);
a session that then owes a code is held on these pages by accounts.middleware.TwoFactorMiddleware.
"""
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors, signin, twofactor
from .confirmation import confirmation_given, confirmation_page
from .forms import TwoFactorCodeForm, TwoFactorEnrolForm, TwoFactorResetForm
from .http import client_ip
from .models import Role
from .permissions import office_required
from .refusals import WorkflowError, refusal_show

REGENERATE_ACTION = "otp.recovery_regenerate"
RESET_ACTION = "otp.reset"


def otp_role_required(view):
    """The office, the agency, experts, supervisors, the leading group (and superusers); anonymous → login."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not twofactor.otp_role(request.user):
            raise PermissionDenied(_("双因素认证仅适用于领导小组办公室、评审机构、评审专家、监督小组和领导小组的账号。"))
        return view(request, *args, **kwargs)

    wrapper.required_roles = twofactor.OTP_ROLES
    return wrapper


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("accounts:dashboard")


@never_cache
@login_required
def otp_verify(request):
    """The code after the password: six digits or one recovery code. Wrong codes are throttled per device."""
    if signin.otp_owed(request) != signin.OTP_VERIFY:
        return redirect(_next_url(request))
    form = TwoFactorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = twofactor.verify(user=request.user, code=form.cleaned_data["code"], ip=client_ip(request))
        if outcome.device is not None:
            signin.otp_done(request, outcome.device)
            if outcome.recovery_used:
                left = twofactor.status_of(request.user).recovery_codes_left
                messages.warning(
                    request,
                    _("您使用了一个恢复码,它已失效;还剩 %(left)d 个。如手机丢失,请在“账号安全”中重新绑定身份验证器并生成新的恢复码。")
                    % {"left": left},
                )
            return redirect(_next_url(request))
        form.add_error("code", outcome.message)
        status = 429 if outcome.throttled else 400
    return render(
        request, "accounts/twofactor/verify.html", {"form": form, "next": _next_url(request)}, status=status
    )


@never_cache
@otp_role_required
def otp_enrol(request):
    """Bind an authenticator: scan the QR code (or type the key), confirm with a first code, receive the recovery
    codes once."""
    device = twofactor.enrolment_device(request.user)
    form = TwoFactorEnrolForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        confirmed, codes = twofactor.enrolment_confirm(
            user=request.user, code=form.cleaned_data["code"], ip=client_ip(request)
        )
        if confirmed is not None:
            signin.otp_done(request, confirmed)
            return _recovery_codes_page(request, codes, enrolled=True)
        form.add_error("code", _("验证码不正确。请确认手机时间准确,并输入身份验证器当前显示的 6 位数字。"))
        status = 400
    context = {
        "form": form,
        "manual_key": twofactor.manual_key(device),
        "required": signin.otp_owed(request) == signin.OTP_ENROL,
        "re_enrolling": twofactor.has_second_factor(request.user),
        "next": _next_url(request),
    }
    return render(request, "accounts/twofactor/enrol.html", context, status=status)


@never_cache
@otp_role_required
def otp_qr(request):
    """The QR code of the pending authenticator as SVG (its own URL: the page has no inline image data)."""
    device = twofactor.enrolment_device(request.user)
    response = HttpResponse(twofactor.qr_svg(device), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@login_required
def account_security(request):
    """Password and, for the roles that use it, the second factor's status and the recovery codes."""
    context = {
        "otp_role": twofactor.otp_role(request.user),
        "otp_required": twofactor.otp_required_for(request.user),
        "status": twofactor.status_of(request.user) if twofactor.otp_role(request.user) else None,
        "is_applicant": request.user.role in Role.applicant_roles(),
    }
    return render(request, "accounts/twofactor/status.html", context)


@require_POST
@never_cache
@otp_role_required
def otp_recovery_regenerate(request):
    """New recovery codes (the old ones stop working), after the confirmation page."""
    if not twofactor.has_second_factor(request.user):
        raise Http404(_("尚未绑定身份验证器。"))
    if not confirmation_given(request, action=REGENERATE_ACTION, key=request.user.pk):
        return confirmation_page(
            request,
            action=REGENERATE_ACTION,
            key=request.user.pk,
            title=_("重新生成恢复码"),
            consequences=[_("将生成 %(count)d 个新的恢复码,仅显示一次,请当场抄写或打印保存。") % {
                "count": settings.OTP_RECOVERY_CODE_COUNT}],
            irreversible=_("原有的恢复码将立即全部失效。"),
            confirm_label=_("生成新的恢复码"),
            cancel_url=reverse("accounts:account_security"),
            carry=[],
        )
    codes = twofactor.recovery_codes_regenerate(user=request.user, ip=client_ip(request))
    return _recovery_codes_page(request, codes, enrolled=False)


def _recovery_codes_page(request, codes, *, enrolled):
    response = render(
        request,
        "accounts/twofactor/recovery_codes.html",
        {
            "codes": [twofactor.recovery_code_display(code) for code in codes],
            "enrolled": enrolled,
            "next": _next_url(request),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@office_required
def otp_reset(request, pk):
    """Issue 11: the office resets a person's second factor (phone and recovery codes lost): a reason, the
    confirmation page, then the devices are removed, the audit log and the person are told."""
    target = selectors.account_get(pk=pk)
    if target is None:
        raise Http404
    form = TwoFactorResetForm(request.POST or None)
    refusal = twofactor.reset_refusal(target=target, by=request.user)
    if request.method == "POST" and not refusal and form.is_valid():
        reason = form.cleaned_data["reason"]
        if not confirmation_given(request, action=RESET_ACTION, key=target.pk):
            return confirmation_page(
                request,
                action=RESET_ACTION,
                key=target.pk,
                title=_("重置双因素认证"),
                consequences=[
                    _("将删除 %(name)s(%(username)s)绑定的身份验证器和全部恢复码。")
                    % {"name": target.full_name or target.username, "username": target.username},
                    _("本人在所有设备上已登录的会话随即结束;下次登录时,输入密码后须重新绑定身份验证器并保存新的恢复码。"),
                    _("本次重置及其原因将记入审计日志,并通过站内消息和电子邮件告知本人。"),
                ],
                irreversible=_("删除的绑定和恢复码无法恢复,只能由本人重新绑定。"),
                confirm_label=_("确认重置"),
                cancel_url=reverse("accounts:otp_reset", args=[target.pk]),
                carry=[("reason", reason)],
                summary=[(_("账号"), target.username), (_("重置原因"), reason)],
            )
        try:
            twofactor.two_factor_reset(target=target, by=request.user, reason=reason, ip=client_ip(request))
        except WorkflowError as error:
            refusal_show(request, error, form=form)
        else:
            messages.success(request, _("已重置“%(username)s”的双因素认证,本人下次登录时须重新绑定。")
                             % {"username": target.username})
            return redirect("accounts:otp_reset", pk=target.pk)
    context = {"target": target, "status": twofactor.status_of(target), "refusal": refusal, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/twofactor/reset.html", context, status=status)
