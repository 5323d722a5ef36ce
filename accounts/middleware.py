"""Middleware of the lowest layer."""
from django.db import transaction

from .audit import audit_record
from .http import client_ip
from .permissions import AuditedPermissionDenied


class AuditDeniedMiddleware:
    """Records an AuditedPermissionDenied after the view's transaction has rolled back; Django then shows 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, AuditedPermissionDenied):
            actor = request.user if request.user.is_authenticated else None
            with transaction.atomic():
                audit_record(actor=actor, ip=client_ip(request), **exception.audit)
        return None
