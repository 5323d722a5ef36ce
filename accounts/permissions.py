"""Policy as named predicates that can say why not, and the view decorator that applies them.

Django lets an active superuser through every `has_perm`; rules that must deny are checked here explicitly,
and a role is a role: a superuser without the applicant's, expert's or supervisor's role never acts as one.
"""
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Role


@dataclass(frozen=True)
class Verdict:
    """A predicate's answer. A refusal says why (`reason`, in the user's language) and may point to what would
    lift it (`link`, `link_label`: e.g. the pledge an expert must sign first); the 403 page shows both."""

    allowed: bool
    reason: str = ""
    link: str = ""
    link_label: str = ""

    def __bool__(self):
        return self.allowed


ALLOW = Verdict(True)


def deny(reason, *, link="", link_label=""):
    return Verdict(False, str(reason), str(link), str(link_label))


class Refusal(PermissionDenied):
    """A 403 that carries the refusal's reason and, optionally, the way out (see `Verdict`)."""

    def __init__(self, reason="", *, link="", link_label=""):
        super().__init__(str(reason))
        self.link = str(link)
        self.link_label = str(link_label)

    @classmethod
    def of(cls, verdict):
        return cls(verdict.reason, link=verdict.link, link_label=verdict.link_label)


def is_active_user(user):
    """A signed-in user whose account is active (every predicate asks this first)."""
    return bool(user and user.is_authenticated and user.is_active)


def has_role(user, *roles):
    return is_active_user(user) and user.role in roles


def role_required(*roles):
    """Anonymous → login page; a logged-in user without one of `roles` → 403 with nothing shown or changed."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied(role_refusal_reason(request.user, roles))
            return view(request, *args, **kwargs)

        wrapper.required_roles = tuple(roles)
        return wrapper

    return decorator


def role_refusal_reason(user, roles):
    """Why a page restricted to `roles` refused `user`, in the user's language: whose page it is, and who they are."""
    names = "、".join(str(Role(role).label) for role in roles)
    mine = Role(user.role).label if user.role in Role.values else _("未分配角色")
    if not user.is_active:
        return _("您的账号已停用。")
    return _("此页面仅供%(roles)s使用,您当前的身份是%(mine)s。") % {"roles": names, "mine": mine}


office_required = role_required(Role.OFFICE)
applicant_required = role_required(Role.ORGANIZATION, Role.INDIVIDUAL)
recommender_required = role_required(Role.RECOMMENDER)


class AuditedPermissionDenied(Refusal):
    """A refusal whose audit entry says more than the path (e.g. a recused person trying an application's URL:
    which application, which cycle).

    The request's transaction rolls back when the view raises; `accounts.middleware.AuditDeniedMiddleware`
    writes the entry afterwards, in its own transaction, so the refusal is recorded and nothing else is.
    """

    def __init__(self, reason="", *, audit, link="", link_label=""):
        super().__init__(reason, link=link, link_label=link_label)
        self.audit = audit


def require(verdict, *, audit=None):
    """Nothing when `verdict` allows; else the 403 that states its reason and way out. AuditDeniedMiddleware
    records it after the request's transaction rolled back — as `audit` (an audit_record entry naming the object
    it was about) when given, else as `access.denied` with the path and the reason. The one way a view refuses."""
    if verdict:
        return
    if audit is not None:
        raise AuditedPermissionDenied(verdict.reason, link=verdict.link, link_label=verdict.link_label, audit=audit)
    raise Refusal.of(verdict)
