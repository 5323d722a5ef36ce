"""Pages of the accounts app (SPEC §1): registration, profile, inbox, staff accounts.

Views are thin: they check who may come in (accounts.permissions), bind forms, call a service or a selector and
render. Anything that changes data goes through accounts/services.py.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import RedirectView

from . import selectors, services
from .forms import (
    AccountForm,
    IndividualProfileForm,
    OrganizationProfileForm,
    ProfileCertificationFormSet,
    RecommenderForm,
    RegistrationCertificationFormSet,
    StaffAccountForm,
)
from .http import client_ip, public_rate_limit_hit
from .models import OrganizationProfile, Role
from .notifications import notification_mark_read
from .permissions import applicant_required, office_required
from .twofactor import OTP_ROLES

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
CERTIFICATIONS_PREFIX = "certifications"
INBOX_PAGE_SIZE = 20
# Registration posts per client address and hour (issue 11): enough for an office behind one NAT registering
# several organizations and correcting its typos, too few to probe which ID numbers or credit codes exist.
REGISTRATION_POST_LIMIT = 20
STAFF_PAGE_SIZE = 30

dashboard = login_required(RedirectView.as_view(pattern_name="award:dashboard", query_string=False))


# --- registration ------------------------------------------------------------------------------------------------


def register(request):
    """Choose 组织申报 or 个人申报."""
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    return render(request, "accounts/registration/choose.html")


def register_organization(request):
    """Art. 15: an organization creates its account with its profile and at least one certificate."""
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    account_form = AccountForm(request.POST or None)
    profile_form = OrganizationProfileForm(request.POST or None)
    formset = RegistrationCertificationFormSet(
        request.POST or None, instance=OrganizationProfile(), prefix=CERTIFICATIONS_PREFIX
    )
    if request.method == "POST" and _registration_throttled(request, account_form):
        context = {"account_form": account_form, "profile_form": profile_form, "formset": formset}
        return render(request, "accounts/registration/organization.html", context, status=429)
    if request.method == "POST" and _all_valid(account_form, profile_form, formset):
        try:
            user = services.organization_register(
                username=account_form.cleaned_data["username"],
                password=account_form.password,
                email=account_form.cleaned_data["email"],
                profile_data=profile_form.cleaned_data,
                certifications=formset.as_service_data(),
                ip=client_ip(request),
            )
        except ValidationError as error:
            _show_errors(error, [account_form, profile_form], fallback=profile_form)
        else:
            return _welcome(request, user)
    return render(
        request,
        "accounts/registration/organization.html",
        {"account_form": account_form, "profile_form": profile_form, "formset": formset},
    )


def register_individual(request):
    """Art. 17: an individual creates its account with its profile."""
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    account_form = AccountForm(request.POST or None)
    profile_form = IndividualProfileForm(request.POST or None)
    if request.method == "POST" and _registration_throttled(request, account_form):
        context = {"account_form": account_form, "profile_form": profile_form}
        return render(request, "accounts/registration/individual.html", context, status=429)
    if request.method == "POST" and _all_valid(account_form, profile_form):
        try:
            user = services.individual_register(
                username=account_form.cleaned_data["username"],
                password=account_form.password,
                email=account_form.cleaned_data["email"],
                profile_data=profile_form.cleaned_data,
                ip=client_ip(request),
            )
        except ValidationError as error:
            _show_errors(error, [account_form, profile_form], fallback=profile_form)
        else:
            return _welcome(request, user)
    return render(
        request,
        "accounts/registration/individual.html",
        {"account_form": account_form, "profile_form": profile_form},
    )


def _registration_throttled(request, account_form):
    """Count the post against the address; over the limit the form shows why and nothing is checked or saved."""
    if not public_rate_limit_hit(scope="register", ip=client_ip(request), limit=REGISTRATION_POST_LIMIT):
        return False
    account_form.is_valid()  # bound, so the page shows the error and keeps what was typed
    account_form.add_error(None, _("注册提交过于频繁:同一网络地址每小时最多提交 %(n)s 次,请稍后再试。")
                           % {"n": REGISTRATION_POST_LIMIT})
    return True


def _welcome(request, user):
    login(request, user, backend=LOGIN_BACKEND)
    messages.success(
        request, _("注册成功,欢迎 %(name)s!请按工作台提示进行下一步。") % {"name": user.full_name}
    )
    return redirect("accounts:dashboard")


# --- profile -------------------------------------------------------------------------------------------------------


@applicant_required
def profile(request):
    """The applicant keeps its own profile; an organization also its certificates (Art. 15(三))."""
    if request.user.role == Role.ORGANIZATION:
        return _organization_profile(request)
    return _individual_profile(request)


def _organization_profile(request):
    profile = selectors.organization_profile_of(user=request.user)
    if profile is None:
        raise Http404(_("尚未建立组织档案。"))
    data = request.POST.copy() if request.method == "POST" else None
    adding_row = data is not None and "add_row" in data
    if adding_row:
        # Without JavaScript a new certificate row comes from the server: one more blank form, nothing saved.
        key = f"{CERTIFICATIONS_PREFIX}-TOTAL_FORMS"
        data[key] = str(int(data.get(key) or 0) + 1)
    profile_form = OrganizationProfileForm(data, instance=profile, with_credit_code=False)
    formset = ProfileCertificationFormSet(data, instance=profile, prefix=CERTIFICATIONS_PREFIX)
    if data is not None and not adding_row and _all_valid(profile_form, formset):
        try:
            services.organization_profile_update(
                profile=profile,
                profile_data=profile_form.cleaned_data,
                certifications=formset.as_service_data(),
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            _show_errors(error, [profile_form], fallback=profile_form)
        else:
            messages.success(request, _("组织档案已保存。"))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile/organization.html",
        {"profile": profile, "profile_form": profile_form, "formset": formset},
    )


def _individual_profile(request):
    profile = selectors.individual_profile_of(user=request.user)
    if profile is None:
        raise Http404(_("尚未建立个人档案。"))
    profile_form = IndividualProfileForm(request.POST or None, instance=profile, with_id_number=False)
    if request.method == "POST" and profile_form.is_valid():
        try:
            services.individual_profile_update(
                profile=profile,
                profile_data=profile_form.cleaned_data,
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            _show_errors(error, [profile_form], fallback=profile_form)
        else:
            messages.success(request, _("个人档案已保存。"))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile/individual.html",
        {
            "profile": profile,
            "profile_form": profile_form,
            "id_number_shown": selectors.id_number_for_viewer(profile=profile, viewer=request.user),
        },
    )


# --- inbox ---------------------------------------------------------------------------------------------------------


@login_required
def inbox(request):
    """SPEC §11: the user's notifications, newest first, unread ones marked."""
    page_obj = Paginator(selectors.inbox_for(user=request.user), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/inbox/list.html",
        {"page_obj": page_obj, "unread_count": selectors.inbox_unread_count(user=request.user)},
    )


