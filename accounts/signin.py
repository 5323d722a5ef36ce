"""Sign-in controls around Django's login (issue 11; README "登录安全"; 等保 2.0 identity authentication).

- **Throttling** (django-axes): `LoginThrottleBackend` refuses a (username, client address) pair after
  settings.AXES_FAILURE_LIMIT failures for settings.AXES_COOLOFF_TIME; `lockout_response` is the 429 page. The
  address is `accounts.http.client_ip` (the trusted-proxy rule); a request without one counts under "no address"
  and is limited all the same. The page never says whether the username exists (every username is counted).
- **Audit** (accounts/audit.py): a wrong password writes "signin.failed" (the username as typed, the client
  address, the account when the username exists; never the password), the failure that trips the lock
  "signin.locked_out", a sign-in after failures "signin.succeeded_after_failures". The entries are written after
  the login request's transaction has committed, each in its own short transaction, so the audit chain's lock is
  held for one insert and never while a password is hashed or a page is rendered. Attempts that axes refuses
  during a lockout (no password is checked, so they are cheap to send by the thousand) write nothing: the one
  lockout entry stands for them. So the log grows by at most one entry per password actually checked, which axes
  and the hashing cost already limit.
- **Idle timeout**: a staff session (every role but the applicants') ends after settings.STAFF_IDLE_TIMEOUT_MINUTES
  without a request (accounts.middleware.StaffIdleTimeoutMiddleware); every session ends with the browser.
- **Second factor** (accounts/twofactor.py): at login the session remembers whether a code is still owed
  (`SESSION_OTP_STATE`: "verify" or "enrol"); until it is given, accounts.middleware.TwoFactorMiddleware lets the
  person reach only the code page, the enrolment pages, logout and the language switch.
"""
import time

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django_otp import login as otp_login

from . import twofactor
from .audit import audit_record
from .http import client_ip
from .models import Role

SESSION_OTP_STATE = "signin_otp"
OTP_VERIFY = "verify"
OTP_ENROL = "enrol"
SESSION_LAST_SEEN = "signin_last_seen"
# The last-seen time is written at most this often, so a busy session is not saved on every request.
LAST_SEEN_RESOLUTION_SECONDS = 60
# Marks on the request, set by the throttle backend before any password is checked.
REFUSED_WHILE_LOCKED = "signin_refused_while_locked"
PRIOR_FAILURES = "signin_prior_failures"
USERNAME_AUDITED_LENGTH = 150
# The sign-in and second-factor actions of the audit log: they belong to no cycle (the audit-log page of every
# cycle shows them when its action filter picks one; supervision/selectors.py).
SIGNIN_AUDIT_ACTIONS = ("signin.failed", "signin.locked_out", "signin.succeeded_after_failures", "otp.failed",
                        "otp.reset")
SIGNIN_AUDIT_PREFIXES = ("signin.", "otp.")


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check before the password backends. A call without a request (`Client.login` in tests, a shell)
    has no client address to count and is not throttled; every login form passes its request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        credentials = get_credentials(username=username, password=password, **kwargs)
        setattr(request, PRIOR_FAILURES, AxesProxyHandler.get_failures(request, credentials))
        try:
            return super().authenticate(request, username, password, **kwargs)
        except AxesBackendPermissionDenied:
            setattr(request, REFUSED_WHILE_LOCKED, True)
            raise


def axes_client_ip(request):
    return client_ip(request)


def axes_username(request, credentials):
    """Counted case-insensitively, as usernames are unique (accounts.services._user_create)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field) if credentials else None
    if username is None:
        username = request.POST.get(field, "") if request is not None else ""
    return str(username).strip().lower()[:150]


def lockout_response(request, original_response=None, credentials=None):
    """HTTP 429 with the time from which this username may try again from this address."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    retry_at = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    response = render(
        request,
        "accounts/lockout.html",
        {"retry_at": retry_at, "minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


# --- the audit entries of sign-in --------------------------------------------------------------------------------


@receiver(user_login_failed, dispatch_uid="accounts.signin.on_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    """A password was checked and was wrong (or the username is unknown): "signin.failed"."""
    if request is None or getattr(request, REFUSED_WHILE_LOCKED, False):
        return
    username = str((credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD, "") or "")
    _audit_after_commit("signin.failed", request, username=username,
                        failures=getattr(request, "axes_failures_since_start", None))


@receiver(user_locked_out, dispatch_uid="accounts.signin.on_locked_out")
def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """The failure that reached the limit: "signin.locked_out" (once; not again for each refused attempt)."""
    if request is None or getattr(request, REFUSED_WHILE_LOCKED, False):
        return
    until = timezone.now() + settings.AXES_COOLOFF_TIME
    _audit_after_commit("signin.locked_out", request, username=str(username or ""),
                        failures=getattr(request, "axes_failures_since_start", None),
                        until=until.isoformat(timespec="seconds"))


def _audit_after_commit(action, request, *, username, **detail):
    """Write the entry once the request's transaction has committed (at once when there is none), in its own
    transaction: the chain's lock is held for this one insert only."""
    ip = client_ip(request)
    username = username.strip()[:USERNAME_AUDITED_LENGTH]
    detail = {"username": username, **{k: v for k, v in detail.items() if v is not None}}

    def write():
        account = get_user_model().objects.filter(username__iexact=username).first() if username else None
        with transaction.atomic():
            # The actor is the public (whoever typed it), the account (if the username exists) the object.
            audit_record(action=action, actor=AnonymousUser(), obj=account, ip=ip, detail=detail)

    transaction.on_commit(write, robust=True)  # the sign-in has happened: a failed write is logged, no 500


def _audit_success_after_failures(request, user):
    failures = getattr(request, PRIOR_FAILURES, 0) or 0
    if not failures:
        return
    ip = client_ip(request)

    def write():
        with transaction.atomic():
            audit_record(action="signin.succeeded_after_failures", actor=user, ip=ip,
                         detail={"username": user.get_username(), "failures": failures})

    transaction.on_commit(write, robust=True)  # the sign-in has happened: a failed write is logged, no 500


# --- the session's state after the password --------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="accounts.signin.on_login")
def on_login(sender, request, user, **kwargs):
    """Start the idle clock; note whether this session still owes a second factor."""
    if request is None or not hasattr(request, "session"):
        return
    _audit_success_after_failures(request, user)
    if idle_timeout_applies(user):
        request.session[SESSION_LAST_SEEN] = clock()
    state = otp_state_at_login(user)
    if state:
        request.session[SESSION_OTP_STATE] = state
    else:
        request.session.pop(SESSION_OTP_STATE, None)


def otp_state_at_login(user):
    if not twofactor.otp_role(user):
        return None
    if twofactor.has_second_factor(user):
        return OTP_VERIFY
    if twofactor.otp_required_for(user):
        return OTP_ENROL
    return None


def otp_owed(request):
    return request.session.get(SESSION_OTP_STATE)


def otp_done(request, device):
    """The code was given: the session is fully signed in from now on."""
    otp_login(request, device)
    request.session.pop(SESSION_OTP_STATE, None)
    request.session.cycle_key()


def clock() -> int:
    """Seconds since the epoch (one place for the idle check's time, so a test can move it forward)."""
    return int(time.time())


def idle_timeout_applies(user) -> bool:
    return user.is_authenticated and user.role not in Role.applicant_roles()
