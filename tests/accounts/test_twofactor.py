"""TOTP two-factor sign-in (issue 11): enrolment by QR code, the code after the password, recovery codes, the
OTP_REQUIRED setting, and the audit entries."""
import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import signin, twofactor
from accounts.confirmation import FIELD, confirmation_token
from accounts.models import AuditEntry
from tests.factories.accounts import (
    PASSWORD,
    AgencyUserFactory,
    ExpertUserFactory,
    IndividualFactory,
    LeadingGroupUserFactory,
    OfficeUserFactory,
    OrganizationFactory,
    RecommenderUserFactory,
    SupervisorUserFactory,
)

pytestmark = pytest.mark.django_db

OTP_FACTORIES = [OfficeUserFactory, AgencyUserFactory, ExpertUserFactory, SupervisorUserFactory,
                 LeadingGroupUserFactory]


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED = True


def code_of(device, *, step_offset=0):
    """The authenticator's current code for `device` (what the phone shows)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=step_offset):06d}"


def password_login(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD},
                       REMOTE_ADDR="203.0.113.9")


def enrolled(user):
    """`user` with a confirmed authenticator and recovery codes, as after enrolment; returns (device, codes)."""
    device = twofactor.enrolment_device(user)
    confirmed, codes = twofactor.enrolment_confirm(user=user, code=code_of(device))
    assert confirmed is not None
    TOTPDevice.objects.filter(pk=confirmed.pk).update(last_t=-1)  # the enrolment code may be used again
    confirmed.refresh_from_db()
    return confirmed, codes


# --- enforcement ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("factory", OTP_FACTORIES)
def test_with_otp_required_a_staff_user_without_device_is_sent_to_enrolment_first(client, required, factory):
    user = factory()

    response = password_login(client, user)
    dashboard = client.get(reverse("award:dashboard"))

    assert response.status_code == 302
    assert dashboard.status_code == 302
    assert dashboard["Location"].startswith(reverse("accounts:otp_enrol"))
    # Nothing else either: the inbox, the staff pages, the admin.
    for url in (reverse("accounts:inbox"), reverse("accounts:account_security"), "/admin/"):
        assert client.get(url)["Location"].startswith(reverse("accounts:otp_enrol")), url
    assert client.get(reverse("accounts:otp_enrol")).status_code == 200


def test_force_login_with_otp_required_is_held_too(client, required):
    client.force_login(OfficeUserFactory())

    assert client.get(reverse("accounts:inbox"))["Location"].startswith(reverse("accounts:otp_enrol"))


@pytest.mark.parametrize("make_user", [
    lambda: OrganizationFactory(with_certification=True).user,
    lambda: IndividualFactory().user,
    RecommenderUserFactory,
])
def test_applicants_and_recommenders_are_never_asked(client, required, make_user):
    user = make_user()

    password_login(client, user)
    response = client.get(reverse("accounts:inbox"))

    assert response.status_code == 200
    assert signin.SESSION_OTP_STATE not in client.session
    assert client.get(reverse("accounts:otp_enrol")).status_code == 403


def test_without_otp_required_a_staff_user_without_device_goes_straight_in(client):
    user = OfficeUserFactory()

    password_login(client, user)

    assert client.get(reverse("accounts:inbox")).status_code == 200


# --- enrolment -----------------------------------------------------------------------------------------------------


def test_enrolment_shows_a_qr_code_from_its_own_url_and_the_key(client, required):
    user = ExpertUserFactory()
    password_login(client, user)

    page = client.get(reverse("accounts:otp_enrol"))
    qr = client.get(reverse("accounts:otp_qr"))

    html = page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert f'src="{reverse("accounts:otp_qr")}"' in html
    assert twofactor.manual_key(device) in html
    assert "data:" not in html and "<script>" not in html
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert qr.content.lstrip().startswith(b"<?xml") and b"<svg" in qr.content and b"<script" not in qr.content
    assert "no-store" in qr["Cache-Control"]


def test_a_wrong_first_code_does_not_enrol(client, required):
    user = SupervisorUserFactory()
    password_login(client, user)
    client.get(reverse("accounts:otp_enrol"))

    response = client.post(reverse("accounts:otp_enrol"), {"code": "000000"})

    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(reverse("accounts:inbox")).status_code == 302
    assert AuditEntry.objects.filter(action="otp.enrol_failed", actor=user).count() == 1


def test_enrolment_confirmed_shows_ten_recovery_codes_once_and_lets_in(client, required):
    user = LeadingGroupUserFactory()
    password_login(client, user)
    client.get(reverse("accounts:otp_enrol"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(reverse("accounts:otp_enrol"), {"code": code_of(device)})

    assert response.status_code == 200
    shown = response.context["codes"]
    assert len(shown) == 10 and len(set(shown)) == 10
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert {code.replace("-", "") for code in shown} == stored
    assert "no-store" in response["Cache-Control"]
    assert client.get(reverse("accounts:inbox")).status_code == 200
    entry = AuditEntry.objects.get(action="otp.enrolled")
    assert entry.actor == user and entry.detail == {"recovery_codes": 10}
    # Shown once: the status page counts them but never lists them.
    status = client.get(reverse("accounts:account_security")).content.decode()
    assert "已绑定" in status and not any(code in status for code in shown)


# --- the code after the password -----------------------------------------------------------------------------------


def test_an_enrolled_user_is_asked_for_the_code_after_the_password(client):
    """Asked whenever enrolled, even where the setting does not require it."""
    user = OfficeUserFactory()
    enrolled(user)

    password_login(client, user)
    response = client.get(reverse("accounts:staff_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert "next=%2Faccounts%2Fstaff%2F" in response["Location"]


def test_a_wrong_code_is_refused_and_audited(client, required):
    user = AgencyUserFactory()
    device, _ = enrolled(user)
    password_login(client, user)
    wrong = f"{(int(code_of(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:otp_verify"), {"code": wrong})

    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert client.get(reverse("accounts:inbox")).status_code == 302
    assert AuditEntry.objects.filter(action="otp.failed", actor=user).count() == 1


def test_wrong_codes_are_throttled(client, required):
    user = AgencyUserFactory()
    device, _ = enrolled(user)
    password_login(client, user)
    client.post(reverse("accounts:otp_verify"), {"code": "000001"})

    # The right code straight after a failure must wait (1 s, then 2, 4 …).
    response = client.post(reverse("accounts:otp_verify"), {"code": code_of(device)})

    assert response.status_code == 429
    assert "稍候" in response.content.decode()
    assert client.get(reverse("accounts:inbox")).status_code == 302


def test_codes_refused_by_the_throttle_write_no_audit_entry_each(client, required):
    user = AgencyUserFactory()
    device, _ = enrolled(user)
    password_login(client, user)
    client.post(reverse("accounts:otp_verify"), {"code": "000001"})
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=10)  # now a 512 s delay

    for _ in range(20):  # a flood during the delay: refused unchecked
        assert client.post(reverse("accounts:otp_verify"), {"code": "000002"}).status_code == 429

    assert AuditEntry.objects.filter(action="otp.failed", actor=user).count() == 1


def test_the_right_totp_code_lets_in_and_goes_on_to_next(client, required):
    user = ExpertUserFactory()
    device, _ = enrolled(user)
    password_login(client, user)

    response = client.post(reverse("accounts:otp_verify"), {"code": code_of(device), "next": "/accounts/inbox/"})

    assert response.status_code == 302 and response["Location"] == "/accounts/inbox/"
    assert client.get(reverse("accounts:inbox")).status_code == 200
    assert signin.SESSION_OTP_STATE not in client.session
    assert int(client.session[SESSION_KEY]) == user.pk


def test_the_same_totp_code_does_not_work_twice(client, required):
    user = ExpertUserFactory()
    device, _ = enrolled(user)
    code = code_of(device)
    password_login(client, user)
    client.post(reverse("accounts:otp_verify"), {"code": code})
    client.post(reverse("accounts:logout"))
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)

    password_login(client, user)
    response = client.post(reverse("accounts:otp_verify"), {"code": code})

    assert response.status_code == 400


def test_an_offsite_next_is_ignored(client, required):
    user = ExpertUserFactory()
    device, _ = enrolled(user)
    password_login(client, user)

    response = client.post(reverse("accounts:otp_verify"), {"code": code_of(device), "next": "https://evil.example/"})

    assert response["Location"] == reverse("accounts:dashboard")


def test_a_recovery_code_works_once(client, required):
    user = SupervisorUserFactory()
    _, codes = enrolled(user)
    code = twofactor.recovery_code_display(codes[0])

    password_login(client, user)
    first = client.post(reverse("accounts:otp_verify"), {"code": code.upper()})
    assert first.status_code == 302
    assert client.get(reverse("accounts:inbox")).status_code == 200
    client.post(reverse("accounts:logout"))

    password_login(client, user)
    second = client.post(reverse("accounts:otp_verify"), {"code": code})

    assert second.status_code == 400
    assert client.get(reverse("accounts:inbox")).status_code == 302
    used = AuditEntry.objects.get(action="otp.recovery_used")
    assert used.actor == user and used.detail == {"left": 9}


def test_status_and_regenerated_recovery_codes_replace_the_old_ones(client):
    user = OfficeUserFactory()
    _, old_codes = enrolled(user)
    client.force_login(user)  # a signed-in session that has given its code:
    session = client.session
    session.pop(signin.SESSION_OTP_STATE, None)
    session.save()

    status = client.get(reverse("accounts:account_security"))
    assert status.status_code == 200 and "剩余恢复码" in status.content.decode()
    asked = client.post(reverse("accounts:otp_recovery_regenerate"))
    assert asked.status_code == 200 and "原有的恢复码将立即全部失效" in asked.content.decode()
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(old_codes)

    token = confirmation_token(user=user, action="otp.recovery_regenerate", key=user.pk)
    done = client.post(reverse("accounts:otp_recovery_regenerate"), {FIELD: token})

    new_codes = {code.replace("-", "") for code in done.context["codes"]}
    assert len(new_codes) == 10 and not new_codes & set(old_codes)
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == new_codes
    assert AuditEntry.objects.filter(action="otp.recovery_regenerated", actor=user).count() == 1


def test_an_unverified_session_cannot_regenerate_codes_or_re_enrol(client):
    user = OfficeUserFactory()
    enrolled(user)
    password_login(client, user)

    for url in (reverse("accounts:otp_enrol"), reverse("accounts:otp_qr")):
        assert client.get(url)["Location"].startswith(reverse("accounts:otp_verify")), url
    assert client.post(reverse("accounts:otp_recovery_regenerate"))["Location"].startswith(
        reverse("accounts:otp_verify"))
