"""Sign-in controls (issue 11): login throttling per username and address, the staff password policy, the staff
idle timeout and expiry at browser close."""
import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import signin
from accounts.models import Role, User
from accounts.passwords import RoleMinimumLengthValidator, StaffPasswordValidator
from tests.factories.accounts import (
    PASSWORD,
    AgencyUserFactory,
    ExpertUserFactory,
    LeadingGroupUserFactory,
    OfficeUserFactory,
    OrganizationFactory,
    RecommenderUserFactory,
    SupervisorUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"
OFFICE_NAT = "203.0.113.7"  # one county office behind one NAT
ELSEWHERE = "198.51.100.20"


def login_post(client, username, password, ip=OFFICE_NAT):
    return client.post(reverse(LOGIN), {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in(client):
    return SESSION_KEY in client.session


# --- throttling ----------------------------------------------------------------------------------------------------


def fail_until_locked(client, username, ip=OFFICE_NAT):
    responses = [login_post(client, username, "wrong-password", ip) for _ in range(settings.AXES_FAILURE_LIMIT)]
    return responses


def test_five_wrong_passwords_lock_the_username_at_this_address_even_for_the_right_one(client):
    user = OfficeUserFactory(username="wang-office")

    responses = fail_until_locked(client, user.username)

    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429
    refused = login_post(client, user.username, PASSWORD)
    assert refused.status_code == 429
    assert not logged_in(client)
    page = refused.content.decode()
    assert "登录暂时受限" in page and "以后再试" in page
    assert refused["Retry-After"] == str(30 * 60)


def test_the_lockout_page_says_when_to_try_again(client):
    user = OfficeUserFactory()
    fail_until_locked(client, user.username)

    response = login_post(client, user.username, PASSWORD)

    retry_at = response.context["retry_at"]
    assert retry_at.strftime("%Y年%-m月%-d日 %H:%M") in response.content.decode()
    assert datetime.timedelta(minutes=29) < retry_at - datetime.datetime.now(retry_at.tzinfo) <= (
        datetime.timedelta(minutes=30)
    )


def test_a_colleague_behind_the_same_address_still_logs_in(client):
    typist = OfficeUserFactory()
    colleague = OfficeUserFactory()
    fail_until_locked(client, typist.username)

    response = login_post(client, colleague.username, PASSWORD)

    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == colleague.pk


def test_the_same_username_from_another_address_still_logs_in(client):
    user = SupervisorUserFactory()
    fail_until_locked(client, user.username)

    response = login_post(client, user.username, PASSWORD, ip=ELSEWHERE)

    assert response.status_code == 302
    assert int(client.session[SESSION_KEY]) == user.pk


def test_the_username_is_counted_whatever_its_case(client):
    user = OfficeUserFactory(username="li-office")
    for variant in ("li-office", "LI-OFFICE", "Li-Office", "li-OFFICE", "LI-office"):
        login_post(client, variant, "wrong-password")

    assert login_post(client, user.username, PASSWORD).status_code == 429


def test_a_locked_out_unknown_username_looks_like_a_known_one(client):
    """No account-existence leak: the page for a name nobody has is the page for a real account."""
    OfficeUserFactory(username="real-office")
    known = fail_until_locked(client, "real-office")[-1]
    unknown = fail_until_locked(client, "nobody-here")[-1]

    def page(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert known.status_code == unknown.status_code == 429
    assert page(known) == page(unknown)
    assert "real-office" not in page(known)


def test_the_lock_lifts_after_the_cool_off(client):
    user = AgencyUserFactory()
    fail_until_locked(client, user.username)
    # Time moves on: the failures are now older than the cool-off.
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=31))

    response = login_post(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_a_success_before_the_limit_resets_the_count(client):
    user = OfficeUserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login_post(client, user.username, "wrong-password")
    assert login_post(client, user.username, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login_post(client, user.username, "wrong-password")

    assert login_post(client, user.username, PASSWORD).status_code == 302


def test_a_request_without_an_address_is_limited_all_the_same(client):
    user = OfficeUserFactory()
    fail_until_locked(client, user.username, ip="not-an-ip")

    assert login_post(client, user.username, PASSWORD, ip="not-an-ip").status_code == 429


def test_the_admin_login_is_throttled_too(client):
    admin = UserFactory(username="root", role="", is_staff=True, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": "root", "password": "nope"}, REMOTE_ADDR=OFFICE_NAT)

    response = client.post("/admin/login/?next=/admin/", {"username": admin.username, "password": PASSWORD},
                           REMOTE_ADDR=OFFICE_NAT)

    assert response.status_code == 429


def test_client_login_in_tests_still_works(client):
    """A call without a request (Client.login) is not throttled and still logs in."""
    user = OfficeUserFactory()

    assert client.login(username=user.username, password=PASSWORD)


# --- password policy -----------------------------------------------------------------------------------------------


STAFF_ROLES = [Role.OFFICE, Role.AGENCY, Role.EXPERT, Role.SUPERVISOR, Role.LEADING_GROUP, Role.RECOMMENDER]


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_bzqa2026_is_refused_for_every_staff_role(role):
    from django.contrib.auth.password_validation import validate_password

    with pytest.raises(ValidationError) as refused:
        validate_password("bzqa2026", User(username="someone", role=role))

    assert any("12" in message for message in refused.value.messages)


@pytest.mark.parametrize(
    "password, why",
    [
        ("Short#2026a", "至少需要 12 个字符"),
        ("zhao-supervisor-2026", "不能包含用户名"),
        ("binzhou2026!!!", "过于常见"),
        ("Bzqa@2026-2026", "过于常见"),
        ("123456789012345", None),  # all digits: Django's own message
    ],
)
def test_weak_staff_passwords_are_refused_with_a_reason(password, why):
    from django.contrib.auth.password_validation import validate_password

    user = User(username="zhao-supervisor", full_name="赵监督", email="zhao@example.com", role=Role.SUPERVISOR)
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    if why:
        assert any(why in message for message in refused.value.messages), refused.value.messages


def test_applicants_keep_the_default_policy():
    from django.contrib.auth.password_validation import validate_password

    applicant = User(username="huanghe", role=Role.ORGANIZATION)
    validate_password("Yrd#2026q", applicant)  # 9 characters: fine for an applicant
    with pytest.raises(ValidationError):
        validate_password("Yrd#2026q", User(username="huanghe", role=Role.OFFICE))


def test_a_long_staff_password_passes():
    from django.contrib.auth.password_validation import validate_password

    validate_password("Yellow-River-Delta-9", User(username="zhao-supervisor", role=Role.SUPERVISOR))


def test_validators_without_a_user_apply_the_staff_rule():
    with pytest.raises(ValidationError):
        RoleMinimumLengthValidator().validate("Eleven#char")
    with pytest.raises(ValidationError):
        StaffPasswordValidator().validate("binzhou-2026-2026")


def test_the_office_cannot_create_a_staff_account_with_bzqa2026(client):
    office = OfficeUserFactory()
    client.force_login(office)

    response = client.post(reverse("accounts:staff_create"), {
        "role": Role.SUPERVISOR, "recommender": "", "full_name": "赵监督", "username": "zhao-supervisor",
        "email": "zhao@example.com", "password1": "bzqa2026", "password2": "bzqa2026",
    })

    assert response.status_code == 200
    assert "至少需要 12 个字符" in response.content.decode()
    assert not User.objects.filter(username="zhao-supervisor").exists()


def test_the_service_refuses_a_weak_staff_password_too():
    from accounts.services import staff_account_create

    with pytest.raises(ValidationError):
        staff_account_create(role=Role.AGENCY, username="agency-x", full_name="评审机构", email="a@example.com",
                             password="bzqa2026", by=OfficeUserFactory())
    assert not User.objects.filter(username="agency-x").exists()


@pytest.mark.parametrize("factory", [OfficeUserFactory, ExpertUserFactory, LeadingGroupUserFactory])
def test_staff_cannot_change_their_password_to_bzqa2026(client, factory):
    user = factory()
    client.force_login(user)

    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "bzqa2026", "new_password2": "bzqa2026",
    })

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_an_applicant_may_change_to_an_eight_character_password(client):
    user = OrganizationFactory(with_certification=True).user
    client.force_login(user)

    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Yrd#2026", "new_password2": "Yrd#2026",
    })

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Yrd#2026")


def test_an_invited_expert_cannot_set_bzqa2026(client):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    expert = ExpertUserFactory()
    expert.set_unusable_password()
    expert.save()
    url = reverse("accounts:password_set", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(expert.pk)), "token": default_token_generator.make_token(expert),
    })
    form_url = client.get(url)["Location"]

    response = client.post(form_url, {"new_password1": "bzqa2026", "new_password2": "bzqa2026"})

    assert response.status_code == 200
    assert "至少需要 12 个字符" in response.content.decode()
    expert.refresh_from_db()
    assert not expert.has_usable_password()


