"""The one refusal a service raises, and the one role guard (STYLE §3).

A view turns a `WorkflowError` into a message on the page (or on the form); a refusing permission verdict
becomes the audited 403 through `accounts.permissions.require`.
"""
from django.contrib import messages
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


def refusal_show(request, error, *, form=None):
    """Show a refusal to the user: on a form page on the form, otherwise as a message (issue 13).

    A page that re-renders `form` after the refusal passes it: the message and each reason become the form's
    non-field errors (`includes/form.html` shows them above the fields), so the refusal stands where the user
    typed. A one-button action (no form to re-render, a redirect follows) shows the message and its reasons
    as flash messages instead.
    """
    if form is not None:
        form.add_error(None, error.message)
        for reason in error.reasons:
            form.add_error(None, reason)
        return
    messages.error(request, error.message)
    for reason in error.reasons:
        messages.warning(request, reason)
