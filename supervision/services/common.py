"""What every supervision service shares, all of it from accounts: the one refusal (WorkflowError), the one role
guard (`office_only`) and the users a service tells."""
from accounts.models import Role
from accounts.refusals import WorkflowError, office_only
from accounts.selectors import office_users, users_with_role

__all__ = ["WorkflowError", "leading_group_users", "office_only", "office_users"]


def leading_group_users():
    return users_with_role(Role.LEADING_GROUP)