# --- idle timeout and browser close --------------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    """The idle check's clock, moved forward by the test."""
    state = {"now": 1_800_000_000}
    monkeypatch.setattr(signin, "clock", lambda: state["now"])
    return state


def test_sessions_end_when_the_browser_closes():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


@pytest.mark.parametrize("factory", [OfficeUserFactory, AgencyUserFactory, ExpertUserFactory,
                                     SupervisorUserFactory, LeadingGroupUserFactory, RecommenderUserFactory])
def test_a_staff_session_ends_after_30_idle_minutes_with_a_message(client, clock, factory):
    client.force_login(factory())
    assert client.get(reverse("accounts:inbox")).status_code == 200

    clock["now"] += 31 * 60
    response = client.get(reverse("accounts:inbox"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse(LOGIN))
    assert not logged_in(client)
    assert "已自动退出" in response.content.decode()


def test_requests_keep_a_staff_session_alive(client, clock):
    client.force_login(OfficeUserFactory())
    for _ in range(4):
        clock["now"] += 20 * 60
        assert client.get(reverse("accounts:inbox")).status_code == 200

    assert logged_in(client)


def test_the_timeout_is_configurable(client, clock, settings):
    settings.STAFF_IDLE_TIMEOUT_MINUTES = 5
    client.force_login(OfficeUserFactory())

    clock["now"] += 6 * 60

    assert client.get(reverse("accounts:inbox")).status_code == 302
    assert not logged_in(client)


def test_applicants_are_not_timed_out(client, clock):
    client.force_login(OrganizationFactory(with_certification=True).user)

    clock["now"] += 3 * 3600

    assert client.get(reverse("accounts:inbox")).status_code == 200
    assert logged_in(client)