@require_POST
@login_required
def inbox_read(request, pk):
    """Mark one of the user's own notifications read and go to what it is about; someone else's is a 404."""
    notification = selectors.inbox_notification_get(user=request.user, pk=pk)
    if notification is None:
        raise Http404
    notification_mark_read(notification=notification, by=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(link)
    return redirect("accounts:inbox")


@require_POST
@login_required
def inbox_read_all(request):
    changed = services.inbox_mark_all_read(by=request.user)
    if changed:
        messages.success(request, _("已将 %(count)s 条消息标为已读。") % {"count": changed})
    return redirect("accounts:inbox")


# --- staff accounts ------------------------------------------------------------------------------------------------


@office_required
def staff_list(request):
    """SPEC §1: the accounts the office created — recommenders, agency, supervisors, leading group, office."""
    role = request.GET.get("role") or None
    accounts = selectors.staff_accounts(role=role)
    page_obj = Paginator(accounts, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/staff/list.html",
        {
            "page_obj": page_obj,
            "role": role if role in services.STAFF_ROLES else "",
            "roles": [(r.value, r.label) for r in services.STAFF_ROLES],
            "otp_roles": [r.value for r in OTP_ROLES],
        },
    )


@office_required
def staff_create(request):
    form = StaffAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.staff_account_create(
                role=form.cleaned_data["role"],
                username=form.cleaned_data["username"],
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                password=form.password,
                recommender=form.cleaned_data["recommender"],
                by=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            _show_errors(error, [form], fallback=form)
        else:
            messages.success(
                request,
                _("已创建%(role)s账号“%(username)s”。请将初始密码告知本人。")
                % {"role": user.get_role_display(), "username": user.username},
            )
            return redirect("accounts:staff_list")
    return render(request, "accounts/staff/create.html", {"form": form})


@require_POST
@office_required
def staff_toggle_active(request, pk):
    account = selectors.staff_account_get(pk=pk)
    if account is None:
        raise Http404
    try:
        services.user_set_active(
            user=account, active=not account.is_active, by=request.user, ip=client_ip(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if account.is_active:
            messages.success(request, _("已启用账号“%(username)s”。") % {"username": account.username})
        else:
            messages.success(request, _("已停用账号“%(username)s”。") % {"username": account.username})
    return redirect("accounts:staff_list")


# --- helpers -------------------------------------------------------------------------------------------------------


def _all_valid(*forms):
    """Validate every form (not stopping at the first invalid one), so every error shows at once."""
    results = [form.is_valid() for form in forms]
    return all(results)


def _show_errors(error, forms, *, fallback):
    """Put a service's ValidationError next to the field it names, or at the top of `fallback`."""
    if not hasattr(error, "error_dict"):
        fallback.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = next((form for form in forms if field in form.fields), None)
        if target is not None:
            target.add_error(field, errors)
        else:
            fallback.add_error(None, errors)


@office_required
def recommender_list(request):
    """SPEC §1: the county-level recommenders are seeded; the office adds municipal departments."""
    form = RecommenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommender_create(by=request.user, ip=client_ip(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("推荐单位已添加,可在账户管理中为其创建账户。"))
            return redirect("accounts:recommender_list")
    return render(
        request,
        "accounts/recommenders/list.html",
        {"recommenders": selectors.recommenders_with_account_counts(), "form": form},
        status=400 if form.errors else 200,
    )


def permission_denied(request, exception=None):
    """handler403: the 403 page saying why, in the user's language (the refusal's reason), and the way out when the
    refusal names one (e.g. the pledge to sign). The refusal itself was audited by AuditDeniedMiddleware, or by
    the view that returns this page."""
    context = {
        "reason": str(exception or ""),
        "reason_link": getattr(exception, "link", ""),
        "reason_link_label": getattr(exception, "link_label", ""),
    }
    return render(request, "403.html", context, status=403)


@require_GET
def language_switch(request):
    """The header's 中文 / English link: sets the language cookie and goes back. A link, not a form, so a public
    page carries no CSRF token and is kept whole for anonymous visitors (award/public_responses.py); choosing a
    language changes nothing but the visitor's own cookie."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = redirect(target)
    code = request.GET.get("language", "")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
