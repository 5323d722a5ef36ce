"""Middleware of the lowest layer."""
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

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
