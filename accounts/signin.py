"""Sign-in controls around Django's login (issue 11; README "登录安全"; 等保 2.0 identity authentication).

- **Throttling** (django-axes): `LoginThrottleBackend` refuses a (username, client address) pair after
  settings.AXES_FAILURE_LIMIT failures for settings.AXES_COOLOFF_TIME; `lockout_response` is the 429 page. The
  address is `accounts.http.client_ip` (the trusted-proxy rule); a request without one counts under "no address"
  and is limited all the same. The page never says whether the username exists (every username is counted).
- **Idle timeout**: a staff session (every role but the applicants') ends after settings.STAFF_IDLE_TIMEOUT_MINUTES
  without a request (accounts.middleware.StaffIdleTimeoutMiddleware); every session ends with the browser.
- **Second factor** (accounts/twofactor.py): at login the session remembers whether a code is still owed
  (`SESSION_OTP_STATE`: "verify" or "enrol"); until it is given, accounts.middleware.TwoFactorMiddleware lets the
  person reach only the code page, the enrolment pages, logout and the language switch.
"""
import time

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django_otp import login as otp_login

from . import twofactor
from .http import client_ip
from .models import Role

SESSION_OTP_STATE = "signin_otp"
OTP_VERIFY = "verify"
OTP_ENROL = "enrol"
SESSION_LAST_SEEN = "signin_last_seen"
# The last-seen time is written at most this often, so a busy session is not saved on every request.
LAST_SEEN_RESOLUTION_SECONDS = 60


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check before the password backends. A call without a request (`Client.login` in tests, a shell)
    has no client address to count and is not throttled; every login form passes its request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


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


# --- the session's state after the password --------------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="accounts.signin.on_login")
def on_login(sender, request, user, **kwargs):
    """Start the idle clock; note whether this session still owes a second factor."""
    if request is None or not hasattr(request, "session"):
        return
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
