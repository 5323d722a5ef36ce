"""Middleware of the lowest layer."""
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from . import signin
from .audit import audit_record
from .http import client_ip
from .permissions import AuditedPermissionDenied

DENIED_ACTION = "access.denied"


class AuditDeniedMiddleware:
    """Records every refusal (a PermissionDenied raised by a view) of a logged-in user after the view's transaction
    has rolled back; Django then shows the 403 page with the reason (accounts.views.permission_denied).

    An AuditedPermissionDenied brings its own entry (the application and cycle it was about); any other refusal is
    recorded as `access.denied` with the path and the reason. Anonymous visitors are sent to the login page by the
    views and are not recorded, so nobody can fill the log from outside.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PermissionDenied):
            return None
        actor = request.user if request.user.is_authenticated else None
        if isinstance(exception, AuditedPermissionDenied):
            entry = exception.audit
        elif actor is not None:
            entry = {"action": DENIED_ACTION, "detail": {"path": request.path, "reason": str(exception)}}
        else:
            return None
        with transaction.atomic():
            audit_record(actor=actor, ip=client_ip(request), **entry)
        return None


class StaffIdleTimeoutMiddleware:
    """A staff session (every role but the applicants') ends after settings.STAFF_IDLE_TIMEOUT_MINUTES without a
    request (issue 11; 等保 2.0: 登录连接超时自动退出); the login page then says why. The last request's time is kept in
    the session (accounts.signin.SESSION_LAST_SEEN), written at most once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY):
            response = self._check(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _check(self, request):
        now = signin.clock()
        last = request.session.get(signin.SESSION_LAST_SEEN)
        if last is None:
            # A session from before this check: start its clock now (applicants' sessions are never timed).
            if signin.idle_timeout_applies(request.user):
                request.session[signin.SESSION_LAST_SEEN] = now
            return None
        if now - int(last) > settings.STAFF_IDLE_TIMEOUT_MINUTES * 60:
            logout(request)
            messages.info(
                request,
                _("您已超过 %(minutes)d 分钟没有操作,为了账号安全已自动退出,请重新登录。")
                % {"minutes": settings.STAFF_IDLE_TIMEOUT_MINUTES},
            )
            return redirect_to_login(request.get_full_path() if request.method == "GET" else "/")
        if now - int(last) >= signin.LAST_SEEN_RESOLUTION_SECONDS:
            request.session[signin.SESSION_LAST_SEEN] = now
        return None


class TwoFactorMiddleware:
    """Until a session that owes a second factor has given it (accounts/signin.py), it reaches only the code page,
    the enrolment pages, logout and the language switch; every other request is sent there, keeping `next`."""

    WHILE_OWED = {
        signin.OTP_VERIFY: {"accounts:otp_verify", "accounts:logout", "set_language"},
        signin.OTP_ENROL: {"accounts:otp_enrol", "accounts:otp_qr", "accounts:logout", "set_language"},
    }
    TARGET = {signin.OTP_VERIFY: "accounts:otp_verify", signin.OTP_ENROL: "accounts:otp_enrol"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        state = session.get(signin.SESSION_OTP_STATE) if session is not None else None
        if state in self.TARGET and request.user.is_authenticated:
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if name not in self.WHILE_OWED[state]:
                target = reverse(self.TARGET[state])
                if request.method == "GET":
                    target = f"{target}?{urlencode({'next': request.get_full_path()})}"
                return redirect(target)
        return self.get_response(request)
