"""What every supervision service shares: the refusal it raises (award's WorkflowError, so views show both the
same way) and the role checks."""
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from accounts.models import Role
from award.services import WorkflowError

__all__ = ["WorkflowError", "leading_group_users", "office_only", "office_users"]


def office_only(by, message=None):
    if by is None or not by.is_active or by.role != Role.OFFICE:
        raise WorkflowError(message or _("只有领导小组办公室可以办理。"))


def office_users():
    return get_user_model().objects.filter(role=Role.OFFICE, is_active=True).order_by("id")


def leading_group_users():
    return get_user_model().objects.filter(role=Role.LEADING_GROUP, is_active=True).order_by("id")
