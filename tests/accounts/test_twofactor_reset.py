"""The office resets a person's second factor (issue 11): a reason, the confirmation page, then the devices are
gone, the audit log says who, whom and why, and the person is told; nobody else may, not oneself, and a POST
without the confirmation changes nothing."""
import pytest
from django.contrib.sessions.models import Session
from django.test import Client, TestCase
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import signin, twofactor
from accounts.confirmation import FIELD, confirmation_token
from accounts.models import AuditEntry, Notification
from accounts.refusals import WorkflowError
from accounts.signin_views import RESET_ACTION
from tests.accounts.test_twofactor import code_of, password_login
from tests.factories.accounts import (
    AgencyUserFactory,
    ExpertUserFactory,
    IndividualFactory,
    LeadingGroupUserFactory,
    OfficeUserFactory,
    SupervisorUserFactory,
)

pytestmark = pytest.mark.django_db

REASON = "本人来电:手机丢失,恢复码已用完;已电话核实身份。"


def enrol(user):
    device = twofactor.enrolment_device(user)
    confirmed, codes = twofactor.enrolment_confirm(user=user, code=code_of(device))
    assert confirmed is not None
    return confirmed, codes


def devices_of(user):
    return TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count()


def url_for(user):
    return reverse("accounts:otp_reset", args=[user.pk])


def confirmed_post(client, office, target, reason=REASON):
    token = confirmation_token(user=office, action=RESET_ACTION, key=target.pk)
    return client.post(url_for(target), {"reason": reason, FIELD: token})


def test_office_resets_a_supervisors_second_factor_end_to_end(client, settings):
    office, person = OfficeUserFactory(), SupervisorUserFactory(full_name="王监督")
    enrol(person)
    client.force_login(office)

    page = client.get(url_for(person))
    confirm = client.post(url_for(person), {"reason": REASON})
    kept = devices_of(person)
    done = confirmed_post(client, office, person)

    assert page.status_code == 200 and "已绑定" in page.content.decode()
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "身份验证器和全部恢复码" in html and "重新绑定" in html and "不能撤销" in html and REASON in html
    assert kept == 2  # the confirmation page alone removed nothing
    assert done.status_code == 302 and devices_of(person) == 0
    assert StaticToken.objects.filter(device__user=person).count() == 0
    entry = AuditEntry.objects.get(action="otp.reset")
    assert entry.actor_id == office.pk and entry.object_id == str(person.pk)
    assert entry.detail["reason"] == REASON and entry.detail["recovery_codes"] == settings.OTP_RECOVERY_CODE_COUNT
    notice = Notification.objects.get(recipient=person, event="account.otp_reset")
    assert REASON in notice.body and "重新绑定" in notice.body
    assert notice.link == reverse("accounts:account_security")
    after = client.get(url_for(person)).content.decode()
    assert "已重置“" in after and "尚未绑定身份验证器,无需重置" in after

    # At the next sign-in the person must enrol again.
    settings.OTP_REQUIRED = True
    client.logout()
    password_login(client, person)
    assert client.session[signin.SESSION_OTP_STATE] == signin.OTP_ENROL
    assert client.get(reverse("accounts:inbox"))["Location"].startswith(reverse("accounts:otp_enrol"))


def test_the_reset_signs_the_person_out_everywhere(client):
    # A session already signed in with the lost phone's code ends with the reset; other people's do not.
    office, person, other = OfficeUserFactory(), ExpertUserFactory(), ExpertUserFactory()
    enrol(person)
    theirs, others = Client(), Client()
    theirs.force_login(person)
    others.force_login(other)
    signed_in = theirs.session.session_key
    assert Session.objects.filter(session_key=signed_in).exists()
    client.force_login(office)

    confirmed_post(client, office, person)

    assert not Session.objects.filter(session_key=signed_in).exists()
    assert theirs.get(reverse("accounts:inbox"))["Location"].startswith(reverse("accounts:login"))
    assert others.get(reverse("accounts:inbox")).status_code == 200
    assert AuditEntry.objects.get(action="otp.reset").detail["sessions_ended"] == 1


def test_a_post_without_the_confirmation_only_shows_the_confirmation_again(client):
    office, person = OfficeUserFactory(), AgencyUserFactory()
    enrol(person)
    client.force_login(office)

    for _ in range(3):
        response = client.post(url_for(person), {"reason": REASON, FIELD: "forged-token"})
        assert response.status_code == 200 and "确认重置" in response.content.decode()

    assert devices_of(person) == 2
    assert not AuditEntry.objects.filter(action="otp.reset").exists()


