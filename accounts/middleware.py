"""Middleware of the lowest layer."""
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, StreamingHttpResponse

from .audit import audit_record
from .broker import broker_scope
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
