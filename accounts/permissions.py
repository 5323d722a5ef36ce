"""Policy as named predicates that can say why not, and the view decorator that applies them.

Django lets an active superuser through every `has_perm`; rules that must deny are checked here explicitly,
and a role is a role: a superuser without the applicant's, expert's or supervisor's role never acts as one.
"""
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Role


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed


ALLOW = Verdict(True)


def deny(reason):
    return Verdict(False, str(reason))


def has_role(user, *roles):
    return bool(user and user.is_authenticated and user.is_active and user.role in roles)


def role_required(*roles):
    """Anonymous → login page; a logged-in user without one of `roles` → 403 with nothing shown or changed."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_roles = tuple(roles)
        return wrapper

    return decorator


office_required = role_required(Role.OFFICE)
applicant_required = role_required(Role.ORGANIZATION, Role.INDIVIDUAL)
recommender_required = role_required(Role.RECOMMENDER)


class AuditedPermissionDenied(PermissionDenied):
    """A refusal that must leave a trace (e.g. a recused person trying an application's URL).

    The request's transaction rolls back when the view raises; `accounts.middleware.AuditDeniedMiddleware`
    writes the entry afterwards, in its own transaction, so the refusal is recorded and nothing else is.
    """

    def __init__(self, reason="", *, audit):
        super().__init__(reason)
        self.audit = audit
