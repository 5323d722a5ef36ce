"""Middleware of the lowest layer."""
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from . import signin
from .audit import audit_record
from .broker import broker_scope
from .http import client_ip, request_body_max_bytes
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


class BrokerScopeMiddleware:
    """One broker scope per request (accounts/broker.py): after the first failed hand-off to the broker the rest
    of the request's hand-offs go to their relays at once, so a Redis outage costs a request one timeout, not one
    per notification. The view's transaction commits inside (ATOMIC_REQUESTS), so its on_commit hand-offs too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with broker_scope():
            return self.get_response(request)


class PrivateDownloadMiddleware:
    """Every download (a file or an export: a response with Content-Disposition, or streamed) is private: no cache
    keeps it (`Cache-Control: private, no-store`), and a file opened in the browser runs in a sandbox, without
    scripts, forms or the site's origin (`Content-Security-Policy: sandbox`), whatever an uploaded PDF or image
    contains (issue 11). One place for evidence, inline evidence, certificates, reports, exports and dossiers; the
    views need not remember. Sits above django-csp's middleware, so its header replaces the page policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_download(response):
            response["Content-Security-Policy"] = "sandbox"
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response


def is_download(response) -> bool:
    return (
        isinstance(response, FileResponse | StreamingHttpResponse)
        or response.has_header("Content-Disposition")
    )


class RequestBodyLimitMiddleware:
    """Refuses a request whose Content-Length is over the view's limit before anything reads its body (issue 11).

    Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out, and the evidence checks see an upload only after it
    was received whole; this looks at the declared length first, so a 22 MB upload to a 20 MB form is answered
    at once (413, with the limits in Chinese) and never written to a temporary file. Sits above the CSRF
    middleware, whose check is the first to read a form. nginx's `client_max_body_size` is the outer limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None  # Django reads no body with a malformed length
        limit = request_body_max_bytes(view_func)
        if length <= limit:
            return None
        message = _(
            "提交的内容约 %(size)s MB,超过了本页 %(limit)s MB 的上限,未被接收。单个文件不超过 %(file)s MB;"
            "请压缩或拆分文件后重新提交。"
        ) % {"size": _megabytes(length), "limit": _megabytes(limit), "file": _megabytes(settings.EVIDENCE_MAX_BYTES)}
        response = render(request, "413.html", {"message": message, "back": request.path}, status=413)
        response["Connection"] = "close"  # the unread body is not taken for the next request
        return response


def _megabytes(n):
    return f"{n / (1024 * 1024):.0f}" if n >= 1024 * 1024 else f"{n / (1024 * 1024):.1f}"


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
        signin.OTP_VERIFY: {"accounts:otp_verify", "accounts:logout", "set_language", "accounts:language"},
        signin.OTP_ENROL: {"accounts:otp_enrol", "accounts:otp_qr", "accounts:logout", "set_language", "accounts:language"},
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
