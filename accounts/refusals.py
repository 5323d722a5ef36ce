"""The one refusal a service raises, and the one role guard (STYLE §3).

A view turns a `WorkflowError` into a message on the page (or on the form); a refusing permission verdict
becomes the audited 403 through `accounts.permissions.require`.
"""
from django.utils.translation import gettext as _

from .models import Role
from .permissions import has_role


class WorkflowError(Exception):
    """A request the rules refuse; the message (Chinese) is shown to the user as it is, with its reasons."""

    def __init__(self, message, *, reasons=None):
        super().__init__(str(message))
        self.message = str(message)
        self.reasons = [str(r) for r in (reasons or [])]

    def __str__(self):
        return self.message


def require_role(by, *roles, message):
    """Refuse (WorkflowError with `message`) unless `by` is an active, signed-in user with one of `roles`."""
    if not has_role(by, *roles):
        raise WorkflowError(message)


def office_only(by, message=None):
    """The office's work (质量强市工作领导小组办公室); `message` says which work when it matters."""
    require_role(by, Role.OFFICE, message=message or _("只有领导小组办公室可以进行此项工作。"))