def test_replaying_the_confirmed_post_resets_once(client):
    office, person = OfficeUserFactory(), ExpertUserFactory()
    enrol(person)
    client.force_login(office)

    confirmed_post(client, office, person)
    enrol(person)  # the person enrolled a new phone meanwhile
    token = confirmation_token(user=office, action=RESET_ACTION, key=person.pk)
    other = LeadingGroupUserFactory()
    enrol(other)
    # the token is for this person only: posted to another person's page it only shows the confirmation
    misdirected = client.post(url_for(other), {"reason": REASON, FIELD: token})

    assert "确认重置" in misdirected.content.decode() and devices_of(other) == 2
    assert AuditEntry.objects.filter(action="otp.reset").count() == 1


@pytest.mark.parametrize("reason", ["", "   \n  "])
def test_a_reason_is_required(client, reason):
    office, person = OfficeUserFactory(), SupervisorUserFactory()
    enrol(person)
    client.force_login(office)

    response = confirmed_post(client, office, person, reason=reason)

    assert response.status_code == 400
    assert "请填写重置的原因。" in response.content.decode()
    assert devices_of(person) == 2


def test_the_office_cannot_reset_its_own_second_factor(client):
    office = OfficeUserFactory()
    client.force_login(office)
    enrol(office)  # after signing in, as on the enrolment page

    page = client.get(url_for(office))
    post = confirmed_post(client, office, office)

    assert "不能重置自己的双因素认证" in page.content.decode()
    assert 'name="reason"' not in page.content.decode()
    assert post.status_code == 400 and devices_of(office) == 2
    with pytest.raises(WorkflowError):
        twofactor.two_factor_reset(target=office, by=office, reason=REASON)


def test_a_colleague_in_the_office_may_reset_an_office_account(client):
    office, colleague = OfficeUserFactory(), OfficeUserFactory()
    enrol(colleague)
    client.force_login(office)

    confirmed_post(client, office, colleague)

    assert devices_of(colleague) == 0


@pytest.mark.parametrize("factory", [AgencyUserFactory, SupervisorUserFactory, LeadingGroupUserFactory,
                                     ExpertUserFactory, lambda: IndividualFactory().user])
def test_nobody_but_the_office_may_reset(client, factory):
    actor, person = factory(), SupervisorUserFactory()
    enrol(person)
    client.force_login(actor)

    page = client.get(url_for(person))
    token = confirmation_token(user=actor, action=RESET_ACTION, key=person.pk)
    post = client.post(url_for(person), {"reason": REASON, FIELD: token})

    assert page.status_code == 403 and post.status_code == 403
    assert devices_of(person) == 2
    with pytest.raises(WorkflowError):
        twofactor.two_factor_reset(target=person, by=actor, reason=REASON)


def test_anonymous_is_sent_to_sign_in(client):
    person = SupervisorUserFactory()
    enrol(person)

    response = client.post(url_for(person), {"reason": REASON})

    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert devices_of(person) == 2


def test_an_applicant_or_a_person_without_a_device_has_nothing_to_reset(client):
    office = OfficeUserFactory()
    client.force_login(office)

    applicant = client.get(url_for(IndividualFactory().user)).content.decode()
    bare = client.get(url_for(SupervisorUserFactory())).content.decode()

    assert "不使用本系统的双因素认证" in applicant
    assert "尚未绑定身份验证器,无需重置" in bare
    assert client.get(reverse("accounts:otp_reset", args=[999999])).status_code == 404


def test_the_staff_list_links_to_the_reset_page_for_others_only(client):
    office, person = OfficeUserFactory(), SupervisorUserFactory()
    client.force_login(office)

    html = client.get(reverse("accounts:staff_list")).content.decode()

    assert url_for(person) in html and url_for(office) not in html


def test_the_person_is_told_by_e_mail_through_the_outbox(client, mailoutbox):
    office, person = OfficeUserFactory(), SupervisorUserFactory(email="sup@example.cn")
    enrol(person)
    client.force_login(office)

    with TestCase.captureOnCommitCallbacks(execute=True):
        confirmed_post(client, office, person)

    [mail] = mailoutbox
    assert mail.to == ["sup@example.cn"] and "双因素认证已被办公室重置" in mail.subject
    assert REASON in mail.body
