"""Logging filters (settings.LOGGING).

An ordinary refusal (a 403 from PermissionDenied: wrong role, not one's application, a recusal) is part of the
product, shown to the person with its reason and recorded in the audit log (`AuditDeniedMiddleware`); Django's
request logger would also write its whole traceback. `QuietRefusals` keeps the one-line warning and drops the
traceback, so the log shows real errors.
"""
import logging

from django.core.exceptions import PermissionDenied

__all__ = ["QuietRefusals"]


class QuietRefusals(logging.Filter):
    """On the `django.request` logger: a 403 caused by PermissionDenied is logged without its traceback."""

    def filter(self, record):
        exc_info = record.exc_info
        if getattr(record, "status_code", None) == 403 and exc_info and isinstance(exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
